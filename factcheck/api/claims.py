"""Reading claims, findings and stories, and giving verdicts, with the pages' permissions.

Lists walk in keyset order: ``next`` is the same query with ``after`` set to the last row
shown, so a robot walking the pages sees every row once, however deep it goes. Claims come
in the queue's order and take the queue's filters (factcheck/forms.py QueueFilterForm);
findings and stories newest first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from factcheck.forms import MAX_ID, VerdictForm
from factcheck.models import Claim, Conflict, Figure, StaleClaim
from factcheck.views.access import can_read, editable_claims, readable_claims, readable_stories
from factcheck.views.queue import Cursor, filtered_claims, with_row_data

from .main import ApiError
from .schemas import (
    ClaimDetailOut,
    ClaimOut,
    ClaimPage,
    FindingPage,
    InvalidInput,
    Problem,
    StaleVersion,
    StoryPage,
    VerdictIn,
    claim_out,
    event_out,
    finding_out,
    story_out,
)

router = Router()

MAX_LIMIT = 200
ClaimId = Path(..., ge=1, le=MAX_ID, description="The claim's id.")
READ_ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 429: Problem}


class ClaimFilters(Schema):
    """The review queue's filters; every one optional, and they combine."""

    q: str | None = Field(None, description="Text contains (case-insensitive).")
    status: str | None = Field(None, description="pending | verified | disputed")
    source: str | None = Field(None, description="A source's id.")
    speaker: str | None = Field(None, description="Speaker's name contains.")
    metric: str | None = Field(None, description="What a figure counts, e.g. killed.")
    location: str | None = None
    published_from: str | None = Field(None, description="YYYY-MM-DD")
    published_to: str | None = Field(None, description="YYYY-MM-DD")
    conflict: str | None = Field(None, description="yes | possible | no")
    story: str | None = Field(None, description="A story's number.")
    after: str | None = Field(None, description="The cursor from the previous page's next link.")


def _limit(limit: int | None) -> int:
    return min(limit or settings.API_PAGE_SIZE, MAX_LIMIT)


def _next_link(request: HttpRequest, after: str) -> str:
    params = request.GET.copy()
    params["after"] = after
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


def _queue_cursor(raw: str | None) -> Cursor | None:
    if not raw:
        return None
    cursor = Cursor.parse(raw)
    if (
        cursor is None
        or cursor.status_rank not in Claim.STATUS_RANK.values()
        or cursor.conflict_level not in Claim.ConflictLevel.values
        or not 1 <= cursor.id <= MAX_ID
    ):
        raise ApiError(400, "after: not a cursor from this API's next link; start again without it.")
    return cursor


def _claims_with_details(claims: Any) -> Any:
    return with_row_data(claims).select_related("reviewed_by")


@router.get(
    "/claims",
    url_name="claims",
    tags=["claims"],
    summary="Claims, in the review queue's order and with its filters",
    response={200: ClaimPage, **READ_ERRORS},
)
def list_claims(
    request: HttpRequest,
    filters: Query[ClaimFilters],
    limit: int | None = Query(None, ge=1, le=MAX_LIMIT, description="Rows per page (default API_PAGE_SIZE)."),
) -> Any:
    form, claims = filtered_claims(request, request.GET)
    if not form.is_valid():
        raise ApiError(400, "Invalid filter: " + form.problem(), errors=form.errors.get_json_data())
    cursor = _queue_cursor(filters.after)
    page = _claims_with_details(claims.in_queue_order())
    if cursor is not None:
        page = page.filter(cursor.rows_after())
    size = _limit(limit)
    rows = list(page[: size + 1])
    following = None
    if len(rows) > size:
        rows = rows[:size]
        following = _next_link(request, Cursor.of(rows[-1]).encode())
    return {"items": [claim_out(c) for c in rows], "next": following}


def _findings_of(claims: Any) -> Any:
    members = Figure.objects.select_related("claim__article__source").order_by("claim_id", "start")
    return (
        Conflict.objects.filter(members__claim__in=claims)
        .distinct()
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("-id")
    )


@router.get(
    "/claims/{claim_id}",
    url_name="claim",
    tags=["claims"],
    summary="One claim with its figures, speaker, story, findings and review history",
    response={200: ClaimDetailOut, 404: Problem, **READ_ERRORS},
)
def get_claim(request: HttpRequest, claim_id: int = ClaimId) -> Any:
    claim = _claims_with_details(readable_claims(request)).filter(pk=claim_id).first()
    if claim is None:
        raise ApiError(404, f"No claim #{claim_id}.")
    return {
        **claim_out(claim),
        "findings": [finding_out(f) for f in _findings_of([claim])],
        "history": [event_out(e) for e in claim.events.select_related("user")[:500]],
    }


@router.post(
    "/claims/{claim_id}/verdict",
    url_name="claim-verdict",
    tags=["claims"],
    summary="Give a verdict (editors)",
    description=(
        "Marks the claim pending, verified or disputed, with a note and an evidence link, as the claim page"
        " does: send the version you read. If someone changed the claim since, nothing is written and the"
        " answer is 409 with who changed it: reload and decide again."
    ),
    response={200: ClaimOut, 404: Problem, 409: StaleVersion, 422: InvalidInput, **READ_ERRORS},
)
def give_verdict(request: HttpRequest, payload: VerdictIn, claim_id: int = ClaimId) -> Any:
    claim = editable_claims(request).filter(pk=claim_id).first()
    if claim is None:
        raise ApiError(404, f"No claim #{claim_id}.")
    form = VerdictForm({name: str(value) for name, value in payload.model_dump().items()})
    if not form.is_valid():
        errors = {name: list(messages) for name, messages in form.errors.items()}
        detail = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items())
        raise ApiError(422, detail, errors=errors)
    verdict = form.verdict()
    try:
        claim.set_verdict(
            request.user, verdict.status, verdict.note, verdict.evidence_url, form.cleaned_data["version"]
        )
    except StaleClaim as stale:
        raise ApiError(409, str(stale), version=stale.claim.version, changed_by=stale.by) from None
    return claim_out(_claims_with_details(Claim.objects.filter(pk=claim.pk)).get())


@router.get(
    "/conflicts",
    url_name="conflicts",
    tags=["findings"],
    summary="Findings: conflicts, possible conflicts, updates, copies, inconsistencies",
    response={200: FindingPage, **READ_ERRORS},
)
def list_conflicts(
    request: HttpRequest,
    kind: str | None = Query(None, description="conflict | possible_conflict | update | copy | internal"),
    status: str | None = Query(None, description="open | closed"),
    story: int | None = Query(None, ge=1, le=MAX_ID),
    after: int | None = Query(None, ge=1, le=MAX_ID, description="The last id of the previous page."),
    limit: int | None = Query(None, ge=1, le=MAX_LIMIT),
) -> Any:
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can see findings.")
    findings = Conflict.objects.all()
    if kind:
        if kind not in Conflict.Kind.values:
            raise ApiError(400, f"kind: one of {', '.join(Conflict.Kind.values)}.")
        findings = findings.filter(kind=kind)
    if status:
        if status not in Conflict.Status.values:
            raise ApiError(400, f"status: one of {', '.join(Conflict.Status.values)}.")
        findings = findings.filter(status=status)
    if story:
        findings = findings.filter(story_id=story)
    if after:
        findings = findings.filter(pk__lt=after)
    members = Figure.objects.select_related("claim__article__source").order_by("claim_id", "start")
    size = _limit(limit)
    rows = list(findings.order_by("-id").prefetch_related(Prefetch("members", queryset=members))[: size + 1])
    following = _next_link(request, str(rows[size - 1].pk)) if len(rows) > size else None
    return {"items": [finding_out(f) for f in rows[:size]], "next": following}


@router.get(
    "/stories",
    url_name="stories",
    tags=["stories"],
    summary="Stories (one event across outlets), newest first",
    response={200: StoryPage, **READ_ERRORS},
)
def list_stories(
    request: HttpRequest,
    min_articles: int | None = Query(None, ge=1, le=1_000_000),
    after: int | None = Query(None, ge=1, le=MAX_ID, description="The last id of the previous page."),
    limit: int | None = Query(None, ge=1, le=MAX_LIMIT),
) -> Any:
    stories = readable_stories(request).live().defer("centroid")
    if min_articles:
        stories = stories.filter(article_count__gte=min_articles)
    if after:
        stories = stories.filter(pk__lt=after)
    size = _limit(limit)
    rows = list(stories.order_by("-id")[: size + 1])
    following = _next_link(request, str(rows[size - 1].pk)) if len(rows) > size else None
    return {"items": [story_out(s) for s in rows[:size]], "next": following}
