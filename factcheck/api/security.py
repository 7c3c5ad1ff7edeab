"""Who is asking (a Bearer token or the browser session) and how often they may ask.

A Bearer token is checked first: with one, no cookie matters and no CSRF token is needed
(a cross-site page cannot set an Authorization header). Without one, a signed-in browser
session is accepted, and then a POST must carry Django's CSRF token, as the pages' forms do.

Throttling counts requests per token (or per signed-in user) in fixed windows in the
cache, and refused tokens per client address (``API_FAILED_TOKEN_RATE``): an address that
guesses keys is answered 429 for the rest of the window, whatever key it sends next.
When the shared cache (Redis) cannot be reached, each process counts in its own memory
instead: the limits are then per process, but they still hold.
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

from factcheck.accounts import client_ip
from factcheck.models import ApiToken

from .tokens import TokenRefused, token_for_key


class BearerToken(HttpBearer):
    """``Authorization: Bearer <key>``: the token's user becomes ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        address = client_ip(request) or "unknown"
        wait = guessing_wait(address)
        if wait is not None:
            raise TooManyRefusedTokens(wait)
        try:
            found = token_for_key(token)  # raises TokenRefused: a 401 with the reason, no fallback
        except TokenRefused:
            count_refused_token(address)
            raise
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


def _window(rate: str) -> tuple[int, int, int, float]:
    """The rate's limit and period, the current window's number and the seconds left in it."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    return limit, period, window, (window + 1) * period - now


def _count(key: str, period: int) -> int:
    """One more in ``key``'s window: in the shared cache, or this process's when it is away."""
    if getattr(cache, "available", True):
        try:
            cache.add(key, 0, timeout=period + 1)
            return int(cache.incr(key))
        except ValueError:
            pass  # unreachable (the degrading cache says so this way), or the key just expired
    _local_counts.add(key, 0, timeout=period + 1)
    return int(_local_counts.incr(key))


def _counted(key: str) -> int:
    shared = cache.get(key) if getattr(cache, "available", True) else None
    return int(shared if shared is not None else _local_counts.get(key, 0))


class TooManyRefusedTokens(Exception):
    """This address sent more refused tokens than ``API_FAILED_TOKEN_RATE`` allows."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"Too many refused API tokens from this address ({settings.API_FAILED_TOKEN_RATE} allowed):"
            f" retry after {retry_after} s with a valid key."
        )
        self.retry_after = retry_after


def _guesses_key(address: str) -> tuple[str, int, int, float]:
    limit, period, window, left = _window(settings.API_FAILED_TOKEN_RATE)
    return f"api-refused-tokens:{address}:{period}:{window}", limit, period, left


def guessing_wait(address: str) -> int | None:
    """Seconds until ``address`` may try a token again, or None when it may now."""
    key, limit, _, left = _guesses_key(address)
    return max(1, math.ceil(left)) if _counted(key) >= limit else None


def count_refused_token(address: str) -> None:
    key, _, period, _ = _guesses_key(address)
    _count(key, period)


class PerTokenThrottle(BaseThrottle):
    """``API_THROTTLE_RATE`` requests per token (or per signed-in user) per window."""

    def __init__(self) -> None:
        self._waits = threading.local()  # one throttle object serves every request thread

    def allow_request(self, request: HttpRequest) -> bool:
        limit, period, window, left = _window(settings.API_THROTTLE_RATE)
        token = api_token_of(request)
        who = f"token:{token.pk}" if token is not None else f"user:{request.user.pk}"
        self._waits.seconds = left
        return _count(f"api-throttle:{who}:{period}:{window}", period) <= limit

    def wait(self) -> float | None:
        return max(1.0, math.ceil(getattr(self._waits, "seconds", 1.0)))
