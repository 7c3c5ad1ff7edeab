"""The pure claim-extraction core: strings in, frozen dataclasses out.

Nothing under ``factcheck.core`` imports Django, Celery or a database.

>>> from factcheck.core import extract_claims
>>> extract_claims("Russia fired 99 missiles, the military said.")[0].figures[0].metric
'missiles_launched'
"""

from .claims import extract_claims
from .config import ExtractionConfig
from .isolation import extract_claims_isolated
from .types import Claim, ExtractionFailure, Figure

__all__ = ["Claim", "ExtractionConfig", "ExtractionFailure", "Figure", "extract_claims", "extract_claims_isolated"]
