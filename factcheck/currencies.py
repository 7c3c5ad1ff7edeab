"""The currency bridge: money signs, ISO codes and names from babel's CLDR data, as plain data for the core.

The core never imports babel: :func:`currency_table` builds a
:class:`~factcheck.core.currency_table.CurrencyTable` once per process and
:func:`extraction_config` puts it into the
:class:`~factcheck.core.config.ExtractionConfig` the extractor is called with.

* **codes**: every currency that is legal tender in some territory today
  (``babel.numbers.get_territory_currencies``). Codes that are also English words
  or common acronyms in capitals ("ALL", "TOP", "CUP", "TRY") are money only
  glued to a number with a scale or grouped digits.
* **signs**: each territory's own symbol for its currency, in English and in the
  English as written there ("RM" in Malaysia, "Ksh" in Kenya, "Rs" in Pakistan),
  the English symbols ("A$", "CA$", "HK$", "R$"), and for a currency English has no
  sign for, the sign its territory's official languages write ("zł", "₸", "฿", "Kč"). A sign several currencies share
  ("$", "£", "kr") keeps the one a newsroom means by it (``PREFERRED_SIGNS``) or is
  dropped; a sign that is also a unit or a scale ("m", "t") is dropped.
* **names**: the English names, singular and plural, whole ("Australian dollars")
  and by their last word ("dollars", "naira") where that word names one currency
  or ``PREFERRED_NAMES`` says which.

Django-free on purpose (no models, no settings): it only reads the package's data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.numbers import get_currency_name, get_currency_symbol, get_territory_currencies

from factcheck.core.config import ExtractionConfig
from factcheck.core.currency_table import DEFAULT_CURRENCIES, CurrencyTable
from factcheck.core.lexicon import DURATION_UNITS, MEASURE_UNITS, NOUN_STOP
from factcheck.core.numbers import DIGIT_SCALES

# Signs shared by several currencies, as news in English uses them.
PREFERRED_SIGNS = {
    "$": "USD", "US$": "USD", "$US": "USD", "£": "GBP", "¥": "JPY", "Rs": "INR", "Rs.": "INR",
    "C$": "CAD", "S$": "SGD", "N": "NGN", "KSh": "KES", "kr": "SEK", "Sh": "KES", "K": "ZMW",
    "RMB": "CNY", "NT$": "TWD", "MX$": "MXN",
}  # fmt: skip
# Last words of names several currencies share, as news in English uses them.
PREFERRED_NAMES = {
    "dollar": "USD", "dollars": "USD", "rupee": "INR", "rupees": "INR", "franc": "CHF", "francs": "CHF",
    "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED", "yuan": "CNY", "renminbi": "CNY",
    "rouble": "RUB", "roubles": "RUB", "sterling": "GBP",
}  # fmt: skip
# Names that are everyday English words after a number ("five real reasons", "the 49ers won").
NAMES_THAT_ARE_WORDS = frozenset(
    [
        "real",
        "reals",
        "won",
        "mark",
        "marks",
        "pound",
        "pounds",
        "lev",
        "leva",
        "kip",
        "dram",
        "som",
        "sum",
        "lek",
        "para",
        "ounce",
        "gold",
    ]
)
# Codes that are English words or acronyms in capitals ("TOP 10", "World CUP 2022").
CODES_THAT_ARE_WORDS = frozenset(
    ["ALL", "TOP", "CUP", "TRY", "PEN", "GEL", "SOS", "MAD", "BAM", "BOB", "MOP", "AMD", "AOA", "BIF", "CVE", "DOP"]
)
# Languages whose way of writing a territory's currency is that territory's sign.
OFFICIAL = frozenset(("official", "de_facto_official"))
# Letters-only signs of one or two letters are money only glued to a scaled or grouped number.
_SHORT_LETTERS = re.compile(r"[A-Za-z]{1,2}\.?")


def _english_locale(territory: str) -> Locale | None:
    """English as written in ``territory`` ("en_MY" writes "RM", "en_KE" "Ksh"), if CLDR has it.

    (Loading every locale of every territory costs seconds per process; the English
    ones carry the signs English-language news uses.)
    """
    try:
        return Locale.parse(f"en_{territory}")
    except (UnknownLocaleError, ValueError):
        return None


def _usable_sign(sign: str, code: str) -> bool:
    if not sign or sign == code or not sign.isprintable() or any(c.isdigit() or c.isspace() for c in sign):
        return False
    if any(unicodedata.category(c) == "Cf" for c in sign):
        return False  # a right-to-left or zero-width mark: never one written token
    key = sign.casefold()
    return key not in MEASURE_UNITS and key not in DURATION_UNITS and key not in DIGIT_SCALES and key not in NOUN_STOP


def _local_signs(territories: Iterable[str], signed: set[str]) -> Iterator[tuple[str, str]]:
    """(sign, currency) as each territory's official languages write its currencies ("zł" in
    Polish, "₸" in Kazakh, "฿" in Thai, "Kč" in Czech), for the currencies English gives no
    sign of their own (``signed``: those it does).

    (Only those currencies' locales are loaded: every locale costs ~2 ms, all of them
    seconds per process.) An all-lower-case Latin sign ("den", "lei") is an English word
    too often to be money.
    """
    languages = get_global("territory_languages")
    known = set(locale_identifiers())
    for territory in territories:
        unsigned = [code for code in get_territory_currencies(territory, tender=True) if code not in signed]
        if not unsigned:
            continue
        for language, info in languages.get(territory, {}).items():
            if info.get("official_status") not in OFFICIAL:
                continue
            ident = next((i for i in (f"{language}_{territory}", language) if i in known), None)
            if ident is None:
                continue
            locale = Locale.parse(ident)
            for code in unsigned:
                sign = get_currency_symbol(code, locale)
                if _usable_sign(sign, code) and not (sign.isascii() and sign.islower()):
                    yield sign, code


def _names_of(codes: frozenset[str]) -> dict[str, str]:
    whole: dict[str, str] = {}
    by_last: dict[str, set[str]] = defaultdict(set)
    for code in sorted(codes):
        for count in (1, 2):
            name = get_currency_name(code, count=count, locale="en").casefold()
            if not name or name == code.casefold() or "(" in name:
                continue
            words = name.replace("’", "'").split()
            if 1 < len(words) <= 3 and all(w.isalpha() for w in words):
                whole[" ".join(words)] = code
            if words and words[-1].isalpha():
                by_last[words[-1]].add(code)
    names = dict(whole)
    for word, options in by_last.items():
        if word in NAMES_THAT_ARE_WORDS or len(word) < 3:
            continue
        if len(options) == 1:
            names[word] = next(iter(options))
        elif word in PREFERRED_NAMES:
            names[word] = PREFERRED_NAMES[word]
    for word, code in PREFERRED_NAMES.items():
        names.setdefault(word, code)
    # the core's defaults keep their spellings ("usd", "cents", "pence") unless babel names them
    for name, code in DEFAULT_CURRENCIES.names.items():
        names.setdefault(name, code)
    return names


@functools.lru_cache(maxsize=1)
def currency_table() -> CurrencyTable:
    """The full table, built from babel's CLDR data once per process.

    >>> table = currency_table()
    >>> table.sign("RM"), table.sign("R$"), table.sign("Ksh"), table.sign("TSh"), table.sign("$")
    ('MYR', 'BRL', 'KES', 'TZS', 'USD')
    >>> table.name_at(["naira"], 0), table.name_at(["swiss", "francs"], 0)
    (('NGN', 1), ('CHF', 2))
    """
    territories = get_global("territory_currencies")
    codes: set[str] = set()
    sign_codes: dict[str, set[str]] = defaultdict(set)
    for territory in territories:
        current = get_territory_currencies(territory, tender=True)
        codes.update(current)
        locale = _english_locale(territory)
        if locale is not None:
            for code in current:
                sign = get_currency_symbol(code, locale)
                if _usable_sign(sign, code):
                    sign_codes[sign].add(code)
    for code in codes:
        sign = get_currency_symbol(code, "en")
        if _usable_sign(sign, code):
            sign_codes[sign].add(code)
    signed = {next(iter(options)) for options in sign_codes.values() if len(options) == 1}
    for sign, code in _local_signs(territories, signed):
        sign_codes[sign].add(code)
    signs: dict[str, str] = {}
    for sign, options in sign_codes.items():
        if sign in PREFERRED_SIGNS:
            signs[sign] = PREFERRED_SIGNS[sign]
        elif len(options) == 1:
            signs[sign] = next(iter(options))
    for sign, code in (*DEFAULT_CURRENCIES.signs.items(), *PREFERRED_SIGNS.items()):
        signs.setdefault(sign, code)
    scale_only = {sign for sign in signs if _SHORT_LETTERS.fullmatch(sign) and sign not in ("RM", "Rs", "Rs.")}
    frozen_codes = frozenset(codes)
    return CurrencyTable(
        signs=MappingProxyType(signs),
        codes=frozen_codes,
        names=MappingProxyType(_names_of(frozen_codes)),
        scale_only=frozenset(scale_only | (CODES_THAT_ARE_WORDS & frozen_codes)),
    )


@functools.lru_cache(maxsize=1)
def extraction_config() -> ExtractionConfig:
    """The extractor's configuration with the full currency table and the gazetteer's place words."""
    from factcheck.places import place_words  # the gazetteer loads once, on first extraction

    return ExtractionConfig(currencies=currency_table(), places=place_words())
