import itertools
import math
import random
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core.matching import (
    BlockIndex,
    FactFigure,
    MatchConfig,
    block_key,
    canonical_place,
    check_article,
    context_words,
    counted_party,
    counted_side,
    find_conflicts,
    find_conflicts_incremental,
    key_strength,
    partition_blocks,
    place_resolver,
    same_story,
    speaker_resolver,
)
from factcheck.core.types import Claim, Figure

INF = math.inf
_ids = itertools.count(1)
MORNING = datetime(2024, 1, 2, 9, 0)


def fact(
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
    sentence: str | None = None,
    id: int | None = None,
) -> FactFigure:
    """A figure as the pipeline would hand it over; each gets its own sentence unless told."""
    fid = next(_ids) if id is None else id
    return FactFigure(
        id=fid,
        claim_id=fid,
        article_id=fid,
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
        sentence=sentence or f"Report number {fid} from {source}: {value} {metric}.",
    )


def kinds(findings):
    return sorted(f.kind for f in findings)


# --- intervals ---------------------------------------------------------------


def test_it_flags_more_than_against_nearly_the_same_number():
    over = fact(400, low=400, high=INF, qualifier="more_than", source="A")
    nearly = fact(400, low=380, high=400, qualifier="nearly", source="B")
    assert kinds(find_conflicts([over, nearly])) == ["conflict"]


def test_it_accepts_eleven_at_least_eleven_and_nearly_a_dozen():
    figures = [
        fact(11, source="A"),
        fact(11, low=11, high=INF, qualifier="at_least", source="B"),
        fact(12, low=10.8, high=12, qualifier="nearly", source="C"),
    ]
    assert find_conflicts(figures) == []


def test_it_respects_open_and_closed_ends_at_the_boundary():
    assert find_conflicts([fact(10, low=0, high=10, qualifier="at_most"), fact(10)]) == []
    assert kinds(find_conflicts([fact(10, low=0, high=10, qualifier="fewer_than"), fact(10)])) == ["conflict"]
    assert kinds(find_conflicts([fact(10, low=10, high=INF, qualifier="more_than"), fact(10)])) == ["conflict"]


def test_it_agrees_127_kg_with_280_lb():
    kg = fact(127, metric="fish weight", kind="measure", unit="kg", source="A")
    lb = fact(280, metric="fish weight", kind="measure", unit="lb", source="B")
    assert find_conflicts([kg, lb]) == []


def test_it_disagrees_19_stone_with_127_kg():
    kg = fact(127, metric="fish weight", kind="measure", unit="kg", source="A")
    stone = fact(19, metric="fish weight", kind="measure", unit="stone", source="B")
    findings = find_conflicts([kg, stone])
    assert kinds(findings) == ["conflict"]
    assert findings[0].member_ids == tuple(sorted((kg.id, stone.id)))


def test_it_never_compares_different_currencies_or_percent_with_points():
    usd = fact(5, metric="aid", kind="money", unit="USD", source="A")
    eur = fact(9, metric="aid", kind="money", unit="EUR", source="B")
    pct = fact(3, metric="inflation", kind="percent", unit="%", source="A")
    pp = fact(1, metric="inflation", kind="percent", unit="pp", source="B")
    assert find_conflicts([usd, eur, pct, pp]) == []
    assert kinds(find_conflicts([usd, fact(9, metric="aid", kind="money", unit="$", source="B")])) == ["conflict"]


def test_it_ignores_kinds_that_are_not_facts():
    assert find_conflicts([fact(91, kind="age", metric="age"), fact(45, kind="age", metric="age")]) == []


# --- names -------------------------------------------------------------------


def test_it_puts_kyiv_kyiv_and_kiev_in_one_block():
    places = place_resolver()
    keys = {block_key(fact(2, location=name), places) for name in ("Kyiv", "kyiv", "Kiev", "KYIV", "Kyïv")}
    assert keys == {"killed|kyiv|2024-01-02"}


def test_it_resolves_exonyms_and_transliterations_of_places():
    assert canonical_place("Kharkov") == "kharkiv"
    assert canonical_place("Odessa") == "odesa"
    assert canonical_place("Kharkow", known=["Kharkiv"]) == "kharkiv"
    assert canonical_place("Sumy", known=["Kharkiv"]) == "sumy"


def test_it_reads_klitschko_and_klychko_as_one_speaker():
    speakers = speaker_resolver()
    spellings = ["Vitali Klitschko", "Vitaliy Klychko", "Klitschko", "Klychko"]
    speakers.resolve_all(spellings)
    assert len({speakers.resolve(name) for name in spellings}) == 1


def test_it_reads_al_budairi_and_al_badri_as_one_speaker():
    speakers = speaker_resolver()
    speakers.resolve_all(["al-Budairi", "al-Badri"])
    assert speakers.resolve("al-Budairi") == speakers.resolve("al-Badri")


def test_it_keeps_different_organisations_apart():
    speakers = speaker_resolver()
    names = ["Ukrainian military", "Russian military", "Russian Defence Ministry", "the Ministry"]
    speakers.resolve_all(names)
    assert len({speakers.resolve(name) for name in names}) == 4


def test_it_matches_speaker_aliases_from_the_config():
    speakers = speaker_resolver(MatchConfig(speaker_aliases={"MoD": "Russian Defence Ministry"}))
    assert speakers.resolve("MoD") == speakers.resolve("Russian Defence Ministry")


# --- conflict, update, copy ---------------------------------------------------


def test_it_flags_99_against_81_missiles_from_two_sources_on_one_day():
    a = fact(99, metric="missiles launched", unit="missiles", source="Wire", speaker="the Ukrainian military")
    b = fact(
        81,
        metric="missiles launched",
        unit="missiles",
        source="Daily",
        speaker="Russian Defence Ministry",
        published=MORNING + timedelta(hours=3),
    )
    [finding] = find_conflicts([a, b])
    assert finding.kind == "conflict"
    assert finding.member_ids == (a.id, b.id)
    assert finding.explanation == (
        "the Ukrainian military says 99 missiles launched; Russian Defence Ministry says 81 missiles launched: "
        "these cannot both hold."
    )


def test_an_explanation_counts_one_person_in_the_singular():
    a = fact(1, source="Wire", speaker="the governor", sentence="The governor said one person was killed in Kyiv.")
    b = fact(
        4, source="Daily", speaker="the mayor", sentence="The mayor said four people were killed in Kyiv overnight."
    )
    [finding] = find_conflicts([a, b])
    assert "says 1 person killed" in finding.explanation
    assert "says 4 people killed" in finding.explanation


def test_it_reads_a_later_larger_toll_from_the_same_source_as_an_update():
    early = fact(2, source="City", published=datetime(2024, 1, 2, 9))
    late = fact(5, source="City", published=datetime(2024, 1, 2, 15))
    [finding] = find_conflicts([early, late])
    assert finding.kind == "update"
    assert finding.member_ids == (early.id, late.id)
    assert "later, larger toll" in finding.explanation


def test_it_reads_a_later_larger_toll_from_another_source_as_an_update_by_default():
    early = fact(2, source="City", published=datetime(2024, 1, 2, 9))
    late = fact(5, source="Wire", published=datetime(2024, 1, 2, 15))
    assert kinds(find_conflicts([early, late])) == ["update"]
    strict = MatchConfig(updates_across_sources=False)
    assert kinds(find_conflicts([early, late], strict)) == ["conflict"]


def test_it_flags_a_later_smaller_toll_as_a_conflict():
    early = fact(5, source="City", published=datetime(2024, 1, 2, 9))
    late = fact(2, source="Wire", published=datetime(2024, 1, 2, 15))
    assert kinds(find_conflicts([early, late])) == ["conflict"]


def test_it_never_reads_a_larger_non_toll_figure_as_an_update():
    early = fact(40, metric="missiles launched", unit="missiles", published=datetime(2024, 1, 2, 9))
    late = fact(99, metric="missiles launched", unit="missiles", published=datetime(2024, 1, 2, 15))
    assert kinds(find_conflicts([early, late])) == ["conflict"]


def test_it_reports_a_rising_toll_as_one_update_chain():
    tolls = [fact(n, source="City", published=datetime(2024, 1, 2, 8 + n)) for n in (2, 5, 8)]
    [finding] = find_conflicts(tolls)
    assert finding.kind == "update"
    assert finding.member_ids == tuple(t.id for t in tolls)
    assert finding.explanation.count(", then ") == 2


def test_it_reports_one_conflict_per_fact_however_many_figures_disagree():
    figures = [fact(n, metric="missiles launched", unit="missiles", source=f"S{n}") for n in (70, 81, 99)]
    [finding] = find_conflicts(figures)
    assert finding.member_ids == tuple(f.id for f in figures)
    assert finding.explanation.endswith("these cannot all hold.")


def test_it_reads_one_sentence_in_two_outlets_as_one_copy_not_a_conflict():
    sentence = "Russia fired 99 missiles overnight, 72 of which were shot down, the Ukrainian military said."
    a = fact(99, metric="missiles launched", unit="missiles", source="Wire", sentence=sentence)
    b = fact(
        99,
        metric="missiles launched",
        unit="missiles",
        source="Daily",
        sentence=sentence.replace("overnight,", "overnight ,"),
        published=MORNING + timedelta(hours=1),
    )
    [finding] = find_conflicts([a, b])
    assert finding.kind == "copy"
    assert finding.member_ids == (a.id, b.id)


def test_it_counts_copies_once_against_a_conflicting_report():
    sentence = "Russia fired 99 missiles overnight, the Ukrainian military said."
    copies = [
        fact(99, metric="missiles launched", unit="missiles", source=name, sentence=sentence)
        for name in ("Wire", "Daily", "Herald")
    ]
    other = fact(81, metric="missiles launched", unit="missiles", source="Gazette")
    findings = find_conflicts([*copies, other])
    assert kinds(findings) == ["conflict", "copy"]
    conflict = next(f for f in findings if f.kind == "conflict")
    assert conflict.member_ids == tuple(sorted((copies[0].id, other.id)))


def test_it_does_not_read_a_different_figure_in_a_similar_sentence_as_a_copy():
    a = fact(2, sentence="Two people were killed in the attack, officials said.", source="A")
    b = fact(5, sentence="Five people were killed in the attack, officials said.", source="B")
    assert kinds(find_conflicts([a, b])) == ["conflict"]


# --- blocks ------------------------------------------------------------------


def test_it_never_compares_different_metrics():
    assert find_conflicts([fact(2, metric="killed"), fact(49, metric="injured")]) == []


def test_it_never_compares_different_places():
    assert find_conflicts([fact(2, location="Kyiv"), fact(9, location="Kharkiv")]) == []


def test_it_never_compares_different_event_days():
    a = fact(2, event_date=date(2024, 1, 2))
    b = fact(9, event_date=date(2024, 1, 3))
    assert find_conflicts([a, b]) == []


def test_it_compares_a_publication_date_with_the_previous_days_event():
    event = fact(2, event_date=date(2024, 1, 2), source="A", published=None)
    next_morning = fact(9, source="B", published=datetime(2024, 1, 3, 7))
    [finding] = find_conflicts([event, next_morning])
    assert finding.key == "killed|kyiv|2024-01-02"


def test_it_matches_a_figure_without_any_date_against_every_dated_block():
    story = "shelling hit the central market near the river station"
    undated = fact(2, published=None, source="A", sentence=f"Two were killed when {story}.")
    day_one = fact(9, event_date=date(2024, 1, 2), source="B", sentence=f"Nine were killed when {story}.")
    day_five = fact(7, event_date=date(2024, 1, 5), source="C", sentence=f"Seven died after {story}.")
    findings = find_conflicts([undated, day_one, day_five])
    assert [(f.kind, f.key) for f in findings] == [
        ("conflict", "killed|kyiv|2024-01-02"),
        ("conflict", "killed|kyiv|2024-01-05"),
    ]
    assert all(undated.id in f.member_ids for f in findings)


def test_it_treats_aware_and_naive_publication_times_alike():
    naive = fact(2, published=datetime(2024, 1, 2, 23, 30))
    aware = fact(9, published=datetime(2024, 1, 3, 0, 45, tzinfo=timezone(timedelta(hours=1))))
    places = place_resolver()
    assert block_key(naive, places) == block_key(aware, places) == "killed|kyiv|2024-01-02"
    assert kinds(find_conflicts([naive, aware])) == ["update"]


def test_it_does_not_compare_across_blocks():
    figures = [fact(n, metric=f"metric {n % 97}", location=f"Place {n}") for n in range(2000)]
    index = BlockIndex()
    index.add(figures)
    assert index.findings() == []
    assert index.comparisons == 0


def test_it_compares_only_within_a_block():
    crowd = [fact(n, metric=f"metric {n}", location=f"Place {n}") for n in range(500)]
    block = [fact(n, source=f"S{n}", location="Kyiv", metric="killed") for n in (2, 3, 4)]
    index = BlockIndex()
    index.add(crowd + block)
    assert [f.member_ids for f in index.findings()] == [tuple(f.id for f in block)]
    assert index.comparisons == 3


# --- determinism, incremental, chunks -------------------------------------------


def scenario() -> list[FactFigure]:
    sentence = "At least five people were killed in overnight strikes, officials said."
    return [
        fact(2, source="City", location="Kyiv", published=datetime(2024, 1, 2, 9)),
        fact(5, source="City", location="Kiev", published=datetime(2024, 1, 2, 15)),
        fact(3, source="Wire", location="kyiv", published=datetime(2024, 1, 2, 16)),
        fact(99, metric="missiles launched", unit="missiles", location=None, source="Wire"),
        fact(81, metric="missiles launched", unit="missiles", location=None, source="Daily"),
        fact(5, low=5, high=INF, qualifier="at_least", location="Kharkov", sentence=sentence, source="A"),
        fact(5, low=5, high=INF, qualifier="at_least", location="Kharkiv", sentence=sentence, source="B"),
        fact(1, location="Kharkiv", published=None, source="C"),
    ]


def test_it_gives_the_same_findings_for_any_input_order():
    figures = scenario()
    expected = find_conflicts(figures)
    assert expected
    for seed in range(5):
        shuffled = figures[:]
        random.Random(seed).shuffle(shuffled)
        assert find_conflicts(shuffled) == expected


def test_it_is_idempotent():
    figures = scenario()
    assert find_conflicts(figures) == find_conflicts(figures)
    index = BlockIndex()
    first = find_conflicts_incremental(figures, index)
    again = find_conflicts_incremental(figures, index)
    assert again == first
    assert len(index) == len(figures)


def test_it_finds_incrementally_what_a_full_run_finds():
    figures = scenario()
    index = BlockIndex()
    find_conflicts_incremental(figures[:3], index)
    result = find_conflicts_incremental(figures[3:], index)
    assert set(result.findings) <= set(find_conflicts(figures))
    assert index.findings() == find_conflicts(figures)
    assert all(f.key in result.block_keys for f in result.findings)


def test_it_recomputes_only_the_blocks_new_figures_touch():
    index = BlockIndex()
    index.add(fact(n, metric=f"metric {n}", location=f"Place {n}") for n in range(300))
    before = index.comparisons
    result = find_conflicts_incremental([fact(7, metric="metric 5", location="Place 5")], index)
    assert result.block_keys == ("metric 5|place 5|2024-01-02",)
    assert [f.kind for f in result.findings] == ["conflict"]
    assert index.comparisons - before == 1


def test_it_splits_work_into_chunks_that_reproduce_the_full_run():
    figures = scenario() + [fact(n % 7, metric=f"m{n % 11}", location=f"Town {n % 13}") for n in range(200)]
    chunks = partition_blocks(figures, 3)
    assert len(chunks) == 3
    ids = [i for chunk in chunks for i in chunk.figure_ids]
    assert sorted(ids) == sorted(f.id for f in figures)
    by_id = {f.id: f for f in figures}
    merged = sorted(
        (f for chunk in chunks for f in find_conflicts([by_id[i] for i in chunk.figure_ids], chunk.config)),
        key=lambda f: (f.key, f.kind, f.member_ids, f.explanation),
    )
    assert merged == find_conflicts(figures)
    assert all(
        f.key in chunk.block_keys
        for chunk in chunks
        for f in find_conflicts([by_id[i] for i in chunk.figure_ids], chunk.config)
    )


# --- inside one article -------------------------------------------------------------


def figure(value: float, metric: str, **extra) -> Figure:
    low = extra.pop("low", value)
    high = extra.pop("high", value)
    return Figure(text=f"{value} {metric}", start=0, end=1, value=value, low=low, high=high, metric=metric, **extra)


def test_it_flags_a_subset_larger_than_its_total():
    claim = Claim(
        "...", 0, 10, figures=(figure(99, "missiles launched"), figure(120, "missiles intercepted", subset_of=0))
    )
    [finding] = check_article([claim])
    assert finding.kind == "subset_exceeds_total"
    assert finding.figures == ((0, 1), (0, 0))


def test_a_whole_that_counts_nothing_named_is_no_total():
    # "one has to ask ... the two of them": the extractor's bare "one" is no count of anything
    claim = Claim("...", 0, 10, figures=(figure(1, ""), figure(2, "", subset_of=0)))
    assert check_article([claim]) == []


def test_it_accepts_72_of_99():
    claim = Claim(
        "...", 0, 10, figures=(figure(99, "missiles launched"), figure(72, "missiles intercepted", subset_of=0))
    )
    assert check_article([claim]) == []


def test_it_accepts_located_parts_within_at_least_five():
    claims = [
        Claim("...", 0, 1, figures=(figure(5, "killed", low=5, high=INF, qualifier="at_least"),)),
        Claim("...", 1, 2, location="Kyiv", figures=(figure(2, "killed"),)),
        Claim("...", 2, 3, location="Kyiv outskirts", figures=(figure(2, "killed"),)),
        Claim("...", 3, 4, location="Kharkiv", figures=(figure(1, "killed"),)),
    ]
    assert check_article(claims) == []


def test_it_flags_located_parts_that_exceed_the_total():
    claims = [
        Claim("...", 0, 1, figures=(figure(3, "killed"),)),
        Claim("...", 1, 2, location="Kyiv", figures=(figure(2, "killed"),)),
        Claim("...", 2, 3, location="Kiev", figures=(figure(2, "killed"),)),  # the same place, counted once
        Claim("...", 3, 4, location="Kharkiv", figures=(figure(2, "killed"),)),
    ]
    [finding] = check_article(claims)
    assert finding.kind == "parts_exceed_total"
    assert finding.figures[-1] == (0, 0)
    assert "4" in finding.explanation


def said(text: str, value: float, metric: str = "killed", **extra) -> Figure:
    low, high = extra.pop("low", value), extra.pop("high", value)
    return Figure(text=text, start=0, end=1, value=value, low=low, high=high, metric=metric, **extra)


def located(place: str, *figures: Figure) -> Claim:
    return Claim("...", 0, 1, location=place, figures=figures)


def test_counts_that_name_no_event_are_not_parts_of_a_total():
    claims = [
        Claim("...", 0, 1, figures=(said("the two groups", 2, "group", unit="groups"),)),
        located("Aleppo", said("the two groups", 2, "group", unit="groups")),
        located("Raqqa", said("the two groups", 2, "group", unit="groups")),
    ]
    assert check_article(claims) == []


def test_a_part_as_large_as_the_total_is_the_total_told_at_a_place():
    claims = [
        Claim("...", 0, 1, figures=(said("up to 1,000 soldiers", 1000, low=0, qualifier="at_most"),)),
        located("Ramadi", said("1,000 soldiers", 1000)),
        located("Falluja", said("1,000 soldiers", 1000)),
    ]
    assert check_article(claims) == []


@pytest.mark.parametrize(("parts", "flagged"), [("soldiers", False), ("militants", True)])
def test_counts_of_another_side_are_not_parts_of_a_total(parts: str, flagged: bool):
    claims = [
        Claim("...", 0, 1, figures=(said("10 militants", 10),)),
        located("Ramadi", said(f"4 {parts}", 4)),
        located("Falluja", said(f"8 {parts}", 8)),
    ]
    assert [f.kind for f in check_article(claims)] == (["parts_exceed_total"] if flagged else [])


# --- properties and purity ------------------------------------------------------------

qualifiers = st.sampled_from(["exact", "at_least", "more_than", "at_most", "fewer_than", "about", "nearly", "range"])
numbers = st.floats(allow_nan=True, allow_infinity=True, width=32)
moments = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.datetimes(timezones=st.just(UTC)),
)
fact_figures = st.builds(
    FactFigure,
    id=st.integers(0, 50),
    claim_id=st.integers(0, 5),
    article_id=st.integers(0, 5),
    source=st.sampled_from(["Wire", "Daily", "", "wire "]),
    published=moments,
    speaker=st.one_of(st.none(), st.sampled_from(["Klitschko", "Klychko", "", "the", "!!"]), st.text(max_size=8)),
    location=st.one_of(st.none(), st.sampled_from(["Kyiv", "Kiev", "", "the"]), st.text(max_size=8)),
    event_date=st.one_of(st.none(), st.dates()),
    metric=st.one_of(st.sampled_from(["killed", "dead", "missiles launched", ""]), st.text(max_size=6)),
    kind=st.sampled_from(["count", "money", "percent", "measure", "age"]),
    unit=st.one_of(
        st.none(), st.sampled_from(["people", "kg", "lb", "°F", "USD", "%", "pp", "million"]), st.text(max_size=4)
    ),
    value=numbers,
    low=numbers,
    high=numbers,
    qualifier=qualifiers,
    sentence=st.one_of(st.sampled_from(["Two were killed.", ""]), st.text(max_size=30)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(fact_figures, max_size=25))
def test_it_never_raises_and_only_names_input_figures(figures):
    findings = find_conflicts(figures)
    ids = {f.id for f in figures}
    for finding in findings:
        assert finding.kind in ("conflict", "update", "copy")
        assert finding.member_ids
        assert set(finding.member_ids) <= ids
        assert list(finding.member_ids) == sorted(set(finding.member_ids))
    assert find_conflicts(list(reversed(figures))) == findings or len(ids) < len(figures)


def test_it_imports_neither_django_nor_celery():
    code = "import sys, factcheck.core.matching; print(sorted(m for m in ('django', 'celery') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- weak keys and date-less figures need same-story evidence -----------------


def test_it_does_not_match_undated_figures_from_unrelated_sentences():
    a = fact(2, published=None, source="A", sentence="Two were killed when a bridge collapsed over the canal.")
    b = fact(9, published=None, source="B", sentence="Nine died in a warehouse fire on the industrial estate.")
    assert find_conflicts([a, b]) == []


def test_it_matches_undated_figures_whose_sentences_tell_one_story():
    a = fact(2, published=None, source="A", sentence="Two were killed when the old bridge collapsed over the canal.")
    b = fact(9, published=None, source="B", sentence="Nine were killed as the old bridge over the canal collapsed.")
    assert kinds(find_conflicts([a, b])) == ["conflict"]


def test_a_config_can_match_undated_figures_without_evidence():
    a = fact(2, published=None, source="A", sentence="Two were killed when a bridge collapsed over the canal.")
    b = fact(9, published=None, source="B", sentence="Nine died in a warehouse fire on the industrial estate.")
    assert kinds(find_conflicts([a, b], MatchConfig(undated_needs_context=False))) == ["conflict"]


def test_it_does_not_take_a_counted_noun_alone_for_one_fact():
    # Same day, same place, same noun: three went missing, two hundred took part.
    missing = fact(
        3,
        metric="soldiers",
        unit="soldiers",
        location="Fort Alder",
        source="A",
        sentence="Three soldiers went missing from the exercise at Fort Alder on Saturday night.",
    )
    taking_part = fact(
        200,
        metric="soldiers",
        unit="soldiers",
        location="Fort Alder",
        source="B",
        sentence="Some 200 soldiers from six nations are taking part in the drill.",
    )
    assert find_conflicts([missing, taking_part]) == []


def test_it_matches_a_counted_noun_when_the_sentences_say_the_same():
    a = fact(
        3,
        metric="soldiers",
        unit="soldiers",
        location="Fort Alder",
        source="A",
        sentence="Three soldiers went missing from the training exercise on Saturday.",
    )
    b = fact(
        4,
        metric="soldiers",
        unit="soldiers",
        location="Fort Alder",
        source="B",
        sentence="Four soldiers went missing from the training exercise, officials said.",
    )
    assert kinds(find_conflicts([a, b])) == ["conflict"]


def test_it_needs_one_named_speaker_for_a_vague_metric():
    def money(value, source, speaker):
        return fact(
            value,
            metric="money",
            kind="money",
            unit="USD",
            location=None,
            source=source,
            speaker=speaker,
            sentence=f"The analyst expects the gold watch edition to retail for {value} dollars.",
        )

    # Same wording, different or unnamed speakers: "money" alone does not make one fact.
    assert find_conflicts([money(950, "A", "Jane Doe"), money(5000, "B", "John Roe")]) == []
    assert find_conflicts([money(950, "A", "he"), money(5000, "B", "he")]) == []
    assert kinds(find_conflicts([money(950, "A", "Jane Doe"), money(5000, "B", "Jane Doe")])) == ["conflict"]


def test_it_does_not_compare_figures_of_one_article_under_a_weak_key():
    sport = fact(
        349,
        metric="money",
        kind="money",
        unit="USD",
        location=None,
        speaker="Jane Doe",
        id=9001,
        sentence="Jane Doe said the sport watch will retail for 349 dollars in the shops.",
    )
    edition = replace(
        sport,
        id=9002,
        claim_id=9002,
        value=950,
        low=950,
        high=950,
        sentence="Jane Doe said the edition watch will retail for 950 dollars in the shops.",
    )
    assert find_conflicts([sport, edition]) == []
    elsewhere = replace(edition, id=9003, claim_id=9003, article_id=9003, source="Other")
    assert kinds(find_conflicts([sport, elsewhere])) == ["conflict"]


def test_it_ignores_metrics_that_are_debris_of_abbreviations():
    a = fact(2, metric="s", unit=None, source="A")
    b = fact(9, metric="s", unit=None, source="B")
    assert find_conflicts([a, b]) == []


def test_key_strength_and_context_words():
    assert key_strength(("missiles launched", "kyiv", "missile")) == "strong"
    assert key_strength(("soldiers", "", "soldier")) == "noun"
    assert key_strength(("percent", "", "%")) == "vague"
    words = context_words("Two people were killed when the bridges collapsed in 2024.", ["killed", "people"])
    assert words == {"bridge", "collapsed"}
    assert same_story(words, context_words("The bridge collapsed at dawn, killing nine."))
    assert not same_story(words, context_words("A bridge toll rose again."))


def test_it_keeps_two_stories_under_one_loose_key_apart():
    bridge = "the old bridge collapsed over the canal"
    fire = "fire swept the warehouse on the industrial estate"
    bridge_a = fact(2, published=None, source="A", sentence=f"Two were killed when {bridge}.")
    bridge_b = fact(9, published=None, source="B", sentence=f"Nine were killed as {bridge}.")
    fire_a = fact(4, published=None, source="C", sentence=f"Four were killed when {fire}.")
    fire_b = fact(7, published=None, source="D", sentence=f"Seven were killed as {fire}.")
    conflicts = [f for f in find_conflicts([bridge_a, bridge_b, fire_a, fire_b]) if f.kind == "conflict"]
    assert sorted(f.member_ids for f in conflicts) == sorted([(bridge_a.id, bridge_b.id), (fire_a.id, fire_b.id)])


STORY = "Fighting near the northern dam went on all night, the border agency said on its website"


@pytest.mark.parametrize(
    ("first", "second", "reported"),
    [
        ("combatants", "security forces", False),
        ("civilians", "combatants", False),
        ("security forces", "security forces", True),
        (None, "combatants", True),
    ],
)
@pytest.mark.parametrize("published", [None, MORNING], ids=["undated", "dated"])
def test_counts_of_different_sides_of_a_fight_are_different_facts(first, second, reported, published):
    # Undated figures are compared one by one; dated ones under a strong key as whole versions.
    a = replace(fact(1, published=published, source="Wire", sentence=f"{STORY}: one was killed."), side=first)
    b = replace(fact(25, published=published, source="Daily", sentence=f"{STORY}: 25 were killed."), side=second)
    assert bool([f for f in find_conflicts([a, b]) if f.kind == "conflict"]) is reported


def test_a_count_naming_no_side_keeps_its_version_in_play():
    """One outlet's "25 killed" names no side: it meets the other side's figure even beside a sided twin."""
    sided = replace(fact(25, source="Wire", sentence=f"{STORY}: 25 militants were killed."), side="combatants")
    plain = replace(fact(25, source="Post", sentence="Officials counted 25 dead after a night of shelling."), side=None)
    soldiers = replace(fact(1, source="Daily", sentence=f"{STORY}: one soldier was killed."), side="security forces")
    conflicts = [f for f in find_conflicts([sided, plain, soldiers]) if f.kind == "conflict"]
    assert len(conflicts) == 1
    assert set(conflicts[0].member_ids) >= {plain.id, soldiers.id}


@pytest.mark.parametrize(
    ("first", "second", "reported"),
    [
        ((9, "nine Kurdish fighters"), (10, "10 IS militants"), False),
        ((40, "40 Russian soldiers"), (12, "12 Ukrainian soldiers"), False),
        ((30, "30 militants"), (10, "10 IS militants"), True),  # no party named: meets any
        ((30, "30 Taliban insurgents"), (10, "10 Taliban fighters"), True),
    ],
)
@pytest.mark.parametrize("published", [None, MORNING], ids=["undated", "dated"])
def test_counts_of_two_parties_are_different_facts(first, second, reported, published):
    figures = [
        replace(
            fact(value, published=published, source=source, sentence=f"{STORY}: {text} were killed."),
            side=counted_side(text),
            party=counted_party(text),
        )
        for source, (value, text) in (("Wire", first), ("Daily", second))
    ]
    assert bool([f for f in find_conflicts(figures) if f.kind == "conflict"]) is reported


def test_a_figure_names_its_party_in_its_own_words():
    assert counted_party("nine Kurdish fighters") == "kurdish"
    assert counted_party("10 IS militants") == counted_party("12 Daesh fighters") == "isis"
    assert counted_party("it is 12 people") is None  # "is" the verb names no one


def test_a_figure_names_its_side_in_its_own_words():
    assert counted_side("three soldiers were wounded") == "security forces"
    assert counted_side("at least 40 insurgents") == "combatants"
    assert counted_side("six children") == "civilians"
    assert counted_side("52 were injured") is None


def test_an_explanation_writes_sums_and_shares_as_a_newsroom_does():
    aid = [fact(v, metric="aid", kind="money", unit="USD", source=s) for v, s in ((2e6, "A"), (3.5e6, "B"))]
    [finding] = find_conflicts(aid)
    assert "$2m aid" in finding.explanation and "$3.5m aid" in finding.explanation
    rate = [fact(v, metric="turnout", kind="percent", unit="%", source=s) for v, s in ((61, "A"), (64, "B"))]
    [finding] = find_conflicts(rate)
    assert "61% turnout" in finding.explanation and "% percent" not in finding.explanation
