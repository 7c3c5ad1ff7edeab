"""Personas with API keys, and a client that sends one as a Bearer token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from factcheck.api.security import clear_local_counts
from factcheck.api.tokens import issue_token
from tests.conftest import make_user


class ApiClient:
    """Django's test client, sending ``Authorization: Bearer <key>`` and JSON bodies."""

    def __init__(self, key: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}

    def get(self, path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(path, data or {}, **self.headers, **extra)

    def post(self, path: str, body: Any, **extra: Any) -> Any:
        raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self.client.post(path, raw, content_type="application/json", **self.headers, **extra)


def api_client_for(user: Any, *, can_ingest: bool = False) -> ApiClient:
    _, key = issue_token(user, f"{user.username} test", can_ingest=can_ingest)
    return ApiClient(key)


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    clear_local_counts()


@pytest.fixture
def nobody(db: None) -> Any:
    """Signed in, but in no role: sees nothing."""
    return make_user("nora")


@pytest.fixture
def editor_api(editor: Any) -> ApiClient:
    return api_client_for(editor)


@pytest.fixture
def viewer_api(viewer: Any) -> ApiClient:
    return api_client_for(viewer)


@pytest.fixture
def admin_api(admin_user: Any) -> ApiClient:
    return api_client_for(admin_user)


@pytest.fixture
def nobody_api(nobody: Any) -> ApiClient:
    return api_client_for(nobody)


@pytest.fixture
def anonymous_api() -> ApiClient:
    return ApiClient()
