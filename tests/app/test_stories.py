"""Stories in the database: assigned at ingest, kept by re-clustering, and the editors' decisions."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from factcheck import crosscheck, pipeline, stories
from factcheck.core import matching
from factcheck.models import Article, Conflict, FindingDecision, Source, Story, StoryEvent

# Our own words: two outlets' reports of one invented event, and an unrelated one.
FERRY_WIRE = (
    "A passenger ferry capsized on Lake Victoria near the Ugandan port of Entebbe on Tuesday, "
    "killing 12 people, the police said. The vessel, the MV Kalangala Star, was carrying "
    "about 80 passengers and traders to the Ssese Islands when a storm struck. Rescuers pulled 41 "
    "survivors from the water, police spokesman Patrick Onyango told reporters in Entebbe."
)
FERRY_DAILY = (
    "Nineteen people were killed when the crowded MV Kalangala Star ferry overturned in a storm on Tuesday, "
    "a local official said. Rescue boats searched Lake Victoria through the night on the route from Entebbe "
    "to the Ssese Islands, and dozens of passengers are still missing. Survivors said the ferry was "
    "overloaded with traders and their goods when the storm hit the lake."
)
BUDGET = (
    "The city council of Rotterdam approved a budget of 6.1 billion euros for next year on Thursday, "
    "with new spending on housing and the port, alderman Anna de Vries said. The opposition voted "
    "against the plan, which raises local taxes by 3 percent."
)


@pytest.fixture
def outlets(db: None) -> tuple[Source, Source, Source]:
    return (
        Source.objects.create(name="Wire", kind=Source.Kind.AGENCY),
        Source.objects.create(name="Daily"),
        Source.objects.create(name="Gazette"),
    )


def ingest(source: Source, text: str, published: str = "2024-01-02T10:00:00Z", title: str = "") -> Article:
    result = pipeline.ingest_article(source, text=text, title=title or text[:60], published_at=published)
    assert result.ok, result.reason
    assert result.article is not None
    return Article.objects.get(pk=result.article.pk)


def test_it_puts_two_outlets_reports_of_one_event_in_one_story(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, gazette = outlets
    first = ingest(wire, FERRY_WIRE, "2024-01-02T09:00:00Z")
    second = ingest(daily, FERRY_DAILY, "2024-01-02T11:00:00Z")
    other = ingest(gazette, BUDGET, "2024-01-02T12:00:00Z")
    assert first.story_id and first.story_id == second.story_id
    assert other.story_id not in (None, first.story_id)
    story = Story.objects.get(pk=first.story_id)
    assert (story.article_count, story.source_count) == (2, 2)
    assert story.title == first.title


def test_it_gives_an_empty_or_one_line_article_a_story_of_its_own(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, _ = outlets
    ingest(wire, FERRY_WIRE)
    short = ingest(daily, "Updates to follow.")
    assert short.story_id is not None
    assert Story.objects.get(pk=short.story_id).article_count == 1


def test_it_marks_a_republished_wire_story_as_a_copy_of_the_earliest(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, gazette = outlets
    origin = ingest(wire, FERRY_WIRE, "2024-01-02T09:00:00Z")
    copy = ingest(daily, FERRY_WIRE.replace("on Tuesday", "on Tuesday morning") + " (Wire)", "2024-01-02T10:00:00Z")
    late_but_first = ingest(gazette, FERRY_WIRE + " More soon.", "2024-01-02T08:00:00Z")
    origin.refresh_from_db()
    copy.refresh_from_db()
    assert late_but_first.story_id == origin.story_id == copy.story_id
    # The earliest published is the origin of all, whatever order they arrived in.
    assert origin.copy_of_id == copy.copy_of_id == late_but_first.pk
    assert late_but_first.copy_of_id is None
    assert copy.copy_containment and copy.copy_containment > 0.8


def test_it_keeps_an_editors_move_and_merge_through_reclustering(outlets, editor) -> None:  # type: ignore[no-untyped-def]
    wire, daily, gazette = outlets
    first = ingest(wire, FERRY_WIRE, "2024-01-02T09:00:00Z")
    second = ingest(daily, FERRY_DAILY, "2024-01-02T11:00:00Z")
    budget = ingest(gazette, BUDGET, "2024-01-02T12:00:00Z")
    moved_out = second.move_to_story(None, editor, note="a different sinking")
    ferry = Story.objects.get(pk=first.story_id)
    Story.objects.get(pk=budget.story_id).merge_into(ferry, editor)
    assert StoryEvent.objects.filter(user=editor).count() == 2
    for _ in range(2):
        counts = stories.recluster_here()
        assert counts["articles"] == 3
        second.refresh_from_db()
        budget.refresh_from_db()
        assert second.story_id == moved_out.pk
        assert budget.story_id == ferry.pk
    assert counts["moved"] == 0  # the second run changes nothing


def test_it_reclusters_an_article_that_joined_the_wrong_story(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, _ = outlets
    first = ingest(wire, FERRY_WIRE, "2024-01-02T09:00:00Z")
    second = ingest(daily, FERRY_DAILY, "2024-01-02T11:00:00Z")
    wrong = Story.objects.create(title="stray")
    Article.objects.filter(pk=second.pk).update(story=wrong)
    counts = stories.recluster_here()
    second.refresh_from_db()
    assert second.story_id == first.story_id
    assert counts["moved"] == 1


def test_it_assigns_stories_to_articles_that_have_none_before_the_crosscheck(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, _ = outlets
    a = ingest(wire, FERRY_WIRE)
    b = ingest(daily, FERRY_DAILY)
    Article.objects.update(story=None)
    Story.objects.all().delete()
    crosscheck.run_here()
    assert Article.objects.filter(story__isnull=True).count() == 0
    assert Article.objects.get(pk=a.pk).story_id == Article.objects.get(pk=b.pk).story_id


def stories_json(*args: str) -> dict:  # type: ignore[type-arg]
    out = io.StringIO()
    call_command("stories", "--format", "json", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_it_prints_every_article_in_exactly_one_story(outlets) -> None:  # type: ignore[no-untyped-def]
    wire, daily, gazette = outlets
    ids = {
        ingest(wire, FERRY_WIRE, "2024-01-02T09:00:00Z").pk,
        ingest(daily, FERRY_DAILY, "2024-01-02T11:00:00Z").pk,
        ingest(gazette, BUDGET, "2024-01-05T12:00:00Z").pk,
    }
    data = stories_json()
    listed = [a["id"] for s in data["stories"] for a in s["articles"]]
    assert sorted(listed) == sorted(ids)
    story = next(s for s in data["stories"] if len(s["articles"]) == 2)
    assert set(story) >= {"id", "title", "articles", "facts", "conflicts"}
    assert set(story["articles"][0]) >= {"id", "url", "source", "title", "published"}
    assert [len(s["articles"]) for s in stories_json("--min-articles", "2")["stories"]] == [2]
    assert [s["title"] for s in stories_json("--since", "2024-01-04")["stories"]] == [BUDGET[:60]]


def test_it_refuses_a_malformed_since_date(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a date"):
        stories_json("--since", "yesterday")


def possible_conflict() -> Conflict:
    found = Conflict.objects.open().filter(kind=Conflict.Kind.POSSIBLE_CONFLICT, story__isnull=False)
    assert found.count() == 1, list(Conflict.objects.values_list("kind", "explanation"))
    return found.get()


def test_it_raises_a_possible_conflict_inside_a_story_and_a_rejection_sticks(outlets, editor) -> None:  # type: ignore[no-untyped-def]
    wire, daily, _ = outlets
    # The daily's 19 (no place) comes first, the police's 12 later: not a rising toll.
    first = ingest(wire, FERRY_WIRE, "2024-01-02T11:00:00Z")
    ingest(daily, FERRY_DAILY, "2024-01-02T09:00:00Z")
    crosscheck.run_here()
    finding = possible_conflict()
    assert "place" in finding.explanation.casefold()
    finding.decide(editor, same=False, note="the daily counts another boat")
    assert FindingDecision.objects.filter(user=editor, decision="different").exists()
    # Re-extraction gives the figures new rows; re-clustering and the cross-check run again.
    pipeline.reextract(Article.objects.all())
    stories.recluster_here()
    crosscheck.run_here()
    assert not Conflict.objects.open().filter(kind__in=["possible_conflict", "conflict"], story__isnull=False)
    assert Article.objects.get(pk=first.pk).story_id is not None


def test_it_makes_a_confirmed_possible_conflict_a_conflict_that_survives_reextraction(outlets, editor) -> None:  # type: ignore[no-untyped-def]
    wire, daily, _ = outlets
    ingest(wire, FERRY_WIRE, "2024-01-02T11:00:00Z")
    ingest(daily, FERRY_DAILY, "2024-01-02T09:00:00Z")
    crosscheck.run_here()
    possible_conflict().decide(editor, same=True)
    pipeline.reextract(Article.objects.all())
    crosscheck.run_here()
    confirmed = Conflict.objects.open().filter(kind=Conflict.Kind.CONFLICT, story__isnull=False)
    assert confirmed.count() == 1
    assert "Confirmed as one fact by alice" in confirmed.get().explanation


def test_it_takes_place_aliases_from_the_admin_table(outlets) -> None:  # type: ignore[no-untyped-def]
    from factcheck.models import PlaceAlias

    resolve = lambda name: matching.place_resolver(stories.match_config()).resolve(name)  # noqa: E731
    assert resolve("Kiev") == "kyiv"  # seeded from the exonyms the matcher knew
    PlaceAlias.objects.create(name="Bombaim", canonical="Mumbai")
    assert resolve("Bombaim") == "mumbai"
    PlaceAlias.objects.filter(name="kiev").delete()
    assert resolve("Kiev") == "kiev"  # an admin's deletion holds: no built-in table underneath


def test_the_candidates_are_the_live_stories_sharing_most_terms_past_many_quiet_ones(db: None) -> None:
    """Stories are ranked by shared index terms (ties: newest); merged stories and stories
    quiet since before the window are passed over, however many outrank the live ones."""
    from datetime import timedelta

    from django.utils import timezone

    from factcheck.models import StoryTerm
    from factcheck.stories.assignment import _most_shared

    now = timezone.now()
    since = now - timedelta(days=3)
    terms = ["flood", "dam", "valley"]

    def story(shared: int, active: object = now) -> Story:
        made = Story.objects.create(title="s", last_activity=active, centroid={})
        StoryTerm.objects.bulk_create([StoryTerm(story=made, term=t) for t in terms[:shared]])
        return made

    quiet = [story(3, now - timedelta(days=9)) for _ in range(150)]  # share every term, but long quiet
    merged = story(3)
    one, two_old, two_new = story(1), story(2), story(2)
    Story.objects.filter(pk=merged.pk).update(merged_into=one)
    StoryTerm.objects.create(story=story(0), term="harvest")  # shares nothing
    assert _most_shared(terms, since, 30) == [two_new.pk, two_old.pk, one.pk]
    assert _most_shared(terms, since, 2) == [two_new.pk, two_old.pk]
    wider = _most_shared(terms, now - timedelta(days=30), 1000)  # a wider window takes the quiet ones first
    assert wider[:150] == sorted((s.pk for s in quiet), reverse=True) and wider[150:] == [
        two_new.pk,
        two_old.pk,
        one.pk,
    ]
