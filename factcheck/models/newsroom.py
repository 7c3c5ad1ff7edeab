"""What connects the workbench to the newsroom: API tokens, follows, webhooks, digests.

``ApiToken`` lets a CMS or a wire robot use the JSON API as a user; only a digest of the
key is stored, the key itself is shown once. ``Follow`` is an editor following a source
or a speaker; ``Webhook`` is an admin-managed URL told about new conflicts, and
``WebhookDelivery`` one attempt-tracked delivery of one event. ``DigestSent`` records a
daily digest sent to one user, so a digest is never sent twice for one period.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'CMS robot'.")
    prefix = models.CharField(max_length=12, db_index=True, help_text="The key's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the key; the key is never stored.")
    can_ingest = models.BooleanField(
        default=False, help_text="May send articles, whatever the user's role (for robots that ingest)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, db_index=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.name} — {self.user} [{self.prefix}…]{state}"


class Follow(models.Model):
    """An editor follows one source or one speaker (exactly one of the two)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    source = models.ForeignKey(
        "factcheck.Source", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    speaker = models.ForeignKey(
        "factcheck.Speaker", on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(source__isnull=False, speaker__isnull=True)
                    | models.Q(source__isnull=True, speaker__isnull=False)
                ),
                name="follow_one_source_or_one_speaker",
            ),
            models.UniqueConstraint(
                fields=["user", "source"], condition=models.Q(source__isnull=False), name="follow_source_once"
            ),
            models.UniqueConstraint(
                fields=["user", "speaker"], condition=models.Q(speaker__isnull=False), name="follow_speaker_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.source or self.speaker}"


class Webhook(models.Model):
    """A URL told about new conflicts, with a payload signed by its secret.

    With an ``owner``, it is told about conflicts on the sources and speakers that user
    follows; without one, about every new conflict.
    """

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=128, help_text="Signs each payload (HMAC-SHA256).")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhooks",
        help_text="Whose follows choose the conflicts sent; empty sends every new conflict.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    conflict = models.ForeignKey(
        "factcheck.Conflict", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=40, default="conflict.created")
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "conflict", "event"], name="one_delivery_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook} ({self.get_status_display()})"


class DigestSent(models.Model):
    """A daily digest of new conflicts sent to one user for one period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    conflicts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end"]
        constraints = [models.UniqueConstraint(fields=["user", "period_end"], name="one_digest_per_period")]

    def __str__(self) -> str:
        return f"digest to {self.user} for {self.period_end:%Y-%m-%d}"
