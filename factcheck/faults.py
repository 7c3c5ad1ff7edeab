"""Fault injection for resilience tests of background work.

``FACTCHECK_FAULTS="crosscheck_chunk:2"`` makes the named point raise a
transient ``ConnectionError`` its first 2 times; ``"crosscheck_chunk:exit:1"``
kills the worker process there once, as a crash or an OOM kill would;
``"crosscheck_chunk:hold:1"`` stops there once, writes ``<point>.held`` into
``FACTCHECK_FAULTS_DIR`` and waits until the test writes ``<point>.release``
(so the test kills a worker, or restarts a database, exactly mid-chunk). Counts
live in the cache, so across worker processes when the cache is Redis.
Unset in production.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

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
            if mode == "hold":
                hold(point)
                return
            raise ConnectionError(f"injected transient fault at {point}")


def hold(point: str, limit: float = 300) -> None:
    """Wait at ``point`` until the test releases it (or ``limit`` seconds pass)."""
    folder = Path(os.environ["FACTCHECK_FAULTS_DIR"])
    (folder / f"{point}.held").write_text(str(os.getpid()))
    deadline = time.monotonic() + limit
    while not (folder / f"{point}.release").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
