"""Redis down (nothing listening where the cache and the broker should be): pages, verdicts
and every ingest path keep working from the database, and queued work waits in the outbox."""

from __future__ import annotations

import io
import json

import pytest
from celery import chord
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from factcheck import outbox, pipeline, tasks
from factcheck.models import Article, Claim, PendingTask, ReviewEvent, Source
from tests.redis_down import app_pointed_at, free_port

TEXT = "Russia fired 99 missiles at Ukraine on Tuesday, the Ukrainian air force said."
OTHER = "Russia launched 70 missiles at Ukraine on Tuesday, the Russian defence ministry said."


@pytest.fixture
def redis_down():
    """The app's cache and broker at a port where nothing listens."""
    with app_pointed_at(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_it_keeps_a_task_the_broker_cannot_take_in_the_outbox(db, redis_down) -> None:  # type: ignore[no-untyped-def]
    assert outbox.send(tasks.crosscheck_article, 41) is False
    kept = PendingTask.objects.get()
    assert (kept.task, kept.args, kept.kwargs, kept.sent_at) == ("factcheck.tasks.crosscheck_article", [41], {}, None)
    assert kept.last_error


def test_it_keeps_a_chord_whole_and_rebuilds_it(db, redis_down) -> None:  # type: ignore[no-untyped-def]
    work = chord((tasks.extract_article.s(pk) for pk in (7, 8)), tasks.compare_story.si(3))
    assert outbox.send(work) is False
    kept = PendingTask.objects.get()
    rebuilt = outbox.rebuild(kept.task, kept.args, kept.kwargs)
    assert isinstance(rebuilt, chord)
    assert [(s.task, list(s.args)) for s in rebuilt.tasks] == [
        ("factcheck.tasks.extract_article", [7]),
        ("factcheck.tasks.extract_article", [8]),
    ]
    assert (rebuilt.body.task, list(rebuilt.body.args), rebuilt.body.immutable) == (
        "factcheck.tasks.compare_story",
        [3],
        True,
    )


def test_it_leaves_the_outbox_waiting_and_counts_the_attempt_while_the_broker_is_down(db, redis_down) -> None:  # type: ignore[no-untyped-def]
    outbox.send(tasks.compare_story, 3)
    assert outbox.flush() == 0
    kept = PendingTask.objects.get()
    assert kept.sent_at is None and kept.attempts == 1 and kept.last_error


def test_it_answers_a_miss_and_refuses_a_lock_when_the_cache_is_down(redis_down) -> None:  # type: ignore[no-untyped-def]
    cache.set("k", 1)
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.add("lock", "token") is False  # a lock in a cache that is not there is never granted
    assert cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError):
        cache.incr("k")


def test_it_serves_the_queue_with_the_stored_counts_and_the_claim_page(transactional_db, editor, redis_down) -> None:  # type: ignore[no-untyped-def]
    source = Source.objects.create(name="Air Force channel")
    pipeline.ingest_article(source, text=TEXT)
    pending = Claim.objects.filter(status=Claim.Status.PENDING).count()
    assert pending >= 1
    client = logged_in(editor)
    response = client.get(reverse("review-queue"))
    assert response.status_code == 200
    counts = {c["status"]: c["count"] for c in response.context["counts"]}
    assert counts[Claim.Status.PENDING] == pending
    filtered = client.get(reverse("review-queue"), {"q": "missiles"})
    assert filtered.status_code == 200
    claim = Claim.objects.first()
    assert client.get(reverse("claim-detail", args=[claim.pk])).status_code == 200


def test_it_stores_a_verdict_and_answers_it_when_the_cache_is_down(transactional_db, editor, redis_down) -> None:  # type: ignore[no-untyped-def]
    source = Source.objects.create(name="Air Force channel")
    pipeline.ingest_article(source, text=TEXT)
    claim = Claim.objects.first()
    client = logged_in(editor)
    response = client.post(reverse("claim-verdict", args=[claim.pk]), {"status": "verified", "version": claim.version})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED and ReviewEvent.objects.filter(claim=claim).count() == 1
    counts = {c["status"]: c["count"] for c in client.get(reverse("review-queue")).context["counts"]}
    assert counts[Claim.Status.VERIFIED] == 1


def test_it_ingests_in_admin_and_keeps_the_crosscheck_in_the_outbox(transactional_db, admin_user, redis_down) -> None:  # type: ignore[no-untyped-def]
    source = Source.objects.create(name="Air Force channel")
    response = logged_in(admin_user).post(
        reverse("admin:factcheck_article_add"), {"ingest_source": source.pk, "ingest_text": TEXT}
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.claims.exists()
    assert PendingTask.objects.filter(task="factcheck.tasks.crosscheck_article", args=[article.pk]).exists()


def test_it_finishes_manage_py_ingest_with_its_summary(transactional_db, redis_down, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    Source.objects.create(name="Air Force channel")
    path = tmp_path / "articles.jsonl"
    lines = [{"source": "Air Force channel", "text": text} for text in (TEXT, OTHER)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    call_command("ingest", str(path), "--no-progress")
    out = capsys.readouterr().out
    assert "ingested: 2" in out and "rejected: 0" in out, out
    assert Article.objects.count() == 2
    # The file's articles are stored as one batch, cross-checked together once the broker is back.
    ids = sorted(Article.objects.values_list("pk", flat=True))
    kept = PendingTask.objects.get(task="factcheck.tasks.crosscheck_articles")
    assert sorted(kept.args[0]) == ids


def test_it_answers_503_from_healthz_naming_the_cache_and_the_broker(transactional_db, redis_down) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/healthz")
    assert response.status_code == 503
    lines = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert lines["database"] == "OK"
    assert lines["cache"].startswith("Unavailable") and lines["broker"].startswith("Unavailable")
    as_json = Client().get("/healthz", HTTP_ACCEPT="application/json")
    assert as_json.status_code == 503 and as_json.json()["database"] == "OK"


def test_it_shows_health_and_the_outbox_in_admin(transactional_db, admin_user, redis_down) -> None:  # type: ignore[no-untyped-def]
    outbox.send(tasks.crosscheck_article, 41)
    response = logged_in(admin_user).get(reverse("admin:factcheck_pendingtask_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "crosscheck_article" in page and "waiting" in page
    assert [h["part"] for h in response.context["health"] if h["error"]] == ["cache", "broker"]


def test_the_recluster_command_says_the_cache_is_down_not_that_another_run_holds_the_lock(db, redis_down) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unreachable"):
        call_command("stories", "--recluster", "--format", "json", stdout=io.StringIO())
