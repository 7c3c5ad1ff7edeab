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


@pytest.mark.parametrize(
    ("text", "group", "metric"),
    [
        ("Of the 25 dead, seven were children.", "children", "killed"),
        ("Among the 400 workers laid off, 150 were women.", "women", "laid_off"),
        ("Of the 18 hurt, at least five were boys.", "boys", "injured"),
        ("Of the 33 killed in the old port, nine were girls.", "girls", "killed"),
    ],
)
def test_a_count_after_the_whole_named_before_it_is_a_part_of_that_whole(text: str, group: str, metric: str) -> None:
    whole, part = figures(text)
    assert part.parent == 0
    assert (part.metric, part.unit) == (whole.metric, group) == (metric, group)


def test_a_part_of_a_whole_named_before_it_keeps_an_event_of_its_own() -> None:
    whole, part = figures("Of the 14 pilgrims, three were hurt.")
    assert part.parent == 0
    assert (part.metric, part.unit) == ("injured", whole.unit)
    # no opener at the start of the clause: the comma alone names no whole
    assert figures("Rescuers reached 14 pilgrims, three were hurt.")[1].parent is None


@pytest.mark.parametrize(
    "text",
    [
        "The ferry carried 30 tourists, among whom were six children.",
        "The ferry carried 30 tourists, among them six children.",
    ],
)
def test_a_part_of_people_who_are_not_just_people_counts_its_own_group(text: str) -> None:
    whole, part = figures(text)
    assert part.parent == 0
    assert (part.metric, part.unit) == (whole.metric, "children")


@pytest.mark.parametrize(
    ("person", "thing"),
    [
        ("Rebels seized 14 activists near the border.", "Pirates seized 19 tankers off the cape."),
        ("Gunmen seized 3 teachers at the school.", "Customs seized 5 containers at the port."),
        ("Bandits seized 11 engineers at the dam.", "Police seized 3 computers in the raid."),
        ("The militia seized 40 evacuees on the road.", "Troops seized 4 generators at the plant."),
        ("Pirates seized 9 seamen off the cape.", "Police seized 7 checklists in the raid."),
        ("Gunmen seized 12 technicians at the plant.", "The agency seized 6 degrees it had granted."),
    ],
)
def test_it_tells_people_named_by_nouns_beyond_its_lists_from_things(person: str, thing: str) -> None:
    (seized_people,) = figures(person)
    (seized_things,) = figures(thing)
    assert (seized_people.metric, seized_things.metric == "abducted") == ("abducted", False)


@pytest.mark.parametrize(
    ("person", "thing"),
    [
        ("Gunmen seized 12 lawyers outside the court.", "Customs seized 12 computers at the port."),
        ("Rebels seized 6 divers off the reef.", "Troops seized 3 motors at the depot."),
        ("Bandits seized 8 investors at the hotel.", "Police seized 20 printers in the raid."),
        ("The militia seized 15 bakers at dawn.", "Pirates seized 5 containers off the cape."),
    ],
)
def test_it_reads_people_nouns_ending_in_er_or_or_ant_from_wordnet(person: str, thing: str) -> None:
    (seized_people,) = figures(person)
    (seized_things,) = figures(thing)
    assert (seized_people.metric, seized_things.metric == "abducted") == ("abducted", False)


def test_a_part_of_a_toll_of_people_named_by_a_wordnet_noun_counts_its_own_group() -> None:
    whole, part = figures("Twelve bakers were killed in the fire, including three women.")
    assert part.parent == 0
    assert (part.metric, part.unit) == ("killed", "women")
