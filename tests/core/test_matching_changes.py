"""A change ("rose 3%", "fell by $2m") is its own fact: compared with changes, never with levels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from factcheck.core.facts import fact_frame
from factcheck.core.matching import find_conflicts

from .test_matching import fact, kinds

DAY = date(2024, 5, 7)


def rate(value: float, change: str | None, source: str, *, metric: str = "inflation"):
    """A percent figure of one metric on one day, as a rise, a fall or a level."""
    figure = fact(value, metric=metric, kind="percent", unit="%", location=None, source=source, event_date=DAY)
    words = {"up": "rose", "down": "fell", None: "stood at"}[change]
    return replace(figure, change=change, sentence=f"{source} said {metric} {words} {value}% in May.")


def test_a_rise_is_never_compared_with_a_level():
    assert find_conflicts([rate(0.4, "up", "A"), rate(3.1, None, "B")]) == []
    assert find_conflicts([rate(3.1, None, "A"), rate(0.4, "down", "B")]) == []


def test_two_rises_that_differ_disagree():
    assert kinds(find_conflicts([rate(0.4, "up", "A"), rate(0.7, "up", "B")])) == ["conflict"]


def test_a_rise_and_a_fall_of_the_same_size_disagree():
    findings = find_conflicts([rate(6, "up", "A"), rate(6, "down", "B")])
    assert kinds(findings) == ["conflict"]
    assert "a rise of 6% inflation" in findings[0].explanation and "a fall of 6% inflation" in findings[0].explanation


def test_a_fall_given_with_its_sign_agrees_with_the_same_fall_in_words():
    assert "conflict" not in kinds(find_conflicts([rate(-2, "down", "A"), rate(2, "down", "B")]))


def test_two_levels_still_disagree_as_before():
    assert kinds(find_conflicts([rate(3.1, None, "A"), rate(3.4, None, "B")])) == ["conflict"]


def test_a_change_has_a_frame_of_its_own_inside_a_story():
    killed = fact(12, metric="killed", event_date=DAY)
    level, rise = fact_frame(killed), fact_frame(replace(killed, change="up"))
    assert level is not None and rise is not None
    assert rise.metric == "killed change" and level.metric == "killed" and rise.strength == level.strength


def test_a_level_reached_is_compared_as_a_level_whatever_its_direction():
    risen = replace(
        fact(27, source="A", event_date=DAY),
        sentence="The toll has risen to 27, officials said.",
        text="27",
        change="up",
    )
    earlier = replace(fact(12, source="B", event_date=DAY), sentence="Twelve people died, police said.", text="Twelve")
    assert kinds(find_conflicts([risen, earlier])) in (["conflict"], ["update"])
    amount = replace(risen, sentence="The toll rose 27 overnight, officials said.")
    assert find_conflicts([amount, earlier]) == []
