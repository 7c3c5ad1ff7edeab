"""Stories: the reports of one event across outlets, side by side.

The story page shows the story's articles (by source, copies folded under their origin,
a big story's list folded after its first few per source), a fact table (a row per fact,
a column per source, a timeline per fact) and the findings made inside it; editors decide
possible conflicts, merge stories and move articles. Every part of the page comes from a
fixed number of queries, whatever the story's size.

What costs is the same for every reader: the fact table (the story's facts grouped as the
comparison groups them, thousands of cells), the findings and the grouped article list. They
are made once and cached under the story's *version*, a digest of every row they are made
from, so any change to the story's articles, claims, figures or findings shows at the next
request. What differs per reader (forms, their tokens, the history) is made per request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from factcheck import stories as story_data
from factcheck.core.facts import story_facts
from factcheck.forms import ArticleStoryForm, FindingDecisionForm, StoryFilterForm, StoryMergeForm
from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    FindingDecision,
    Source,
    StaleFinding,
    Story,
    StoryEvent,
)

from .access import can_edit, editable_articles, editable_findings, editable_stories, readable_stories
from .chart import Timeline, TimelinePoint, timeline_chart
from .common import htmx_target, queue_changed, redirect_back, story_changed, whole_number

PAGE_SIZE = 30
FINDINGS_SHOWN = 200
HISTORY_SHOWN = 40
SINGLE_SOURCE_SHOWN = 300
MEMBERS_SHOWN = 6
MERGE_HOPS = 20  # a chain of merges longer than this is not followed
ARTICLES_SHOWN = 50  # a big story's list shows about this many (each source's first ones) until "show all"
CELL_VALUES_SHOWN = 3  # distinct figures a source's cell shows before "N more from this source"
BADGE_TITLE_CHARS = 160  # a cell's badge says why in a tooltip; the finding's card below has it all
PARTS_CACHE = "story-part:1:{story}:{part}"  # bump the 1 when what a cached part holds changes
PARTS_CACHE_SECONDS = 24 * 3600


def can_be_decided(finding: Conflict) -> bool:
    """Whether "same fact" / "different facts" applies: a possible conflict or a conflict.

    Both the story comparison and the nightly matcher honour the decision when they run
    again (a pair marked "different facts" is never raised again).
    """
    return finding.kind in (Conflict.Kind.POSSIBLE_CONFLICT, Conflict.Kind.CONFLICT)


def mark_decidable(finding: Conflict) -> Conflict:
    finding.decidable = finding.status == Conflict.Status.OPEN and can_be_decided(finding)  # type: ignore[attr-defined]
    return finding


# What a finding looks like in the page; the order is the order editors read them in.
FINDING_LOOK = {
    Conflict.Kind.POSSIBLE_CONFLICT: ("possible", "Possible conflict: the figures may be one fact; decide"),
    Conflict.Kind.CONFLICT: ("conflict", "Conflict: these figures for one fact cannot all hold"),
    Conflict.Kind.INTERNAL: ("conflict", "Inconsistent within one article"),
    Conflict.Kind.UPDATE: ("update", "Update: a later report revised the toll"),
    Conflict.Kind.COPY: ("copy", "Syndicated copy: one origin, not independent confirmation"),
}
KIND_ORDER = {kind: index for index, kind in enumerate(FINDING_LOOK)}
MARK_STRENGTH = {"conflict": 3, "possible": 2, "update": 1, "copy": 0}


def _strength(css: str) -> int:
    return MARK_STRENGTH.get(css, -1)


# --- What the page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    css: str
    label: str
    title: str


@dataclass(slots=True)
class CellFigure:
    """A figure as the fact table shows it (plain data: a big story has thousands)."""

    pk: int
    claim_id: int
    text: str
    value: float
    low: float
    high: float  # math.inf when unbounded
    source_name: str
    when: dt.datetime
    when_label: str
    speaker_label: str
    interval_label: str
    exact: bool
    marks: list[Mark] = field(default_factory=list)
    mark: str = ""


@dataclass
class FactRow:
    key: str
    label: str
    cells: list[list[CellFigure]]
    timeline: Timeline | None
    mark: str
    sources: int
    html: SafeString = SafeString("")  # its cells (or, for a single-source fact, its figures), rendered


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


@dataclass
class DecisionEntry:
    """One editor's click on "same fact" / "different facts" (stored as a row per pair of figures)."""

    user: Any
    decision: str
    label: str
    note: str
    at: dt.datetime
    conflict: Conflict | None
    user_id: int
    pairs: int = 1


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%-d %b %H:%M") if moment else "undated"


def _esc(text: str) -> str:
    """As django.utils.html.escape (the same five characters), without its lazy wrapping.

    The rows rendered in Python (cells, articles, a finding's figures) escape thousands of values.
    """
    return html.escape(text, quote=True)


def _url_of(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks: reversed once, the id put in its place."""
    marker = 918273645
    head, tail = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


# --- Articles ------------------------------------------------------------------------------------


def story_articles(story: Story) -> list[ArticleRow]:
    """The story's articles in publication order, without their bodies."""
    url, move_url = _url_of("article-detail"), _url_of("article-move-story")
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
        article.when_label = _local(article.published_at)
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
            csrf=_esc(self.csrf),
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
                        source=_esc(copy.source_name),
                        same=f", {copy.same_text} the same text" if copy.same_text else "",
                        url=copy.url,
                        when=_esc(copy.when_label),
                        move=forms.form(copy) if forms else "",
                    )
                    for copy in article.republished
                )
                copies = COPIES.format(
                    open=" open" if article.copies_open else "", by=_esc(article.republished_by), rows=listed
                )
            rows.append(
                ARTICLE.format(
                    pk=article.pk,
                    when=_esc(article.when_label),
                    url=article.url,
                    title=_esc(article.title or "Untitled article"),
                    placed=PLACED if article.story_pinned else "",
                    move=forms.form(article) if forms else "",
                    copies=copies,
                )
            )
        out.append(
            f'<h3 class="source-name">{_esc(group.name)}{more}</h3><ul class="story-articles">{"".join(rows)}</ul>'
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


# --- The fact table ------------------------------------------------------------------------------

# What the cached parts of the page are made from, digested in the database in one query.
# Rows that can be edited in place (articles and their sources, claims and their speakers,
# findings, and the figures of other stories those findings hold) are hashed with the
# columns the page uses; figures and finding memberships are only ever inserted or deleted
# (re-extraction replaces figures), so their ids say all. Any change alters a count or a sum.
VERSION_SQL = """
WITH articles AS MATERIALIZED (
    SELECT a.id, hashtextextended(row(a.title, a.published_at, a.ingested_at, a.copy_of_id, a.copy_containment,
                                      a.story_pinned, a.source_id, s.name)::text, a.id) AS digest
    FROM factcheck_article a JOIN factcheck_source s ON s.id = a.source_id
    WHERE a.story_id = %(story)s
), claims AS MATERIALIZED (
    SELECT c.id, hashtextextended(row(c.article_id, c.text, c.speaker_id, p.name, c.speaker_name, c.location,
                                      c.event_date)::text, c.id) AS digest
    FROM factcheck_claim c JOIN articles a ON a.id = c.article_id LEFT JOIN factcheck_speaker p ON p.id = c.speaker_id
), figures AS MATERIALIZED (
    SELECT f.id FROM factcheck_figure f JOIN claims c ON c.id = f.claim_id
), findings AS MATERIALIZED (
    SELECT DISTINCT m.conflict_id AS id FROM factcheck_conflict_members m JOIN figures f ON f.id = m.figure_id
), members AS MATERIALIZED (
    SELECT m.id, m.figure_id FROM factcheck_conflict_members m JOIN findings k ON k.id = m.conflict_id
), elsewhere AS (
    SELECT hashtextextended(row(c.speaker_id, p.name, c.speaker_name, a.published_at, a.ingested_at, a.story_id,
                                s.name)::text, f.id) AS digest
    FROM members m JOIN factcheck_figure f ON f.id = m.figure_id JOIN factcheck_claim c ON c.id = f.claim_id
    JOIN factcheck_article a ON a.id = c.article_id JOIN factcheck_source s ON s.id = a.source_id
    LEFT JOIN factcheck_speaker p ON p.id = c.speaker_id
    WHERE m.figure_id NOT IN (SELECT id FROM figures)
)
SELECT (SELECT count(*) || ':' || coalesce(sum(digest), 0) FROM articles),
       (SELECT count(*) || ':' || coalesce(sum(digest), 0) FROM claims),
       (SELECT count(*) || ':' || coalesce(sum(id), 0) || ':' || coalesce(max(id), 0) FROM figures),
       (SELECT count(*) || ':' || coalesce(sum(id), 0) || ':' || coalesce(max(id), 0) FROM members),
       (SELECT count(*) || ':' || coalesce(sum(hashtextextended(
            row(k.kind, k.status, k.key, k.metric, k.location, k.explanation, k.last_seen)::text, k.id)), 0)
        FROM factcheck_conflict k WHERE k.id IN (SELECT id FROM findings)),
       (SELECT count(*) || ':' || coalesce(sum(digest), 0) FROM elsewhere)
"""
ARTICLE_COLUMNS = ("title", "published_at", "ingested_at", "copy_of_id", "copy_containment", "story_pinned")
CLAIM_COLUMNS = ("article_id", "text", "speaker_id", "speaker__name", "speaker_name", "location", "event_date")
FINDING_COLUMNS = ("kind", "status", "key", "metric", "location", "explanation", "last_seen")
ELSEWHERE_COLUMNS = ("claim__speaker_id", "claim__speaker__name", "claim__speaker_name", "claim__article__story_id")
ELSEWHERE_COLUMNS += ("claim__article__published_at", "claim__article__ingested_at", "claim__article__source__name")


def story_version(story: Story) -> str:
    """A digest of everything the cached parts of the story's page are made from (one query on PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(VERSION_SQL, {"story": story.pk})
            rows: Any = cursor.fetchone()
    else:  # the same, digested here (SQLite: development and tests)
        through = Conflict.members.through.objects
        findings = through.filter(figure__claim__article__story=story).values("conflict_id")
        members = through.filter(conflict_id__in=findings)
        elsewhere = Figure.objects.filter(pk__in=members.values("figure_id")).exclude(claim__article__story=story)
        rows = [
            list(query.order_by("pk").values_list("pk", *columns))
            for query, columns in (
                (Article.objects.filter(story=story), (*ARTICLE_COLUMNS, "source_id", "source__name")),
                (Claim.objects.filter(article__story=story), CLAIM_COLUMNS),
                (Figure.objects.filter(claim__article__story=story), ()),
                (members, ()),
                (Conflict.objects.filter(pk__in=findings), FINDING_COLUMNS),
                (elsewhere, ELSEWHERE_COLUMNS),
            )
        ]
    # The aliases an editor keeps in admin regroup facts too (the rest of the config is code).
    config = story_data.match_config()
    aliases = (sorted(config.place_aliases.items()), sorted(config.speaker_aliases.items()))
    return hashlib.sha1(repr((rows, aliases)).encode()).hexdigest()


def fact_table_html(story: Story) -> str:
    """The fact table, rendered (what costs: the page caches it per version of the story)."""
    columns, facts, single = fact_table(story)
    return render_to_string(
        "story_detail.html#fact-table", {"columns": columns, "facts": facts, "single_facts": single}
    )


def _interval(qualifier: str, low: float, high: float) -> str:
    # As Figure.interval_display, for thousands of plain rows.
    return Figure(qualifier=qualifier, low=low, high=None if math.isinf(high) else high).interval_display()


def _figures(story: Story, figures: list[Any]) -> tuple[dict[int, CellFigure], dict[int, int]]:
    """The story's figures as cells show them, and each copy's origin; from the comparison's own rows."""
    articles = {
        pk: (ingested, copy_of, source)
        for pk, ingested, copy_of, source in Article.objects.filter(story=story).values_list(
            "pk", "ingested_at", "copy_of_id", "source__name"
        )
    }
    texts = dict(Figure.objects.filter(claim__article__story=story).values_list("pk", "text"))
    # Thousands of figures share a few hundred publication times and a few dozen intervals.
    intervals: dict[tuple[str, float, float], str] = {}
    labels: dict[dt.datetime | None, str] = {}
    found: dict[int, CellFigure] = {}
    for fig in figures:
        article = articles.get(fig.article_id)
        if article is None or fig.id not in texts:  # moved away or re-extracted between the queries
            continue
        ingested, copy_of, _ = article
        when = fig.published or ingested
        span = (fig.qualifier, fig.low, fig.high)
        if span not in intervals:
            intervals[span] = _interval(*span)
        if fig.published not in labels:
            labels[fig.published] = _local(fig.published)
        cell = CellFigure(
            pk=fig.id,
            claim_id=fig.claim_id,
            text=texts[fig.id],
            value=fig.value,
            low=fig.low,
            high=fig.high,
            source_name=fig.source,
            when=when,
            when_label=labels[fig.published],
            speaker_label=fig.speaker or "",
            interval_label=intervals[span],
            exact=fig.qualifier == "exact" and fig.high == fig.low,
        )
        origin = articles.get(copy_of) if copy_of else None
        if origin is not None:
            cell.marks.append(Mark("copy", "copy", f"Republished from {origin[2]}: one witness with it, not two."))
        found[fig.id] = cell
    origin_of = {pk: copy_of for pk, (_, copy_of, _) in articles.items() if copy_of}
    return found, origin_of


def _mark_findings(story: Story, figures: dict[int, CellFigure]) -> None:
    """Badge the figures that are in an open finding, with its explanation as the title."""
    members = list(
        Conflict.members.through.objects.filter(
            figure__claim__article__story=story, conflict__status=Conflict.Status.OPEN
        )
        .exclude(conflict__kind=Conflict.Kind.COPY)
        .order_by("conflict_id", "figure_id")
        .values_list("figure_id", "conflict_id")
    )
    marks = {}
    for pk, kind, explanation in Conflict.objects.filter(pk__in={c for _, c in members}).values_list(
        "pk", "kind", "explanation"
    ):
        css, _ = FINDING_LOOK.get(kind, ("neutral", ""))
        label = Conflict.Kind(kind).label if kind in Conflict.Kind.values else kind
        marks[pk] = Mark(css, label.lower(), _gist(explanation))
    for figure_id, conflict_id in members:
        figure = figures.get(figure_id)
        if figure is not None and conflict_id in marks:
            figure.marks.append(marks[conflict_id])
    for figure in figures.values():
        figure.mark = max((m.css for m in figure.marks), key=_strength, default="")


def _gist(explanation: str) -> str:
    """The start of a finding's explanation, for the tooltip of each of its hundreds of badges."""
    if len(explanation) <= BADGE_TITLE_CHARS:
        return explanation
    return explanation[:BADGE_TITLE_CHARS].rsplit(" ", 1)[0] + " … (the finding below says it all)"


def _point(figure: CellFigure, local: dict[dt.datetime, dt.datetime]) -> TimelinePoint:
    title = f"{figure.source_name}, {figure.when_label}: “{figure.text}” {figure.interval_label}"
    mark = figure.mark if figure.mark != "copy" else ""
    if figure.when not in local:
        local[figure.when] = timezone.localtime(figure.when)
    return TimelinePoint(local[figure.when], figure.value, figure.low, figure.high, title, mark)


def fact_table(story: Story) -> tuple[list[str], list[FactRow], list[FactRow]]:
    """Source columns, the facts reported by two sources or more (or in a finding), the rest.

    The facts are the comparison's own (``compare_story`` groups the same rows the same way).
    """
    compared = story_data.story_figures(story.pk)
    figures, origin_of = _figures(story, compared)
    facts = story_facts(story.pk, compared, story_data.frame_config(), origin_of=origin_of)
    _mark_findings(story, figures)
    # Columns: the sources in the order they first reported a figure of the table.
    first_seen: dict[str, tuple[dt.datetime, int]] = {}
    rows = []
    for fact in facts:
        members = sorted((figures[i] for i in fact.member_ids if i in figures), key=lambda f: (f.when, f.pk))
        if not members:
            continue
        for figure in members:
            name = figure.source_name
            first_seen[name] = min(first_seen.get(name, (figure.when, figure.pk)), (figure.when, figure.pk))
        rows.append((fact, members))
    columns = sorted(first_seen, key=lambda name: first_seen[name])
    index = {name: i for i, name in enumerate(columns)}
    shared, single = [], []
    for fact, members in rows:
        cells: list[list[CellFigure]] = [[] for _ in columns]
        for figure in members:
            cells[index[figure.source_name]].append(figure)
        mark = max((f.mark for f in members), key=_strength, default="")
        sources = sum(1 for cell in cells if cell)
        row = FactRow(fact.key, fact.label, cells, None, mark if mark != "copy" else "", sources)
        (shared if sources > 1 or row.mark else single).append((row, members))
    # Disagreements first, then the facts most sources report.
    shared.sort(key=lambda rm: (-_strength(rm[0].mark), -rm[0].sources))
    claim_url, local, badges = _url_of("claim-detail"), {}, {}
    for row, members in shared:
        row.timeline = timeline_chart([_point(f, local) for f in members])
        row.html = mark_safe("".join(_cell(cell, claim_url, badges) for cell in row.cells))  # _cell escapes
    for row, members in single[:SINGLE_SOURCE_SHOWN]:
        listed = [
            format_html(SINGLE_FIGURE, claim_url(f.claim_id), f.text, f.source_name, f.when_label) for f in members
        ]
        row.html = mark_safe("; ".join(listed))  # each part escaped by format_html
    return columns, [row for row, _ in shared], [row for row, _ in single[:SINGLE_SOURCE_SHOWN]]


# A cell is rendered here, not in the template: a big story's table has thousands of them
# (every value escaped by _esc). A source that reports the same figure again (every update
# of its live page) shows it once, its repeats folded under it.
FIGURE = (
    '<div class="fig{mark}"><a href="{url}">“{text}”</a>{interval}'
    '<div class="fig-meta">{speaker} · {when}</div>{badges}{repeats}</div>'
)
INTERVAL = ' <span class="interval num">{}</span>'
BADGE = '<span class="badge {}" title="{}">{}</span> '
REPEAT = '<li><a href="{}">“{}”</a> <span class="muted">{} · {}</span></li>'
REPEATS = '<details class="more-figures"><summary>{} more saying so</summary><ul class="repeats">{}</ul></details>'
MORE_VALUES = '<details class="more-figures"><summary>{} more from this source</summary>{}</details>'
SINGLE_FIGURE = '<a href="{}">“{}”</a> <span class="muted">({}, {})</span>'
OWN = "outlet's own"  # a figure no one is quoted for


def _cell(figures: list[CellFigure], claim_url: Callable[[int], str], badges: dict[Mark, str]) -> str:
    """One source's figures for one fact, those saying the same (and flagged alike) once."""
    said: dict[tuple[str, tuple[Mark, ...]], list[CellFigure]] = {}
    for figure in figures:  # in time order: each value shown by its first report
        said.setdefault((figure.interval_label, tuple(figure.marks)), []).append(figure)
    blocks = []
    for first, *repeats in said.values():
        for mark in first.marks:
            if mark not in badges:
                badges[mark] = BADGE.format(_esc(mark.css), _esc(mark.title), _esc(mark.label))
        listed = "".join(
            REPEAT.format(claim_url(f.claim_id), _esc(f.text), _esc(f.speaker_label or OWN), _esc(f.when_label))
            for f in repeats
        )
        blocks.append(
            FIGURE.format(
                mark=f" mark-{first.mark}" if first.mark else "",
                url=claim_url(first.claim_id),
                text=_esc(first.text),
                interval="" if first.exact else INTERVAL.format(_esc(first.interval_label)),
                speaker=_esc(first.speaker_label or OWN),
                when=_esc(first.when_label),
                badges="".join(badges[mark] for mark in first.marks),
                repeats=REPEATS.format(len(repeats), listed) if repeats else "",
            )
        )
    shown, more = blocks[:CELL_VALUES_SHOWN], blocks[CELL_VALUES_SHOWN:]
    folded = sum(len(group) for group in list(said.values())[CELL_VALUES_SHOWN:])
    tail = MORE_VALUES.format(folded, "".join(more)) if more else ""
    return f'<td class="cell">{"".join(shown)}{tail}</td>'


# --- Findings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A figure of a finding, as its card lists it."""

    pk: int
    claim_id: int
    text: str
    interval_label: str
    source_name: str
    published_at: dt.datetime | None
    speaker: str
    story_id: int | None


def finding_members(finding_ids: list[int], limit: int | None = MEMBERS_SHOWN) -> dict[int, tuple[list[Member], int]]:
    """Up to ``limit`` figures of each finding (all with None), in time order, and how many it has.

    A finding over a big story holds hundreds of figures, most saying the same: the few
    shown are the first report of each value it holds, then more of each in turn, so the
    card shows what disagrees. Ranked on the memberships and figures alone (two queries).
    """
    said = [F("conflict_id"), F("figure__low"), F("figure__high"), F("figure__qualifier")]
    ranked = Conflict.members.through.objects.filter(conflict_id__in=finding_ids).annotate(
        turn=Window(RowNumber(), partition_by=said, order_by=F("figure_id").asc()),
        total=Window(Count("pk"), partition_by=F("conflict_id")),
    )
    if limit is not None:
        ranked = ranked.filter(turn__lte=limit)
    picked: dict[int, tuple[list[int], int]] = {}
    for finding_id, figure_id, total in ranked.order_by("conflict_id", "turn", "figure_id").values_list(
        "conflict_id", "figure_id", "total"
    ):
        ids = picked.setdefault(finding_id, ([], total))[0]
        if limit is None or len(ids) < limit:
            ids.append(figure_id)
    columns = ("pk", "claim_id", "text", "qualifier", "low", "high", "claim__article__source__name")
    columns += (
        "claim__article__published_at",
        "claim__speaker__name",
        "claim__speaker_name",
        "claim__article__story_id",
    )
    figures, when = {}, {}
    wanted = {figure_id for ids, _ in picked.values() for figure_id in ids}
    for row in Figure.objects.filter(pk__in=wanted).values_list(*columns, "claim__article__ingested_at"):
        pk, claim, text, qualifier, low, high, source, published, speaker, said_as, story, ingested = row
        interval = _interval(qualifier, low, math.inf if high is None else high)
        figures[pk] = Member(pk, claim, text, interval, source, published, speaker or said_as or "", story)
        when[pk] = (published or ingested, pk)
    return {
        finding_id: (sorted((figures[i] for i in ids if i in figures), key=lambda m: when[m.pk]), total)
        for finding_id, (ids, total) in picked.items()
    }


def show_findings(
    findings: Iterable[Conflict], story: Story | None = None, all_members_of: int | None = None
) -> list[Conflict]:
    """Display data for findings: each with its first few figures (all of ``all_members_of``)."""
    findings = list(findings)
    members = finding_members([f.pk for f in findings if f.pk != all_members_of])
    if all_members_of is not None:
        members.update(finding_members([all_members_of], limit=None))
    home = story.get_absolute_url() if story else ""
    claim_url, story_url = _url_of("claim-detail"), _url_of("story-detail")
    for finding in findings:
        css, title = FINDING_LOOK.get(finding.kind, ("neutral", ""))
        finding.css, finding.kind_title = css, title  # type: ignore[attr-defined]
        mark_decidable(finding)
        shown, total = members.get(finding.pk, ([], 0))
        finding.members_html = mark_safe(  # type: ignore[attr-defined]
            "".join(_member(f, story, claim_url, story_url) for f in shown)  # _member escapes
        )
        finding.member_total = total  # type: ignore[attr-defined]
        # The rest behind a link: the card again with all its figures (a plain link reloads the page so).
        finding.more_members = total - len(shown)  # type: ignore[attr-defined]
        finding.all_members_url = f"{home}?members={finding.pk}" if home else ""  # type: ignore[attr-defined]
        finding.body_html = render_to_string("story_detail.html#finding-body", {"finding": finding})  # type: ignore[attr-defined]
    return findings


MEMBER = (
    '<li><b>{source}</b> <span class="muted">{when}{speaker}</span> <a href="{url}">“{text}”</a> '
    '<span class="num muted">{interval}</span>{elsewhere}</li>'
)
ELSEWHERE = ' <a class="muted small" href="{}">in story #{}</a>'


def _member(
    figure: Member, story: Story | None, claim_url: Callable[[int], str], story_url: Callable[[int], str]
) -> str:
    """A finding's figure: who said it when, and the story it is in when that is another one."""
    elsewhere = story is not None and figure.story_id and figure.story_id != story.pk
    return MEMBER.format(
        source=_esc(figure.source_name),
        when=_esc(_local(figure.published_at)),
        speaker=f" · {_esc(figure.speaker)}" if figure.speaker else "",
        url=claim_url(figure.claim_id),
        text=_esc(figure.text),
        interval=_esc(figure.interval_label),
        elsewhere=format_html(ELSEWHERE, story_url(figure.story_id), figure.story_id) if elsewhere else "",
    )


def _touching(story: Story) -> QuerySet[Any]:
    """The ids of open findings with a figure in this story."""
    return Conflict.members.through.objects.filter(
        figure__claim__article__story=story, conflict__status=Conflict.Status.OPEN
    ).values("conflict_id")


def story_findings(story: Story) -> list[Conflict]:
    """Open findings with a member in this story, possible conflicts first."""
    order = Case(*(When(kind=kind, then=Value(i)) for kind, i in KIND_ORDER.items()), default=Value(len(KIND_ORDER)))
    findings = (
        Conflict.objects.filter(pk__in=_touching(story)).annotate(order=order).order_by("order", "-last_seen", "-pk")
    )
    return show_findings(findings[:FINDINGS_SHOWN], story)


# The parts of the page that are the same for every reader, and what makes each.
SHARED_PARTS: dict[str, Callable[[Story], Any]] = {
    "articles": lambda story: group_articles(story_articles(story)),
    "facts": fact_table_html,
    "findings": story_findings,
}


def story_parts(story: Story, parts: Iterable[str]) -> dict[str, Any]:
    """The shared parts asked for, made once per version of the story and cached.

    Whoever reads the page next after any change to the story's articles, claims, figures
    or findings gets them made afresh: the version is a digest of all those rows. One entry
    per story and part (the latest version made), so a busy story does not fill the cache.
    """
    parts = [part for part in parts if part in SHARED_PARTS]
    if not parts:
        return {}
    version = story_version(story)
    keys = {part: PARTS_CACHE.format(story=story.pk, part=part) for part in parts}
    cached = cache.get_many(list(keys.values()))
    made, fresh = {}, {}
    for part, key in keys.items():
        made_for, value = cached.get(key, (None, None))
        if made_for != version:
            value = fresh[key] = SHARED_PARTS[part](story)
        made[part] = value
    # Kept only if the story did not change while they were made (they could show the newer state).
    if fresh and story_version(story) == version:
        cache.set_many({key: (version, value) for key, value in fresh.items()}, timeout=PARTS_CACHE_SECONDS)
    return made


def decision_history(rows: Iterable[FindingDecision]) -> list[DecisionEntry]:
    """One entry per decision an editor made, from its rows (one per pair of figures), newest first."""
    entries: list[DecisionEntry] = []
    for row in rows:
        last = entries[-1] if entries else None
        if (
            last is not None
            and (last.conflict and last.conflict.pk, last.user_id, last.decision, last.note)
            == (row.conflict_id, row.user_id, row.decision, row.note)
            and abs((last.at - row.created_at).total_seconds()) < 5
        ):
            last.pairs += 1
            continue
        entries.append(
            DecisionEntry(
                user=row.user,
                decision=row.decision,
                label=row.get_decision_display(),
                note=row.note,
                at=row.created_at,
                conflict=row.conflict,
                user_id=row.user_id,
            )
        )
    return entries


def story_history(story: Story) -> dict[str, Any]:
    # The list shows who and the ids an event links (not the stories or the article themselves).
    events = list(
        StoryEvent.objects.filter(Q(story=story) | Q(other_story=story)).select_related("user")[:HISTORY_SHOWN]
    )
    decisions = FindingDecision.objects.filter(story=story).select_related("user", "conflict")
    return {"events": events, "decisions": decision_history(decisions[: HISTORY_SHOWN * 10])}


def story_sources(story: Story) -> list[Any]:
    return list(Source.objects.filter(articles__story=story).annotate(n=Count("articles")).order_by("-n", "name")[:100])


def _members_of(request: HttpRequest) -> int | None:
    """The finding whose figures the editor asked to see all of (``?members=<id>``)."""
    return whole_number(request.GET.get("members"))


def _all_articles(request: HttpRequest) -> bool:
    """The whole article list asked for: by the "show all" link, or kept by a move form sent from it."""
    return "all" in (request.GET.get("articles"), request.POST.get("articles"))


def story_context(request: HttpRequest, story: Story, *parts: str, **extra: Any) -> dict[str, Any]:
    """What the page (or the named parts of it) shows."""
    parts = parts or ("summary", "articles", "facts", "findings", "history")
    context: dict[str, Any] = {
        "story": story,
        "can_edit": can_edit(request),
        "return_to": story.get_absolute_url(),
        "merge_form": extra.pop("merge_form", None) or StoryMergeForm(),
        "queue_url": reverse("review-queue") + f"?story={story.pk}",
    }
    if "summary" in parts:
        context["sources"] = story_sources(story)
        context["dates"] = _dates(story)
    shared = story_parts(story, parts)
    if "articles" in parts:
        listed = article_list(shared["articles"], _all_articles(request), keep=extra.get("error_article"))
        forms = None
        if context["can_edit"]:
            error = extra.get("article_error", "")
            forms = MoveForms(get_token(request), listed["all_articles"], extra.get("error_article"), error)
        context.update(listed, articles_html=articles_html(listed["article_groups"], forms))
    if "facts" in parts:
        context["fact_table"] = mark_safe(shared["facts"])  # rendered by the fact-table partial, which escapes
    if "findings" in parts:
        context["findings"] = shared["findings"]
        members = _members_of(request)
        if members is not None:  # one finding with all its figures: "show all" as a plain link
            context["findings"] = [
                show_findings([f], story, all_members_of=members)[0] if f.pk == members else f
                for f in context["findings"]
            ]
    if "history" in parts:
        context.update(story_history(story))
    return {**context, **extra}


# --- Pages ---------------------------------------------------------------------------------------

SWAP_TARGETS = {
    "story-summary": ("summary", "story_detail.html#summary"),
    "story-facts": ("facts", "story_detail.html#facts"),
    "story-findings": ("findings", "story_detail.html#findings"),
    "story-articles": ("articles", "story_detail.html#articles"),
    "story-history": ("history", "story_detail.html#history"),
    "story-tools": ("tools", "story_detail.html#tools"),
}


def _stories(request: HttpRequest) -> QuerySet[Story]:
    return readable_stories(request).defer("centroid")


def _final(story: Story, request: HttpRequest) -> Story:
    """The story a merged story's articles went to (following merges of merges)."""
    for _ in range(MERGE_HOPS):
        if not story.merged_into_id:
            break
        story = _stories(request).get(pk=story.merged_into_id)
    return story


def _finding_card(request: HttpRequest, story: Story, pk: int) -> HttpResponse:
    """A finding of this story with all its figures, swapped in for its card ("show all")."""
    touching = Conflict.members.through.objects.filter(figure__claim__article__story=story).values("conflict_id")
    finding = Conflict.objects.filter(pk=pk, pk__in=touching).first()
    if finding is None:
        raise Http404("No such finding in this story.")
    [shown] = show_findings([finding], story, all_members_of=pk)
    context = {"finding": shown, "story": story, "can_edit": can_edit(request), "return_to": story.get_absolute_url()}
    return render(request, "story_detail.html#finding", {**context, "swap_card": True})


@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(_stories(request), pk=pk)
    if story.merged_into_id:
        target = _final(story, request).get_absolute_url()
        return HttpResponseClientRedirect(target) if request.htmx else HttpResponseRedirect(target)
    target = htmx_target(request)
    if target in SWAP_TARGETS:
        part, template = SWAP_TARGETS[target]
        return render(request, template, story_context(request, story, part))
    members = _members_of(request)
    if members is not None and target == f"finding-{members}":
        return _finding_card(request, story, members)
    return render(request, "story_detail.html", story_context(request, story))


@dataclass(frozen=True)
class StoryCursor:
    """Position after the last story shown, newest activity first."""

    last_activity: dt.datetime
    id: int

    @classmethod
    def parse(cls, raw: str) -> StoryCursor | None:
        try:
            moment, pk = raw.rsplit("_", 1)
            cursor = cls(dt.datetime.fromisoformat(moment), int(pk))
            # Compared in UTC: a moment at the calendar's ends with an offset is no time there.
            cursor.last_activity.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            return None
        return cursor if timezone.is_aware(cursor.last_activity) else None

    def encode(self) -> str:
        return f"{self.last_activity.isoformat()}_{self.id}"

    def rows_after(self) -> Q:
        return Q(last_activity__lt=self.last_activity) | Q(last_activity=self.last_activity, id__lt=self.id)


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    stories = _stories(request).live()
    form = StoryFilterForm(request.GET)
    problem = ""
    if form.is_valid():
        if form.cleaned_data["min_articles"]:
            stories = stories.filter(article_count__gte=form.cleaned_data["min_articles"])
    else:
        problem = " ".join(e for errors in form.errors.values() for e in errors) + " The filter was ignored."
    cursor = StoryCursor.parse(request.GET.get("after", ""))
    page = stories.order_by("-last_activity", "-pk")
    if cursor:
        page = page.filter(cursor.rows_after())
    rows = list(page[: PAGE_SIZE + 1])
    next_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        following = request.GET.copy()
        following["after"] = StoryCursor(rows[-1].last_activity, rows[-1].pk).encode()
        next_url = reverse("story-list") + "?" + following.urlencode()
    for story in rows:
        story.dates_label = _dates(story)  # type: ignore[attr-defined]
    return render(
        request,
        "story_list.html",
        {"form": form, "stories": rows, "next_url": next_url, "first_page": cursor is None, "problem": problem},
    )


def _dates(story: Story) -> str:
    first, last = story.first_published, story.last_published
    if not first:
        return "undated"
    if not last or _local(first) == _local(last):
        return _local(first)
    if timezone.localtime(first).date() == timezone.localtime(last).date():
        return f"{_local(first)}–{timezone.localtime(last):%H:%M}"
    return f"{_local(first)} – {_local(last)}"


# --- Editors' changes ----------------------------------------------------------------------------


def _form_problem(form: Any) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors)


def _live_target(raw_id: int, *, exclude: Story | None = None) -> tuple[Story | None, str]:
    """The story an editor named, or why it cannot take articles."""
    target = Story.objects.defer("centroid").filter(pk=raw_id).first()
    if target is None:
        return None, f"There is no story #{raw_id}."
    if exclude is not None and target.pk == exclude.pk:
        return None, "A story cannot be merged into itself."
    if target.merged_into_id:
        return None, f"Story #{target.pk} was merged into story #{target.merged_into_id}: use that one."
    return target, ""


def _merge_refused(request: HttpRequest, story: Story, form: StoryMergeForm, problem: str) -> HttpResponse:
    if request.htmx:
        context = story_context(request, story, "tools", merge_form=form, error=problem)
        return render(request, "story_detail.html#tools", context, status=400)
    context = story_context(request, story, merge_form=form, page_error=problem)
    return render(request, "story_detail.html", context, status=400)


@require_POST
def story_merge(request: HttpRequest, pk: int) -> HttpResponse:
    story = get_object_or_404(editable_stories(request).defer("centroid"), pk=pk)
    form = StoryMergeForm(request.POST)
    target, problem = None, ""
    if story.merged_into_id:
        problem = f"Story #{story.pk} was already merged into story #{story.merged_into_id}."
    elif not form.is_valid():
        problem = _form_problem(form)
    else:
        target, problem = _live_target(form.cleaned_data["into"], exclude=story)
    if target is None:
        return _merge_refused(request, story, form, problem)
    moved = story.article_count
    try:
        story.merge_into(target, request.user, form.cleaned_data["note"])
    except ValueError as refused:  # the target was merged away since it was checked
        return _merge_refused(request, story, form, str(refused))
    messages.success(
        request, f"Story #{story.pk} merged into story #{target.pk} ({moved} article{'s' * (moved != 1)})."
    )
    if request.htmx:
        return story_changed(queue_changed(HttpResponseClientRedirect(target.get_absolute_url())))
    return HttpResponseRedirect(target.get_absolute_url())


def _problem(request: HttpRequest, error: str, back: str, status: int = 400) -> HttpResponse:
    """A refused change with no page of its own to show it on."""
    template = "problem.html#problem" if request.htmx else "problem.html"
    return render(request, template, {"error": error, "back": back}, status=status)


def _articles_answer(request: HttpRequest, story: Story | None, status: int, **extra: Any) -> HttpResponse:
    """The story's articles again (htmx), or its whole page: after a move, or to say why not."""
    problem = extra.get("article_error", "")
    if story is None:
        return _problem(request, problem, reverse("story-list"), status)
    if request.htmx:
        context = story_context(request, story, "articles", **extra)
        return render(request, "story_detail.html#articles", context, status=status)
    context = story_context(request, story, page_error=problem, **extra)
    return render(request, "story_detail.html", context, status=status)


@require_POST
def article_move_story(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(editable_articles(request).only("pk", "title", "story"), pk=pk)
    previous = Story.objects.defer("centroid").filter(pk=article.story_id).first()
    form = ArticleStoryForm(request.POST)
    target, problem = None, ""
    if not form.is_valid():
        problem = _form_problem(form)
    elif form.target_id() is None:
        if previous is not None and previous.article_count <= 1:
            problem = f"Article #{article.pk} is already alone in story #{previous.pk}."
    else:
        target, problem = _live_target(form.target_id())
        if target is not None and previous is not None and target.pk == previous.pk:
            target, problem = None, f"Article #{article.pk} is already in story #{previous.pk}."
    if problem:
        return _articles_answer(request, previous, 400, article_error=problem, error_article=article.pk)
    try:
        story = article.move_to_story(target, request.user, form.cleaned_data["note"])
    except ValueError as refused:  # the target was merged away since it was checked
        return _articles_answer(request, previous, 400, article_error=str(refused), error_article=article.pk)
    done = (
        f"Article #{article.pk} moved to story #{story.pk}."
        if target is not None
        else f"Article #{article.pk} moved out into a story of its own (#{story.pk})."
    )
    if request.htmx:
        response = _articles_answer(request, previous or story, 200, message=done)
        return story_changed(queue_changed(response))
    messages.success(request, done)
    return redirect_back(request, (previous or story).get_absolute_url())


def finding_context(request: HttpRequest, finding: Conflict, **extra: Any) -> dict[str, Any]:
    """A finding's card, as fresh as the database has it: its first figures, or all of them
    when it belongs to no story (no story page to show the rest on)."""
    found = Conflict.objects.get(pk=finding.pk)
    home = Story(pk=found.story_id) if found.story_id else None
    [shown] = show_findings([found], home, all_members_of=None if home else found.pk)
    return {"finding": shown, "can_edit": can_edit(request), "return_to": "", **extra}


def _finding_answer(request: HttpRequest, finding: Conflict, status: int = 200, **extra: Any) -> HttpResponse:
    """The swapped finding: the whole card on the story page, its decision block elsewhere."""
    context = finding_context(request, finding, return_to=request.POST.get("next", ""), **extra)
    if htmx_target(request) == f"decision-{finding.pk}":
        return render(request, "story_detail.html#decision", context, status=status)
    return render(request, "story_detail.html#finding", {**context, "swap_card": True}, status=status)


def _finding_home(finding: Conflict) -> str:
    if finding.story_id:
        return reverse("story-detail", args=[finding.story_id])
    member = finding.members.values_list("claim_id", flat=True).first()
    return reverse("claim-detail", args=[member]) if member else reverse("review-queue")


@require_POST
def finding_decision(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(editable_findings(request), pk=pk)
    form = FindingDecisionForm(request.POST)
    problem, status = "", 400
    if not form.is_valid():
        problem = _form_problem(form)
    elif finding.status == Conflict.Status.CLOSED:
        # Two editors on one finding: the first decision closed it; say so instead of overwriting.
        problem, status = f"This finding was closed meanwhile — {finding.explanation}", 409
    elif not can_be_decided(finding):
        problem = f"A finding of kind “{finding.get_kind_display()}” is not decided as same or different facts."
    if problem:
        if request.htmx:
            return _finding_answer(request, finding, status, error=problem)
        if status == 409:
            messages.error(request, problem)
            return redirect_back(request, _finding_home(finding))
        return _problem(request, problem, _finding_home(finding))
    was_possible = finding.kind == Conflict.Kind.POSSIBLE_CONFLICT
    try:
        finding.decide(request.user, same=form.same, note=form.cleaned_data["note"])
    except StaleFinding as stale:
        if request.htmx:
            return _finding_answer(request, stale.finding, 409, error=str(stale))
        messages.error(request, str(stale))
        return redirect_back(request, _finding_home(finding))
    if form.same:
        done = "Marked as the same fact: now a conflict." if was_possible else "Confirmed as the same fact."
    else:
        done = "Marked as different facts: the finding is closed and will not be raised again."
    if finding.story_id:
        done += " The story is being compared again; reload in a moment for its other findings."
    if request.htmx:
        return story_changed(queue_changed(_finding_answer(request, finding, message=done)))
    messages.success(request, done)
    return redirect_back(request, _finding_home(finding))
