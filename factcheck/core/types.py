"""Frozen value types shared by the pure core.

Everything under ``factcheck.core`` takes strings and returns these
dataclasses; nothing here knows about Django, Celery, a database or a clock.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

# Qualifiers, as in the BRIEF's output contract.
EXACT = "exact"
AT_LEAST = "at_least"
MORE_THAN = "more_than"
AT_MOST = "at_most"
FEWER_THAN = "fewer_than"
ABOUT = "about"
NEARLY = "nearly"
RANGE = "range"
QUALIFIERS = (EXACT, AT_LEAST, MORE_THAN, AT_MOST, FEWER_THAN, ABOUT, NEARLY, RANGE)

# Kinds of figure. Only counts, money, percents and measures are comparable
# facts; ages, durations, dates and ordinals are context.
KINDS = ("count", "money", "percent", "measure", "duration", "age", "date", "ordinal")

INF = math.inf


@dataclass(frozen=True, slots=True)
class Figure:
    """One number in a claim, normalised to an interval.

    ``low``/``high`` bound the interval; ``high`` is ``math.inf`` for open-ended
    figures ("more than 52"). Whether a bound is itself included follows from
    the qualifier: ``more_than`` excludes ``low``, ``fewer_than`` and ``nearly``
    exclude ``high``.
    """

    text: str
    start: int
    end: int
    value: float
    low: float
    high: float
    qualifier: str = EXACT
    kind: str = "count"
    metric: str | None = None
    unit: str | None = None
    change: str | None = None  # "up" | "down" | None
    subset_of: int | None = None  # index of the figure in the same claim this one is part of

    @property
    def low_inclusive(self) -> bool:
        return self.qualifier != MORE_THAN

    @property
    def high_inclusive(self) -> bool:
        return self.qualifier not in (FEWER_THAN, NEARLY) and self.high != INF

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _json_number(self.value)
        data["low"] = _json_number(self.low)
        data["high"] = _json_number(self.high)
        return data


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement (a sentence or clause) with its figures."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_role: str | None = None
    cue: str | None = None
    quote: str | None = None  # "direct" | "indirect" | None
    location: str | None = None
    event_date: date | None = None
    checkworthiness: float = 0.0
    reasons: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "speaker_role": self.speaker_role,
            "cue": self.cue,
            "quote": self.quote,
            "location": self.location,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "checkworthiness": round(self.checkworthiness, 3),
            "reasons": list(self.reasons),
            "figures": [f.as_json() for f in self.figures],
        }


def _json_number(x: float) -> float | int | None:
    """JSON has no infinity: an unbounded end is ``null``; whole numbers print as ints."""
    if math.isinf(x) or math.isnan(x):
        return None
    if float(x).is_integer() and abs(x) < 2**53:
        return int(x)
    return x


@dataclass(frozen=True, slots=True)
class ExtractionFailure:
    """A part of a document the extractor failed on: its character span and the error."""

    start: int
    end: int
    error: str

    def describe(self) -> str:
        return f"characters {self.start}-{self.end}: {self.error}"
