"""Load: real articles through the real pipeline while an editor works the queue.

    python tests/bench/bench_load.py [--articles 10000] [--database factcheck_bench_load] [--nice 10]

On its own PostgreSQL database (``--database``, default ``factcheck_bench_load``; created
and dropped on the server of DATABASE_URL), with Redis (REDIS_URL, default db 13) as cache and broker and
two Celery worker processes taking the cross-checks ingest queues, as production runs:

* ``manage.py ingest`` of a JSONL file of real news bodies (the FNC-1 test bodies and
  the PolNeAR texts of ../shared/corpus, cycled with an edition line to reach the size;
  a re-issue is stored, folded as a copy of its first edition, as a wire re-issue is);
* an editor loading the review queue over HTTP (gunicorn, 2 workers) back to back,
  quiet first, then while the ingest runs, then quiet again on the database it left (the
  first quiet window sees an empty queue, so the ratio alone mixes load with data size).

``--nice N`` runs the ingest and the workers at CPU priority N (as ``nice -n N``; a
deployment choice: batch work yields the cores to the editors' pages). Prints articles/s
and claims/s of the ingest, the time until the workers have drained
its cross-checks, the ingest's peak memory, and the queue's p50/p95 quiet and under
load (target: p95 under load at most 2x quiet).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import bench_db  # noqa: E402
from bench_db import (  # noqa: E402
    PRODUCTION_ENV,
    ROOT,
    SERVER,
    bench_url,
    free_port,
    percentiles,
    recreate_database,
    wait_until_serving,
)

bench_db.BENCH_DB = "factcheck_bench_load"
REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
QUEUE = "bench-load"
CORPUS = ROOT.parent / "shared" / "corpus"


def real_bodies() -> list[str]:
    bodies: list[str] = []
    fnc = CORPUS / "fnc1-test" / "competition_test_bodies.csv"
    if fnc.exists():
        csv.field_size_limit(10**8)
        with open(fnc, encoding="utf-8") as fh:
            bodies += [row["articleBody"] for row in csv.DictReader(fh)]
    polnear = CORPUS / "polnear-train" / "text"
    if polnear.is_dir():
        bodies += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(polnear.iterdir())]
    return [b for b in bodies if b.strip()]


FIRST_PUBLISHED = datetime(2024, 3, 1, tzinfo=UTC)


def write_jsonl(path: Path, bodies: list[str], n: int) -> int:
    size = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            body = bodies[i % len(bodies)]
            edition = i // len(bodies)
            text = body if edition == 0 else f"{body}\n\nEdition {edition + 1}."
            # one article every 3 minutes, on and on (a re-issue comes days after its first edition)
            published = FIRST_PUBLISHED + timedelta(minutes=3 * i)
            line = json.dumps(
                {
                    "source": f"Load Outlet {i % 20}",
                    "title": f"Load article {i}",
                    "published": published.isoformat(),
                    "text": text,
                }
            )
            out.write(line + "\n")
            size += len(line)
    return size


def env() -> dict[str, str]:
    return dict(
        os.environ, **PRODUCTION_ENV, DATABASE_URL=bench_url(), REDIS_URL=REDIS, CELERY_QUEUE=QUEUE, LOG_LEVEL="WARNING"
    )


def manage(*argv: str, nice: int = 0, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_niced(nice), sys.executable, "manage.py", *argv],
        cwd=ROOT,
        env=env(),
        text=True,
        capture_output=True,
        **kwargs,
    )


def start(argv: list[str], nice: int = 0) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*_niced(nice), *argv], cwd=ROOT, env=env(), start_new_session=True)


def _niced(nice: int) -> list[str]:
    return ["nice", "-n", str(nice)] if nice else []


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


class QueueSampler:
    """An editor reloading the queue, one request after another, timing each."""

    def __init__(self, url: str, cookie: str) -> None:
        self.url, self.cookie = url, cookie
        self.samples: list[float] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            request = urllib.request.Request(self.url, headers={"Cookie": self.cookie})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                self.samples.append(time.perf_counter() - t0)
            except OSError as exc:
                self.errors.append(str(exc))

    def __enter__(self) -> QueueSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=90)

    def report(self, label: str) -> float:
        if not self.samples:
            print(f"  queue {label}: no sample ({len(self.errors)} errors)")
            return 0.0
        p50, p95 = percentiles(self.samples)
        errors = f", {len(self.errors)} errors" if self.errors else ""
        print(f"  queue {label:<22} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(self.samples)} requests{errors})")
        return p95


def drained(app: object, redis_client: object, deadline: float) -> bool:
    """True once the workers' queue is empty and no task is running."""
    while time.monotonic() < deadline:
        waiting = redis_client.llen(QUEUE)  # type: ignore[attr-defined]
        active = app.control.inspect(timeout=1).active() or {}  # type: ignore[attr-defined]
        if not waiting and not any(active.values()):
            return True
        time.sleep(0.5)
    return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_LOAD_ARTICLES", "10000")))
    parser.add_argument("--database", default="factcheck_bench_load", help="the PostgreSQL database to (re)create")
    parser.add_argument("--nice", type=int, default=0, help="CPU priority of the ingest and the workers (nice -n)")
    args = parser.parse_args()
    if not args.database.replace("_", "").isalnum():
        parser.error(f"--database {args.database!r}: letters, digits and underscores only")
    bench_db.BENCH_DB = args.database
    import redis

    try:
        recreate_database()
        redis_client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
        redis_client.ping()
    except Exception as exc:  # noqa: BLE001
        print(f"load benchmark skipped: PostgreSQL ({SERVER}) or Redis ({REDIS}) unreachable: {exc}")
        return
    os.environ.update(env(), DJANGO_SETTINGS_MODULE="factcheck.settings")  # this process reads the broker too
    bodies = real_bodies()
    if not bodies:
        print(f"load benchmark skipped: no real bodies under {CORPUS}")
        return
    redis_client.flushdb()
    work = Path(tempfile.mkdtemp(prefix="factcheck-load-"))
    jsonl = work / "articles.jsonl"
    size = write_jsonl(jsonl, bodies, args.articles)
    print(f"{args.articles:,} articles ({len(bodies):,} distinct real bodies, {size / 1e6:.1f} MB of JSONL)")
    if args.nice:
        print(f"ingest and workers at nice {args.nice}")
    migrated = manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    manage("collectstatic", "--noinput")
    login = manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User, Group; from django.test import Client;"
        "from factcheck.accounts import ensure_groups, EDITORS; ensure_groups();"
        "u = User.objects.create_user('load-editor'); u.groups.add(Group.objects.get(name=EDITORS));"
        "c = Client(); c.force_login(u); print(c.cookies['sessionid'].value)",
    )
    assert login.returncode == 0, login.stderr
    cookie = "sessionid=" + login.stdout.strip().splitlines()[-1]
    port = free_port()
    web = start(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--workers", "2", "--threads", "2"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    )
    workers = start(
        [sys.executable, "-m", "celery", "-A", "factcheck.celery", "worker", "-Q", QUEUE, "--pool=prefork"]
        + ["--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n", f"{QUEUE}@%h"],
        nice=args.nice,
    )
    try:
        from factcheck.celery import app

        app.conf.update(broker_url=REDIS, result_backend=REDIS, task_always_eager=False)
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
            pass
        wait_until_serving(port, deadline)
        url = f"http://127.0.0.1:{port}/"
        with QueueSampler(url, cookie) as quiet:
            time.sleep(15)  # a fixed measuring window, not a wait for anything
        quiet_p95 = quiet.report("quiet")

        t0 = time.perf_counter()
        with QueueSampler(url, cookie) as loaded:
            ingest = manage("ingest", str(jsonl), "--create-source", "--no-progress", nice=args.nice)
            ingest_seconds = time.perf_counter() - t0
            all_drained = drained(app, redis_client, time.monotonic() + 3600)
        end_to_end = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = [line for line in ingest.stdout.splitlines() if line.startswith("ingested:")]
        print(f"  ingest: {summary[0] if summary else ingest.stdout[-300:]!r} (exit {ingest.returncode})")
        counts = manage(
            "shell",
            "-c",
            "from factcheck.models import Article, Claim, Figure, Conflict;"
            "print(Article.objects.count(), Claim.objects.count(), Figure.objects.count(), Conflict.objects.count())",
        )
        articles, claims, figures, findings = (int(x) for x in counts.stdout.split()[-4:])
        print(
            f"  ingest process: {articles / ingest_seconds:7.1f} articles/s  {claims / ingest_seconds:8.1f} claims/s"
            f"  ({articles:,} articles, {claims:,} claims, {figures:,} figures in {ingest_seconds:.0f} s)"
        )
        state = "drained" if all_drained else "NOT drained within an hour"
        print(
            f"  end to end with the workers' cross-checks: {articles / end_to_end:7.1f} articles/s"
            f"  ({end_to_end:.0f} s, {state}; {findings:,} findings)"
        )
        print(f"  peak memory of a child process (ingest, gunicorn or worker): {peak_mb:.0f} MB")
        loaded_p95 = loaded.report("while ingesting")
        if quiet_p95:
            print(f"  queue p95 under load / quiet: {loaded_p95 / quiet_p95:.2f}x (target <= 2x)")
        # Quiet again, on the database the ingest left: what the data's size costs, apart from the load.
        with QueueSampler(url, cookie) as after:
            time.sleep(15)  # a fixed measuring window, not a wait for anything
        after_p95 = after.report("quiet, after the ingest")
        if after_p95:
            print(f"  queue p95 under load / quiet after: {loaded_p95 / after_p95:.2f}x")
    finally:
        stop(web)
        stop(workers)
        recreate_database()


if __name__ == "__main__":
    main()
