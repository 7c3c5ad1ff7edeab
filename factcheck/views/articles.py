"""An article with its claims highlighted."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .access import readable_articles
from .highlight import Span, highlight


@require_safe
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    articles = readable_articles(request).select_related("source", "story").defer("story__centroid")
    article = get_object_or_404(articles, pk=pk)
    claims = list(article.claims.select_related("speaker").prefetch_related("figures"))
    spans: list[Span] = []
    for claim in claims:
        spans.append(
            Span(
                claim.start,
                claim.end,
                f"claim status-{claim.status}",
                tag="a",
                attrs={
                    "href": claim.get_absolute_url(),
                    "id": f"claim-{claim.pk}",
                    "title": claim.get_status_display(),
                },
            )
        )
        spans += [
            Span(f.start, f.end, "figure", attrs={"title": f"{f.metric} {f.interval_display()}".strip()})
            for f in claim.figures.all()
        ]
    return render(
        request,
        "article_detail.html",
        {
            "article": article,
            "claims": claims,
            "article_html": highlight(article.text, spans),
            # Only web links become clickable: a stored "javascript:" URL must never be an href.
            "original_url": article.url if (article.url or "").lower().startswith(("http://", "https://")) else "",
        },
    )
