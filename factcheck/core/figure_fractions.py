"""Fractions and shares of a whole: "a third of", "half the", "two-thirds of", "one in three",
"one out of three" (each a share of the whole as written, unit "share": 2/3, which
``units.convert`` makes 66.7%), leading-dot decimals (".5 per cent") and
scientific notation ("6.02×10^23").

>>> from factcheck.core.tokens import tokenize
>>> from factcheck.core.figures import find_figures
>>> t = tokenize("About a third of voters, half the staff and one in four homes")
>>> [(round(h.value, 2), h.kind, h.qualifier) for h in find_figures(t, 0, len(t))]
[(0.33, 'percent', 'about'), (0.5, 'percent', 'exact'), (0.25, 'percent', 'exact')]
"""

from __future__ import annotations

import re

from .figure_base import interval
from .figure_scales import ScaleRangeReader
from .lexicon import DURATION_UNITS, MEASURE_UNITS
from .numbers import DENOMINATORS, SMALL, parse_number
from .types import EXACT, RANGE

# Words after "half" that make it half of a whole: "half the staff", "half of them".
HALF_OF = frozenset(("the", "of", "its", "their", "his", "her", "our", "all", "those", "these"))
TIMES_SIGNS = frozenset(("×", "x", "*"))
_EXPONENT = re.compile(r"[-−]?\d{1,3}")


class FractionReader(ScaleRangeReader):
    """Shares of a whole, and numbers written with a leading dot or a power of ten.

    >>> from factcheck.core.tokens import tokenize
    >>> from factcheck.core.config import ExtractionConfig
    >>> t = tokenize("6.02×10^23 and 10^9")
    >>> r = FractionReader(t, 0, len(t), ExtractionConfig())
    >>> r.power_of_ten(0, 1, 6.02), r.power_of_ten(6, 7, 10.0)
    ((6.02e+23, 5), (1000000000.0, 9))
    """

    __slots__ = ()

    def add_share(self, i: int, end: int, share: float) -> int:
        """Add a share (a fraction of the whole) over tokens ``i:end``, with the qualifier before it."""
        qual, qual_start = self.qualifier_before(i)
        if qual_start is None or qual == RANGE:
            qual, qual_start, low_v, high_v = EXACT, i, share, share
        else:
            low_v, high_v = interval(share, qual, self.config)
        self.add(qual_start, end, share, low_v, high_v, qual, "percent", "percent", "share", i)
        self.share_of(len(self.hits) - 1)
        return end

    def article_share(self, i: int) -> int | None:
        """ "a third of voters", "a quarter of the budget" (but "a quarter of an hour" is time);
        "a third" alone when it is a share of a whole named before it (``whole_before``)."""
        low, hi = self.low, self.hi
        if not (i + 2 < hi and low[i + 1] in DENOMINATORS and low[i + 1] != "half"):
            return None
        if low[i + 2] != "of" and not (self.stands_alone(i + 2) and self.whole_before(i) is not None):
            return None  # "Of the 40 hostages, a third were children", but not "a third man"
        if i + 3 < hi and low[i + 3] in ("a", "an"):
            return None
        return self.add_share(i, i + 2, 1.0 / DENOMINATORS[low[i + 1]])

    def half_share(self, i: int) -> int | None:
        """ "half the staff", "half of them", "nearly half its budget"; "half" alone of a whole named before."""
        if i + 1 < self.hi and self.low[i + 1] in HALF_OF:
            return self.add_share(i, i + 1, 0.5)
        if self.stands_alone(i + 1) and self.whole_before(i) is not None:
            return self.add_share(i, i + 1, 0.5)  # "Of the 40 hostages, half were freed"
        return None

    def share_after(self, i: int, j: int, value: float) -> tuple[float, int] | None:
        """(share, end) of a share of the whole read from the number at ``i:j``: "two-thirds of",
        "one in three", "1 out of 5"; None for any other number."""
        words, low, hi = self.words, self.low, self.hi
        fraction = j < hi and 0 < value < 1 and low[j - 1] in DENOMINATORS
        if fraction and (low[j] == "of" or (self.stands_alone(j) and self.whole_before(i) is not None)):
            return value, j  # "two-thirds of the budget", "Of the 90 staff, two-thirds were"
        if j + 1 < hi and low[j] == "out" and low[j + 1] == "of":
            m = j + 2
        elif j < hi and low[j] == "in" and (low[i] in SMALL or words[i].isdigit() and len(words[i]) <= 2):
            m = j + 1
        else:
            return None
        if m >= hi or not (words[m].isdigit() or low[m] in SMALL):
            return None
        parsed = parse_number(words, low, self.starts, self.ends, m, hi, self.config.max_digits)
        if parsed is None:
            return None
        whole, e = parsed
        if not 0 < value < whole <= 1000 or (e < hi and (low[e] in DURATION_UNITS or low[e] in MEASURE_UNITS)):
            return None
        return value / whole, e

    def leading_dot(self, i: int) -> bool:
        """Is the number at token ``i`` written with a leading dot (".5 per cent")?"""
        words, lo = self.words, self.lo
        d = i - 1
        return (
            d >= lo
            and words[d] == "."
            and words[i].isdigit()
            and self.glued(d, i)
            and (d == lo or not self.glued(d - 1, d) or not words[d - 1][:1].isalnum())
        )

    def power_of_ten(self, i: int, j: int, value: float) -> tuple[float, int] | None:
        """(value, end) of scientific notation from the number at ``i:j``: "6.02×10^23", "10^9"."""
        words, hi = self.words, self.hi
        k = j
        if k + 1 < hi and words[k] in TIMES_SIGNS and words[k + 1] == "10":
            k += 1
            base = value
        elif words[i] == "10" and j == i + 1:
            k = i
            base = 1.0
        else:
            return None
        if not (k + 2 < hi and words[k + 1] == "^" and self.glued(k, k + 1) and self.glued(k + 1, k + 2)):
            return None
        exponent = words[k + 2]
        end = k + 3
        if exponent in ("-", "−") and end < hi and self.glued(k + 2, end):
            exponent, end = "-" + words[end], end + 1
        if not _EXPONENT.fullmatch(exponent):
            return None
        return base * 10.0 ** int(exponent.replace("−", "-")), end
