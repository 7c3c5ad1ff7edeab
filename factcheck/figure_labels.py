"""Figures, metrics and check-worthiness reasons as a newsroom writes them, for the pages.

The stored values stay machine values (the CSV and JSON outputs use them); these labels
are only what an editor reads: "$1.5bn" rather than "1.5e+09 money USD", "missiles
launched" rather than a slug, "7 names" rather than "named_entities:7".

>>> money_label(1.5e9, "USD")
'$1.5bn'
>>> money_label(50e6, "EUR")
'€50m'
>>> money_label(45e6, "MYR")
'MYR45m'
>>> money_label(5000, "INR")
'₹5,000'
>>> metric_words("missiles_launched")
'missiles launched'
>>> reason_words("named_entities:7")
'7 names'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from babel.numbers import UnknownCurrencyError, format_compact_currency, format_currency

from factcheck.core.figure_events import THING_SPELLINGS

# British newsroom style ("bn", "m"), the app's language; a dollar is "$", as desks write it.
LOCALE = "en_GB"
SYMBOL_AS_WRITTEN = {"US$": "$"}
COMPACT_FROM = 10_000  # below this a sum is written out: "$9,500"
# Sums the extractor reads in a currency's small unit ("85p", "5 cents"), as desks write them.
SMALL_UNITS = {"pence": "p", "cent": " cents", "dime": " dimes"}


@lru_cache(maxsize=4096)  # babel's formatting costs ~0.1 ms; a queue page repeats few sums
def money_label(value: float, currency: str) -> str:
    """A sum of money in its currency, short: "$1.5bn", "€50m", "£9,500"."""
    if currency in SMALL_UNITS:
        return f"{number_label(value)}{SMALL_UNITS[currency]}"
    code = (currency or "").upper()
    if not math.isfinite(value):
        return f"{value} {code}".strip()
    try:
        if abs(value) >= COMPACT_FROM:
            text = format_compact_currency(value, code, locale=LOCALE, fraction_digits=1)
        else:
            text = format_currency(value, code, locale=LOCALE, format="¤#,##0.##", currency_digits=False)
    except (UnknownCurrencyError, ValueError):
        return f"{number_label(value)} {code}".strip()
    for babel_symbol, desk_symbol in SYMBOL_AS_WRITTEN.items():
        if text.startswith(babel_symbol) or text.startswith("-" + babel_symbol):
            text = text.replace(babel_symbol, desk_symbol, 1)
    return text


def number_label(value: float) -> str:
    """A plain figure: "1,250", "2.5", "3.2 million" for the very large."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e7:
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                return f"{_grouped(value / scale)} {word}"
    return _grouped(value)


def _grouped(value: float) -> str:
    """Two decimals at most, thousands grouped with commas (as en_GB writes them; the queue
    labels hundreds of figures a page, so Python's own formatting rather than babel's)."""
    rounded = round(value, 2)
    return f"{int(rounded):,}" if rounded == int(rounded) else f"{rounded:,}"


def figure_value_label(kind: str, value: float, unit: str, text: str) -> str:
    """What the queue shows for one figure's value, by the kind of figure it is."""
    if kind == "money":
        return money_label(value, unit)
    if kind == "percent" and unit == "share":
        return f"{number_label(round(value * 100, 1))}%"  # "two-thirds of" is shown as 66.7%
    if kind == "percent":
        return f"{number_label(value)}%"
    if kind in ("date", "ordinal"):
        return text  # "Jan 2", "third": the words say it better than the number
    return number_label(value)


def interval_label(kind: str, qualifier: str, low: float, high: float | None, unit: str) -> str:
    """The interval a figure stands for, its ends written as its value is: "[$1m, $2m]", "(40, ∞]".

    >>> interval_label("money", "range", 600_000, 1.1e6, "USD")
    '[$600k, $1.1m]'
    >>> interval_label("count", "more_than", 40, None, "people")
    '(40, ∞)'
    """

    def end(value: float) -> str:
        return money_label(value, unit) if kind == "money" else number_label(value)

    left = "(" if qualifier == "more_than" else "["
    right = ")" if qualifier in ("fewer_than", "nearly") or high is None else "]"
    return f"{left}{end(low)}, {'∞' if high is None else end(high)}{right}"


def metric_words(metric: str) -> str:
    """A metric slug in words: "missiles_launched" is "missiles launched"."""
    return " ".join(metric.replace("_", " ").split())


def unit_in_metric(unit: str, metric: str) -> bool:
    """Does the metric already name the unit, so the queue need not repeat it ("300 homes
    destroyed", not "300 homes destroyed houses")?

    >>> unit_in_metric("houses", "homes_destroyed"), unit_in_metric("jobs", "jobs_cut")
    (True, True)
    >>> unit_in_metric("people", "laid_off"), unit_in_metric("km", "distance")
    (False, False)
    """
    if not unit or not metric:
        return False
    if unit == metric:
        return True
    named = {_one(w) for w in metric.split("_")}
    return _one(THING_SPELLINGS.get(unit, unit)) in named


def _one(word: str) -> str:
    """A plural's singular, for comparing words only ("homes" and "home")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _count(n: str, one: str, many: str) -> str:
    return f"{n} {one if n == '1' else many}"


REASONS: dict[str, Any] = {
    "figures": lambda n: _count(n, "figure to compare", "figures to compare"),
    "casualties": "casualty figures",
    "context_figures_only": "only dates or ordinals, nothing to compare",
    "attributed": lambda who: f"attributed to {who}",
    "direct_quote": "a direct quote",
    "named_entities": lambda n: _count(n, "name", "names"),
    "hedge": lambda word: f"hedged (“{word}”)",
}


def reason_words(reason: str) -> str:
    """A check-worthiness reason key ("named_entities:7") in words ("7 names")."""
    key, _, detail = str(reason).partition(":")
    words = REASONS.get(key)
    if words is None:
        return metric_words(str(reason))
    if callable(words):
        return str(words(detail)) if detail else metric_words(key)
    return str(words)
