"""Kinds other than counts: labels and identifiers, ages, times, dates and years."""

from __future__ import annotations

import re

from .figure_base import (
    AGE_LEFT,
    DASHES,
    MINUS,
    NOT_NAMES,
    NUMBERING_NOUNS,
    STREET_WORDS,
    TIME_SUFFIX,
    WEEKDAYS,
)
from .figure_changes import (
    QUALIFIER_FIRST,
)
from .figure_nouns import (
    _plural_head,
)
from .figure_shares import ShareReader
from .lexicon import (
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    MONTHS,
    NOUN_METRICS,
    NOUN_STOP,
    PEOPLE_NOUNS,
)
from .numbers import DIGIT_SCALES
from .types import EXACT, RANGE

_SEXAGESIMAL = re.compile(r"[0-5]\d(?:\.\d+)?")


class KindReader(ShareReader):
    __slots__ = ()

    def not_a_figure(self, i: int, j: int) -> str | None:
        """Is the number in tokens ``i:j`` a label (name, version, episode) or no figure at all?

        "iPhone 6", "Windows 10", "Boeing 777", "episode 5" are labels ("label": an
        ordinal, never a count); "3-2", "555-123-4567", "ZIP 90210", "10 Downing
        Street" are no figures ("skip"); None for a figure.
        """
        words, low, hi, lo = self.words, self.low, self.hi, self.lo
        w = words[i]
        if not w[:1].isdigit():
            return None
        p = i - 1
        unit = self.unit_at(j, None) if j < hi else None
        # identifiers: "510456172418517", "000000" (but "05:30" is a time)
        if w.isdigit() and (len(w) >= 10 or len(w) > 1 and w[0] == "0") and not (j < hi and words[j] == ":"):
            return "skip" if unit is None else None
        if p >= lo and unit is None:
            pw = words[p]
            lp = low[p]
            if lp in ("zip", "postcode", "zipcode") or (
                lp in ("code", "codes") and p - 1 >= lo and low[p - 1] in ("zip", "postal", "post", "area")
            ):
                return "skip"  # "ZIP 90210", "ZIP code 10001", "area code 212"
            if lp in NUMBERING_NOUNS:
                return "label"
            # a product, model or version: a capitalised name right before the number
            if (
                pw[:1].isalpha()
                and pw.isalpha()
                and not pw.islower()
                and (p > lo or not pw[:1].isupper() or not pw[1:].islower())
                and lp not in MONTHS
                and lp not in WEEKDAYS
                and lp not in NOUN_STOP
                and lp not in QUALIFIER_FIRST
                and lp not in CURRENCY_PREFIXES
                and lp not in CURRENCY_WORDS
                and self.config.currencies.sign(pw) is None
                and lp not in NOT_NAMES
                and not (j < hi and (low[j] in ("%", "percent", "per", "pct") or low[j] in DIGIT_SCALES))
                and not (j < hi and words[j][:1].isupper() and _plural_head(low[j]))
                and not (len(pw) == 2 and pw.isupper() and len(w) != 5)  # "US 5" (but "CA 90210" is a ZIP)
            ):
                return "skip" if len(pw) == 2 and pw.isupper() else "label"
        # dash-glued digit chains: "555-123-4567", "2014-05-03"; scores "3-2", "1-1"
        signed = p >= lo and words[p] in MINUS and self.glued(p, i)
        if j + 1 < hi and words[j] in DASHES and self.glued(j - 1, j) and self.glued(j, j + 1) and not signed:
            nxt = words[j + 1]
            if nxt.isdigit() and w.isdigit():
                if j + 3 < hi and words[j + 2] in DASHES and self.glued(j + 1, j + 2) and words[j + 3].isdigit():
                    return "skip"
                if len(w) <= 2 and len(nxt) <= 2 and int(nxt) <= int(w) and self.unit_at(j + 2, None) is None:
                    return "skip"
        # "(555) 123-4567"
        if (
            p - 1 >= lo
            and words[p] == ")"
            and words[p - 1].isdigit()
            and len(words[p - 1]) == 3
            and len(w) == 3
            and j + 1 < hi
            and words[j] in DASHES
            and len(words[j + 1]) == 4
        ):
            return "skip"
        # street addresses: "10 Downing Street", "221 Baker St"
        if "," not in w and "." not in w:
            k = j
            while k < min(hi, j + 4) and words[k][:1].isupper() and words[k].isalpha():
                if low[k] in STREET_WORDS and k > j:
                    return "skip"
                k += 1
        return None

    def race_time(self, first: int, j: int) -> tuple[float, int] | None:
        """(seconds, end) of a lap or race time from token ``first``: "1:32.5" (a decimal
        second) or "2:05:31" (three parts); "10:30" stays a time of day.

        >>> from factcheck.core.tokens import tokenize
        >>> from factcheck.core.config import ExtractionConfig
        >>> t = tokenize("in 1:32.5 and 2:05:31 at 10:30")
        >>> r = KindReader(t, 0, len(t), ExtractionConfig())
        >>> r.race_time(1, 2), r.race_time(5, 6), r.race_time(11, 12)
        ((92.5, 4), (7531.0, 10), None)
        """
        words, hi = self.words, self.hi
        if not words[first].isdigit():
            return None
        parts = [words[first]]
        k = j
        while (
            k + 1 < hi
            and words[k] == ":"
            and self.glued(k - 1, k)
            and self.glued(k, k + 1)
            and _SEXAGESIMAL.fullmatch(words[k + 1])
            and "." not in parts[-1]
        ):
            parts.append(words[k + 1])
            k += 2
        if len(parts) < 2 or (len(parts) == 2 and "." not in parts[-1]):
            return None
        if "." not in parts[-1] and (int(parts[0]) >= 4 or first > self.lo and self.low[first - 1] == "at"):
            return None  # "at 10:32:25": a clock time with seconds, not a race
        seconds = 0.0
        for part in parts:
            seconds = seconds * 60 + float(part)
        return seconds, k

    def classify(
        self,
        span_start: int,
        first: int,
        j: int,
        after: int,
        value: float,
        low_v: float,
        high_v: float,
        qual: str,
        currency: str | None,
        unit_info: tuple[str, str, str, int] | None,
    ) -> int:
        words, low, hi = self.words, self.low, self.hi
        end = after
        # ages: "a 91-year-old woman", "79 years old", "aged 56", "Galina Soloviova, 79,"
        if unit_info and unit_info[0] in ("years", "months", "weeks", "days"):
            u = unit_info[3]
            if u + 1 < hi and low[u] in DASHES and low[u + 1] == "old":
                self.add(span_start, u + 2, value, low_v, high_v, qual, "age", "age", unit_info[0], first)
                return u + 2
            if u < hi and low[u] == "old":
                self.add(span_start, u + 1, value, low_v, high_v, qual, "age", "age", unit_info[0], first)
                return u + 1
        if first - 1 >= self.lo and low[first - 1] in AGE_LEFT and not unit_info:
            self.add(span_start, j, value, low_v, high_v, qual, "age", "age", "years", first)
            return j
        if currency is not None or (unit_info and unit_info[1] == "money"):
            unit = currency or (unit_info[0] if unit_info else None)
            self.add(span_start, end, value, low_v, high_v, qual, "money", "money", unit, first)
            return self.with_change(len(self.hits) - 1, end)
        if unit_info is not None:
            unit, kind, metric, _ = unit_info
            self.add(span_start, end, value, low_v, high_v, qual, kind, metric, unit, first)
            if kind == "percent":
                self.share_of(len(self.hits) - 1)  # "40% of homes were destroyed"
            return self.with_change(len(self.hits) - 1, end)
        w = words[first]
        # lap and race times: "a lap of 1:32.5", "won in 2:05:31" (a duration, never a count of 1)
        race = self.race_time(first, j)
        if race is not None:
            seconds, e = race
            self.add(span_start, e, seconds, seconds, seconds, EXACT, "duration", "duration", "seconds", first)
            return e
        # times: "2 pm", "2.17pm", "10:30"
        frac = w.partition(".")[2]
        clock = not frac or (len(frac) == 2 and frac < "60")  # "2.17pm" is a time, "2.123 pm" is not
        if (
            clock
            and j < hi
            and (low[j] in TIME_SUFFIX or (low[j] in ("a", "p") and j + 1 < hi and words[j + 1] == "."))
        ):
            e = j + 1
            while e < hi and words[e] == "." and e + 1 < hi and low[e + 1] in ("m",):
                e += 2
            self.add(span_start, e, value, value, value, EXACT, "date", "time", "time", first)
            return e
        if (
            j + 1 < hi
            and words[j] == ":"
            and words[j + 1].isdigit()
            and len(words[j + 1]) == 2
            and self.glued(j - 1, j)
        ):
            self.add(span_start, j + 2, value, value, value, EXACT, "date", "time", "time", first)
            return j + 2
        # dates: "Jan. 5", "January 5, 2024", "5 January"
        prev = first - 1
        if prev >= self.lo and words[prev] == "." and prev - 1 >= self.lo:
            prev -= 1
        # "June 3 to 5" is days 3 to 5 from day 3, never a day 4
        days = (low_v, low_v, high_v, RANGE) if qual == RANGE else (value, value, value, EXACT)
        if prev >= self.lo and low[prev] in MONTHS and words[prev][:1].isupper() and w.isdigit() and len(w) <= 2:
            self.add(prev, j, *days, "date", "date", "day", first)
            return j
        if w.isdigit() and len(w) <= 2 and self.month_at(j):
            self.add(span_start, j + 1, *days, "date", "date", "day", first)
            return j + 1
        # eras: "165 BC", "AD 70"
        if w.isdigit() and j < hi and words[j] in ("BC", "BCE", "AD", "CE"):
            self.add(span_start, j + 1, value, value, value, EXACT, "date", "year", "year", first)
            return j + 1
        # years: a bare four-digit number in 1800..2100
        if (
            w.isdigit()
            and len(w) == 4
            and 1800 <= value <= 2100
            and qual in (EXACT, RANGE)
            and not (j < hi and (low[j] in PEOPLE_NOUNS or low[j] in NOUN_METRICS))
        ):
            self.add(span_start, j, value, low_v, high_v, qual, "date", "year", "year", first)
            return j
        # "Name, 79," -> age
        if (
            w.isdigit()
            and len(w) <= 3
            and value < 120
            and first - 2 >= self.lo
            and words[first - 1] == ","
            and words[first - 2][:1].isupper()
            and words[first - 2].isalpha()
            and low[first - 2] not in MONTHS
            and (j >= hi or words[j] in (",", ")", ".", ";"))
            and qual == EXACT
        ):
            self.add(span_start, j, value, value, value, EXACT, "age", "age", "years", first)
            return j
        if first - 2 >= self.lo and low[first - 1] in (".", "no") and low[first - 2] == "no":
            self.add(span_start, j, value, value, value, EXACT, "ordinal", None, None, first)
            return j
        self.add(span_start, j, value, low_v, high_v, qual, "count", None, None, first)
        return self.finish_count(len(self.hits) - 1, j)
