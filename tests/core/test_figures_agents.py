"""Who did it and who it happened to: an article noun that acts is no victim count;
armed fighters count one subject; "50 or 60" is one range."""

from __future__ import annotations

import pytest

from factcheck.core import extract_claims


def figures(text: str) -> list:
    return [f for c in extract_claims(text) for f in c.figures]


@pytest.mark.parametrize(
    "text",
    [
        "A retired teacher has killed at least 12 raiders near the border.",
        "A soldier wounded three attackers outside the depot, police said.",
        "A nurse who killed two intruders was questioned by detectives.",
        "A guard had injured more than 20 looters before dawn, the mayor said.",
        "A pensioner hurt them with a shovel, the court heard.",
    ],
)
def test_the_subject_of_an_active_casualty_verb_is_not_one_victim(text: str) -> None:
    assert all(f.value != 1 or f.kind != "count" for f in figures(text)), figures(text)


def test_the_agent_leaves_the_count_of_its_victims() -> None:
    [figure] = figures("A retired teacher has killed at least 12 raiders near the border.")
    assert (figure.text, figure.value, figure.low, figure.qualifier, figure.metric) == (
        "at least 12 raiders",
        12,
        12,
        "at_least",
        "killed",
    )


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("A local guard was killed in the blast.", "killed"),
        ("A teacher was wounded when the shell landed.", "injured"),
        ("A soldier who was hurt later died, the army said.", "injured"),
        ("A driver killed in the crash was named on Friday.", "killed"),
        ("A man killed last week was buried in Dornvale.", "killed"),
        ("A boy injured by shrapnel was flown to Harlow.", "injured"),
        ("A pensioner killed himself, the coroner found.", "killed"),
        ("A National Guard soldier was killed near the river.", "killed"),
    ],
)
def test_a_passive_or_objectless_casualty_stays_one_victim(text: str, metric: str) -> None:
    ones = [f for f in figures(text) if f.kind == "count" and f.value == 1]
    assert [(f.value, f.metric, f.unit) for f in ones] == [(1, metric, "people")]


@pytest.mark.parametrize(
    "text",
    [
        "Police said 25 Thornfield fighters were killed.",
        "Police said 20 Taliban were killed in the valley.",
        "At least 25 Taliban insurgents were killed, the governor said.",
        "Officials said 30 militants died in the raid.",
        "The army said 14 rebels were killed near Vell Harbour.",
        "The army said 14 IS militants were killed.",
        "Troops killed 12 Isis fighters overnight.",
        "The army killed 9 al-Shabaab militants on Sunday.",
        "The army said 40 jihadists were killed.",
        "Police said 3 gunmen were killed in the exchange.",
        "Officials said 16 ISIL were captured at the crossing.",
    ],
)
def test_combatants_are_one_counted_subject(text: str) -> None:
    [figure] = [f for f in figures(text) if f.kind == "count"]
    assert figure.unit == "combatants"


def test_the_same_fight_in_two_words_counts_the_same_subject() -> None:
    a = figures("Police said 25 Taliban fighters were killed.")[0]
    b = figures("At least 25 Taliban insurgents were killed, officials said.")[0]
    c = figures("Police said 25 Taliban were killed.")[0]
    assert a.unit == b.unit == c.unit == "combatants"
    assert a.metric == b.metric == c.metric == "killed"


def test_fighter_aircraft_are_still_aircraft() -> None:
    assert figures("Poland scrambled six of its F-16 fighters.")[0].unit == "aircraft"
    assert figures("Two jet fighters were shot down, the ministry said.")[0].unit == "aircraft"


def test_combatants_among_a_toll_keep_their_own_subject() -> None:
    total, part = figures("Airstrikes killed 30 people, including 5 militants, the governor said.")
    assert (total.unit, part.unit, part.metric, part.subset_of) == ("people", "combatants", "killed", 0)


def test_the_word_is_after_a_number_is_still_a_verb() -> None:
    [figure] = figures("The council said the quota of 12 is too small.")
    assert figure.unit != "combatants"


def test_two_groups_of_fighters_and_soldiers_share_the_verb() -> None:
    soldiers, fighters = figures("Two soldiers and 12 Taliban were killed, the ministry said.")
    assert (soldiers.metric, fighters.metric, fighters.unit) == ("killed", "killed", "combatants")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("50 or 60 doctors were hurt, the union said.", 50, 60),
        ("Two or three doctors were hurt, the union said.", 2, 3),
        ("Officials said 200 or 300 homes were flooded.", 200, 300),
        ("About 30 or 40 percent of the crop was lost, farmers said.", 30, 40),
    ],
)
def test_two_alternatives_are_one_range(text: str, low: float, high: float) -> None:
    [figure] = figures(text)
    assert (figure.low, figure.high, figure.qualifier) == (low, high, "range")


def test_fifty_or_sixty_hurt_is_a_range_of_injured_people() -> None:
    [figure] = figures("50 or 60 doctors were hurt, the union said.")
    assert (figure.value, figure.metric, figure.unit) == (55, "injured", "people")


@pytest.mark.parametrize(
    "text",
    [
        "The poll found 1,234 or 56% of members voted.",
        "The tally was 20 or 2, depending on the count.",
        "They counted 500,000 or 1 million people.",
    ],
)
def test_alternatives_that_are_no_range_stay_two_figures(text: str) -> None:
    assert len(figures(text)) == 2


def test_two_days_in_a_row_are_not_a_range_of_days() -> None:
    found = figures("The envoys met on Dec. 1 or 2 at the embassy, a spokesman said.")
    assert ("Dec. 1", 1) in [(f.text, f.value) for f in found]


def parts(text: str) -> list[tuple[str, str | None]]:
    """Each figure with the text of the figure it is given as part of."""
    figures = [f for c in extract_claims(text) for f in c.figures]
    return [(f.text, figures[f.subset_of].text if f.subset_of is not None else None) for f in figures]


def test_the_count_before_among_is_part_of_the_count_after() -> None:
    assert parts("The three were among 14 recruits on the course, the school said.") == [
        ("three", "14 recruits"),
        ("14 recruits", None),
    ]


def test_a_part_among_the_dead_died() -> None:
    [soldiers, dead] = [
        f for c in extract_claims("Two soldiers were among the 12 people killed, the army said.") for f in c.figures
    ]
    assert (soldiers.metric, soldiers.subset_of, dead.metric) == ("killed", 1, "killed")


def test_people_included_are_part_of_the_people_not_of_the_places() -> None:
    text = "There were 200 cadets from six nations at the camp, including 15 officers from Veltria."
    assert ("15 officers", "200 cadets") in parts(text)


def test_among_opening_a_clause_makes_no_part() -> None:
    text = "Among the 578 voters asked, the margin is 4 points, while among the 514 others it is 5 points."
    assert all(whole is None for _, whole in parts(text))


def test_a_one_time_rival_is_no_total() -> None:
    assert all(whole is None for _, whole in parts("She faces four of her one-time rivals, the poll shows."))


@pytest.mark.parametrize(
    "text",
    ["She faces her one-time rivals, the poll shows.", "It is a three-way race.", "A one-off payment was made."],
)
def test_a_number_word_inside_an_adjective_is_no_count(text: str) -> None:
    assert [f.text for f in figures(text)] == []
