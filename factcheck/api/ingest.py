"""Articles sent to ``POST /api/articles``: checked like a JSONL line, then stored.

:func:`check_items` applies the ingest command's per-line checks (factcheck/validation.py,
then the source must exist); :func:`ingest_items` is the one call that stores articles.
It stores them in batches, as the JSONL command does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from factcheck import validation
from factcheck.ingest_batch import Incoming, ingest_batch
from factcheck.models import Source

VIA = "api"


@dataclass(frozen=True)
class ReadyArticle:
    """An article that passed every check, with the source it is from."""

    index: int
    source: Source
    article: validation.ArticleInput


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one article of the request, by its position in it."""

    index: int
    status: str  # "ingested" | "duplicate" | "rejected"
    reason: str = ""
    field: str | None = None
    article_id: int | None = None


def check_items(items: Sequence[Any]) -> tuple[list[ReadyArticle], list[ItemOutcome]]:
    """Each item as the ingest command checks a JSONL line; the refused ones with their reason."""
    ready: list[tuple[int, validation.ArticleInput]] = []
    refused: list[ItemOutcome] = []
    for index, item in enumerate(items):
        try:
            ready.append((index, validation.validate_article(item)))
        except validation.IngestError as exc:
            refused.append(ItemOutcome(index, "rejected", str(exc), exc.field))
    names = {article.source for _, article in ready if article.source}
    sources = {source.name: source for source in Source.objects.filter(name__in=names)}
    checked = []
    for index, article in ready:
        if not article.source:
            refused.append(ItemOutcome(index, "rejected", 'no source: give a "source" field', "source"))
        elif article.source not in sources:
            reason = f"unknown source {article.source!r} (an admin adds sources in admin)"
            refused.append(ItemOutcome(index, "rejected", reason, "source"))
        else:
            checked.append(ReadyArticle(index, sources[article.source], article))
    return checked, refused


def ingest_items(items: Sequence[ReadyArticle]) -> list[ItemOutcome]:
    """Store checked articles as batches (factcheck/ingest_batch.py), each article all or
    nothing, with the pipeline's duplicate rules and messages."""
    outcomes = []
    size = settings.INGEST_BATCH_SIZE
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        batch = [
            Incoming(
                item.source,
                text=item.article.text,
                html=item.article.html,
                url=item.article.url,
                title=item.article.title,
                published_at=item.article.published,
                via=VIA,
            )
            for item in chunk
        ]
        for item, result in zip(chunk, ingest_batch(batch), strict=True):
            stored = result.article.pk if result.article is not None else None
            outcomes.append(ItemOutcome(item.index, result.status, result.reason, result.field, stored))
    return outcomes


def ingest_request(items: Sequence[Any]) -> list[ItemOutcome]:
    """Check, then store, every item; the outcomes in the order the items came."""
    ready, refused = check_items(items)
    return sorted([*refused, *ingest_items(ready)], key=lambda outcome: outcome.index)
