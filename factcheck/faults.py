"""Fault injection for resilience tests of background work.

``FACTCHECK_FAULTS="crosscheck_chunk:2"`` makes the named point raise a
transient ``ConnectionError`` its first 2 times; ``"crosscheck_chunk:exit:1"``
kills the worker process there once, as a crash or an OOM kill would. Counts
live in the cache, so across worker processes when the cache is Redis.
Unset in production.
"""

from __future__ import annotations

import os

from django.core.cache import cache


def maybe_fail(point: str) -> None:
    spec = os.environ.get("FACTCHECK_FAULTS", "")
    if not spec:
        return
    for item in spec.split(","):
        name, _, rest = item.partition(":")
        if name.strip() != point:
            continue
        mode, _, times = rest.rpartition(":") if ":" in rest else ("raise", "", rest)
        key = f"factcheck:faults:{os.environ.get('FACTCHECK_FAULTS_ID', '')}:{point}"
        cache.add(key, 0, timeout=3600)
        if cache.incr(key) <= int(times or 1):
            if mode == "exit":
                os._exit(70)  # no cleanup, no ack: the worker is simply gone
            raise ConnectionError(f"injected transient fault at {point}")
