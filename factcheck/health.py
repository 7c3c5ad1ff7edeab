"""Health of the parts the workbench needs: the database, the cache and the broker, apart.

The checks are django-health-check checks, shown by ``/healthz`` and on the outbox's
admin page. The cache check asks Redis itself (the app's cache answers a miss when
Redis is down, so a set-and-get through it would only say "does not match"); the broker
check opens a connection to it, which needs no worker. Messages name the error's kind,
not the host: ``/healthz`` is public.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import caches
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import HealthCheckException, ServiceUnavailable


@dataclass
class DatabaseCheck(Database):
    def __repr__(self) -> str:
        return "database"


@dataclass
class CacheCheck(HealthCheck):
    alias: str = "default"

    def __repr__(self) -> str:
        return "cache"

    def run(self) -> None:
        cache = caches[self.alias]
        try:
            if hasattr(cache, "ping"):
                cache.ping()
            else:  # an in-process cache (development) is there as long as the process is
                cache.set("factcheck:health", "ok", timeout=5)
        except Exception as exc:
            raise ServiceUnavailable(f"unreachable ({type(exc).__name__})") from exc


@dataclass
class BrokerCheck(HealthCheck):
    def __repr__(self) -> str:
        return "broker"

    def run(self) -> None:
        from factcheck.celery import app

        if app.conf.task_always_eager:
            return  # no broker: tasks run in-process
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        except Exception as exc:
            raise ServiceUnavailable(f"unreachable ({type(exc).__name__})") from exc


CHECKS: tuple[type[HealthCheck], ...] = (DatabaseCheck, CacheCheck, BrokerCheck)


def report() -> list[tuple[str, str | None]]:
    """(part, error or None) for each part, checked one after the other (for admin)."""
    results: list[tuple[str, str | None]] = []
    for check_class in CHECKS:
        check = check_class()
        try:
            check.run()  # type: ignore[unused-coroutine]
        except HealthCheckException as exc:
            results.append((repr(check), str(exc)))
        else:
            results.append((repr(check), None))
    return results
