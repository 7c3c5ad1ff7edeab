"""Money in currencies beyond $, € and £: ISO codes and local signs, glued or spaced,
before or after the number, read as money in that currency and never as a count."""

from __future__ import annotations

import pytest

from factcheck.core.config import ExtractionConfig
from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize
from factcheck.currencies import currency_table, extraction_config

FULL = extraction_config()
BUILT_IN = ExtractionConfig()


def figures(text: str, config: ExtractionConfig = FULL) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks), config)


def money(text: str, config: ExtractionConfig = FULL) -> list[tuple[float, str | None]]:
    return [(h.value, h.unit) for h in figures(text, config) if h.kind == "money"]


@pytest.mark.parametrize("config", [FULL, BUILT_IN], ids=["babel", "built-in"])
@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The palm-oil group set aside RM45 million for the settlement.", 45e6, "MYR"),
        ("The start-up raised USD25m in its second round.", 25e6, "USD"),
        ("Brussels earmarked EUR 80m for the bridge.", 80e6, "EUR"),
        ("The rail plan needs INR 3 trillion over a decade.", 3e12, "INR"),
        ("The state approved Rs. 5,000 crore for irrigation.", 5e10, "INR"),
        ("Auditors traced N40 million to a shell firm.", 40e6, "NGN"),
        ("The utility borrowed KSh8 billion last year.", 8e9, "KES"),
        ("A bus ticket in the city costs R$ 12.", 12.0, "BRL"),
        ("Her fine came to CHF 9 in the end.", 9.0, "CHF"),
        ("Exports to the mainland reached CN¥ 900 billion.", 9e11, "CNY"),
        ("The carmaker booked JPY 3bn in charges.", 3e9, "JPY"),
        ("The miner paid AU$5m for the licence.", 5e6, "AUD"),
        ("Donors pledged NT$ 7 million to the fund.", 7e6, "TWD"),
        ("Donors pledged $US 7 million to the fund.", 7e6, "USD"),
        ("The team spent 300 million ringgit on stadium repairs.", 3e8, "MYR"),
        ("The lottery prize was 20 million naira.", 2e7, "NGN"),
    ],
)
def test_it_reads_a_currency_as_money(text: str, value: float, currency: str, config: ExtractionConfig) -> None:
    assert money(text, config) == [(value, currency)]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The council paid TSh 40,000 per household.", 4e4, "TZS"),
        ("Farmers lost USh5 billion to the floods.", 5e9, "UGX"),
        ("The loan is 200 million Danish kroner.", 2e8, "DKK"),
        ("The bank lent 30 million Australian dollars.", 3e7, "AUD"),
        ("The import bill was 12 billion South African rand.", 1.2e10, "ZAR"),
        ("Sales rose to 5bn Mexican pesos.", 5e9, "MXN"),
    ],
)
def test_it_reads_babels_signs_and_names(text: str, value: float, currency: str) -> None:
    assert money(text) == [(value, currency)]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        # a road, a ranking, medals and a gene are no money; the sum beside them is
        ("Auditors traced N40 million to a depot on the N40 road.", 40e6, "NGN"),
        ("The club raised TRY5bn while it stayed in the TOP 10.", 5e9, "TRY"),
        ("The hosts won four gold medals and a bonus of 300 million naira.", 3e8, "NGN"),
        ("The study of the R2 gene cost R5 million.", 5e6, "ZAR"),
        ("The MH17 inquiry cost RM45 million.", 45e6, "MYR"),
    ],
)
def test_a_sign_that_is_only_a_letter_or_a_word_needs_a_scale(text: str, value: float, currency: str) -> None:
    assert money(text) == [(value, currency)]


def test_it_reads_a_currency_code_after_the_number() -> None:
    assert money("The fund holds 80m BRL in bonds.") == [(80e6, "BRL")]


def test_it_never_counts_money_in_a_local_currency() -> None:
    found = figures("The province spent KSh 2.5 billion on roads.")
    assert [(h.kind, h.metric) for h in found] == [("money", "money")]


def test_the_babel_table_is_built_once_and_shared() -> None:
    assert currency_table() is currency_table()
    assert FULL.currencies is currency_table()


def test_a_sum_in_pence_or_cents_is_shown_as_a_desk_writes_it() -> None:
    from factcheck.figure_labels import money_label

    (stamp,) = figures("A stamp now costs 85p.")
    assert money_label(stamp.value, stamp.unit or "") == "85p"
    assert money_label(5, "cent") == "5 cents"


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("The fine came to 5,000 zł in the end.", 5000.0, "PLN"),  # Polish, spaced after
        ("A flat in the capital costs ₸40 million.", 40e6, "KZT"),  # Kazakh, before
        ("A ferry ticket is ฿350 each way.", 350.0, "THB"),  # Thai
        ("The tender was worth 30 million Kč.", 30e6, "CZK"),  # Czech
        ("Rents rose to ₼450 a month.", 450.0, "AZN"),  # Azerbaijani
        ("Teachers earn about 12,000 сом.", 12000.0, "KGS"),  # Kyrgyz, Cyrillic letters
    ],
)
def test_it_reads_the_signs_other_locales_write(text: str, value: float, currency: str) -> None:
    assert (value, currency) in money(text)


def test_local_signs_come_from_babels_locales_and_only_when_unambiguous() -> None:
    table = currency_table()
    assert (table.sign("zł"), table.sign("₸"), table.sign("₼")) == ("PLN", "KZT", "AZN")
    # "kr" is Swedish, Norwegian and Danish: only the newsroom's preference decides it
    assert table.sign("kr") == "SEK"
    # a lower-case Latin sign ("den", Macedonian denari) is an English word: never a sign
    assert table.sign("den") is None
