"""Django admin: sources, adding articles through the pipeline, actions."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from factcheck import pipeline
from factcheck.models import Article, Claim, CrosscheckRun, ReviewEvent, Source

TEXT = "Two people were killed and 49 were injured in Kyiv on Tuesday, the mayor, Vitali Klitschko, said."


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_it_lists_and_searches_sources(client: Client, admin_user: User, source: Source) -> None:
    Source.objects.create(name="Morning Ledger", kind=Source.Kind.OUTLET)
    response = login(client, admin_user).get(reverse("admin:factcheck_source_changelist"), {"q": "ledger"})
    assert response.status_code == 200
    assert b"Morning Ledger" in response.content and b"Wire Agency" not in response.content


def test_it_adds_an_article_by_pasting_text(client: Client, admin_user: User, source: Source) -> None:
    response = login(client, admin_user).post(
        reverse("admin:factcheck_article_add"),
        {
            "ingest_source": source.pk,
            "ingest_title": "Kyiv",
            "ingest_text": TEXT,
            "ingest_published": "2024-01-02 10:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.title == "Kyiv" and article.claims.exists()
    assert article.published_at is not None


def test_it_adds_an_article_from_an_uploaded_file(client: Client, admin_user: User, source: Source) -> None:
    upload = SimpleUploadedFile("story.txt", TEXT.encode(), content_type="text/plain")
    response = login(client, admin_user).post(
        reverse("admin:factcheck_article_add"), {"ingest_source": source.pk, "ingest_file": upload}
    )
    assert response.status_code == 302
    assert Article.objects.get().text == TEXT


def test_it_shows_why_an_article_was_refused_and_saves_nothing(
    client: Client, admin_user: User, source: Source
) -> None:
    login(client, admin_user)
    url = reverse("admin:factcheck_article_add")
    response = client.post(url, {"ingest_source": source.pk, "ingest_text": "   "})
    assert response.status_code == 200 and b"Paste the article text" in response.content
    client.post(url, {"ingest_source": source.pk, "ingest_text": TEXT})
    response = client.post(url, {"ingest_source": source.pk, "ingest_text": TEXT})
    assert b"Duplicate" in response.content
    binary = SimpleUploadedFile("x.txt", b"\x00\x01\x02", content_type="text/plain")
    response = client.post(url, {"ingest_source": source.pk, "ingest_file": binary})
    assert b"binary" in response.content
    assert Article.objects.count() == 1


def test_it_re_extracts_claims_from_the_admin_action(client: Client, admin_user: User, source: Source) -> None:
    login(client, admin_user).post(
        reverse("admin:factcheck_article_add"), {"ingest_source": source.pk, "ingest_text": TEXT}
    )
    article = Article.objects.get()
    Claim.objects.filter(article=article).delete()
    response = client.post(
        reverse("admin:factcheck_article_changelist"),
        {"action": "reextract_claims", "_selected_action": [article.pk]},
        follow=True,
    )
    assert b"Re-extracting claims of 1 article" in response.content
    assert Claim.objects.filter(article=article).exists()


def test_it_keeps_the_audit_trail_read_only(client: Client, admin_user: User) -> None:
    login(client, admin_user)
    assert client.get(reverse("admin:factcheck_reviewevent_add")).status_code == 403
    assert not CrosscheckRun.objects.exists() and not ReviewEvent.objects.exists()


def test_it_serves_the_login_page_and_protects_the_rest(client: Client, db: None) -> None:
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("review-queue"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get("/admin/").status_code == 302


def test_it_answers_the_health_check_without_login(client: Client, db: None) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["database: OK", "cache: OK", "broker: OK"]


def test_it_runs_the_cross_check_from_the_admin_button(client: Client, admin_user: User, source: Source) -> None:
    login(client, admin_user)
    listing = client.get(reverse("admin:factcheck_crosscheckrun_changelist"))
    assert b"Run the cross-check now" in listing.content
    url = reverse("admin:factcheck_crosscheckrun_run")
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert b"Cross-check started" in response.content
    run = CrosscheckRun.objects.get()
    assert run.trigger == "admin" and run.status == CrosscheckRun.Status.DONE


def test_claims_deleted_in_admin_leave_the_queue_counts_right(
    client: Client, admin_user: User, editor: User, source: Source, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.ingest_article(source, text=TEXT)
    queue = Client()
    queue.force_login(editor)

    def pending(**filters: str) -> int:
        page = queue.get(reverse("queue-counts"), filters, HTTP_HX_REQUEST="true").content.decode()
        return int(re.search(r'data-status="pending">Pending <strong>(\d+)</strong>', page).group(1))  # type: ignore[union-attr]

    before = Claim.objects.count()
    assert before and pending() == pending(location="Kyiv") == before
    victim = Claim.objects.first()
    assert victim is not None
    with django_capture_on_commit_callbacks(execute=True):
        login(client, admin_user).post(
            reverse("admin:factcheck_claim_changelist"),
            {"action": "delete_selected", "_selected_action": [victim.pk], "post": "yes"},
        )
    assert Claim.objects.count() == before - 1
    assert pending() == pending(location="Kyiv") == before - 1


def test_it_answers_the_health_check_from_a_thread_that_runs_an_event_loop(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Playwright's sync API (and any asyncio host) leaves a loop running in the thread;
    # an async-only view cannot be answered from there through async_to_sync.
    import asyncio

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    async def ask() -> tuple[int, str]:
        response = client.get(reverse("healthz"), {"format": "json"})
        return response.status_code, response.json()["database"]

    assert asyncio.run(ask()) == (200, "OK")
