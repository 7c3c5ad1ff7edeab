"""``POST /api/articles``: one article or a list, checked and answered article by article."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import Count
from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from factcheck import pipeline, validation
from factcheck.models import Claim

from .ingest import ItemOutcome, ingest_request
from .main import ApiError
from .schemas import ArticleIn, ArticleOutcome, IngestReport, Problem
from .security import api_token_of

router = Router(tags=["articles"])

_ARTICLE_SCHEMA = ArticleIn.model_json_schema()
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA}],
                    "description": "One article, or a list of them (the fields of a manage.py ingest JSONL line).",
                }
            }
        },
    }
}


def may_ingest(request: HttpRequest) -> bool:
    """Admins (who ingest in Django admin), or a token made for a robot that ingests."""
    token = api_token_of(request)
    if token is not None and token.can_ingest:
        return True
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_perm("factcheck.add_article"))


def _read_body(request: HttpRequest) -> Any:
    limit = settings.MAX_UPLOAD_BYTES
    too_big = ApiError(
        413, f"The request body is over the limit of {limit:,} bytes (MAX_UPLOAD_BYTES); nothing was saved."
    )
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_big from None
    if len(body) > limit:
        raise too_big
    if not body.strip():
        raise ApiError(400, "The request body is empty: send one article (a JSON object) or a list of them.")
    try:
        return validation.load_json(pipeline.decode_text(body, "the request body"), "the request body")
    except validation.IngestError as exc:
        raise ApiError(400, f"{exc}; nothing was saved.") from None


def _report(outcomes: list[ItemOutcome]) -> dict[str, Any]:
    stored = [o.article_id for o in outcomes if o.status == "ingested" and o.article_id]
    claims = (
        dict(
            Claim.objects.filter(article_id__in=stored)
            .values("article_id")
            .annotate(n=Count("pk"))
            .values_list("article_id", "n")
        )
        if stored
        else {}
    )
    results = [
        ArticleOutcome(
            index=o.index,
            status=o.status,
            reason=o.reason,
            field=o.field,
            article=o.article_id,
            claims=claims.get(o.article_id, 0) if o.status == "ingested" and o.article_id else None,
        )
        for o in outcomes
    ]
    counts = {status: sum(o.status == status for o in outcomes) for status in ("ingested", "duplicate", "rejected")}
    return {
        "ingested": counts["ingested"],
        "duplicates": counts["duplicate"],
        "rejected": counts["rejected"],
        "results": results,
    }


@router.post(
    "/articles",
    url_name="articles",
    summary="Send articles to be ingested",
    description=(
        "One article (a JSON object) or a list of up to API_MAX_BATCH. Each is checked as a line of"
        " `manage.py ingest` is, and answered by its index: ingested (with its id and claims), duplicate"
        " (with the article it duplicates) or rejected (with the reason and the field at fault). A bad"
        " article in a list does not stop the others. A single article answers 201 when ingested,"
        " 200 when a duplicate and 422 when rejected; a list answers 200."
    ),
    response={
        200: IngestReport,
        201: IngestReport,
        422: IngestReport,
        **{code: Problem for code in (400, 401, 403, 413, 429)},
    },
    openapi_extra=_BODY,
)
def post_articles(request: HttpRequest) -> Any:
    if not may_ingest(request):
        raise PermissionDenied("Only admins can send articles, or a token an admin allowed to ingest (can_ingest).")
    data = _read_body(request)
    single = isinstance(data, dict)
    if not single and not isinstance(data, list):
        raise ApiError(400, f"Send one article (a JSON object) or a list of them, not {validation.json_kind(data)}.")
    items = [data] if single else data
    if not items:
        raise ApiError(400, "The list is empty: send at least one article.")
    if len(items) > settings.API_MAX_BATCH:
        raise ApiError(
            413,
            f"{len(items):,} articles in one request: at most {settings.API_MAX_BATCH:,} (API_MAX_BATCH);"
            " nothing was saved. Send them in several requests.",
        )
    report = _report(ingest_request(items))
    if not single:
        return Status(200, report)
    status = {"ingested": 201, "duplicate": 200}.get(report["results"][0].status, 422)
    return Status(status, report)
