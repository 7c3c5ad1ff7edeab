"""Who is asking (a Bearer token or the browser session) and how often they may ask.

A Bearer token is checked first: with one, no cookie matters and no CSRF token is needed
(a cross-site page cannot set an Authorization header). Without one, a signed-in browser
session is accepted, and then a POST must carry Django's CSRF token, as the pages' forms do.

Throttling counts requests per token (or per signed-in user) in fixed windows in the
cache. When the shared cache (Redis) cannot be reached, each process counts in its own
memory instead: the limit is then per process, but it still holds.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from factcheck.models import ApiToken

from .tokens import token_for_key


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``: the token's user becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = token_for_key(token)  # raises TokenRefused: a 401 with the reason, no fallback
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


class BrowserSession(SessionAuth):
    """The signed-in browser session; an unsafe method needs the CSRF token."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None  # a 401 that says how to authenticate, not a CSRF failure
        request.api_token = None  # type: ignore[attr-defined]
        return super().__call__(request)


def api_token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


# Used when the shared cache is unreachable; one per process.
_local_counts = LocMemCache("factcheck-api-throttle", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def clear_local_counts() -> None:
    _local_counts.clear()


PERIOD_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """Requests and the seconds they are counted over (the settings check the form).

    >>> parse_rate("600/min"), parse_rate("5/s")
    ((600, 60), (5, 1))
    """
    count, unit = rate.split("/")
    return int(count), PERIOD_SECONDS[unit]


class PerTokenThrottle(BaseThrottle):
    """``API_THROTTLE_RATE`` requests per token (or per signed-in user) per window."""

    def __init__(self) -> None:
        self._waits = threading.local()  # one throttle object serves every request thread

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period = parse_rate(settings.API_THROTTLE_RATE)
        token = api_token_of(request)
        who = f"token:{token.pk}" if token is not None else f"user:{request.user.pk}"
        now = time.time()
        window = int(now // period)
        key = f"api-throttle:{who}:{period}:{window}"
        self._waits.seconds = (window + 1) * period - now
        return self._count(key, period) <= limit

    def _count(self, key: str, period: int) -> int:
        if getattr(cache, "available", True):
            try:
                cache.add(key, 0, timeout=period + 1)
                return int(cache.incr(key))
            except ValueError:
                pass  # unreachable (the degrading cache says so this way), or the key just expired
        _local_counts.add(key, 0, timeout=period + 1)
        return int(_local_counts.incr(key))

    def wait(self) -> float | None:
        return max(1.0, math.ceil(getattr(self._waits, "seconds", 1.0)))
