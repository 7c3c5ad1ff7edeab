"""Personas and shared fixtures. Data is set up through the app's own functions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from factcheck.accounts import EDITORS, VIEWERS, ensure_groups

os.environ.setdefault("DEBUG", "true")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip where the folder is absent (a user's fresh clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the evaluation corpora live beside the repository, not in it")
    return path


def make_user(username: str, group: str | None = None, **extra: object) -> User:
    ensure_groups()
    user = User.objects.create_user(username=username, password="pw-" + username, **extra)  # type: ignore[arg-type]
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db: None) -> User:
    return make_user("alice", EDITORS)


@pytest.fixture
def second_editor(db: None) -> User:
    return make_user("bob", EDITORS)


@pytest.fixture
def viewer(db: None) -> User:
    return make_user("victor", VIEWERS)


@pytest.fixture
def admin_user(db: None) -> User:
    return make_user("ada", None, is_staff=True, is_superuser=True)


@pytest.fixture
def source(db: None):
    from factcheck.models import Source

    return Source.objects.create(name="Wire Agency", kind=Source.Kind.AGENCY)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Keep the SQLite test database in a file, so a Celery worker process can open it too."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        import tempfile

        db.setdefault("TEST", {})["NAME"] = str(Path(tempfile.mkdtemp(prefix="factcheck-test-")) / "test.sqlite3")


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest):
    """Tasks run in-process, except in tests about background work, which use a real worker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    from factcheck.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (cached queue counts, locks) and no story term
    weights fitted on another test's articles (their key is the newest article id, which
    PostgreSQL's sequences carry from test to test)."""
    from django.core.cache import cache

    from factcheck import stories

    cache.clear()
    stories._weights.clear()
