"""Number words that are no figure or a vague one: compounds ("a six-speed gearbox"), "one"
as a pronoun or idiom ("the same one", "no one"), names ("BBC One"), "a dozen" and "dozens".
"""

from __future__ import annotations

from .figure_base import (
    VAGUE,
    interval,
)
from .figure_fractions import FractionReader
from .figure_nouns import (
    _plural_head,
)
from .lexicon import (
    ADJECTIVE_COMPOUND_HEADS,
    DURATION_UNITS,
    MEASURE_UNITS,
    NOUN_STOP,
)
from .numbers import DENOMINATORS, SCALES, SMALL
from .types import ABOUT, RANGE

# After these "one" is a pronoun: "the same one", "no one", "this one", "every one".
PRONOUN_ONE_BEFORE = frozenset(
    [
        "same",
        "this",
        "that",
        "which",
        "each",
        "every",
        "no",
        "any",
        "another",
        "little",
        "other",
        "last",
        "next",
        "new",
        "right",
        "wrong",
        "big",
    ]
)
# "the one that", "the one who": a pronoun, not a count.
PRONOUN_ONE_AFTER = frozenset(
    ["that", "who", "which", "where", "whose", "when", "i", "you", "he", "she", "we", "they", "is", "was"]
)
# Names that take a number word: "Formula One", "Channel Four", "Apollo Eleven".
NAMES_WITH_NUMBERS = frozenset(["formula", "channel", "radio", "apollo", "gemini", "force", "war"])
# Heads after a number word and a dash that keep it a figure: "two-thirds", "five-year".
NOT_COMPOUND_HEADS = frozenset(["and", "or", "to", "in", "year", "old", "month", "week", "day", "hour", "thirds"])


class NumberWordReader(FractionReader):
    """Number words read apart from digits.

    >>> from factcheck.core.tokens import tokenize
    >>> from factcheck.core.config import ExtractionConfig
    >>> t = tokenize("a six-speed gearbox, the same one, BBC One")
    >>> r = NumberWordReader(t, 0, len(t), ExtractionConfig())
    >>> r.adjective_compound(1), r.pronoun_one(8), r.name_with_number(11)
    (True, True, True)
    """

    __slots__ = ()

    def adjective_compound(self, i: int) -> bool:
        """ "one-time rivals", "a three-way race", "a one-off payment": the number word
        is part of an adjective, not a count."""
        words, low, hi = self.words, self.low, self.hi
        if not (i + 2 < hi and words[i + 1] == "-" and self.glued(i, i + 1) and self.glued(i + 1, i + 2)):
            return False
        head = low[i + 2]
        if head in ADJECTIVE_COMPOUND_HEADS:
            return True
        # "a six-speed gearbox", "a four-cylinder engine", "a three-bed flat": a number word
        # and a singular noun make an adjective before another noun
        return (
            low[i] in SMALL
            and head.isalpha()
            and not (i + 3 < hi and words[i + 3] == "-")  # "two-year-old", "four-and-a-half"
            and head not in SMALL
            and head not in SCALES
            and head not in DENOMINATORS
            and head not in DURATION_UNITS
            and head not in MEASURE_UNITS
            and head not in NOT_COMPOUND_HEADS
            and not _plural_head(head)
            and i + 3 < hi
            and words[i + 3][:1].isalpha()
            and words[i + 3].islower()
            and low[i + 3] not in NOUN_STOP
        )

    def pronoun_one(self, i: int) -> bool:
        """ "the same one", "the one that", "no one", "at one point", "one by one": "one"
        as a pronoun or in an idiom, not a count."""
        low, hi = self.low, self.hi
        prev = low[i - 1] if i > self.lo else ""
        nxt = low[i + 1] if i + 1 < hi else ""
        if prev in PRONOUN_ONE_BEFORE:
            return True
        if prev == "the" and (nxt in PRONOUN_ONE_AFTER or not nxt[:1].isalpha()):
            return True
        if prev == "at" and nxt in ("point", "time", "stage", "moment"):
            return True
        if prev == "by" and i - 2 >= self.lo and low[i - 2] == "one":
            return True
        return nxt == "by" and i + 2 < hi and low[i + 2] == "one"

    def name_with_number(self, i: int) -> bool:
        """ "BBC One", "Formula One", "Channel Four": a capitalised number word after an
        acronym or a name that numbers things is part of a name."""
        words = self.words
        if i == self.lo or not words[i][:1].isupper() or words[i][:1].isdigit():
            return False
        prev = words[i - 1]
        return (prev.isalpha() and prev.isupper() and len(prev) >= 2 and self.config.currencies.sign(prev) is None) or (
            self.low[i - 1] in NAMES_WITH_NUMBERS and prev[:1].isupper()
        )

    # -- "a woman died", "a dozen", "a gallon" -----------------------------------

    def dozen_at(self, i: int, end: int, value: float) -> int:
        """ "a dozen" (about 12), "half a dozen", "more than a dozen" (the qualifier wins)."""
        cfg = self.config
        ratio = value / 12.0
        qual, qual_start = self.qualifier_before(i)
        if qual_start is None or qual == RANGE:
            self.add(i, end, value, cfg.dozen_low * ratio, cfg.dozen_high * ratio, ABOUT, "count", None, None, i)
        else:
            low_v, high_v = interval(value, qual, cfg)
            self.add(qual_start, end, value, low_v, high_v, qual, "count", None, None, i)
        return self.finish_count(len(self.hits) - 1, end)

    # -- numbers -----------------------------------------------------------------

    def vague_at(self, i: int) -> int:
        low, hi, cfg = self.low, self.hi, self.config
        lw = low[i]
        j = i + 1
        if lw == "tens" or lw == "hundreds" and j + 1 < hi and low[j] == "of" and low[j + 1] in VAGUE:
            if not (j + 1 < hi and low[j] == "of" and low[j + 1] in VAGUE):
                return i + 1
            mult = 10.0 if lw == "tens" else 100.0
            scale = VAGUE[low[j + 1]] * mult
            j += 2
        else:
            scale = VAGUE[lw]
        if i > self.lo and (self.words[i - 1][:1].isdigit() or low[i - 1] in SMALL or low[i - 1] == "the"):
            return i + 1
        a = cfg.vague_low_multiplier * scale
        b = cfg.vague_high_multiplier * scale - 1
        if scale == 20.0:  # "scores"
            a, b = 40.0, 199.0
        self.add(i, j, a, a, b, RANGE, "count", None, None, i)
        return self.finish_count(len(self.hits) - 1, j)
