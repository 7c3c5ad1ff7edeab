"""Inside one story, a figure's own clause tells sub-events apart: its event, its period, rounding.

All sentences are invented for these tests.
"""

import itertools
from dataclasses import replace
from datetime import datetime

import pytest

from factcheck.core.fact_context import STOCK, figure_denied, figure_event, figure_period, measured_subject
from factcheck.core.facts import FrameConfig, compare_story, explain_pair, story_facts
from factcheck.core.matching import FactFigure, find_conflicts

_ids = itertools.count(1)
STORY = 3
NOON = datetime(2025, 5, 6, 12, 0)
CONFIG = FrameConfig(place_parents={"harbury": ("wendland",), "wendland": ()})


def fig(value: float, sentence: str, text: str, *, low: float | None = None, high: float | None = None,
        qualifier: str = "exact", source: str | None = None) -> FactFigure:  # fmt: skip
    fid = next(_ids)
    return FactFigure(
        id=fid,
        claim_id=fid,
        article_id=fid,
        source=source or f"Outlet {fid}",
        published=NOON,
        speaker=None,
        location="Harbury",
        event_date=None,
        metric="killed",
        kind="count",
        unit="people",
        value=value,
        low=value if low is None else low,
        high=value if high is None else high,
        qualifier=qualifier,
        sentence=sentence,
        story_id=STORY,
        text=text,
    )


def kinds(figures: list[FactFigure]) -> list[str]:
    return [f.kind for f in compare_story(STORY, figures, CONFIG)]


def test_it_reads_the_event_of_the_figures_own_clause() -> None:
    sentence = "A bomb went off near the market; later 12 people died in clashes at the port."
    assert figure_event(sentence, "12 people") == "fighting"


def test_it_never_compares_two_sub_events_of_one_story() -> None:
    bombing = fig(40, "At least 40 people were killed when a car bomb exploded at the Harbury market.", "40 people")
    clashes = fig(9, "Nine people were killed in clashes between police and protesters in Harbury.", "Nine people")
    assert kinds([bombing, clashes]) == []
    assert "different events (bombing / fighting)" in explain_pair(bombing, clashes, CONFIG)


def test_it_still_compares_a_figure_that_names_no_event() -> None:
    bombing = fig(40, "At least 40 people were killed when a car bomb exploded at the Harbury market.", "40 people")
    plain = fig(25, "Officials in Harbury said 25 people had died.", "25 people")
    assert kinds([bombing, plain]) == ["conflict"]


def test_it_never_compares_another_incident_with_the_first() -> None:
    wave = fig(30, "Some 30 people were killed in a wave of bombings across Harbury.", "30 people")
    another = fig(6, "In the old town of Harbury, another bomb killed six people.", "six people")
    assert figure_event(another.sentence, another.text) == "bombing (another)"
    assert kinds([wave, another]) == []


def test_it_never_compares_a_running_total_with_the_count_of_one_event() -> None:
    total = fig(800, "More than 800 people have died in Harbury since the siege began in March.", "800 people",
                low=800, high=float("inf"), qualifier="more_than")  # fmt: skip
    today = fig(14, "Fourteen people were killed in Harbury on Tuesday.", "Fourteen people")
    assert figure_period(total.sentence, total.text) == "since siege"
    assert kinds([total, today]) == []
    assert "different periods" in explain_pair(total, today, CONFIG)


def test_an_undated_count_may_count_the_month_another_report_names() -> None:
    # No publication date, no event date: "killed" may be January's toll too. Unknown, not different.
    month = replace(fig(790, "Some 790 people were killed in Harbury in January alone.", "790 people"), published=None)
    plain = replace(fig(650, "The envoy said 650 people were killed in Harbury.", "650 people"), published=None)
    [finding] = compare_story(STORY, [month, plain], CONFIG)
    assert finding.kind == "possible_conflict"
    assert "does not say over what time it counts (in January)" in finding.explanation
    rate = replace(fig(40, "Some 40 people a day were killed in Harbury.", "40 people"), published=None)
    assert kinds([rate, plain]) == []  # a rate is another fact
    one_raid = replace(fig(30, "Police said 30 people were killed in a raid in Harbury.", "30 people"), published=None)
    assert kinds([month, one_raid]) == []  # far below the month's toll: one event of it


@pytest.mark.parametrize(
    "sentence",
    ["The 12 men held in Harbury have since been freed.", "Since it was raining, 12 people stayed in Harbury."],
)
def test_since_that_opens_no_period_is_no_period(sentence: str) -> None:
    assert figure_period(sentence, "12") == ""


def test_it_reads_rates_and_months_as_periods() -> None:
    assert figure_period("The clinic sees 40 patients a day.", "40 patients") == "a day"
    assert figure_period("Some 790 people were killed in January alone.", "790 people") == "in january"
    assert figure_period("Two people were killed on January 3.", "Two people") == ""
    assert figure_period("The Daily Courier said 12 people died.", "12 people") == ""


def test_it_reads_a_round_number_and_more_than_it_as_one_report() -> None:
    exact = fig(100, "She is said to have killed 100 raiders in Harbury.", "100 raiders")
    over = fig(100, "Reports claimed she killed more than 100 raiders in Harbury.", "more than 100 raiders",
               low=100, high=float("inf"), qualifier="more_than")  # fmt: skip
    assert kinds([exact, over]) == []


def test_it_still_flags_a_number_that_is_not_round_against_more_than_it() -> None:
    exact = fig(37, "Officials said 37 people were killed in Harbury.", "37 people")
    over = fig(37, "More than 37 people were killed in Harbury, a witness said.", "More than 37 people",
               low=37, high=float("inf"), qualifier="more_than")  # fmt: skip
    assert kinds([exact, over]) == ["conflict"]


def test_it_reads_a_cause_as_no_event_of_its_own() -> None:
    capsized = fig(12, "A ferry capsized off Harbury on Tuesday, killing 12 people, the police said.", "12 people")
    storm = fig(19, "Nineteen people were killed when the ferry overturned in a storm off Harbury.", "Nineteen people")
    assert figure_event(storm.sentence, storm.text) == ""
    assert kinds([capsized, storm]) == ["conflict"]


def test_the_matcher_also_reads_a_round_number_and_more_than_it_as_one_report() -> None:
    exact = fig(1000, "Officials said 1,000 soldiers were killed near Harbury.", "1,000 soldiers")
    over = fig(1000, "More than 1,000 soldiers were killed near Harbury, officials said.", "More than 1,000 soldiers",
               low=1000, high=float("inf"), qualifier="more_than")  # fmt: skip
    assert find_conflicts([exact, over]) == []
    assert [f.kind for f in find_conflicts([exact, replace(over, id=next(_ids), low=1200, value=1200)])] == ["conflict"]


def test_the_matcher_never_compares_two_sub_events_or_two_periods_either() -> None:
    # Outside a story the matcher judges the pair: the same reading of the clause applies.
    bombing = fig(40, "At least 40 people were killed when a car bomb exploded at the Harbury market.", "40 people")
    clashes = fig(9, "Nine people were killed in clashes between police and protesters in Harbury.", "Nine people")
    total = fig(800, "Some 800 people have died in Harbury since the siege began in March.", "800 people")
    plain = fig(25, "Officials in Harbury said 25 people had died.", "25 people")
    assert find_conflicts([bombing, clashes]) == []
    assert find_conflicts([total, plain]) == []
    assert [f.kind for f in find_conflicts([bombing, plain])] == ["conflict"]


def test_it_reads_a_fleet_or_a_stock_as_held_not_as_one_events_count() -> None:
    sentence = "The carrier, which flies a fleet of 90 jets, sent 14 jets to the island."
    assert figure_period(sentence, "90 jets") == STOCK
    assert figure_period(sentence, "14 jets") == ""
    assert figure_period("The navy has 30 frigates in service.", "30 frigates") == STOCK
    assert figure_period("A 300-strong force crossed the river.", "300") == STOCK
    fleet = replace(fig(90, sentence, "90 jets"), metric="jets", unit="jets")
    sent = replace(fig(14, "Fourteen jets were sent to the island, the carrier said.", "Fourteen jets"),
                   metric="jets", unit="jets")  # fmt: skip
    assert find_conflicts([fleet, sent]) == []
    assert kinds([fleet, sent]) == []


@pytest.mark.parametrize(
    ("sentence", "text", "thing"),
    [
        ("The outage lasted 14 hours, the operator said.", "14 hours", "outage"),
        ("A rare sturgeon found near the dam weighed 200 kilograms.", "200 kilograms", "sturgeon"),
        ("Engineers said on Monday the new bridge is 1,200 metres long.", "1,200 metres", "bridge"),
        ("The pipeline runs about 300 miles to the coast.", "300 miles", "pipeline"),
        ("Drivers faced a detour of 40 kilometres.", "40 kilometres", "detour"),
        ("The convoy covered a distance of 40 kilometres.", "40 kilometres", None),  # a dimension, not a thing
        ("It lasted 14 hours.", "14 hours", None),  # a pronoun says nothing
        ("The trucks drove 80 kilometres.", "80 kilometres", None),  # not a measure verb
        ("Officials said the storm lasted nine hours.", "nine hours", "storm"),
    ],
)
def test_it_reads_what_a_measure_measures_from_its_clause(sentence: str, text: str, thing: str | None) -> None:
    assert measured_subject(sentence, text) == thing


def test_a_measure_its_clause_states_of_a_thing_needs_no_place() -> None:
    def measure(value: float, unit: str, sentence: str, text: str) -> FactFigure:
        return replace(fig(value, sentence, text), metric="weight", kind="measure", unit=unit, location=None,
                       thing=measured_subject(sentence, text))  # fmt: skip

    kilos = measure(120, "kg", "The prize pumpkin weighed 120 kg, the judges said.", "120 kg")
    pounds = measure(310, "lb", "The prize pumpkin weighed 310 lb at the fair.", "310 lb")
    assert kinds([kilos, pounds]) == ["conflict"]
    # With no place and no date a stated measure is still one fact; a compound only classifies
    # ("a 12-inch laptop": two sizes may be two models) and is not raised without a place or a day.
    undated = [replace(f, published=None) for f in (kilos, pounds)]
    assert kinds(undated) == ["possible_conflict"]
    small = replace(undated[0], metric="distance", unit="in", sentence="It sells a 12-inch laptop.", text="12-inch",
                    value=12, low=12, high=12, thing="laptop")  # fmt: skip
    large = replace(undated[1], metric="distance", unit="in", sentence="It sells a 13-inch laptop.", text="13-inch",
                    value=13, low=13, high=13, thing="laptop")  # fmt: skip
    assert kinds([small, large]) == []


def test_a_figure_its_sentence_denies_is_no_ones_claim() -> None:
    told = fig(10, "The fighter killed 10 raiders in Harbury, her commander said.", "10 raiders")
    denied = fig(100, "He said rumours that she had killed 100 raiders in Harbury were untrue.", "100 raiders")
    assert figure_denied(denied.sentence, denied.text)
    assert not figure_denied(told.sentence, told.text)
    assert kinds([told, denied]) == []
    assert find_conflicts([told, denied]) == []
    assert "denied by its own sentence" in explain_pair(told, denied, CONFIG)
    # The same figure asserted is compared as before.
    asserted = fig(100, "He said she had killed 100 raiders in Harbury.", "100 raiders")
    assert kinds([told, asserted]) == ["conflict"]


def test_it_writes_a_period_with_its_month_capitalised() -> None:
    month = fig(790, "Some 790 people were killed in Harbury in January alone.", "790 people")
    raid = fig(12, "Twelve people were killed in Harbury on Tuesday.", "Twelve people")
    assert "counted over different periods (in January / one event)" in explain_pair(month, raid, CONFIG)
    [fact] = story_facts(STORY, [month], CONFIG)
    assert fact.label == "people killed in Harbury in January (reported 6 May 2025)"
