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
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from factcheck import track_record
from factcheck.forms import ArticleStoryForm, FindingDecisionForm, StoryFilterForm, StoryMergeForm
from factcheck.models import (
    Conflict,
    Figure,
    FindingDecision,
    Source,
    StaleFinding,
    Story,
    StoryEvent,
)
from factcheck.track_record import Tally

from .access import can_edit, editable_articles, editable_findings, editable_stories, readable_stories
from .common import htmx_target, queue_changed, redirect_back, story_changed, whole_number
from .fact_table import FINDING_LOOK, KIND_ORDER, fact_table_html, interval_text, story_version
from .story_articles import (
    ARTICLES_SHOWN,  # noqa: F401 - one place to read the page's limits
    MoveForms,
    article_list,
    articles_html,
    group_articles,
    story_articles,
)
from .story_rows import esc, local_time, url_of

PAGE_SIZE = 30
FINDINGS_SHOWN = 200
HISTORY_SHOWN = 40
MEMBERS_SHOWN = 6
MERGE_HOPS = 20  # a chain of merges longer than this is not followed
PARTS_CACHE = "story-part:2:{story}:{part}"  # bump the 1 when what a cached part holds changes
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
    source_id: int
    speaker_id: int | None


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
        "claim__article__source_id",
        "claim__speaker_id",
    )
    figures, when = {}, {}
    wanted = {figure_id for ids, _ in picked.values() for figure_id in ids}
    for row in Figure.objects.filter(pk__in=wanted).values_list(*columns, "claim__article__ingested_at"):
        pk, claim, text, qualifier, low, high, source, published, speaker, said_as, story, *ids, ingested = row
        interval = interval_text(qualifier, low, math.inf if high is None else high)
        source_id, speaker_id = ids
        figures[pk] = Member(
            pk, claim, text, interval, source, published, speaker or said_as or "", story, source_id, speaker_id
        )
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
    claim_url, story_url = url_of("claim-detail"), url_of("story-detail")
    for finding in findings:
        css, title = FINDING_LOOK.get(finding.kind, ("neutral", ""))
        finding.css, finding.kind_title = css, title  # type: ignore[attr-defined]
        mark_decidable(finding)
        shown, total = members.get(finding.pk, ([], 0))
        finding.members_html = mark_safe(  # type: ignore[attr-defined]
            "".join(_member(f, story, claim_url, story_url) for f in shown)  # _member escapes
        )
        finding.member_total = total  # type: ignore[attr-defined]
        finding.parties = _parties(shown)  # type: ignore[attr-defined]
        # The rest behind a link: the card again with all its figures (a plain link reloads the page so).
        finding.more_members = total - len(shown)  # type: ignore[attr-defined]
        finding.all_members_url = f"{home}?members={finding.pk}" if home else ""  # type: ignore[attr-defined]
        finding.body_html = render_to_string("story_detail.html#finding-body", {"finding": finding})  # type: ignore[attr-defined]
    return findings


def _parties(shown: Iterable[Member]) -> list[tuple[str, int, str]]:
    """The sources and speakers of a finding's figures shown, each once, in the order shown."""
    named: dict[tuple[str, int], str] = {}
    for member in shown:
        named.setdefault(("source", member.source_id), member.source_name)
        if member.speaker_id is not None:
            named.setdefault(("speaker", member.speaker_id), member.speaker)
    return [(kind, pk, name) for (kind, pk), name in named.items()]


def with_record_lines(findings: list[Conflict]) -> list[Conflict]:
    """Each finding's track-record line per source and speaker it shows: never part of a cached
    card (any verdict anywhere changes it), but cached under the records' own freshness."""
    keys = {(kind, pk) for finding in findings for kind, pk, _ in getattr(finding, "parties", ())}
    counts = track_record.cached_recent_counts(
        {pk for kind, pk in keys if kind == "source"}, {pk for kind, pk in keys if kind == "speaker"}
    )
    for finding in findings:
        finding.record_lines = [  # type: ignore[attr-defined]
            track_record.PartyLine(kind, pk, name, track_record.record_line(name, counts.get((kind, pk), Tally())))
            for kind, pk, name in getattr(finding, "parties", ())
        ]
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
        source=esc(figure.source_name),
        when=esc(local_time(figure.published_at)),
        speaker=f" · {esc(figure.speaker)}" if figure.speaker else "",
        url=claim_url(figure.claim_id),
        text=esc(figure.text),
        interval=esc(figure.interval_label),
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
    # Kept under the version read before they were made: if the story changed meanwhile, the
    # next reader's version differs and they are made again (no second digest needed).
    if fresh:
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
        with_record_lines(context["findings"])
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
    [shown] = with_record_lines(show_findings([finding], story, all_members_of=pk))
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
    if not last or local_time(first) == local_time(last):
        return local_time(first)
    if timezone.localtime(first).date() == timezone.localtime(last).date():
        return f"{local_time(first)}–{timezone.localtime(last):%H:%M}"
    return f"{local_time(first)} – {local_time(last)}"


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
    [shown] = with_record_lines(show_findings([found], home, all_members_of=None if home else found.pk))
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
