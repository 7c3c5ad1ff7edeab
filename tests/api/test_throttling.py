"""Requests per token are limited: 429 with Retry-After; still limited when Redis is down."""

from __future__ import annotations

import pytest
from django.test import override_settings

from factcheck.api.security import clear_local_counts
from tests.redis_down import free_port

pytestmark = pytest.mark.django_db


@override_settings(API_THROTTLE_RATE="3/min")
def test_it_answers_429_with_retry_after_past_the_rate(viewer_api, editor_api):
    assert [viewer_api.get("/api/stories").status_code for _ in range(3)] == [200, 200, 200]
    response = viewer_api.get("/api/stories")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "3/min" in response.json()["detail"]
    assert editor_api.get("/api/stories").status_code == 200  # per token: another token is not held back


@override_settings(API_THROTTLE_RATE="2/min")
def test_it_counts_each_token_of_a_user_on_its_own(viewer):
    from .conftest import api_client_for

    cms, robot = api_client_for(viewer), api_client_for(viewer)
    assert [cms.get("/api/stories").status_code for _ in range(3)] == [200, 200, 429]
    assert robot.get("/api/stories").status_code == 200


def test_it_still_throttles_and_answers_when_redis_is_unreachable(viewer_api):
    unreachable = {
        "default": {
            "BACKEND": "factcheck.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    clear_local_counts()
    with override_settings(CACHES=unreachable, API_THROTTLE_RATE="2/min"):
        codes = [viewer_api.get("/api/stories").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_it_refuses_to_start_with_a_malformed_rate():
    from tests.app.test_settings import run_check

    result = run_check({"DEBUG": "true", "API_THROTTLE_RATE": "lots/min"})
    assert result.returncode != 0
    assert "API_THROTTLE_RATE must look like 600/min, not 'lots/min'" in result.stderr
