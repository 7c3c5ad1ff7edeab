"""The pure claim-extraction core: strings in, frozen dataclasses out.

Nothing under ``factcheck.core`` imports Django, Celery or a database.

>>> from factcheck.core import extract_claims
>>> extract_claims("Russia fired 99 missiles, the military said.")[0].figures[0].metric
'missiles_launched'
"""

from .claims import extract_claims
from .config import ExtractionConfig
from .types import Claim, Figure

__all__ = ["Claim", "ExtractionConfig", "Figure", "extract_claims"]
