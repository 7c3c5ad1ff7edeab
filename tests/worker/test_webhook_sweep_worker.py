"""Webhook deliveries that lost their retry, and deliveries asked for twice, on real workers.

A delivery whose retry could not be queued (the broker was down at that moment) is left
pending with nothing in the queue for it: the sweep, at worker start and on the beat, sends
it. The same delivery asked for twice at once (a Celery redelivery, the sweep beside its own
retry) reaches the receiver once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connection
from django.utils import timezone

from factcheck import tasks
from factcheck.models import Webhook, WebhookDelivery
from tests.app.test_alerts import SECRET, Receiver, receive, signed_correctly

from .test_webhooks_worker import settled

pytestmark = pytest.mark.worker


@pytest.fixture
def alerting_worker(worker_factory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("WEBHOOK_RETRY_SECONDS", "30")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "5")
    return worker_factory


@pytest.fixture
def receiver_ok() -> Iterator[Receiver]:
    yield from receive([200])


def left_pending(url: str, name: str, *, attempts: int, ago: dt.timedelta) -> WebhookDelivery:
    """A delivery as a lost retry leaves it: pending, ``attempts`` made, nothing queued for it."""
    hook = Webhook.objects.create(name=name, url=url, secret=SECRET)
    return WebhookDelivery.objects.create(
        webhook=hook,
        event="webhook.test",
        payload={"event": "webhook.test", "webhook": name},
        attempts=attempts,
        last_error="HTTP 503 (the retry could not be queued)",
        created_at=timezone.now() - ago,
    )


def test_a_worker_starting_sends_a_delivery_whose_retry_was_lost(alerting_worker, receiver_ok: Receiver) -> None:  # type: ignore[no-untyped-def]
    lost = left_pending(receiver_ok.url, "CMS", attempts=1, ago=dt.timedelta(hours=1))
    fresh = left_pending(receiver_ok.url, "Wire robot", attempts=1, ago=dt.timedelta(seconds=5))  # its retry is due
    worker = alerting_worker()
    lost = settled(lost)
    assert (lost.status, lost.attempts, lost.response_status) == ("delivered", 2, 200), worker.log()
    [request] = receiver_ok.seen
    assert signed_correctly(request, SECRET) and request["headers"]["X-Factcheck-Delivery"] == str(lost.pk)  # type: ignore[index]
    fresh.refresh_from_db()
    assert (fresh.status, fresh.attempts) == ("pending", 1), "a delivery not yet overdue is left to its own retry"


def test_the_beat_sweep_sends_overdue_deliveries_once(alerting_worker, receiver_ok: Receiver) -> None:  # type: ignore[no-untyped-def]
    from factcheck.celery import app

    assert app.conf.beat_schedule["sweep-webhook-deliveries-every-5-minutes"]["task"] == (
        "factcheck.tasks.sweep_webhook_deliveries"
    )
    alerting_worker()
    lost = left_pending(receiver_ok.url, "CMS", attempts=2, ago=dt.timedelta(hours=2))
    assert tasks.sweep_webhook_deliveries.apply_async().get(timeout=60) == 1
    assert settled(lost).status == "delivered"
    assert tasks.sweep_webhook_deliveries.apply_async().get(timeout=60) == 0  # delivered: never swept again
    tasks.deliver_webhook.apply_async(args=[lost.pk]).get(timeout=60)  # a redelivered message
    assert len(receiver_ok.seen) == 1


def slow_receiver(seconds: float) -> Iterator[Receiver]:
    """A loopback receiver that answers 200 only after ``seconds``: attempts overlap."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with receiver.arrived:
                receiver.seen.append({"headers": dict(self.headers), "at": timezone.now()})
                receiver.arrived.notify_all()
            time.sleep(seconds)  # the receiver's own slowness, not the test waiting
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = Receiver(f"http://127.0.0.1:{httpd.server_address[1]}/hooks", [200])
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield receiver
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def receiver_slow() -> Iterator[Receiver]:
    yield from slow_receiver(2.0)


def test_one_delivery_asked_for_on_two_workers_at_once_is_sent_once(  # type: ignore[no-untyped-def]
    alerting_worker, receiver_slow: Receiver
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks to hold a delivery in flight; it runs without workers in production")
    alerting_worker()
    alerting_worker()
    delivery = left_pending(receiver_slow.url, "CMS", attempts=0, ago=dt.timedelta(seconds=1))
    results = [tasks.deliver_webhook.apply_async(args=[delivery.pk]) for _ in range(2)]
    assert "delivered" in [r.get(timeout=60) for r in results]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver_slow.seen)) == ("delivered", 1, 1)
