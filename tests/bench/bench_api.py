"""The JSON API: reading the claims page by page, one claim, and sending articles.

    python tests/bench/bench_api.py [--claims 5000] [--articles 20]

Uses its own SQLite database in a temporary folder (the embedded default, no Redis). Stores
``--claims`` claims with two figures each (bulk-inserted), then times, through Django's test
client with a Bearer token: walking every claim with ``limit=200`` (following ``next``), the
first page, one claim with its findings, and ``POST /api/articles`` in batches of 100 of our
own sentences (extraction, storing and, without Redis, the in-process incremental cross-check
of each article included: that last part is most of the time). The throttle is set out of the way.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CITIES = ["Kharkiv", "Odesa", "Dnipro", "Lviv", "Kyiv"]


def sentence(i: int) -> str:
    return f"Officials said {3 + i % 40} people were killed and {10 + i % 70} injured in {CITIES[i % 5]} on day {i}."


def store(n: int) -> None:
    from factcheck.models import Article, Claim, Figure, Source, content_hash, sentence_key

    source = Source.objects.create(name="Bench Wire")
    articles = Article.objects.bulk_create(
        Article(source=source, title=f"Report {i}", text=sentence(i), content_hash=content_hash(f"api-{i}"))
        for i in range(n)
    )
    claims = Claim.objects.bulk_create(
        Claim(
            article=a,
            source_id=source.pk,
            start=0,
            end=len(a.text),
            text=a.text,
            sentence_key=sentence_key(a.text),
            speaker_name="Officials",
            location=CITIES[i % 5],
            checkworthiness=(i % 97) / 97,
        )
        for i, a in enumerate(articles)
    )
    Figure.objects.bulk_create(
        Figure(claim=c, start=0, end=5, text="people", value=v, low=v, high=v, metric=m, unit="people")
        for i, c in enumerate(claims)
        for v, m in ((3 + i % 40, "killed"), (10 + i % 70, "injured"))
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-api-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["API_THROTTLE_RATE"] = "100000000/min"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from factcheck.api.tokens import issue_token
    from tests.conftest import make_user

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    store(args.claims)
    print(f"stored {args.claims:,} claims, {2 * args.claims:,} figures in {time.perf_counter() - started:.1f} s")
    viewer = make_user("bench-viewer", "Viewers")
    robot = make_user("bench-robot")
    headers = {"HTTP_AUTHORIZATION": "Bearer " + issue_token(viewer, "bench")[1], "HTTP_HOST": "localhost"}
    client = Client()

    def get(url: str) -> dict:
        response = client.get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        return response.json()

    get("/api/claims?limit=50")  # warm
    started = time.perf_counter()
    for _ in range(20):
        get("/api/claims?limit=50")
    print(f"first page of 50 claims: {(time.perf_counter() - started) / 20 * 1000:.1f} ms")

    started, seen, pages = time.perf_counter(), 0, 0
    url: str | None = "/api/claims?limit=200"
    while url:
        body = get(url)
        seen, pages = seen + len(body["items"]), pages + 1
        url = body["next"] and "{0.path}?{0.query}".format(urlsplit(body["next"]))
    took = time.perf_counter() - started
    print(
        f"walked {seen:,} claims in {pages} pages of 200: {took:.1f} s"
        f" ({seen / took:,.0f} claims/s, {took / pages * 1000:.0f} ms/page)"
    )

    started = time.perf_counter()
    for pk in range(1, 101):
        get(f"/api/claims/{pk}")
    print(f"one claim with figures, findings and history: {(time.perf_counter() - started) * 10:.1f} ms")

    ingest = {
        "HTTP_AUTHORIZATION": "Bearer " + issue_token(robot, "bench", can_ingest=True)[1],
        "HTTP_HOST": "localhost",
    }
    import json

    started, stored = time.perf_counter(), 0
    for first in range(0, args.articles, 100):
        batch = [
            {
                "source": "Bench Wire",
                "title": f"Sent {i}",
                "text": f"{sentence(i + 10**6)} The mayor said 4 schools were shut.",
            }
            for i in range(first, min(first + 100, args.articles))
        ]
        response = client.post("/api/articles", json.dumps(batch), content_type="application/json", **ingest)
        assert response.status_code == 200, response.content[:300]
        stored += response.json()["ingested"]
    took = time.perf_counter() - started
    print(f"POST /api/articles: {stored:,} articles in batches of 100: {took:.1f} s ({stored / took:.0f} articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
