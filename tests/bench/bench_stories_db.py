"""Stories at scale on PostgreSQL: assigning one new article, re-clustering, the story page.

    python tests/bench/bench_stories_db.py [--sizes 100000,1000000] [--skip-recluster] [--skip-page] [--keep]

Creates (and drops) its own database ``factcheck_bench`` on the server of DATABASE_URL,
like bench_db.py. Synthetic articles carry stored story terms drawn from per-story
vocabularies (a realistic mix: most stories one article, some 2-10, a few 50-500), with
their stories, centroids and inverted-index rows. Prints:

- the p50/p95 time of ``assign_story`` for a new article (rolled back each time) against
  a window of N articles;
- the wall time and peak worker memory of the nightly re-clustering on 2 Celery worker
  processes (needs Redis), and whether a second run moves anything;
- the p50/p95 server time and HTML size of the story page of a 500-article story.

The biggest story is written as a real one reads: each of its articles carries 2-4
claims by a few speakers about a few places, with figures of a handful of metrics
(killed, injured, missiles and drones launched) around true values that rise over the
day, some disagreeing, and a fifth of the articles republish an earlier one. It is then
compared as the app does (``compare_story``), so the page has its fact table and findings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

import bench_db  # noqa: E402
from bench_db import (  # noqa: E402
    PRODUCTION_ENV,
    REDIS,
    ROOT,
    SERVER,
    bench_url,
    percentiles,
    recreate_database,
    setup_django,
)

# its own database: both benches can run side by side (BENCH_STORIES_DB names another one)
bench_db.BENCH_DB = os.environ.get("BENCH_STORIES_DB") or "factcheck_bench_stories"
VOCABULARY = 200_000
STORY_WORDS = 40
ARTICLE_WORDS = 60

# The biggest story's event: a night of strikes, reported from 06:00 on one day to the next afternoon.
EVENT_DAY = "2024-01-02"
EVENT_START = 6 * 60  # minutes after midnight of EVENT_DAY
EVENT_SPREAD = 4  # minutes between two reports
SPEAKERS = (  # canonical name, as articles write it
    ("Vitali Klitschko", "the mayor"),
    ("Ukrainian Air Force", "the air force"),
    ("Ministry of Internal Affairs", "the ministry"),
    ("Oleh Syniehubov", "the regional governor"),
    ("National Police", "police"),
)
# (place as written, canonical name of its usual speaker); "" is a claim that names no place.
PLACES = (("Kyiv", "Vitali Klitschko"), ("Kiev", "Vitali Klitschko"), ("Kharkiv", "Oleh Syniehubov"))
PLACES += (("Odesa", "National Police"), ("", "Ministry of Internal Affairs"))
# True tolls by place and hour of the report: they rise as rescuers search the rubble.
TRUE_KILLED = {"Kyiv": ((0, 2), (10, 5), (20, 9)), "Kharkiv": ((0, 3), (16, 4)), "Odesa": ((0, 1),)}
TRUE_INJURED = {"Kyiv": ((0, 20), (12, 49)), "Kharkiv": ((0, 12),), "Odesa": ((0, 6),)}
TRUE_MISSILES, TRUE_DRONES = 40, 57
COPY_SHARE = 0.2  # articles of the big story that republish an earlier one


def story_sizes(n_articles: int, rng: random.Random) -> list[int]:
    """Sizes summing to ``n_articles``: 60% singletons, 30% 2-10, 9% 11-50, 1% 51-500."""
    sizes: list[int] = []
    left = n_articles
    while left > 0:
        roll = rng.random()
        size = 1 if roll < 0.6 else rng.randint(2, 10) if roll < 0.9 else rng.randint(11, 50) if roll < 0.99 else 500
        size = min(size, left)
        sizes.append(size)
        left -= size
    return sizes


def word(i: int) -> str:
    return f"w{i}"


def _truth(table: dict[str, tuple[tuple[int, int], ...]], place: str, hour: float) -> int:
    place = "Kyiv" if place in ("Kiev", "") else place
    return [value for since, value in table[place] if hour >= since][-1]


def _reported(truth: int, rng: random.Random) -> int:
    """Mostly the true figure; some outlets disagree (a misread toll, a doubled one)."""
    roll = rng.random()
    if roll < 0.07:
        return max(0, truth + rng.choice((-2, -1, 1, 3)))
    if roll < 0.1:
        return truth * 2
    return truth


# A claim of the big story: its sentence, its speaker (canonical, as written), its place, its
# figures as (text, value, qualifier, metric, unit).
StoryClaim = tuple[str, str, str, str, list[tuple[str, int, str, str, str]]]


def story_claims(hour: float, rng: random.Random) -> list[StoryClaim]:
    """The 2-4 claims of one report ``hour`` hours into the event."""
    claims: list[StoryClaim] = []
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.6:
            place, speaker = rng.choice(PLACES)
            spoken = dict(SPEAKERS)[speaker] if rng.random() < 0.7 else rng.choice(SPEAKERS)[1]
            killed = _reported(_truth(TRUE_KILLED, place, hour), rng)
            where = f" in {place}" if place else ""
            toll = (f"{killed} people were killed", killed, "exact", "killed", "people")
            if rng.random() < 0.5:
                injured = _reported(_truth(TRUE_INJURED, place, hour), rng)
                figures = [toll, (f"{injured} injured", injured, "exact", "injured", "people")]
                sentence = f"{spoken.capitalize()} said {killed} people were killed and {injured} injured{where}."
            elif rng.random() < 0.3:
                figures = [(f"at least {killed} people were killed", killed, "at_least", "killed", "people")]
                sentence = f"{spoken.capitalize()} said at least {killed} people were killed{where}."
            else:
                figures = [toll]
                sentence = f"{spoken.capitalize()} said {killed} people were killed{where}."
            claims.append((sentence, speaker, spoken, place, figures))
        else:
            missiles, drones = _reported(TRUE_MISSILES, rng), _reported(TRUE_DRONES, rng)
            figures = [(f"{missiles} missiles", missiles, "exact", "missiles_launched", "missiles")]
            sentence = f"Russia launched {missiles} missiles"
            if rng.random() < 0.5:
                figures.append((f"{drones} drones", drones, "exact", "drones_launched", "drones"))
                sentence += f" and {drones} drones"
            sentence += " overnight, the air force said."
            claims.append((sentence, "Ukrainian Air Force", "the air force", "Ukraine", figures))
    return claims


class StoryRows:
    """The big story's articles as a real story has them: texts, claims, figures and copies."""

    def __init__(self, article_ids: list[int], rng: random.Random) -> None:
        self.texts: dict[int, str] = {}
        self.published: dict[int, str] = {}
        self.copies: dict[int, int] = {}  # article -> the article it republishes
        self.claims: dict[int, list[StoryClaim]] = {}
        for index, article in enumerate(article_ids):
            at = dt.datetime.fromisoformat(EVENT_DAY) + dt.timedelta(minutes=EVENT_START + index * EVENT_SPREAD)
            self.published[article] = f"{at:%Y-%m-%d %H:%M}:00+00"
            if index > 10 and rng.random() < COPY_SHARE:
                origin = rng.choice(article_ids[max(0, index - 60) : index])
                origin = self.copies.get(origin, origin)
                self.copies[article], self.claims[article] = origin, self.claims[origin]
                self.texts[article] = self.texts[origin] + " This report was republished from the wire."
                continue
            self.claims[article] = story_claims(index * EVENT_SPREAD / 60, rng)
            sentences = " ".join(claim[0] for claim in self.claims[article])
            self.texts[article] = f"Missiles and drones struck overnight (report {article}). {sentences}"

    def write(self, source_of: dict[int, int], rng: random.Random) -> int:
        """COPY the claims and figures (after their articles); mark the copies. Returns the figures written."""
        from django.db import connection

        from factcheck.models import Speaker, sentence_key

        speaker_ids = {name: Speaker.objects.create(name=name).pk for name, _ in SPEAKERS}
        claims, figures = io.StringIO(), io.StringIO()
        claim_id = figure_id = 0
        for article, found in self.claims.items():
            text, offset = self.texts[article], 0
            for sentence, speaker, spoken, place, numbers in found:
                claim_id += 1
                start = text.index(sentence, offset)
                offset = start + len(sentence)
                said = start + sentence.lower().index(spoken)
                event_date = EVENT_DAY if rng.random() < 0.8 else "\\N"
                claims.write(
                    f"{claim_id}\t{article}\t{source_of[article]}\t{start}\t{offset}\t{sentence}\t"
                    f"{sentence_key(sentence)}\t{speaker_ids[speaker]}\t{spoken}\t{said}\t{said + len(spoken)}\t\t"
                    f"said\tindirect\t{place}\t{event_date}\t{rng.random():.3f}\t[]\tpending\t0\tf\t0\t1\tnow\n"
                )
                for figure_text, value, qualifier, metric, unit in numbers:
                    figure_id += 1
                    at = text.index(figure_text, start)
                    high = "\\N" if qualifier == "at_least" else value
                    figures.write(
                        f"{figure_id}\t{claim_id}\t{at}\t{at + len(figure_text)}\t{figure_text}\t{value}\t{value}\t"
                        f"{high}\t{qualifier}\tcount\t{metric}\t{unit}\t\n"
                    )
        claim_columns = (
            'id, article_id, source_id, start, "end", text, sentence_key, speaker_id, speaker_name, speaker_start, '
            "speaker_end, role, cue, quote, location, event_date, checkworthiness, checkworthiness_reasons, status, "
            "status_rank, in_conflict, conflict_level, version, created_at"
        )
        figure_columns = 'id, claim_id, start, "end", text, value, low, high, qualifier, kind, metric, unit, change'
        with connection.cursor() as cursor:
            copy = cursor.cursor.copy  # psycopg 3
            for table, columns, data in (
                ("factcheck_claim", claim_columns, claims),
                ("factcheck_figure", figure_columns, figures),
            ):
                with copy(f"COPY {table} ({columns}) FROM STDIN") as sink:
                    sink.write(data.getvalue())
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cursor.execute(
                "UPDATE factcheck_article a SET copy_of_id = c.origin, copy_containment = 0.9 "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS c(article, origin) WHERE a.id = c.article",
                [list(self.copies), list(self.copies.values())],
            )
        return figure_id


def populate(n: int, seed: int = 0) -> dict[str, int]:
    """Articles, stories, centroids and index rows, written with COPY; returns a big story's id."""
    from django.db import connection

    from factcheck import stories
    from factcheck.core import stories as core
    from factcheck.models import Source, Story, TermStats

    rng = random.Random(seed)
    config = stories.story_config()
    source_ids = [Source.objects.create(name=f"Source {i}").pk for i in range(50)]
    sizes = story_sizes(n, rng)
    articles = io.StringIO()
    df: dict[str, int] = {}
    story_rows = io.StringIO()
    term_rows = io.StringIO()
    article_terms: list[dict[str, float]] = []
    story_of_article: list[int] = []
    for story_index, size in enumerate(sizes, start=1):
        topic = [word(int(rng.paretovariate(1.1) * 50) % VOCABULARY) for _ in range(STORY_WORDS)]
        for _ in range(size):
            terms: dict[str, float] = {}
            for _ in range(ARTICLE_WORDS):
                w = rng.choice(topic) if rng.random() < 0.6 else word(int(rng.paretovariate(1.0) * 20) % VOCABULARY)
                terms[w] = terms.get(w, 0.0) + 1.0
            article_terms.append(terms)
            story_of_article.append(story_index)
            for t in terms:
                df[t] = df.get(t, 0) + 1
    weights = core.TermWeights(n_docs=len(article_terms), df=df)
    centroids: dict[int, dict[str, float]] = {}
    for terms, story in zip(article_terms, story_of_article, strict=True):
        centroids[story] = core.add_to_centroid(centroids.get(story, {}), core.article_vector(terms, weights, config))
    first_article_id = 1
    big = max(range(len(sizes)), key=lambda i: sizes[i]) + 1
    big_ids = [first_article_id + i for i, story in enumerate(story_of_article) if story == big]
    # Its own generator: the rest of the data stays what it was without the big story's claims.
    big_rows = StoryRows(big_ids, random.Random(seed + 1))
    source_of: dict[int, int] = {}
    for i, (terms, story) in enumerate(zip(article_terms, story_of_article, strict=True)):
        pk = first_article_id + i
        published = f"2024-01-{1 + (i * 7 // max(1, n // 30)) % 28:02d} 12:00:00+00"
        title, text = f"Article {pk}", f"Synthetic {pk}"
        if story == big:
            published, text = big_rows.published[pk], big_rows.texts[pk]
            title = f"Missiles and drones strike Kyiv and Kharkiv overnight (report {pk})"
        source_of[pk] = rng.choice(source_ids)
        articles.write(
            f"{pk}\t{source_of[pk]}\t\\N\t{title}\t{published}\t{text}\t{pk:064x}\tnow\tbench\t"
            f"done\t\tnow\t{story}\tf\t{json.dumps(terms)}\t[]\n"
        )
    for story, size in enumerate(sizes, start=1):
        story_rows.write(
            f"{story}\tStory {story}\t2024-01-01 00:00:00+00\t2024-01-28 00:00:00+00\tnow\t{size}\t1\t0\t0\t"
            f"{json.dumps(centroids[story])}\t\\N\tnow\n"
        )
        for term in core.index_terms(centroids[story], config):
            term_rows.write(f"{story}\t{term}\n")
    with connection.cursor() as cursor:
        copy = cursor.cursor.copy  # psycopg 3
        for table, columns, data in (
            (
                "factcheck_story",
                "id, title, first_published, last_published, last_activity, article_count, source_count, "
                "fact_count, conflict_count, centroid, merged_into_id, created_at",
                story_rows,
            ),
            (
                "factcheck_article",
                "id, source_id, url, title, published_at, text, content_hash, ingested_at, ingested_via, "
                "extraction_status, extraction_error, extracted_at, story_id, story_pinned, story_terms, "
                "copy_signature",
                articles,
            ),
            ("factcheck_storyterm", "story_id, term", term_rows),
        ):
            with copy(f"COPY {table} ({columns}) FROM STDIN") as sink:
                sink.write(data.getvalue())
        for table in ("factcheck_story", "factcheck_article", "factcheck_storyterm"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    figures = big_rows.write({pk: source_of[pk] for pk in big_ids}, random.Random(seed + 2))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    TermStats.objects.create(n_docs=weights.n_docs, df=weights.df)
    # As in production: the story's summary counted, its figures compared into findings.
    Story.objects.get(pk=big).refresh_summary()
    t0 = time.perf_counter()
    counts = stories.compare_story(big)
    print(
        f"  big story #{big}: {len(big_ids)} articles ({len(big_rows.copies)} copies), {figures} figures; "
        f"compared in {time.perf_counter() - t0:.1f} s: {counts}"
    )
    return {"stories": len(sizes), "big_story": big, "big_size": max(sizes)}


def bench_assign(n: int, repeat: int = 200) -> None:
    from django.db import transaction

    from factcheck import stories
    from factcheck.models import Article, Source

    source = Source.objects.first()
    assert source is not None
    rng = random.Random(1)
    texts = [" ".join(word(int(rng.paretovariate(1.1) * 50) % VOCABULARY) for _ in range(300)) for _ in range(repeat)]
    stories.term_weights()  # load the stored weights once, as a long-running worker has them
    samples = []
    for text in texts:
        with transaction.atomic():
            article = Article.objects.create(source=source, text=text, content_hash=str(rng.random()), title="bench")
            t0 = time.perf_counter()
            stories.assign_story(article)
            samples.append(time.perf_counter() - t0)
            transaction.set_rollback(True)
    p50, p95 = percentiles(samples)
    print(f"  assign one new article against {n:,}:       p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({repeat} articles)")


def process_tree(pid: int) -> list[int]:
    """A process and its children (the worker's pool processes)."""
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    return pids


def worker_memory(pid: int) -> int:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    for p in process_tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total // 1024


def worker_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children, from /proc: unlike wall
    time, it holds when other work shares the machine."""
    pids = process_tree(pid)
    ticks = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def bench_recluster(n: int) -> None:
    import redis
    from django.conf import settings
    from django.core.cache import cache
    from django.test.utils import override_settings

    from factcheck import stories

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        print("  re-clustering on workers skipped: Redis unreachable at", REDIS)
        return
    env = dict(os.environ, **PRODUCTION_ENV, DATABASE_URL=bench_url(), REDIS_URL=REDIS, CELERY_QUEUE="bench-stories")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck.celery", "worker", "-Q", "bench-stories"]
        + ["--pool=prefork", "--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"]
        + ["-n", "bench-stories@%h"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        from factcheck.celery import app

        app.conf.update(
            broker_url=REDIS, result_backend=REDIS, task_always_eager=False, task_default_queue="bench-stories"
        )
        app._after_fork()
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5) and time.monotonic() < deadline:
            pass
        override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
        ).enable()
        settings.STORY_RECLUSTER_DAYS = 3650
        cache.delete(stories.RECLUSTER_LOCK)
        for label in ("first run", "run again"):
            before = dict(stories.window_articles().values_list("pk", "story_id"))
            peak = 0
            cpu0 = worker_cpu_seconds(worker.pid)
            t0 = time.perf_counter()
            stories.start_recluster(then_crosscheck=False)
            while cache.get(stories.RECLUSTER_LOCK) and time.perf_counter() - t0 < 3600:
                peak = max(peak, worker_memory(worker.pid))
                time.sleep(0.5)
            elapsed = time.perf_counter() - t0
            after = dict(stories.window_articles().values_list("pk", "story_id"))
            moved = sum(before.get(pk) != story for pk, story in after.items())
            print(
                f"  re-cluster {n:,} on 2 worker processes ({label}): {elapsed:7.1f} s, "
                f"peak worker memory {peak} MB, worker CPU {worker_cpu_seconds(worker.pid) - cpu0:.0f} s, "
                f"{moved:,} of {len(after):,} articles moved"
            )
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)


def bench_story_page(story_id: int, size: int, repeat: int = 50) -> None:
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from factcheck.accounts import EDITORS, ensure_groups

    try:
        url = reverse("story-detail", args=[story_id])
    except NoReverseMatch:
        print("  story page skipped: no story-detail view")
        return
    ensure_groups()
    user, _ = User.objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    client.get(url)
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    p50, p95 = percentiles(samples)
    size_kb = len(response.content) / 1024
    print(
        f"  story page of a {size}-article story:          p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({repeat}), "
        f"{size_kb:,.0f} KB of HTML"
    )
    # Right after a change (what the comparison does to a finding after an editor's decision),
    # the page's shared parts are made again: what the first reader after every change waits.
    from django.utils import timezone

    from factcheck.models import Conflict

    finding = Conflict.objects.filter(story_id=story_id).first()
    if finding is None:
        return
    samples = []
    for _ in range(max(5, repeat // 5)):
        Conflict.objects.filter(pk=finding.pk).update(last_seen=timezone.now())
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    p50, p95 = percentiles(samples)
    print(f"  the same, first view after a change:         p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(samples)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "100000,1000000"))
    parser.add_argument("--skip-recluster", action="store_true")
    parser.add_argument("--skip-page", action="store_true")
    parser.add_argument("--keep", action="store_true", help="Keep the last populated database (for profiling)")
    parser.add_argument(
        "--reuse", action="store_true", help="Re-cluster the database a --keep run left (one size), populating nothing"
    )
    args = parser.parse_args()
    if args.reuse:
        setup_django()
        from factcheck.models import Article

        bench_recluster(Article.objects.count())
        return
    try:
        recreate_database()
    except Exception as exc:  # noqa: BLE001
        print(f"story benchmarks skipped: PostgreSQL unreachable at {SERVER} ({exc})")
        return
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    for n in (int(x) for x in args.sizes.split(",")):
        connection.close()
        recreate_database()
        call_command("migrate", verbosity=0)
        t0 = time.perf_counter()
        shape = populate(n)
        print(
            f"\n== {n:,} articles in {shape['stories']:,} stories on PostgreSQL "
            f"(populated in {time.perf_counter() - t0:.1f} s)"
        )
        bench_assign(n)
        if not args.skip_page:
            bench_story_page(shape["big_story"], shape["big_size"])
        if not args.skip_recluster:
            bench_recluster(n)
    connection.close()
    if not args.keep:
        recreate_database()


if __name__ == "__main__":
    main()
