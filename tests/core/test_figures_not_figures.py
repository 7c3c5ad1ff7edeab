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


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Polls close on 5 May, the commission said.", 5.0),
        ("The truce of 9 May did not last.", 9.0),
        ("By 21 May 2025, some 90 families had left.", 21.0),
        ("Ballots are counted from 4 to 6 May.", 4.0),
        ("The envoys met on the 3rd of June.", 3.0),
        ("The 14th of March raid destroyed 4 depots.", 14.0),
        ("Crews returned on 22nd April with 8 trucks.", 22.0),
        ("Crews returned on April 22nd with 8 trucks.", 22.0),
    ],
)
def test_a_day_of_a_month_is_a_date_never_a_count(text: str, day: float) -> None:
    found = figures(text)
    [date] = [h for h in found if h.kind == "date" and h.metric == "date"]
    assert date.low == day
    assert day not in [h.value for h in found if h.kind != "date"]


def test_a_capitalised_may_is_the_month_in_prose_and_may_be_the_verb_in_a_headline() -> None:
    assert counts("Up To 5 May Be Missing After Flood") == [5.0]
    assert counts("Up to 5 May crews will stay, and 30 more after.") == [30.0]
