"""The workbench's own operations: work waiting for the broker, and admin work run in the background.

``PendingTask`` is an outbox: when a task cannot be handed to the broker (Redis down),
it is kept here and sent when the broker is back, so nothing asked for is lost.
``BackgroundJob`` records admin work that runs on a worker instead of inside the admin
request (add an article by URL, fetch a feed now), so the admin can see how it ended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


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
