"""Track records over many claims: the source and speaker record pages and the claim page's line.

    python tests/bench/bench_track_record.py [--claims 200000] [--repeat 10] [--explain]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python tests/bench/bench_track_record.py  # on PostgreSQL

Writes ``--claims`` claims (one figure each) over 90 days by 20 sources and 5 speakers with
bulk inserts (bench_story_page's background), a few hundred of them in open conflicts, then
prints p50/p95 of ``monthly`` for one source and one speaker (a record page's aggregate) and
of ``recent_counts`` for two sources and a speaker (the line under a finding), with the load
average; ``--explain`` prints PostgreSQL's plans.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from bench_db import percentiles  # noqa: E402
from bench_story_page import drop, load, setup, write_background  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL") or None
    try:
        where = setup(server)
    except Exception as exc:  # noqa: BLE001
        print(f"track record benchmark skipped: the database is unreachable ({exc})")
        return
    try:
        run(where, args.claims, args.repeat, args.explain)
    finally:
        drop(server)


def run(where: str, claims: int, repeat: int, explain: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck import track_record
    from factcheck.models import Conflict, Figure, Source, Speaker

    print(f"\n== track records over {claims:,} claims on {where}")
    rng = random.Random(0)
    sources = [Source.objects.create(name=f"Outlet {i:02d}") for i in range(20)]
    speakers = [Speaker.objects.create(name=f"Speaker {i}") for i in range(5)]
    t0 = time.perf_counter()
    write_background(claims, sources, speakers, rng)
    ids = list(Figure.objects.order_by("?").values_list("pk", flat=True)[:600])
    for n in range(0, len(ids), 3):
        Conflict.objects.create(kind="conflict", key=f"k{n}", signature=f"s{n}", explanation="-").members.add(
            *ids[n : n + 3]
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  written in {time.perf_counter() - t0:.1f} s")
    calls = {
        "source record page (monthly)": lambda: track_record.monthly(sources[0]),
        "speaker record page (monthly)": lambda: track_record.monthly(speakers[0]),
        "line under a finding (recent_counts)": lambda: track_record.recent_counts(
            [sources[0].pk, sources[1].pk], [speakers[0].pk]
        ),
    }
    for label, call in calls.items():
        call()
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            call()
            samples.append(time.perf_counter() - t0)
        p50, p95 = percentiles(samples)
        print(f"  {label:38s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({repeat}); {load()}")
        if explain and connection.vendor == "postgresql":
            with CaptureQueriesContext(connection) as queries:
                call()
            with connection.cursor() as cursor:
                for query in queries.captured_queries:
                    cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                    print("\n".join("      " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
