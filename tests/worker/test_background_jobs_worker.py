"""Admin fetches on a real worker process: the admin answers at once, the worker writes the outcome."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse

from factcheck.models import Article, BackgroundJob, Source
from tests.app.test_fetch import ROUTES, drip_body, serve
from tests.conftest import make_user

pytestmark = pytest.mark.worker


@pytest.fixture
def server() -> Iterator[str]:
    yield from serve()


@pytest.fixture
def fetching_worker(worker_factory, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    # The worker process reads its settings from the environment: let it reach the test's loopback site.
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("FETCH_TIMEOUT_SECONDS", "2")
    return worker_factory()


def finished(job: BackgroundJob, timeout: float = 60) -> BackgroundJob:
    stop = time.monotonic() + timeout
    while time.monotonic() < stop:
        job.refresh_from_db()
        if job.status in (BackgroundJob.Status.DONE, BackgroundJob.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def add_by_url(url: str) -> tuple[Client, object, float]:
    client = Client()
    client.force_login(make_user("ada", None, is_staff=True, is_superuser=True))
    source = Source.objects.create(name="Wire Agency")
    started = time.monotonic()
    response = client.post(reverse("admin:factcheck_article_add"), {"ingest_source": source.pk, "ingest_url": url})
    return client, response, time.monotonic() - started


def test_it_adds_an_article_by_url_on_the_worker(fetching_worker, server: str) -> None:  # type: ignore[no-untyped-def]
    _, response, _ = add_by_url(server + "/kharkiv")
    assert response.status_code == 302  # type: ignore[attr-defined]
    job = finished(BackgroundJob.objects.get())
    assert job.status == BackgroundJob.Status.DONE, (job.message, fetching_worker.log())
    assert job.result["article"] == Article.objects.get(url=server + "/kharkiv").pk
    assert "run_background_job" in fetching_worker.log()


def test_the_admin_answers_at_once_while_the_worker_meets_a_slow_site(  # type: ignore[no-untyped-def]
    fetching_worker, server: str
) -> None:
    ROUTES["/slow"] = drip_body  # 30 bytes, one every 0.5 s
    _, response, elapsed = add_by_url(server + "/slow")
    assert response.status_code == 302  # type: ignore[attr-defined]
    job = BackgroundJob.objects.get()
    # A behaviour bound: the answer does not wait for the site, whose fetch takes its 2 s deadline.
    assert elapsed < 1.5
    assert job.status in (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING)
    job = finished(job)
    assert job.status == BackgroundJob.Status.FAILED and "within 2 s" in job.message, job.message
    assert job.finished_at is not None and job.started_at is not None
    assert (job.finished_at - job.started_at).total_seconds() < 2 + 2
    assert not Article.objects.exists()
