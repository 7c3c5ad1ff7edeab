"""Django's Redis cache, degraded to a miss when Redis cannot be reached.

Everything the workbench keeps in the cache can be worked out again from the database
(queue counts, story parts, a match config) or is a lock. So when Redis is down, a read
is a miss, a write is dropped and ``add`` is refused: pages are answered from the
database, a change committed to the database is never answered with a 500 because the
cache after it failed, and a lock is never taken by a cache that is not there.

After a failure Redis is left alone for ``retry_after`` seconds, so a request makes one
attempt per outage and not one per cache call (each one a connect timeout when the host
does not answer). ``ping()`` always asks Redis, for the health check.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class DegradingRedisCache(RedisCache):
    retry_after = 2.0  # seconds without trying Redis after a failure
    # Per server, shared by the threads of a process (Django makes a cache object per thread).
    _down_until_of: dict[str, float] = {}

    @property
    def _down_until(self) -> float:
        return self._down_until_of.get(str(self._servers), 0.0)

    @_down_until.setter
    def _down_until(self, value: float) -> None:
        self._down_until_of[str(self._servers)] = value

    def _try(self, call: Callable[[], Any], degraded: Any) -> Any:
        if self._down_until and time.monotonic() < self._down_until:
            return degraded
        try:
            result = call()
        except UNREACHABLE as exc:
            if not self._down_until:
                log.warning("cache unreachable, answering without it: %s", exc)
            self._down_until = time.monotonic() + self.retry_after
            return degraded
        if self._down_until:
            log.warning("cache reachable again")
            self._down_until = 0.0
        return result

    @property
    def available(self) -> bool:
        """False while the last attempt failed (and Redis is being left alone)."""
        return not self._down_until

    def ping(self) -> None:
        """Ask Redis whether it answers; raises its error when it does not."""
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._try(lambda: super(DegradingRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._try(lambda: super(DegradingRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: super(DegradingRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._try(lambda: super(DegradingRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        # The keys that were not stored, as Django's contract for set_many has it.
        return self._try(lambda: super(DegradingRedisCache, self).set_many(data, timeout, version), list(data))

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        # Refused, never granted: a lock taken in a cache that is not there holds nothing.
        return self._try(lambda: super(DegradingRedisCache, self).add(key, value, timeout, version), False)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._try(lambda: super(DegradingRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._try(lambda: super(DegradingRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._try(lambda: super(DegradingRedisCache, self).delete_many(keys, version), None)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        missing = object()
        result = self._try(lambda: super(DegradingRedisCache, self).incr(key, delta, version), missing)
        if result is missing:
            # As for a key that is not there: callers already treat that as "recount later".
            raise ValueError(f"Key '{key}' not found (cache unreachable)")
        return int(result)

    def clear(self) -> None:
        self._try(lambda: super(DegradingRedisCache, self).clear(), None)
