"""Cross-checking stored figures: the database side of ``factcheck.core.matching``.

The full run is split into chunks of whole metrics (a fact never spans two
metrics), fanned out over the running Celery workers as a chord, and
finished by a callback that updates the queue's conflict flags. Upserts are
keyed by a signature, so running again changes nothing; a Redis lock (the
Django cache, which is Redis when ``REDIS_URL`` is set) keeps two runs apart.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from factcheck.core import matching
from factcheck.models import Article, Claim, Conflict, CrosscheckRun, Figure, bump_queue_generation

log = logging.getLogger(__name__)

LOCK_KEY = "factcheck:crosscheck:lock"

FIGURE_FIELDS = (
    "id",
    "claim_id",
    "claim__article_id",
    "claim__article__source__name",
    "claim__article__published_at",
    "claim__speaker__name",
    "claim__speaker_name",
    "claim__location",
    "claim__event_date",
    "metric",
    "kind",
    "unit",
    "value",
    "low",
    "high",
    "qualifier",
    "claim__text",
    "text",
    "subset_of_id",
    "claim__article__story_id",
)


# ---------------------------------------------------------------- loading


def recent_figures() -> QuerySet[Figure]:
    """Comparable figures of articles received within CROSSCHECK_DAYS (all when 0)."""
    figures = Figure.objects.comparable()
    if settings.CROSSCHECK_DAYS:
        since = timezone.now() - timedelta(days=settings.CROSSCHECK_DAYS)
        figures = figures.filter(claim__article__ingested_at__gte=since)
    return figures


def fact_figures(figures: QuerySet[Figure]) -> Iterator[matching.FactFigure]:
    for row in figures.values_list(*FIGURE_FIELDS).iterator(chunk_size=5000):
        (
            fid,
            claim_id,
            article_id,
            source,
            published,
            speaker,
            speaker_name,
            location,
            event_date,
            metric,
            kind,
            unit,
            value,
            low,
            high,
            qualifier,
            sentence,
            figure_text,
            part_of,
            story_id,
        ) = row
        # Only counts name a side or party, only measures a thing ("12-inch laptop").
        side, party = matching.counted(figure_text) if kind == "count" else (None, None)
        yield matching.FactFigure(
            id=fid,
            claim_id=claim_id,
            article_id=article_id,
            source=source,
            published=published,
            speaker=speaker or speaker_name or None,
            location=location or None,
            event_date=event_date,
            metric=metric,
            kind=kind,
            unit=unit or None,
            value=value,
            low=low,
            high=float("inf") if high is None else high,
            qualifier=qualifier,
            sentence=sentence,
            side=side,
            thing=matching.measured_thing(figure_text, sentence) if kind == "measure" else None,
            party=party,
            part_of=part_of,
            story_id=story_id,
        )


def canonical_metric(metric: str) -> str:
    folded = metric.strip().casefold()
    return matching.METRIC_SYNONYMS.get(folded, folded)


def plan_chunks(figures: QuerySet[Figure], n_chunks: int) -> list[list[str]]:
    """Metrics split into at most ``n_chunks`` balanced lists; synonyms stay together."""
    sizes: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    for metric, count in figures.values_list("metric").annotate(n=Count("id")).order_by():
        key = canonical_metric(metric)
        sizes[key] = sizes.get(key, 0) + count
        members.setdefault(key, []).append(metric)
    n = max(1, min(n_chunks, len(sizes)))
    loads = [0] * n
    chunks: list[list[str]] = [[] for _ in range(n)]
    for key in sorted(sizes, key=lambda k: (-sizes[k], k)):
        i = loads.index(min(loads))
        loads[i] += sizes[key]
        chunks[i].extend(sorted(members[key]))
    return [c for c in chunks if c]


# ---------------------------------------------------------------- storing


def signature(finding: matching.Finding) -> str:
    """Identity of a finding across runs: its kind, fact key and first (oldest) member.

    A possible conflict an editor confirms becomes a conflict: the same finding, so the
    two kinds share one identity.
    """
    kind = "conflict" if finding.kind == "possible_conflict" else finding.kind
    raw = f"{kind}|{finding.key}|{min(finding.member_ids)}"
    return hashlib.sha256(raw.encode()).hexdigest()


def store_findings(
    findings: Iterable[matching.Finding], scope: QuerySet[Conflict], story_id: int | None = None
) -> dict[str, int]:
    """Upsert ``findings``; close conflicts in ``scope`` no longer found. Idempotent.

    Two processes may store the same new finding at once (the nightly chunk and
    an on-ingest check): the loser's insert fails on the unique signature, and
    it stores again, now updating the winner's row.
    """
    findings = list(findings)
    for attempt in range(3):
        try:
            return _store_findings(findings, scope, story_id)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store_findings(
    findings: list[matching.Finding], scope: QuerySet[Conflict], story_id: int | None
) -> dict[str, int]:
    counts = {"new": 0, "updated": 0, "closed": 0, "conflicts": 0, "possible": 0, "updates": 0, "copies": 0}
    tally = {"conflict": "conflicts", "possible_conflict": "possible", "update": "updates", "copy": "copies"}
    now = timezone.now()
    found = {signature(f): f for f in findings}
    # Stored figures (some may have gone since they were read), with their metric as extracted:
    # the queue filters on that spelling ("missiles_launched"), not on the matcher's normalised one.
    metric_of = dict(
        Figure.objects.filter(pk__in={i for f in found.values() for i in f.member_ids}).values_list("pk", "metric")
    )
    with transaction.atomic():
        existing = {c.signature: c for c in Conflict.objects.filter(signature__in=found.keys()).prefetch_related(None)}
        members_of = _member_ids([c.pk for c in existing.values()])
        through = Conflict.members.through
        new_rows: list[Conflict] = []
        changed: list[Conflict] = []
        for sig, finding in found.items():
            ids = tuple(sorted(i for i in finding.member_ids if i in metric_of))
            if len(ids) < 2:
                continue
            counts[tally[finding.kind]] += 1
            current = existing.get(sig)
            if current is None:
                new_rows.append(
                    Conflict(
                        kind=finding.kind,
                        story_id=story_id,
                        key=finding.key[:400],
                        signature=sig,
                        metric=metric_of[ids[0]][:80],
                        location=finding.location[:200],
                        explanation=finding.explanation,
                        first_seen=now,
                        last_seen=now,
                    )
                )
                new_rows[-1]._ids = ids  # type: ignore[attr-defined]
                continue
            current.last_seen = now
            if (
                current.explanation != finding.explanation
                or current.kind != finding.kind
                or current.status != Conflict.Status.OPEN
                or members_of.get(current.pk, ()) != ids
            ):
                current.kind = finding.kind
                current.explanation = finding.explanation
                current.status = Conflict.Status.OPEN
                current._ids = ids  # type: ignore[attr-defined]
                changed.append(current)
        Conflict.objects.bulk_create(new_rows, batch_size=1000)
        Conflict.objects.filter(signature__in=[s for s in existing if s not in {c.signature for c in changed}]).update(
            last_seen=now
        )
        if changed:
            Conflict.objects.bulk_update(changed, ["kind", "explanation", "status", "last_seen"], batch_size=1000)
            through.objects.filter(conflict_id__in=[c.pk for c in changed]).delete()
        through.objects.bulk_create(
            [through(conflict_id=c.pk, figure_id=i) for c in [*new_rows, *changed] for i in c._ids],  # type: ignore[attr-defined]
            batch_size=5000,
        )
        stale = scope.filter(status=Conflict.Status.OPEN).exclude(signature__in=found.keys())
        counts["closed"] = stale.update(status=Conflict.Status.CLOSED, last_seen=now)
    counts["new"], counts["updated"] = len(new_rows), len(changed)
    return counts


def _member_ids(conflict_ids: list[int]) -> dict[int, tuple[int, ...]]:
    out: dict[int, list[int]] = {}
    through = Conflict.members.through
    for cid, fid in through.objects.filter(conflict_id__in=conflict_ids).values_list("conflict_id", "figure_id"):
        out.setdefault(cid, []).append(fid)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def refresh_conflict_flags(claims: QuerySet[Claim] | None = None) -> int:
    """Set ``Claim.in_conflict`` and ``conflict_level`` from open findings (the queue sorts on them).

    Conflicts (and within-article inconsistencies) rank first, possible conflicts next.
    """
    claims = Claim.objects.all() if claims is None else claims

    def in_open(*kinds: str) -> Exists:
        return Exists(
            Conflict.members.through.objects.filter(
                figure__claim_id=OuterRef("pk"), conflict__status=Conflict.Status.OPEN, conflict__kind__in=kinds
            )
        )

    conflict = in_open(Conflict.Kind.CONFLICT, Conflict.Kind.INTERNAL)
    possible = in_open(Conflict.Kind.POSSIBLE_CONFLICT)
    level = Claim.ConflictLevel
    changed = (
        claims.filter(conflict)
        .exclude(conflict_level=level.CONFLICT, in_conflict=True)
        .update(in_conflict=True, conflict_level=level.CONFLICT)
    )
    changed += (
        claims.filter(~conflict, possible)
        .exclude(conflict_level=level.POSSIBLE, in_conflict=False)
        .update(in_conflict=False, conflict_level=level.POSSIBLE)
    )
    changed += (
        claims.filter(~conflict, ~possible)
        .exclude(conflict_level=level.NONE, in_conflict=False)
        .update(in_conflict=False, conflict_level=level.NONE)
    )
    if changed:
        bump_queue_generation()
    return changed


# ---------------------------------------------------------------- running


def crosscheck_metrics(metrics: list[str]) -> dict[str, int]:
    """Cross-check every recent figure of ``metrics`` (one chunk of a full run)."""
    from factcheck import stories

    figures = list(fact_figures(recent_figures().filter(metric__in=metrics)))
    findings = _decided(matching.find_conflicts(figures, stories.match_config()), figures)
    # Within-article findings belong to extraction, and findings inside one story to its
    # comparison by frames (factcheck.stories), not to this matcher.
    scope = (
        Conflict.objects.filter(members__metric__in=metrics, story__isnull=True)
        .exclude(kind=Conflict.Kind.INTERNAL)
        .distinct()
    )
    counts = store_findings(findings, Conflict.objects.filter(pk__in=scope.values("pk")))
    counts["figures"] = len(figures)
    return counts


def _decided(findings: list[matching.Finding], figures: list[matching.FactFigure]) -> list[matching.Finding]:
    """Findings with editors' decisions applied: a pair marked "different facts" is never raised again."""
    from factcheck import stories

    article_of = {f.id: f.article_id for f in figures}
    return stories.apply_decisions(findings, stories.decisions_for(findings), article_of)


def crosscheck_articles(article_ids: list[int]) -> dict[str, int]:
    """Incremental: the new articles' figures against the blocks they fall in, then the
    figures inside their stories."""
    from factcheck import stories

    story_ids = sorted(
        set(Article.objects.filter(pk__in=article_ids, story__isnull=False).values_list("story_id", flat=True))
    )
    new_qs = recent_figures().filter(claim__article_id__in=article_ids)
    new = list(fact_figures(new_qs))
    if not new:
        counts = {"figures": 0, "new": 0, "updated": 0, "closed": 0, "conflicts": 0, "updates": 0, "copies": 0}
        _add(counts, stories.compare_stories(story_ids))
        return counts
    metrics = sorted({f.metric for f in new})
    reach = 3
    days: set[Any] = set()
    for f in new:
        anchor = f.event_date or (timezone.localtime(f.published).date() if f.published else None)
        if anchor:
            days.update(anchor + timedelta(days=d) for d in range(-reach, reach + 1))
    near = Q(claim__event_date__isnull=True) | Q(claim__event_date__in=days)
    if not days:
        near = Q()
    neighbours = recent_figures().filter(metric__in=metrics).filter(near).exclude(claim__article_id__in=article_ids)
    index = matching.BlockIndex(stories.match_config())
    known = list(fact_figures(neighbours))
    index.add(known)
    result = matching.find_conflicts_incremental(new, index)
    findings = _decided(result.findings, [*new, *known])
    counts = store_findings(findings, Conflict.objects.filter(key__in=result.block_keys, story__isnull=True))
    refresh_conflict_flags(Claim.objects.filter(figures__metric__in=metrics).distinct())
    counts["figures"] = len(new)
    _add(counts, {k: v for k, v in stories.compare_stories(story_ids).items() if k != "figures"})
    return counts


def _add(totals: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value


def acquire_lock(token: str) -> bool:
    return bool(cache.add(LOCK_KEY, token, timeout=settings.CROSSCHECK_LOCK_SECONDS))


def release_lock(token: str) -> None:
    if cache.get(LOCK_KEY) == token:
        cache.delete(LOCK_KEY)


def start_run(trigger: str = "manual", n_chunks: int | None = None) -> CrosscheckRun:
    """Begin a full run on the workers; a run refused by the lock is recorded as such."""
    from celery import chord

    from factcheck import tasks

    token = uuid.uuid4().hex
    if not acquire_lock(token):
        return CrosscheckRun.objects.create(
            status=CrosscheckRun.Status.REFUSED,
            trigger=trigger,
            finished_at=timezone.now(),
            errors=["another cross-check is running"],
        )
    _abandon_stale_runs()
    from factcheck import stories

    stories.assign_missing_stories()
    chunks = plan_chunks(recent_figures(), n_chunks or settings.CROSSCHECK_CHUNKS)
    story_chunks = plan_story_chunks(n_chunks or settings.CROSSCHECK_CHUNKS)
    run = CrosscheckRun.objects.create(trigger=trigger, chunks_total=len(chunks) + len(story_chunks), errors=[])
    cache.set(f"{LOCK_KEY}:run:{run.pk}", token, timeout=settings.CROSSCHECK_LOCK_SECONDS)
    if not chunks and not story_chunks:
        finish_run(run.pk, [])
        run.refresh_from_db()
        return run
    # Stories second: their comparison leaves out pairs the matcher already relates.
    if chunks:
        transaction.on_commit(
            lambda: chord(tasks.crosscheck_chunk.s(run.pk, metrics) for metrics in chunks)(
                tasks.crosscheck_stories.s(run.pk, story_chunks)
            )
        )
    else:
        transaction.on_commit(lambda: tasks.crosscheck_stories.delay([], run.pk, story_chunks))
    return run


def plan_story_chunks(n_chunks: int) -> list[list[int]]:
    """The stories to compare, dealt round-robin into at most ``n_chunks`` lists."""
    from factcheck import stories

    ids = stories.stories_to_compare()
    n = max(1, min(n_chunks, len(ids)))
    return [chunk for chunk in (ids[i::n] for i in range(n)) if chunk]


def start_story_phase(run_id: int, story_chunks: list[list[int]]) -> None:
    """After the matcher's chunks: the story chunks on the workers, then the finish."""
    from celery import chord

    from factcheck import tasks

    if not story_chunks:
        finish_run(run_id, [])
        return
    chord(tasks.crosscheck_story_chunk.s(run_id, ids) for ids in story_chunks)(tasks.crosscheck_finish.s(run_id))


def _abandon_stale_runs() -> None:
    """Runs left 'running' by a worker that died: the lock has expired, so they are over."""
    CrosscheckRun.objects.filter(status=CrosscheckRun.Status.RUNNING).update(
        status=CrosscheckRun.Status.FAILED, finished_at=timezone.now(), errors=["abandoned: its workers stopped"]
    )


def run_chunk(run_id: int, metrics: list[str]) -> dict[str, int]:
    """One chunk on a worker. Transient errors propagate (the task retries); others are recorded."""
    from factcheck import faults

    faults.maybe_fail("crosscheck_chunk")
    return _run_recorded(run_id, f"chunk {metrics[:3]}…", lambda: crosscheck_metrics(metrics))


def run_story_chunk(run_id: int, story_ids: list[int]) -> dict[str, int]:
    """One chunk of stories on a worker: their figures compared by frame."""
    from factcheck import stories

    def compare() -> dict[str, int]:
        # Their figures were counted as scanned by the matcher's chunks already.
        return {k: v for k, v in stories.compare_stories(story_ids).items() if k != "figures"}

    return _run_recorded(run_id, f"stories {story_ids[:3]}…", compare)


def _run_recorded(run_id: int, what: str, work: Callable[[], dict[str, int]]) -> dict[str, int]:
    from factcheck.tasks import RETRYABLE

    try:
        counts = work()
    except RETRYABLE:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded on the run; the other chunks go on
        log.exception("cross-check chunk failed (run %s)", run_id)
        _record_error(run_id, f"{what}: {type(exc).__name__}: {exc}")
        return {"error": 1}
    counts = {"figures": 0, "new": 0, "updated": 0, "closed": 0, **counts}
    CrosscheckRun.objects.filter(pk=run_id).update(
        figures_scanned=F("figures_scanned") + counts["figures"],
        conflicts_new=F("conflicts_new") + counts["new"],
        conflicts_updated=F("conflicts_updated") + counts["updated"],
        conflicts_closed=F("conflicts_closed") + counts["closed"],
        chunks_done=F("chunks_done") + 1,
    )
    cache.touch(LOCK_KEY, settings.CROSSCHECK_LOCK_SECONDS)
    return counts


def _record_error(run_id: int, message: str) -> None:
    with transaction.atomic():
        run = CrosscheckRun.objects.select_for_update().get(pk=run_id)
        run.errors = [*run.errors, message]
        run.chunks_done += 1
        run.save(update_fields=["errors", "chunks_done"])


def finish_run(run_id: int, results: list[dict[str, int]]) -> None:
    refresh_conflict_flags()
    # Release the lock before the run reads as finished, so whoever sees it
    # finished may start the next one at once.
    token = cache.get(f"{LOCK_KEY}:run:{run_id}")
    if token:
        release_lock(token)
        cache.delete(f"{LOCK_KEY}:run:{run_id}")
    run = CrosscheckRun.objects.get(pk=run_id)
    # Failed when every chunk failed (both phases: the errors are recorded on the run).
    failed = run.chunks_total > 0 and len(run.errors) >= run.chunks_total
    run.status = CrosscheckRun.Status.FAILED if failed else CrosscheckRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])


def run_here(
    trigger: str = "command",
    n_chunks: int | None = None,
    progress: Callable[[int, int, dict[str, int]], None] | None = None,
) -> CrosscheckRun:
    """The full run in this process, chunk by chunk (for ``manage.py crosscheck``)."""
    token = uuid.uuid4().hex
    if not acquire_lock(token):
        return CrosscheckRun.objects.create(
            status=CrosscheckRun.Status.REFUSED,
            trigger=trigger,
            finished_at=timezone.now(),
            errors=["another cross-check is running"],
        )
    try:
        _abandon_stale_runs()
        from factcheck import stories

        stories.assign_missing_stories()
        chunks = plan_chunks(recent_figures(), n_chunks or settings.CROSSCHECK_CHUNKS)
        story_chunks = plan_story_chunks(n_chunks or settings.CROSSCHECK_CHUNKS)
        total = len(chunks) + len(story_chunks)
        run = CrosscheckRun.objects.create(trigger=trigger, chunks_total=total, errors=[])
        results = []
        for metrics in chunks:
            results.append(run_chunk(run.pk, metrics))
            if progress:
                progress(len(results), total, results[-1])
        for story_ids in story_chunks:
            results.append(run_story_chunk(run.pk, story_ids))
            if progress:
                progress(len(results), total, results[-1])
        finish_run(run.pk, results)
    finally:
        release_lock(token)
    run.refresh_from_db()
    return run


def wait_for_run(run_id: int, timeout: float = 600, poll: float = 0.2) -> CrosscheckRun:
    """Wait until a run is no longer running (used by the command's --workers mode and tests)."""
    deadline = time.monotonic() + timeout
    while True:
        run = CrosscheckRun.objects.get(pk=run_id)
        if run.status != CrosscheckRun.Status.RUNNING or time.monotonic() > deadline:
            return run
        time.sleep(poll)
