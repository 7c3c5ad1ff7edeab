"""Webhooks: a new conflict POSTed, signed, to the URLs admins registered.

When the cross-check stores a new conflict (or a finding becomes one), ``conflicts_found``
runs after the commit and hands the work to a worker through the outbox (so it survives
Redis being down). ``queue_deliveries`` writes one ``WebhookDelivery`` per webhook that
wants the conflict (its owner follows a source or speaker in it, or it has no owner and
wants them all); ``attempt`` makes one delivery attempt and says whether to retry.

Each POST carries the JSON payload and three headers:

- ``X-Factcheck-Timestamp``: seconds since the epoch when this attempt was made;
- ``X-Factcheck-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed by the webhook's
  secret, of the timestamp, a dot and the body (``b"1764640000." + body``). Signing the
  timestamp with the body lets a receiver refuse a replayed old request;
- ``X-Factcheck-Delivery``: the delivery's id, the same on every retry, to drop duplicates.

Deliveries go out under the feeds' address rules (``factcheck.fetching``: the name resolved
once and pinned, no loopback or private address unless ``FETCH_ALLOW_PRIVATE``) within
``WEBHOOK_TIMEOUT_SECONDS``; redirects are not followed. A 5xx, 408 or 429 answer, a timeout
or a refused connection is retried after ``WEBHOOK_RETRY_SECONDS``, doubling each time, until
``WEBHOOK_MAX_ATTEMPTS`` attempts; any other answer, or an address the rules refuse, fails
the delivery at once. A failed delivery keeps its last error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import json
import logging
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck import fetching, outbox
from factcheck.models import Conflict, Figure, Webhook, WebhookDelivery
from factcheck.validation import IngestError

from . import follows_of, involving

log = logging.getLogger(__name__)

CONFLICT_CREATED = "conflict.created"
TEST_EVENT = "webhook.test"
RETRY_STATUSES = {408, 429}
MAX_RETRY_DELAY = 3600
ERROR_BODY_BYTES = 300
SWEEP_GRACE_SECONDS = 120  # past its due time, a delivery's own retry is taken to be lost
SWEEP_LIMIT = 500  # deliveries queued again per sweep (the next sweep takes the rest)


# ---------------------------------------------------------------- what is sent


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def conflict_payload(conflict: Conflict, members: Iterable[Figure]) -> dict[str, Any]:
    """What a receiver is told about one conflict: the fact, the figures, links to each claim."""
    figures = []
    for figure in members:
        claim = figure.claim
        published = claim.article.published_at
        figures.append(
            {
                "claim_id": claim.pk,
                "claim_url": absolute(claim.get_absolute_url()),
                "claim": claim.text,
                "source": claim.article.source.name,
                "source_id": claim.source_id,
                "speaker": claim.speaker.name if claim.speaker else claim.speaker_name,
                "speaker_id": claim.speaker_id,
                "figure": figure.text,
                "low": figure.low,
                "high": figure.high,
                "unit": figure.unit,
                "published_at": published.isoformat() if published else None,
            }
        )
    story = conflict.story
    return {
        "event": CONFLICT_CREATED,
        "conflict": {
            "id": conflict.pk,
            "kind": conflict.kind,
            "metric": conflict.metric,
            "location": conflict.location,
            "key": conflict.key,
            "explanation": conflict.explanation,
            "first_seen": conflict.first_seen.isoformat(),
            "story": {"id": story.pk, "url": absolute(story.get_absolute_url())} if story else None,
            "figures": figures,
        },
    }


def body_of(payload: dict[str, Any]) -> bytes:
    """The bytes POSTed (and signed): the same for every attempt of one delivery."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Factcheck-Signature`` value for ``body`` sent at ``timestamp``.

    >>> signature("s3cret", 1764640000, b'{"event":"webhook.test"}')[:15]
    'sha256=32806668'
    """
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


# ---------------------------------------------------------------- queueing


def conflicts_found(signatures: list[str]) -> None:
    """After the cross-check committed new conflicts: queue their deliveries on a worker."""
    if not signatures or not Webhook.objects.filter(active=True).exists():
        return
    from factcheck import tasks

    outbox.send(tasks.queue_webhook_deliveries, signatures)


def queue_deliveries(signatures: list[str]) -> list[int]:
    """One delivery per (active webhook, open conflict it wants); returns the new deliveries' ids.

    A delivery already made for a webhook and a conflict is not made again.
    """
    conflicts = Conflict.objects.open().filter(signature__in=signatures, kind=Conflict.Kind.CONFLICT)
    created: list[int] = []
    for webhook in Webhook.objects.filter(active=True).select_related("owner"):
        wanted = conflicts
        if webhook.owner is not None:
            wanted = involving(conflicts, *follows_of(webhook.owner))
        for conflict in _with_members(wanted):
            payload = conflict_payload(conflict, conflict.members.all())
            try:
                with transaction.atomic():
                    delivery = WebhookDelivery.objects.create(
                        webhook=webhook, conflict=conflict, event=CONFLICT_CREATED, payload=payload
                    )
            except IntegrityError:  # made already, by an earlier run for the same conflict
                continue
            created.append(delivery.pk)
    _send_on_commit(created)
    return created


def _with_members(conflicts: Any) -> Any:
    from django.db.models import Prefetch

    members = Figure.objects.select_related("claim__article__source", "claim__speaker").order_by("pk")
    return conflicts.select_related("story").prefetch_related(Prefetch("members", queryset=members))


def send_test(webhook: Webhook) -> WebhookDelivery:
    """A test event for ``webhook`` (the admin's "send test event"), delivered like any other."""
    payload = {
        "event": TEST_EVENT,
        "webhook": webhook.name,
        "message": "A test event from the fact-check workbench.",
        "sent_from": settings.SITE_URL,
    }
    delivery = WebhookDelivery.objects.create(webhook=webhook, event=TEST_EVENT, payload=payload)
    _send_on_commit([delivery.pk])
    return delivery


def _send_on_commit(delivery_ids: list[int]) -> None:
    from factcheck import tasks

    for delivery_id in delivery_ids:
        transaction.on_commit(lambda d=delivery_id: outbox.send(tasks.deliver_webhook, d))


# ---------------------------------------------------------------- delivering


@dataclass(frozen=True)
class Attempt:
    """What one attempt came to: its delivery's status now, and seconds until the retry if any."""

    status: str
    retry_in: int | None = None
    detail: str = ""


class Retryable(Exception):
    """The receiver may take it later: a 5xx, timeout, or refused connection."""


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after ``attempts`` tries: WEBHOOK_RETRY_SECONDS, doubled
    each time (30, 60, 120 … by default), at most an hour."""
    return int(min(settings.WEBHOOK_RETRY_SECONDS * 2 ** (attempts - 1), MAX_RETRY_DELAY))


def attempt(delivery_id: int) -> Attempt:
    """Try to deliver once; the row records the attempt, its answer and, at the end, the outcome.

    Safe to run twice for one delivery (a Celery redelivery, the sweep, a retry): a delivery
    that is no longer pending is never sent, and while one attempt is in flight another
    leaves the row alone (on PostgreSQL the in-flight attempt holds the row lock, which the
    others skip; on SQLite, one writer at a time, the conditional updates below decide).
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            busy = WebhookDelivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
            return Attempt(busy or "gone", detail="another attempt is in flight" if busy else "")
        if delivery.status != WebhookDelivery.Status.PENDING:
            return Attempt(delivery.status)
        # Counted even if this worker dies in the POST; claimed only if nobody counted it meanwhile.
        claimed = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=WebhookDelivery.Status.PENDING, attempts=delivery.attempts
        ).update(attempts=delivery.attempts + 1)
        if not claimed:
            return Attempt(WebhookDelivery.Status.PENDING, detail="another attempt claimed it")
        delivery.attempts += 1
    with transaction.atomic():
        # The row held for the POST: another attempt meanwhile skips it instead of sending twice.
        held = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING, attempts=delivery.attempts)
            .values_list("pk", flat=True)[:1]
        )
        if not held:
            return Attempt(WebhookDelivery.Status.PENDING, detail="another attempt claimed it")
        return _send(delivery)


def _send(delivery: WebhookDelivery) -> Attempt:
    webhook = delivery.webhook
    if not webhook.active:
        return _finish(delivery, WebhookDelivery.Status.FAILED, error="the webhook was turned off")
    try:
        status = post(webhook.url, body_of(delivery.payload), webhook.secret, delivery.pk)
    except Retryable as exc:
        if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            error = f"{exc} — gave up after {delivery.attempts} attempts (WEBHOOK_MAX_ATTEMPTS)"
            return _finish(delivery, WebhookDelivery.Status.FAILED, error=error)
        _finish(delivery, WebhookDelivery.Status.PENDING, error=str(exc))
        return Attempt(WebhookDelivery.Status.PENDING, retry_delay(delivery.attempts), str(exc))
    except IngestError as exc:  # an address or URL the rules refuse: retrying cannot help
        return _finish(delivery, WebhookDelivery.Status.FAILED, error=str(exc))
    return _finish(delivery, WebhookDelivery.Status.DELIVERED, response_status=status)


# ---------------------------------------------------------------- the sweep


def due_at(delivery: WebhookDelivery) -> dt.datetime:
    """When a pending delivery's next attempt is due at the latest, had every attempt so far
    run on time: its creation, then each retry's delay in turn.

    The row keeps no time of its last attempt, so this is the earliest moment the schedule
    allows; the sweep adds ``SWEEP_GRACE`` before it takes a delivery over from its own task.
    """
    waited = sum(retry_delay(n) for n in range(1, delivery.attempts + 1))
    return delivery.created_at + dt.timedelta(seconds=waited)


def sweep_grace() -> dt.timedelta:
    """How long past its due time a delivery is left to its own task (a retry on its way)."""
    return dt.timedelta(seconds=max(SWEEP_GRACE_SECONDS, 3 * settings.WEBHOOK_TIMEOUT_SECONDS))


def overdue(now: dt.datetime | None = None, limit: int = SWEEP_LIMIT) -> list[int]:
    """Pending deliveries whose next attempt is overdue: their retry was lost (the broker was
    down when it was to be queued, or its message vanished). Oldest first."""
    now = now or timezone.now()
    grace = sweep_grace()
    pending = (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, created_at__lte=now - grace)
        .order_by("created_at", "pk")
        .only("pk", "created_at", "attempts")
    )
    found = []
    for delivery in pending.iterator(chunk_size=500):
        if due_at(delivery) + grace <= now:
            found.append(delivery.pk)
            if len(found) >= limit:
                break
    return found


def sweep(now: dt.datetime | None = None) -> list[int]:
    """Queue an attempt for every overdue delivery (through the outbox, so a broker still down
    keeps them); returns their ids. Sending twice is harmless: ``attempt`` sends a delivery
    at most once while it is in flight and never once it is delivered."""
    from factcheck import tasks

    ids = overdue(now)
    for delivery_id in ids:
        outbox.send(tasks.deliver_webhook, delivery_id)
    if ids:
        log.info("webhooks: %s overdue deliveries queued again", len(ids))
    return ids


def _finish(delivery: WebhookDelivery, status: str, *, error: str = "", response_status: int | None = None) -> Attempt:
    fields: dict[str, Any] = {"status": status, "last_error": error[:2000]}
    if response_status is not None:
        fields["response_status"] = response_status
    if status == WebhookDelivery.Status.DELIVERED:
        fields["delivered_at"] = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    if status == WebhookDelivery.Status.FAILED:
        log.warning("webhook %s: delivery %s failed: %s", delivery.webhook, delivery.pk, error)
    return Attempt(status, detail=error)


def post(url: str, body: bytes, secret: str, delivery_id: int) -> int:
    """POST ``body`` to ``url``, signed; the answer's status when it is a 2xx.

    Raises ``Retryable`` for what may pass (5xx, 408, 429, timeouts, refused connections)
    and ``IngestError`` for what will not (a refused address, a 3xx or another 4xx).
    """
    deadline = fetching.Deadline(settings.WEBHOOK_TIMEOUT_SECONDS)
    parts = urlsplit(url)
    try:
        scheme, host, port = fetching._parse_url(url)
        addresses = fetching.checked_addresses(host, port, deadline)
        kind = fetching.PinnedHTTPSConnection if scheme == "https" else fetching.PinnedHTTPConnection
        connection = kind(host, port, addresses=addresses, deadline=deadline)
        target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=fetching.PRINTABLE)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": settings.FETCH_USER_AGENT,
            "X-Factcheck-Timestamp": str(timestamp),
            "X-Factcheck-Signature": signature(secret, timestamp, body),
            "X-Factcheck-Delivery": str(delivery_id),
            "Connection": "close",
        }
        try:
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read(ERROR_BODY_BYTES).decode("utf-8", "replace").strip()
        finally:
            connection.close()
    except IngestError:
        raise
    except TimeoutError as exc:
        detail = str(exc) if isinstance(exc, fetching.OutOfTime) else "no answer"
        raise Retryable(f"{url}: {detail} within {settings.WEBHOOK_TIMEOUT_SECONDS} s") from None
    except ssl.SSLError as exc:
        raise IngestError(f"{url}: TLS failed ({exc.reason or exc})") from None
    except (OSError, http.client.HTTPException) as exc:
        raise Retryable(f"{url}: {exc or type(exc).__name__}") from None
    said = f"{url} answered HTTP {response.status} {response.reason}" + (f": {answer}" if answer else "")
    if 200 <= response.status < 300:
        return response.status
    if response.status >= 500 or response.status in RETRY_STATUSES:
        raise Retryable(said)
    if 300 <= response.status < 400:
        raise IngestError(said + " (webhook redirects are not followed: register the final URL)")
    raise IngestError(said)
