"""Unit normalisation for comparing figures across sources.

Plain Python on purpose: no rapidfuzz, no Django. ``convert`` maps a value and
its unit to a canonical unit of the same dimension, so "280 lb" and "127 kg"
can be compared at all:

>>> convert(280, "lb")
(127.00586360000001, 'kg')
>>> convert(2, "miles")
(3.218688, 'km')
>>> convert(1.5, "million USD")
(1500000.0, 'USD')
>>> convert(0.25, "share")
(25.0, '%')
>>> convert(7, "widgets")
(7, 'widgets')

Currencies are never converted into each other (exchange rates need a clock
and a data feed): they are only canonicalised to ISO codes so "$" and "USD"
land in the same comparison, while USD and EUR never do. Percent and
percentage points are distinct units.
"""

from __future__ import annotations

import re
from functools import lru_cache

MASS = "mass"
LENGTH = "length"
DURATION = "duration"
TEMPERATURE = "temperature"
CURRENCY = "currency"
PERCENT = "percent"
PERCENTAGE_POINTS = "percentage_points"

# unit spelling -> (dimension, canonical unit, factor to the canonical unit)
_LINEAR: dict[str, tuple[str, str, float]] = {}


def _register(dimension: str, canonical: str, factor: float, *spellings: str) -> None:
    for spelling in spellings:
        _LINEAR[spelling] = (dimension, canonical, factor)


_register(MASS, "kg", 1.0, "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")
_register(MASS, "kg", 0.001, "g", "gram", "grams", "gramme", "grammes")
_register(MASS, "kg", 1e-6, "mg", "milligram", "milligrams")
_register(MASS, "kg", 1000.0, "t", "tonne", "tonnes", "metric ton", "metric tons", "ton", "tons")
_register(MASS, "kg", 0.45359237, "lb", "lbs", "pound", "pounds")
_register(MASS, "kg", 0.028349523125, "oz", "ounce", "ounces")
_register(MASS, "kg", 6.35029318, "st", "stone", "stones")

_register(LENGTH, "km", 1.0, "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_register(LENGTH, "km", 0.001, "m", "metre", "metres", "meter", "meters")
_register(LENGTH, "km", 1e-5, "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_register(LENGTH, "km", 1e-6, "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_register(LENGTH, "km", 1.609344, "mi", "mile", "miles")
_register(LENGTH, "km", 0.0009144, "yd", "yard", "yards")
_register(LENGTH, "km", 0.0003048, "ft", "foot", "feet")
_register(LENGTH, "km", 0.0000254, "inch", "inches")
_register(LENGTH, "km", 1.852, "nautical mile", "nautical miles", "nmi")

_register(DURATION, "hours", 1 / 3600, "s", "sec", "secs", "second", "seconds")
_register(DURATION, "hours", 1 / 60, "min", "mins", "minute", "minutes")
_register(DURATION, "hours", 1.0, "h", "hr", "hrs", "hour", "hours")
_register(DURATION, "hours", 24.0, "day", "days")
_register(DURATION, "hours", 168.0, "wk", "wks", "week", "weeks")
# Calendar months and years vary; the mean Gregorian lengths are close enough
# for "did these two reports say the same thing".
_register(DURATION, "hours", 365.2425 * 24 / 12, "month", "months")
_register(DURATION, "hours", 365.2425 * 24, "yr", "yrs", "year", "years")

_register(PERCENT, "%", 1.0, "%", "percent", "per cent", "pct")
# A share of a whole as written ("two-thirds of", "one in four"): 2/3 of the whole is 66.7%.
_register(PERCENT, "%", 100.0, "share")
_register(
    PERCENTAGE_POINTS,
    "pp",
    1.0,
    "pp",
    "p p",
    "ppt",
    "ppts",
    "percentage point",
    "percentage points",
    "percent point",
    "percent points",
)

_CELSIUS = frozenset({"c", "°c", "º c", "° c", "celsius", "degree celsius", "degrees celsius", "centigrade"})
_FAHRENHEIT = frozenset({"f", "°f", "° f", "fahrenheit", "degree fahrenheit", "degrees fahrenheit"})

_CURRENCIES: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "sterling": "GBP",
    "pounds sterling": "GBP",
}
# "pounds" alone is a weight unless the figure is money.
_MONEY_ONLY: dict[str, str] = {"pound": "GBP", "pounds": "GBP", "quid": "GBP"}
_ISO_CURRENCY = re.compile(r"[a-z]{3}")
_KNOWN_ISO = frozenset(
    {"usd", "eur", "gbp", "uah", "rub", "jpy", "cny", "chf", "cad", "aud", "inr", "pln", "try", "ils"}
)

_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "thousands": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
    "tn": 1e12,
}

_SYMBOLS = re.compile(r"([$€£])")
_SPACES = re.compile(r"\s+")


def normalise_unit(unit: str) -> str:
    """Casefold and tidy a unit spelling: ``" Per  Cent "`` -> ``"per cent"``."""
    text = _SYMBOLS.sub(r" \1 ", unit.casefold()).replace(".", " ")
    return _SPACES.sub(" ", text).strip()


def _lookup(key: str, kind: str | None) -> tuple[str, str, float] | None:
    """(dimension, canonical unit, factor) for a normalised single unit, or None."""
    if kind == "money" and key in _MONEY_ONLY:
        return (CURRENCY, _MONEY_ONLY[key], 1.0)
    if key in _CURRENCIES:
        return (CURRENCY, _CURRENCIES[key], 1.0)
    if key in _LINEAR:
        return _LINEAR[key]
    if kind == "money" and _ISO_CURRENCY.fullmatch(key):
        return (CURRENCY, key.upper(), 1.0)
    if key in _KNOWN_ISO:
        return (CURRENCY, key.upper(), 1.0)
    return None


def _split_scale(key: str) -> tuple[float, str]:
    """Peel scale words off either end: ``"million usd"`` -> (1e6, "usd")."""
    factor = 1.0
    tokens = key.split(" ")
    while tokens and tokens[0] in _SCALES:
        factor *= _SCALES[tokens.pop(0)]
    while tokens and tokens[-1] in _SCALES:
        factor *= _SCALES[tokens.pop()]
    return factor, " ".join(tokens)


@lru_cache(maxsize=4096)
def dimension(unit: str | None, kind: str | None = None) -> str | None:
    """The physical dimension of a unit, or None when it is unknown.

    >>> dimension("stone"), dimension("°F"), dimension("pp"), dimension("people")
    ('mass', 'temperature', 'percentage_points', None)
    """
    if not unit:
        return None
    key = normalise_unit(unit)
    if key in _CELSIUS or key in _FAHRENHEIT:
        return TEMPERATURE
    _, rest = _split_scale(key)
    found = _lookup(rest, kind)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def conversion(unit: str | None, kind: str | None = None) -> tuple[float, float, float, str | None]:
    """``(shift, factor, divisor, canonical unit)``: canonical = (value + shift) * factor / divisor.

    Cached per distinct spelling, so converting a million figures costs a
    dict look-up each.

    >>> conversion("°F")
    (-32.0, 5.0, 9.0, 'C')
    """
    if not unit:
        return 0.0, 1.0, 1.0, unit
    key = normalise_unit(unit)
    if key in _CELSIUS:
        return 0.0, 1.0, 1.0, "C"
    if key in _FAHRENHEIT:
        return -32.0, 5.0, 9.0, "C"
    scale, rest = _split_scale(key)
    if not rest:
        return 0.0, scale, 1.0, None
    found = _lookup(rest, kind)
    if found is None:
        return 0.0, scale, 1.0, (rest if scale != 1.0 else unit)
    _, canonical, factor = found
    return 0.0, scale * factor, 1.0, canonical


def convert(value: float, unit: str | None, kind: str | None = None) -> tuple[float, str | None]:
    """Convert ``value`` in ``unit`` to the canonical unit of its dimension.

    Mass -> kg, length -> km, durations -> hours, temperatures -> °C ("C"),
    scale words multiply ("1.5 million" -> 1500000), currencies become ISO
    codes without conversion, "%" and "pp" stay apart. Unknown units, and a
    missing unit, come back unchanged. ``kind="money"`` reads "pounds" as GBP.

    >>> convert(19, "stone")
    (120.65557042, 'kg')
    >>> convert(212, "°F")
    (100.0, 'C')
    >>> convert(3, "thousand")
    (3000.0, None)
    """
    shift, factor, divisor, canonical = conversion(unit, kind)
    if shift == 0.0 and factor == 1.0 and divisor == 1.0:
        return value, canonical
    return (value + shift) * factor / divisor, canonical
