"""Money and units right after a number: "%", "per cent", "km/h", "sq km", "15€", "pounds sterling"."""

from __future__ import annotations

from .figure_base import (
    DASHES,
    FigureReaderBase,
)
from .lexicon import (
    DURATION_UNITS,
    GLUED_ONLY_UNITS,
    MEASURE_UNITS,
)
from .numbers import DIGIT_SCALES

# Units written glued to the number in news (and a few that may stand apart):
# spelling -> (unit, kind, metric).
GLUED_UNITS: dict[str, tuple[str, str, str]] = {
    "bhp": ("bhp", "measure", "power"),
    "hp": ("hp", "measure", "power"),
    "pc": ("%", "percent", "percent"),
    "p": ("pence", "money", "money"),
    "kbps": ("kbps", "measure", "data rate"),
    "mbps": ("Mbps", "measure", "data rate"),
    "gbps": ("Gbps", "measure", "data rate"),
    "hz": ("Hz", "measure", "frequency"),
    "khz": ("kHz", "measure", "frequency"),
    "mhz": ("MHz", "measure", "frequency"),
    "ghz": ("GHz", "measure", "frequency"),
    "degf": ("F", "measure", "temperature"),
    "degc": ("C", "measure", "temperature"),
}
# Only glued: "3pc", "85p" (a spaced "p" or "pc" is a letter or a computer).
GLUED_ONLY_EXTRA = frozenset(("pc", "p", "hz"))
# "1080p", "720p": video lines, not pence.
VIDEO_LINES = frozenset(("240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"))


class MoneyUnitReader(FigureReaderBase):
    """Currencies before a number and units (or currencies) after it.

    >>> from factcheck.core.tokens import tokenize
    >>> from factcheck.core.config import ExtractionConfig
    >>> t = tokenize("paid R$ 12 and KSh8 billion, or 5 australian dollars")
    >>> r = MoneyUnitReader(t, 0, len(t), ExtractionConfig())
    >>> r.currency_before(2, 3), r.currency_before(5, 6), r.unit_at(11, None)
    (('BRL', 1), ('KES', 5), ('AUD', 'money', 'money', 13))
    """

    __slots__ = ()

    def currency_before(self, k: int, number: int) -> tuple[str, int] | None:
        """(currency, first token) of a sign or code ending at token ``k``, before the number
        at token ``number``: "$", "US$", "$US", "R$", "Rs.", "RM45", "EUR 80m", "N40 million".
        """
        words, lo = self.words, self.lo
        if k < lo or k >= number:
            return None
        table = self.config.currencies
        # the sign may be written in up to three glued tokens ("HK" "$", "Rs" ".", "$" "US")
        first = k
        while first > lo and first > k - 2 and self.glued(first - 1, first) and not words[first - 1][:1].isdigit():
            first -= 1
        for a in range(first, k + 1):
            sign = words[a] if a == k else "".join(words[a : k + 1])
            code = table.sign(sign)
            if code is None:
                continue
            if a > lo and self.glued(a - 1, a) and words[a - 1][:1].isalnum():
                return None  # inside a longer word or code ("ARM45", "MH17")
            if sign in table.scale_only and not (self.glued(k, number) and self.scaled_or_grouped(number)):
                return None
            return code, a
        return None

    def scaled_or_grouped(self, number: int) -> bool:
        """Is the number at token ``number`` written with grouped digits or followed by a scale?"""
        nxt = number + 1
        return "," in self.words[number] or (nxt < self.hi and self.low[nxt] in DIGIT_SCALES)

    def currency_at(self, m: int) -> tuple[str, int] | None:
        """(currency, token after it) of a sign or code starting at token ``m`` right before a
        number: the second end of "from $600,000 to US$1.1 million"."""
        words, hi = self.words, self.hi
        for n in (3, 2, 1):
            e = m + n
            if e >= hi or not words[e][:1].isdigit():
                continue
            if any(not self.glued(t, t + 1) for t in range(m, e - 1)):
                continue
            found = self.currency_before(e - 1, e)
            if found is not None and found[1] == m:
                return found[0], e
        return None

    def unit_at(self, j: int, currency: str | None) -> tuple[str, str, str, int] | None:
        """Unit right after a number at token ``j``: (unit, kind, metric, end index)."""
        words, low, hi = self.words, self.low, self.hi
        if j >= hi:
            return None
        k = j
        if low[k] in DASHES and self.glued(k - 1, k) and k + 1 < hi:
            k += 1  # "27-kilometer", "91-year-old"
        lk = low[k]
        if words[k][:1].isalpha() and k + 1 < hi and self.glued(k, k + 1):
            e = self.chunk_end(k)
            if e > k + 1 and any(words[t][:1].isdigit() for t in range(k + 1, e)) and words[k + 1] not in ("2", "3"):
                return None  # a designator ("6 T-800 tanks"), not a unit
        if lk == "%" or lk in ("percent", "pct", "percentage"):
            if lk == "percentage" and k + 1 < hi and low[k + 1] in ("point", "points"):
                return "pp", "percent", "percent", k + 2
            if k + 2 < hi and low[k + 1] == "percentage" and low[k + 2] in ("point", "points"):
                return "pp", "percent", "percent", k + 3
            if lk == "percentage":
                return None
            return "%", "percent", "percent", k + 1
        if lk == "per" and k + 1 < hi and low[k + 1] == "cent":
            return "%", "percent", "percent", k + 2
        if lk in ("basis",) and k + 1 < hi and low[k + 1] in ("points", "point"):
            return "bp", "percent", "percent", k + 2
        if lk in ("points", "point") and k + 1 < hi and low[k + 1] != "of":
            pass
        if currency is None:
            table = self.config.currencies
            named = table.name_at(low, k)
            if named is not None:
                return named[0], "money", "money", named[1]
            w = words[k]
            if w in table.codes or (w in table.signs and (not w.isalpha() and self.glued(k - 1, k) or not w.isascii())):
                # "80m EUR", "15€"; a sign of letters beyond ASCII is no English word, so it is
                # money spaced after the number too, as its languages write it ("5,000 zł", "30 Kč")
                return table.sign(w) or w, "money", "money", k + 1
        if lk == "°" and k + 1 < hi and low[k + 1] in ("c", "f"):
            return ("C" if low[k + 1] == "c" else "F"), "measure", "temperature", k + 2
        if lk in DURATION_UNITS and (lk not in ("min", "sec", "s", "h") or self.glued(k - 1, k)):
            if lk in ("second",) and k > j:
                pass
            return DURATION_UNITS[lk], "duration", "duration", k + 1
        if lk[-1:] in ("²", "³") and lk[:-1] in MEASURE_UNITS:  # "km²"
            unit, kind, _ = MEASURE_UNITS[lk[:-1]]
            square = lk[-1] == "²"
            return unit + ("2" if square else "3"), kind, ("area" if square else "volume"), k + 1
        extra = GLUED_UNITS.get(lk)
        if (
            extra is not None
            and (self.glued(k - 1, k) or lk not in GLUED_ONLY_EXTRA)
            and not (
                lk == "p" and (words[k - 1] in VIDEO_LINES or k + 2 < hi and words[k + 1] == "." and low[k + 2] == "m")
            )
        ):
            return (*extra, k + 1)  # "300bhp", "3pc", "85p", "500Mbps", "98kHz", "40degF"
        if lk in MEASURE_UNITS:
            if (
                lk in GLUED_ONLY_UNITS
                and not self.glued(k - 1, k)
                and not (
                    lk == "in"
                    and (
                        k + 1 >= hi
                        or low[k + 1] in (".", "thick", "long", "wide", "tall", "high", "deep", "gap", "diameter")
                    )
                )
                and not (lk in ("m", "g", "t", "l", "w") and (k + 1 >= hi or not low[k + 1].isalpha()))
            ):
                return None
            unit, kind, metric = MEASURE_UNITS[lk]
            end = k + 1
            if lk in ("degree", "degrees"):
                if end < hi and low[end] in ("celsius", "centigrade", "c"):
                    unit, end = "C", end + 1
                elif end < hi and low[end] in ("fahrenheit", "f"):
                    unit, end = "F", end + 1
            elif lk in ("pound", "pounds") and end < hi and low[end] == "sterling":
                return "GBP", "money", "money", end + 1
            elif (
                lk in ("km", "kilometres", "kilometers", "kilometre", "kilometer")
                and end + 1 < hi
                and low[end] in ("/", "per")
                and low[end + 1] in ("h", "hour", "hr")
            ):
                return "km/h", "measure", "speed", end + 2
            # "sq km", "km2", "cubic metres"
            if end < hi and words[end] in ("2", "²", "3", "³") and self.glued(end - 1, end):
                unit += "2" if words[end] in ("2", "²") else "3"
                metric = "area" if words[end] in ("2", "²") else "volume"
                end += 1
            if (
                end + 1 < hi
                and low[end] in ("per", "/")
                and (low[end + 1] in DURATION_UNITS or low[end + 1] in MEASURE_UNITS)
            ):
                unit = f"{unit}/{low[end + 1]}"
                end += 2
            return unit, kind, metric, end
        if lk in ("sq", "square", "cubic") and k + 1 < hi and (low[k + 1] in MEASURE_UNITS or low[k + 1] == "m"):
            unit, kind, metric = MEASURE_UNITS[low[k + 1]] if low[k + 1] != "m" else ("m", "measure", "distance")
            return unit + ("2" if lk != "cubic" else "3"), kind, ("area" if lk != "cubic" else "volume"), k + 2
        return None
