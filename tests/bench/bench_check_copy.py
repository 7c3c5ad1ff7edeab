"""Check my copy: how long checking a draft takes, by draft size, against a desk of stored figures.

    python tests/bench/bench_check_copy.py [--stored 20000]

Uses its own SQLite database in a temporary folder (the embedded default; nothing else is
touched). Stores ``--stored`` figures (tolls in a handful of cities over a week, bulk-inserted),
then times ``copy_check.check_draft`` on drafts of about 10 KB, 50 KB and 100 KB (the check's
limit, ``CHECK_MAX_CHARS``), built from our own sentences. Prints seconds per draft and per paragraph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CITIES = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Kyiv", "Zaporizhzhia"]
SPEAKERS = ["The regional governor", "The city council", "Medics", "The interior ministry", "Rescuers"]


def paragraph(i: int) -> str:
    city, speaker = CITIES[i % len(CITIES)], SPEAKERS[i % len(SPEAKERS)]
    return (
        f"{speaker} said {3 + i % 40} people were killed in {city}. "
        f"Crews cleared roads near the river for hours, and {10 + i % 70} people were injured, officials added. "
        "Shops stayed shut while volunteers handed out water at the main square."
    )


def draft_of(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = paragraph(i)
        parts.append(part)
        total += len(part) + 2
        i += 1
    return "\n\n".join(parts)


def store(n: int) -> None:
    from django.utils import timezone

    from factcheck.models import Article, Claim, Figure, Source, content_hash, sentence_key

    sources = [Source.objects.create(name=f"Outlet {i}") for i in range(12)]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            source=sources[i % len(sources)],
            title=f"Report {i}",
            text=f"Report {i}. {paragraph(i * 7)}",
            content_hash=content_hash(f"bench-{i}"),
            published_at=now - dt.timedelta(hours=i % 170),
            extraction_status=Article.Extraction.DONE,
        )
        for i in range(n)
    )
    claims = Claim.objects.bulk_create(
        Claim(
            article=a,
            source_id=a.source_id,
            start=len(f"Report {i}. "),
            end=len(a.text),
            text=a.text[len(f"Report {i}. ") :],
            sentence_key=sentence_key(a.text),
            speaker_name=SPEAKERS[(i * 7) % len(SPEAKERS)],
            location=CITIES[(i * 7) % len(CITIES)],
            checkworthiness=0.5,
        )
        for i, a in enumerate(articles)
    )
    Figure.objects.bulk_create(
        Figure(
            claim=c,
            start=c.start,
            end=c.start + 5,
            text=f"{3 + (i * 7 + i % 3) % 40} people were killed",
            value=3 + (i * 7 + i % 3) % 40,
            low=3 + (i * 7 + i % 3) % 40,
            high=3 + (i * 7 + i % 3) % 40,
            metric="killed",
            unit="people",
        )
        for i, c in enumerate(claims)
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stored", type=int, default=20000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-check-copy-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from factcheck import copy_check

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    store(args.stored)
    print(f"stored {args.stored:,} figures in {time.perf_counter() - started:.1f} s")
    copy_check.check_draft(copy_check.Draft(paragraph(0)))  # warm: gazetteer, term weights
    for size in (10_000, 50_000, copy_check.CHECK_MAX_CHARS):
        draft = copy_check.Draft(draft_of(size))
        started = time.perf_counter()
        result = copy_check.check_draft(draft)
        took = time.perf_counter() - started
        print(
            f"draft {len(draft.text) / 1000:>6,.0f} KB, {result.paragraphs:>6,} paragraphs, "
            f"{len(result.figures):>6,} figures, {result.disagreeing:>6,} disagreeing, "
            f"{result.compared:>6,} stored compared: {took:6.2f} s ({took / result.paragraphs * 1000:.2f} ms/paragraph)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
