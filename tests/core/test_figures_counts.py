"""What is counted: the event read from the clause, so that a count has a metric an editor
would recognise and can be compared across sources."""

from __future__ import annotations

import pytest

from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Police said 200 pupils were abducted from a dormitory.", "abducted"),
        ("Gunmen kidnapped 40 villagers on the highway.", "abducted"),
        ("About 3,000 people lost their homes in the blaze.", "homeless"),
        ("Nine climbers were trapped by the avalanche.", "trapped"),
        ("Some 60 guests were sickened at the wedding.", "infected"),
    ],
)
def test_it_reads_what_happened_to_those_counted(text: str, metric: str) -> None:
    (hit,) = figures(text)
    assert hit.metric == metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("The coroner's list gives 14 miners as having been killed in the collapse.", "killed"),
        ("Rangers listed 30 hikers as missing after the storm.", "missing"),
        ("The clinic recorded 8 volunteers as hospitalised.", "hospitalized"),
        ("The registry counts 5 sailors as having died at sea.", "killed"),
    ],
)
def test_it_reads_what_a_report_lists_those_counted_as(text: str, metric: str) -> None:
    (hit,) = figures(text)
    assert hit.metric == metric


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("Customs officers seized 3 trucks and 11 drivers at the border.", ["trucks_seized", "abducted"]),
        ("The blaze destroyed 25 barns and 8 silos.", ["barns_destroyed", "silos_destroyed"]),
        ("Bandits kidnapped 14 pupils and three cooks.", ["abducted", "abducted"]),
        ("The strike killed 6 guards, 2 drivers and 4 porters.", ["killed", "killed", "killed"]),
        ("Troops rescued 9 miners, and 2 engineers.", ["rescued", "rescued"]),
        ("The flood destroyed 30 barns near Tula and 12 mills in Orel.", ["barns_destroyed", "mills_destroyed"]),
    ],
)
def test_objects_listed_after_one_verb_share_its_event(text: str, metrics: list[str]) -> None:
    assert [h.metric for h in figures(text)] == metrics


@pytest.mark.parametrize(
    "text",
    [
        "Customs officers seized 3 trucks and said 11 drivers were unhurt.",
        "Customs officers seized 3 trucks and 11 drivers were unhurt.",
    ],
)
def test_a_count_after_a_second_verb_or_in_a_clause_of_its_own_does_not_take_the_first_verbs_event(
    text: str,
) -> None:
    trucks, drivers = figures(text)
    assert trucks.metric == "trucks_seized"
    assert drivers.metric != "abducted"


def test_the_verb_before_an_object_wins_over_the_verb_of_a_clause_joined_after_it() -> None:
    soldiers, civilians = figures("The shelling killed 4 soldiers and 7 civilians were hurt.")
    assert (soldiers.metric, civilians.metric) == ("killed", "injured")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("The fire killed 22 people, including eight women, the brigade said.", "women"),
        ("The quake injured 70 residents, among them nine pupils.", "pupils"),
        ("The landslide buried 14 people, three of them boys.", "boys"),
        ("The shelling wounded 50 people, 20 of whom were children.", "children"),
        ("Eleven nurses were among the 35 hurt in the crash.", "nurses"),
    ],
)
def test_a_part_of_a_toll_counts_the_group_it_picks_out(text: str, group: str) -> None:
    counts = [h for h in figures(text) if h.kind == "count"]
    [part] = [h for h in counts if h.parent is not None]
    whole = counts[part.parent]
    assert (part.metric, part.unit) == (whole.metric, group)
    assert whole.unit == "people"
