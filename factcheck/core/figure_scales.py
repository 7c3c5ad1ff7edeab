"""Scales and ranges: "1.5 million", "2bn", "1.2m tons", "4 hundred million"; "10-15", "10 to 15",
"between 10 and 15", "two or three", "50 or 60 doctors", "four to five thousand"."""

from __future__ import annotations

from .figure_base import (
    DASHES,
    MINUS,
)
from .figure_changes import reported_change
from .figure_kinds import (
    KindReader,
)
from .figure_nouns import _plural_head
from .lexicon import (
    MONTHS,
)
from .numbers import DIGIT_SCALES, LETTER_SCALES, SCALES, SMALL, digit_value, parse_number

# Plural nouns after a glued "m" that make it metres, not millions ("the 100m hurdles").
METRE_EVENTS = frozenset(
    ("hurdles", "heats", "races", "relays", "finals", "sprints", "metres", "meters", "laps", "lengths", "events")
)


def _year_like(word: str) -> bool:
    return word.isdigit() and len(word) == 4 and 1800 <= int(word) <= 2100


class ScaleRangeReader(KindReader):
    """Scales after a number and the second end of a range.

    >>> from factcheck.core.tokens import tokenize
    >>> from factcheck.core.config import ExtractionConfig
    >>> t = tokenize("1.2m tons, 8 B people, 4 hundred million, 100m hurdles")
    >>> r = ScaleRangeReader(t, 0, len(t), ExtractionConfig())
    >>> r.scale_after(1, None), r.scale_after(5, None), r.scale_after(9, None), r.scale_after(13, None)
    ((1000000.0, 2), (1000000000.0, 6), (100000000.0, 11), (1.0, 13))
    """

    __slots__ = ()

    def scale_after(self, j: int, currency: str | None) -> tuple[float, int]:
        """(scale, end) of a scale right after digits ending at token ``j``: "1.5 million",
        "2bn", "$2.174T", "0.5k", "$5-billion", "1.2m tons", "8 B people", "4 hundred million".

        A lone letter is a scale only glued to the digits ("2bn", "0.5k") or where what
        follows is counted or money ("1.2m tons", "8 B people", "5 m dollars"), so "100m
        hurdles", "5 m/s" and "4 t" stay units.
        """
        words, low, hi = self.words, self.low, self.hi
        if (
            j + 1 < hi
            and words[j] in DASHES
            and self.glued(j - 1, j)
            and self.glued(j, j + 1)
            and low[j + 1] in DIGIT_SCALES
            and low[j + 1] not in LETTER_SCALES
        ):
            j += 1
        if j >= hi or low[j] not in DIGIT_SCALES:
            return 1.0, j
        g = low[j]
        if g in LETTER_SCALES:
            if j + 1 < hi and low[j + 1] in ("/", "per"):
                return 1.0, j
            glued = self.glued(j - 1, j)
            counted = self.counted_after(j + 1)
            if not (
                glued
                and (currency or g in ("k", "b"))
                or glued
                and g == "m"
                and counted
                or not glued
                and words[j] in ("B", "M")
                and counted
                or g in ("m", "b", "t")
                and currency is None
                and self.config.currencies.name_at(low, j + 1)
            ):
                return 1.0, j
        scale = DIGIT_SCALES[g]
        j += 1
        # "4 hundred million", "a hundred thousand": a larger scale word multiplies
        last = scale
        while j < hi and low[j] in SCALES and SCALES[low[j]] > last:
            last = SCALES[low[j]]
            scale *= last
            j += 1
        return scale, j

    def counted_after(self, k: int) -> bool:
        """Does what follows a scale letter name counted things or money ("tons", "people", "of")?"""
        if k >= self.hi:
            return False
        lk = self.low[k]
        if lk == "of":
            return True
        table = self.config.currencies
        if table.name_at(self.low, k) is not None or self.words[k] in table.codes:
            return True  # "5m dollars", "80m EUR"
        return self.words[k][:1].isalpha() and _plural_head(lk) and lk not in METRE_EVENTS

    def change_then_level(self, first: int) -> bool:
        """Does "X to Y" from token ``first`` follow "by" after a reported change ("rose by 12
        to 40", "climbed by 0.3 points to 5.1%"): a change and a level, never a range?"""
        low = self.low
        return first - 2 >= self.lo and low[first - 1] == "by" and reported_change(low[first - 2])

    def range_after(
        self, after: int, j: int, first: int, qual_start: int | None, start: int | None = None
    ) -> tuple[float, float, int, tuple[str, str, str, int] | None, str | None] | None:
        """The other end of a range starting at token ``first`` ("10 to 15", "between 2 and 3
        million"); ``start`` is where the first end's words begin, its currency included ("$2m")."""
        words, low, hi = self.words, self.low, self.hi
        between = qual_start is not None and low[qual_start] == "between"
        for k in (j, after) if after != j else (j,):
            if k >= hi:
                continue
            c = low[k]
            m = k + 1
            if c in DASHES:
                if not (words[first][:1].isdigit() or low[first] in SMALL):
                    continue
            elif c == "to" and self.change_then_level(
                qual_start if qual_start is not None else first if start is None else start
            ):
                continue  # "the toll rose by 12 to 40": a change and the level it reached
            elif (
                c == "to"
                or (c == "and" and between)
                or (
                    c == "or"
                    and m < hi
                    and (low[first] in SMALL and low[m] in SMALL or self.digit_alternative(first, m))
                )
            ):
                pass
            elif c == "-" and m < hi and low[m] == "to":
                m += 1
            else:
                continue
            if c in DASHES and m < hi and low[m] == "to":
                m += 1
            neg = False
            if m < hi and words[m] in MINUS and m + 1 < hi and self.glued(m, m + 1):
                neg = True
                m += 1
            cur = None
            found = self.currency_at(m) if m < hi and not words[m][:1].isdigit() else None
            if found is not None:
                cur, m = found
            if m >= hi or not (words[m][:1].isdigit() or low[m] in SMALL):
                continue
            if words[first][:1].isdigit() != words[m][:1].isdigit() and c in DASHES:
                continue
            parsed = parse_number(words, low, self.starts, self.ends, m, hi, self.config.max_digits)
            if parsed is None:
                continue
            b, e = parsed
            b_unit = None
            # "2013-14": a season, not a range; "1-0": a score
            if (
                c in DASHES and len(words[first]) == 4 and len(words[m]) == 2 and 1800 <= float(words[first]) <= 2100
                if words[first].isdigit()
                else False
            ):
                return None
            if _year_like(words[first]) and not _year_like(words[m]):
                # "in 2019 to 2.4 million": the year is when, not one end of the range
                before = low[first - 1] if first > self.lo else ""
                if before in ("in", "since", "during", "by", "until") or "." in words[m] or e < hi and low[e] in SCALES:
                    return None
            b_scale = 1.0
            if (
                e < hi
                and low[e] in DIGIT_SCALES
                and low[e] not in LETTER_SCALES
                or e < hi
                and low[e] in DIGIT_SCALES
                and self.glued(e - 1, e)
                and (cur or low[e] in ("k", "bn", "b", "m"))
            ):
                b_scale = DIGIT_SCALES[low[e]]
                e += 1
                while e < hi and low[e] in SCALES and SCALES[low[e]] > b_scale:
                    b_scale *= SCALES[low[e]]
                    e += 1
            b *= b_scale
            if b_scale == 1.0 and not words[m][:1].isdigit() and e - 1 > m and low[e - 1] in SCALES:
                # "four to five thousand": the scale word ends the second number and covers both
                b_scale = SCALES[low[e - 1]]
            if neg:
                b = -b
            b_unit = self.unit_at(e, cur)
            a_unit = self.unit_at(j, None)
            a_cur = self.currency_before(first - 1, first) is not None
            if (cur is not None) != a_cur and not (cur and a_unit is None):
                continue
            if a_unit and b_unit and a_unit[0] != b_unit[0]:
                continue
            if a_unit and a_unit[1] in ("percent", "money") and b_unit is None:
                continue
            return b, b_scale, e, b_unit, cur
        return None

    def digit_alternative(self, first: int, m: int) -> bool:
        """ "50 or 60 doctors": two rising estimates of one count make a range, like "50 to 60".

        Only plain digits, the second larger and at most ten times the first, so a
        list ("1,234 or 56%") or a correction ("20 or 2") stays two figures, and
        never days ("on Dec. 1 or 2": two dates, not a day 1.5).
        """
        a, b = self.words[first], self.words[m]
        if not (a[:1].isdigit() and b[:1].isdigit()):
            return False
        p = first - 1
        if p > self.lo and self.words[p] == ".":
            p -= 1
        if p >= self.lo and self.low[p] in MONTHS:
            return False
        va, vb = digit_value(a), digit_value(b)
        return va is not None and vb is not None and 0 < va < vb <= 10 * va
