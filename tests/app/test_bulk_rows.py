"""insert_rows: many new rows in a few multi-row INSERTs, stored exactly as bulk_create stores them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from factcheck.bulk_update import insert_rows
from factcheck.models import Article, Claim, Source

FIELDS = ("start", "end", "text", "speaker_name", "event_date", "checkworthiness", "checkworthiness_reasons")


def _article(source: Source, n: int) -> Article:
    return Article(
        source=source,
        url=f"https://rows.example.org/{n}",
        title=f"Row {n}",
        published_at=datetime(2024, 3, 1 + n % 20, 6, tzinfo=UTC),
        text=f"A body of text number {n}.",
        content_hash=f"{n:064d}",
        story_terms={"river": 1.5, "dam": n},
    )


def _claims(articles: list[Article]) -> list[Claim]:
    return [
        Claim(
            article=article,
            source_id=article.source_id,
            start=i,
            end=i + 10,
            text=f"The mayor said {i} homes were flooded.",
            sentence_key=f"k{i}",
            speaker_name="the mayor",
            event_date=date(2024, 3, 2) if i % 2 else None,
            checkworthiness=0.25 * i,
            checkworthiness_reasons=["figure", f"reason {i}"],
        )
        for article in articles
        for i in range(3)
    ]


def test_it_stores_rows_as_bulk_create_does_and_gives_them_their_ids(source: Source) -> None:
    fast = [_article(source, n) for n in range(300)]
    slow = [_article(source, n) for n in range(300, 600)]
    insert_rows(fast)
    Article.objects.bulk_create(slow)
    assert all(a.pk is not None and not a._state.adding for a in fast)
    # Each row comes back with the id of its own values, in order.
    stored = {a.pk: a for a in Article.objects.filter(pk__in=[a.pk for a in fast])}
    for article in fast:
        again = stored[article.pk]
        assert (again.url, again.published_at, again.story_terms) == (
            article.url,
            article.published_at,
            article.story_terms,
        )
        assert again.ingested_at is not None  # auto_now_add, as on save()
    fast_claims, slow_claims = _claims(fast), _claims(slow)
    insert_rows(fast_claims)  # keys of parents stored a moment ago, as bulk_create takes them
    Claim.objects.bulk_create(slow_claims)
    mine = list(Claim.objects.filter(article__in=fast).order_by("article_id", "start").values_list(*FIELDS))
    theirs = list(Claim.objects.filter(article__in=slow).order_by("article_id", "start").values_list(*FIELDS))
    assert mine == theirs and len(mine) == 900


def test_it_needs_only_a_few_statements_for_many_rows(source: Source) -> None:
    with CaptureQueriesContext(connection) as queries:
        insert_rows([_article(source, n) for n in range(400)])
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert 0 < len(inserts) <= 400 * 18 // 999 + 1


def test_a_refused_row_raises_and_leaves_nothing_in_the_transaction(source: Source) -> None:
    rows = [_article(source, 1), _article(source, 2), _article(source, 1)]  # the same URL twice
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(rows)
    assert not Article.objects.exists()
