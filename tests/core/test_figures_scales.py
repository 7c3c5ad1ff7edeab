"""Scales: lakh and crore, m / bn / B after a number, scale words in a row, one scale
over both ends of a range, and a year beside a range that is not one of its ends."""

from __future__ import annotations

import pytest

from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


def values(text: str) -> list[tuple[float, float, str]]:
    return [(h.low, h.high, h.kind) for h in figures(text) if h.kind != "date"]


@pytest.mark.parametrize(
    ("text", "low", "high", "kind"),
    [
        ("The scheme will cost Rs 12 crore.", 1.2e8, 1.2e8, "money"),
        ("Nearly INR 3 lakh went missing.", 2.7e5, 3e5, "money"),
        ("The port handled 1.2m tons of grain.", 1.2e6, 1.2e6, "measure"),
        ("About 8 B people live on the planet.", 7.2e9, 8.8e9, "count"),
        ("The app has 40m users in Asia.", 4e7, 4e7, "count"),
        ("It cost 4 hundred million dollars to build.", 4e8, 4e8, "money"),
    ],
)
def test_it_applies_the_scale_after_a_number(text: str, low: float, high: float, kind: str) -> None:
    assert values(text) == [(pytest.approx(low), pytest.approx(high), kind)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("House prices went from $600,000 to $1.1 million.", 6e5, 1.1e6),
        ("Between four and five thousand people marched.", 4e3, 5e3),
        ("Crowds of four to five thousand people gathered.", 4e3, 5e3),
        ("The fund grew from 900 to 1.2 million members.", 900.0, 1.2e6),
    ],
)
def test_it_puts_one_scale_over_both_ends_of_a_range_only_where_it_fits(text: str, low: float, high: float) -> None:
    (hit,) = [h for h in figures(text) if h.kind != "date"]
    assert (hit.qualifier, hit.low, hit.high) == ("range", low, high)


def test_it_keeps_a_year_beside_a_range_out_of_it_but_keeps_a_range_of_years() -> None:
    found = figures("Subscriptions climbed in 2019 to 2.4 million, and from 2020 to 2022 they fell.")
    assert [(h.kind, h.low, h.high) for h in found] == [
        ("date", 2019.0, 2019.0),
        ("count", 2.4e6, 2.4e6),
        ("date", 2020.0, 2022.0),
    ]


def test_a_glued_m_is_millions_before_what_is_counted_and_metres_elsewhere() -> None:
    found = figures("She won the 100m hurdles, the tower is 300m tall, winds hit 20 m/s and the club has 3m members.")
    assert [h.value for h in found] == [100.0, 300.0, 20.0, 3e6]
