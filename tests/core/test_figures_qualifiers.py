"""Verbs and prepositions that bound a figure: "exceeded 300" is more than 300, "within 10 km" at most 10."""

from __future__ import annotations

import math

import pytest

from factcheck.core import extract_claims


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "low", "high"),
    [
        ("Ticket sales are expected to exceed 40 million, the promoter said.", 40e6, "more_than", 40e6, math.inf),
        ("The harbour authority said losses exceeded $3bn.", 3e9, "more_than", 3e9, math.inf),
        ("The death toll surpassed 250 on Sunday, the ministry said.", 250, "more_than", 250, math.inf),
        ("Homes within 5 km of the dam were emptied, the mayor said.", 5, "at_most", 0, 5),
        ("The council promised a decision within 48 hours.", 48, "at_most", 0, 48),
    ],
)
def test_bounding_words_make_open_intervals(text: str, value: float, qualifier: str, low: float, high: float) -> None:
    [figure] = [f for c in extract_claims(text) for f in c.figures]
    assert (figure.value, figure.qualifier, figure.low, figure.high) == (value, qualifier, low, high)


@pytest.mark.parametrize(
    "text",
    [
        "The leak held something like 40,000 messages, the senator said.",
        "Repairs will cost in the region of 40,000 euros, the council said.",
        "The archive holds on the order of 40,000 files, the curator said.",
        "The crowd was in the neighbourhood of 40,000 people, organisers said.",
    ],
)
def test_phrases_of_roughness_make_a_figure_approximate(text: str) -> None:
    [figure] = [f for c in extract_claims(text) for f in c.figures]
    assert (figure.value, figure.qualifier) == (40_000, "about")
    assert figure.low < 40_000 < figure.high


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("The contractor handed over about 900 invoices and 300 receipts, the auditor said.", "about"),
        ("At least 14 miners were killed and 40 injured in the collapse, the company said.", "at_least"),
    ],
)
def test_a_figure_coordinated_with_a_qualified_one_takes_its_qualifier(text: str, qualifier: str) -> None:
    first, second = [f for c in extract_claims(text) for f in c.figures]
    assert (first.qualifier, second.qualifier) == (qualifier, qualifier)
    assert second.low < second.high


@pytest.mark.parametrize(
    "text",
    [
        "The firm lost about $9 million and 12 managers resigned, the regulator said.",  # a sum, then a count
        "Nearly 40 passengers drowned and 12 were rescued, the coastguard said.",  # "nearly" bounds its own figure
    ],
)
def test_a_figure_keeps_its_own_reading_beside_another_kind_or_a_bound_below(text: str) -> None:
    second = [f for c in extract_claims(text) for f in c.figures][-1]
    assert (second.value, second.qualifier) == (12, "exact")


def test_a_duration_bounded_by_within_is_still_a_duration_not_a_count() -> None:
    [figure] = [f for c in extract_claims("Crews restored power within 36 hours, the utility said.") for f in c.figures]
    assert figure.kind == "duration"


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Four soldiers and two civilians were killed in the shelling, the governor said.", "killed"),
        ("Three nurses and a doctor were injured when the roof fell, the hospital said.", "injured"),
    ],
)
def test_the_verb_after_two_groups_of_people_counts_both(text: str, metric: str) -> None:
    found = [f for c in extract_claims(text) for f in c.figures]
    assert [f.metric for f in found] == [metric, metric]


def test_troops_sent_somewhere_are_still_troops() -> None:
    text = "The ministry said 3,000 troops and tanks were sent east."
    [figure] = [f for c in extract_claims(text) for f in c.figures]
    assert figure.metric == "troops"


@pytest.mark.parametrize(
    "text", ["The fair runs June 3 to 5, organisers said.", "The fair runs 3 to 5 June, they said."]
)
def test_a_range_of_days_starts_on_its_first_day(text: str) -> None:
    [day] = [f for c in extract_claims(text) for f in c.figures if f.kind == "date"]
    assert (day.value, day.low, day.high, day.qualifier) == (3, 3, 5, "range")  # never "day 4"
