"""The story page's article list: by source and time, copies folded under their origin,
a big story's list folded after each source's first articles (see ``views.stories``)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from factcheck.models import (
    Article,
    Story,
)

from .story_rows import esc, local_time, url_of

ARTICLES_SHOWN = 50  # a big story's list shows about this many (each source's first ones) until "show all"


@dataclass
class ArticleRow:
    """An article in the story's list (plain data: no body, no model instance)."""

    pk: int
    url: str
    move_url: str
    title: str
    source_name: str
    published_at: dt.datetime | None
    copy_of_id: int | None
    copy_containment: float | None
    story_pinned: bool
    when_label: str = ""
    same_text: str = ""
    republished: list[ArticleRow] = field(default_factory=list)
    republished_by: str = ""  # the copies' sources, for the folded list's summary
    copies_open: bool = False  # a copy with an error to show: unfold them


@dataclass
class SourceGroup:
    name: str
    articles: list[ArticleRow]
    hidden: int = 0  # articles of this source folded away (with their copies)


# --- Articles ------------------------------------------------------------------------------------


def story_articles(story: Story) -> list[ArticleRow]:
    """The story's articles in publication order, without their bodies."""
    url, move_url = url_of("article-detail"), url_of("article-move-story")
    rows = (
        Article.objects.filter(story=story)
        .order_by(F("published_at").asc(nulls_last=True), "pk")
        .values_list("pk", "title", "source__name", "published_at", "copy_of_id", "copy_containment", "story_pinned")
    )
    return [ArticleRow(row[0], url(row[0]), move_url(row[0]), *row[1:]) for row in rows]


def group_articles(articles: list[ArticleRow]) -> list[SourceGroup]:
    """By source (in order of each source's first report), then time; copies under their origin."""
    by_id = {a.pk: a for a in articles}
    for article in articles:
        article.when_label = local_time(article.published_at)
    groups: dict[str, SourceGroup] = {}
    for article in articles:
        origin = _origin(article, by_id)
        if origin is not None:
            same = article.copy_containment
            article.same_text = f"{round(same * 100)}%" if same is not None and math.isfinite(same) else ""
            origin.republished.append(article)
            continue
        groups.setdefault(article.source_name, SourceGroup(article.source_name, [])).articles.append(article)
    for article in articles:
        if article.republished:
            names = list(dict.fromkeys(copy.source_name for copy in article.republished))
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            article.republished_by = ", ".join(names[:3]) + more
    return list(groups.values())


def _origin(article: ArticleRow, by_id: dict[int, ArticleRow]) -> ArticleRow | None:
    """The story's article a copy was first published as (a copy of a copy too); None for an origin.

    Articles copying each other in a circle are shown as origins, none hidden under another.
    """
    seen, current = {article.pk}, article
    while current.copy_of_id is not None and current.copy_of_id in by_id:
        if current.copy_of_id in seen:
            return None
        current = by_id[current.copy_of_id]
        seen.add(current.pk)
    return current if current is not article else None


def fold_articles(groups: list[SourceGroup], shown: int, keep: int | None = None) -> tuple[list[SourceGroup], int]:
    """Each source's first articles, about ``shown`` in all, and how many were folded away.

    Every source keeps at least its first article, so the list still shows who reported the
    story; ``keep`` (an article with an error to show) is never folded away.
    """
    if sum(len(group.articles) for group in groups) <= shown:
        return groups, 0
    each = max(1, shown // max(1, len(groups)))
    folded = []
    for group in groups:
        kept = [a for i, a in enumerate(group.articles) if i < each or _holds(a, keep)]
        hidden = sum(1 + len(a.republished) for a in group.articles) - sum(1 + len(a.republished) for a in kept)
        folded.append(SourceGroup(group.name, kept, hidden))
    return folded, sum(group.hidden for group in folded)


def _holds(article: ArticleRow, pk: int | None) -> bool:
    return pk is not None and (article.pk == pk or any(copy.pk == pk for copy in article.republished))


# The article list's rows are rendered here, not in the template: one story lists hundreds,
# each with its move form (markup as the rest of the page's forms).
ARTICLE = (
    '<li id="story-article-{pk}"><span class="when">{when}</span> <a href="{url}">{title}</a>'
    "{placed}{move}{copies}</li>"
)
PLACED = ' <span class="badge neutral" title="An editor placed this article here: re-clustering keeps it">placed</span>'
COPIES = (
    '<details class="copies"{open}><summary>Republished by {by}</summary><ul class="republished">{rows}</ul></details>'
)
COPY = '<li id="story-article-{pk}">republished by <b>{source}</b>{same} · <a href="{url}">{when}</a>{move}</li>'
MOVE = (
    '<details class="move"{open}><summary>Move…</summary>{error}'
    '<form method="post" action="{url}" hx-post="{url}" class="inline-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">{keep}'
    '<label>to story # <input type="number" name="story" min="1" required class="story-number"></label> '
    '<button type="submit">Move</button> <button type="submit" name="out" value="1" formnovalidate class="secondary">'
    "Move out to a story of its own</button></form></details>"
)
KEEP_ALL = '<input type="hidden" name="articles" value="all">'


@dataclass(frozen=True)
class MoveForms:
    """What each article's move form needs: none for readers."""

    csrf: str  # one token for the page's forms
    keep_all: bool  # sent from the whole list: answer with the whole list
    error_article: int | None = None
    error: str = ""

    def form(self, article: ArticleRow) -> str:
        failed = self.error_article == article.pk
        return MOVE.format(
            open=" open" if failed else "",
            error=format_html('<p class="flash error" role="alert">{}</p>', self.error) if failed else "",
            url=article.move_url,
            csrf=esc(self.csrf),
            keep=KEEP_ALL if self.keep_all else "",
        )


def articles_html(groups: list[SourceGroup], forms: MoveForms | None) -> SafeString:
    """The list's rows: each source's articles, copies folded under their origin."""
    out = []
    for group in groups:
        more = f' <span class="muted small">+{group.hidden} more</span>' if group.hidden else ""
        rows = []
        for article in group.articles:
            copies = ""
            if article.republished:
                listed = "".join(
                    COPY.format(
                        pk=copy.pk,
                        source=esc(copy.source_name),
                        same=f", {copy.same_text} the same text" if copy.same_text else "",
                        url=copy.url,
                        when=esc(copy.when_label),
                        move=forms.form(copy) if forms else "",
                    )
                    for copy in article.republished
                )
                copies = COPIES.format(
                    open=" open" if article.copies_open else "", by=esc(article.republished_by), rows=listed
                )
            rows.append(
                ARTICLE.format(
                    pk=article.pk,
                    when=esc(article.when_label),
                    url=article.url,
                    title=esc(article.title or "Untitled article"),
                    placed=PLACED if article.story_pinned else "",
                    move=forms.form(article) if forms else "",
                    copies=copies,
                )
            )
        out.append(
            f'<h3 class="source-name">{esc(group.name)}{more}</h3><ul class="story-articles">{"".join(rows)}</ul>'
        )
    return mark_safe("".join(out))  # every value escaped above


def article_list(groups: list[SourceGroup], show_all: bool, keep: int | None = None) -> dict[str, Any]:
    """The list as this request shows it: folded unless all was asked for."""
    total = sum(1 + len(a.republished) for group in groups for a in group.articles)
    for group in groups:
        for article in group.articles:
            article.copies_open = any(copy.pk == keep for copy in article.republished)
    shown, folded = (groups, 0) if show_all else fold_articles(groups, ARTICLES_SHOWN, keep)
    return {
        "article_groups": shown,
        "article_total": total,
        "articles_folded": folded,
        "all_articles": show_all and total > ARTICLES_SHOWN,
    }
