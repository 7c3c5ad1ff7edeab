"""Copies inside a story: an article that is a near-copy of another of its story joins
that copy group, whose origin is the earliest published.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from factcheck.core import copies as core_copies
from factcheck.models import Article
from factcheck.stories.config import story_config

# A story's articles whose copy signatures an arriving article is checked against.
MAX_COPY_CHECKS = 500


def _mark_copy(article: Article) -> None:
    """A near-copy of an article of its story joins that copy group, whose origin is the
    earliest published; arriving late but published first, it becomes the origin."""
    config = story_config()
    mine = article.copy_signature
    if not mine or mine[0] <= 0:
        return
    others = list(
        Article.objects.filter(story_id=article.story_id)
        .exclude(pk=article.pk)
        .order_by("-pk")
        .values_list("pk", "copy_signature", "copy_of_id")[:MAX_COPY_CHECKS]
    )
    best: tuple[float, int, int | None] | None = None
    for pk, signature, copy_of in others:
        # Shared shingles over the smaller article's: a brief cut from the wire is a copy too.
        containment = max(
            core_copies.estimate_containment(mine, signature), core_copies.estimate_containment(signature, mine)
        )
        if containment >= config.copy_threshold and (best is None or containment > best[0]):
            best = (containment, pk, copy_of)
    if best is None:
        return
    containment, pk, copy_of = best
    origin_id = copy_of or pk
    origin = Article.objects.filter(pk=origin_id).values_list("published_at", flat=True).first()
    if _earlier(article.published_at, article.pk, origin, origin_id):
        # Arrived late but published first: it is the origin of the whole group.
        Article.objects.filter(Q(pk=origin_id) | Q(copy_of_id=origin_id)).update(copy_of=article)
        Article.objects.filter(pk=origin_id).update(copy_containment=containment)
        return
    Article.objects.filter(pk=article.pk).update(copy_of_id=origin_id, copy_containment=containment)
    article.copy_of_id, article.copy_containment = origin_id, containment


def _mark_copies(articles: list[Article]) -> None:
    """:func:`_mark_copy` for a batch, in order, with one read of their stories' other articles.

    Each article is checked against its story's articles stored before the batch and the
    batch's earlier ones, as one by one.
    """
    if not articles:
        return
    config = story_config()
    mine = {a.pk for a in articles}
    pools: dict[int, list[list[Any]]] = defaultdict(list)  # story -> [pk, signature, copy_of, published], newest first
    rows = (
        Article.objects.filter(story_id__in={a.story_id for a in articles})
        .exclude(pk__in=mine)
        .order_by("-pk")
        .values_list("story_id", "pk", "copy_signature", "copy_of_id", "published_at")
    )
    for story_id, *row in rows:
        if len(pools[story_id]) < MAX_COPY_CHECKS:
            pools[story_id].append(row)
    width = config.copy_num_perm + 1
    signatures: dict[int, core_copies.SignaturePool] = {}
    for story_id, pool in pools.items():
        signatures[story_id] = core_copies.SignaturePool(width)
        signatures[story_id].extend_oldest(row[1] or [] for row in pool)
    for article in articles:
        pool = pools[article.story_id]
        held = signatures.setdefault(article.story_id, core_copies.SignaturePool(width))
        signature = article.copy_signature or []
        best: tuple[float, list[Any]] | None = None
        if signature and signature[0] > 0:
            found = held.containments(signature, MAX_COPY_CHECKS)
            if len(found):
                n = int(found.argmax())  # the newest of the best, as row by row
                if found[n] >= config.copy_threshold:
                    best = (float(found[n]), pool[n])
        if best is not None:
            containment, row = best
            origin_id = row[2] or row[0]
            origin = next((r for r in pool if r[0] == origin_id), None)
            origin_published = (
                origin[3]
                if origin
                else Article.objects.filter(pk=origin_id).values_list("published_at", flat=True).first()
            )
            if _earlier(article.published_at, article.pk, origin_published, origin_id):
                Article.objects.filter(Q(pk=origin_id) | Q(copy_of_id=origin_id)).update(copy_of=article)
                Article.objects.filter(pk=origin_id).update(copy_containment=containment)
                for r in pool:
                    if r[0] == origin_id or r[2] == origin_id:
                        r[2] = article.pk
            else:
                Article.objects.filter(pk=article.pk).update(copy_of_id=origin_id, copy_containment=containment)
                article.copy_of_id, article.copy_containment = origin_id, containment
        pool.insert(0, [article.pk, signature, article.copy_of_id, article.published_at])
        held.push(signature)


def _earlier(a: datetime | None, a_id: int, b: datetime | None, b_id: int) -> bool:
    """Publication order: dated before undated, then by time, then by id."""
    return (a is None, a or timezone.now(), a_id) < (b is None, b or timezone.now(), b_id)
