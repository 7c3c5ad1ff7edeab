"""Not figures: ZIP and area codes, lap and race times, names with numbers, "one" as a
pronoun or in an idiom, and number words inside compound adjectives."""

from __future__ import annotations

import pytest

from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


def counts(text: str) -> list[float]:
    return [h.value for h in figures(text) if h.kind == "count"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The clinic in ZIP code 10001 treated 40 patients.", [40.0]),
        ("Calls from area code 212 rose to 900 a day.", [900.0]),
        ("Viewers of BBC One sent 300 complaints.", [300.0]),
        ("Seven teams entered Formula One this year.", [7.0]),
        ("He bought the same one as the 12 others.", [12.0]),
        ("That was the one that 20 fans wanted.", [20.0]),
        ("No one was hurt, but 14 cars burned.", [14.0]),
        ("At one point 500 people queued.", [500.0]),
        ("They left one by one, all 30 of them.", [30.0]),
        ("The six-speed gearbox failed in 200 cars.", [200.0]),
        ("A four-cylinder engine powers 3 models.", [3.0]),
        ("They sold a three-bed house to 2 buyers.", [2.0]),
        ("Two-state talks drew 9 envoys.", [9.0]),
    ],
)
def test_it_keeps_codes_names_pronouns_and_compounds_out_of_the_counts(text: str, expected: list[float]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("She set a lap of 1:32.5 in qualifying.", 92.5),
        ("He won the marathon in 2:05:31.", 7531.0),
    ],
)
def test_a_lap_or_race_time_is_a_duration_not_a_count(text: str, seconds: float) -> None:
    (hit,) = figures(text)
    assert (hit.kind, hit.value, hit.unit) == ("duration", seconds, "seconds")


def test_a_clock_time_stays_a_time_of_day_beside_a_lap_time() -> None:
    found = figures("The lap of 1:32.5 came before the 10:30 start and the 14:05:10 finish.")
    assert [(h.kind, h.metric) for h in found] == [("duration", "duration"), ("date", "time"), ("date", "time")]


def test_one_is_still_a_count_where_it_counts() -> None:
    assert counts("Only one soldier survived: the one who hid.") == [1.0]
