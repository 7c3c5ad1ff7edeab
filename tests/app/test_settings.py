"""Settings read the environment and fail loudly on malformed values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    dropped = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_requires_a_secret_key_when_debug_is_off() -> None:
    result = run_check({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("MAX_ARTICLE_BYTES", "lots", "MAX_ARTICLE_BYTES must be a whole number"),
        ("FETCH_TIMEOUT_SECONDS", "0", "FETCH_TIMEOUT_SECONDS must be at least 1"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a"),
        ("REDIS_URL", "http://localhost", "REDIS_URL must be a"),
    ],
)
def test_it_names_the_malformed_variable(name: str, value: str, message: str) -> None:
    env = {"DEBUG": "true", name: value}
    result = run_check(env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_it_treats_an_empty_database_url_as_unset() -> None:
    result = run_check({"DEBUG": "true", "DATABASE_URL": "", "REDIS_URL": ""})
    assert result.returncode == 0, result.stderr


def test_it_passes_the_deploy_check_with_production_settings() -> None:
    env = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "factcheck.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://factcheck.example.org",
        "BEHIND_TLS_PROXY": "true",
        "TRUSTED_PROXY_COUNT": "1",
    }
    result = run_check(env, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("too-short-but-random-8f3k2", "characters long; at least 50"),
        ("django-insecure-" + secrets.token_urlsafe(50), "starts with 'django-insecure-'"),
        ("abab" * 20, "fewer than 5 different characters"),
        ("dev-only-insecure-key-do-not-use-in-production", "published default or example"),
        ("...", "published default or example"),
    ],
)
def test_it_refuses_to_start_in_production_with_a_weak_secret_key(key: str, why: str) -> None:
    result = run_check({"DEBUG": "false", "SECRET_KEY": key, "ALLOWED_HOSTS": "factcheck.example.org"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and why in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr  # it says how to make a good one


def test_it_accepts_any_secret_key_in_development() -> None:
    result = run_check({"DEBUG": "true", "SECRET_KEY": "short"})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_postgresql_connections_run_without_the_jit_compiler() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
