"""A real Celery worker process against a real Redis, for tests about background work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


def redis_or_skip() -> str:
    import redis

    url = redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {url} ({exc}); start it or set REDIS_URL")
    return url


@dataclass
class Worker:
    process: subprocess.Popen[str]
    queue: str
    output: list[str]

    def log(self) -> str:
        return "".join(self.output)


def _point_app_at(url: str | None, queue: str | None, eager: bool) -> None:
    """Switch this process's Celery app between in-process and a real broker."""
    import threading as _threading

    from factcheck.celery import app

    app.conf.task_always_eager = eager
    if url:
        app.conf.broker_url = url
        app.conf.result_backend = url
    if queue:
        app.conf.task_default_queue = queue
    app._after_fork()  # drop pooled connections to the previous broker
    app._backend_cache = None
    app._local = _threading.local()


def start_worker(url: str, queue: str, db_env: dict[str, str], extra: list[str] | None = None) -> Worker:
    env = dict(os.environ, DEBUG="true", REDIS_URL=url, CELERY_QUEUE=queue, **db_env)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck.celery",
            "worker",
            "--loglevel=INFO",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{queue}@%h",
            *(extra or ["--pool=solo"]),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if " ready." in line:
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    if not ready.wait(timeout=60) or process.poll() is not None:
        stop_worker(process)
        pytest.fail("Celery worker did not start:\n" + "".join(output))
    return Worker(process, queue, output)


def stop_worker(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def database_env() -> dict[str, str]:
    """How the worker process reaches this test run's database."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.skip("the SQLite test database is in memory; a worker process cannot open it")
        return {"SQLITE_PATH": name, "DATABASE_URL": ""}
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return {"DATABASE_URL": f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"}


@pytest.fixture
def worker_factory(transactional_db: None) -> Iterator[object]:
    from django.test import override_settings

    url = redis_or_skip()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    _point_app_at(url, queue, eager=False)
    # The lock and fault counters live in the cache: share the workers' Redis.
    shared_cache = override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    )
    shared_cache.enable()
    started: list[Worker] = []

    def factory(extra: list[str] | None = None) -> Worker:
        worker = start_worker(url, queue, database_env(), extra)
        started.append(worker)
        return worker

    yield factory
    for worker in started:
        stop_worker(worker.process)
    shared_cache.disable()
    from django.conf import settings

    _point_app_at(
        settings.CELERY_BROKER_URL, settings.CELERY_TASK_DEFAULT_QUEUE, eager=settings.CELERY_TASK_ALWAYS_EAGER
    )


@pytest.fixture
def worker(worker_factory) -> Worker:  # type: ignore[no-untyped-def]
    return worker_factory()
