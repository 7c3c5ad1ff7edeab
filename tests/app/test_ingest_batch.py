"""A batch of articles is stored in a few queries, with the same answers as one by one."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck import ingest_batch, pipeline, stories
from factcheck.ingest_batch import Incoming
from factcheck.models import Article, Claim, Figure, PendingTask, Source, Story
from tests.redis_down import app_pointed_at, free_port

QUAKE = (
    "A strong earthquake struck the coastal province of Ardena on Monday night.\n\n"
    "The regional governor said {dead} people were killed and 120 were injured in the quake.\n\n"
    "Rescue teams searched collapsed buildings in the port town through the night."
)
HARVEST = (
    "Farmers in the northern valleys brought in a record wheat harvest this autumn.\n\n"
    "The agriculture ministry said output rose to 4.2 million tonnes, up from 3.9 million.\n\n"
    "Grain prices fell at the regional markets as silos filled."
)


def incoming(source: Source, n: int, text: str | None = None, **kwargs: object) -> Incoming:
    fields: dict[str, object] = {
        "text": text if text is not None else QUAKE.format(dead=30 + n),
        "url": f"https://news.example.org/{n}",
        "title": f"Report {n}",
        "published_at": f"2024-05-0{1 + n % 5}T0{n % 10}:00:00+00:00",
        "via": "jsonl",
    }
    fields.update(kwargs)
    return Incoming(source, **fields)  # type: ignore[arg-type]


@pytest.fixture
def wire(db: None) -> Source:
    return Source.objects.create(name="Wire")


@pytest.fixture
def daily(db: None) -> Source:
    return Source.objects.create(name="Daily")


def test_it_answers_each_article_in_order_with_the_messages_of_one_by_one(wire: Source, daily: Source) -> None:
    stored = pipeline.ingest_article(wire, text=HARVEST, url="https://news.example.org/old", title="Harvest")
    assert stored.ok and stored.article is not None
    results = ingest_batch.ingest_batch(
        [
            incoming(wire, 1),
            incoming(wire, 2, url="https://news.example.org/old"),  # a stored URL
            incoming(wire, 3, text=HARVEST, url=None),  # a stored text from the same source
            incoming(daily, 4, text=""),  # empty
            incoming(daily, 5, url="https://news.example.org/1"),  # a URL earlier in the batch
            incoming(wire, 6, text=QUAKE.format(dead=31), url=None),  # the first one's text again
            incoming(daily, 7, text=QUAKE.format(dead=31), url=None),  # the same text from another source
        ]
    )
    first = Article.objects.get(url="https://news.example.org/1")
    assert [r.status for r in results] == [
        "ingested",
        "duplicate",
        "duplicate",
        "rejected",
        "duplicate",
        "duplicate",
        "ingested",
    ]
    assert results[1].reason == f"same URL as article {stored.article.pk}"
    assert results[2].reason == f"same text as article {stored.article.pk} from Wire"
    assert results[3].field == "text" and "empty" in results[3].reason
    assert results[4].reason == f"same URL as article {first.pk}" and results[4].article == first
    assert results[5].reason == f"same text as article {first.pk} from Wire"
    assert Article.objects.count() == 3
    # Claims and figures as the one-by-one path stores them.
    claim = Claim.objects.get(article=first, figures__value=31)
    assert first.text[claim.start : claim.end] == claim.text and claim.source_id == wire.pk
    assert first.extraction_status == Article.Extraction.DONE and first.extracted_at is not None
    assert Figure.objects.filter(claim__article=first, value=120).exists()


def test_a_batch_costs_a_few_queries_whatever_its_size(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories.assignment, "BATCH_FROM", 0)  # the batched path, also on a small database
    sources = [Source.objects.create(name=f"Outlet {i}") for i in range(60)]
    words = [
        "copper",
        "lithium",
        "cobalt",
        "nickel",
        "zinc",
        "tin",
        "lead",
        "silver",
        "gold",
        "iron",
        "bauxite",
        "uranium",
    ]

    def distinct(n: int) -> str:  # unrelated articles: each its own story
        a, b, c = words[n % 12], words[(n // 12) % 12], words[(n // 144) % 12]
        return f"Mine {n} of {a} and {b} in {c} valley {n * 7}. The owner said {n + 3} workers were hired there."

    def queries(first: int, n: int) -> int:
        batch = [incoming(sources[i], i, text=distinct(i)) for i in range(first, first + n)]
        with CaptureQueriesContext(connection) as captured:
            results = ingest_batch.ingest_batch(batch)
        assert all(r.ok for r in results), [r.reason for r in results if not r.ok]
        return len(captured.captured_queries)

    small, large = queries(0, 10), queries(10, 40)
    # One by one, each article costs some twenty queries; a batch a few in all.
    assert large - small < 15, (small, large)


def test_stories_assigned_in_a_batch_are_those_of_one_by_one(
    wire: Source, daily: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories.assignment, "BATCH_FROM", 0)
    batch = [
        incoming(wire, 1, published_at="2024-05-02T09:00:00+00:00", title="Quake in Ardena"),
        incoming(daily, 2, text=HARVEST, published_at="2024-05-02T10:00:00+00:00", title="Record harvest"),
        incoming(daily, 3, text=QUAKE.format(dead=34), published_at="2024-05-01T22:00:00+00:00", title="Night quake"),
        incoming(wire, 4, text=HARVEST.replace("record", "bumper"), published_at="2024-05-03T08:00:00+00:00"),
    ]
    results = ingest_batch.ingest_batch(batch)
    assert all(r.ok for r in results)
    quake, harvest = Article.objects.get(url__endswith="/1"), Article.objects.get(url__endswith="/2")
    assert Article.objects.get(url__endswith="/3").story_id == quake.story_id
    assert Article.objects.get(url__endswith="/4").story_id == harvest.story_id != quake.story_id
    assert Story.objects.count() == 2
    story = Story.objects.get(pk=quake.story_id)
    # Summaries as refresh_summary gives them: the earliest article's title, both sources.
    assert (story.article_count, story.source_count, story.title) == (2, 2, "Night quake")
    assert story.terms.exists()  # in the index the next article looks up
    later = pipeline.ingest_article(daily, text=QUAKE.format(dead=40), published_at="2024-05-03T10:00:00+00:00")
    assert later.article is not None and later.article.story_id == quake.story_id


def test_it_marks_a_republished_article_in_the_batch_as_a_copy_of_the_earliest(
    wire: Source, daily: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories.assignment, "BATCH_FROM", 0)
    text = QUAKE.format(dead=33)
    results = ingest_batch.ingest_batch(
        [
            incoming(daily, 1, text=text, published_at="2024-05-02T12:00:00+00:00"),
            incoming(wire, 2, text=text, published_at="2024-05-02T08:00:00+00:00"),
        ]
    )
    republished, original = (r.article for r in results)
    assert republished is not None and original is not None
    republished.refresh_from_db()
    assert republished.copy_of_id == original.pk and republished.story_id == original.story_id


def test_it_queues_one_cross_check_for_the_whole_batch(transactional_db: None) -> None:
    wire = Source.objects.create(name="Wire")
    with app_pointed_at(f"redis://127.0.0.1:{free_port()}/0"):  # the broker down: the task waits in the outbox
        results = ingest_batch.ingest_batch([incoming(wire, n) for n in range(3)])
    kept = PendingTask.objects.get()
    assert kept.task == "factcheck.tasks.crosscheck_articles"
    assert sorted(kept.args[0]) == sorted(r.article.pk for r in results if r.article)


def test_a_batch_that_meets_a_concurrent_writer_is_stored_one_by_one(wire: Source) -> None:
    taken = pipeline.ingest_article(wire, text=HARVEST, url="https://news.example.org/2")
    assert taken.article is not None
    # As if another process stored article 2 between the duplicate check and the insert.
    with mock.patch.object(ingest_batch, "_without_duplicates", lambda checked, results: (checked, [])):
        results = ingest_batch.ingest_batch([incoming(wire, 1), incoming(wire, 2), incoming(wire, 3)])
    assert [r.status for r in results] == ["ingested", "duplicate", "ingested"]
    assert results[1].article == taken.article
    assert Article.objects.count() == 3


def test_one_article_the_database_refuses_costs_only_that_article(wire: Source) -> None:
    real = pipeline.insert_rows

    def refuse_article_2(rows: list[Any], *args: object, **kwargs: object) -> object:
        if any(isinstance(row, Claim) and row.article.url == "https://news.example.org/2" for row in rows):
            raise RuntimeError("disk full")
        return real(rows, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch("factcheck.pipeline.insert_rows", side_effect=refuse_article_2):
        results = ingest_batch.ingest_batch([incoming(wire, n) for n in (1, 2, 3)])
    assert [r.status for r in results] == ["ingested", "rejected", "ingested"]
    assert "could not be stored (RuntimeError: disk full)" in results[1].reason
    assert not Article.objects.filter(url="https://news.example.org/2").exists()
    assert Claim.objects.filter(article__url="https://news.example.org/1").exists()


# Three stories told in one desk's house style: the boilerplate is shared, the story words are not.
HOUSE = "Officials at a press briefing said the government would publish a statement next week."
STORIES = (
    ("A dam burst above the Kessel valley and floodwater swept through three villages.",
     "Farmers lost cattle and orchards to the flood.", "Engineers inspected the broken dam wall."),
    ("Dockworkers at the Marrow harbour walked out over pay and cargo ships queued offshore.",
     "The union said the strike would last until wages rose.", "Container traffic at the harbour stalled."),
    ("A wildfire spread across the Tarnish pine forest and hikers were evacuated by helicopter.",
     "Firefighters cut breaks through the pines.", "Smoke drifted over campsites near the forest."),
)  # fmt: skip


def test_a_first_batch_into_an_empty_workbench_is_weighed_on_its_own_articles(
    wire: Source, daily: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no stored articles, words every article shares must weigh little: the batch's
    own articles are what the weights are fitted on, or the boilerplate joins every story."""
    monkeypatch.setattr(stories.assignment, "BATCH_FROM", 0)
    batch = [
        incoming((wire, daily)[n % 2], 3 * k + n, text=" ".join((HOUSE, *told[:n], *told[n + 1 :])), title=f"Story {k}")
        for k, told in enumerate(STORIES)
        for n in range(3)
    ]
    assert all(r.ok for r in ingest_batch.ingest_batch(batch))
    story_of: dict[str, set[int | None]] = defaultdict(set)
    for title, story in Article.objects.values_list("title", "story_id"):
        story_of[title].add(story)
    assert sorted(len(ids) for ids in story_of.values()) == [1, 1, 1], story_of
    assert len(set.union(*story_of.values())) == 3, story_of
