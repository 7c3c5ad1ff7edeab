"""Stories: the reports of one event across outlets, side by side.

The story page shows the story's articles (copies folded under their origin), a fact
table (a row per fact, a column per source, a timeline per fact) and the findings made
inside it; editors decide possible conflicts, merge stories and move articles. Every
figure of the page comes from a fixed number of queries, whatever the story's size.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from factcheck import stories as story_data
from factcheck.core.facts import story_facts
from factcheck.forms import ArticleStoryForm, FindingDecisionForm, StoryFilterForm, StoryMergeForm
from factcheck.models import Article, Conflict, Figure, FindingDecision, Source, Story, StoryEvent

from .access import can_edit, editable_articles, editable_findings, editable_stories, readable_stories
from .chart import Timeline, TimelinePoint, timeline_chart
from .common import htmx_target, queue_changed, redirect_back, story_changed
from .queue import label_qualifiers

PAGE_SIZE = 30
FINDINGS_SHOWN = 200
HISTORY_SHOWN = 40
SINGLE_SOURCE_SHOWN = 300
MEMBERS_SHOWN = 6
MERGE_HOPS = 20  # a chain of merges longer than this is not followed


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


@dataclass
class FactRow:
    key: str
    label: str
    cells: list[list[Figure]]
    timeline: Timeline | None
    mark: str
    sources: int


@dataclass
class SourceGroup:
    name: str
    articles: list[Article]


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


def _when(article: Article) -> dt.datetime:
    return article.published_at or article.ingested_at


def story_articles(story: Story) -> list[Article]:
    """The story's articles in publication order, without their bodies."""
    return list(
        Article.objects.filter(story=story)
        .select_related("source")
        .only(
            "pk",
            "title",
            "url",
            "published_at",
            "ingested_at",
            "copy_of",
            "copy_containment",
            "story",
            "story_pinned",
            "source__name",
        )
        .order_by(F("published_at").asc(nulls_last=True), "pk")
    )


def group_articles(articles: list[Article]) -> list[SourceGroup]:
    """By source (in order of each source's first report), then time; copies under their origin."""
    by_id = {a.pk: a for a in articles}
    for article in articles:
        article.when_label = _local(article.published_at)  # type: ignore[attr-defined]
        article.republished = []  # type: ignore[attr-defined]
    groups: dict[str, SourceGroup] = {}
    for article in articles:
        origin = by_id.get(article.copy_of_id) if article.copy_of_id else None
        if origin is not None and origin.pk != article.pk:
            same = article.copy_containment
            article.same_text = f"{round(same * 100)}%" if same is not None and math.isfinite(same) else ""  # type: ignore[attr-defined]
            origin.republished.append(article)  # type: ignore[attr-defined]
            continue
        groups.setdefault(article.source.name, SourceGroup(article.source.name, [])).articles.append(article)
    return list(groups.values())


def _figures(story: Story, articles: dict[int, Article]) -> dict[int, Figure]:
    """Every figure of the story's claims with what a table cell shows; one query."""
    figures = (
        Figure.objects.filter(claim__article__story=story)
        .select_related("claim__speaker")
        .only(
            "pk",
            "text",
            "value",
            "low",
            "high",
            "qualifier",
            "kind",
            "metric",
            "unit",
            "claim__id",
            "claim__article_id",
            "claim__speaker_name",
            "claim__location",
            "claim__speaker__name",
        )
    )
    found = {}
    for figure in figures:
        article = articles.get(figure.claim.article_id)
        if article is None:  # moved away between the two queries
            continue
        claim = figure.claim
        figure.article = article  # type: ignore[attr-defined]
        figure.when = _when(article)  # type: ignore[attr-defined]
        figure.when_label = _local(article.published_at)  # type: ignore[attr-defined]
        figure.source_name = article.source.name  # type: ignore[attr-defined]
        figure.speaker_label = claim.speaker.name if claim.speaker else claim.speaker_name or ""  # type: ignore[attr-defined]
        figure.exact = figure.qualifier == "exact" and figure.high == figure.low  # type: ignore[attr-defined]
        figure.marks = []  # type: ignore[attr-defined]
        origin = articles.get(article.copy_of_id) if article.copy_of_id else None
        if origin is not None:
            figure.marks.append(  # type: ignore[attr-defined]
                Mark("copy", "copy", f"Republished from {origin.source.name}: one witness with it, not two.")
            )
        found[figure.pk] = figure
    label_qualifiers(found.values())
    return found


def _mark_findings(story: Story, figures: dict[int, Figure]) -> None:
    """Badge the figures that are in an open finding, with its explanation as the title."""
    members = Conflict.members.through.objects.filter(
        figure__claim__article__story=story, conflict__status=Conflict.Status.OPEN
    ).exclude(conflict__kind=Conflict.Kind.COPY)
    for figure_id, kind, explanation in members.values_list("figure_id", "conflict__kind", "conflict__explanation"):
        figure = figures.get(figure_id)
        if figure is not None:
            css, _ = FINDING_LOOK.get(kind, ("neutral", ""))
            label = Conflict.Kind(kind).label if kind in Conflict.Kind.values else kind
            figure.marks.append(Mark(css, label.lower(), explanation))  # type: ignore[attr-defined]
    for figure in figures.values():
        marks = figure.marks  # type: ignore[attr-defined]
        figure.mark = max((m.css for m in marks), key=_strength, default="")  # type: ignore[attr-defined]


def _point(figure: Figure) -> TimelinePoint:
    high = math.inf if figure.high is None else figure.high
    title = f"{figure.source_name}, {figure.when_label}: “{figure.text}” {figure.interval_label}"  # type: ignore[attr-defined]
    mark = figure.mark if figure.mark != "copy" else ""  # type: ignore[attr-defined]
    return TimelinePoint(timezone.localtime(figure.when), figure.value, figure.low, high, title, mark)  # type: ignore[attr-defined]


def fact_table(story: Story, articles: list[Article]) -> tuple[list[str], list[FactRow], list[FactRow]]:
    """Source columns, the facts reported by two sources or more (or in a finding), the rest."""
    by_id = {a.pk: a for a in articles}
    figures = _figures(story, by_id)
    _mark_findings(story, figures)
    facts = _story_facts(story)
    # Columns: the sources in the order they first reported a figure of the table.
    first_seen: dict[str, tuple[dt.datetime, int]] = {}
    rows = []
    for fact in facts:
        members = sorted((figures[i] for i in fact.member_ids if i in figures), key=lambda f: (f.when, f.pk))  # type: ignore[attr-defined]
        if not members:
            continue
        for figure in members:
            name = figure.source_name  # type: ignore[attr-defined]
            first_seen[name] = min(first_seen.get(name, (figure.when, figure.pk)), (figure.when, figure.pk))  # type: ignore[attr-defined]
        rows.append((fact, members))
    columns = sorted(first_seen, key=lambda name: first_seen[name])
    index = {name: i for i, name in enumerate(columns)}
    shared, single = [], []
    for fact, members in rows:
        cells: list[list[Figure]] = [[] for _ in columns]
        for figure in members:
            cells[index[figure.source_name]].append(figure)  # type: ignore[attr-defined]
        mark = max((f.mark for f in members), key=_strength, default="")  # type: ignore[attr-defined]
        sources = sum(1 for cell in cells if cell)
        row = FactRow(fact.key, fact.label, cells, None, mark if mark != "copy" else "", sources)
        (shared if sources > 1 or row.mark else single).append((row, members))
    # Disagreements first, then the facts most sources report.
    shared.sort(key=lambda rm: (-_strength(rm[0].mark), -rm[0].sources))
    for row, members in shared:
        row.timeline = timeline_chart([_point(f) for f in members])
    return columns, [row for row, _ in shared], [row for row, _ in single[:SINGLE_SOURCE_SHOWN]]


def _story_facts(story: Story) -> list[Any]:
    """The story's facts as the comparison sees them: the same figures, frames and copies."""
    figures = story_data.story_figures(story.pk)
    return story_facts(story.pk, figures, story_data.frame_config(), origin_of=story_data.origins(story.pk))


def _finding_members() -> Prefetch:
    return Prefetch(
        "members",
        Figure.objects.select_related("claim__article__source", "claim__speaker").defer(
            "claim__article__text",
            "claim__article__story_terms",
            "claim__article__copy_signature",
            "claim__checkworthiness_reasons",
        ),
    )


def show_findings(findings: Iterable[Conflict]) -> list[Conflict]:
    """Display data for findings whose members are prefetched (no queries)."""
    shown = []
    for finding in findings:
        css, title = FINDING_LOOK.get(finding.kind, ("neutral", ""))
        finding.css, finding.kind_title = css, title  # type: ignore[attr-defined]
        mark_decidable(finding)
        members = sorted(finding.members.all(), key=lambda f: (_when(f.claim.article), f.pk))
        label_qualifiers(members)
        for figure in members:
            claim = figure.claim
            figure.speaker_label = claim.speaker.name if claim.speaker else claim.speaker_name or ""  # type: ignore[attr-defined]
            figure.when_label = _local(claim.article.published_at)  # type: ignore[attr-defined]
        # A finding over a big story can hold hundreds of figures: the first few, the rest folded.
        finding.shown_members = members[:MEMBERS_SHOWN]  # type: ignore[attr-defined]
        finding.more_members = members[MEMBERS_SHOWN:]  # type: ignore[attr-defined]
        shown.append(finding)
    return shown


def story_findings(story: Story) -> list[Conflict]:
    """Open findings with a member in this story, possible conflicts first."""
    ids = Conflict.members.through.objects.filter(
        figure__claim__article__story=story, conflict__status=Conflict.Status.OPEN
    ).values("conflict_id")
    order = Case(*(When(kind=kind, then=Value(i)) for kind, i in KIND_ORDER.items()), default=Value(len(KIND_ORDER)))
    findings = (
        Conflict.objects.filter(pk__in=ids)
        .annotate(order=order)
        .order_by("order", "-last_seen", "-pk")
        .prefetch_related(_finding_members())[:FINDINGS_SHOWN]
    )
    return show_findings(findings)


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
    events = list(
        StoryEvent.objects.filter(Q(story=story) | Q(other_story=story))
        .select_related("user", "article", "story", "other_story")
        .defer("story__centroid", "other_story__centroid", "article__text", "article__story_terms")
        .defer("article__copy_signature")[:HISTORY_SHOWN]
    )
    decisions = FindingDecision.objects.filter(story=story).select_related("user", "conflict")
    return {"events": events, "decisions": decision_history(decisions[: HISTORY_SHOWN * 10])}


def story_sources(story: Story) -> list[Any]:
    return list(Source.objects.filter(articles__story=story).annotate(n=Count("articles")).order_by("-n", "name")[:100])


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
    if "articles" in parts or "facts" in parts:
        articles = story_articles(story)
        context["article_groups"] = group_articles(articles)
        context["article_total"] = len(articles)
        if "facts" in parts:
            context["columns"], context["facts"], context["single_facts"] = fact_table(story, articles)
    if "findings" in parts:
        context["findings"] = story_findings(story)
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
    found = Conflict.objects.filter(pk=finding.pk).prefetch_related(_finding_members())
    return {"finding": show_findings(found)[0], "can_edit": can_edit(request), "return_to": "", **extra}


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
    finding.decide(request.user, same=form.same, note=form.cleaned_data["note"])
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
