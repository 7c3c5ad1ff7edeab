"""Check my copy: a draft's claims and figures beside what stored sources say, storing nothing.

An editor's draft (pasted, uploaded or fetched) goes through the same extractor as ingest
(``core.extract_claims_isolated`` and ``pipeline.for_review``); its figures become
:class:`~factcheck.core.matching.FactFigure` values with negative ids, so they can never be
mistaken for stored rows, and meet the stored figures two ways, as an ingested article would:

- the cross-check's blocking matcher, against the recent figures of the same metrics on
  nearby days (the neighbours ``crosscheck.crosscheck_articles`` reads for a new article);
- the frame comparison inside the story the draft would join (``stories`` picks it the way
  ``assign_story`` does, without writing anything).

Each stored figure a finding pairs with a draft figure is reported once, with the strongest
relation found: disagrees, may disagree (a possible conflict), a later update, or agrees.

Nothing here writes to the database: :func:`check_draft` only reads. Keeping the draft as an
article is ``pipeline.ingest_article``'s job (see ``views.check_copy``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any, Literal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from factcheck import core
from factcheck.core import facts as core_facts
from factcheck.core import matching
from factcheck.core import stories as core_stories
from factcheck.core.findings import _describe
from factcheck.currencies import extraction_config
from factcheck.fetching import fetch_url
from factcheck.models import Figure
from factcheck.pipeline import decode_text, for_review, html_to_text
from factcheck.validation import IngestError, check_html, check_text, clean_url

DRAFT_ARTICLE_ID = -1  # stored ids are positive: the draft's figures and claims count down from -1
DRAFT_SOURCE = "your draft"
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
NEIGHBOUR_REACH_DAYS = 3  # as crosscheck_articles: the days around a figure whose neighbours it meets
SHOWN_PER_FIGURE = 25  # reports listed beside one figure; the rest are counted
# The check runs in the request: beyond this many characters it would take longer than an editor
# waits (and than a web worker's timeout) on a busy desk; see tests/bench/bench_check_copy.py.
CHECK_MAX_CHARS = 100_000
PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n")

Relation = Literal["disagrees", "possible", "update", "agrees"]
# Strongest first: a stored figure is reported once, with the strongest relation found.
RELATION_ORDER: dict[str, int] = {"disagrees": 0, "possible": 1, "update": 2, "agrees": 3}
RELATION_WORDS: dict[str, str] = {
    "disagrees": "disagrees",
    "possible": "may disagree",
    "update": "differs: a later update",
    "agrees": "agrees",
}
KIND_RELATION: dict[str, Relation] = {"conflict": "disagrees", "possible_conflict": "possible", "update": "update"}


# ---------------------------------------------------------------- reading the draft


@dataclass(frozen=True)
class Draft:
    """The text to check, with what is known of where it came from."""

    text: str
    title: str = ""
    url: str | None = None
    origin: str = "paste"  # paste | file | url


def paragraph_count(text: str) -> int:
    return sum(1 for part in PARAGRAPH_BREAK.split(text) if part.strip())


def checked_text(text: str, what: str) -> str:
    """The ingest checks (``validation.check_text``), and the check's own size limit."""
    text = check_text(text, what)
    if len(text) > CHECK_MAX_CHARS:
        raise IngestError(
            f"{what} is {len(text):,} characters; a check takes up to {CHECK_MAX_CHARS:,} at a time "
            "(a long feature is about 60,000): check it in parts",
            "text",
        )
    return text


def draft_from_text(text: str) -> Draft:
    return Draft(checked_text(text, "the draft"))


def draft_from_upload(upload: Any) -> Draft:
    """An uploaded .txt, .md or .html file (a Django ``UploadedFile``): the admin upload's
    size limit and decoding."""
    name = str(upload.name or "the file")
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise IngestError(f"{name!r} is not a .txt, .md or .html file", "upload")
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise IngestError(f"the file is over the upload limit of {settings.MAX_UPLOAD_BYTES:,} bytes", "upload")
    content = decode_text(upload.read(), name)
    if name.lower().endswith(HTML_SUFFIXES):
        text, title = html_to_text(check_html(content))
        return Draft(checked_text(text, "the draft"), " ".join(title.split())[:500], origin="file")
    return Draft(checked_text(content, "the draft"), origin="file")


def draft_from_url(raw_url: str) -> Draft:
    """A web page, fetched under the feeds' address-safety rules, size cap and deadline."""
    url = clean_url(raw_url)
    if url is None:
        raise IngestError("give the URL of a web page", "url")
    body, charset = fetch_url(url)
    html = check_html(decode_text(body, url, charset))
    text, title = html_to_text(html)
    return Draft(checked_text(text, "the page's text"), " ".join(title.split())[:500], url, origin="url")


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class Report:
    """What one stored figure says about the same fact as a draft figure."""

    figure_id: int
    claim_id: int
    source: str
    speaker: str
    published: dt.datetime | None
    text: str  # the stored figure's own words
    said: str  # the figure read back ("at least 5 people killed")
    relation: Relation
    explanation: str

    @property
    def relation_words(self) -> str:
        return RELATION_WORDS[self.relation]

    @property
    def disagrees(self) -> bool:
        return self.relation != "agrees"


@dataclass(frozen=True)
class DraftFigure:
    number: int  # 1, 2, ... in the order of the text
    start: int
    end: int
    text: str
    said: str
    metric: str
    comparable: bool
    reports: tuple[Report, ...] = ()
    more: int = 0  # reports beyond the ones listed

    @property
    def disagreements(self) -> tuple[Report, ...]:
        return tuple(r for r in self.reports if r.disagrees)

    @property
    def agreements(self) -> tuple[Report, ...]:
        return tuple(r for r in self.reports if not r.disagrees)


@dataclass(frozen=True)
class DraftClaim:
    start: int
    end: int
    text: str
    speaker: str
    figures: tuple[DraftFigure, ...]


@dataclass(frozen=True)
class CopyCheck:
    """A checked draft: its claims and figures, each figure with the stored reports of its fact."""

    draft: Draft
    published: dt.datetime
    claims: tuple[DraftClaim, ...]
    story_id: int | None = None
    story_title: str = ""
    failures: tuple[str, ...] = ()
    paragraphs: int = 0
    compared: int = 0  # stored figures looked at
    figures: tuple[DraftFigure, ...] = field(default=())

    @property
    def in_order(self) -> tuple[DraftFigure, ...]:
        """Figures with a disagreement first, then the rest; each group in the order of the text."""
        return tuple(sorted(self.figures, key=lambda f: (not f.disagreements, f.number)))

    @property
    def disagreeing(self) -> int:
        return sum(1 for f in self.figures if f.disagreements)


# ---------------------------------------------------------------- checking


def check_draft(draft: Draft, published: dt.datetime | None = None) -> CopyCheck:
    """Extract the draft's claims and compare its figures with the stored ones; writes nothing."""
    published = published or timezone.now()
    day = timezone.localtime(published).date() if timezone.is_aware(published) else published.date()
    try:
        found, failed = core.extract_claims_isolated(draft.text, published=day, config=extraction_config())
    except Exception as exc:  # noqa: BLE001 - as save_claims: even splitting the text failed
        found, failed = (), (core.ExtractionFailure(0, len(draft.text), f"{type(exc).__name__}: {exc}"),)
    extracted = for_review(found)
    drafts = list(_fact_figures(extracted, published))
    comparer = _Comparison(drafts, draft, published)
    reports = comparer.reports()
    claims: list[DraftClaim] = []
    all_figures: list[DraftFigure] = []
    next_id = iter(range(-1, -(len(drafts) + 1), -1))
    for claim in extracted:
        shown: list[DraftFigure] = []
        for figure in claim.figures:
            fid = next(next_id)
            fact = comparer.by_id.get(fid)
            listed = reports.get(fid, [])
            shown.append(
                DraftFigure(
                    number=len(all_figures) + len(shown) + 1,
                    start=figure.start,
                    end=figure.end,
                    text=figure.text,
                    said=_describe(fact) if fact else figure.text,
                    metric=(figure.metric or "").replace("_", " "),
                    comparable=fact is not None and fact.kind in Figure.COMPARABLE_KINDS and bool(fact.metric),
                    reports=tuple(listed[:SHOWN_PER_FIGURE]),
                    more=max(0, len(listed) - SHOWN_PER_FIGURE),
                )
            )
        all_figures.extend(shown)
        claims.append(DraftClaim(claim.start, claim.end, claim.text, claim.speaker or "", tuple(shown)))
    return CopyCheck(
        draft=draft,
        published=published,
        claims=tuple(claims),
        story_id=comparer.story_id,
        story_title=comparer.story_title,
        failures=tuple(f.describe() for f in failed),
        paragraphs=paragraph_count(draft.text),
        compared=len(comparer.known),
        figures=tuple(all_figures),
    )


def _fact_figures(extracted: Sequence[core.Claim], published: dt.datetime) -> Iterable[matching.FactFigure]:
    """The draft's figures as the cross-check sees stored ones (``crosscheck.fact_figures``)."""
    fid = 0
    for position, claim in enumerate(extracted):
        first = fid
        for figure in claim.figures:
            fid += 1
            kind, text = figure.kind, figure.text[:500]
            side, party = matching.counted(text) if kind == "count" else (None, None)
            inside = figure.subset_of is not None and 0 <= figure.subset_of < len(claim.figures)
            part_of = -(first + figure.subset_of + 1) if inside and figure.subset_of is not None else None
            yield matching.FactFigure(
                id=-fid,
                claim_id=-(position + 1),
                article_id=DRAFT_ARTICLE_ID,
                source=DRAFT_SOURCE,
                published=published,
                speaker=(claim.speaker or "")[:300] or None,
                location=(claim.location or "")[:200] or None,
                event_date=claim.event_date,
                metric=(figure.metric or "")[:80],
                kind=kind,
                unit=(figure.unit or "")[:40] or None,
                value=figure.value,
                low=figure.low,
                high=figure.high,
                qualifier=figure.qualifier,
                sentence=claim.text,
                side=side,
                thing=matching.measured_thing(text, claim.text) if kind in matching.MEASURED_KINDS else None,
                party=party,
                part_of=part_of,
                text=text,
                change=figure.change,
            )


class _Comparison:
    """The draft's figures against the stored neighbours and the story the draft would join."""

    def __init__(self, drafts: list[matching.FactFigure], draft: Draft, published: dt.datetime) -> None:
        from factcheck import stories

        self.by_id = {f.id: f for f in drafts}
        self.comparable = [f for f in drafts if f.kind in Figure.COMPARABLE_KINDS and f.metric]
        self.story_id, self.story_title = self._story(draft, published) if self.comparable else (None, "")
        if self.story_id is not None:
            self.comparable = [_in_story(f, self.story_id) for f in self.comparable]
        known = {f.id: f for f in self._neighbours()}
        story_figures = stories.story_figures(self.story_id) if self.story_id is not None else []
        known.update({f.id: f for f in story_figures})
        self.known = known
        self.story_figures = story_figures
        self.index = matching.BlockIndex(stories.match_config())
        self.index.add(known.values())

    def _neighbours(self) -> list[matching.FactFigure]:
        """Recent stored figures of the draft's metrics on nearby days (and undated ones)."""
        from factcheck.crosscheck import fact_figures, recent_figures

        if not self.comparable:
            return []
        days: set[dt.date] = set()
        for f in self.comparable:
            anchor = f.event_date or (timezone.localtime(f.published).date() if f.published else None)
            if anchor is None:
                continue
            for step in range(-NEIGHBOUR_REACH_DAYS, NEIGHBOUR_REACH_DAYS + 1):
                try:
                    days.add(anchor + timedelta(days=step))
                except OverflowError:  # an event dated at the calendar's end ("year 9999")
                    continue
        near = (Q(claim__event_date__isnull=True) | Q(claim__event_date__in=days)) if days else Q()
        metrics = sorted({f.metric for f in self.comparable})
        return list(fact_figures(recent_figures().filter(metric__in=metrics).filter(near)))

    def _story(self, draft: Draft, published: dt.datetime) -> tuple[int | None, str]:
        """The story the draft would join, chosen as ``stories.assign_story`` chooses, read only."""
        from factcheck import stories
        from factcheck.models.stories import Story

        config = stories.story_config()
        match = stories.match_config()
        places, speakers = matching.place_resolver(match), matching.speaker_resolver(match)
        names = {places.resolve(f.location) for f in self.comparable if f.location}
        names |= {speakers.resolve(f.speaker) for f in self.comparable if f.speaker}
        text = core_stories.ArticleText(
            id=0,
            text=draft.text,
            title=draft.title,
            published=published,
            source="",
            names=tuple(sorted(n for n in names if n)),
        )
        terms = core_stories.article_terms(text, config)
        vector = core_stories.article_vector(terms, stories.term_weights(), config)
        since = timezone.now() - timedelta(days=settings.STORY_WINDOW_DAYS)
        chosen, _score = core_stories.best_story(vector, published, stories.candidate_stories(vector, since), config)
        if chosen is None:
            return None, ""
        story = Story.objects.filter(pk=chosen).only("pk", "title").first()
        return (story.pk, str(story)) if story else (None, "")

    def findings(self) -> list[matching.Finding]:
        """Every finding, from either comparison, that has a draft figure in it."""
        from factcheck import stories

        result = matching.find_conflicts_incremental(self.comparable, self.index)
        found = list(result.findings)
        if self.story_id is not None:
            figures = [*self.story_figures, *self.comparable]
            found += core_facts.compare_story(
                self.story_id, figures, stories.frame_config(), origin_of=stories.origins(self.story_id)
            )
        return [f for f in found if any(i < 0 for i in f.member_ids)]

    def agreeing_pairs(self) -> set[tuple[int, int]]:
        """(draft id, stored id) of the same fact whose intervals agree."""
        from factcheck import stories

        pairs: set[tuple[int, int]] = set()
        # Only figures the matcher blocked into the same group (metric, place, subject) and whose
        # days are within its reach can be the same fact: never every stored figure of a metric.
        zone = timezone.get_current_timezone()
        by_day: dict[tuple[str, str, str], dict[dt.date | None, list[int]]] = {}
        for f in self.known.values():
            group = self.index.group_of(f.id)
            if group is not None:
                by_day.setdefault(group, {}).setdefault(_anchor_day(f, zone), []).append(f.id)
        reach = self.index.reach
        for d in self.comparable:
            group = self.index.group_of(d.id)
            days = by_day.get(group, {}) if group is not None else {}
            mine = _anchor_day(d, zone)
            if mine is None:
                near = [k for ids in days.values() for k in ids]
            else:
                near = list(days.get(None, ()))
                for step in range(-reach, reach + 1):
                    try:
                        near += days.get(mine + timedelta(days=step), ())
                    except OverflowError:
                        continue
            pairs.update((d.id, k) for k in near if self.index.intervals_agree(d.id, k))
        if self.story_id is not None:
            facts = core_facts.story_facts(
                self.story_id,
                [*self.story_figures, *self.comparable],
                stories.frame_config(),
                origin_of=stories.origins(self.story_id),
            )
            for fact in facts:
                members = set(fact.member_ids)
                for drafted in (m for m in members if m < 0):
                    pairs.update((drafted, k) for k in members if k > 0 and self._overlap(drafted, k))
        return pairs

    def _overlap(self, draft_id: int, stored_id: int) -> bool:
        """Whether two figures of one fact can both hold: the matcher's rule where it applies."""
        if self.index.intervals_agree(draft_id, stored_id):
            return True
        group = self.index.group_of(draft_id)
        if group is not None and group == self.index.group_of(stored_id):
            return False  # one group: the matcher's interval rule said no
        a, b = self.by_id[draft_id], self.known[stored_id]
        return (a.unit or "") == (b.unit or "") and max(a.low, b.low) <= min(a.high, b.high)

    def reports(self) -> dict[int, list[Report]]:
        """Draft figure id -> the stored figures of its fact, strongest relation first."""
        relation: dict[tuple[int, int], tuple[Relation, str]] = {}

        def note(pair: tuple[int, int], rel: Relation, why: str) -> None:
            held = relation.get(pair)
            if held is None or RELATION_ORDER[rel] < RELATION_ORDER[held[0]]:
                relation[pair] = (rel, why)

        found = self.findings()  # adds the draft's figures to the index, which the agreements read
        agree = self.agreeing_pairs()
        for finding in found:
            rel = KIND_RELATION.get(finding.kind)
            for d in (i for i in finding.member_ids if i < 0):
                for k in (i for i in finding.member_ids if i > 0):
                    if rel is None or (d, k) in agree or self._overlap(d, k):
                        # A copy, or a member of the group that agrees with the draft's figure.
                        note((d, k), "agrees", finding.explanation if rel is None else "")
                    else:
                        note((d, k), rel, finding.explanation)
        for pair in agree:
            note(pair, "agrees", "")
        return self._rows(relation)

    def _rows(self, relation: dict[tuple[int, int], tuple[Relation, str]]) -> dict[int, list[Report]]:
        ids = {k for _, k in relation}
        rows = {
            f.pk: f
            for f in Figure.objects.filter(pk__in=ids).select_related("claim__article__source", "claim__speaker")
        }
        out: dict[int, list[Report]] = {}
        for (d, k), (rel, why) in relation.items():
            row, fact = rows.get(k), self.known.get(k)
            if row is None or fact is None:
                continue  # deleted since it was read
            article = row.claim.article
            out.setdefault(d, []).append(
                Report(
                    figure_id=row.pk,
                    claim_id=row.claim_id,
                    source=article.source.name,
                    speaker=row.claim.speaker.name if row.claim.speaker else row.claim.speaker_name,
                    published=article.published_at,
                    text=row.text,
                    said=_describe(fact),
                    relation=rel,
                    explanation=why,
                )
            )
        for reports in out.values():
            reports.sort(key=_report_order)
        return out


def _anchor_day(figure: matching.FactFigure, zone: dt.tzinfo) -> dt.date | None:
    """The day a figure is about: its event date, else its publication day (in ``zone``)."""
    if figure.event_date is not None:
        return figure.event_date
    if figure.published is None:
        return None
    published = figure.published
    return published.astimezone(zone).date() if published.utcoffset() is not None else published.date()


def _report_order(report: Report) -> tuple[Any, ...]:
    when = report.published.timestamp() if report.published else -math.inf
    return (RELATION_ORDER[report.relation], -when, report.figure_id)


def _in_story(figure: matching.FactFigure, story_id: int) -> matching.FactFigure:
    return replace(figure, story_id=story_id)
