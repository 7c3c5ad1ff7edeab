"""Tokens and sessions: who gets in, with which message, and that CSRF guards sessions only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from factcheck.api.tokens import issue_token, revoke_tokens, token_for_key
from factcheck.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_it_answers_401_with_how_to_authenticate_and_never_redirects(anonymous_api):
    response = anonymous_api.get("/api/claims")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_it_refuses_an_unknown_token(db):
    response = ApiClient("fcw_not-a-key-anyone-was-given").get("/api/claims")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Unknown API token")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_it_refuses_a_revoked_token_and_says_when_it_was_revoked(viewer, admin_user):
    token, key = issue_token(viewer, "CMS")
    assert ApiClient(key).get("/api/claims").status_code == 200
    assert revoke_tokens(ApiToken.objects.filter(pk=token.pk), admin_user) == 1
    response = ApiClient(key).get("/api/claims")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    token.refresh_from_db()
    assert token.revoked_by == admin_user and token.revoked_at is not None


def test_it_does_not_fall_back_to_the_session_when_a_bad_token_is_sent(viewer):
    browser = Client()
    browser.force_login(viewer)
    response = ApiClient("fcw_wrong", client=browser).get("/api/claims")
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(viewer):
    _, key = issue_token(viewer, "CMS")
    viewer.is_active = False
    viewer.save()
    response = ApiClient(key).get("/api/claims")
    assert response.status_code == 401
    assert "deactivated" in response.json()["detail"]


def test_it_stores_only_the_digest_of_the_key(viewer):
    token, key = issue_token(viewer, "CMS")
    stored = ApiToken.objects.filter(pk=token.pk).values_list("prefix", "digest").get()
    assert key not in stored and key.startswith(stored[0]) and len(stored[1]) == 64


def test_it_writes_last_used_at_at_most_once_a_minute(viewer, django_assert_num_queries):
    token, key = issue_token(viewer, "CMS")
    first = token_for_key(key)
    assert first.last_used_at is not None
    with django_assert_num_queries(1):  # the lookup, no write
        token_for_key(key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    with django_assert_num_queries(2):  # the lookup and the write
        again = token_for_key(key)
    assert timezone.now() - again.last_used_at < dt.timedelta(seconds=5)


def test_it_accepts_the_browser_session_for_reading(viewer):
    browser = Client()
    browser.force_login(viewer)
    assert browser.get("/api/claims").status_code == 200


def test_it_refuses_a_session_post_without_the_csrf_token(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(
        "/api/claims/1/verdict", '{"status": "verified", "version": 1}', content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_it_needs_no_csrf_token_with_a_bearer_token(editor, editor_api):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)  # a session cookie too: the token decides, CSRF is not asked for
    api = ApiClient(editor_api.headers["HTTP_AUTHORIZATION"].split()[1], client=browser)
    response = api.post("/api/claims/999999/verdict", {"status": "verified", "version": 1})
    assert response.status_code == 404  # got past authentication and CSRF to the lookup


def test_it_answers_unknown_api_paths_with_json_404(anonymous_api):
    response = anonymous_api.get("/api/no-such-thing")
    assert response.status_code == 404
    assert "No such API endpoint" in response.json()["detail"]


def test_it_accepts_a_session_post_that_carries_the_csrf_token(editor, source):
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from tests.views.builders import make_queue

    claim = make_queue(source, 1)[0]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    browser.get("/api/claims")  # as the docs page would be loaded first
    request = RequestFactory().get("/")
    request.COOKIES = {k: v.value for k, v in browser.cookies.items()}
    token = get_token(request)
    browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    response = browser.post(
        f"/api/claims/{claim.pk}/verdict",
        {"status": "verified", "version": claim.version},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
