"""What is counted, read from the event verbs of the clause (figure_events): a count gets a
metric that says what happened, so two sources' figures for one event are compared."""

from __future__ import annotations

import pytest

from factcheck.core.figure_events import EVENT_NOUNS, EVENT_VERBS, PARTICLE_EVENTS, event_metric
from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize
from factcheck.figure_labels import metric_words


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


def metric_of(text: str, value: float) -> str | None:
    (hit,) = [h for h in figures(text) if h.value == value]
    return hit.metric


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        # passive, after the counted noun
        ("Some 1,200 staff at the mill were laid off in March.", 1200, "laid_off"),
        ("More than 300 houses were destroyed by the wildfire.", 300, "homes_destroyed"),
        ("About 250 flights have been cancelled since dawn.", 250, "flights_cancelled"),
        ("Nearly 90 miners will be hired next year.", 90, "hired"),
        # active, the counted did it
        ("At least 12 bathers drowned off the coast.", 12, "killed"),
        ("Some 2,000 people lost their jobs when the mine shut.", 2000, "jobs_lost"),
        ("Fifty villagers fled into the hills.", 50, "displaced"),
        # active, the count is the object
        ("The carmaker will cut 5,000 jobs in Europe.", 5000, "jobs_cut"),
        ("The mill laid off 1,200 staff in March.", 1200, "laid_off"),
        ("Troops freed 15 hostages at dawn.", 15, "released"),
        ("The studio sold 3 million copies in a week.", 3e6, "copies_sold"),
        # an event noun before "of"
        ("The closure of 40 branches was announced.", 40, "branches_closed"),
        ("The layoffs of 900 workers shocked the town.", 900, "laid_off"),
    ],
)
def test_it_reads_the_event_that_befell_the_count(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("A third of the nurses were laid off.", "laid_off"),
        ("Half the residents have been evacuated.", "evacuated"),
        ("Some 40% of the homes were destroyed.", "homes_destroyed"),
    ],
)
def test_a_share_of_a_whole_takes_the_event_of_the_whole(text: str, metric: str) -> None:
    (share,) = [h for h in figures(text) if h.kind == "percent"]
    assert share.metric == metric


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("He was charged with 3 counts of fraud.", 3),  # a preposition between verb and count
        ("The bars are cut into 16 pieces.", 16),
        ("It should be employed two to four times a week.", 2),  # a frequency, not a count
        ("The page had garnered thousands of followers before being shut down.", 1000),  # another verb
        ("The quest is to destroy one ring.", 1),  # a thing-event needs things counted in the plural
        ("The shop sold 40 before noon.", 40),  # nor does it name what with no thing counted
    ],
)
def test_it_gives_no_event_to_a_count_the_verb_does_not_govern(text: str, value: float) -> None:
    hits = [h for h in figures(text) if h.low == value or h.value == value]
    assert all(h.metric is None or not any(h.metric.endswith(m) for m, _ in EVENT_VERBS.values()) for h in hits), hits


def test_an_active_event_with_its_own_object_is_not_the_counted_ones() -> None:
    # "40 guards arrested 3 men": the men were arrested, the guards did it
    hits = {h.value: h.metric for h in figures("In all, 40 wardens evicted 3 tenants.")}
    assert hits == {40.0: "warden", 3.0: "evicted"}


@pytest.mark.parametrize(
    "text",
    [
        "The man, 45, was arrested at home.",  # an age
        "Call 555 0199 if you were laid off.",  # a phone number
        "She finished second after 300 comments were deleted.",  # an ordinal; web furniture
        "He was one of the founders who were laid off.",  # "one of the"
    ],
)
def test_non_facts_get_no_event_metric(text: str) -> None:
    events = {m for m, _ in (*EVENT_VERBS.values(), *PARTICLE_EVENTS.values())}
    counted = [h for h in figures(text) if h.kind == "count" and h.metric in events]
    assert counted == []


def test_every_event_metric_is_shown_in_words() -> None:
    metrics = {event_metric(e, "homes") for e in (*EVENT_VERBS.values(), *PARTICLE_EVENTS.values())}
    metrics |= {event_metric(e, "homes") for e in EVENT_NOUNS.values()}
    for metric in metrics - {None}:
        assert metric is not None
        shown = metric_words(metric)
        assert "_" not in shown and shown.replace(" ", "").isalpha(), (metric, shown)


@pytest.mark.parametrize(
    "text",
    [
        "A singer whose clip was viewed thousands of times on YouTube has been arrested.",
        "Smugglers made 300 coins selling stolen statues.",  # the counted do the selling
    ],
)
def test_a_frequency_or_an_active_participle_gets_no_event(text: str) -> None:
    events = {m for m, _ in (*EVENT_VERBS.values(), *PARTICLE_EVENTS.values())}
    hits = [h for h in figures(text) if h.kind == "count"]
    assert hits and all(not any((h.metric or "").endswith(m) for m in events) for h in hits), hits


@pytest.mark.parametrize(
    ("text", "agents", "victims"),
    [
        ("In all, 40 police arrested 3 men.", 40, 3),
        ("Later, two gunmen wounded 9 shoppers.", 2, 9),
    ],
)
def test_a_casualty_verb_with_its_own_object_is_what_the_count_did(text: str, agents: float, victims: float) -> None:
    found = {h.value: h.metric for h in figures(text)}
    assert found[victims] in ("arrested", "injured")
    assert found[agents] not in ("arrested", "injured")


@pytest.mark.parametrize(
    ("text", "value", "metric"),
    [
        # people seized, snatched or taken hostage are abducted, active or passive
        ("Gunmen seized 19 crew members off the coast.", 19, "abducted"),
        ("Nineteen sailors were seized by pirates overnight.", 19, "abducted"),
        ("Bandits snatched 25 schoolgirls from a dormitory.", 25, "abducted"),
        ("Armed men snatched 6 aid workers on the road north.", 6, "abducted"),
        ("Rebels took 14 tourists hostage near the falls.", 14, "abducted"),
        ("Some 30 villagers were taken hostage at dawn.", 30, "abducted"),
        # people captured are captured, as "12 soldiers were captured" already says
        ("Militants captured 12 soldiers near the border.", 12, "captured"),
        # things seized or captured are a seizure of those things, never people abducted
        ("Police seized 40 weapons in the raid.", 40, "weapons_seized"),
        ("About 300 rifles were seized at the port.", 300, "rifles_seized"),
        ("Thieves snatched 6 handbags at the market.", 6, "handbags_seized"),
        ("The army captured 3 towns in a week.", 3, "towns_captured"),
    ],
)
def test_a_seizure_abducts_people_and_seizes_things(text: str, value: float, metric: str) -> None:
    assert metric_of(text, value) == metric


@pytest.mark.parametrize(
    "text",
    [
        "Customs officers seized 3 tonnes of cocaine at the harbour.",
        "Agents seized 200 kilograms of heroin in two lorries.",
        "The rebels captured the town and 30 villages.",
        "Some 14 tourists are still held hostage.",  # held, not taken: a standing count
    ],
)
def test_goods_seized_or_hostages_held_are_not_an_abduction(text: str) -> None:
    assert all(h.metric != "abducted" for h in figures(text)), figures(text)


@pytest.mark.parametrize(
    ("text", "whole", "event"),
    [
        ("A third of the 300 staff were laid off.", 300, "laid_off"),
        ("Half of the 40 passengers were killed in the crash.", 40, "killed"),
        ("Some 40% of the 500 homes were destroyed by the flood.", 500, "homes_destroyed"),
        ("Rangers evacuated half of the 60 campers.", 60, "evacuated"),
    ],
)
def test_the_event_of_a_share_of_a_counted_whole_befalls_the_share_not_the_whole(
    text: str, whole: float, event: str
) -> None:
    (share,) = [h for h in figures(text) if h.kind == "percent"]
    (total,) = [h for h in figures(text) if h.kind == "count"]
    assert (total.value, share.metric) == (whole, event)
    assert total.metric != event  # the whole is never compared with a report of the event's count


@pytest.mark.parametrize(
    "text",
    ["Two-thirds of the 90 nurses work nights.", "Half of the 40 hamlets have no clinic."],
)
def test_a_share_of_a_whole_whose_clause_names_no_event_leaves_the_whole_a_plain_count(text: str) -> None:
    (total,) = [h for h in figures(text) if h.kind == "count"]
    assert total.metric in ("people", "hamlet")
