"""Changes: the verbs of change, a sign, "rose by X to Y" (a change and the level it
reached) and a change carried to a coordinated figure."""

from __future__ import annotations

import pytest

from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("The tech index advanced 2% by the close.", "up"),
        ("Copper prices plummeted 30% over the summer.", "down"),
        ("The carrier shed 1,200 jobs in the spring.", "down"),
        ("The lender trimmed its forecast by 0.5 percentage points.", "down"),
        ("The peso weakened 1.5% against the euro.", "down"),
        ("Gold rallied 4% after the vote.", "up"),
        ("Exports dipped 0.8% in April.", "down"),
        ("Home sales saw a 7% rise in June.", "up"),
    ],
)
def test_it_reads_the_verb_of_change(text: str, change: str) -> None:
    (hit,) = figures(text)
    assert hit.change == change


def test_edged_up_to_is_a_level_reached_not_a_ceiling() -> None:
    (hit,) = figures("Joblessness edged up to 5.1% in May.")
    assert (hit.qualifier, hit.low, hit.high, hit.change) == ("exact", 5.1, 5.1, "up")


def test_a_plus_sign_is_a_rise_and_a_minus_sign_on_a_share_a_fall() -> None:
    rise, fall = figures("Output grew +0.3% while prices moved -0.4% over the year.")
    assert (rise.value, rise.change, rise.start) == (0.3, "up", 12)
    assert (fall.value, fall.change) == (-0.4, "down")


def test_rose_by_x_to_y_is_a_change_and_the_level_it_reached() -> None:
    by, to = figures("Turnover rose by 5% to $3.2 billion.")
    assert (by.value, by.unit, by.change) == (5.0, "%", "up")
    assert (to.value, to.unit, to.change, to.kind) == (3.2e9, "USD", None, "money")


def test_a_change_carries_to_a_coordinated_figure_in_points() -> None:
    found = figures("The jobless rate rose 3%, or 0.6 points, to 21%.")
    assert [(h.value, h.unit, h.change) for h in found] == [(3.0, "%", "up"), (0.6, "pp", "up"), (21.0, "%", None)]


@pytest.mark.parametrize(
    ("text", "change", "level"),
    [
        # a count: never the range [12, 40]
        ("The toll from the quake climbed by 12 to 40.", (12.0, 12.0, "up"), (40.0, 40.0, None)),
        ("Inflation fell by 0.4 points to 2.1%.", (0.4, 0.4, "down"), (2.1, 2.1, None)),
        ("The club's roll grew by 300 members to 4,500.", (300.0, 300.0, "up"), (4500.0, 4500.0, None)),
        # money: the currency before each end does not make it a range
        ("Its turnover climbed by $3m to $25m last year.", (3e6, 3e6, "up"), (25e6, 25e6, None)),
        ("The fund shrank by €1.5 billion to €9 billion.", (1.5e9, 1.5e9, "down"), (9e9, 9e9, None)),
        ("Takings rose by £400,000 to £2.2 million.", (4e5, 4e5, "up"), (2.2e6, 2.2e6, None)),
    ],
)
def test_rose_by_x_to_y_reads_the_change_apart_from_the_level(
    text: str, change: tuple[float, float, str], level: tuple[float, float, None]
) -> None:
    by, to = figures(text)
    assert ((by.low, by.high, by.change), (to.low, to.high, to.change)) == (change, level)


def test_the_level_reached_counts_what_the_change_counted() -> None:
    by, to = figures("The club's roll grew by 300 members to 4,500.")
    assert (to.metric, to.unit) == (by.metric, by.unit) == ("people", "people")
    drop, rate = figures("Inflation fell by 0.4 points to 2.1%.")
    assert (drop.kind, drop.unit, rate.kind, rate.unit) == ("percent", "pp", "percent", "%")


def test_a_forecast_rise_by_x_to_y_stays_a_range_of_change() -> None:
    (hit,) = figures("Fares will rise by 10 to 20 percent next year.")
    assert (hit.low, hit.high, hit.change) == (10.0, 20.0, "up")


def test_a_forecast_rise_by_money_to_money_stays_a_range_of_change() -> None:
    (hit,) = figures("Its costs will rise by $2m to $4m next year.")
    assert (hit.low, hit.high, hit.change) == (2e6, 4e6, "up")


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("Gunmen mowed down 14 worshippers at the shrine.", None),
        ("Police rounded up 40 suspects overnight.", None),
        ("Rangers cut down 300 trees along the road.", None),
        ("The army shot down 12 drones.", None),
        ("Factory payrolls were down 3,000 jobs in March.", "down"),
        ("The index closed up 40 points.", "up"),
        ("Sales fell, down 6% on the year.", "down"),
    ],
)
def test_down_or_up_before_a_count_of_things_is_a_verbs_particle_not_a_change(text: str, change: str | None) -> None:
    (hit,) = figures(text)
    assert hit.change == change
