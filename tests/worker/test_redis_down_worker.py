"""Redis killed under the running app, then back: nothing committed is answered with a 500,
the work that could not be queued waits in the outbox, and a real worker does it once the
broker is back (at worker start, or at the beat tick). A redis-server of the test's own,
on a port of its own: the shared Redis is never touched."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from factcheck import tasks
from factcheck.celery import app
from factcheck.models import Article, Claim, Conflict, PendingTask, Source
from tests.redis_down import RedisServer, app_pointed_at, wait_until
from tests.worker.conftest import database_env, start_worker, stop_worker

pytestmark = [pytest.mark.worker, pytest.mark.redis]

FIRST = "Russia fired 99 missiles at Ukraine on Tuesday, the Ukrainian air force said."
SECOND = "Russia launched 70 missiles at Ukraine on Tuesday, the Russian defence ministry said."


@pytest.fixture
def own_redis(transactional_db):  # type: ignore[no-untyped-def]
    server = RedisServer().start()
    queue = f"test-down-{uuid.uuid4().hex[:8]}"
    started = []
    with app_pointed_at(server.url, queue):
        server.started_workers = started  # type: ignore[attr-defined]
        server.queue = queue  # type: ignore[attr-defined]
        yield server
        for worker in started:
            stop_worker(worker.process)
    server.stop()


def worker_on(server):  # type: ignore[no-untyped-def]
    worker = start_worker(server.url, server.queue, database_env())
    server.started_workers.append(worker)
    return worker


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def all_sent() -> bool:
    return PendingTask.objects.exists() and not PendingTask.objects.filter(sent_at__isnull=True).exists()


def test_it_keeps_working_with_redis_killed_and_sends_the_outbox_when_a_worker_starts(  # type: ignore[no-untyped-def]
    own_redis, admin_user, editor, tmp_path, capsys
) -> None:
    air = Source.objects.create(name="Air Force channel")
    Source.objects.create(name="Ministry feed")
    own_redis.kill()

    admin = logged_in(admin_user)
    response = admin.post(reverse("admin:factcheck_article_add"), {"ingest_source": air.pk, "ingest_text": FIRST})
    assert response.status_code == 302
    first = Article.objects.get()
    assert PendingTask.objects.filter(task="factcheck.tasks.crosscheck_article", args=[first.pk]).exists()

    path = tmp_path / "more.jsonl"
    path.write_text(json.dumps({"source": "Ministry feed", "text": SECOND}) + "\n")
    call_command("ingest", str(path), "--no-progress")
    assert "ingested: 1" in capsys.readouterr().out
    second = Article.objects.exclude(pk=first.pk).get()
    assert PendingTask.objects.filter(task="factcheck.tasks.crosscheck_articles", args=[[second.pk]]).exists()

    client = logged_in(editor)
    queue = client.get(reverse("review-queue"))
    assert queue.status_code == 200
    counts = {c["status"]: c["count"] for c in queue.context["counts"]}
    assert counts[Claim.Status.PENDING] == Claim.objects.filter(status=Claim.Status.PENDING).count() >= 2
    claim = Claim.objects.filter(article=first).first()
    assert client.get(reverse("claim-detail", args=[claim.pk])).status_code == 200
    verdict = client.post(reverse("claim-verdict", args=[claim.pk]), {"status": "verified", "version": claim.version})
    assert verdict.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.VERIFIED
    counts = {c["status"]: c["count"] for c in client.get(reverse("review-queue")).context["counts"]}
    assert counts[Claim.Status.VERIFIED] == 1

    health = Client().get("/healthz")
    assert health.status_code == 503
    assert "cache: Unavailable" in health.content.decode() and "broker: Unavailable" in health.content.decode()
    assert not Conflict.objects.exists()  # nothing ran: the work waits in the outbox

    own_redis.start()  # back on the same port, empty
    worker = worker_on(own_redis)  # its start sends what waits
    wait_until(all_sent, "the outbox to be sent at worker start")
    wait_until(lambda: Conflict.objects.open().exists(), "the cross-check to run")
    wait_until(
        lambda: (
            sum(
                ("crosscheck_article[" in line or "crosscheck_articles[" in line) and " succeeded " in line
                for line in worker.output
            )
            == 2
        ),
        "both cross-checks to succeed on the worker",
    )
    assert Client().get("/healthz").status_code == 200


def test_it_sends_the_outbox_at_the_beat_tick_once_redis_is_back(own_redis) -> None:  # type: ignore[no-untyped-def]
    assert app.conf.beat_schedule["flush-outbox-every-minute"]["task"] == "factcheck.tasks.flush_outbox"
    from factcheck import pipeline

    air, ministry = Source.objects.create(name="Air Force channel"), Source.objects.create(name="Ministry feed")
    worker = worker_on(own_redis)
    own_redis.kill()
    pipeline.ingest_article(air, text=FIRST)
    pipeline.ingest_article(ministry, text=SECOND)
    assert PendingTask.objects.filter(sent_at__isnull=True).count() == 2

    own_redis.start()
    wait_until(own_redis.answers, "redis to answer again")
    tasks.flush_outbox.delay()  # what beat sends every minute
    wait_until(all_sent, "the outbox to be sent by the beat task", timeout=90)
    wait_until(lambda: Conflict.objects.open().exists(), "the cross-check to run")
    assert "flush_outbox" in worker.log()
