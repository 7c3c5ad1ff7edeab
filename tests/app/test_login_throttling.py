"""Login throttling (django-axes): repeated failures lock the account and the address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user

LIMIT = 5  # the default of LOGIN_FAILURE_LIMIT


def log_in(url: str, username: str, password: str, address: str = "10.0.0.1") -> tuple[Client, object]:
    """A fresh browser posting the login form from ``address``."""
    client = Client(REMOTE_ADDR=address)
    client.get(url)
    response = client.post(url, {"username": username, "password": password, "next": "/"})
    return client, response


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", ["/login/", "/admin/login/"])
def test_it_refuses_the_right_password_after_repeated_failures(db: None, url: str) -> None:
    make_user("ada", None, is_staff=True, is_superuser=True)
    for _ in range(LIMIT):
        log_in(url, "ada", "wrong")
    client, response = log_in(url, "ada", "pw-ada")
    assert not logged_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login locked" in page and "30 minutes" in page and "ask an admin" in page


def test_it_still_lets_the_right_password_in_below_the_limit(db: None) -> None:
    make_user("alice")
    for _ in range(LIMIT - 1):
        log_in("/login/", "alice", "wrong")
    client, response = log_in("/login/", "alice", "pw-alice")
    assert response.status_code == 302 and logged_in(client)


def test_it_locks_the_account_whatever_address_the_failures_come_from(db: None) -> None:
    make_user("alice")
    for n in range(LIMIT):
        log_in("/login/", "alice", "wrong", address=f"10.0.1.{n}")
    client, response = log_in("/login/", "alice", "pw-alice", address="10.0.2.1")
    assert response.status_code == 429 and not logged_in(client)


def test_it_locks_an_address_trying_many_usernames(db: None) -> None:
    make_user("bob")
    for n in range(LIMIT):
        log_in("/login/", f"guess{n}", "wrong", address="10.0.3.3")
    client, response = log_in("/login/", "bob", "pw-bob", address="10.0.3.3")
    assert response.status_code == 429 and not logged_in(client)
    # The account itself never failed: from another address it logs in.
    client, response = log_in("/login/", "bob", "pw-bob", address="10.0.3.4")
    assert logged_in(client)


def test_an_admin_unlocks_an_account_in_admin(db: None, admin_user: User) -> None:
    make_user("alice")
    for _ in range(LIMIT):
        log_in("/login/", "alice", "wrong")
    from axes.models import AccessAttempt

    attempts = list(AccessAttempt.objects.filter(username="alice").values_list("pk", flat=True))
    admin = Client(REMOTE_ADDR="10.9.9.9")
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"), {"q": "alice"})
    assert b"Locked Out" in listing.content
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": attempts, "post": "yes"},
    )
    assert response.status_code == 302
    client, response = log_in("/login/", "alice", "pw-alice")
    assert response.status_code == 302 and logged_in(client)


def test_the_axes_reset_command_unlocks_an_account(db: None) -> None:
    make_user("alice")
    for _ in range(LIMIT):
        log_in("/login/", "alice", "wrong")
    call_command("axes_reset_username", "alice", verbosity=0)
    client, _ = log_in("/login/", "alice", "pw-alice")
    assert logged_in(client)


def test_it_counts_the_address_the_trusted_proxy_saw(rf, settings) -> None:
    from factcheck.accounts import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is anyone's
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the spoofed left-hand entry is ignored
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == "127.0.0.1"
