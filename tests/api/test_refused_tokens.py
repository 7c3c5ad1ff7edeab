"""Guessing keys: refused Bearer tokens are counted per client address, then answered 429."""

from __future__ import annotations

import pytest
from django.test import override_settings

from factcheck.api.tokens import issue_token

from .conftest import ApiClient

pytestmark = pytest.mark.django_db

GUESS = "fcw_a-key-nobody-was-given-{}"


def from_address(key: str, address: str) -> ApiClient:
    client = ApiClient(key)
    client.headers["REMOTE_ADDR"] = address
    return client


@override_settings(API_FAILED_TOKEN_RATE="3/min")
def test_it_answers_429_with_retry_after_once_an_address_has_guessed_too_often(viewer):
    codes = [from_address(GUESS.format(i), "203.0.113.7").get("/api/claims").status_code for i in range(3)]
    assert codes == [401, 401, 401]
    response = from_address(GUESS.format(99), "203.0.113.7").get("/api/claims")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Too many refused API tokens from this address (3/min allowed)")
    # A right key from that address waits too: the guesses do not learn which key is right.
    _, key = issue_token(viewer, "CMS")
    assert from_address(key, "203.0.113.7").get("/api/claims").status_code == 429
    assert from_address(key, "198.51.100.20").get("/api/claims").status_code == 200


@override_settings(API_FAILED_TOKEN_RATE="3/min")
def test_it_does_not_count_accepted_tokens_against_the_address(viewer):
    _, key = issue_token(viewer, "CMS")
    assert [from_address(key, "203.0.113.8").get("/api/claims").status_code for _ in range(5)] == [200] * 5
    assert from_address(GUESS.format(1), "203.0.113.8").get("/api/claims").status_code == 401


@override_settings(API_FAILED_TOKEN_RATE="2/min")
def test_it_still_stops_guessing_when_the_shared_cache_is_unreachable(db):
    from tests.redis_down import free_port

    unreachable = {
        "default": {
            "BACKEND": "factcheck.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        codes = [from_address(GUESS.format(i), "203.0.113.9").get("/api/claims").status_code for i in range(3)]
    assert codes == [401, 401, 429]


def test_it_refuses_to_start_with_a_malformed_failed_token_rate():
    from tests.app.test_settings import run_check

    result = run_check({"DEBUG": "true", "API_FAILED_TOKEN_RATE": "many"})
    assert result.returncode != 0
    assert "API_FAILED_TOKEN_RATE must look like 20/min, not 'many'" in result.stderr
