"""The workbench's own operations: work waiting for the broker, and admin work run in the background.

``PendingTask`` is an outbox: when a task cannot be handed to the broker (Redis down),
it is kept here and sent when the broker is back, so nothing asked for is lost.
``BackgroundJob`` records admin work that runs on a worker instead of inside the admin
request (add an article by URL, fetch a feed now), so the admin can see how it ended.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)


class PendingTask(models.Model):
    """A task that could not be queued; sent again at the next beat tick or worker start."""

    task = models.CharField(max_length=200, help_text="The Celery task's name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="Why it was kept, in words.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        state = "sent" if self.sent_at else "waiting"
        return f"{self.task} ({state}, {self.attempts} attempts)"


class BackgroundJob(models.Model):
    """Admin work done on a worker, with its outcome for the admin to read."""

    class Kind(models.TextChoices):
        FETCH_URL = "fetch_url", "Add an article by URL"
        FETCH_FEED = "fetch_feed", "Fetch a feed now"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(
        "factcheck.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="background_jobs"
    )
    target = models.CharField(max_length=2000, blank=True, help_text="The URL asked for, where there is one.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True, help_text="The outcome in words.")
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"

    @classmethod
    def queue(cls, kind: str, *, requested_by: Any = None, source: Any = None, target: str = "") -> BackgroundJob:
        """Record the job and hand it to a worker once the caller's transaction commits."""
        from factcheck import outbox, tasks

        job = cls.objects.create(
            kind=kind,
            requested_by=requested_by if getattr(requested_by, "is_authenticated", False) else None,
            source=source,
            target=target,
        )
        transaction.on_commit(lambda: outbox.send(tasks.run_background_job, job.pk))
        return job

    @classmethod
    def fail_stuck(cls) -> int:
        """Jobs running far longer than any fetch may take: their worker stopped. Said so, for the admin."""
        limit = settings.BACKGROUND_JOB_STALL_SECONDS
        now = timezone.now()
        return cls.objects.filter(status=cls.Status.RUNNING, started_at__lt=now - timedelta(seconds=limit)).update(
            status=cls.Status.FAILED,
            finished_at=now,
            message=f"No outcome after {limit // 60} minutes: its worker stopped. Start it again if still wanted.",
        )

    def run(self) -> None:
        """Do the work and record how it ended (on a worker; in-process without Redis).

        Only a queued job is taken, so a task delivered twice does the work once.
        """
        taken = BackgroundJob.objects.filter(pk=self.pk, status=self.Status.QUEUED).update(
            status=self.Status.RUNNING, started_at=timezone.now()
        )
        if not taken:
            return
        try:
            status, message, result = self._work()
        except Exception as exc:  # noqa: BLE001 - recorded on the job for the admin to read
            log.exception("background job %s failed", self.pk)
            status, message, result = self.Status.FAILED, f"{type(exc).__name__}: {exc}", {}
        BackgroundJob.objects.filter(pk=self.pk).update(
            status=status, message=message, result=result, finished_at=timezone.now()
        )
        self.refresh_from_db()

    def _work(self) -> tuple[str, str, dict[str, Any]]:
        from factcheck import pipeline

        if self.source is None:
            return self.Status.FAILED, "The source was deleted before the job ran.", {}
        if self.kind == self.Kind.FETCH_URL:
            outcome = pipeline.ingest_url(self.source, self.target, via="admin")
            article = outcome.article.pk if outcome.article else None
            result: dict[str, Any] = {"status": outcome.status, "article": article, "reason": outcome.reason}
            if outcome.ok:
                claims = outcome.article.claims.count() if outcome.article else 0
                return self.Status.DONE, f"Ingested as article {article} with {claims} claims.", result
            if outcome.status == "duplicate":
                return self.Status.FAILED, f"Duplicate: {outcome.reason}. Nothing was changed.", result
            return self.Status.FAILED, f"Rejected: {outcome.reason}. Nothing was saved.", result
        results = pipeline.fetch_feed(self.source)  # records the feed's error on the source
        counts = Counter(r.status for r in results)
        result = {"ingested": counts["ingested"], "duplicate": counts["duplicate"], "rejected": counts["rejected"]}
        error = self.source.last_fetch_error
        if error and not results:
            return self.Status.FAILED, error, result
        summary = f"{counts['ingested']} ingested, {counts['duplicate']} duplicates, {counts['rejected']} rejected."
        return self.Status.DONE, summary + (f" {error}" if error else ""), result
