from __future__ import annotations

import math

import pytest

from factcheck.core import ExtractionConfig, Figure, extract_claims
from factcheck.core.figures import find_figures
from factcheck.core.tokens import tokenize


def figures(text: str, config: ExtractionConfig | None = None) -> list[Figure]:
    return [f for c in extract_claims(text, config=config) for f in c.figures]


def only(text: str) -> Figure:
    found = figures(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("They counted 250,000 ballots.", 250000),
        ("They counted 1.5 ballots.", 1.5),
        ("They counted nine ballots.", 9),
        ("They counted ninety-nine ballots.", 99),
        ("They counted two hundred and fifty thousand ballots.", 250000),
        ("They counted a hundred and two ballots.", 102),
        ("They counted 1.5 million ballots.", 1.5e6),
        ("They counted three million, two hundred & forty ballots.", 3000240),
    ],
)
def test_it_reads_numbers_in_digits_and_words(text: str, value: float) -> None:
    assert only(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The deal is worth $2bn.", 2e9, "USD"),
        ("The deal is worth €3.4 billion.", 3.4e9, "EUR"),
        ("The deal is worth £500,000.", 5e5, "GBP"),
        ("The deal is worth 40 million dollars.", 4e7, "USD"),
    ],
)
def test_it_reads_money(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit, f.kind, f.metric) == (value, unit, "money", "money")


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("They found 40 bodies.", "exact", 40, 40),
        ("They found at least 40 bodies.", "at_least", 40, math.inf),
        ("They found more than 40 bodies.", "more_than", 40, math.inf),
        ("They found over 40 bodies.", "more_than", 40, math.inf),
        ("They found up to 40 bodies.", "at_most", 0, 40),
        ("They found as many as 40 bodies.", "at_most", 0, 40),
        ("They found fewer than 40 bodies.", "fewer_than", 0, 40),
        ("They found about 40 bodies.", "about", 36, 44),
        ("They found some 40 bodies.", "about", 36, 44),
        ("They found an estimated 40 bodies.", "about", 36, 44),
        ("They found nearly 400 bodies.", "nearly", 360, 400),
        ("They found almost 400 bodies.", "nearly", 360, 400),
        ("They found between 10 and 15 bodies.", "range", 10, 15),
        ("They found 10-15 bodies.", "range", 10, 15),
        ("They found 10 to 15 bodies.", "range", 10, 15),
        ("They found dozens of bodies.", "range", 24, 119),
        ("They found hundreds of bodies.", "range", 200, 999),
        ("They found a dozen bodies.", "about", 10, 14),
    ],
)
def test_it_turns_qualifiers_into_intervals(text: str, qualifier: str, low: float, high: float) -> None:
    f = only(text)
    assert (f.qualifier, f.low, f.high) == (
        qualifier,
        pytest.approx(low),
        pytest.approx(high) if high != math.inf else math.inf,
    )


def test_it_takes_bands_from_the_config() -> None:
    f = figures("They found about 100 bodies.", ExtractionConfig(about_band=0.2))[0]
    assert (f.low, f.high) == (80, 120)


@pytest.mark.parametrize(
    ("text", "unit", "kind"),
    [
        ("Turnout rose 5%.", "%", "percent"),
        ("Turnout rose 5 percent.", "%", "percent"),
        ("Turnout rose 2 percentage points.", "pp", "percent"),
        ("He weighs 127 kg.", "kg", "measure"),
        ("He weighs 280 lb.", "lb", "measure"),
        ("He weighs 19 stone.", "stone", "measure"),
        ("The convoy drove 40 km.", "km", "measure"),
        ("The convoy drove 25 miles.", "mi", "measure"),
        ("It was 30 degrees Fahrenheit.", "F", "measure"),
        ("It was -5 °C.", "C", "measure"),
    ],
)
def test_it_labels_units(text: str, unit: str, kind: str) -> None:
    f = only(text)
    assert (f.unit, f.kind) == (unit, kind)


def test_it_reads_negative_numbers() -> None:
    assert only("It was -5 °C.").value == -5


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Prices rose by 4% last year.", "up"),
        ("Prices fell by 4% last year.", "down"),
        ("Prices were down 4% last year.", "down"),
    ],
)
def test_it_reads_the_direction_of_change(text: str, change: str) -> None:
    assert only(text).change == change


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A 34-year-old driver was arrested.", "age"),
        ("The driver, aged 34, was arrested.", "age"),
        ("The talks lasted 34 hours.", "duration"),
        ("The law passed in 1994.", "date"),
        ("The vote is on Jan. 5 in the capital.", "date"),
        ("It was her 21st birthday.", "ordinal"),
    ],
)
def test_it_never_reports_ages_durations_dates_or_ordinals_as_counts(text: str, kind: str) -> None:
    tokens = tokenize(text)
    hits = find_figures(tokens, 0, len(tokens))
    assert kind in {h.kind for h in hits}
    assert [h for h in hits if h.kind == "count" and h.metric != "arrested"] == []


def test_it_ignores_model_names() -> None:
    assert figures("The F-16 and the MH17 report were discussed.") == []


def test_it_reads_a_generic_counted_noun() -> None:
    f = only("The storm destroyed 40 houses.")
    assert (f.metric, f.unit) == ("homes_destroyed", "houses")


def test_it_spans_the_figure_text() -> None:
    text = "In Lviv, two people were killed."
    f = only(text)
    assert text[f.start : f.end] == f.text == "two people were killed"
