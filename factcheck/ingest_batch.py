"""Ingest at wire speed: many articles in a few queries, each still all-or-nothing.

:func:`ingest_batch` takes what :func:`factcheck.pipeline.ingest_article` takes, for a
list of articles, and answers the same :class:`~factcheck.pipeline.IngestResult` for
each, in order, with the same duplicate rules and messages. It checks every article,
finds duplicates in two queries, extracts claims outside the transaction, then stores
the batch in one transaction: one insert of articles, one of claims, one of figures,
their stories assigned together (:func:`factcheck.stories.assign_stories`), and one
incremental cross-check queued for the whole batch on commit.

If the batch cannot be stored as one (another process stored one of its articles
meanwhile, or a row the database refuses), it is stored again article by article, so
that only the article at fault is refused and nothing is ever half-saved.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction

from factcheck.bulk_update import insert_rows
from factcheck.models import Article, Source, content_hash
from factcheck.pipeline import (
    ExtractedArticle,
    IngestResult,
    checked_fields,
    extract,
    ingest_article,
    published_day,
    store_claims,
)
from factcheck.validation import IngestError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """One article to ingest: the arguments of ``pipeline.ingest_article``."""

    source: Source
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str = ""
    published_at: datetime | date | str | None = None
    via: str = "paste"

    def ingest_alone(self) -> IngestResult:
        return ingest_article(
            self.source,
            text=self.text,
            html=self.html,
            url=self.url,
            title=self.title,
            published_at=self.published_at,
            via=self.via,
        )


@dataclass
class _Checked:
    index: int
    incoming: Incoming
    text: str
    url: str | None
    title: str
    published: datetime | None
    digest: str


def ingest_batch(items: Sequence[Incoming]) -> list[IngestResult]:
    """Store ``items`` as one batch; one result per item, in order."""
    results: list[IngestResult | None] = [None] * len(items)
    checked: list[_Checked] = []
    for index, incoming in enumerate(items):
        try:
            checked.append(_check(index, incoming))
        except IngestError as exc:
            results[index] = IngestResult("rejected", reason=str(exc), field=exc.field)
    fresh, later = _without_duplicates(checked, results)
    if fresh:
        stored = _store(fresh)
        if stored is None:  # the batch could not be stored as one: each article on its own
            for item in fresh:
                results[item.index] = _alone(item.incoming)
        else:
            for item, article in zip(fresh, stored, strict=True):
                results[item.index] = IngestResult("ingested", article)
    for item, first in later:  # the same article twice in one batch: the second is a duplicate of the first
        results[item.index] = _duplicate_in_batch(item, results[first.index])
    return [r if r is not None else IngestResult("rejected", reason="not stored") for r in results]


def _check(index: int, incoming: Incoming) -> _Checked:
    text, url, title, published = checked_fields(
        incoming.text, incoming.html, incoming.url, incoming.title, incoming.published_at
    )
    return _Checked(index, incoming, text, url, title, published, content_hash(text))


def _without_duplicates(
    checked: list[_Checked], results: list[IngestResult | None]
) -> tuple[list[_Checked], list[tuple[_Checked, _Checked]]]:
    """Articles to store; duplicates of stored articles get their result here, and
    repeats inside the batch are returned with the item they repeat."""
    urls = {c.url for c in checked if c.url}
    by_url = {a.url: a for a in Article.objects.filter(url__in=urls).only("pk", "url", "source_id", "content_hash")}
    digests = {c.digest for c in checked}
    by_text = {
        (a.source_id, a.content_hash): a
        for a in Article.objects.filter(content_hash__in=digests).only("pk", "url", "source_id", "content_hash")
    }
    fresh: list[_Checked] = []
    later: list[tuple[_Checked, _Checked]] = []
    seen_url: dict[str, _Checked] = {}
    seen_text: dict[tuple[int, str], _Checked] = {}
    for item in checked:
        source = item.incoming.source
        if item.url and (existing := by_url.get(item.url)):
            results[item.index] = IngestResult("duplicate", existing, f"same URL as article {existing.pk}")
        elif existing := by_text.get((source.pk, item.digest)):
            results[item.index] = IngestResult(
                "duplicate", existing, f"same text as article {existing.pk} from {source.name}"
            )
        elif item.url and item.url in seen_url:
            later.append((item, seen_url[item.url]))
        elif (source.pk, item.digest) in seen_text:
            later.append((item, seen_text[(source.pk, item.digest)]))
        else:
            fresh.append(item)
            if item.url:
                seen_url[item.url] = item
            seen_text[(source.pk, item.digest)] = item
    return fresh, later


def _duplicate_in_batch(item: _Checked, first: IngestResult | None) -> IngestResult:
    article = first.article if first is not None and first.ok else None
    if article is None:  # the first one was refused: this one on its own says why, or is stored
        return _alone(item.incoming)
    if item.url and item.url == article.url:
        return IngestResult("duplicate", article, f"same URL as article {article.pk}")
    return IngestResult("duplicate", article, f"same text as article {article.pk} from {item.incoming.source.name}")


def _store(fresh: list[_Checked]) -> list[Article] | None:
    """The batch in one transaction; None when it has to be stored article by article."""
    from factcheck.stories import assign_stories

    articles = [
        Article(
            source=item.incoming.source,
            url=item.url,
            title=item.title,
            published_at=item.published,
            text=item.text,
            content_hash=item.digest,
            ingested_via=item.incoming.via,
        )
        for item in fresh
    ]
    # Extraction is pure and the slow part: done before the transaction opens.
    extracted = [ExtractedArticle(a, *extract(a.text, published_day(a))) for a in articles]
    try:
        with transaction.atomic():
            insert_rows(articles)
            store_claims(extracted)
            assign_stories(articles, {e.article.pk: e.stored for e in extracted})
            ids = [a.pk for a in articles]
            transaction.on_commit(lambda: _enqueue_crosscheck(ids))
    except IntegrityError:
        log.info("a batch of %d articles met a concurrent writer; storing them one by one", len(fresh))
        return None
    except Exception:  # noqa: BLE001 - one bad row must not cost the other articles
        log.exception("a batch of %d articles could not be stored as one; storing them one by one", len(fresh))
        return None
    return articles


def _alone(incoming: Incoming) -> IngestResult:
    try:
        return incoming.ingest_alone()
    except Exception as exc:  # noqa: BLE001 - reported for this article; the others are stored
        log.exception("ingest of one article failed")
        return IngestResult("rejected", reason=f"could not be stored ({type(exc).__name__}: {str(exc)[:200]})")


def _enqueue_crosscheck(article_ids: list[int]) -> None:
    from factcheck import outbox, tasks

    outbox.send(tasks.crosscheck_articles, article_ids)
