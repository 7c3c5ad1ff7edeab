"""Check my copy: an editor's draft beside what stored sources say, and keeping it as an article.

The check runs in the request, with no background job: a draft is at most
``copy_check.CHECK_MAX_CHARS`` (100,000 characters, longer than a long feature), extraction
takes milliseconds per paragraph, and the comparison reads only the stored figures of the
draft's metrics around its day, so an ordinary draft answers in a second or two (see
tests/bench/bench_check_copy.py). A job would also need the draft stored somewhere, and
nothing is written until the editor keeps the draft as an article.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from factcheck import copy_check, pipeline
from factcheck.forms import CheckCopyForm, KeepDraftForm
from factcheck.models import Article
from factcheck.validation import IngestError, check_text

from .access import can_edit
from .highlight import Span, highlight

PAGE = "check_copy.html"
RESULT = "check-result"
KEEP = "keep-panel"


def _editors_only(request: HttpRequest) -> None:
    if not can_edit(request):
        raise PermissionDenied("Only editors can check their copy against the stored sources.")


@require_http_methods(["GET", "POST"])
def check_copy(request: HttpRequest) -> HttpResponse:
    """The form; on POST, the draft's claims and figures and what other sources say about them."""
    _editors_only(request)
    if request.method != "POST":
        return render(request, PAGE, {"form": CheckCopyForm()})
    form = CheckCopyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, {"form": form}, status=422)
    check = copy_check.check_draft(form.draft, form.cleaned_data.get("published_at"))
    keep = KeepDraftForm(
        initial={
            "text": check.draft.text,
            "url": check.draft.url or "",
            "title": check.draft.title,
            "published": check.published,
        }
    )
    return _render(request, _result_context(form, check, keep))


@require_POST
def check_copy_keep(request: HttpRequest) -> HttpResponse:
    """Keep the checked draft as an article from the chosen source, through the ingest pipeline."""
    _editors_only(request)
    keep = KeepDraftForm(request.POST)
    article = _kept(request, keep) if keep.is_valid() else None
    if article is not None:
        if request.htmx:
            return render(request, f"{PAGE}#{KEEP}", {"kept": article})
        messages.success(
            request, f"Kept as article #{article.pk} from {article.source.name}; its claims are in the queue."
        )
        return HttpResponseRedirect(article.get_absolute_url())
    if request.htmx:
        return render(request, f"{PAGE}#{KEEP}", {"keep": keep}, status=422)
    # Without JavaScript: the whole page again, the draft checked again, the refusal on the form.
    text = keep.data.get("text") or ""
    context: dict[str, Any] = {"form": CheckCopyForm(), "keep": keep}
    try:
        draft = copy_check.Draft(check_text(text, "the draft"), url=keep.data.get("url") or None)
    except IngestError as exc:
        messages.error(request, f"Nothing was kept: {exc}.")
        return render(request, PAGE, context, status=422)
    published = keep.cleaned_data.get("published") if hasattr(keep, "cleaned_data") else None
    check = copy_check.check_draft(draft, published)
    return render(request, PAGE, _result_context(CheckCopyForm(), check, keep), status=422)


def _kept(request: HttpRequest, keep: KeepDraftForm) -> Article | None:
    """The new article, or None with the reason on the form; who kept it goes in the audit trail."""
    data = keep.cleaned_data
    source = data["source"]
    with transaction.atomic():
        result = pipeline.ingest_article(
            source,
            text=data["text"],
            url=data.get("url") or None,
            title=data.get("title") or "",
            published_at=data.get("published"),
            via="check",
        )
        if result.status == "duplicate" and result.article is not None:
            keep.duplicate = result.article
            keep.add_error(None, f"Duplicate: {result.reason}. Nothing was changed.")
            return None
        if not result.ok or result.article is None:
            keep.add_error(None, f"Rejected: {result.reason}. Nothing was saved.")
            return None
        article = result.article
        # Article has no "created by" column: the audit trail (django-auditlog) records who kept it.
        LogEntry.objects.log_create(
            article,
            force_log=True,
            action=LogEntry.Action.CREATE,
            actor=request.user,
            changes={"ingested_via": [None, "check"], "source": [None, source.name]},
            additional_data={"kept_from": "check my copy"},
            remote_addr=request.META.get("REMOTE_ADDR"),
        )
    return article


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    template = f"{PAGE}#{RESULT}" if request.htmx else PAGE
    return render(request, template, context, status=status)


def _result_context(form: CheckCopyForm, check: copy_check.CopyCheck, keep: KeepDraftForm) -> dict[str, Any]:
    return {"form": form, "check": check, "keep": keep, "draft_html": highlighted(check)}


def highlighted(check: copy_check.CopyCheck) -> Any:
    """The draft's text, escaped, with its claims and figures marked (never the draft's own markup)."""
    spans: list[Span] = []
    for claim in check.claims:
        spans.append(Span(claim.start, claim.end, "claim", tag="span", attrs={"title": claim.speaker or "claim"}))
        for figure in claim.figures:
            state = "disagrees" if figure.disagreements else ("agrees" if figure.agreements else "alone")
            spans.append(
                Span(
                    figure.start,
                    figure.end,
                    f"figure {state}",
                    tag="a",
                    attrs={"href": f"#figure-{figure.number}", "id": f"in-text-{figure.number}", "title": figure.said},
                )
            )
    return highlight(check.draft.text, spans)
