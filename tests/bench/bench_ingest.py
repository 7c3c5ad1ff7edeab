"""Ingest speed in one process on SQLite (the embedded default, no Redis), beside the extractor's own.

    python tests/bench/bench_ingest.py [--articles 2000] [--batch N] [--one-by-one] [--profile FILE]

Real news bodies (the FNC-1 test bodies and PolNeAR texts of ../shared/corpus, cycled
with an edition line past their number) go through ``manage.py ingest`` of a JSONL file
into a fresh SQLite database in a temporary directory: claims, figures, stories, copies
and the incremental cross-check (run in-process, as without Redis). Prints articles/s
and claims/s (wall and CPU), the extractor alone on the same bodies in the same run, and
the process's memory as the ingest goes (flat is the target). ``--one-by-one`` stores
each article in its own transaction (INGEST_BATCH_SIZE=1), for comparison. ``--profile``
writes a cProfile of the ingest to FILE and prints its top entries.
Target (issue 13): at least 100 real articles/s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from bench_load import real_bodies, write_jsonl  # noqa: E402


def child(parts: list[Path], articles: int, profile: str | None = None) -> None:
    """In a fresh process pointed at the temporary database: migrate, then ingest and measure."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    django.setup()
    from django.core.management import call_command

    from factcheck import core
    from factcheck.models import Article, Claim, Figure, Story

    call_command("migrate", verbosity=0)
    from factcheck.currencies import extraction_config

    config = extraction_config()  # what ingest uses
    with parts[0].open(encoding="utf-8") as fh:  # the first 1,000 only: the ingest's memory is measured below
        bodies = [json.loads(line)["text"] for line, _ in zip(fh, range(1000), strict=False)]
    started = time.process_time()
    for body in bodies[: min(len(bodies), 1000)]:
        core.extract_claims_isolated(body, config=config)
    extraction = min(len(bodies), 1000) / (time.process_time() - started)

    rss: list[tuple[int, float]] = []
    from factcheck.ingest_batch import ingest_batch as real_batch
    from factcheck.management.commands import ingest as command

    begun = time.perf_counter()

    def watched(items):  # type: ignore[no-untyped-def]
        results = real_batch(items)
        rss.append((Article.objects.count(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        if len(rss) % 20 == 0:  # progress on long runs: articles, peak memory, rate so far
            done, peak = rss[-1]
            rate = done / (time.perf_counter() - begun)
            print(f"  ... {done:,} articles, peak {peak:.0f} MB, {rate:.1f}/s", flush=True)
        return results

    command.ingest_batch = watched  # type: ignore[assignment]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    with open(os.devnull, "w") as quiet:
        if profiler:
            profiler.enable()
        call_command("ingest", *map(str, parts), "--create-source", "--no-progress", stdout=quiet)
        if profiler:
            profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    stored, claims, figures = Article.objects.count(), Claim.objects.count(), Figure.objects.count()
    print(f"articles stored: {stored:,} of {articles:,}; claims {claims:,}; figures {figures:,}")
    sizes = list(
        Story.objects.filter(article_count__gt=0).order_by("-article_count").values_list("article_count", flat=True)
    )
    copies = Article.objects.filter(copy_of__isnull=False).count()
    from collections import Counter

    from factcheck.models import Conflict

    found = Counter(Conflict.objects.open().values_list("kind", flat=True))
    print("open findings: " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(found.items())))
    print(f"stories: {len(sizes):,}; the largest: {', '.join(f'{n:,}' for n in sizes[:5])} articles; copies {copies:,}")
    print(
        f"ingest: {stored / wall:,.1f} articles/s wall, {stored / cpu:,.1f} articles/s CPU; "
        f"{claims / wall:,.0f} claims/s"
    )
    print(f"the extractor alone on the same bodies: {extraction:,.0f} articles/s CPU")
    print(
        "bounded caches (entries / limit): " + ", ".join(f"{name} {n:,}/{limit:,}" for name, n, limit in cache_fill())
    )
    marks = [rss[i] for i in sorted({0, len(rss) // 4, len(rss) // 2, 3 * len(rss) // 4, len(rss) - 1}) if rss]
    print("peak memory as it goes: " + ", ".join(f"{n:,} articles {mb:,.0f} MB" for n, mb in marks))
    if profiler and profile:
        import pstats

        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


PART_BYTES = 40_000_000


def split_jsonl(path: Path, limit: int) -> list[Path]:
    """The JSONL file cut into files of at most ``limit`` bytes, at line ends (the file itself if small)."""
    if path.stat().st_size <= limit:
        return [path]
    parts: list[Path] = []
    out = None
    size = 0
    with path.open("rb") as fh:
        for line in fh:
            if out is None or size + len(line) > limit:
                if out is not None:
                    out.close()
                parts.append(path.with_name(f"{path.stem}-{len(parts) + 1:03d}.jsonl"))
                out, size = parts[-1].open("wb"), 0
            out.write(line)
            size += len(line)
    if out is not None:
        out.close()
    path.unlink()
    return parts


def cache_fill() -> list[tuple[str, int, int]]:
    """How full the core's LRU caches are: memory that grows until they are full, then stays."""
    from factcheck.core import copies, fact_context, names, same_fact, story_vectors

    out = []
    for module in (copies, fact_context, names, same_fact, story_vectors):
        for name, value in vars(module).items():
            info = getattr(value, "cache_info", None)
            if callable(info) and (limit := info().maxsize):
                out.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", info().currsize, limit))
    return out


def default_batch() -> int:
    """The batch size ingest uses unless told otherwise (settings.INGEST_BATCH_SIZE's default)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    return int(settings.INGEST_BATCH_SIZE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, help="articles a batch (default: settings.INGEST_BATCH_SIZE)")
    parser.add_argument("--one-by-one", action="store_true")
    parser.add_argument("--profile", help="write a cProfile of the ingest to this file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child([Path(c) for c in args.child], args.articles, args.profile)
        return
    bodies = real_bodies()
    if not bodies:
        print("skipped: no real news bodies under ../shared/corpus")
        return
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        jsonl = Path(tmp) / "articles.jsonl"
        size = write_jsonl(jsonl, bodies, args.articles)
        parts = split_jsonl(jsonl, PART_BYTES)  # a desk's files stay under MAX_UPLOAD_BYTES
        batch = 1 if args.one_by_one else args.batch or default_batch()
        print(
            f"{args.articles:,} real articles ({size / 1e6:.1f} MB in {len(parts)} file(s)), "
            f"batches of {batch}, SQLite, no Redis"
        )
        env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
            "DEBUG": "true",
            "SQLITE_PATH": str(Path(tmp) / "bench.sqlite3"),
            "INGEST_BATCH_SIZE": str(batch),
        }
        argv = [sys.executable, __file__, "--articles", str(args.articles), "--child", *map(str, parts)]
        if args.profile:
            argv += ["--profile", str(Path(args.profile).resolve())]
        sys.exit(subprocess.call(argv, env=env, cwd=ROOT))


if __name__ == "__main__":
    main()
