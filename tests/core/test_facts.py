"""Inside one story, figures are one fact by their frame, not by the words of their sentences."""

import itertools
import math
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.claims import extract_claims
from factcheck.core.facts import (
    FrameConfig,
    compare_and_count,
    compare_story,
    explain_pair,
    fact_frame,
    story_facts,
)
from factcheck.core.matching import FactFigure, find_conflicts

_ids = itertools.count(1)
MORNING = datetime(2024, 1, 2, 9, 0)
STORY = 7

# A tiny invented gazetteer, as factcheck.places would build it.
PARENTS = {
    "kyiv": ("ukraine",),
    "lviv": ("ukraine",),
    "kharkiv": ("ukraine",),
    "ukraine": (),
}
CONFIG = FrameConfig(place_parents=PARENTS, place_spellings={"kijow": "kyiv"})


def fig(
    value: float,
    *,
    low: float | None = None,
    high: float | None = None,
    qualifier: str = "exact",
    metric: str = "killed",
    kind: str = "count",
    unit: str | None = "people",
    location: str | None = "Kyiv",
    source: str = "Wire",
    speaker: str | None = None,
    published: datetime | None = MORNING,
    event_date: date | None = None,
    sentence: str = "",
    side: str | None = None,
    party: str | None = None,
    thing: str | None = None,
    part_of: int | None = None,
    article_id: int | None = None,
    claim_id: int | None = None,
    id: int | None = None,
    text: str = "",
) -> FactFigure:
    """A figure as the pipeline hands it over; each in its own article unless told."""
    fid = next(_ids) if id is None else id
    return FactFigure(
        id=fid,
        claim_id=claim_id or fid,
        article_id=article_id or fid,
        source=source,
        published=published,
        speaker=speaker,
        location=location,
        event_date=event_date,
        metric=metric,
        kind=kind,
        unit=unit,
        value=value,
        low=value if low is None else low,
        high=value if high is None else high,
        qualifier=qualifier,
        sentence=sentence or f"Invented report {fid} from {source}.",
        side=side,
        party=party,
        thing=thing,
        part_of=part_of,
        story_id=STORY,
        text=text,
    )


def kinds(findings):
    return sorted(f.kind for f in findings)


def test_it_flags_12_against_19_killed_in_one_place_on_one_news_day_that_matching_misses():
    # The wire files late in the evening, the daily after midnight (UTC), each in its own words.
    wire = fig(19, source="Wire", speaker="the ministry", published=datetime(2024, 1, 2, 23, 30),
               sentence="The ministry said nineteen people died when a missile struck a block of flats.")  # fmt: skip
    daily = fig(12, source="Daily", location="Kiev", published=datetime(2024, 1, 3, 1, 0),
                sentence="Rescuers in the capital counted a dozen bodies under the rubble by dawn.")  # fmt: skip
    assert find_conflicts([wire, daily]) == []
    [finding] = compare_story(STORY, [wire, daily], CONFIG)
    assert finding.kind == "conflict"
    assert finding.member_ids == tuple(sorted((wire.id, daily.id)))
    assert finding.key == "story:7|killed|kyiv|~2024-01-02"
    assert "19 people killed (Wire, the ministry)" in finding.explanation
    assert finding.explanation.endswith("these cannot both hold.")


def test_it_reads_a_gazetteer_spelling_as_the_same_place():
    wire = fig(12, source="Wire", location="Kyiv", published=MORNING)
    daily = fig(19, source="Daily", location="Kijów", published=datetime(2024, 1, 2, 8))
    assert find_conflicts([wire, daily]) == []
    assert kinds(compare_story(STORY, [wire, daily], CONFIG)) == ["conflict"]


def test_it_calls_a_disagreement_with_a_figure_that_names_no_place_a_possible_conflict():
    wire = fig(12, source="Wire", speaker="the ministry", published=MORNING)
    daily = fig(19, source="Daily", location=None, published=datetime(2024, 1, 2, 8))
    [finding] = compare_story(STORY, [wire, daily], CONFIG)
    assert finding.kind == "possible_conflict"
    assert finding.explanation == (
        "Possible conflict over people killed in Kyiv (reported 2 Jan 2024): 19 people killed (Daily) "
        "against 12 people killed (Wire, the ministry); the first names no place."
    )


def test_it_says_each_gap_once_when_its_pairs_lack_it_on_different_sides():
    # The place and day come from a third report: the first pair lacks both on both sides, the
    # second on one side. One note per gap, never "neither names a place" and "the first names no place".
    said = {"metric": "emails", "unit": "emails", "location": None, "published": None}
    senator = fig(53_000, **said, speaker="A senator", source="Daily")
    investigator = fig(44_053, **said, speaker="An investigator", source="Wire")
    placed = fig(44_053, **{**said, "location": "Kyiv"}, event_date=date(2024, 1, 2), speaker="An investigator")
    [finding] = compare_story(STORY, [senator, investigator, placed], CONFIG)
    assert finding.kind == "possible_conflict"
    for gap in ("names a place", "names no place"), ("gives a date", "gives no date"):
        notes = [n for n in finding.explanation.split("; ") if any(g in n for g in gap)]
        assert len(notes) == 1, finding.explanation


def test_it_says_when_neither_figure_names_a_place():
    a = fig(12, location=None, source="Wire")
    b = fig(19, location=None, source="Daily")
    [finding] = compare_story(STORY, [a, b], CONFIG)
    assert finding.kind == "possible_conflict"
    assert finding.explanation.endswith("neither names a place.")


def test_it_reads_a_smaller_toll_for_a_city_as_a_part_of_the_countrys():
    kyiv = fig(2, location="Kyiv", source="Wire")
    ukraine = fig(5, location="Ukraine", source="Daily")
    assert compare_story(STORY, [kyiv, ukraine], CONFIG) == []
    assert explain_pair(kyiv, ukraine, CONFIG).startswith("Part of a whole")


def test_it_flags_a_city_toll_larger_than_its_countrys():
    kyiv = fig(9, location="Kyiv", source="Wire")
    ukraine = fig(5, location="Ukraine", source="Daily", published=datetime(2024, 1, 2, 10))
    [finding] = compare_story(STORY, [kyiv, ukraine], CONFIG)
    assert finding.kind == "conflict"
    assert finding.key == "story:7|killed|kyiv|~2024-01-02&killed|ukraine|~2024-01-02"
    assert "Kyiv is in Ukraine, and a part cannot exceed its whole" in finding.explanation


def test_it_reads_a_region_named_after_its_city_as_holding_the_city():
    city = fig(9, location="Kharkiv", source="Wire")
    region = fig(5, location="Kharkiv oblast", source="Daily", published=datetime(2024, 1, 2, 10))
    assert kinds(compare_story(STORY, [city, region], CONFIG)) == ["conflict"]


def test_it_reads_a_smaller_city_toll_as_a_part_of_its_regions():
    city = fig(2, location="Kharkiv", source="Wire")
    region = fig(5, location="the Kharkiv region", source="Daily")
    same_region = fig(7, location="Kharkiv oblast", source="Post", published=datetime(2024, 1, 2, 8))
    assert kinds(compare_story(STORY, [city, region, same_region], CONFIG)) == ["conflict"]
    [finding] = compare_story(STORY, [city, region, same_region], CONFIG)
    assert finding.member_ids == tuple(sorted((region.id, same_region.id)))


def test_it_never_compares_two_cities():
    assert compare_story(STORY, [fig(2, location="Kyiv"), fig(9, location="Lviv", source="Daily")], CONFIG) == []


def test_it_never_compares_a_part_with_a_total_from_another_outlet():
    total = fig(52, metric="injured", source="Wire", claim_id=100, article_id=100)
    children = fig(6, metric="injured", unit="children", source="Wire", claim_id=100, article_id=100,
                   part_of=total.id)  # fmt: skip
    elsewhere = fig(52, metric="injured", source="Daily")
    assert compare_story(STORY, [total, children, elsewhere], CONFIG) == []
    assert "part of a larger figure" in explain_pair(children, elsewhere, CONFIG)


def test_it_compares_parts_of_the_same_group():
    a = fig(6, metric="injured", unit="children", part_of=999, source="Wire")
    b = fig(8, metric="injured", unit="children", part_of=998, source="Daily")
    assert kinds(compare_story(STORY, [a, b], CONFIG)) == ["conflict"]


def _reported(text: str, source: str, article_id: int) -> list[FactFigure]:
    """The figures of one outlet's sentence as extraction hands them over, parts pointing at their whole."""
    [claim] = extract_claims(text)
    first = next(_ids)
    for _ in claim.figures[1:]:
        next(_ids)
    return [
        replace(
            FactFigure.from_claim(
                f, claim, id=first + n, claim_id=article_id, article_id=article_id, source=source, published=MORNING
            ),
            part_of=None if f.subset_of is None else first + f.subset_of,
        )
        for n, f in enumerate(claim.figures)
    ]


@pytest.mark.parametrize(
    "written",
    [
        "A shell killed 31 people in Kyiv, including {} {}, the mayor said.",  # a part after its whole
        "Of the 27 dead in Kyiv, {} were {}, the mayor said.",  # a part after the whole named before it
    ],
)
def test_it_compares_parts_of_one_toll_only_with_parts_that_pick_out_the_same_group(written: str) -> None:
    wire = _reported(written.format("four", "women"), "Wire", 500)
    other = _reported(written.format("12", "men"), "Daily", 501)
    same = _reported(written.format("nine", "women"), "Post", 502)
    assert compare_story(STORY, wire + other, CONFIG) == []
    [finding] = compare_story(STORY, wire + same, CONFIG)
    assert finding.kind == "conflict"


def test_it_reads_a_later_larger_toll_as_an_update():
    early = fig(12, source="Wire", published=MORNING)
    later = fig(19, source="Daily", published=datetime(2024, 1, 2, 15))
    [finding] = compare_story(STORY, [early, later], CONFIG)
    assert finding.kind == "update"
    assert "a later, larger toll is an update" in finding.explanation


def test_it_never_compares_a_copy_with_its_origin():
    origin = fig(12, source="Wire", article_id=50)
    copy = fig(19, source="Daily", article_id=51, published=MORNING)
    assert compare_story(STORY, [origin, copy], CONFIG, origin_of={51: 50}) == []
    assert explain_pair(origin, copy, CONFIG, origin_of={51: 50}).startswith("One witness")
    [fact] = story_facts(STORY, [origin, copy], CONFIG, origin_of={51: 50})
    assert fact.witnesses == 1


def test_it_counts_identical_figures_from_several_outlets_as_agreement():
    figures = [fig(12, source=s) for s in ("Wire", "Daily", "Post")]
    assert compare_story(STORY, figures, CONFIG) == []
    [fact] = story_facts(STORY, figures, CONFIG)
    assert (fact.witnesses, fact.sources) == (3, ("Wire", "Daily", "Post"))


def test_it_never_compares_counts_of_two_sides():
    soldiers = fig(3, unit="soldiers", side="security forces")
    militants = fig(40, unit="militants", side="combatants", source="Daily")
    assert compare_story(STORY, [soldiers, militants], CONFIG) == []
    soldiers_only = fig(3, side="security forces")
    militants_only = fig(40, side="combatants", source="Daily")
    assert compare_story(STORY, [soldiers_only, militants_only], CONFIG) == []
    assert "different sides" in explain_pair(soldiers_only, militants_only, CONFIG)


def test_it_reads_a_named_group_larger_than_everyone_as_a_possible_conflict():
    everyone = fig(12, source="Wire")
    civilians = fig(19, unit="civilians", side="civilians", source="Daily")
    [finding] = compare_story(STORY, [everyone, civilians], CONFIG)
    assert finding.kind == "possible_conflict"
    assert "counts only civilian" in finding.explanation
    fewer = fig(6, unit="civilians", side="civilians", source="Post")
    assert compare_story(STORY, [everyone, fewer], CONFIG) == []


def _weight(value: float, unit: str, source: str) -> FactFigure:
    return fig(value, metric="weight of the suspect", kind="measure", unit=unit, source=source)


def test_it_agrees_127_kg_with_280_lb_and_not_with_19_stone():
    kg, lb, stone = _weight(127, "kg", "Wire"), _weight(280, "lb", "Daily"), _weight(19, "stone", "Post")
    assert compare_story(STORY, [kg, lb], CONFIG) == []
    [finding] = compare_story(STORY, [kg, stone], CONFIG)
    assert finding.kind == "conflict"


def test_it_needs_to_know_what_was_weighed():
    a = fig(127, metric="weight", kind="measure", unit="kg")
    b = fig(19, metric="weight", kind="measure", unit="stone", source="Daily")
    assert fact_frame(a, CONFIG) is None
    assert compare_story(STORY, [a, b], CONFIG) == []
    assert "not what was measured" in explain_pair(a, b, CONFIG)


def test_it_compares_durations_when_the_metric_says_what_lasted():
    hours = fig(4, metric="blackout", kind="duration", unit="hours")
    minutes = fig(90, metric="blackout", kind="duration", unit="minutes", source="Daily")
    assert kinds(compare_story(STORY, [hours, minutes], CONFIG)) == ["conflict"]
    same = fig(240, metric="blackout", kind="duration", unit="minutes", source="Post")
    assert compare_story(STORY, [hours, same], CONFIG) == []
    bare = [fig(4, metric="duration", kind="duration", unit="hours"),
            fig(90, metric="duration", kind="duration", unit="minutes", source="Daily")]  # fmt: skip
    assert compare_story(STORY, bare, CONFIG) == []
    thing = [fig(4, metric="duration", kind="duration", unit="hours", thing="blackout"),
             fig(90, metric="duration", kind="duration", unit="minutes", thing="blackout", source="Daily")]  # fmt: skip
    assert kinds(compare_story(STORY, thing, CONFIG)) == ["conflict"]


def test_it_never_compares_different_days_given_as_event_dates():
    a = fig(12, event_date=date(2024, 1, 1))
    b = fig(19, event_date=date(2024, 1, 2), source="Daily")
    assert compare_story(STORY, [a, b], CONFIG) == []
    assert "different days" in explain_pair(a, b, CONFIG)


def test_it_calls_a_disagreement_with_an_undated_figure_possible():
    dated = fig(12, event_date=date(2024, 1, 2))
    undated = fig(19, published=None, source="Daily")
    [finding] = compare_story(STORY, [dated, undated], CONFIG)
    assert finding.kind == "possible_conflict"
    assert "gives no date" in finding.explanation


def test_it_never_calls_an_undated_story_a_conflict_only_a_possible_one():
    # A feed without dates: the date of each report is unknown, so the frame is only partly known
    # (on FNC-1, taking such a story as one time frame merged different incidents into conflicts).
    a = fig(12, published=None)
    b = fig(19, published=None, source="Daily")
    [finding] = compare_story(STORY, [a, b], CONFIG)
    assert finding.kind == "possible_conflict"
    assert "date" in finding.explanation


def test_it_groups_disagreeing_figures_of_one_fact_into_one_finding():
    figures = [fig(v, source=s) for v, s in ((12, "Wire"), (19, "Daily"), (25, "Post"), (12, "Herald"))]
    [finding] = compare_story(STORY, figures, CONFIG)
    assert finding.kind == "conflict"
    assert finding.member_ids == tuple(sorted(f.id for f in figures))
    assert "cannot all hold" in finding.explanation


def test_it_keeps_a_story_finding_key_apart_from_the_cross_story_keys():
    a, b = fig(12, event_date=date(2024, 1, 2)), fig(19, event_date=date(2024, 1, 2), source="Daily")
    [story] = compare_story(STORY, [a, b], CONFIG)
    [cross] = find_conflicts([a, b])
    assert story.key == f"story:{STORY}|{cross.key}"


def test_it_is_deterministic_whatever_the_order():
    figures = [fig(v, source=s, location=p) for v, s, p in
               ((12, "Wire", "Kyiv"), (19, "Daily", None), (9, "Post", "Kyiv"), (5, "Herald", "Ukraine"))]  # fmt: skip
    assert compare_story(STORY, figures, CONFIG) == compare_story(STORY, figures[::-1], CONFIG)
    assert story_facts(STORY, figures, CONFIG) == story_facts(STORY, figures[::-1], CONFIG)


def test_it_groups_a_storys_figures_into_facts_with_plain_labels():
    day = date(2024, 1, 2)
    figures = [
        fig(2, location="Kyiv", event_date=day, source="Wire"),
        fig(2, location="Kiev", source="Daily", published=datetime(2024, 1, 2, 20)),
        fig(49, metric="injured", location="Kyiv", event_date=day),
        fig(3, location=None, event_date=day, source="Post"),  # only Kyiv's fact fits: it joins it
        fig(99, metric="missiles launched", unit="missiles", location=None, event_date=day),
        fig(1, location="Kharkiv", event_date=day, source="Herald"),  # now two facts fit a placeless figure
    ]
    facts = {fact.label: fact for fact in story_facts(STORY, figures[:5], CONFIG)}
    assert sorted(facts) == ["missiles launched on 2 Jan 2024 (no place given)", "people injured in Kyiv on 2 Jan 2024",
                             "people killed in Kyiv on 2 Jan 2024"]  # fmt: skip
    killed = facts["people killed in Kyiv on 2 Jan 2024"]
    assert killed.member_ids == (figures[0].id, figures[1].id, figures[3].id)
    assert killed.partial_ids == (figures[3].id,)
    assert killed.key == "killed|kyiv|2024-01-02"
    labels = sorted(fact.label for fact in story_facts(STORY, figures, CONFIG))
    assert "people killed on 2 Jan 2024 (no place given)" in labels


def test_it_does_not_call_a_placeless_figure_a_conflict_when_it_matches_one_of_two_places():
    kyiv = fig(12, location="Kyiv", source="Wire")
    lviv = fig(3, location="Lviv", source="Daily")
    placeless = fig(3, location=None, source="Post")
    assert compare_story(STORY, [kyiv, lviv, placeless], CONFIG) == []


def test_it_skips_figures_with_a_meaningless_metric_or_no_value():
    assert fact_frame(fig(3, metric=""), CONFIG) is None
    assert fact_frame(fig(math.nan), CONFIG) is None
    assert fact_frame(fig(91, kind="age", metric="age"), CONFIG) is None


def test_it_explains_one_fact_that_agrees():
    a, b = fig(12), fig(12, source="Daily")
    assert explain_pair(a, b, CONFIG) == "One fact: people killed in Kyiv (reported 2 Jan 2024); the figures agree."


_PLACES = ["Kyiv", "Kiev", "Ukraine", "Lviv", None]
_TITLES = {"conflict": "Conflict", "possible_conflict": "Possible conflict", "update": "Update"}


@st.composite
def _stories(draw):
    figures = []
    for n in range(draw(st.integers(2, 9))):
        hour = draw(st.one_of(st.none(), st.integers(0, 40)))
        civilians = draw(st.booleans())
        figures.append(
            fig(
                draw(st.sampled_from([2, 5, 9, 12, 19])),
                id=1000 + n,
                metric=draw(st.sampled_from(["killed", "injured"])),
                unit="civilians" if civilians else "people",
                side="civilians" if civilians else None,
                location=draw(st.sampled_from(_PLACES)),
                source=draw(st.sampled_from(["Wire", "Daily", "Post"])),
                speaker=draw(st.sampled_from([None, "the mayor"])),
                article_id=draw(st.integers(1, 5)),
                published=None if hour is None else MORNING + timedelta(hours=hour),
                event_date=draw(st.sampled_from([None, None, date(2024, 1, 2), date(2024, 1, 3)])),
            )
        )
    origin_of = {5: 4} if draw(st.booleans()) else {}
    return figures, origin_of


@settings(max_examples=100, deadline=None)
@given(_stories())
def test_it_raises_exactly_the_pairs_it_explains_as_findings(story):
    figures, origin_of = story
    findings = compare_story(STORY, figures, CONFIG, origin_of=origin_of)
    said = {}
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            text = explain_pair(a, b, CONFIG, origin_of=origin_of, among=figures)
            for kind, title in _TITLES.items():
                if text.startswith(title) and not (kind == "conflict" and text.startswith("Possible")):
                    said.setdefault(kind, set()).update({a.id, b.id})
    found = {}
    for finding in findings:
        found.setdefault(finding.kind, set()).update(finding.member_ids)
    assert found == said


def test_it_never_compares_counts_that_name_only_their_noun():
    # "3 soldiers" went missing, "200 soldiers" took part: one story, two facts.
    a = fig(3, metric="soldiers", unit="soldiers")
    b = fig(200, metric="soldiers", unit="soldiers", source="Daily")
    assert compare_story(STORY, [a, b], CONFIG) == []
    assert "only what is counted" in explain_pair(a, b, CONFIG)


def test_it_needs_a_shared_place_or_day_for_a_possible_conflict():
    placed = fig(50, published=None)
    unplaced_undated = fig(25, published=None, location=None, source="Daily")
    assert compare_story(STORY, [placed, unplaced_undated], CONFIG) == []
    dated_unplaced = fig(25, location=None, source="Daily")
    dated = fig(50, source="Wire")
    [finding] = compare_story(STORY, [dated, dated_unplaced], CONFIG)
    assert finding.kind == "possible_conflict"


def test_it_compares_two_speakers_close_figures_of_what_a_story_counts():
    # "officials say the group has 31,000 fighters"; "advisers put it at about 40,000": two sources, one count.
    a = fig(31_000, metric="fighters", unit="fighters", location=None, speaker="Army officials")
    b = fig(40_000, low=36_000, high=44_000, qualifier="about", metric="fighters", unit="fighters",
            location=None, speaker="Advisers", source="Daily")  # fmt: skip
    [finding] = compare_story(STORY, [a, b], CONFIG)
    assert finding.kind == "possible_conflict"
    assert "only what is counted" in finding.explanation
    assert "close enough to be one count" in finding.explanation


@pytest.mark.parametrize(
    ("first", "second", "speakers"),
    [
        (31_000, 40_000, ("Army officials", None)),  # one side says nobody said it
        (3, 4, ("Army officials", "Advisers")),  # small counts: "three teams" and "four teams" are rarely one
        (31_000, 62_000, ("Army officials", "Advisers")),  # twice as many: rarely two reports of one count
    ],
)
def test_it_still_never_compares_counts_that_name_only_their_noun_unless_two_speakers_give_close_figures(
    first, second, speakers
):
    a = fig(first, metric="fighters", unit="fighters", location=None, speaker=speakers[0])
    b = fig(second, metric="fighters", unit="fighters", location=None, speaker=speakers[1], source="Daily")
    assert compare_story(STORY, [a, b], CONFIG) == []


def test_it_compares_two_speakers_close_tolls_with_neither_place_nor_day():
    a = fig(25, published=None, location=None, speaker="The governor")
    b = fig(20, published=None, location=None, speaker="Police", source="Daily")
    [finding] = compare_story(STORY, [a, b], CONFIG)
    assert finding.kind == "possible_conflict"
    assert compare_story(STORY, [replace(a, speaker=None), b], CONFIG) == []


@pytest.mark.parametrize("rest", ["20 other people", "another 20 people", "20 more people"])
def test_it_never_compares_the_rest_of_a_count_with_a_total(rest):
    # "the strike killed 20 other people" counts those beyond the ones already named: a part.
    total = fig(30, text="30 people", speaker="Police")
    remainder = fig(20, text=rest, speaker="Medics", source="Daily")
    assert compare_story(STORY, [total, remainder], CONFIG) == []
    assert kinds(compare_story(STORY, [total, replace(remainder, text="20 people")], CONFIG)) == ["conflict"]


@given(_stories())
def test_comparing_and_counting_at_once_gives_what_they_give_apart(story):
    figures, origin_of = story
    findings, facts = compare_and_count(STORY, figures, CONFIG, origin_of=origin_of)
    assert findings == compare_story(STORY, figures, CONFIG, origin_of=origin_of)
    assert facts == len(story_facts(STORY, figures, CONFIG, origin_of=origin_of))


def test_it_compares_people_seized_named_by_a_noun_beyond_its_lists_and_tells_them_from_everyone():
    wire = _reported("Gunmen seized 12 technicians at a plant in Kyiv, the police said.", "Wire", 520)
    daily = _reported("Gunmen abducted 15 technicians at a plant in Kyiv, the police said.", "Daily", 521)
    everyone = _reported("Gunmen abducted 40 people at a plant in Kyiv, the police said.", "Post", 522)
    [finding] = compare_story(STORY, wire + daily, CONFIG)
    assert finding.kind == "conflict"
    # twelve technicians can be a part of forty people: a group, never a conflict with everyone
    assert compare_story(STORY, wire + everyone, CONFIG) == []


# A count of a group the lexicon lists as people ("students", "women") keeps the unit
# "people"; its own noun says it is a group, and a group can be a part of everyone.
GROUP_TOLL = "Gunmen killed {} at a college in Kyiv, the police said."


def test_it_reads_a_listed_group_below_everyone_as_a_part_of_the_toll():
    students = _reported(GROUP_TOLL.format("12 students"), "Wire", 530)
    everyone = _reported(GROUP_TOLL.format("30 people"), "Daily", 531)
    assert compare_story(STORY, students + everyone, CONFIG) == []
    assert find_conflicts(students + everyone) == []
    assert explain_pair(students[0], everyone[0], CONFIG).startswith("Part of a whole")
    labels = sorted(fact.label for fact in story_facts(STORY, students + everyone, CONFIG))
    assert labels == ["people killed in Kyiv (reported 2 Jan 2024)", "students killed in Kyiv (reported 2 Jan 2024)"]


def test_it_still_flags_a_listed_group_larger_than_everyone():
    students = _reported(GROUP_TOLL.format("40 students"), "Wire", 532)
    everyone = _reported(GROUP_TOLL.format("30 people"), "Daily", 533)
    [finding] = compare_story(STORY, students + everyone, CONFIG)
    assert finding.kind == "possible_conflict"
    assert "counts only students" in finding.explanation
    assert kinds(find_conflicts(students + everyone)) == ["conflict"]


def test_it_still_flags_two_counts_of_one_listed_group():
    wire = _reported(GROUP_TOLL.format("12 students"), "Wire", 534)
    daily = _reported(GROUP_TOLL.format("15 students"), "Daily", 535)
    assert kinds(compare_story(STORY, wire + daily, CONFIG)) == ["conflict"]
    assert kinds(find_conflicts(wire + daily)) == ["conflict"]


def test_it_reads_a_group_below_everyone_as_a_part_whichever_way_the_toll_is_worded():
    women = _reported("Two women died when the bridge collapsed in Kyiv, the mayor said.", "Wire", 536)
    toll = _reported("The death toll from the bridge collapse in Kyiv rose to five, the mayor said.", "Daily", 537)
    assert compare_story(STORY, women + toll, CONFIG) == []
    assert find_conflicts(women + toll) == []


def test_it_names_the_groups_two_counts_count_as_written():
    students, teachers = fig(3, unit="students"), fig(40, unit="teachers", source="Daily")
    assert (
        explain_pair(students, teachers, CONFIG)
        == "Different facts: they count different groups (students / teachers)."
    )


def test_it_writes_a_party_as_a_newsroom_does():
    named = {"unit": "militants", "side": "combatants", "party": "isis"}
    [finding] = compare_story(STORY, [fig(10, **named), fig(20, **named, source="Daily", location=None)], CONFIG)
    assert finding.explanation.startswith("Possible conflict over ISIS militants killed in Kyiv")
    soldiers = {"unit": "soldiers", "side": "security forces"}
    iraqi = fig(2000, **soldiers, party="iraqi")
    [finding] = compare_story(STORY, [iraqi, fig(1000, **soldiers, source="Daily", location=None)], CONFIG)
    assert "the first counts only Iraqi soldiers" in finding.explanation


def test_it_says_a_toll_that_rose_to_a_figure_reached_it():
    earlier = fig(12, source="Wire")
    risen = fig(27, source="Daily", published=MORNING + timedelta(hours=6), text="27",
                sentence="By evening the toll had risen to 27, officials said.")  # fmt: skip
    risen = replace(risen, change="up")
    [finding] = compare_story(STORY, [earlier, risen], CONFIG)
    assert finding.kind == "update"
    assert "a rise to 27 people killed" in finding.explanation


def test_it_names_a_counted_noun_as_its_figures_write_it():
    teams = {"metric": "team", "unit": "teams"}
    assert explain_pair(fig(3, **teams), fig(30, **teams, source="Daily"), CONFIG) == (
        "Not compared: they name only what is counted (teams)."
    )
    said = {"metric": "email", "unit": "emails", "event_date": date(2024, 1, 2)}
    senator, investigator = fig(53_000, **said, speaker="A senator"), fig(44_053, **said, speaker="An investigator")
    [finding] = compare_story(STORY, [senator, investigator], CONFIG)
    assert "they name only what is counted (emails), not what happened" in finding.explanation


def test_it_writes_a_round_million_in_words():
    units = {"metric": "shipped", "unit": "units", "kind": "count"}
    [finding] = compare_story(STORY, [fig(2_800_000, **units), fig(2_512_345, **units, source="Daily")], CONFIG)
    assert "2.8 million units shipped" in finding.explanation and "2,512,345 units shipped" in finding.explanation


def test_it_says_whose_place_and_day_the_title_names_when_neither_figure_gives_them():
    said = {"metric": "emails", "unit": "emails", "location": None, "published": None}
    senator = fig(53_000, **said, speaker="A senator", source="Daily")
    investigator = fig(44_053, **said, speaker="An investigator", source="Wire")
    placed = fig(44_053, **{**said, "location": "Kyiv"}, event_date=date(2024, 1, 2), speaker="An investigator")
    [finding] = compare_story(STORY, [senator, investigator, placed], CONFIG)
    assert finding.explanation.startswith("Possible conflict over emails in Kyiv on 2 Jan 2024")
    assert "neither names a place (the fact's place is another report's)" in finding.explanation
    assert "neither gives a date (the fact's day is another report's)" in finding.explanation


def test_it_labels_a_count_that_names_only_its_noun_as_its_figures_write_it():
    emails = {"metric": "email", "unit": "emails", "event_date": date(2024, 1, 2)}
    [fact] = story_facts(STORY, [fig(44_053, **emails)], CONFIG)
    assert fact.label == "emails in Kyiv on 2 Jan 2024"


def test_it_writes_an_updates_times_as_a_newsroom_does():
    earlier = fig(12, source="Wire")
    later = fig(27, source="Wire", published=datetime(2024, 1, 2, 16, 40))
    [finding] = compare_story(STORY, [earlier, later], CONFIG)
    assert finding.kind == "update"
    assert "27 people killed (Wire, at 16:40 UTC on 2 Jan 2024)" in finding.explanation
