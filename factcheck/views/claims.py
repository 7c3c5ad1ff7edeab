"""One claim: read it in its article beside the other sources, and review it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST, require_safe

from factcheck import track_record
from factcheck.figure_labels import reason_words
from factcheck.forms import NoteForm, VerdictForm
from factcheck.models import Claim, Conflict, Figure, FindingDecision, StaleClaim

from .access import can_edit, editable_claims, readable_claims
from .chart import Chart, interval_chart
from .common import htmx_target, queue_changed, redirect_back, whole_number
from .follows import claim_buttons
from .highlight import Span, highlight
from .queue import BulkReport, label_qualifiers, mark_reviewers, with_row_data
from .stories import decision_history, mark_decidable

REVIEW_PANEL = "review-panel"
COMPARE_LIMIT = 12


@dataclass
class Comparison:
    """One fact as several sources give it: a recorded conflict, or same metric and place."""

    title: str
    kind: str
    explanation: str
    figures: list[Figure]
    chart: Chart | None
    finding: Conflict | None = None  # the recorded finding, which an editor may decide


def _when(figure: Figure) -> dt.datetime:
    article = figure.claim.article
    return article.published_at or article.ingested_at


def _chart_label(figure: Figure) -> str:
    label = figure.claim.article.source.name
    return label if len(label) <= 26 else label[:25] + "…"


def comparisons(claim: Claim, figures: list[Figure]) -> list[Comparison]:
    own = {f.pk for f in figures}
    related = Figure.objects.select_related("claim__article__source", "claim__speaker")
    conflicts = list(
        Conflict.objects.filter(members__claim=claim).distinct().prefetch_related(Prefetch("members", queryset=related))
    )
    found = []
    for conflict in conflicts:
        members = sorted(conflict.members.all(), key=_when)
        where = f" in {conflict.location}" if conflict.location else ""
        mark_decidable(conflict)
        found.append(
            Comparison(
                title=f"{conflict.metric or conflict.key}{where}",
                kind=conflict.get_kind_display(),
                explanation=conflict.explanation,
                figures=members,
                chart=interval_chart(members, own, _chart_label),
                finding=conflict,
            )
        )
    if found:
        return found

    # No recorded conflict: show what other articles say about the same metric in the same place.
    comparable = [f for f in figures if f.kind in Figure.COMPARABLE_KINDS and f.metric]
    if not comparable:
        return []
    # The same fact: metric, place and (when known) the day, so the lookup stays narrow at any size.
    same_fact = Q(metric__in={f.metric for f in comparable}, claim__location=claim.location)
    if claim.event_date:
        day = dt.timedelta(days=1)
        same_fact &= Q(claim__event_date__range=(claim.event_date - day, claim.event_date + day))
    others = list(
        related.comparable()
        .filter(same_fact)
        .exclude(claim__article_id=claim.article_id)
        .order_by("-claim__article__published_at", "-id")[: COMPARE_LIMIT * len(comparable)]
    )
    for figure in comparable:
        peers = [o for o in others if o.metric == figure.metric and o.unit == figure.unit][:COMPARE_LIMIT]
        if not peers:
            continue
        members = sorted([figure, *peers], key=_when)
        where = f" in {claim.location}" if claim.location else ""
        found.append(
            Comparison(
                title=f"{figure.metric}{where}",
                kind="Same metric and place",
                explanation="No conflict recorded: other articles' figures for the same metric and place.",
                figures=members,
                chart=interval_chart(members, own, _chart_label),
            )
        )
    return found


def _locate(text: str, fragment: str, start: int, within: tuple[int, int]) -> int | None:
    """Where ``fragment`` is in ``text``: at ``start`` if the stored offset still fits, else searched for."""
    if fragment and text[start : start + len(fragment)] == fragment:
        return start
    found = text.find(fragment, *within) if fragment else -1
    return found if found >= 0 else None


def mark_record_lines(found: list[Comparison]) -> None:
    """Each recorded finding's track-record line per source and speaker in it (one query for all)."""
    findings = [(cmp.finding, cmp.figures) for cmp in found if cmp.finding is not None]
    lines = track_record.party_lines(findings)
    for cmp in found:
        cmp.record_lines = lines.get(cmp.finding.pk, []) if cmp.finding else []  # type: ignore[attr-defined]


def article_spans(claim: Claim, figures: list[Figure]) -> tuple[str, list[Span]]:
    """Spans for the claim, its figures and its speaker; offsets from an older extraction are re-found by text."""
    text = claim.article.text
    spans: list[Span] = []
    begin = _locate(text, claim.text, claim.start, (0, len(text)))
    if begin is not None:
        spans.append(Span(begin, begin + len(claim.text), "claim", attrs={"id": "the-claim"}))
    sentence = (begin, begin + len(claim.text)) if begin is not None else (0, len(text))
    for figure in figures:
        at = _locate(text, figure.text, figure.start, sentence)
        if at is not None:
            title = f"{figure.metric} {figure.interval_display()}".strip()
            spans.append(Span(at, at + len(figure.text), "figure", attrs={"title": title}))
    if claim.speaker_start is not None and claim.speaker_end is not None:
        spans.append(Span(claim.speaker_start, claim.speaker_end, "speaker", tag="span"))
    return text, spans


def review_context(request: HttpRequest, claim: Claim, **extra: Any) -> dict[str, Any]:
    """What the review panel (status, forms, copies, history) needs; a swap target of its own."""
    copies = list(
        Claim.objects.copies_of(claim).select_related("article__source").order_by("article__published_at", "id")[:100]
    )
    return {
        "claim": claim,
        "can_edit": can_edit(request),
        "verdict_form": extra.pop("verdict_form", None)
        or VerdictForm(initial={"version": claim.version, "status": claim.status}),
        "note_form": extra.pop("note_form", None) or NoteForm(initial={"version": claim.version}),
        "copies": copies,
        "events": list(claim.events.select_related("user")),
        "return_to": claim.get_absolute_url(),
        **extra,
    }


def _claim_for_page(request: HttpRequest, pk: int, *, edit: bool = False) -> Claim:
    claims = editable_claims(request) if edit else readable_claims(request)
    claims = claims.select_related("article__source", "article__story", "speaker", "opened_by", "reviewed_by")
    return get_object_or_404(claims.defer("article__story_terms", "article__story__centroid"), pk=pk)


def detail_context(request: HttpRequest, claim: Claim, **extra: Any) -> dict[str, Any]:
    figures = list(claim.figures.all())
    text, spans = article_spans(claim, figures)
    found = comparisons(claim, figures)
    label_qualifiers([*figures, *(f for cmp in found for f in cmp.figures)])
    # Editors' "same fact" / "different facts" on findings this claim's figures are in.
    decisions = FindingDecision.objects.filter(conflict__members__claim=claim).distinct()
    mark_record_lines(found)
    return {
        **review_context(request, claim, **extra),
        **claim_buttons(request, claim),
        "figures": figures,
        "article_html": highlight(text, spans),
        "comparisons": found,
        "decisions": decision_history(decisions.select_related("user", "conflict")[:500]),
        "reasons": [reason_words(r) for r in claim.checkworthiness_reasons]
        if isinstance(claim.checkworthiness_reasons, list)
        else [],
    }


@require_safe
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for_page(request, pk)
    reviewer = claim.opened_by_other(request.user)
    if can_edit(request):
        claim.mark_opened(request.user)
    context = detail_context(request, claim, reviewer=reviewer)
    if htmx_target(request) == REVIEW_PANEL:
        return render(request, "claim_detail.html#review-panel", context)
    return render(request, "claim_detail.html", context)


def _respond(request: HttpRequest, claim: Claim, *, status: int = 200, message: str = "", **extra: Any) -> HttpResponse:
    """The htmx answer to an action: the panel or the queue row it came from, re-rendered fresh."""
    claim = _claim_for_page(request, claim.pk)
    if htmx_target(request) == REVIEW_PANEL:
        response = render(
            request,
            "claim_detail.html#review-panel",
            review_context(request, claim, message=message, **extra),
            status=status,
        )
    else:
        claim = with_row_data(Claim.objects.filter(pk=claim.pk)).get()
        mark_reviewers(request, [claim])
        context = {
            "claim": claim,
            "can_edit": can_edit(request),
            "message": message,
            "return_to": request.POST.get("next", ""),
            **extra,
        }
        response = render(request, "queue.html#row", context, status=status)
    return queue_changed(response) if status == 200 else response


def _refused(request: HttpRequest, claim: Claim, stale: StaleClaim) -> HttpResponse:
    """Someone changed the claim since this editor loaded it: keep their change, say so."""
    if request.htmx:
        return _respond(request, claim, status=409, error=str(stale))
    messages.error(request, str(stale))
    return redirect_back(request, claim.get_absolute_url())


def _invalid(request: HttpRequest, claim: Claim, **forms: Any) -> HttpResponse:
    if request.htmx:
        errors = " ".join(" ".join(e for errs in f.errors.values() for e in errs) for f in forms.values())
        return _respond(request, claim, status=422, error=errors, **forms)
    return render(request, "claim_detail.html", detail_context(request, claim, **forms), status=400)


@require_POST
def claim_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for_page(request, pk, edit=True)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _invalid(request, claim, verdict_form=form)
    verdict = form.verdict()
    try:
        claim.set_verdict(
            request.user, verdict.status, verdict.note, verdict.evidence_url, form.cleaned_data["version"]
        )
    except StaleClaim as stale:
        return _refused(request, claim, stale)
    return _succeeded(request, claim, f"Claim #{claim.pk} marked {claim.get_status_display().lower()}.")


@require_POST
def claim_note(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_for_page(request, pk, edit=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, claim, note_form=form)
    try:
        claim.add_note(
            request.user, form.cleaned_data["note"], form.cleaned_data["evidence_url"], form.cleaned_data["version"]
        )
    except StaleClaim as stale:
        return _refused(request, claim, stale)
    return _succeeded(request, claim, f"Note added to claim #{claim.pk}.")


def _succeeded(request: HttpRequest, claim: Claim, done: str) -> HttpResponse:
    """The changed panel for htmx (with its HX-Trigger); a message and redirect otherwise."""
    if request.htmx:
        return _respond(request, claim, message=done)
    messages.success(request, done)
    return redirect_back(request, claim.get_absolute_url())


@require_POST
def claim_copies_verdict(request: HttpRequest, pk: int) -> HttpResponse:
    """One verdict for this sentence and its syndicated copies; each copy logged and version-checked alone."""
    claim = _claim_for_page(request, pk, edit=True)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _invalid(request, claim, verdict_form=form)
    verdict = form.verdict()
    report = BulkReport(status_label=Claim.Status(verdict.status).label)
    targets = [(claim, form.cleaned_data["version"])]
    for copy in Claim.objects.copies_of(claim):
        version = whole_number(request.POST.get(f"copy-version-{copy.pk}"))
        if version is not None:
            targets.append((copy, version))
        else:
            report.refused.append((copy.pk, "appeared after you loaded the page — reload"))
    for target, version in targets:
        try:
            target.set_verdict(request.user, verdict.status, verdict.note, verdict.evidence_url, version)
        except StaleClaim as stale:
            report.refused.append((target.pk, str(stale)))
        else:
            report.done.append(target)
    summary = report.summary()
    if request.htmx:
        response = _respond(request, claim, message=summary if not report.refused else "", report=report)
        return queue_changed(response) if report.done else response
    (messages.warning if report.refused else messages.success)(request, summary)
    return redirect_back(request, claim.get_absolute_url())
