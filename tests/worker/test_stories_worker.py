"""Stories on a real Celery worker against Redis: assigned at ingest, kept by the nightly job."""

from __future__ import annotations

import time

import pytest

from factcheck import pipeline, tasks
from factcheck.models import Article, CrosscheckRun, Source, Story

pytestmark = pytest.mark.worker

FIRST = (
    "A fire destroyed a timber warehouse in the Polish port of Gdansk on Monday night, and 14 firefighters "
    "were injured, the regional fire chief Marek Nowak said. The blaze spread to two neighbouring depots."
)
SECOND = (
    "Firefighters in Gdansk fought through the night to contain a blaze at a timber warehouse by the port, "
    "where nine firefighters were injured, a city spokeswoman said. Two depots nearby were damaged."
)
OTHER = (
    "Shares in the carmaker rose 4 percent in Frankfurt on Monday after it raised its forecast for the year, "
    "its chief financial officer said on a call with analysts."
)


def wait_until(condition, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    """Poll the database for what the worker does (its results are rows, not return values)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get there in time")
        time.sleep(0.2)


def test_it_reclusters_on_workers_and_keeps_an_editors_move(worker_factory, editor) -> None:  # type: ignore[no-untyped-def]
    from factcheck.crosscheck import wait_for_run

    wire, daily, business = (Source.objects.create(name=n) for n in ("Wire", "Daily", "Business"))
    first = pipeline.ingest_article(wire, text=FIRST, title="Gdansk fire", published_at="2024-01-08T06:00:00Z")
    second = pipeline.ingest_article(daily, text=SECOND, title="Port blaze", published_at="2024-01-08T08:00:00Z")
    other = pipeline.ingest_article(business, text=OTHER, title="Shares", published_at="2024-01-08T09:00:00Z")
    a, b, c = (Article.objects.get(pk=r.article.pk) for r in (first, second, other))  # type: ignore[union-attr]
    assert a.story_id == b.story_id != c.story_id  # assigned at ingest, in the request's transaction
    # A stray placement the nightly job must mend, and an editor's move it must keep.
    stray = Story.objects.create(title="stray")
    Article.objects.filter(pk=b.pk).update(story=stray)
    c.move_to_story(Story.objects.get(pk=a.story_id), editor)
    worker_factory(["--pool=prefork", "--concurrency=2"])
    before = CrosscheckRun.objects.count()
    assert tasks.recluster.delay(True).get(timeout=60) >= 1
    wait_until(lambda: CrosscheckRun.objects.count() > before)
    run = wait_for_run(CrosscheckRun.objects.order_by("-pk").first().pk, timeout=120)  # type: ignore[union-attr]
    assert run.status == CrosscheckRun.Status.DONE, run.errors
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.story_id == a.story_id  # mended by the re-clustering on the workers
    assert c.story_id == a.story_id and c.story_pinned  # the editor's move held
