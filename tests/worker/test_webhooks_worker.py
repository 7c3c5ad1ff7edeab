"""Webhooks and the digest on a real Celery worker against Redis, with a loopback receiver.

A conflict stored in this process reaches the worker through the outbox; the worker writes
the delivery, POSTs it signed to the receiver this test starts, and retries it with a
doubling delay (WEBHOOK_RETRY_SECONDS=1 here) until WEBHOOK_MAX_ATTEMPTS=3.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcheck import alerts, crosscheck, tasks
from factcheck.accounts import EDITORS
from factcheck.alerts import digest
from factcheck.models import Conflict, DigestSent, Webhook, WebhookDelivery
from tests.app.test_alerts import SECRET, Receiver, dead_url, finding, make_world, receive, signed_correctly
from tests.conftest import make_user

pytestmark = pytest.mark.worker

SITE = "https://desk.example.org"


@pytest.fixture
def alerting_worker(worker_factory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    # The worker reads its settings from the environment: let it reach the test's loopback receiver.
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("WEBHOOK_RETRY_SECONDS", "1")
    monkeypatch.setenv("WEBHOOK_MAX_ATTEMPTS", "3")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "3")
    monkeypatch.setenv("SITE_URL", SITE)
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path / "mail"))
    return worker_factory


def settled(delivery: WebhookDelivery, timeout: float = 60) -> WebhookDelivery:
    """The delivery once it is delivered or failed (polled: the worker writes it)."""
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        delivery.refresh_from_db()
        if delivery.status != WebhookDelivery.Status.PENDING:
            return delivery
        time.sleep(0.1)
    raise AssertionError(f"delivery {delivery.pk} still pending after {timeout} s ({delivery.last_error})")


def the_delivery(hook: Webhook, timeout: float = 60) -> WebhookDelivery:
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        found = WebhookDelivery.objects.filter(webhook=hook).first()
        if found is not None:
            return found
        time.sleep(0.1)
    raise AssertionError("the worker made no delivery")


def new_conflict_for(url: str) -> Webhook:
    """A webhook for ``url``, then a new conflict stored by the cross-check (its commit queues the work)."""
    world = make_world()
    hook = Webhook.objects.create(name="CMS", url=url, secret=SECRET)
    crosscheck.store_findings([finding(world)], Conflict.objects.none())
    return hook


@pytest.fixture
def receiver_ok() -> Iterator[Receiver]:
    yield from receive([200])


@pytest.fixture
def receiver_flaky() -> Iterator[Receiver]:
    yield from receive([500, 500, 200])


def test_a_new_conflict_gives_one_signed_delivery(alerting_worker, receiver_ok: Receiver) -> None:  # type: ignore[no-untyped-def]
    worker = alerting_worker()
    hook = new_conflict_for(receiver_ok.url)
    delivery = settled(the_delivery(hook))
    assert delivery.status == "delivered", (delivery.last_error, worker.log())
    (request,) = receiver_ok.seen
    assert signed_correctly(request, SECRET)
    body = json.loads(request["body"])  # type: ignore[arg-type]
    assert body["event"] == "conflict.created" and body["conflict"]["id"] == Conflict.objects.get().pk
    assert body["conflict"]["figures"][0]["claim_url"].startswith(SITE + "/claims/")
    assert (delivery.attempts, delivery.response_status) == (1, 200)
    assert "deliver_webhook" in worker.log()


def test_a_receiver_failing_twice_gets_three_attempts_with_a_growing_delay(  # type: ignore[no-untyped-def]
    alerting_worker, receiver_flaky: Receiver
) -> None:
    worker = alerting_worker()
    hook = new_conflict_for(receiver_flaky.url)
    delivery = settled(the_delivery(hook))
    assert delivery.status == "delivered", (delivery.last_error, worker.log())
    assert (delivery.attempts, delivery.response_status) == (3, 200)
    seen = receiver_flaky.seen
    assert len(seen) == 3 and all(signed_correctly(r, SECRET) for r in seen)
    assert len({r["body"] for r in seen}) == 1  # the same payload every time
    gaps = [(b["at"] - a["at"]).total_seconds() for a, b in zip(seen, seen[1:], strict=False)]  # type: ignore[operator]
    assert gaps[0] >= 1 and gaps[1] >= 2, gaps  # WEBHOOK_RETRY_SECONDS=1, doubled


def test_a_dead_receiver_ends_failed_with_the_error(alerting_worker) -> None:  # type: ignore[no-untyped-def]
    worker = alerting_worker()
    hook = new_conflict_for(dead_url())
    delivery = settled(the_delivery(hook))
    assert delivery.status == "failed", worker.log()
    assert delivery.attempts == 3 and delivery.delivered_at is None
    assert "refused" in delivery.last_error.lower() and "gave up after 3 attempts" in delivery.last_error


def test_two_workers_sending_the_digest_at_once_send_it_once(alerting_worker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alerting_worker()
    alerting_worker()
    world = make_world()
    reader = make_user("rita", EDITORS, email="rita@desk.example.org")
    alerts.follow(reader, world.ministry)  # type: ignore[arg-type]
    crosscheck.store_findings([finding(world)], Conflict.objects.none())
    start, end = digest.period_before()
    Conflict.objects.update(first_seen=start + (end - start) / 2)  # found yesterday: in today's digest

    results = [tasks.send_digests.apply_async() for _ in range(2)]
    summaries = [r.get(timeout=90) for r in results]
    assert sorted(s.split(": ")[1].split(",")[0] for s in summaries) == ["0 sent", "1 sent"], summaries
    assert DigestSent.objects.get(user=reader).period_end == end
    mails = "".join(p.read_text() for p in (tmp_path / "mail").iterdir())
    assert mails.count("Subject: Fact-check digest") == 1 and "To: rita@desk.example.org" in mails
    assert SITE + "/claims/" in mails
