"""Thin Celery tasks: they take ids and call the pipeline or the cross-check."""

from __future__ import annotations

import sys
from typing import Any

from celery import shared_task
from celery.signals import task_prerun, worker_ready
from django.db import InterfaceError, OperationalError

from factcheck import outbox

# Lost connections to the database or the broker are worth a retry with backoff.
RETRYABLE = (ConnectionError, TimeoutError, OperationalError, InterfaceError)


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def extract_article(article_id: int) -> int:
    """Re-extract one article's claims; returns how many claims were stored."""
    from factcheck.models import Article
    from factcheck.pipeline import save_claims

    article = Article.objects.filter(pk=article_id).first()
    return save_claims(article) if article else 0


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def fetch_source_feed(source_id: int) -> dict[str, Any]:
    from factcheck.models import Source
    from factcheck.pipeline import fetch_feed

    source = Source.objects.get(pk=source_id)
    results = fetch_feed(source)
    return {"source": source.name, "ingested": sum(r.ok for r in results), "error": source.last_fetch_error}


@shared_task(acks_late=True)
def run_background_job(job_id: int) -> str:
    """Admin work (add by URL, fetch a feed now) off the web request; the outcome is kept on the job."""
    from factcheck.models import BackgroundJob

    job = BackgroundJob.objects.filter(pk=job_id).first()
    if job is None:
        return "gone"
    job.run()
    return job.status


@shared_task(acks_late=True)
def fetch_feeds() -> dict[str, int]:
    """Hourly: poll every active feed (each on its own, so one slow feed holds up nothing)."""
    from factcheck.models import Source

    ids = list(Source.objects.filter(active=True).exclude(feed_url="").values_list("pk", flat=True))
    for source_id in ids:
        outbox.send(fetch_source_feed, source_id)
    return {"sources": len(ids)}


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def crosscheck_article(article_id: int) -> dict[str, int]:
    """After ingest: compare the new article's figures with the blocks they fall in."""
    from factcheck import crosscheck

    return crosscheck.crosscheck_articles([article_id])


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def crosscheck_articles(article_ids: list[int]) -> dict[str, int]:
    """After a batch ingest: the incremental cross-check once for the whole batch."""
    from factcheck import crosscheck

    return crosscheck.crosscheck_articles(article_ids)


@shared_task(acks_late=True)
def crosscheck(trigger: str = "manual") -> int | None:
    """Nightly at 02:00 (and on demand): the full cross-check, fanned out in chunks."""
    from factcheck import crosscheck as run

    started = run.start_run(trigger=trigger)
    return started.pk if started else None


@shared_task(
    bind=True, acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=120, max_retries=5
)
def crosscheck_chunk(self: Any, run_id: int, metrics: list[str], index: int | None = None) -> dict[str, int]:
    from factcheck import crosscheck as run

    # On the last try a lost connection is recorded on the run instead of raised.
    return run.run_chunk(run_id, metrics, index, retrying=self.request.retries < self.max_retries)


@shared_task(
    bind=True, acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=120, max_retries=5
)
def crosscheck_story_chunk(self: Any, run_id: int, story_ids: list[int], index: int | None = None) -> dict[str, int]:
    from factcheck import crosscheck as run

    return run.run_story_chunk(run_id, story_ids, index, retrying=self.request.retries < self.max_retries)


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def compare_story(story_id: int) -> dict[str, int]:
    """After an editor's change to a story or a finding: compare its figures again."""
    from factcheck import stories

    return stories.compare_story(story_id)


@shared_task(acks_late=True)
def recluster(then_crosscheck: bool = True) -> int:
    """Nightly: re-cluster the recent window of stories on the workers, then cross-check."""
    from factcheck import stories

    return stories.start_recluster(then_crosscheck)


@shared_task(
    bind=True, acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=120, max_retries=5
)
def recluster_chunk(self: Any, article_ids: list[int], run: str | None = None) -> dict[str, str]:
    """One chunk of the re-clustering: the neighbour edges of these articles in the window, packed.

    ``run`` names the re-clustering: a worker process builds the window once per run.
    """
    from factcheck import stories

    return stories.pack_edges(stories.recluster_edges(article_ids, run))


@task_prerun.connect
def _drop_recluster_window(sender: Any = None, **_: Any) -> None:
    """A worker process holds a run's window between its chunks (and for the finish step, which
    takes the vectors from it) only: any other task frees it."""
    recluster = sys.modules.get("factcheck.stories.recluster")
    if recluster is not None and getattr(sender, "name", None) not in (recluster_chunk.name, recluster_finish.name):
        recluster.drop_chunk_window()


@shared_task(acks_late=True)
def recluster_finish(edges: list[Any], then_crosscheck: bool = True, run: str | None = None) -> dict[str, int]:
    from factcheck import stories

    counts = stories.finish_recluster(edges, run)
    if then_crosscheck:
        outbox.send(crosscheck, "nightly")
    return counts


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=120, max_retries=5)
def crosscheck_finish(run_id: int) -> int:
    """After the last chunk of a run: the queue's conflict flags, and the run closed."""
    from factcheck import crosscheck as run

    run.finish_run(run_id)
    return run_id


@shared_task(acks_late=True)
def crosscheck_watchdog() -> dict[str, int]:
    """Every minute: chunks a dead worker took with it are queued again; a silent run is abandoned;
    an admin's background job whose worker died is marked failed."""
    from factcheck import crosscheck as run
    from factcheck.models import BackgroundJob

    return {**run.watchdog(), "jobs_failed": BackgroundJob.fail_stuck()}


@shared_task(acks_late=True)
def flush_outbox() -> int:
    """Every minute (beat): send the work kept while the broker was down."""
    return outbox.flush()


@worker_ready.connect
def _flush_outbox_on_start(**kwargs: Any) -> None:
    """A worker starting (the broker is back, or never was away): send what waits."""
    import logging

    try:
        outbox.flush()
    except Exception:  # noqa: BLE001 - the next beat tick tries again; the worker starts anyway
        logging.getLogger(__name__).exception("outbox: flush at worker start failed")


# ---------------------------------------------------------------- alerts (factcheck/alerts)


@shared_task(acks_late=True, autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def queue_webhook_deliveries(signatures: list[str]) -> int:
    """After new conflicts: one delivery per webhook that wants each, each sent on its own."""
    from factcheck.alerts import webhooks

    return len(webhooks.queue_deliveries(signatures))


@shared_task(bind=True, acks_late=True)
def deliver_webhook(self: Any, delivery_id: int) -> str:
    """One attempt at one delivery; retried with a doubling delay while the receiver may recover.

    The delivery row counts the attempts and stops at WEBHOOK_MAX_ATTEMPTS, so Celery's own
    retry count is not what limits it (a redelivered message does not add tries).
    """
    from factcheck.alerts import webhooks

    outcome = webhooks.attempt(delivery_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.status


@shared_task(acks_late=True)
def sweep_webhook_deliveries() -> int:
    """Every few minutes (beat), and when a worker starts: pending deliveries whose retry was
    lost (the broker was down when it was to be queued) are queued again."""
    from factcheck.alerts import webhooks

    return len(webhooks.sweep())


@worker_ready.connect
def _sweep_webhooks_on_start(**kwargs: Any) -> None:
    """A worker starting: deliveries left pending while no worker or no broker was there go out."""
    import logging

    from factcheck.alerts import webhooks

    try:
        webhooks.sweep()
    except Exception:  # noqa: BLE001 - the beat's sweep tries again; the worker starts anyway
        logging.getLogger(__name__).exception("webhooks: sweep at worker start failed")


class DigestsNotSent(Exception):
    """Some digests could not be sent (the mail server refused or was away): try again later."""


@shared_task(bind=True, acks_late=True, max_retries=6)
def send_digests(self: Any) -> str:
    """Daily (beat): yesterday's digest to each reader who follows something, once each."""
    from factcheck.alerts import digest

    run = digest.send_digests()
    if run.failed:
        # Those already sent are recorded and skipped by the retry.
        raise self.retry(exc=DigestsNotSent("; ".join(run.failed)), countdown=600)
    return run.summary()
