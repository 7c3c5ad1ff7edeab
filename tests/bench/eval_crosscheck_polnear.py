"""Cross-source conflicts on a dated newsroom feed of real articles (not a pytest test).

Run: ``DEBUG=true .venv/bin/python tests/bench/eval_crosscheck_polnear.py [--sample 30] [--seed 0]
[--all-conflicts] [--limit N] [--keep-db PATH] [--agreeing]``

Ingests the 840 PolNeAR articles of ``../shared/corpus/polnear-train`` (US
politics, November 2015 to 2016, seven outlets) as a desk would receive them:
each outlet one source, each article published on its date, wire stories
republished by several outlets as they are. Unlike the FNC-1 bodies
(``eval_crosscheck.py``), these carry publication dates, so the dated rules
run: event-date windows, later larger tolls as updates, syndicated copies. It
runs the full cross-check in process and prints the findings per kind, then a
deterministic sample of conflicts (or all of them) with, for each member, its
outlet, date, speaker, place, sentence and figure, to judge by hand.

Skips with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_crosscheck import (  # noqa: E402
    ROOT,
    open_conflicts,
    print_agreeing_pairs,
    print_run,
    print_stories,
    setup_django,
)

POLNEAR = ROOT.parent / "shared" / "corpus" / "polnear-train"


def read_articles(limit: int) -> list[dict[str, str]]:
    """Metadata rows (publisher, date, title, author, filename) of the articles whose text is present."""
    with open(POLNEAR / "metadata.tsv", encoding="utf-8", newline="") as fh:
        rows = [
            row for row in csv.DictReader(fh, delimiter="\t") if (POLNEAR / "text" / f"{row['filename']}.txt").exists()
        ]
    rows.sort(key=lambda row: (row["publication_date"], row["filename"]))
    return rows[:limit] if limit else rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=30, help="conflicts to print (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--limit", type=int, default=0, help="ingest only the first N articles by date")
    parser.add_argument("--all-conflicts", action="store_true", help="print every conflict, not a sample")
    parser.add_argument(
        "--kind", default="conflict", help="which findings to print: conflict (default), possible_conflict, update"
    )
    parser.add_argument("--keep-db", metavar="PATH", help="write the database here instead of a temp file")
    parser.add_argument(
        "--agreeing", action="store_true", help="equal figures of two outlets in a story: one fact by frame?"
    )
    args = parser.parse_args(argv)

    if not (POLNEAR / "metadata.tsv").exists():
        print(f"eval_crosscheck_polnear: skipped ({POLNEAR} not found)")
        return 0

    tmpdir = tempfile.TemporaryDirectory(prefix="eval-polnear-")
    db_path = args.keep_db or str(Path(tmpdir.name) / "db.sqlite3")
    if args.keep_db and Path(db_path).exists():
        Path(db_path).unlink()
    setup_django(db_path)

    from factcheck import crosscheck, pipeline
    from factcheck.models import Source

    # The full run below is what we measure: skip the per-article incremental check.
    pipeline._enqueue_crosscheck = lambda article_id: None  # type: ignore[assignment]

    articles = read_articles(args.limit)
    started = time.perf_counter()
    sources: dict[str, Source] = {}
    rejected = 0
    errors: Counter[str] = Counter()
    for row in articles:
        publisher = row["publisher"]
        source = sources.get(publisher)
        if source is None:
            source = sources[publisher] = Source.objects.create(name=publisher, kind=Source.Kind.OUTLET)
        text = (POLNEAR / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8")
        # The corpus gives days only: noon UTC, so one day's articles keep their order by name.
        published = datetime.fromisoformat(row["publication_date"]).replace(hour=12, tzinfo=UTC)
        try:
            result = pipeline.ingest_article(
                source, text=text, title=row["title"], published_at=published.isoformat(), via="eval"
            )
        except Exception as exc:  # noqa: BLE001 - a crash in ingestion is reported, the others go on
            errors[f"{type(exc).__name__}: {exc}"] += 1
            continue
        rejected += not result.ok
    ingest_s = time.perf_counter() - started

    started = time.perf_counter()
    run = crosscheck.run_here(trigger="eval")
    check_s = time.perf_counter() - started

    print(
        f"corpus: {len(articles)} articles from {len(sources)} outlets, "
        f"{articles[0]['publication_date']} to {articles[-1]['publication_date']} "
        f"({rejected} rejected, {sum(errors.values())} crashed in ingest)"
    )
    print_run(errors, ingest_s, check_s, run)
    print_stories()
    conflicts, members_of = open_conflicts(args.kind)
    across = sum(len({m.claim.article.source_id for m in members_of(c)}) > 1 for c in conflicts)
    print(f"conflicts: {len(conflicts)}  across outlets: {across}  inside one outlet: {len(conflicts) - across}")
    print("conflict metrics: " + ", ".join(f"{m}={k}" for m, k in Counter(c.metric for c in conflicts).most_common(15)))

    n = len(conflicts)
    chosen = conflicts if args.all_conflicts else random.Random(args.seed).sample(conflicts, min(args.sample, n))
    chosen.sort(key=lambda c: c.pk)
    print(f"\n--- {len(chosen)} conflicts {'(all)' if args.all_conflicts else f'(sample, seed {args.seed})'} ---")
    for i, c in enumerate(chosen, 1):
        print(f"\n[{i}] #{c.pk} {c.key}\n    {c.explanation}")
        for m in members_of(c):
            claim = m.claim
            article = claim.article
            sentence = " ".join(claim.text.split())
            print(
                f"    - {article.source.name} {article.published_at:%Y-%m-%d} speaker={claim.speaker_name or '-'} "
                f"place={claim.location or '-'}: {m.text!r} {m.interval_display()} metric={m.metric!r} "
                f"unit={m.unit!r}\n      > {sentence[:400]}"
            )
    if args.agreeing:
        print_agreeing_pairs(sample=args.sample)
    tmpdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
