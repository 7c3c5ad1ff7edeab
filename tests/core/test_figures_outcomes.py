"""What became of the counted, read the way an editor would: the event of a relative clause
on the counted noun, idioms of killing, a passive event past a phrase on the noun, and job
losses in their many wordings, so that two outlets' figures for one fact are compared."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest

from factcheck.core.claims import extract_claims
from factcheck.core.facts import FrameConfig, compare_story
from factcheck.core.matching import FactFigure

from .test_figures_events import figures, metric_of

_ids = itertools.count(9000)
MORNING = datetime(2024, 3, 5, 9, 0)
STORY = 11


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        ("Four climbers who went missing on the ridge have not been found.", 4, "missing"),
        ("Two divers who had gone missing off the reef were spotted by a trawler.", 2, "missing"),
        ("Six cadets who vanished during a night march were seen at a petrol station.", 6, "missing"),
        ("Some 30 pupils who were abducted from a boarding school are still held.", 30, "abducted"),
        ("The 12 nurses who were laid off last spring have sued the clinic.", 12, "laid_off"),
        ("Nine hikers who drowned in the flash flood were named by police.", 9, "killed"),
        # a clause whose subject is a pronoun did the event to the counted
        ("The layoffs would top the 45,000 jobs it cut in 2009.", 45000, "jobs_cut"),
        ("Villagers rebuilt the 40 homes that they destroyed last year.", 40, "homes_destroyed"),
        # past a short place phrase on the counted noun
        ("Three cadets in Ohio for a drill who went missing were found near the lake.", 3, "missing"),
    ],
)
def test_a_relative_clause_on_the_counted_names_what_happened_to_them(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        # the main clause after the relative clause asserts its own event: that one is the count's
        ("Five guards who had been abducted in May were freed on Friday.", 5, "released"),
        ("Three recruits who vanished during a trip to a mall were apprehended at the border.", 3, "arrested"),
        ("One sailor who went missing at sea was rescued by a tanker.", 1, "rescued"),
        ("The 30 pupils they abducted were freed by soldiers.", 30, "released"),
    ],
)
def test_the_main_clauses_own_event_wins_over_the_relative_clauses(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "value", "not_metric"),
    [
        # another subject's clause after it: "the plan was dead" says nothing of the officials
        ("Three officials who spoke to reporters said the plan was dead.", 3, "killed"),
        # a clause of its own inside the phrase: the depot was shelled, not the trucks
        ("Ten trucks from the depot that was shelled were later found intact.", 10, "trucks_destroyed"),
        # a singular verb in the clause: the clause is the school's, not the 30 pupils'
        ("The 30 pupils at a school which was evacuated were sent home.", 30, "evacuated"),
        ("Two sons of a man who went missing spoke to reporters.", 2, "missing"),  # "of": the man's clause
    ],
)
def test_an_event_of_another_clause_is_not_the_counts(text: str, value: float, not_metric: str) -> None:
    assert metric_of(text, value) != not_metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        ("The villagers helped gun down 18 raiders during the night.", 18, "killed"),
        ("Gunmen mowed down 14 worshippers outside the chapel.", 14, "killed"),
        ("Eleven shoppers were gunned down in the arcade.", 11, "killed"),
        ("Police shot down 3 gunmen at the checkpoint.", 3, "killed"),
        ("Air defences shot down 9 drones overnight.", 9, "intercepted"),  # things shot down are intercepted
    ],
)
def test_people_gunned_or_shot_down_are_killed(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        ("A column of 12 armoured trucks from the group known as the Front was destroyed.", 12, "trucks_destroyed"),
        ("Some 40 barns belonging to the cooperative were damaged in the storm.", 40, "barns_damaged"),
        ("The 30 pupils from the village school near the border were abducted on Monday.", 30, "abducted"),
    ],
)
def test_a_passive_event_past_a_phrase_on_the_noun_is_the_counts(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        ("The carmaker announced 20,000 job cuts across Europe.", 20000, "jobs_cut"),
        ("The bank expects 900 layoffs this year.", 900, "laid_off"),
        ("Some 300 clerks were made redundant after the merger.", 300, "laid_off"),
    ],
)
def test_job_losses_by_their_own_noun_are_counted_as_job_losses(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        ("The three cadets were taken into custody on Monday.", 3, "arrested"),
        ("Four guards are held in custody.", 4, "guard"),  # held: a standing count, no arrest
    ],
)
def test_people_taken_into_custody_are_arrested(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize("text", ["The plan makes 3 cuts to the budget.", "The side suffered two losses in a row."])
def test_cuts_or_losses_of_no_jobs_are_no_job_losses(text: str) -> None:
    assert all(not (h.metric or "").startswith("jobs") for h in figures(text)), figures(text)


def _reported(text: str, source: str) -> list[FactFigure]:
    """The figures of one outlet's sentence as extraction hands them over."""
    article = next(_ids)
    [claim] = extract_claims(text)
    return [
        FactFigure.from_claim(
            f, claim, id=next(_ids), claim_id=article, article_id=article, source=source, published=MORNING
        )
        for f in claim.figures
    ]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The insurer will cut 4,000 jobs by the end of the year.", "The insurer plans to lay off 6,000 staff."),
        ("Some 4,000 workers at the insurer could lose their jobs.", "The insurer announced 6,000 job cuts."),
        ("The insurer said 4,000 employees would be made redundant.", "The insurer will shed 6,000 jobs."),
    ],
)
def test_jobs_cut_lost_and_staff_laid_off_are_one_fact_across_outlets(one: str, other: str) -> None:
    story = [*_reported(one, "Wire"), *_reported(other, "Daily")]
    findings = compare_story(STORY, story, FrameConfig())
    assert [f.kind for f in findings] in (["conflict"], ["possible_conflict"]), findings


def test_three_soldiers_who_went_missing_meet_three_men_reported_missing() -> None:
    story = [
        *_reported("Three soldiers who went missing from the camp on Saturday were sought by police.", "Wire"),
        *_reported("Officials said five men were reported missing from the camp on Saturday.", "Daily"),
    ]
    findings = compare_story(STORY, story, FrameConfig())
    assert [f.kind for f in findings] in (["conflict"], ["possible_conflict"]), findings


def test_militants_gunned_down_meet_insurgents_killed() -> None:
    story = [
        *_reported("Villagers helped gun down 25 militants in the valley.", "Wire"),
        *_reported("Villagers killed 40 insurgents in the valley.", "Daily"),
    ]
    findings = compare_story(STORY, story, FrameConfig())
    assert [f.kind for f in findings] in (["conflict"], ["possible_conflict"]), findings


def test_a_different_metric_is_still_another_fact() -> None:
    # jobs cut and jobs created are two facts, whatever the wording of either
    story = [
        *_reported("The insurer will cut 4,000 jobs by the end of the year.", "Wire"),
        *_reported("The insurer will create 6,000 jobs by the end of the year.", "Daily"),
    ]
    assert compare_story(STORY, story, FrameConfig()) == []
