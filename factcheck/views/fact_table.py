"""The story page's fact table: a row per fact, a column per source, marks and a timeline per
fact, and the story's version that the cached parts of the page are keyed by (see ``views.stories``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from factcheck import stories as story_data
from factcheck.core.facts import story_facts
from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    Story,
)

from .chart import TimelinePoint, timeline_chart, timeline_svg
from .story_rows import esc, local_time, url_of

SINGLE_SOURCE_SHOWN = 300
CELL_VALUES_SHOWN = 3  # distinct figures a source's cell shows before "N more from this source"
BADGE_TITLE_CHARS = 160  # a cell's badge says why in a tooltip; the finding's card below has it all


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
    timeline: SafeString  # its SVG, drawn by chart.timeline_svg (escaped there)
    mark: str
    sources: int
    html: SafeString = SafeString("")  # its cells (or, for a single-source fact, its figures), rendered


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
    # The facts' grouping is made from the articles, claims and figures alone: kept apart, it
    # is not made again when only a finding changed (an editor's decision, a comparison).
    story.figures_version = hashlib.sha1(repr((list(rows[:3]), aliases)).encode()).hexdigest()  # type: ignore[attr-defined]
    return hashlib.sha1(repr((rows, aliases)).encode()).hexdigest()


FACTS_CACHE = "story-facts:1:{story}"  # bump the 1 when what it holds changes
FACTS_CACHE_SECONDS = 24 * 3600


def _grouped(story: Story) -> tuple[dict[int, CellFigure], list[Any]]:
    """The story's figures as cells and their facts, kept under the story's figures version.

    Every value is a fresh copy (the cache pickles it), so marking the cells does not touch it.
    """
    version = getattr(story, "figures_version", None)
    if version is None:
        story_version(story)
        version = story.figures_version  # type: ignore[attr-defined]
    key = FACTS_CACHE.format(story=story.pk)
    made_for, value = cache.get(key, (None, None))
    if made_for == version:
        return value  # type: ignore[no-any-return]
    compared = story_data.story_figures(story.pk)
    figures, origin_of = _figures(story, compared)
    facts = story_facts(story.pk, compared, story_data.frame_config(), origin_of=origin_of)
    cache.set(key, (version, (figures, facts)), timeout=FACTS_CACHE_SECONDS)
    return figures, facts


def fact_table_html(story: Story) -> str:
    """The fact table, rendered (what costs: the page caches it per version of the story)."""
    columns, facts, single = fact_table(story)
    return render_to_string(
        "story_detail.html#fact-table", {"columns": columns, "facts": facts, "single_facts": single}
    )


def interval_text(qualifier: str, low: float, high: float) -> str:
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
            intervals[span] = interval_text(*span)
        if fig.published not in labels:
            labels[fig.published] = local_time(fig.published)
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
    figures, facts = _grouped(story)
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
        row = FactRow(fact.key, fact.label, cells, SafeString(""), mark if mark != "copy" else "", sources)
        (shared if sources > 1 or row.mark else single).append((row, members))
    # Disagreements first, then the facts most sources report.
    shared.sort(key=lambda rm: (-_strength(rm[0].mark), -rm[0].sources))
    claim_url, local, badges = url_of("claim-detail"), {}, {}
    drawn = RowsDrawn(story)
    for row, members in shared:
        kept = drawn.get(row, members)
        if kept is None:
            timeline = timeline_svg(timeline_chart([_point(f, local) for f in members]), row.label)
            kept = drawn.put(row, members, timeline, "".join(_cell(cell, claim_url, badges) for cell in row.cells))
        row.timeline, row.html = mark_safe(kept[0]), mark_safe(kept[1])  # escaped by timeline_svg and _cell
    drawn.save()
    for row, members in single[:SINGLE_SOURCE_SHOWN]:
        listed = [
            format_html(SINGLE_FIGURE, claim_url(f.claim_id), f.text, f.source_name, f.when_label) for f in members
        ]
        row.html = mark_safe("; ".join(listed))  # each part escaped by format_html
    return columns, [row for row, _ in shared], [row for row, _ in single[:SINGLE_SOURCE_SHOWN]]


ROWS_CACHE = "story-rows:1:{story}"  # bump the 1 when how a row is drawn changes


class RowsDrawn:
    """The fact table's rows as last drawn (timeline and cells), kept under the story's figures
    version: after a finding changes, only the rows whose figures' marks changed are drawn again.

    A row is looked up by its fact's key and taken only if its figures and their marks are the
    same as when it was drawn; everything else a row shows comes from the figures version.
    """

    def __init__(self, story: Story) -> None:
        self.key = ROWS_CACHE.format(story=story.pk)
        self.version = getattr(story, "figures_version", None)
        made_for, rows = cache.get(self.key, (None, {}))
        self.rows: dict[str, tuple[tuple[Any, ...], str, str]] = rows if made_for == self.version else {}
        self.fresh = False

    @staticmethod
    def _said(members: list[CellFigure]) -> tuple[Any, ...]:
        return tuple((f.pk, f.mark, tuple(f.marks)) for f in members)

    def get(self, row: FactRow, members: list[CellFigure]) -> tuple[str, str] | None:
        kept = self.rows.get(row.key)
        if kept is None or kept[0] != self._said(members):
            return None
        return kept[1], kept[2]

    def put(self, row: FactRow, members: list[CellFigure], timeline: str, cells: str) -> tuple[str, str]:
        self.rows[row.key] = (self._said(members), timeline, cells)
        self.fresh = True
        return timeline, cells

    def save(self) -> None:
        if self.fresh and self.version is not None:
            cache.set(self.key, (self.version, self.rows), timeout=FACTS_CACHE_SECONDS)


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
                badges[mark] = BADGE.format(esc(mark.css), esc(mark.title), esc(mark.label))
        listed = "".join(
            REPEAT.format(claim_url(f.claim_id), esc(f.text), esc(f.speaker_label or OWN), esc(f.when_label))
            for f in repeats
        )
        blocks.append(
            FIGURE.format(
                mark=f" mark-{first.mark}" if first.mark else "",
                url=claim_url(first.claim_id),
                text=esc(first.text),
                interval="" if first.exact else INTERVAL.format(esc(first.interval_label)),
                speaker=esc(first.speaker_label or OWN),
                when=esc(first.when_label),
                badges="".join(badges[mark] for mark in first.marks),
                repeats=REPEATS.format(len(repeats), listed) if repeats else "",
            )
        )
    shown, more = blocks[:CELL_VALUES_SHOWN], blocks[CELL_VALUES_SHOWN:]
    folded = sum(len(group) for group in list(said.values())[CELL_VALUES_SHOWN:])
    tail = MORE_VALUES.format(folded, "".join(more)) if more else ""
    return f'<td class="cell">{"".join(shown)}{tail}</td>'
