"""Benchmarks on PostgreSQL at scale: the review queue and the nightly cross-check.

    python tests/bench/bench_db.py [--sizes 100000,1000000] [--skip-crosscheck] [--skip-queue]

Creates (and drops) its own database ``factcheck_bench`` on the server of
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres). Prints
p50/p95 server times of the queue page and of a verdict POST, throughput of 20
concurrent editors against a trivial view on loopback, and the wall time of an
end-to-end nightly cross-check on two Celery worker processes (needs Redis).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SERVER = (
    os.environ.get("BENCH_DATABASE_SERVER")
    or os.environ.get("DATABASE_URL")
    or "postgres://postgres@127.0.0.1:5432/postgres"
)
BENCH_DB = "factcheck_bench"
REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"


def bench_url() -> str:
    parsed = urlparse(SERVER)
    return urlunparse(parsed._replace(path="/" + BENCH_DB))


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(SERVER.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


# Production-like settings (DEBUG off, cached templates, manifest static files), over plain HTTP on loopback.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "STATIC_ROOT": "/tmp/factcheck-bench-static",
}


def setup_django() -> None:
    os.environ.update(PRODUCTION_ENV, DATABASE_URL=bench_url())
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)


POPULATE = """
INSERT INTO factcheck_source (name, kind, homepage, feed_url, language, active, notes, created_at, last_fetch_error)
SELECT 'Source ' || s, 'outlet', '', '', 'en', true, '', now(), '' FROM generate_series(1, 20) s;

INSERT INTO factcheck_article (source_id, url, title, published_at, text, content_hash, ingested_at, ingested_via,
                               extraction_status, extraction_error, extracted_at, story_pinned, story_terms,
                               copy_signature)
SELECT (SELECT min(id) FROM factcheck_source) + (a %% 20), NULL, 'Article ' || a,
       timestamp '2024-01-01' + (a %% 30) * interval '1 day' + (a %% 24) * interval '1 hour',
       'Synthetic article ' || a || '. Officials said ' || (a %% 97) || ' people were killed.',
       md5(a::text) || md5((a * 7)::text), now(), 'bench', 'done', '', now(), false, '{}', '[]'
FROM generate_series(1, %(articles)s) a;

INSERT INTO factcheck_claim (article_id, source_id, start, "end", text, sentence_key, speaker_name, role, cue, quote,
    location, event_date, checkworthiness, checkworthiness_reasons, status, status_rank, in_conflict, conflict_level,
    version, created_at)
SELECT a.id, a.source_id,
       0, 60, 'Officials said ' || (c %% 997) || ' ' || m.metric || ' in Place ' || (c %% 2000) || '.',
       substr(md5((c %% 50000)::text), 1, 20), 'Speaker ' || (c %% 500), '', 'said', 'indirect',
       'Place ' || (c %% 2000), date '2024-01-01' + (c %% 30), ((c::bigint * 7919) %% 1000) / 1000.0, '[]',
       CASE WHEN c %% 10 = 0 THEN 'verified' WHEN c %% 13 = 0 THEN 'disputed' ELSE 'pending' END,
       CASE WHEN c %% 10 = 0 THEN 2 WHEN c %% 13 = 0 THEN 1 ELSE 0 END,
       (c %% 37 = 0), CASE WHEN c %% 37 = 0 THEN 2 ELSE 0 END, 1, now()
FROM generate_series(1, %(claims)s) c
JOIN factcheck_article a ON a.id = (SELECT min(id) FROM factcheck_article) + (c %% %(articles)s)
CROSS JOIN LATERAL (SELECT 'metric_' || (c %% 200) AS metric) m;

INSERT INTO factcheck_figure (claim_id, start, "end", text, value, low, high, qualifier, kind, metric, unit, change)
SELECT id, 15, 18, (id %% 97)::text, (id %% 97) + ((id / 200) %% 3), (id %% 97) + ((id / 200) %% 3),
       (id %% 97) + ((id / 200) %% 3), 'exact', 'count', 'metric_' || (id %% 200), 'people', ''
FROM factcheck_claim;
ANALYZE;
"""


def populate(n: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(POPULATE, {"articles": max(1, n // 10), "claims": n})
        # What autovacuum does to a table in service: index-only scans need the visibility map.
        cursor.execute("VACUUM ANALYZE")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def time_requests(label: str, call, repeat: int) -> None:  # type: ignore[no-untyped-def]
    call()  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = call()
        samples.append(time.perf_counter() - t0)
        assert response.status_code in (200, 302), (label, response.status_code)
    p50, p95 = percentiles(samples)
    print(f"  {label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({repeat} requests)")


def bench_queue(n: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import reverse

    from factcheck.accounts import EDITORS, ensure_groups
    from factcheck.models import Claim

    ensure_groups()
    user, _ = User.objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    queue = reverse("review-queue")
    print(f"queue at {n:,} claims (in-process server time):")
    time_requests("queue, first page", lambda: client.get(queue), 100)
    time_requests(
        "queue, filtered (pending, metric, conflict)",
        lambda: client.get(queue, {"status": "pending", "metric": "metric_7", "conflict": "yes"}),
        100,
    )
    time_requests("queue, text search", lambda: client.get(queue, {"q": "Place 1999"}), 30)
    first = client.get(queue)
    cursor_link = first.content.decode().split('href="?', 1)
    ids = list(Claim.objects.pending_review().order_by("-id").values_list("pk", "version")[:400])
    it = iter(ids)

    def verdict():  # type: ignore[no-untyped-def]
        pk, version = next(it)
        return client.post(
            reverse("claim-verdict", args=[pk]),
            {"status": "verified", "version": version, "note": "bench"},
            HTTP_HX_REQUEST="true",
        )

    time_requests("claim detail", lambda: client.get(reverse("claim-detail", args=[ids[-1][0]])), 50)
    time_requests("verdict POST (htmx)", verdict, 200)
    # What an editor sees while others work: every page load follows someone's verdict,
    # so filtered counts cannot simply come from the cache.
    other = Client()
    other.force_login(User.objects.get_or_create(username="bench-editor-2")[0])
    User.objects.get(username="bench-editor-2").groups.add(Group.objects.get(name=EDITORS))
    filters = {"source": str(Claim.objects.values_list("article__source", flat=True).first())}

    def page_after_verdict():  # type: ignore[no-untyped-def]
        pk, version = next(it)
        other.post(reverse("claim-verdict", args=[pk]), {"status": "disputed", "version": version})
        t0 = time.perf_counter()
        response = client.get(queue, filters)
        return response, time.perf_counter() - t0

    samples = []
    for _ in range(50):
        response, elapsed = page_after_verdict()
        assert response.status_code == 200
        samples.append(elapsed)
    p50, p95 = percentiles(samples)
    print(f"  {'queue by source, after each verdict':<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (50 requests)")
    del cursor_link


def wait_until_serving(port: int, deadline: float) -> None:
    """Poll the local server's health check until it answers, or the deadline passes."""
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_concurrency(n: int, editors: int = 20, per_editor: int = 25) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="bench-editor"))
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = free_port()
    env = dict(os.environ, **PRODUCTION_ENV, DATABASE_URL=bench_url())
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "factcheck.wsgi",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_serving(port, time.monotonic() + 30)

        def load(path: str) -> float:
            errors: list[str] = []

            def editor() -> None:
                for _ in range(per_editor):
                    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie})
                    try:
                        urllib.request.urlopen(request, timeout=30).read()
                    except OSError as exc:
                        errors.append(str(exc))

            threads = [threading.Thread(target=editor) for _ in range(editors)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
            if errors:
                print(f"    {len(errors)} errors, first: {errors[0]}")
            return editors * per_editor / elapsed

        load("/healthz")
        trivial = load("/healthz")
        queue = load("/")
        print(f"  {editors} concurrent editors on loopback (gunicorn 2 workers x 4 threads):")
        print(f"    queue page {queue:7.1f} req/s   trivial view {trivial:7.1f} req/s   ratio {queue / trivial:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def bench_crosscheck(n: int) -> None:
    import redis

    from factcheck import crosscheck
    from factcheck.models import Conflict, CrosscheckRun, Figure

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        print("  cross-check on workers skipped: Redis unreachable at", REDIS)
        return
    from django.conf import settings

    settings.CROSSCHECK_DAYS = 0
    t0 = time.perf_counter()
    run = crosscheck.run_here(trigger="bench", n_chunks=2)
    in_process = time.perf_counter() - t0
    print(f"nightly cross-check at {Figure.objects.count():,} figures:")
    print(f"  in one process:  {in_process:6.1f} s  ({run.conflicts_new} findings new)")
    Conflict.objects.all().delete()
    env = dict(
        os.environ,
        **PRODUCTION_ENV,
        DATABASE_URL=bench_url(),
        REDIS_URL=REDIS,
        CELERY_QUEUE="bench",
        CROSSCHECK_DAYS="0",
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck.celery",
            "worker",
            "-Q",
            "bench",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            "bench@%h",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        from factcheck.celery import app

        app.conf.update(broker_url=REDIS, result_backend=REDIS, task_always_eager=False, task_default_queue="bench")
        app._after_fork()
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
            pass
        from django.test.utils import override_settings

        # The lock lives in the cache: share the workers' Redis.
        override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
        ).enable()
        t0 = time.perf_counter()
        started = crosscheck.start_run(trigger="bench", n_chunks=4)
        from django.db import transaction

        # start_run enqueues on commit; outside a transaction that is now.
        assert not transaction.get_connection().in_atomic_block
        done = crosscheck.wait_for_run(started.pk, timeout=3600)
        elapsed = time.perf_counter() - t0
        print(
            f"  on 2 worker processes (4 chunks): {elapsed:6.1f} s  status {done.status}, "
            f"{done.figures_scanned:,} figures, {done.conflicts_new} findings new"
        )
        again = crosscheck.wait_for_run(crosscheck.start_run(trigger="bench", n_chunks=4).pk, timeout=3600)
        print(
            f"  run again: new {again.conflicts_new}, updated {again.conflicts_updated}, "
            f"closed {again.conflicts_closed}"
            f" (idempotent when all are 0); status {CrosscheckRun.objects.get(pk=again.pk).status}"
        )
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100000,1000000"))
    parser.add_argument("--skip-crosscheck", action="store_true")
    parser.add_argument("--skip-queue", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the last populated database (for profiling)")
    args = parser.parse_args()
    try:
        recreate_database()
    except Exception as exc:  # noqa: BLE001
        print(f"database benchmarks skipped: PostgreSQL unreachable at {SERVER} ({exc})")
        return
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    for n in (int(x) for x in args.sizes.split(",")):
        connection.close()
        recreate_database()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        populate(n)
        print(f"\n== {n:,} claims / figures on PostgreSQL (populated in {time.perf_counter() - t0:.1f} s)")
        if not args.skip_queue:
            bench_queue(n)
            bench_concurrency(n)
        if not args.skip_crosscheck:
            bench_crosscheck(n)
    connection.close()
    if not args.keep:
        recreate_database()


if __name__ == "__main__":
    main()
