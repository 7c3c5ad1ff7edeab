"""Tokens made in Django admin and by ``manage.py api_token``; revoked in admin with who and when."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from factcheck.api.tokens import digest_of, issue_token
from factcheck.models import ApiToken

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(admin_user) -> Client:
    browser = Client()
    browser.force_login(admin_user)
    return browser


def test_it_prints_a_working_key_and_stores_only_its_digest(viewer):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "victor", "--name", "CMS robot", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=viewer)
    assert token.name == "CMS robot" and not token.can_ingest and token.created_by is None
    assert token.digest == digest_of(key) and key not in (token.prefix, token.digest)
    assert "not shown again" in err.getvalue()
    assert ApiClient(key).get("/api/claims").status_code == 200


def test_it_makes_a_token_that_may_ingest_with_the_flag(viewer):
    out = io.StringIO()
    call_command("api_token", "victor", "--ingest", stdout=out, stderr=io.StringIO())
    assert ApiToken.objects.get(digest=digest_of(out.getvalue().strip())).can_ingest


def test_it_says_so_for_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user 'ghost'"):
        call_command("api_token", "ghost", stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_it_refuses_a_token_for_a_deactivated_user(viewer):
    viewer.is_active = False
    viewer.save()
    with pytest.raises(CommandError, match="deactivated"):
        call_command("api_token", "victor", stdout=io.StringIO())


def test_it_shows_the_key_once_on_the_page_answering_the_admins_save(admin_browser, admin_user, viewer):
    response = admin_browser.post(
        reverse("admin:factcheck_apitoken_add"), {"user": viewer.pk, "name": "Wire robot", "can_ingest": "on"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = re.search(r'<code id="api-key"[^>]*>([^<]+)</code>', response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.can_ingest, token.created_by) == (viewer, "Wire robot", True, admin_user)
    assert token.digest == digest_of(key)
    assert key not in str(response.cookies)  # never kept in a message cookie
    page = admin_browser.get(reverse("admin:factcheck_apitoken_change", args=[token.pk]))
    assert page.status_code == 200 and key not in page.content.decode() and token.prefix in page.content.decode()


def test_it_revokes_tokens_in_admin_recording_who_and_when(admin_browser, admin_user, viewer):
    token, key = issue_token(viewer, "CMS")
    response = admin_browser.post(
        reverse("admin:factcheck_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin_user and token.revoked_at is not None
    assert ApiClient(key).get("/api/claims").status_code == 401


def test_it_never_deletes_or_edits_a_token_in_admin(admin_browser, viewer):
    token, _ = issue_token(viewer, "CMS")
    change = reverse("admin:factcheck_apitoken_change", args=[token.pk])
    admin_browser.post(change, {"user": viewer.pk, "name": "Renamed", "can_ingest": "on"})
    assert (
        admin_browser.post(reverse("admin:factcheck_apitoken_delete", args=[token.pk]), {"post": "yes"}).status_code
        == 403
    )
    token.refresh_from_db()
    assert token.name == "CMS" and not token.can_ingest
