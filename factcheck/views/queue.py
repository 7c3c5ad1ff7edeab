"""The review queue: filtered, keyset-paginated list, status counts, bulk verdicts, exports."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from factcheck.figure_labels import figure_value_label, interval_label, metric_words, unit_in_metric
from factcheck.forms import BulkVerdictForm, QueueFilterForm
from factcheck.models import (
    STATUS_TOTALS_TIMEOUT,
    Claim,
    ClaimQuerySet,
    StaleClaim,
    Story,
    queue_generation,
    status_moves_between,
    status_totals,
)

from .access import can_edit, editable_claims, readable_claims
from .common import htmx_target, queue_changed, whole_number

PAGE_SIZE = 25
BULK_LIMIT = 500
EXPORT_CHUNK = 2000
# A stable, namespaced vocabulary for what schema.org has no term for (structured figures).
FCW_NAMESPACE = "https://factcheck-workbench.example/ns#"


@dataclass(frozen=True)
class Cursor:
    """Position after the last row shown, in the order of the claim_queue_order index."""

    status_rank: int
    conflict_level: int
    checkworthiness: float
    id: int

    @classmethod
    def of(cls, claim: Claim) -> Cursor:
        return cls(claim.status_rank, claim.conflict_level, claim.checkworthiness, claim.pk)

    @classmethod
    def parse(cls, raw: str) -> Cursor | None:
        """``"rank_level_worthiness_id"``; anything malformed means "first page"."""
        try:
            rank, level, worthiness, pk = raw.split("_")
            cursor = cls(int(rank), int(level), float(worthiness), int(pk))
        except ValueError:
            return None
        return cursor if math.isfinite(cursor.checkworthiness) and cursor.conflict_level >= 0 else None

    def encode(self) -> str:
        return f"{self.status_rank}_{self.conflict_level}_{self.checkworthiness!r}_{self.id}"

    def rows_after(self) -> Q:
        # Mirrors in_queue_order(): status_rank ASC, conflict_level DESC, checkworthiness DESC, id DESC.
        same_rank = Q(status_rank=self.status_rank)
        same_level = same_rank & Q(conflict_level=self.conflict_level)
        return (
            Q(status_rank__gt=self.status_rank)
            # conflicts sort first, then possible conflicts, then the rest of this rank
            | (same_rank & Q(conflict_level__lt=self.conflict_level))
            | (same_level & Q(checkworthiness__lt=self.checkworthiness))
            | (same_level & Q(checkworthiness=self.checkworthiness, id__lt=self.id))
        )


@dataclass
class BulkReport:
    status_label: str
    done: list[Claim] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.done)} claim{'s' if len(self.done) != 1 else ''} marked {self.status_label.lower()}."
        if self.refused:
            text += " Refused: " + "; ".join(f"#{pk}: {reason}" for pk, reason in self.refused)
        return text


def filtered_claims(request: HttpRequest, params: QueryDict) -> tuple[QueueFilterForm, ClaimQuerySet]:
    form = QueueFilterForm(params)
    return form, form.apply(readable_claims(request))


def with_row_data(claims: ClaimQuerySet) -> ClaimQuerySet:
    """Everything a queue row shows, in a constant number of queries."""
    return (
        claims.select_related("article__source", "article__story", "speaker", "opened_by")
        # Whole article bodies and the clustering's term vectors: never shown in a row.
        .defer("article__text", "article__story_terms", "article__copy_signature", "article__story__centroid")
        .prefetch_related("figures")
    )


QUALIFIER_LABELS = {
    "exact": "exactly",
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "up to",
    "fewer_than": "fewer than",
    "about": "about",
    "nearly": "nearly",
    "range": "range",
}


CHANGE_LABELS = {"up": "up", "down": "down"}  # a change is shown before its value: "up 4.5%"


def label_qualifiers(figures: Any) -> None:
    # Display strings made here once: template filters like floatformat cost more per row.
    for figure in figures:
        figure.qualifier_label = QUALIFIER_LABELS.get(figure.qualifier, figure.qualifier.replace("_", " "))
        figure.value_label = figure_value_label(figure.kind, figure.value, figure.unit, figure.text)
        figure.metric_label = metric_words(figure.metric) if figure.metric else figure.kind
        figure.interval_label = interval_label(figure.kind, figure.qualifier, figure.low, figure.high, figure.unit)
        figure.change_label = CHANGE_LABELS.get(figure.change, "")
        # "4.5%", "$1.5bn": the unit is already in the value; "12 km" keeps it beside the value.
        figure.show_unit = bool(figure.unit) and figure.kind != "money" and figure.unit not in figure.value_label
        figure.show_unit = figure.show_unit and not unit_in_metric(figure.unit, figure.metric or "")


def mark_reviewers(request: HttpRequest, claims: list[Claim]) -> list[Claim]:
    """Per-row display data, from what is already loaded (no queries)."""
    for claim in claims:
        claim.reviewer = claim.opened_by_other(request.user)  # type: ignore[attr-defined]
        claim.worth_label = f"{claim.checkworthiness:.2f}"  # type: ignore[attr-defined]
        claim.short_text = claim.text if len(claim.text) <= 220 else claim.text[:219] + "…"  # type: ignore[attr-defined]
        published = claim.article.published_at
        claim.published_label = (  # type: ignore[attr-defined]
            timezone.localtime(published).strftime("%-d %b %Y %H:%M") if published else "undated"
        )
        label_qualifiers(claim.figures.all())
    return claims


def status_counts(request: HttpRequest, params: QueryDict) -> list[dict[str, Any]]:
    """Claims per status under the current filters (ignoring the status filter itself)."""
    others = params.copy()
    others.pop("status", None)
    others.pop("after", None)
    readable_claims(request)
    # Counting a million rows per page view is the queue's most expensive query: the
    # unfiltered totals are kept up to date incrementally, filtered ones cached and replayed.
    totals = _filtered_totals(request, others) if others else status_totals()
    current = params.get("status", "")
    counts = []
    for value, label in Claim.Status.choices:
        link = others.copy()
        link["status"] = value
        counts.append(
            {
                "status": value,
                "label": label,
                "count": totals[value],
                "url": "?" + link.urlencode(),
                "active": current == value,
            }
        )
    return counts


def _filtered_totals(request: HttpRequest, others: QueryDict) -> dict[str, int]:
    """Claims per status under filters, cached and brought up to date by replaying the
    verdicts given since (one query on the moved claims) instead of counting again."""
    key = "queue-counts:" + hashlib.sha1(others.urlencode().encode()).hexdigest()
    generation = queue_generation()
    cached = cache.get(key)
    if cached is not None and cached["generation"] == generation:
        return cached["totals"]
    moves = status_moves_between(cached["generation"], generation) if cached is not None else None
    _, claims = filtered_claims(request, others)
    if moves is None:
        totals = claims.aggregate(**{value: Count("pk", filter=Q(status=value)) for value in Claim.Status.values})
    else:
        totals = dict(cached["totals"])
        matching = set(claims.filter(pk__in={pk for pk, _, _ in moves}).values_list("pk", flat=True))
        for pk, before, after in moves:
            if pk in matching:
                totals[before] -= 1
                totals[after] += 1
    cache.set(key, {"generation": generation, "totals": totals}, timeout=STATUS_TOTALS_TIMEOUT)
    return totals


def queue_context(request: HttpRequest, params: QueryDict, **extra: Any) -> dict[str, Any]:
    form, claims = filtered_claims(request, params)
    cursor = Cursor.parse(params.get("after", ""))
    page = with_row_data(claims.in_queue_order())
    if cursor:
        page = page.filter(cursor.rows_after())
    rows = mark_reviewers(request, list(page[: PAGE_SIZE + 1]))
    next_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        following = params.copy()
        following["after"] = Cursor.of(rows[-1]).encode()
        next_url = reverse("review-queue") + "?" + following.urlencode()
    filters = params.copy()
    filters.pop("after", None)
    query = filters.urlencode()
    story_id = getattr(form, "cleaned_data", {}).get("story")
    return {
        "form": form,
        "story_filter": Story.objects.defer("centroid").filter(pk=story_id).first() if story_id else None,
        "claims": rows,
        "next_url": next_url,
        "first_page": cursor is None,
        "counts": status_counts(request, params),
        "can_edit": can_edit(request),
        "query": query,
        "return_to": reverse("review-queue") + ("?" + query if query else ""),
        **extra,
    }


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    context = queue_context(request, request.GET)
    target = htmx_target(request)
    if target == "queue-more":
        return render(request, "queue.html#rows", context)
    if target == "queue-results":
        return render(request, "queue.html#results", context)
    return render(request, "queue.html", context)


@require_safe
def queue_counts(request: HttpRequest) -> HttpResponse:
    readable_claims(request)
    if not request.htmx:
        query = request.GET.urlencode()
        return HttpResponseRedirect(reverse("review-queue") + ("?" + query if query else ""))
    return render(
        request, "queue.html#counts", {"counts": status_counts(request, request.GET), "query": request.GET.urlencode()}
    )


@require_POST
def bulk_verdict(request: HttpRequest) -> HttpResponse:
    """One verdict for the ticked claims; each is checked against the version its row showed."""
    claims = editable_claims(request)
    form = BulkVerdictForm(request.POST)
    ids = [pk for pk in map(whole_number, request.POST.getlist("claim")) if pk is not None][:BULK_LIMIT]
    back = reverse("review-queue") + ("?" + request.GET.urlencode() if request.GET else "")
    if not form.is_valid() or not ids:
        problem = "Tick at least one claim." if not ids else _errors(form)
        if request.htmx:
            response = render(request, "queue.html#results", queue_context(request, request.GET, error=problem))
            response.status_code = 422
            return response
        messages.error(request, problem)
        return HttpResponseRedirect(back)

    verdict = form.verdict()
    report = BulkReport(status_label=Claim.Status(verdict.status).label)
    found = {claim.pk: claim for claim in claims.filter(pk__in=ids)}
    for pk in ids:
        claim = found.get(pk)
        version = whole_number(request.POST.get(f"version-{pk}"))
        if claim is None:
            report.refused.append((pk, "no such claim"))
        elif version is None:
            report.refused.append((pk, "no version sent — reload"))
        else:
            try:
                claim.set_verdict(request.user, verdict.status, verdict.note, verdict.evidence_url, version)
            except StaleClaim as stale:
                report.refused.append((pk, str(stale)))
            else:
                report.done.append(claim)

    if request.htmx:
        response = render(request, "queue.html#results", queue_context(request, request.GET, report=report))
        return queue_changed(response) if report.done else response
    (messages.warning if report.refused else messages.success)(request, report.summary())
    return HttpResponseRedirect(back)


def _errors(form: Any) -> str:
    return " ".join(
        f"{'' if name == '__all__' else name.replace('_', ' ').capitalize() + ': '}{' '.join(errs)}"
        for name, errs in form.errors.items()
    )


# --- Exports of the current filter --------------------------------------------------------------


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    # Spreadsheet apps run cells starting with these as formulas (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _num(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if value == int(value) else value


CSV_HEADER = [
    "id",
    "status",
    "claim",
    "speaker",
    "role",
    "cue",
    "quote",
    "location",
    "event_date",
    "checkworthiness",
    "in_conflict",
    "possible_conflict",
    "figures",
    "source",
    "article_title",
    "article_url",
    "published_at",
    "reviewed_by",
    "reviewed_at",
    "claim_url",
]


def _export_rows(request: HttpRequest) -> tuple[str, ClaimQuerySet]:
    """Why the filter cannot be exported ("" if it can), and the rows it selects."""
    form, claims = filtered_claims(request, request.GET)
    return form.problem(), (
        claims.in_queue_order()
        .select_related("article__source", "speaker", "reviewed_by")
        .defer("article__text")
        .prefetch_related("figures")
    )


def _bad_filter(problem: str) -> HttpResponse:
    # An export of an invalid filter would hold claims it was meant to leave out, or none.
    message = f"Invalid filter, nothing exported. {problem}\n"
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


# JSON-LD is pasted into <script type="application/ld+json"> on a publisher's page: a "</script>"
# (or "<!--") in a claim would end the script there, and U+2028/U+2029 end a line in older
# JavaScript. In JSON these characters only occur inside strings, where the escapes mean the same.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def embeddable_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element and parses back to ``value``.

    >>> embeddable_json({"text": "</script>"})
    '{"text": "\\\\u003c/script\\\\u003e"}'
    """
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


def _in_batches(pieces: Iterator[str], size: int = 500) -> Iterator[str]:
    """Join streamed pieces so a million-row export is not a million socket writes."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    problem, claims = _export_rows(request)
    if problem:
        return _bad_filter(problem)
    base = request.build_absolute_uri("/").rstrip("/")

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_HEADER)
        for claim in claims.iterator(chunk_size=EXPORT_CHUNK):
            figures = "; ".join(
                f"{f.text} = {f.interval_display()} {f.qualifier} {f.metric} {f.unit}".strip()
                for f in claim.figures.all()
            )
            article = claim.article
            yield writer.writerow(
                [
                    _cell(value)
                    for value in (
                        claim.pk,
                        claim.status,
                        claim.text,
                        claim.speaker.name if claim.speaker else claim.speaker_name,
                        claim.role,
                        claim.cue,
                        claim.quote,
                        claim.location,
                        claim.event_date or "",
                        claim.checkworthiness,
                        int(claim.in_conflict),
                        int(claim.conflict_level == Claim.ConflictLevel.POSSIBLE),
                        figures,
                        article.source.name,
                        article.title,
                        article.url or "",
                        article.published_at.isoformat() if article.published_at else "",
                        claim.reviewed_by.get_username() if claim.reviewed_by else "",
                        claim.reviewed_at.isoformat() if claim.reviewed_at else "",
                        base + claim.get_absolute_url(),
                    )
                ]
            )

    response = StreamingHttpResponse(_in_batches(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claims-{timezone.now():%Y%m%d-%H%M}.csv"'
    return response


def claim_review(claim: Claim, base: str) -> dict[str, Any]:
    """One schema.org ClaimReview, figures kept as structured values under our namespace."""
    article = claim.article
    speaker = claim.speaker.name if claim.speaker else claim.speaker_name
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": article.title,
        "publisher": {"@type": "Organization", "name": article.source.name},
    }
    if article.url:
        appearance["url"] = article.url
    if article.published_at:
        appearance["datePublished"] = article.published_at.isoformat()
    item: dict[str, Any] = {
        "@type": "Claim",
        "text": claim.text,
        "author": {
            "@type": "Person" if claim.speaker and claim.speaker.kind == "person" else "Organization",
            "name": speaker or article.source.name,
        },
        "appearance": appearance,
    }
    if article.published_at:
        item["datePublished"] = article.published_at.date().isoformat()
    if claim.location:
        item["spatialCoverage"] = {"@type": "Place", "name": claim.location}
    verified = claim.status == Claim.Status.VERIFIED
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": base + claim.get_absolute_url(),
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 5 if verified else 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": claim.get_status_display(),
        },
        "fcw:figures": [
            {
                "text": f.text,
                "value": _num(f.value),
                "low": _num(f.low),
                "high": _num(f.high),
                "qualifier": f.qualifier,
                "kind": f.kind,
                "metric": f.metric,
                "unit": f.unit,
            }
            for f in claim.figures.all()
        ],
    }
    if claim.reviewed_at:
        review["datePublished"] = claim.reviewed_at.date().isoformat()
    if claim.reviewed_by:
        review["author"] = {"@type": "Person", "name": claim.reviewed_by.get_username()}
    return review


@require_safe
def export_claimreview(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """ClaimReview JSON-LD for the filtered claims that have a verdict, streamed as one @graph."""
    problem, claims = _export_rows(request)
    if problem:
        return _bad_filter(problem)
    claims = claims.exclude(status=Claim.Status.PENDING)
    base = request.build_absolute_uri("/").rstrip("/")

    def chunks() -> Iterator[str]:
        head = {"@context": ["https://schema.org", {"fcw": FCW_NAMESPACE}]}
        yield embeddable_json(head)[:-1] + ', "@graph": ['
        for index, claim in enumerate(claims.iterator(chunk_size=EXPORT_CHUNK)):
            yield ("," if index else "") + "\n" + embeddable_json(claim_review(claim, base))
        yield "\n]}\n"

    response = StreamingHttpResponse(_in_batches(chunks(), 100), content_type="application/ld+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claimreview-{timezone.now():%Y%m%d-%H%M}.jsonld"'
    return response
