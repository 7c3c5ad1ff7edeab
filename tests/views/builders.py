"""Small builders that write Article/Claim/Figure/Conflict rows directly.

They keep view tests independent of extraction quality: offsets are computed
from the text, so highlighting can be checked exactly.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from factcheck.crosscheck import refresh_conflict_flags
from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    Source,
    Speaker,
    Story,
    adjust_status_totals,
    bump_queue_generation,
    content_hash,
    forget_queue_counts,
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
    figures: list[Figure],
    *,
    explanation: str = "The tolls cannot both hold.",
    kind: str = "conflict",
    story: Story | None = None,
) -> Conflict:
    first = figures[0]
    conflict = Conflict.objects.create(
        kind=kind,
        story=story,
        key=f"{first.metric}|{first.claim.location}",
        signature=f"sig-{next(_serial)}",
        metric=first.metric,
        location=first.claim.location,
        explanation=explanation,
    )
    conflict.members.set(figures)
    refresh_conflict_flags(Claim.objects.filter(figures__in=figures))  # as storing findings does
    return conflict


def make_story(*articles: Article, title: str = "") -> Story:
    """A story holding ``articles`` (as clustering or an editor would have placed them)."""
    story = Story.objects.create(title=title)
    put_in_story(story, *articles)
    if title:
        Story.objects.filter(pk=story.pk).update(title=title)
        story.title = title
    return story


def put_in_story(story: Story, *articles: Article) -> Story:
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    for article in articles:
        article.story = story
    story.refresh_summary()
    return story


def make_copy(copy: Article, origin: Article, containment: float = 0.94) -> Article:
    """Mark ``copy`` as a republication of ``origin`` (as the story clustering does)."""
    Article.objects.filter(pk=copy.pk).update(copy_of=origin, copy_containment=containment)
    copy.copy_of, copy.copy_containment = origin, containment
    return copy


def make_big_story(n_articles: int, *, n_sources: int = 10, start: dt.datetime | None = None) -> Story:
    """A story of ``n_articles`` from ``n_sources`` sources, each with one claim and a toll; bulk-inserted."""
    start = start or timezone.now() - dt.timedelta(hours=12)
    sources = [make_source(f"Outlet {i:02d}") for i in range(n_sources)]
    serial = next(_serial)
    articles = Article.objects.bulk_create(
        Article(
            source=sources[i % n_sources],
            title=f"Strike on the city, report {i}",
            text=f"Report {serial}-{i}. Officials said {10 + i % 7} people were killed in Kyiv.",
            content_hash=content_hash(f"big-{serial}-{i}"),
            published_at=start + dt.timedelta(minutes=i),
            extraction_status=Article.Extraction.DONE,
        )
        for i in range(n_articles)
    )
    sentences = [a.text.split(". ", 1)[1] for a in articles]
    claims = Claim.objects.bulk_create(
        Claim(
            article=a,
            source_id=a.source_id,
            start=a.text.index(sentence),
            end=a.text.index(sentence) + len(sentence),
            text=sentence,
            sentence_key=sentence_key(sentence),
            speaker_name="Officials",
            location="Kyiv",
            event_date=start.date(),
            checkworthiness=0.5,
        )
        for a, sentence in zip(articles, sentences, strict=True)
    )
    figures = []
    for claim in claims:
        value = int(claim.text.split()[2])
        text = f"{value} people were killed"
        at = claim.start + claim.text.index(text)
        figures.append(
            Figure(
                claim=claim,
                start=at,
                end=at + len(text),
                text=text,
                value=value,
                low=value,
                high=value,
                metric="killed",
                unit="people",
            )
        )
    Figure.objects.bulk_create(figures)
    forget_queue_counts()  # rows written in bulk: the queue's cached totals are counted again
    story = make_story(*articles)
    # Every tenth report republishes the first one.
    Article.objects.filter(pk__in=[a.pk for a in articles[10::10]]).update(copy_of=articles[0], copy_containment=0.9)
    return story


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
