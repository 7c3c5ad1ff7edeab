"""Alerts: follows, the daily digest by email, and signed webhook deliveries (in-process).

The same behaviours on a real worker against Redis are in tests/worker/test_webhooks_worker.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from factcheck import alerts, crosscheck
from factcheck.accounts import EDITORS, VIEWERS
from factcheck.alerts import digest, webhooks
from factcheck.core.findings import Finding
from factcheck.models import Conflict, DigestSent, Follow, Speaker, Webhook, WebhookDelivery
from tests.conftest import make_user
from tests.views.builders import make_article, make_claim, make_conflict, make_figure, make_source

SITE = "https://desk.example.org"
SECRET = "a-webhook-secret-of-some-length"


# ---------------------------------------------------------------- a loopback receiver


@dataclass
class Receiver:
    """A loopback HTTP server that records each POST and answers from a script of statuses."""

    url: str
    answers: list[int]
    seen: list[dict[str, object]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 60) -> list[dict[str, object]]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.seen) >= count, timeout=timeout)
        return list(self.seen)


def receive(answers: list[int]) -> Iterator[Receiver]:
    """Start a receiver on 127.0.0.1 answering ``answers`` in turn (the last one from then on)."""
    receiver: Receiver

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server protocol
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with receiver.arrived:
                index = len(receiver.seen)
                status = receiver.answers[min(index, len(receiver.answers) - 1)]
                receiver.seen.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body, "at": timezone.now()}
                )
                receiver.arrived.notify_all()
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = Receiver(f"http://127.0.0.1:{httpd.server_address[1]}/hooks/conflicts", answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield receiver
    httpd.shutdown()
    httpd.server_close()


def dead_url() -> str:
    """A loopback address nothing listens on: connections to it are refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/hooks"


def signed_correctly(request: dict[str, object], secret: str) -> bool:
    headers = request["headers"]
    assert isinstance(headers, dict) and isinstance(request["body"], bytes)
    timestamp = headers["X-Factcheck-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers["X-Factcheck-Signature"], "sha256=" + expected)


# ---------------------------------------------------------------- a small world


@dataclass
class World:
    ministry: object
    gazette: object
    mayor: Speaker
    figures: list[object]


def make_world() -> World:
    ministry, gazette = make_source("Health Ministry"), make_source("City Gazette")
    first = make_article(ministry, "The ministry said 40 patients were admitted in Lviv on Monday.")
    second = make_article(gazette, "The mayor said 55 patients were admitted in Lviv on Monday.")
    own = make_claim(first, first.text, location="Lviv")
    other = make_claim(second, second.text, speaker="The mayor", location="Lviv")
    figures = [
        make_figure(own, "40 patients", 40, metric="admitted", unit="patients"),
        make_figure(other, "55 patients", 55, metric="admitted", unit="patients"),
    ]
    return World(ministry, gazette, Speaker.objects.get(name="The mayor"), figures)


def finding(world: World, kind: str = "conflict") -> Finding:
    return Finding(
        kind=kind,  # type: ignore[arg-type]
        key="admitted|lviv",
        metric="admitted",
        location="Lviv",
        member_ids=tuple(f.pk for f in world.figures),  # type: ignore[attr-defined]
        explanation="40 and 55 patients admitted cannot both hold.",
    )


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def tomorrow() -> dt.datetime:
    """A moment whose digest covers today, when the test's conflicts were found."""
    return timezone.now() + dt.timedelta(days=1)


# ---------------------------------------------------------------- follows


def test_it_keeps_one_follow_however_often_a_reader_follows(world: World) -> None:
    user = make_user("rita", VIEWERS)
    _, created = alerts.follow(user, world.mayor)
    _, again = alerts.follow(user, world.mayor)
    assert (created, again) == (True, False)
    assert Follow.objects.filter(user=user).count() == 1
    assert alerts.unfollow(user, world.mayor) is True
    assert alerts.unfollow(user, world.mayor) is False
    assert not Follow.objects.exists()


def test_it_keeps_who_followed_and_unfollowed_what_in_the_audit_log(world: World) -> None:
    from auditlog.models import LogEntry

    user = make_user("rita", VIEWERS)
    alerts.follow(user, world.ministry)  # type: ignore[arg-type]
    alerts.unfollow(user, world.ministry)  # type: ignore[arg-type]
    actions = list(LogEntry.objects.filter(content_type__model="follow").values_list("action", flat=True))
    assert sorted(actions) == sorted([LogEntry.Action.CREATE, LogEntry.Action.DELETE])


def test_it_finds_the_conflicts_involving_a_followed_source_or_speaker(world: World) -> None:
    conflict = make_conflict(world.figures)  # type: ignore[arg-type]
    unrelated = make_source("Far Away Radio")
    everything = Conflict.objects.all()
    assert list(alerts.involving(everything, {world.ministry.pk}, set())) == [conflict]  # type: ignore[attr-defined]
    assert list(alerts.involving(everything, set(), {world.mayor.pk})) == [conflict]
    assert not alerts.involving(everything, {unrelated.pk}, set()).exists()
    assert not alerts.involving(everything, set(), set()).exists()


# ---------------------------------------------------------------- the digest


def digest_reader(world: World, name: str = "rita", email: str = "rita@desk.example.org"):  # type: ignore[no-untyped-def]
    user = make_user(name, EDITORS, email=email)
    alerts.follow(user, world.ministry)  # type: ignore[arg-type]
    return user


@override_settings(SITE_URL=SITE, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_mails_a_reader_the_new_conflicts_on_what_they_follow_once(world: World) -> None:
    user = digest_reader(world)
    conflict = make_conflict(world.figures)  # type: ignore[arg-type]
    run = digest.send_digests(now=tomorrow())
    assert run.sent == ["rita"] and not run.failed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@desk.example.org"]
    assert message.subject.endswith(": 1 new conflict on what you follow")
    claim_url = SITE + world.figures[1].claim.get_absolute_url()  # type: ignore[attr-defined]
    assert claim_url in message.body and conflict.explanation in message.body
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html" and f'href="{claim_url}"' in html
    sent = DigestSent.objects.get(user=user)
    assert sent.conflicts == 1 and sent.period_end == digest.period_before(tomorrow())[1]

    again = digest.send_digests(now=tomorrow())
    assert again.already == ["rita"] and not again.sent
    assert len(mail.outbox) == 1


@override_settings(SITE_URL=SITE, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_lists_possible_conflicts_in_a_section_of_their_own(world: World) -> None:
    digest_reader(world)
    make_conflict(world.figures, kind="possible_conflict", explanation="Perhaps one fact, perhaps two.")  # type: ignore[arg-type]
    digest.send_digests(now=tomorrow())
    body = mail.outbox[0].body
    assert "POSSIBLE CONFLICTS (1)" in body and "NEW CONFLICTS" not in body
    assert "Perhaps one fact, perhaps two." in body


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_sends_nothing_to_readers_who_follow_nothing_or_nothing_involved(world: World) -> None:
    make_user("nobody", EDITORS, email="nobody@desk.example.org")
    elsewhere = make_user("elsewhere", EDITORS, email="elsewhere@desk.example.org")
    alerts.follow(elsewhere, make_source("Far Away Radio"))
    make_conflict(world.figures)  # type: ignore[arg-type]
    run = digest.send_digests(now=tomorrow())
    assert run.nothing == 1 and not run.sent  # "nobody" is not even asked: they follow nothing
    assert mail.outbox == [] and not DigestSent.objects.exists()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_leaves_conflicts_found_after_the_period_for_the_next_digest(world: World) -> None:
    digest_reader(world)
    make_conflict(world.figures)  # type: ignore[arg-type]
    run = digest.send_digests(now=timezone.now())  # covers yesterday; the conflict is today's
    assert run.nothing == 1 and mail.outbox == []


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_it_leaves_closed_conflicts_out(world: World) -> None:
    digest_reader(world)
    make_conflict(world.figures).__class__.objects.update(status=Conflict.Status.CLOSED)  # type: ignore[arg-type]
    assert digest.send_digests(now=tomorrow()).nothing == 1


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("the mail server is away")


@override_settings(EMAIL_BACKEND="tests.app.test_alerts.RefusingBackend")
def test_it_records_no_digest_that_could_not_be_sent(world: World) -> None:
    digest_reader(world)
    make_conflict(world.figures)  # type: ignore[arg-type]
    run = digest.send_digests(now=tomorrow())
    assert run.failed and "the mail server is away" in run.failed[0]
    assert not DigestSent.objects.exists()  # so the next run sends it


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_command_says_who_would_get_a_digest_and_sends_nothing_on_a_dry_run(world: World) -> None:
    digest_reader(world)
    make_conflict(world.figures)  # type: ignore[arg-type]
    out = StringIO()
    call_command("send_digest", "--dry-run", "--day", timezone.localdate().isoformat(), stdout=out)
    assert "would send to rita <rita@desk.example.org>" in out.getvalue()
    assert mail.outbox == [] and not DigestSent.objects.exists()
    call_command("send_digest", "--day", timezone.localdate().isoformat(), stdout=StringIO())
    assert len(mail.outbox) == 1 and DigestSent.objects.count() == 1


def test_the_command_refuses_a_day_that_is_not_a_date(db: None) -> None:
    with pytest.raises(CommandError, match="--day must be a date like 2026-12-01, not 'yesterday'"):
        call_command("send_digest", "--day", "yesterday")


# ---------------------------------------------------------------- webhooks


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from receive([200])


def test_a_new_conflict_is_queued_for_every_ownerless_webhook_and_for_owners_following_it(world: World) -> None:
    everything = Webhook.objects.create(name="All", url="https://hooks.example.org/a", secret=SECRET)
    follower = make_user("rita", EDITORS)
    alerts.follow(follower, world.mayor)
    theirs = Webhook.objects.create(name="Rita's", url="https://hooks.example.org/b", secret=SECRET, owner=follower)
    bystander = make_user("bo", EDITORS)
    alerts.follow(bystander, make_source("Far Away Radio"))
    Webhook.objects.create(name="Bo's", url="https://hooks.example.org/c", secret=SECRET, owner=bystander)
    Webhook.objects.create(name="Off", url="https://hooks.example.org/d", secret=SECRET, active=False)
    conflict = make_conflict(world.figures)  # type: ignore[arg-type]

    created = webhooks.queue_deliveries([conflict.signature])
    deliveries = WebhookDelivery.objects.filter(pk__in=created)
    assert {d.webhook for d in deliveries} == {everything, theirs}
    payload = deliveries.first().payload  # type: ignore[union-attr]
    assert payload["event"] == "conflict.created" and payload["conflict"]["id"] == conflict.pk
    assert {f["source"] for f in payload["conflict"]["figures"]} == {"Health Ministry", "City Gazette"}
    assert webhooks.queue_deliveries([conflict.signature]) == []  # never twice for one conflict


def test_it_queues_nothing_for_possible_conflicts(world: World) -> None:
    Webhook.objects.create(name="All", url="https://hooks.example.org/a", secret=SECRET)
    possible = make_conflict(world.figures, kind="possible_conflict")  # type: ignore[arg-type]
    assert webhooks.queue_deliveries([possible.signature]) == []


@override_settings(FETCH_ALLOW_PRIVATE=True, SITE_URL=SITE)
def test_the_cross_check_storing_a_new_conflict_delivers_it_signed(
    world: World, receiver: Receiver, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    hook = Webhook.objects.create(name="CMS", url=receiver.url, secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        crosscheck.store_findings([finding(world)], Conflict.objects.none())
    (request,) = receiver.wait_for(1, timeout=5)
    assert signed_correctly(request, SECRET)
    assert not signed_correctly(request, "another secret entirely")
    body = json.loads(request["body"])  # type: ignore[arg-type]
    conflict = Conflict.objects.get()
    assert body["conflict"]["id"] == conflict.pk
    assert body["conflict"]["figures"][0]["claim_url"].startswith(SITE + "/claims/")
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert request["headers"]["X-Factcheck-Delivery"] == str(delivery.pk)  # type: ignore[index]
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_the_cross_check_queues_no_delivery_for_a_finding_it_already_had(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    Webhook.objects.create(name="CMS", url="https://hooks.example.org/a", secret=SECRET)
    crosscheck.store_findings([finding(world)], Conflict.objects.none())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        crosscheck.store_findings([finding(world)], Conflict.objects.none())
    assert callbacks == []


def test_a_possible_conflict_becoming_a_conflict_is_news(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    crosscheck.store_findings([finding(world, "possible_conflict")], Conflict.objects.none())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        crosscheck.store_findings([finding(world, "conflict")], Conflict.objects.none())
    assert len(callbacks) == 1


def test_an_editor_confirming_a_possible_conflict_as_one_fact_is_news(
    world: World, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    Webhook.objects.create(name="All", url="https://hooks.example.org/a", secret=SECRET)
    possible = make_conflict(world.figures, kind="possible_conflict")  # type: ignore[arg-type]
    sent: list[list[str]] = []
    monkeypatch.setattr(webhooks, "conflicts_found", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        possible.decide(make_user("rita", EDITORS), same=True)
    assert sent == [[possible.signature]]
    assert webhooks.queue_deliveries(sent[0])  # now a conflict: a delivery is made for it


def pending_delivery(url: str) -> WebhookDelivery:
    hook = Webhook.objects.create(name="CMS", url=url, secret=SECRET)
    return WebhookDelivery.objects.create(webhook=hook, event="webhook.test", payload={"event": "webhook.test"})


@override_settings(FETCH_ALLOW_PRIVATE=True, WEBHOOK_RETRY_SECONDS=30, WEBHOOK_MAX_ATTEMPTS=3)
def test_a_server_error_is_retried_later_with_a_doubling_delay_until_the_limit(db: None) -> None:
    for answer in receive([500]):
        delivery = pending_delivery(answer.url)
        outcomes = [webhooks.attempt(delivery.pk) for _ in range(3)]
    assert [o.retry_in for o in outcomes] == [30, 60, None]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "HTTP 500" in delivery.last_error and "gave up after 3 attempts" in delivery.last_error
    assert webhooks.attempt(delivery.pk).status == "failed" and delivery.attempts == 3  # nothing more is sent


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_a_client_error_fails_at_once(db: None) -> None:
    for answer in receive([404]):
        delivery = pending_delivery(answer.url)
        outcome = webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert outcome.retry_in is None and delivery.status == "failed" and "HTTP 404" in delivery.last_error


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_a_refused_connection_is_retried(db: None) -> None:
    delivery = pending_delivery(dead_url())
    outcome = webhooks.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert outcome.retry_in is not None and delivery.status == "pending" and "refused" in delivery.last_error.lower()


def test_it_refuses_to_deliver_to_a_loopback_address_unless_allowed(db: None) -> None:
    for answer in receive([200]):
        delivery = pending_delivery(answer.url)
        outcome = webhooks.attempt(delivery.pk)
        assert answer.seen == []
    delivery.refresh_from_db()
    assert outcome.retry_in is None and delivery.status == "failed"
    assert "private or loopback address" in delivery.last_error


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_the_admin_sends_a_test_event(admin_user, receiver: Receiver, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    hook = Webhook.objects.create(name="CMS", url=receiver.url, secret=SECRET)
    client = Client()
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:factcheck_webhook_changelist"), {"action": "send_test_event", "_selected_action": [hook.pk]}
        )
    assert response.status_code == 302
    (request,) = receiver.wait_for(1, timeout=5)
    assert json.loads(request["body"])["event"] == "webhook.test" and signed_correctly(request, SECRET)  # type: ignore[arg-type]
    page = client.get(reverse("admin:factcheck_webhook_change", args=[hook.pk]))
    assert b"recent deliveries" in page.content and b"Delivered" in page.content


def test_the_admin_refuses_a_webhook_url_that_is_not_http(admin_user) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:factcheck_webhook_add"),
        {
            "name": "CMS",
            "url": "ftp://hooks.example.org/x",
            "secret": SECRET,
            "active": "on",
            "options": "{}",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and not Webhook.objects.exists()
    assert b"only http and https URLs can be fetched, not &#x27;ftp&#x27;" in response.content
