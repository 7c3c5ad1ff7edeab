"""Comparing the figures inside stories by their frame (``factcheck.core.facts``), and
storing the findings (conflict, possible conflict, update), honouring editors' decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from factcheck.bulk_update import update_rows
from factcheck.core import facts as core_facts
from factcheck.core import matching
from factcheck.models import Article, Claim, Conflict, Figure, FindingDecision, Story, figure_identity
from factcheck.models.stories import pair_key
from factcheck.stories.config import frame_config


def story_figures(story_id: int) -> list[matching.FactFigure]:
    """The comparable figures of a story's claims (each carries its part-of link and story)."""
    from factcheck.crosscheck import fact_figures

    return list(fact_figures(Figure.objects.filter(claim__article__story_id=story_id)))


def origins(story_id: int) -> dict[int, int]:
    """Article id -> the article it copies, for the story's copies."""
    return dict(Article.objects.filter(story_id=story_id, copy_of__isnull=False).values_list("pk", "copy_of_id"))


def decisions_for(findings: Sequence[matching.Finding]) -> dict[frozenset[int], FindingDecision]:
    """The latest editor decision for each pair of these findings' members that has one.

    Pairs are matched by the figures' stable identity, so a decision made before the
    article was extracted again (new figure rows) still applies.
    """
    ids = {i for f in findings for i in f.member_ids}
    rows = Figure.objects.filter(pk__in=list(ids)).values_list("pk", "claim__article_id", "claim__sentence_key", "text")
    identity = {pk: figure_identity(article, key, text) for pk, article, key, text in rows}
    by_pair: dict[str, frozenset[int]] = {}
    for finding in findings:
        members = sorted(m for m in finding.member_ids if m in identity)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                by_pair[pair_key(identity[a], identity[b])] = frozenset((a, b))
    latest: dict[frozenset[int], FindingDecision] = {}
    decisions = FindingDecision.objects.filter(pair__in=list(by_pair)).select_related("user")
    for decision in decisions.order_by("created_at", "pk"):
        latest[by_pair[decision.pair]] = decision
    return latest


def apply_decisions(
    findings: Sequence[matching.Finding],
    decided: dict[frozenset[int], FindingDecision],
    article_of: dict[int, int],
) -> list[matching.Finding]:
    """Editors' word over the comparer's: pairs marked "different facts" are never raised
    again; a possible conflict whose pairs were all confirmed "same fact" is a conflict."""
    from dataclasses import replace

    out = []
    for finding in findings:
        members = list(finding.member_ids)

        def verdicts(a: int, rest: list[int]) -> list[str | None]:
            return [
                decided[frozenset((a, b))].decision if frozenset((a, b)) in decided else None
                for b in rest
                if article_of.get(a) != article_of.get(b)
            ]

        kept = [m for m in members if not _all_different(verdicts(m, [o for o in members if o != m]))]
        if len(kept) < 2 or len({article_of.get(m) for m in kept}) < 2:
            continue
        if len(kept) != len(members):
            finding = replace(finding, member_ids=tuple(kept))
        pairs = [
            decided.get(frozenset((a, b)))
            for i, a in enumerate(kept)
            for b in kept[i + 1 :]
            if article_of.get(a) != article_of.get(b)
        ]
        if (
            finding.kind == "possible_conflict"
            and pairs
            and all(p is not None and p.decision == FindingDecision.Decision.SAME for p in pairs)
        ):
            who = sorted({p.user.get_username() for p in pairs if p is not None and p.user})
            finding = replace(
                finding,
                kind="conflict",
                explanation=f"{finding.explanation} Confirmed as one fact by {', '.join(who) or 'an editor'}.",
            )
        out.append(finding)
    return out


def _all_different(verdicts: list[str | None]) -> bool:
    return bool(verdicts) and all(v == FindingDecision.Decision.DIFFERENT for v in verdicts)


def _covered_pairs(story_id: int) -> set[frozenset[int]]:
    """Pairs of the story's figures already related by a cross-story finding (the matcher's)."""
    through = Conflict.members.through
    groups: dict[int, list[int]] = defaultdict(list)
    rows = through.objects.filter(
        figure__claim__article__story_id=story_id, conflict__story__isnull=True, conflict__status=Conflict.Status.OPEN
    ).exclude(conflict__kind=Conflict.Kind.INTERNAL)
    for conflict_id, figure_id in rows.values_list("conflict_id", "figure_id"):
        groups[conflict_id].append(figure_id)
    return {frozenset((a, b)) for ids in groups.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}


def compare_story(story_id: int) -> dict[str, int]:
    """Compare the figures inside one story by their frame, and store what disagrees."""
    from factcheck.crosscheck import refresh_conflict_flags, store_findings

    figures = story_figures(story_id)
    article_of = {f.id: f.article_id for f in figures}
    config = frame_config()
    found = core_facts.compare_story(story_id, figures, config, origin_of=origins(story_id))
    covered = _covered_pairs(story_id)
    fresh = [
        f
        for f in found
        if not all(
            frozenset((a, b)) in covered
            for i, a in enumerate(f.member_ids)
            for b in f.member_ids[i + 1 :]
            if article_of.get(a) != article_of.get(b)
        )
    ]
    findings = apply_decisions(fresh, decisions_for(fresh), article_of)
    scope = Conflict.objects.filter(story_id=story_id)
    counts = store_findings(findings, scope, story_id=story_id)
    facts = core_facts.story_facts(story_id, figures, config, origin_of=origins(story_id))
    Story.objects.filter(pk=story_id).update(
        fact_count=len(facts),
        conflict_count=Conflict.objects.open()
        .filter(story_id=story_id, kind__in=[Conflict.Kind.CONFLICT, Conflict.Kind.POSSIBLE_CONFLICT])
        .count(),
    )
    refresh_conflict_flags(Claim.objects.filter(article__story_id=story_id))
    counts["figures"] = len(figures)
    return counts


def stories_to_compare() -> list[int]:
    """Stories of the cross-check window with articles from at least two sources."""
    stories = Story.objects.live().filter(source_count__gte=2)
    if settings.CROSSCHECK_DAYS:
        stories = stories.filter(last_activity__gte=timezone.now() - timedelta(days=settings.CROSSCHECK_DAYS))
    return list(stories.order_by("pk").values_list("pk", flat=True))


def compare_stories(story_ids: Iterable[int]) -> dict[str, int]:
    """:func:`compare_story` for many stories, a few queries for all of them (a batch
    ingest, a chunk of the nightly run): their figures, copies, already related pairs and
    editors' decisions are read once, findings stored once, flags refreshed once.

    A story of one article has nothing to compare unless it still holds findings (an
    article was moved out of it): those are left out.
    """
    from factcheck.crosscheck import claims_of_figures, refresh_conflict_flags, store_findings

    wanted = set(story_ids)
    ids = sorted(
        Story.objects.filter(pk__in=wanted)
        .filter(Q(article_count__gte=2) | Q(findings__status=Conflict.Status.OPEN))
        .values_list("pk", flat=True)
        .distinct()
    )
    if not ids:
        return {}
    from factcheck.crosscheck import fact_figures

    figures_of: dict[int, list[matching.FactFigure]] = defaultdict(list)
    for figure in fact_figures(Figure.objects.filter(claim__article__story_id__in=ids)):
        figures_of[figure.story_id or 0].append(figure)
    origins_of: dict[int, dict[int, int]] = defaultdict(dict)
    copies = Article.objects.filter(story_id__in=ids, copy_of__isnull=False)
    for story_id, pk, copy_of in copies.values_list("story_id", "pk", "copy_of_id"):
        origins_of[story_id][pk] = copy_of
    covered = _covered_pairs_of(ids)
    config = frame_config()
    article_of = {f.id: f.article_id for figures in figures_of.values() for f in figures}
    fresh: list[matching.Finding] = []
    fact_counts: dict[int, int] = {}
    from factcheck.crosscheck import signature

    for story_id in ids:
        figures, origin_of = figures_of.get(story_id, []), origins_of.get(story_id, {})
        found, fact_counts[story_id] = core_facts.compare_and_count(story_id, figures, config, origin_of=origin_of)
        for finding in found:
            pairs = [
                frozenset((a, b))
                for i, a in enumerate(finding.member_ids)
                for b in finding.member_ids[i + 1 :]
                if article_of.get(a) != article_of.get(b)
            ]
            if all(pair in covered[story_id] for pair in pairs):
                continue
            fresh.append(finding)
    findings = apply_decisions(fresh, decisions_for(fresh), article_of)
    story_of_figure = {f.id: story_id for story_id, figures in figures_of.items() for f in figures}
    story_of = {signature(f): story_of_figure[f.member_ids[0]] for f in findings}
    touched: set[int] = set()
    counts = store_findings(findings, Conflict.objects.filter(story_id__in=ids), story_of=story_of, touched=touched)
    _update_story_counts(ids, fact_counts)
    refresh_conflict_flags(claims_of_figures(touched))
    counts["figures"] = sum(len(figures_of.get(i, ())) for i in ids)
    return counts


def _covered_pairs_of(story_ids: list[int]) -> dict[int, set[frozenset[int]]]:
    """Per story, pairs of its figures already related by a cross-story finding (the matcher's)."""
    through = Conflict.members.through
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = through.objects.filter(
        figure__claim__article__story_id__in=story_ids,
        conflict__story__isnull=True,
        conflict__status=Conflict.Status.OPEN,
    ).exclude(conflict__kind=Conflict.Kind.INTERNAL)
    fields = ("conflict_id", "figure_id", "figure__claim__article__story_id")
    for conflict_id, figure_id, story_id in rows.values_list(*fields):
        groups[(story_id, conflict_id)].append(figure_id)
    covered: dict[int, set[frozenset[int]]] = defaultdict(set)
    for (story_id, _), members in groups.items():
        covered[story_id].update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return covered


def _update_story_counts(story_ids: list[int], fact_counts: dict[int, int]) -> None:
    """Each story's facts and open (possible) conflicts, for the story list; one query per count."""
    open_findings = dict(
        Conflict.objects.open()
        .filter(story_id__in=story_ids, kind__in=[Conflict.Kind.CONFLICT, Conflict.Kind.POSSIBLE_CONFLICT])
        .values("story_id")
        .annotate(n=Count("pk"))
        .values_list("story_id", "n")
        .order_by()
    )
    stories = list(Story.objects.filter(pk__in=story_ids).only("pk", "fact_count", "conflict_count"))
    changed = []
    for story in stories:
        facts, conflicts = fact_counts.get(story.pk, 0), open_findings.get(story.pk, 0)
        if (story.fact_count, story.conflict_count) != (facts, conflicts):
            story.fact_count, story.conflict_count = facts, conflicts
            changed.append(story)
    update_rows(changed, ["fact_count", "conflict_count"])
