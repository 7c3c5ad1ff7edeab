"""What the API answers, as pydantic schemas (they make the OpenAPI document), and the
functions that fill them from rows already loaded (no queries of their own).

Plain pydantic models, not ``ninja.Schema``: the endpoints hand over dicts, and ninja's
Schema wraps every value in an attribute getter meant for ORM objects, which cost a third
of a 200-claim page.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import BaseModel, Field

from factcheck.models import Claim, Conflict, Figure, ReviewEvent, Story

CONFLICT_LEVELS = {0: "none", 1: "possible", 2: "conflict"}


class Problem(BaseModel):
    detail: str = Field(description="What went wrong, in words a person can act on.")


class StaleVersion(Problem):
    version: int = Field(description="The claim's current version: reload it before trying again.")
    changed_by: str


class InvalidInput(Problem):
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages per field.")


class ArticleIn(BaseModel):
    """One article: the fields of a ``manage.py ingest`` JSONL line (each a string or null)."""

    source: str = Field(description="The name of a source known to the workbench.")
    text: str | None = Field(None, description="The article's text; or give html.")
    html: str | None = Field(None, description="The article's HTML page, when there is no text.")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO-8601 date or date-time.")


class ArticleOutcome(BaseModel):
    index: int = Field(description="Position of the article in the request (0 for a single article).")
    status: str = Field(description="ingested | duplicate | rejected")
    reason: str = ""
    field: str | None = Field(None, description="The input field a rejection is about, when one is.")
    article: int | None = Field(None, description="The stored article's id (ingested, or the one it duplicates).")
    claims: int | None = Field(None, description="Claims extracted from an ingested article.")


class IngestReport(BaseModel):
    ingested: int
    duplicates: int
    rejected: int
    results: list[ArticleOutcome]


class FigureOut(BaseModel):
    id: int
    text: str
    value: float | None
    low: float | None
    high: float | None = Field(description="null: unbounded above.")
    qualifier: str
    kind: str
    metric: str
    unit: str
    start: int
    end: int


class ArticleRef(BaseModel):
    id: int
    title: str
    url: str | None
    source: str
    published_at: dt.datetime | None
    story: int | None


class ClaimOut(BaseModel):
    id: int
    url: str = Field(description="The claim's page in the workbench.")
    text: str
    status: str
    version: int = Field(description="Send it back with a verdict: a verdict on an older version is refused.")
    speaker: str
    speaker_as_written: str
    role: str
    cue: str
    quote: str
    location: str
    event_date: dt.date | None
    checkworthiness: float
    in_conflict: bool
    conflict_level: str = Field(description="none | possible | conflict")
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    article: ArticleRef
    figures: list[FigureOut]


class FindingFigure(FigureOut):
    claim: int
    source: str
    article: int


class FindingOut(BaseModel):
    id: int
    kind: str = Field(description="conflict | possible_conflict | update | copy | internal")
    status: str = Field(description="open | closed")
    key: str
    metric: str
    location: str
    explanation: str
    story: int | None
    first_seen: dt.datetime
    last_seen: dt.datetime
    figures: list[FindingFigure]


class ReviewEventOut(BaseModel):
    user: str
    from_status: str
    to_status: str
    note: str
    evidence_url: str
    at: dt.datetime


class ClaimDetailOut(ClaimOut):
    findings: list[FindingOut]
    history: list[ReviewEventOut]


class StoryOut(BaseModel):
    id: int
    url: str
    title: str
    first_published: dt.datetime | None
    last_published: dt.datetime | None
    last_activity: dt.datetime
    article_count: int
    source_count: int
    fact_count: int
    conflict_count: int


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next: str | None = Field(description="The next page, or null on the last one.")


class FindingPage(BaseModel):
    items: list[FindingOut]
    next: str | None


class StoryPage(BaseModel):
    items: list[StoryOut]
    next: str | None


class VerdictIn(BaseModel):
    status: str = Field(description="pending | verified | disputed")
    note: str = ""
    evidence_url: str = ""
    version: int = Field(description="The version of the claim the verdict is given on.")


def finite(value: float | None) -> float | None:
    """JSON has no infinity or NaN: an unbounded end is null."""
    return value if value is not None and math.isfinite(value) else None


def figure_out(figure: Figure) -> dict[str, Any]:
    return {
        "id": figure.pk,
        "text": figure.text,
        "value": finite(figure.value),
        "low": finite(figure.low),
        "high": finite(figure.high),
        "qualifier": figure.qualifier,
        "kind": figure.kind,
        "metric": figure.metric,
        "unit": figure.unit,
        "start": figure.start,
        "end": figure.end,
    }


def claim_out(claim: Claim) -> dict[str, Any]:
    """Needs article__source, speaker and reviewed_by loaded, figures prefetched."""
    article = claim.article
    return {
        "id": claim.pk,
        "url": claim.get_absolute_url(),
        "text": claim.text,
        "status": claim.status,
        "version": claim.version,
        "speaker": claim.speaker.name if claim.speaker else claim.speaker_name,
        "speaker_as_written": claim.speaker_name,
        "role": claim.role,
        "cue": claim.cue,
        "quote": claim.quote,
        "location": claim.location,
        "event_date": claim.event_date,
        "checkworthiness": finite(claim.checkworthiness) or 0.0,
        "in_conflict": claim.in_conflict,
        "conflict_level": CONFLICT_LEVELS.get(claim.conflict_level, "none"),
        "reviewed_by": claim.reviewed_by.get_username() if claim.reviewed_by else None,
        "reviewed_at": claim.reviewed_at,
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "source": article.source.name,
            "published_at": article.published_at,
            "story": article.story_id,
        },
        "figures": [figure_out(f) for f in claim.figures.all()],
    }


def finding_out(finding: Conflict) -> dict[str, Any]:
    """Needs members prefetched with claim__article__source."""
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "status": finding.status,
        "key": finding.key,
        "metric": finding.metric,
        "location": finding.location,
        "explanation": finding.explanation,
        "story": finding.story_id,
        "first_seen": finding.first_seen,
        "last_seen": finding.last_seen,
        "figures": [
            {
                **figure_out(f),
                "claim": f.claim_id,
                "source": f.claim.article.source.name,
                "article": f.claim.article_id,
            }
            for f in finding.members.all()
        ],
    }


def event_out(event: ReviewEvent) -> dict[str, Any]:
    return {
        "user": event.user.get_username(),
        "from_status": event.from_status,
        "to_status": event.to_status,
        "note": event.note,
        "evidence_url": event.evidence_url,
        "at": event.created_at,
    }


def story_out(story: Story) -> dict[str, Any]:
    return {
        "id": story.pk,
        "url": story.get_absolute_url(),
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "last_activity": story.last_activity,
        "article_count": story.article_count,
        "source_count": story.source_count,
        "fact_count": story.fact_count,
        "conflict_count": story.conflict_count,
    }
