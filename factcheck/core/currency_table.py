"""Which signs, codes and names mark money, and in which currency (ISO 4217 codes).

The core never reads currency data itself: ``factcheck.currencies`` builds the
full table from babel's CLDR data and hands it in through
:class:`~factcheck.core.config.ExtractionConfig`. ``DEFAULT_CURRENCIES`` is a
small built-in table so the core also reads the common currencies alone.

>>> DEFAULT_CURRENCIES.sign("KSh"), DEFAULT_CURRENCIES.sign("KSH"), DEFAULT_CURRENCIES.sign("rm")
('KES', 'KES', None)
>>> DEFAULT_CURRENCIES.name_at(["5", "australian", "dollars"], 1)
('AUD', 3)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType


def _fold(sign: str) -> str | None:
    """The case-insensitive key of a sign of two or more letters with a capital ("KSh" -> "ksh")."""
    letters = sum(c.isalpha() for c in sign)
    return sign.casefold() if letters >= 2 and not sign.islower() else None


@dataclass(frozen=True, slots=True, eq=False)
class CurrencyTable:
    """Money markers, each mapped to its ISO 4217 code.

    ``signs``: written signs as they appear in text, before or after a number
    ("$", "€", "RM", "R$", "Rs.", "KSh"); a sign of letters also matches in
    other capitalisations ("KSH", "Ksh") but never all lower case.
    ``codes``: ISO codes written in capitals ("USD", "EUR"), before or after a number.
    ``names``: currency names after a number, lower case, one to three words
    ("dollars", "australian dollars", "naira").
    ``scale_only``: signs and codes that read as money only when glued to a number
    that has a scale or grouped digits ("N40 million" is naira, "N40" a road, and
    "TOP 10" never money).
    """

    signs: Mapping[str, str]
    codes: frozenset[str]
    names: Mapping[str, str]
    scale_only: frozenset[str] = frozenset()
    _folded: Mapping[str, str] = field(init=False, repr=False)
    _name_starts: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        folded = {key: code for sign, code in self.signs.items() if (key := _fold(sign)) is not None}
        object.__setattr__(self, "_folded", MappingProxyType(folded))
        object.__setattr__(self, "_name_starts", frozenset(name.split()[0] for name in self.names))

    def sign(self, text: str) -> str | None:
        """The currency of a written sign or code ("R$" -> "BRL", "USD" -> "USD"), else None."""
        code = self.signs.get(text)
        if code is not None:
            return code
        if text in self.codes:
            return text
        if len(text) > 1 and not text.islower():
            return self._folded.get(text.casefold())
        return None

    def name_at(self, low: Sequence[str], k: int) -> tuple[str, int] | None:
        """(currency, end) of a currency name of up to three lower-case tokens from ``k``."""
        if k >= len(low) or low[k] not in self._name_starts:
            return None
        for n in (3, 2, 1):
            if k + n <= len(low):
                code = self.names.get(" ".join(low[k : k + n]))
                if code is not None:
                    return code, k + n
        return None


def _names(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in text.split(";"):
        code, _, spellings = entry.strip().partition(":")
        for spelling in spellings.split(","):
            table[spelling.strip()] = code.strip()
    return table


# A small table of widely used currencies; ``factcheck.currencies`` builds the full one.
DEFAULT_CURRENCIES = CurrencyTable(
    signs=MappingProxyType(
        {
            "$": "USD",
            "US$": "USD",
            "$US": "USD",
            "€": "EUR",
            "£": "GBP",
            "¥": "JPY",
            "₽": "RUB",
            "₴": "UAH",
            "₹": "INR",
            "Rs": "INR",
            "Rs.": "INR",
            "₦": "NGN",
            "N": "NGN",
            "A$": "AUD",
            "AU$": "AUD",
            "C$": "CAD",
            "CA$": "CAD",
            "HK$": "HKD",
            "NZ$": "NZD",
            "S$": "SGD",
            "NT$": "TWD",
            "MX$": "MXN",
            "R$": "BRL",
            "RM": "MYR",
            "KSh": "KES",
            "R": "ZAR",
            "CHF": "CHF",
            "CN¥": "CNY",
            "₩": "KRW",
            "₪": "ILS",
            "₺": "TRY",
            "₱": "PHP",
        }
    ),
    codes=frozenset(
        [
            "USD",
            "EUR",
            "GBP",
            "JPY",
            "CNY",
            "INR",
            "CHF",
            "AUD",
            "CAD",
            "NZD",
            "HKD",
            "SGD",
            "BRL",
            "MYR",
            "KES",
            "NGN",
            "ZAR",
            "RUB",
            "UAH",
            "PKR",
            "KRW",
            "ILS",
            "PLN",
            "SEK",
            "NOK",
            "DKK",
            "MXN",
            "IDR",
            "THB",
            "PHP",
            "VND",
            "EGP",
            "SAR",
            "AED",
        ]
    ),
    names=MappingProxyType(
        _names(
            "USD: dollar, dollars, usd, us dollars; EUR: euro, euros, eur; "
            "GBP: sterling, gbp; JPY: yen, jpy; CNY: yuan, renminbi; RUB: rouble, roubles, ruble, rubles, rub; "
            "UAH: hryvnia, hryvnias, uah; INR: rupee, rupees, indian rupees; CHF: franc, francs, chf, swiss francs; "
            "AUD: australian dollars; CAD: canadian dollars; NGN: naira; MYR: ringgit; BRL: reais; ZAR: rand; "
            "KES: kenyan shillings; TRY: lira, liras; PLN: zloty, zlotys; cent: cent, cents; "
            "pence: penny, pence, pennies; dime: dime, dimes"
        )
    ),
    scale_only=frozenset(("N", "R")),
)
