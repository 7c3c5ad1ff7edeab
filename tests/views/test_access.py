"""Who may see and change what: anonymous, users without a role, viewers, editors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from factcheck.models import Claim, ReviewEvent

from .builders import hx, make_article, make_claim


@pytest.fixture
def claim(source):
    article = make_article(source, "Officials said 3 people were killed.")
    return make_claim(article, "Officials said 3 people were killed.")


def read_urls(claim: Claim) -> list[str]:
    return [
        reverse("review-queue"),
        reverse("queue-counts"),
        reverse("queue-export-csv"),
        reverse("queue-export-claimreview"),
        reverse("claim-detail", args=[claim.pk]),
        reverse("article-detail", args=[claim.article_id]),
    ]


def change_urls(claim: Claim) -> list[str]:
    return [
        reverse("claim-verdict", args=[claim.pk]),
        reverse("claim-note", args=[claim.pk]),
        reverse("claim-copies-verdict", args=[claim.pk]),
        reverse("claim-bulk-verdict"),
    ]


def test_it_redirects_anonymous_users_to_login(claim):
    client = Client()
    for url in read_urls(claim) + change_urls(claim):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_redirects_anonymous_posts_to_login_without_changing_anything(claim):
    response = Client().post(reverse("claim-verdict", args=[claim.pk]), {"status": "verified", "version": 1})
    assert response.status_code == 302
    assert not ReviewEvent.objects.exists()


def test_it_refuses_users_without_a_role(claim):
    client = Client()
    client.force_login(User.objects.create_user("nobody", password="pw"))
    for url in read_urls(claim):
        assert client.get(url).status_code == 403, url


def test_it_lets_viewers_read_every_page(viewer_client, claim):
    for url in read_urls(claim):
        assert viewer_client.get(url, **({"HTTP_HX_REQUEST": "true"} if "counts" in url else {})).status_code == 200, (
            url
        )


def test_it_refuses_viewers_every_change(viewer_client, claim):
    data = {"status": "verified", "version": claim.version, "note": "x", "claim": [claim.pk], f"version-{claim.pk}": 1}
    for url in change_urls(claim):
        assert viewer_client.post(url, data).status_code == 403, url
        assert viewer_client.post(url, data, **hx()).status_code == 403, url
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING
    assert not ReviewEvent.objects.exists()


def test_it_hides_review_controls_from_viewers(viewer_client, claim):
    page = viewer_client.get(reverse("review-queue")).content.decode()
    assert 'id="bulk-form"' not in page
    assert reverse("claim-verdict", args=[claim.pk]) not in page


def test_it_refuses_get_on_every_change(editor_client, claim):
    for url in change_urls(claim):
        assert editor_client.get(url).status_code == 405, url
        assert editor_client.get(url, **hx()).status_code == 405, url


def test_it_lets_staff_read_the_queue(admin_user, claim):
    client = Client()
    client.force_login(admin_user)
    assert client.get(reverse("review-queue")).status_code == 200
