"""Admin work that fetches runs in the background: the admin answers at once, the job keeps the outcome."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from factcheck.models import Article, BackgroundJob, Source
from tests.app.test_fetch import ROUTES, drip_body, serve

pytestmark = pytest.mark.django_db

Callbacks = Callable[..., Any]


@pytest.fixture
def server() -> Iterator[str]:
    yield from serve()


def add_by_url(client: Client, user: User, source: Source, url: str) -> Any:
    client.force_login(user)
    return client.post(reverse("admin:factcheck_article_add"), {"ingest_source": source.pk, "ingest_url": url})


def run_queued(callbacks: list[Callable[[], None]]) -> None:
    """What commit does: hand the queued jobs to the (in-process) worker."""
    for callback in callbacks:
        callback()


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_adds_an_article_by_url_on_a_worker_and_records_it_on_the_job(
    client: Client, admin_user: User, source: Source, server: str, django_capture_on_commit_callbacks: Callbacks
) -> None:
    with django_capture_on_commit_callbacks() as queued:
        response = add_by_url(client, admin_user, source, server + "/kharkiv")
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:factcheck_backgroundjob_change", args=[job.pk])
    # Answered before anything was fetched.
    assert (job.kind, job.status, job.requested_by, job.source, job.target) == (
        BackgroundJob.Kind.FETCH_URL,
        BackgroundJob.Status.QUEUED,
        admin_user,
        source,
        server + "/kharkiv",
    )
    assert not Article.objects.exists()
    run_queued(queued)
    job.refresh_from_db()
    article = Article.objects.get()
    assert job.status == BackgroundJob.Status.DONE and job.finished_at is not None
    assert job.result["article"] == article.pk and article.ingested_via == "admin"
    assert f"Ingested as article {article.pk}" in job.message
    page = client.get(reverse("admin:factcheck_backgroundjob_changelist"))
    assert page.status_code == 200
    assert f"Ingested as article {article.pk}" in page.content.decode()
    assert reverse("admin:factcheck_article_change", args=[article.pk]) in page.content.decode()


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_records_a_failed_fetch_on_the_job_and_saves_nothing(
    client: Client, admin_user: User, source: Source, server: str, django_capture_on_commit_callbacks: Callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = add_by_url(client, admin_user, source, server + "/missing")
    assert response.status_code == 302
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.FAILED
    assert "HTTP 404" in job.message and "Nothing was saved" in job.message
    assert not Article.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT_SECONDS=1.5)
def test_it_answers_before_a_slow_site_does(
    client: Client, admin_user: User, source: Source, server: str, django_capture_on_commit_callbacks: Callbacks
) -> None:
    ROUTES["/slow"] = drip_body
    started = time.monotonic()
    with django_capture_on_commit_callbacks() as queued:
        response = add_by_url(client, admin_user, source, server + "/slow")
    # A behaviour bound: the request never waits for the site (it used to wait for every byte).
    assert time.monotonic() - started < 1.5
    assert response.status_code == 302
    run_queued(queued)
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.Status.FAILED and "within 1.5 s" in job.message


def test_it_refuses_a_url_it_could_never_fetch_on_the_form(client: Client, admin_user: User, source: Source) -> None:
    response = add_by_url(client, admin_user, source, "ftp://example.org/a")
    assert response.status_code == 200
    assert "http or https" in response.content.decode()
    assert not BackgroundJob.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_fetches_feeds_now_in_the_background_and_shows_how_each_ended(
    client: Client, admin_user: User, server: str, django_capture_on_commit_callbacks: Callbacks
) -> None:
    good = Source.objects.create(name="Good wire", feed_url=server + "/feed")
    gone = Source.objects.create(name="Gone feed", feed_url=server + "/nothing-here")
    bare = Source.objects.create(name="No feed")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("admin:factcheck_source_changelist"),
            {"action": "fetch_feed_now", "_selected_action": [good.pk, gone.pk, bare.pk]},
            follow=True,
        )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Fetching 2 feed(s) in the background" in text and "1 without a feed URL skipped" in text
    assert reverse("admin:factcheck_backgroundjob_changelist") in text
    assert set(BackgroundJob.objects.values_list("status", flat=True)) == {BackgroundJob.Status.QUEUED}
    assert not Article.objects.exists()
    run_queued(queued)
    done = BackgroundJob.objects.get(source=good)
    failed = BackgroundJob.objects.get(source=gone)
    assert (done.kind, done.status, done.requested_by) == (BackgroundJob.Kind.FETCH_FEED, "done", admin_user)
    assert done.message.startswith("2 ingested") and done.result["ingested"] == 2
    assert failed.status == BackgroundJob.Status.FAILED and "HTTP 404" in failed.message
    assert Article.objects.filter(source=good).count() == 2


def test_it_keeps_background_jobs_read_only_in_admin(client: Client, admin_user: User, source: Source) -> None:
    job = BackgroundJob.objects.create(kind=BackgroundJob.Kind.FETCH_URL, source=source, target="https://a.example/")
    client.force_login(admin_user)
    assert client.get(reverse("admin:factcheck_backgroundjob_add")).status_code == 403
    page = client.get(reverse("admin:factcheck_backgroundjob_change", args=[job.pk]))
    assert page.status_code == 200 and b"https://a.example/" in page.content and b'name="_save"' not in page.content


def test_the_watchdog_marks_a_job_whose_worker_died_as_failed(db: None, source: Source, settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from factcheck import tasks

    settings.BACKGROUND_JOB_STALL_SECONDS = 600
    long_ago = timezone.now() - timedelta(seconds=601)
    lost = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.FETCH_URL, source=source, status=BackgroundJob.Status.RUNNING, started_at=long_ago
    )
    busy = BackgroundJob.objects.create(
        kind=BackgroundJob.Kind.FETCH_FEED,
        source=source,
        status=BackgroundJob.Status.RUNNING,
        started_at=timezone.now(),
    )
    assert tasks.crosscheck_watchdog()["jobs_failed"] == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == BackgroundJob.Status.FAILED and "worker stopped" in lost.message and lost.finished_at
    assert busy.status == BackgroundJob.Status.RUNNING
