"""Fractions and signs (shares of a whole, the fraction slash, leading-dot decimals,
"minus-40", scientific notation) and units written glued to the number."""

from __future__ import annotations

import pytest

from factcheck.core import units
from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


@pytest.mark.parametrize(
    ("text", "share", "qualifier"),
    [
        ("Roughly a third of the nurses quit.", 1 / 3, "about"),
        ("Half the carriages were empty.", 0.5, "exact"),
        ("More than half of the votes were counted.", 0.5, "more_than"),
        ("One out of three pupils walks to school.", 1 / 3, "exact"),
        ("One in four homes has no heating.", 0.25, "exact"),
        ("Two-thirds of the grant went on rent.", 2 / 3, "exact"),
    ],
)
def test_a_share_of_a_whole_is_read_as_a_share(text: str, share: float, qualifier: str) -> None:
    (hit,) = figures(text)
    assert (hit.kind, hit.unit, hit.value, hit.qualifier) == ("percent", "share", pytest.approx(share), qualifier)


def test_a_share_compares_with_the_same_share_in_per_cent() -> None:
    (share,) = figures("Two-thirds of the grant went on rent.")
    assert units.convert(share.value, share.unit, share.kind) == (pytest.approx(200 / 3), "%")


def test_a_quarter_of_an_hour_is_no_share() -> None:
    assert [h.kind for h in figures("The queue took a quarter of an hour and half the staff left.")] == ["percent"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The bank moved rates by 1\u20444 point.", 0.25),
        ("Prices were .5 per cent higher.", 0.5),
        ("Nights fell to minus-40 degrees.", -40.0),
        ("The sample held 6.02×10^23 atoms.", 6.02e23),
        ("The chip does 10^9 sums.", 1e9),
    ],
)
def test_it_reads_fractions_signs_and_powers_of_ten_as_one_number(text: str, value: float) -> None:
    (hit,) = figures(text)
    assert hit.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "kind", "unit"),
    [
        ("The new engine makes 300bhp.", "measure", "bhp"),
        ("Wages rose 3pc last year.", "percent", "%"),
        ("A loaf now costs 85p.", "money", "pence"),
        ("Homes get 500Mbps broadband.", "measure", "Mbps"),
        ("The station moved to 98kHz.", "measure", "kHz"),
        ("It was 40degF at noon.", "measure", "F"),
        ("The studio flat is 45 sq m.", "measure", "m2"),
    ],
)
def test_it_reads_a_unit_glued_to_the_number(text: str, kind: str, unit: str) -> None:
    (hit,) = figures(text)
    assert (hit.kind, hit.unit) == (kind, unit)


@pytest.mark.parametrize(
    ("text", "share", "metric"),
    [
        ("Of the 60 pilgrims abducted, a quarter were elderly.", 0.25, "abducted"),
        ("Of the 80 miners rescued, half needed no care.", 0.5, "rescued"),
        ("Of the 90 staff laid off, two-thirds were cleaners.", 2 / 3, "cleaners_laid_off"),
        ("Of the 500 homes destroyed, 30% were rented.", 30.0, "homes_destroyed"),
        ("Rebels kidnapped 120 villagers; a third of them were boys.", 1 / 3, "boys_abducted"),
        ("Troops evacuated 800 residents, half of whom were elderly.", 0.5, "evacuated"),
        ("About 900 prisoners were freed, and 40% of them were women.", 40.0, "women_released"),
    ],
)
def test_a_share_of_a_whole_named_in_its_sentence_is_a_part_of_that_whole(text: str, share: float, metric: str) -> None:
    hits = figures(text)
    (whole,) = [h for h in hits if h.kind == "count"]
    (part,) = [h for h in hits if h.kind == "percent"]
    assert (part.value, part.metric, part.parent) == (pytest.approx(share), metric, hits.index(whole))


def test_shares_of_one_whole_that_pick_out_different_groups_count_different_things() -> None:
    (_, children), (_, women) = (
        figures("Of the 50 hostages, a fifth were children."),
        figures("Of the 50 hostages, half were women."),
    )
    assert (children.metric, women.metric) == ("children_hostage", "women_hostage")
    assert children.parent == women.parent == 0


def test_a_share_of_them_takes_the_event_its_own_clause_names() -> None:
    whole, part = figures("Police detained 200 fans and a third of them were later released.")
    assert (whole.metric, part.metric, part.parent) == ("arrested", "released", None)


def test_a_share_after_a_comma_with_no_whole_named_before_it_is_no_figure() -> None:
    assert figures("In the end, half were gone.") == []


@pytest.mark.parametrize(
    ("text", "share", "metric"),
    [
        ("Half of the injured were children, the clinic said.", 0.5, "children_injured"),
        ("A third of those killed were women.", 1 / 3, "women_killed"),
        ("Two-thirds of the dead were civilians.", 2 / 3, "civilians_killed"),
        ("A quarter of those killed in the blast were nurses.", 0.25, "nurses_killed"),
        ("About 40% of the wounded were pensioners.", 40.0, "pensioners_injured"),
    ],
)
def test_a_share_of_an_events_toll_that_is_a_group_is_a_part_of_the_toll(text: str, share: float, metric: str) -> None:
    (part,) = figures(text)
    assert (part.kind, part.value, part.metric) == ("percent", pytest.approx(share), metric)


def test_a_share_of_a_group_that_an_event_befell_is_another_fact() -> None:
    (of_villagers,) = figures("Half of the villagers were injured.")
    (of_injured,) = figures("Half of the injured were villagers.")
    assert (of_villagers.metric, of_injured.metric) == ("injured", "villagers_injured")
