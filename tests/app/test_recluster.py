"""The nightly re-clustering's chunks at scale: a worker process reads the window once per run,
and chunks send their edges compactly (factcheck.stories.recluster)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import pipeline, stories, tasks
from factcheck.core.stories import EdgeArrays
from factcheck.models import Article, Source
from factcheck.stories import recluster

# Our own words: two reports of one invented landslide, and a market report.
SLIDE_ONE = (
    "A landslide buried part of the mountain road above Vellmar on Sunday after days of rain, and road crews "
    "worked through the night to reach three trapped lorries, the district engineer Hanna Lusk said."
)
SLIDE_TWO = (
    "Road crews dug through the night to free three lorries trapped when rain-soaked slopes collapsed onto the "
    "mountain road above Vellmar, district engineer Hanna Lusk told the local radio station."
)
MARKET = (
    "Grain prices in the Brisk exchange fell for a third week as farmers brought in an early harvest, traders "
    "said, and the cooperative cut its buying price for barley."
)


@pytest.fixture
def window(db: None) -> list[int]:
    wire, daily = Source.objects.create(name="Wire"), Source.objects.create(name="Daily")
    ids = []
    for source, text in ((wire, SLIDE_ONE), (daily, SLIDE_TWO), (daily, MARKET)):
        result = pipeline.ingest_article(source, text=text, title=text[:50], published_at="2024-05-05T08:00:00Z")
        assert result.article is not None
        ids.append(result.article.pk)
    stories.fit_window_weights()
    yield ids
    stories.drop_chunk_window()


def test_it_reads_the_window_once_for_all_chunks_of_a_run(window) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as first:
        one = stories.recluster_edges(window[:1], run="night-1")
    with CaptureQueriesContext(connection) as second:
        rest = stories.recluster_edges(window[1:], run="night-1")
    assert len(first) > 0 and len(second) == 0  # the second chunk of the run reads nothing
    whole = stories.recluster_edges(window)  # no run: read afresh
    assert sorted(EdgeArrays.concat([one, rest]).tuples()) == sorted(whole.tuples())
    with CaptureQueriesContext(connection) as next_run:
        stories.recluster_edges(window[:1], run="night-2")
    assert len(next_run) > 0  # a new run reads the window again


def test_it_frees_the_window_when_the_process_runs_another_task(window) -> None:  # type: ignore[no-untyped-def]
    stories.recluster_edges(window[:1], run="night-1")
    tasks._drop_recluster_window(sender=tasks.recluster_chunk)
    assert recluster._window  # its own chunks keep it
    tasks._drop_recluster_window(sender=tasks.extract_article)
    assert not recluster._window


def test_it_sends_a_chunks_edges_compactly_and_bit_for_bit(window) -> None:  # type: ignore[no-untyped-def]
    edges = stories.recluster_edges(window)
    assert len(edges) >= 2
    sent = json.loads(json.dumps(tasks.recluster_chunk.run(window)))  # through the JSON result backend
    assert stories.unpack_edges(sent).tuples() == edges.tuples()
    # older chunk results (lists of triples) still read
    assert stories.unpack_edges(json.loads(json.dumps(edges.tuples()))).tuples() == edges.tuples()


def test_it_rebuilds_centroids_from_the_vectors_it_has_as_from_the_stored_terms(window) -> None:  # type: ignore[no-untyped-def]
    from factcheck.models import Story
    from factcheck.stories.recluster import _rebuild

    weights = stories.term_weights()
    known = {pk: vector for pk, vector, _ in stories.window_vectors(weights)}
    story_ids = set(Article.objects.values_list("story_id", flat=True))
    _rebuild(story_ids)
    read_again = dict(Story.objects.values_list("pk", "centroid"))
    Story.objects.update(centroid={})
    with CaptureQueriesContext(connection) as reused:
        _rebuild(story_ids, known, weights)
    assert dict(Story.objects.values_list("pk", "centroid")) == read_again
    from factcheck.core.stories import index_terms
    from factcheck.models import StoryTerm

    indexed = set(StoryTerm.objects.values_list("story_id", "term"))
    assert indexed and indexed == {(pk, t) for pk, c in read_again.items() for t in index_terms(c)}
    assert not any('"story_terms" FROM' in q["sql"] for q in reused.captured_queries)  # no term list read


def test_it_hands_the_finish_step_the_chunks_vectors_bit_for_bit(window) -> None:  # type: ignore[no-untyped-def]
    stories.recluster_edges(window[:1], run="night-1")
    tasks._drop_recluster_window(sender=tasks.recluster_finish)  # the finish step may use them
    known = stories.run_vectors("night-1")
    read = {pk: vector for pk, vector, _ in stories.window_vectors(stories.term_weights_for_window())}
    assert len(read) == 3 and all(list(known[pk].items()) == list(read[pk].items()) for pk in read)
    assert not recluster._window and stories.run_vectors("night-1") == {}  # then freed


CONCERT = (
    "The harbour orchestra of Kesswick played its last open-air concert of the summer on the pier, and the "
    "conductor thanked the fishermen who lent their boats as a stage for the brass section."
)


def test_it_creates_the_new_stories_of_a_run_in_one_statement(window) -> None:  # type: ignore[no-untyped-def]
    from factcheck.models import Story

    daily = Source.objects.get(name="Daily")
    result = pipeline.ingest_article(daily, text=CONCERT, title=CONCERT[:50], published_at="2024-05-05T09:00:00Z")
    assert result.article is not None
    lumped = Story.objects.create(title="everything")
    Article.objects.update(story=lumped)  # a bad night: four reports of three events in one story
    with CaptureQueriesContext(connection) as queries:
        counts = stories.recluster_here()
    assert counts["created"] == 2 and counts["stories"] == 3
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "factcheck_story"')]
    assert len(inserts) == 1
    assert Article.objects.filter(pk__in=window[:2]).values("story").distinct().count() == 1
