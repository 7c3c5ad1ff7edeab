"""Numbers written in digits or words, parsed from tokens.

>>> from factcheck.core.tokens import tokenize
>>> t = tokenize("two hundred and fifty thousand people")
>>> parse_number(t.text, t.low, t.start, t.end, 0, len(t))
(250000.0, 5)
>>> t = tokenize("1\u20444 point")
>>> parse_number(t.text, t.low, t.start, t.end, 0, len(t))
(0.25, 3)
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
TENS = frozenset(("twenty", "thirty", "forty", "fourty", "fifty", "sixty", "seventy", "eighty", "ninety"))
SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scale words and suffixes after a digit figure: "1.5 million", "2bn", "$2.174T", "0.5k".
DIGIT_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
    "mln": 1e6, "bln": 1e9, "tn": 1e12, "trn": 1e12, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12,
    "hundred": 100.0, "lakh": 1e5, "crore": 1e7,
}  # fmt: skip
# Single-letter suffixes are scales only when glued to the digits (2bn, 3m) or after a currency.
LETTER_SCALES = frozenset(("k", "m", "b", "t"))
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}  # fmt: skip
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
# "1/4" and "1⁄4" (U+2044, the fraction slash)
FRACTION_SLASHES = frozenset(("/", "\u2044"))
GROUPED_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
PLAIN_RE = re.compile(r"\d+(?:\.\d+)?")
NUMBER_WORDS = frozenset(SMALL) | frozenset(SCALES)


def digit_value(tok: str, max_digits: int = 24) -> float | None:
    """Value of a digit token: "250,000" -> 250000.0, "1.5" -> 1.5, "4e14" -> 4e14.

    >>> digit_value("250,000"), digit_value("3,4")
    (250000.0, 3.4)
    """
    if len(tok) > max_digits:
        return None
    if GROUPED_RE.fullmatch(tok):
        return float(tok.replace(",", ""))
    if PLAIN_RE.fullmatch(tok):
        return float(tok)
    if "e" in tok or "E" in tok:
        try:
            return float(tok)
        except ValueError:
            return None
    # "3,4" (decimal comma) or "1.2.3": keep what reads as one number
    head = tok.split(",")
    if len(head) == 2 and head[0].isdecimal() and head[1].isdecimal():
        return float(head[0] + "." + head[1])
    first = re.match(r"\d+(?:\.\d+)?", tok)
    return float(first.group()) if first else None


def parse_words(low: list[str], starts: list[int], ends: list[int], i: int, hi: int) -> tuple[float, int] | None:
    """Parse a run of number words from token ``i``; return (value, end token index).

    Handles "ninety-nine", "two hundred and fifty thousand", "a hundred and two",
    "three million, two hundred & forty", "two and a half", "two thirds".
    """
    total = 0.0
    current = 0.0
    j = i
    seen = False
    last = ""
    if low[j] in ("a", "an") and j + 1 < hi and low[j + 1] in SCALES:
        current = 1.0
        j += 1
        seen = True
        last = "one"
    while j < hi:
        w = low[j]
        if w in SMALL:
            v = SMALL[w]
            # "ninety-nine" / "ninety nine": only tens may be followed by a unit
            if seen and last in SMALL and not (last in TENS and v < 10):
                break
            current += v
            last = w
            seen = True
            j += 1
        elif w in SCALES and seen:
            scale = SCALES[w]
            if scale == 100.0:
                current = (current or 1.0) * 100.0
            else:
                total += (current or 1.0) * scale
                current = 0.0
            last = w
            j += 1
        elif (
            w == "-"
            and seen
            and last in TENS
            and j + 1 < hi
            and low[j + 1] in SMALL
            and ends[j - 1] == starts[j]
            or w in ("and", "&")
            and seen
            and last in SCALES
            and j + 1 < hi
            and low[j + 1] in SMALL
            or w == ","
            and seen
            and last in SCALES
            and last != "hundred"
            and j + 1 < hi
            and low[j + 1] in SMALL
            and (j + 2 < hi and low[j + 2] in SCALES)
        ):
            j += 1
        else:
            break
    if not seen or j == i:
        return None
    value = total + current
    # fractions: "two thirds", "one-half", "three halves", "two and a half"
    k = j
    if k < hi and low[k] == "-" and k + 1 < hi and low[k + 1] in DENOMINATORS:
        k += 1
    if k < hi and low[k] in DENOMINATORS and value and value < 20 and not (low[k] in ("half",) and value != 1):
        return value / DENOMINATORS[low[k]], k + 1
    if k + 2 < hi and low[k] == "and" and low[k + 1] in ("a", "one") and low[k + 2] in ("half", "quarter"):
        return value + (0.5 if low[k + 2] == "half" else 0.25), k + 3
    return value, j


def parse_number(
    words: list[str], low: list[str], starts: list[int], ends: list[int], i: int, hi: int, max_digits: int = 24
) -> tuple[float, int] | None:
    """Parse a number (digits or words) at token ``i``; return (value, end index) or None."""
    w = words[i]
    if w[:1].isdecimal():
        v = digit_value(w, max_digits)
        if v is None:
            return None
        j = i + 1
        # "10 000" (space-grouped thousands)
        while (
            len(w) <= 3
            and j < hi
            and len(words[j]) == 3
            and words[j].isdecimal()
            and starts[j] == ends[j - 1] + 1
            and (j + 1 >= hi or not words[j + 1][:1].isdecimal())
            and len(words[j - 1]) <= 3
        ):
            v = v * 1000 + float(words[j])
            j += 1
        # "2 1/2" and "1/4"
        if j + 1 < hi and words[j] in FRACTION_SLASHES and words[j + 1].isdecimal() and ends[j - 1] == starts[j]:
            den = float(words[j + 1]) if len(words[j + 1]) < 10 else 0.0
            if den:
                return v / den, j + 2
        # "2 1/2" (a whole number and a fraction)
        if (
            j + 2 < hi
            and words[j].isdecimal()
            and words[j + 1] in FRACTION_SLASHES
            and words[j + 2].isdecimal()
            and ends[j] == starts[j + 1]
            and len(words[j + 2]) < 10
            and float(words[j + 2]) > float(words[j]) > 0
        ):
            return v + float(words[j]) / float(words[j + 2]), j + 3
        if j < hi and words[j] in UNICODE_FRACTIONS:
            return v + UNICODE_FRACTIONS[words[j]], j + 1
        return v, j
    if w in UNICODE_FRACTIONS:
        return UNICODE_FRACTIONS[w], i + 1
    if low[i] in SMALL or low[i] in ("a", "an"):
        return parse_words(low, starts, ends, i, hi)
    return None
