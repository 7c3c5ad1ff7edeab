"""`make bench`: every benchmark in turn, each printing its own figures.

    python tests/bench/run_all.py            # all of them
    BENCH_SIZES=100000 python tests/bench/run_all.py   # database benchmarks at 100k only

Benchmarks that need ../shared/corpus, PostgreSQL or Redis say so and skip.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ("extraction throughput and robustness", ["bench_extraction.py"]),
    ("ingest of 2,000 real articles in one process on SQLite, beside the extractor's own speed", ["bench_ingest.py"]),
    ("core cross-check at 10k / 100k / 1M figures", ["bench_matching.py"]),
    ("queue pages, verdicts, concurrent editors and the nightly run on PostgreSQL", ["bench_db.py"]),
    (
        "load: 10,000 real articles through ingest and 2 workers while an editor loads the queue (PostgreSQL, Redis)",
        ["bench_load.py"],
    ),
    ("story clustering and copies in the core at 10k / 100k articles", ["bench_stories.py"]),
    (
        "stories on PostgreSQL: assigning an article, re-clustering on 2 workers, the story page",
        ["bench_stories_db.py"],
    ),
    (
        "the story page of a 500-article story: warm and cold views (SQLite, or PostgreSQL when DATABASE_URL is set)",
        ["bench_story_page.py"],
    ),
    (
        "track records over 200,000 claims: the record pages and the line under a finding",
        ["bench_track_record.py"],
    ),
    ("JSON API: claims pages, one claim, articles sent in batches (SQLite)", ["bench_api.py"]),
    ("check my copy: drafts of 10 / 50 / 100 KB against 20,000 stored figures (SQLite)", ["bench_check_copy.py"]),
]


def main() -> int:
    failures = 0
    for title, argv in BENCHES:
        print(f"\n##### {title}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / argv[0]), *argv[1:]], cwd=HERE.parents[1])
        print(f"##### ({time.perf_counter() - started:.0f} s, exit {code})", flush=True)
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
