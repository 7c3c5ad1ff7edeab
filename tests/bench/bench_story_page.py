"""The story page of a 500-article story: the first (cold) view and warm views, on SQLite or PostgreSQL.

    python tests/bench/bench_story_page.py [--size 500] [--background 20000] [--repeat 40] [--profile]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python tests/bench/bench_story_page.py  # on PostgreSQL

On SQLite it writes a throwaway file; on PostgreSQL it creates (and drops) the database
``BENCH_DB`` (default ``factcheck_bench_page``) on the server of DATABASE_URL. The story is
the one ``bench_stories_db.py`` writes (2-4 claims per report by a few speakers about a few
places, tolls rising over the day, some outlets disagreeing, a fifth of the reports copies),
compared as the app compares it; ``--background`` claims by the same sources and speakers
elsewhere give the track-record lines under each finding something to count. Prints p50/p95
server time of:

- a warm view (the shared parts cached for this version of the story);
- a cold view: the first view after a change to the story (a finding touched), every
  shared part made again, as the first reader after each change waits;
- the coldest view: an empty cache (after a restart), which also fits the term weights.

with the load average beside them. ``--profile`` prints where one cold view spends its time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from bench_db import PRODUCTION_ENV, percentiles  # noqa: E402
from bench_stories_db import SPEAKERS, StoryRows  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "factcheck_bench_page")


def setup(postgres_server: str | None) -> str:
    """Django on a fresh database; returns what it runs on."""
    os.environ.update(PRODUCTION_ENV)
    os.environ.pop("REDIS_URL", None)
    if postgres_server:
        import psycopg

        with psycopg.connect(postgres_server.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
        os.environ["DATABASE_URL"] = postgres_server.rsplit("/", 1)[0] + "/" + BENCH_DB
        where = f"PostgreSQL ({BENCH_DB})"
    else:
        path = Path(tempfile.mkdtemp(prefix="bench-story-page-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = ""
        os.environ["SQLITE_PATH"] = str(path)
        where = f"SQLite ({path})"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # the manifest the production settings read
    return where


def drop(postgres_server: str | None) -> None:
    from django.db import connection

    connection.close()
    if postgres_server:
        import psycopg

        with psycopg.connect(postgres_server.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def build(size: int, background: int, seed: int = 0) -> int:
    """The big story and its background; returns the story's id."""
    from django.utils import timezone

    from factcheck import stories
    from factcheck.models import Article, Claim, Figure, Source, Speaker, Story, content_hash, sentence_key

    rng = random.Random(seed)
    sources = [Source.objects.create(name=f"Outlet {i:02d}") for i in range(20)]
    speakers = {name: Speaker.objects.create(name=name) for name, _ in SPEAKERS}
    rows = StoryRows(list(range(size)), random.Random(seed + 1))
    story = Story.objects.create(title="Missiles and drones strike Kyiv and Kharkiv overnight")
    articles = Article.objects.bulk_create(
        Article(
            source=sources[rng.randrange(len(sources))],
            title=f"Missiles and drones strike Kyiv and Kharkiv overnight (report {i})",
            text=rows.texts[i],
            content_hash=content_hash(f"story-{i}-{rows.texts[i]}"),
            published_at=dt.datetime.fromisoformat(rows.published[i].replace("+00", "+00:00")),
            extraction_status=Article.Extraction.DONE,
            story=story,
        )
        for i in range(size)
    )
    claims, numbers = [], []
    for index, article in enumerate(articles):
        offset = 0
        for sentence, speaker, spoken, place, found in rows.claims[index]:
            start = article.text.index(sentence, offset)
            offset = start + len(sentence)
            said = start + sentence.lower().index(spoken)
            claims.append(
                Claim(
                    article=article,
                    source_id=article.source_id,
                    start=start,
                    end=offset,
                    text=sentence,
                    sentence_key=sentence_key(sentence),
                    speaker=speakers[speaker],
                    speaker_name=spoken,
                    speaker_start=said,
                    speaker_end=said + len(spoken),
                    cue="said",
                    quote="indirect",
                    location=place,
                    event_date=dt.date(2024, 1, 2) if rng.random() < 0.8 else None,
                    checkworthiness=rng.random(),
                )
            )
            numbers.append(found)
    claims = Claim.objects.bulk_create(claims, batch_size=2000)
    figures = []
    for claim, found in zip(claims, numbers, strict=True):
        for text, value, qualifier, metric, unit in found:
            at = claim.article.text.index(text, claim.start)
            high = None if qualifier == "at_least" else value
            figures.append(
                Figure(
                    claim=claim,
                    start=at,
                    end=at + len(text),
                    text=text,
                    value=value,
                    low=value,
                    high=high,
                    qualifier=qualifier,
                    kind="count",
                    metric=metric,
                    unit=unit,
                )  # fmt: skip
            )
    Figure.objects.bulk_create(figures, batch_size=2000)
    for copy, origin in rows.copies.items():
        Article.objects.filter(pk=articles[copy].pk).update(copy_of=articles[origin].pk, copy_containment=0.9)
    write_background(background, sources, list(speakers.values()), rng)
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum would after a load: plans need the row counts
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    Story.objects.get(pk=story.pk).refresh_summary()
    t0 = time.perf_counter()
    counts = stories.compare_story(story.pk)
    print(
        f"  story #{story.pk}: {size} articles ({len(rows.copies)} copies), {len(claims)} claims, {len(figures)}"
        f" figures; compared in {time.perf_counter() - t0:.1f} s: {counts}; {background:,} claims elsewhere"
        f" (now {timezone.now():%H:%M} UTC)"
    )
    return story.pk


def write_background(count: int, sources: list, speakers: list, rng: random.Random) -> None:  # type: ignore[type-arg]
    """``count`` claims elsewhere by the same sources and speakers, some reviewed, over 90 days."""
    from django.utils import timezone

    from factcheck.models import Article, Claim, Figure, Story, content_hash, sentence_key

    statuses = ["pending"] * 6 + ["verified", "disputed"]
    now = timezone.now()
    for batch in range(0, count, 5000):
        n = min(5000, count - batch)
        home = Story.objects.create(title=f"Background {batch}")
        articles = Article.objects.bulk_create(
            Article(
                source=sources[rng.randrange(len(sources))],
                title=f"Elsewhere {batch + i}",
                text=f"Elsewhere {batch + i}: officials said {i % 50 + 1} boats docked.",
                content_hash=content_hash(f"elsewhere-{batch + i}"),
                published_at=now - dt.timedelta(hours=rng.randrange(90 * 24)),
                extraction_status=Article.Extraction.DONE,
                story=home,
            )
            for i in range(n)
        )
        claims = Claim.objects.bulk_create(
            (
                Claim(
                    article=a,
                    source_id=a.source_id,
                    start=0,
                    end=len(a.text),
                    text=a.text,
                    sentence_key=sentence_key(a.text),
                    speaker=speakers[rng.randrange(len(speakers))] if rng.random() < 0.7 else None,
                    speaker_name="officials",
                    checkworthiness=0.5,
                    status=(status := rng.choice(statuses)),
                    status_rank=Claim.STATUS_RANK[Claim.Status(status)],
                )
                for a in articles
            ),
            batch_size=2000,
        )
        Figure.objects.bulk_create(
            (
                Figure(claim=c, start=0, end=5, text="boats", value=1, low=1, high=1, metric="docked", unit="boats")
                for c in claims
            ),
            batch_size=2000,
        )


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench(story_id: int, repeat: int, profile: bool) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from factcheck.accounts import EDITORS, ensure_groups
    from factcheck.models import Conflict

    ensure_groups()
    user, _ = User.objects.get_or_create(username="bench-editor")
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    url = reverse("story-detail", args=[story_id])
    finding = Conflict.objects.filter(story_id=story_id).first()

    def timed(before=None) -> float:  # type: ignore[no-untyped-def]
        if before:
            before()
        t0 = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.status_code
        timed.size = len(response.content)  # type: ignore[attr-defined]
        return elapsed

    def touch() -> None:  # what a comparison does to a finding after an editor's decision
        if finding is not None:
            Conflict.objects.filter(pk=finding.pk).update(last_seen=timezone.now())

    def new_figure() -> None:  # an article of the story extracted again: its figures are new rows
        from factcheck.models import Figure

        figure = Figure.objects.filter(claim__article__story_id=story_id, conflicts__isnull=True).last()
        assert figure is not None
        old = figure.pk
        figure.pk = None
        figure.save()
        Figure.objects.filter(pk=old).delete()

    coldest = [timed(cache.clear) for _ in range(max(5, repeat // 4))]
    refigured = [timed(new_figure) for _ in range(max(5, repeat // 4))]
    cold = [timed(touch) for _ in range(max(10, repeat // 2))]
    timed()
    warm = [timed() for _ in range(repeat)]
    kb = timed.size / 1024  # type: ignore[attr-defined]
    for label, samples in (
        ("warm view (parts cached)", warm),
        ("cold view (first after a change)", cold),
        ("cold view (new figures in the story)", refigured),
        ("coldest view (empty cache)", coldest),
    ):
        p50, p95 = percentiles(samples)
        if os.environ.get("BENCH_SAMPLES"):
            print("   ", label, [round(s * 1000) for s in samples])
        print(f"  {label:38s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({len(samples)})")
    print(f"  {kb:,.0f} KB of HTML; {load()}")
    from factcheck.models import Story
    from factcheck.views import stories as story_views

    story = Story.objects.get(pk=story_id)
    parts = {
        "version": story_views.story_version,
        "record lines": lambda s: record_lines(s, story_views, counted=True),
        "record lines after a new claim": lambda s: record_lines(s, story_views, counted=False),
    }
    parts.update(story_views.SHARED_PARTS)
    spent = []
    for name, make in parts.items():
        samples = []
        for _ in range(5):
            t0 = time.perf_counter()
            took = make(story)
            samples.append(took if isinstance(took, float) else time.perf_counter() - t0)
        spent.append(f"{name} {percentiles(samples)[0]:.0f} ms")
    print("  a cold view's parts, p50 of 5 each: " + ", ".join(spent))
    if profile:
        for label, before in (("cold view", touch), ("coldest view", cache.clear)):
            profiler = cProfile.Profile()
            before()
            profiler.enable()
            client.get(url)
            profiler.disable()
            print(f"\n  one {label}, by cumulative time:")
            stats = pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative")
            stats.print_stats(40)
            print(f"\n  one {label}, by own time:")
            stats.sort_stats("tottime").print_stats(25)


def record_lines(story, story_views, counted: bool) -> float:  # type: ignore[no-untyped-def]
    """The track-record lines of the story's findings: with the costly counts cached (what a view
    after a finding's change pays), or after a new claim anywhere (the queue generation moved)."""
    from factcheck.models import bump_queue_generation

    findings = story_views.story_findings(story)
    story_views.with_record_lines(findings)
    if not counted:
        bump_queue_generation()
    t0 = time.perf_counter()
    story_views.with_record_lines(findings)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--background", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL") or None
    try:
        where = setup(server)
    except Exception as exc:  # noqa: BLE001
        print(f"story page benchmark skipped: the database is unreachable ({exc})")
        return
    try:
        print(f"\n== the story page of a {args.size}-article story on {where}")
        t0 = time.perf_counter()
        story_id = build(args.size, args.background)
        print(f"  written in {time.perf_counter() - t0:.1f} s")
        # As factcheck/wsgi.py does once a server has loaded: what is alive now (here, also the
        # writing's leftovers a server would not hold) is left out of the collector's full passes.
        gc.collect()
        gc.freeze()
        bench(story_id, args.repeat, args.profile)
    finally:
        drop(server)


if __name__ == "__main__":
    main()
