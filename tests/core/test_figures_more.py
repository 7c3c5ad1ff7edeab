"""Figure extraction on everyday news wording: qualifiers, signs, scales, names and codes."""

from __future__ import annotations

import math

import pytest

from factcheck.core import Figure, extract_claims
from factcheck.core.figures import FigureHit, find_figures, real_noun
from factcheck.core.tokens import tokenize


def hits(text: str) -> list[FigureHit]:
    tokens = tokenize(text)
    return find_figures(tokens, 0, len(tokens))


def counts(text: str) -> list[FigureHit]:
    return [h for h in hits(text) if h.kind == "count"]


def figures(text: str) -> list[Figure]:
    return [f for c in extract_claims(text) for f in c.figures]


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "low", "high"),
    [
        ("Over a 1000 soldiers were sent north.", 1000, "more_than", 1000, math.inf),
        ("More than a dozen people were hurt.", 12, "more_than", 12, math.inf),
        ("Nearly a hundred homes burned down.", 100, "nearly", None, 100),
        ("Over a million people marched.", 1e6, "more_than", 1e6, math.inf),
        ("Almost a dozen boats sank.", 12, "nearly", None, 12),
        ("The club hired 600 plus engineers.", 600, "at_least", 600, math.inf),
        ("The fair drew 5,000+ visitors.", 5000, "at_least", 5000, math.inf),
    ],
)
def test_a_qualifier_survives_an_article_or_a_plus(
    text: str, value: float, qualifier: str, low: float | None, high: float
) -> None:
    (h,) = counts(text)
    assert (h.value, h.qualifier, h.high) == (value, qualifier, high)
    if low is not None:
        assert h.low == low


def test_an_article_before_a_compound_adjective_is_not_a_qualifier_target() -> None:
    (h,) = hits("Prices rose over a 3-month period.")
    assert (h.kind, h.qualifier, h.value) == ("duration", "exact", 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The shop lost (£636,000) in the year.", 636000),
        ("Its reserves were $12,000 (about €11,000) at the time.", 12000),
        ("It was -5 °C overnight.", -5),
        ("The index stood at minus 3 points.", -3),
    ],
)
def test_only_a_real_minus_makes_a_negative(text: str, value: float) -> None:
    assert hits(text)[0].value == value


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("They signed a $5-billion contract.", 5e9, "money"),
        ("The town raised $1.5-million for the bridge.", 1.5e6, "money"),
        ("The 2-million-strong crowd cheered.", 2e6, "count"),
        ("It is a 10-year plan.", 10, "duration"),
        ("She went on a 5-day trip.", 5, "duration"),
    ],
)
def test_hyphenated_scale_words(text: str, value: float, kind: str) -> None:
    h = hits(text)[0]
    assert (h.value, h.kind) == (value, kind)


@pytest.mark.parametrize(
    "text",
    [
        "The ring is made of 18k gold.",
        "The case is 18-carat gold.",
        "The camera records 4K video.",
        "The phone supports 5G and 4G networks.",
        "He bought a PS4 and an MP3 player.",
        "COVID-19 spread quickly.",
        "She upgraded to the iPhone 6 last week.",
        "The office still runs Windows 10 on every desk.",
        "Leaders met at the G20 summit.",
        "The F-35 flew over the base.",
        "The airline ordered a Boeing 777 and an A380.",
        "In episode 5 of season 3 the hero returns.",
        "See page 12 and chapter 4 of the report.",
        "Flight 370 vanished over the ocean.",
        "Call 555-123-4567 for details.",
        "Write to the office at ZIP 90210.",
        "The meeting starts at 10:30 in the hall.",
        "The home side won 3-2 on Sunday.",
        "The war lasted from 1939 to 1945.",
        "He was born on 5 January 1990.",
        "She finished 5th in the race.",
        "He lives at 221 Baker Street.",
        "The statue dates from 165 BC.",
        "Prices were lower in the 90s.",
    ],
)
def test_names_codes_and_labels_are_never_counts(text: str) -> None:
    assert counts(text) == []


def test_karats_are_a_measure() -> None:
    (h,) = hits("The ring is made of 18k gold.")
    assert (h.value, h.kind, h.unit) == (18, "measure", "carat")


def test_a_product_number_is_a_label() -> None:
    (h,) = hits("She upgraded to the iPhone 6 last week.")
    assert (h.value, h.kind, h.metric) == (6, "ordinal", None)


def test_a_name_before_a_unit_keeps_the_measure() -> None:
    found = hits("The Intel chip runs at 2.80 GHz with 8 MB of cache.")
    assert [(h.value, h.kind) for h in found] == [(2.8, "measure"), (8, "measure")]


@pytest.mark.parametrize(
    "text",
    [
        "There were 5 s in the word.",
        "Give me 4 u plus more.",
        "The team had 3 out like before.",
        "The two go on to share a laugh.",
        "Seven out of 10 people agreed.",
        "The three arrived in the city.",
        "Apple sold more than four times as many.",
    ],
)
def test_the_counted_noun_is_a_real_noun(text: str) -> None:
    for h in counts(text):
        assert h.metric is None or real_noun(h.metric), h
        assert h.metric not in ("s", "u", "plus", "out", "like", "go", "arrived", "time")


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("There are 2,600 U.S. troops in the country.", "troops"),
        ("They sent up to 1,500 more US soldiers.", "troops"),
        ("An estimated 15,000 foreign fighters joined.", "combatant"),
        ("Poland scrambled six of its F-16 fighters.", "aircraft"),
        ("The storm destroyed 40 houses.", "homes_destroyed"),
        ("Police arrested 12 others.", "arrested"),
        ("The rebels executed two of their own fighters.", "combatant"),
    ],
)
def test_the_counted_noun(text: str, metric: str) -> None:
    assert counts(text)[0].metric == metric


def test_a_bit_is_not_a_measure() -> None:
    assert hits("The rules are a bit loose.") == []


def test_extract_claims_keeps_the_qualifier_end_to_end() -> None:
    (f,) = [f for f in figures("Over a 1000 soldiers were killed, officials said.") if f.kind == "count"]
    assert (f.value, f.qualifier, f.metric) == (1000, "more_than", "killed")


def test_vague_amounts_of_a_currency_are_money() -> None:
    (h,) = hits("The group makes millions of dollars from ransoms.")
    assert (h.kind, h.metric, h.unit) == ("money", "money", "USD")


@pytest.mark.parametrize("text", ["The order id was 510456172418517.", "The code 000000 was rejected."])
def test_identifiers_are_not_figures(text: str) -> None:
    assert hits(text) == []


def test_an_em_dash_ends_the_counted_noun() -> None:
    (h,) = counts("One comedian—the youngest—won the prize.")
    assert h.metric == "comedian"
