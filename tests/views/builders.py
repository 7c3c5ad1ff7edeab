"""Small builders that write Article/Claim/Figure/Conflict rows directly.

They keep view tests independent of extraction quality: offsets are computed
from the text, so highlighting can be checked exactly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    Source,
    Speaker,
    adjust_status_totals,
    bump_queue_generation,
    content_hash,
    sentence_key,
)

_serial = itertools.count(1)


def make_source(name: str) -> Source:
    return Source.objects.get_or_create(name=name)[0]


def make_article(
    source: Source, text: str, *, title: str = "", published_at: dt.datetime | None = None, url: str | None = None
) -> Article:
    return Article.objects.create(
        source=source,
        text=text,
        title=title or f"Article {next(_serial)}",
        published_at=published_at or timezone.now(),
        url=url,
        content_hash=content_hash(text),
        extraction_status=Article.Extraction.DONE,
    )


def make_claim(
    article: Article,
    sentence: str,
    *,
    speaker: str = "",
    location: str = "",
    checkworthiness: float = 0.5,
    in_conflict: bool = False,
    status: str = Claim.Status.PENDING,
    **extra: Any,
) -> Claim:
    start = article.text.index(sentence)
    speaker_obj = Speaker.objects.get_or_create(name=speaker)[0] if speaker else None
    speaker_start = article.text.find(speaker) if speaker else -1
    bump_queue_generation()  # as the pipeline does when it stores claims
    adjust_status_totals({status: +1})
    claim = Claim.objects.create(
        article=article,
        start=start,
        end=start + len(sentence),
        text=sentence,
        sentence_key=sentence_key(sentence),
        speaker=speaker_obj,
        speaker_name=speaker,
        speaker_start=speaker_start if speaker_start >= 0 else None,
        speaker_end=speaker_start + len(speaker) if speaker_start >= 0 else None,
        location=location,
        checkworthiness=checkworthiness,
        in_conflict=in_conflict,
        status=status,
        status_rank=Claim.STATUS_RANK[Claim.Status(status)],
        **extra,
    )
    return claim


def make_figure(
    claim: Claim,
    text: str,
    value: float,
    *,
    low: float | None = None,
    high: float | None | str = "same",
    qualifier: str = "exact",
    metric: str = "killed",
    unit: str = "people",
    kind: str = "count",
) -> Figure:
    start = claim.article.text.index(text, claim.start)
    return Figure.objects.create(
        claim=claim,
        start=start,
        end=start + len(text),
        text=text,
        value=value,
        low=value if low is None else low,
        high=value if high == "same" else high,
        qualifier=qualifier,
        kind=kind,
        metric=metric,
        unit=unit,
    )


def make_conflict(
    figures: list[Figure], *, explanation: str = "The tolls cannot both hold.", kind: str = "conflict"
) -> Conflict:
    first = figures[0]
    conflict = Conflict.objects.create(
        kind=kind,
        key=f"{first.metric}|{first.claim.location}",
        signature=f"sig-{next(_serial)}",
        metric=first.metric,
        location=first.claim.location,
        explanation=explanation,
    )
    conflict.members.set(figures)
    Claim.objects.filter(figures__in=figures).update(in_conflict=True)
    return conflict


def make_queue(source: Source, count: int, *, prefix: str = "Claim", metric: str = "killed") -> list[Claim]:
    """``count`` claims, each in its own article with two figures and a speaker."""
    claims = []
    for index in range(count):
        sentence = f"{prefix} {index}: officials said {index + 3} people were killed and {index + 10} injured."
        article = make_article(source, f"Lead paragraph. {sentence} More text follows.")
        claim = make_claim(article, sentence, speaker="officials", location="Kyiv", checkworthiness=0.1 + index / 1000)
        make_figure(claim, f"{index + 3} people were killed", index + 3, metric=metric)
        make_figure(claim, f"{index + 10} injured", index + 10, metric="injured")
        claims.append(claim)
    return claims


HX = {"HTTP_HX_REQUEST": "true"}


def hx(target: str = "") -> dict[str, str]:
    """Headers htmx sends; ``target`` is the id of the element it will swap."""
    headers = dict(HX)
    if target:
        headers["HTTP_HX_TARGET"] = target
    return headers
