"""A Redis of the test's own (or none at all) for the app's cache and broker to lose.

Never the shared Redis on 6379: each test gets a port of its own, a server it started
itself and stops by its pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def app_pointed_at(url: str, queue: str = "redis-down") -> Iterator[None]:
    """This process's cache and Celery broker at ``url`` (no eager mode), restored after."""
    from django.conf import settings
    from django.test import override_settings

    from tests.worker.conftest import _point_app_at

    cache = override_settings(
        CACHES={
            "default": {
                "BACKEND": "factcheck.cache.DegradingRedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 3},
            }
        }
    )
    _point_app_at(url, queue, eager=False)
    cache.enable()
    try:
        yield
    finally:
        cache.disable()
        from factcheck.celery import app

        # The broker and the result store as they were (they differ without Redis).
        app.conf.broker_url = settings.CELERY_BROKER_URL
        app.conf.result_backend = settings.CELERY_RESULT_BACKEND
        _point_app_at(None, settings.CELERY_TASK_DEFAULT_QUEUE, eager=settings.CELERY_TASK_ALWAYS_EAGER)


@dataclass
class RedisServer:
    """redis-server on a free port, no persistence, in a temporary directory."""

    port: int = field(default_factory=free_port)
    directory: str = field(default_factory=lambda: tempfile.mkdtemp(prefix="factcheck-redis-"))
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.answers, f"redis-server to answer on port {self.port}", timeout=15)
        return self

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.exceptions.RedisError:
            return False

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        wait_until(lambda: not self.answers(), f"redis-server on port {self.port} to be gone", timeout=15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    """Poll ``condition`` until it holds, failing the test at the deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)
