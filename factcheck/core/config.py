"""Thresholds for claim extraction, passed in as a value (never read from settings)."""

from __future__ import annotations

from dataclasses import dataclass

from .currency_table import DEFAULT_CURRENCIES, CurrencyTable
from .place_words import NO_PLACE_WORDS, PlaceWords


@dataclass(frozen=True, slots=True)
class ExtractionConfig:
    """Every tunable number of the extractor.

    >>> ExtractionConfig().about_band
    0.1
    """

    # "about 40" -> [40 * (1 - band), 40 * (1 + band)] = [36, 44]
    about_band: float = 0.1
    # "nearly 400" -> [400 * (1 - band), 400) = [360, 400)
    nearly_band: float = 0.1
    # "a dozen" (about twelve) and "half a dozen"
    dozen_low: float = 10.0
    dozen_high: float = 14.0
    # "dozens", "hundreds", "thousands": [low_mult * scale, high_mult * scale - 1],
    # so dozens -> [24, 119], hundreds -> [200, 999], tens of thousands -> [20000, 99999]
    vague_low_multiplier: float = 2.0
    vague_high_multiplier: float = 10.0
    # Sentences longer than this are cut into pieces (bounds the per-sentence work).
    max_sentence_chars: int = 3000
    # Digit strings longer than this are not figures (serial numbers, garbage).
    max_digits: int = 24
    # Claims below this check-worthiness are dropped (0 keeps everything produced).
    min_checkworthiness: float = 0.0
    # Keep sentences that have neither a figure nor an attribution (as low-scored claims).
    keep_plain_sentences: bool = False
    # Which signs, codes and names mark money (built from babel outside the core).
    currencies: CurrencyTable = DEFAULT_CURRENCIES
    # Which names read as places before a noun, and countries' capitals (from the gazetteer, outside the core).
    places: PlaceWords = NO_PLACE_WORDS
