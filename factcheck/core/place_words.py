"""Place data for the extractor: which names read as places when they modify a noun, and
each country's capital. Built outside the core (``factcheck.places.place_words``) from the
gazetteer and passed in through :class:`~factcheck.core.config.ExtractionConfig`.

Keys are lower case, words joined by single spaces ("new york", "afghanistan").

>>> t = PlaceWords(modifiers=frozenset({"bucharest"}), capitals={"afghanistan": "Kabul"})
>>> "bucharest" in t.modifiers, t.capitals["afghanistan"]
(True, 'Kabul')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True, eq=False)
class PlaceWords:
    """``modifiers``: places that name where a thing is when written before a common noun
    ("a Bucharest nightclub"): countries, US states and big cities. ``capitals``: country
    -> its capital's name ("Afghanistan's capital" is Kabul). ``longest``: the most words
    in a modifier name."""

    modifiers: frozenset[str] = frozenset()
    capitals: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    longest: int = 3


NO_PLACE_WORDS = PlaceWords()
