from __future__ import annotations

import pytest
from django.test import Client


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):  # type: ignore[no-untyped-def]
    return logged_in(editor)


@pytest.fixture
def second_editor_client(second_editor):  # type: ignore[no-untyped-def]
    return logged_in(second_editor)


@pytest.fixture
def viewer_client(viewer):  # type: ignore[no-untyped-def]
    return logged_in(viewer)
