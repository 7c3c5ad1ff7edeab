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
