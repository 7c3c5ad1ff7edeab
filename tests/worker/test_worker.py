"""Background work on a real Celery worker process against Redis (no eager mode)."""

from __future__ import annotations

import pytest

from factcheck import pipeline, tasks
from factcheck.models import Article, Claim, Conflict, CrosscheckRun, Source

pytestmark = pytest.mark.worker

FIRST = "Russia fired 99 missiles at Ukraine on Tuesday, the Ukrainian air force said."
SECOND = "Russia launched 70 missiles at Ukraine on Tuesday, the Russian defence ministry said."


def two_sources() -> tuple[Source, Source]:
    return Source.objects.create(name="Air Force channel"), Source.objects.create(name="Ministry feed")


def test_it_runs_an_ingested_articles_task_on_the_worker_and_leaves_its_rows(worker) -> None:  # type: ignore[no-untyped-def]
    air, ministry = two_sources()
    pipeline.ingest_article(air, text=FIRST, published_at="2024-01-02T09:00:00Z")
    result = pipeline.ingest_article(ministry, text=SECOND, published_at="2024-01-02T10:00:00Z")
    assert result.article is not None
    # The on-commit task of the second article runs on the worker: wait for its result.
    outcome = tasks.crosscheck_article.apply_async(args=[result.article.pk]).get(timeout=60)
    assert outcome["conflicts"] >= 1, worker.log()
    conflict = Conflict.objects.open().get(kind=Conflict.Kind.CONFLICT)
    assert {f.value for f in conflict.members.all()} == {99.0, 70.0}
    assert Claim.objects.filter(in_conflict=True).count() == 2
    assert "crosscheck_article" in worker.log()


def test_it_re_extracts_an_article_on_the_worker(worker) -> None:  # type: ignore[no-untyped-def]
    air, _ = two_sources()
    article = pipeline.ingest_article(air, text=FIRST).article
    assert article is not None
    Claim.objects.filter(article=article).delete()
    stored = tasks.extract_article.delay(article.pk).get(timeout=60)
    assert stored >= 1
    assert Claim.objects.filter(article=article, figures__value=99).exists()
    Article.objects.get(pk=article.pk, extraction_status=Article.Extraction.DONE)


def test_it_runs_the_nightly_crosscheck_in_chunks_on_two_workers(worker_factory) -> None:  # type: ignore[no-untyped-def]
    from factcheck.celery import app
    from factcheck.crosscheck import wait_for_run

    air, ministry = two_sources()
    pairs = [
        (FIRST, SECOND),
        (
            "Nine people were killed in Kharkiv on Tuesday, the governor said.",
            "Five people were killed in Kharkiv on Tuesday, the ministry said.",
        ),
        (
            "Russia launched 35 drones at Odesa on Tuesday, the air force said.",
            "Russia launched 20 drones at Odesa on Tuesday, the ministry said.",
        ),
    ]
    app.conf.task_always_eager = True  # store the articles first, without their on-ingest tasks racing the run
    try:
        for first, second in pairs:
            pipeline.ingest_article(air, text=first, published_at="2024-01-02T09:00:00Z")
            pipeline.ingest_article(ministry, text=second, published_at="2024-01-02T10:00:00Z")
    finally:
        app.conf.task_always_eager = False
    Conflict.objects.all().delete()
    worker_factory(["--pool=prefork", "--concurrency=2"])
    run = wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=120)
    assert run.status == CrosscheckRun.Status.DONE, run.errors
    # Three metric chunks, then one chunk per story the three pairs fell in.
    assert run.chunks_done == run.chunks_total >= 3
    assert Conflict.objects.open().filter(kind="conflict").count() == 3
    assert Claim.objects.filter(in_conflict=True).count() == 6
    # Running again changes nothing and creates no duplicates.
    again = wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=120)
    assert (again.conflicts_new, again.conflicts_updated, again.conflicts_closed) == (0, 0, 0)
    assert Conflict.objects.open().filter(kind="conflict").count() == 3


def test_it_retries_a_chunk_after_a_transient_failure(worker_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import uuid

    monkeypatch.setenv("FACTCHECK_FAULTS", "crosscheck_chunk:1")
    monkeypatch.setenv("FACTCHECK_FAULTS_ID", uuid.uuid4().hex)
    worker = worker_factory()
    air, ministry = two_sources()
    pipeline.ingest_article(air, text=FIRST, published_at="2024-01-02T09:00:00Z")
    pipeline.ingest_article(ministry, text=SECOND, published_at="2024-01-02T10:00:00Z")
    from factcheck.crosscheck import wait_for_run

    run = wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=120)
    assert run.status == CrosscheckRun.Status.DONE, run.errors
    assert run.errors == []
    assert "injected transient fault" in worker.log() and "Retry" in worker.log()
    assert Conflict.objects.open().filter(kind="conflict").count() == 1


def test_it_refuses_a_run_while_another_is_making_progress(worker) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    elsewhere = CrosscheckRun.objects.create(trigger="nightly", heartbeat_at=timezone.now())
    run_id = tasks.crosscheck.delay(trigger="test").get(timeout=60)
    assert CrosscheckRun.objects.get(pk=run_id).status == CrosscheckRun.Status.REFUSED
    assert CrosscheckRun.objects.get(pk=elsewhere.pk).status == CrosscheckRun.Status.RUNNING


def test_it_completes_the_run_when_a_worker_process_dies_mid_chunk(worker_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from factcheck.crosscheck import wait_for_run

    monkeypatch.setenv("FACTCHECK_FAULTS", "crosscheck_chunk:exit:1")
    monkeypatch.setenv("FACTCHECK_FAULTS_ID", uuid.uuid4().hex)
    air, ministry = two_sources()
    pipeline.ingest_article(air, text=FIRST, published_at="2024-01-02T09:00:00Z")
    pipeline.ingest_article(ministry, text=SECOND, published_at="2024-01-02T10:00:00Z")
    Conflict.objects.all().delete()
    worker = worker_factory(["--pool=prefork", "--concurrency=2"])
    run = wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=120)
    assert "exited with 'exitcode 70'" in worker.log() or "WorkerLostError" in worker.log(), worker.log()
    assert run.status == CrosscheckRun.Status.DONE, run.errors
    assert Conflict.objects.open().filter(kind="conflict").count() == 1
    again = wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=120)
    assert (again.conflicts_new, again.conflicts_updated) == (0, 0)
    assert Conflict.objects.open().filter(kind="conflict").count() == 1
