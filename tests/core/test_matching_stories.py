"""Across two known stories the matcher compares only a strong key anchored by an explicit event date.

All sentences are invented for these tests.
"""

import itertools
from dataclasses import replace
from datetime import date, datetime

from factcheck.core.matching import BlockIndex, FactFigure, MatchConfig, find_conflicts

_ids = itertools.count(1)
MARCH_1 = datetime(2025, 3, 1, 9, 0)
MARCH_22 = datetime(2025, 3, 22, 9, 0)

# Two reports of mine collapses three weeks apart: the same metric, the same town, words in common.
FIRST = "Rescuers said {n} miners were killed when a shaft collapsed at the Dunmore pit, the mine company said."
SECOND = "The mine company said {n} miners were killed after a shaft collapsed at the Dunmore pit."
THIRD = "A shaft gave way at the Dunmore pit and {n} miners were killed, according to the mine company."


def figure(
    value: float,
    *,
    story: int | None,
    published: datetime | None,
    event_date: date | None = None,
    metric: str = "killed",
    unit: str = "miners",
    sentence: str = FIRST,
) -> FactFigure:
    fid = next(_ids)
    return FactFigure(
        id=fid,
        claim_id=fid,
        article_id=fid,
        source=f"Outlet {fid}",
        published=published,
        speaker="the mine company",
        location="Dunmore",
        event_date=event_date,
        metric=metric,
        kind="count",
        unit=unit,
        value=value,
        low=value,
        high=value,
        qualifier="exact",
        sentence=sentence.format(n=value),
        story_id=story,
    )


def conflicts(figures: list[FactFigure], config: MatchConfig | None = None) -> list[tuple[int, ...]]:
    found = find_conflicts(figures, config or MatchConfig())
    return [f.member_ids for f in found if f.kind in ("conflict", "possible_conflict", "update")]


def weeks_apart(first_story: int | None, second_story: int | None) -> list[FactFigure]:
    """Story one dated only by its publication; story two weeks later, one of its outlets giving no date."""
    return [
        figure(7, story=first_story, published=MARCH_1),
        figure(12, story=second_story, published=MARCH_22, sentence=SECOND),
        figure(12, story=second_story, published=None, sentence=SECOND),
    ]


def test_it_raises_nothing_between_two_stories_weeks_apart_without_explicit_dates() -> None:
    assert conflicts(weeks_apart(1, 2)) == []


def test_it_still_compares_those_figures_when_their_stories_are_unknown() -> None:
    # The rule is about stories: without them (the matcher alone), the undated figure meets both days.
    assert conflicts(weeks_apart(None, None))


def test_it_still_compares_those_figures_inside_one_story() -> None:
    assert conflicts(weeks_apart(4, 4))


def test_it_compares_a_strong_key_with_explicit_dates_across_stories() -> None:
    day = date(2025, 3, 1)
    figures = [
        figure(7, story=1, published=MARCH_1, event_date=day),
        figure(12, story=2, published=MARCH_1, event_date=day, sentence=SECOND),
    ]
    assert conflicts(figures) == [tuple(f.id for f in figures)]


def test_it_meets_an_event_date_with_a_report_of_that_day_from_another_story() -> None:
    # One explicit date anchors the event; a statement published that day may be about it.
    figures = [
        figure(7, story=1, published=MARCH_1, event_date=date(2025, 3, 1)),
        figure(12, story=2, published=datetime(2025, 3, 1, 17), sentence=SECOND),
    ]
    assert conflicts(figures) == [tuple(f.id for f in figures)]


def test_it_can_ask_for_explicit_dates_on_both_sides_across_stories() -> None:
    figures = [
        figure(7, story=1, published=MARCH_1, event_date=date(2025, 3, 1)),
        figure(12, story=2, published=datetime(2025, 3, 1, 17), sentence=SECOND),
    ]
    assert conflicts(figures, MatchConfig(across_stories_both_explicit=True)) == []
    assert conflicts([replace(f, story_id=1) for f in figures], MatchConfig(across_stories_both_explicit=True))


def test_it_never_compares_a_weak_key_across_stories() -> None:
    # "miners" counting miners only names what is counted: across stories that is never one fact.
    day = date(2025, 3, 1)
    weak = [
        figure(7, story=1, published=MARCH_1, event_date=day, metric="miners"),
        figure(12, story=2, published=MARCH_1, event_date=day, metric="miners", sentence=SECOND),
    ]
    assert conflicts([replace(f, story_id=3) for f in weak])
    assert conflicts(weak) == []


def test_it_keeps_the_pairs_of_one_story_when_a_version_mixes_stories() -> None:
    # Story 1 gives 7 and 12, story 2 gives 12 too; only story 1's 12 has an event date.
    day = date(2025, 3, 1)
    low = figure(7, story=1, published=MARCH_1)
    same = figure(12, story=1, published=MARCH_1, event_date=day, sentence=SECOND)
    other = figure(12, story=2, published=MARCH_1, sentence=THIRD)
    (members,) = conflicts([low, same, other])
    assert set(members) == {low.id, same.id}


def test_it_says_why_two_stories_are_not_compared() -> None:
    first, second, _ = weeks_apart(1, 2)
    undated = replace(second, published=None)
    index = BlockIndex()
    index.add([first, undated])
    assert "different stories" in index.explain(first.id, undated.id)
