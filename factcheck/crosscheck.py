"""Cross-checking stored figures: the database side of ``factcheck.core.matching``.

The full run is split into chunks of whole metrics (a fact never spans two
metrics), fanned out over the running Celery workers as a chord, and
finished by a task that updates the queue's conflict flags. Upserts are
keyed by a signature, so running again changes nothing. The running run itself
is the lock that keeps two runs apart, as long as its heartbeat is fresh; a
watchdog queues again the chunks a dead worker took with it, or abandons the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from factcheck.alerts import webhooks as alerts_webhooks
from factcheck.core import matching
from factcheck.core.match_config import METRIC_PHRASE_SYNONYMS
from factcheck.models import Article, Claim, Conflict, CrosscheckRun, Figure, bump_queue_generation
from factcheck.tasks import RETRYABLE  # lost connections: a task retries them, a run records them

log = logging.getLogger(__name__)


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
    "change",
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
            change,
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
            thing=matching.measured_thing(figure_text, sentence) if kind in matching.MEASURED_KINDS else None,
            party=party,
            part_of=part_of,
            story_id=story_id,
            text=figure_text or "",
            change=change or None,
        )


def canonical_metric(metric: str) -> str:
    """The chunk key of a metric: its synonyms, whole ("laid_off" is "jobs lost") or by word, share it.

    >>> canonical_metric("Dead"), canonical_metric("laid_off"), canonical_metric("jobs_cut")
    ('killed', 'jobs lost', 'jobs lost')
    """
    folded = metric.strip().casefold()
    phrase = " ".join(folded.replace("_", " ").split())
    return METRIC_PHRASE_SYNONYMS.get(phrase) or matching.METRIC_SYNONYMS.get(folded, folded)


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
    findings: Iterable[matching.Finding],
    scope: QuerySet[Conflict],
    story_id: int | None = None,
    story_of: Mapping[str, int] | None = None,
    touched: set[int] | None = None,
) -> dict[str, int]:
    """Upsert ``findings``; close conflicts in ``scope`` no longer found. Idempotent.

    New findings belong to ``story_id``, or to the story ``story_of`` gives for their
    signature (findings of many stories stored at once). ``touched`` receives the ids of
    the figures whose open findings changed: only their claims' flags can have changed.

    Two processes may store the same new finding at once (the nightly chunk and
    an on-ingest check): the loser's insert fails on the unique signature, and
    it stores again, now updating the winner's row.
    """
    findings = list(findings)
    for attempt in range(3):
        try:
            return _store_findings(findings, scope, story_id, story_of or {}, touched if touched is not None else set())
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store_findings(
    findings: list[matching.Finding],
    scope: QuerySet[Conflict],
    story_id: int | None,
    story_of: Mapping[str, int],
    touched: set[int],
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
        became_conflicts: list[str] = []
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
                        story_id=story_of.get(sig, story_id),
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
            if finding.kind == Conflict.Kind.CONFLICT and (
                current.kind != Conflict.Kind.CONFLICT or current.status != Conflict.Status.OPEN
            ):
                became_conflicts.append(sig)  # a finding now a conflict: news for alerts
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
        stale_ids = list(stale.values_list("pk", flat=True))
        touched.update(through.objects.filter(conflict_id__in=stale_ids).values_list("figure_id", flat=True))
        counts["closed"] = Conflict.objects.filter(pk__in=stale_ids).update(
            status=Conflict.Status.CLOSED, last_seen=now
        )
        for row in [*new_rows, *changed]:
            touched.update(row._ids)  # type: ignore[attr-defined]
        for row in changed:
            touched.update(members_of.get(row.pk, ()))
        alert = [c.signature for c in new_rows if c.kind == Conflict.Kind.CONFLICT] + became_conflicts
        if alert:
            transaction.on_commit(lambda: alerts_webhooks.conflicts_found(alert))
    counts["new"], counts["updated"] = len(new_rows), len(changed)
    return counts


def _member_ids(conflict_ids: list[int]) -> dict[int, tuple[int, ...]]:
    out: dict[int, list[int]] = {}
    through = Conflict.members.through
    for cid, fid in through.objects.filter(conflict_id__in=conflict_ids).values_list("conflict_id", "figure_id"):
        out.setdefault(cid, []).append(fid)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def claims_of_figures(figure_ids: set[int]) -> QuerySet[Claim]:
    return Claim.objects.filter(pk__in=Figure.objects.filter(pk__in=list(figure_ids)).values("claim_id"))


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
    neighbours = (
        recent_figures().filter(metric__in=metrics).filter(_near(new)).exclude(claim__article_id__in=article_ids)
    )
    index = matching.BlockIndex(stories.match_config())
    known = list(fact_figures(neighbours))
    index.add(known)
    result = matching.find_conflicts_incremental(new, index)
    findings = _decided(result.findings, [*new, *known])
    touched: set[int] = set()
    scope = Conflict.objects.filter(key__in=result.block_keys, story__isnull=True)
    counts = store_findings(findings, scope, touched=touched)
    # Flags can change only on the claims of figures whose open findings changed.
    refresh_conflict_flags(claims_of_figures(touched))
    counts["figures"] = len(new)
    _add(counts, {k: v for k, v in stories.compare_stories(story_ids).items() if k != "figures"})
    return counts


def _near(new: list[matching.FactFigure], reach: int = 3) -> Q:
    """Figures the new ones may meet in the matcher: those of their days, a few days either
    side (more than the matcher's reach), dated by the event or, without one, by publication;
    figures with neither date meet every day. Far-off days never share a fact key with
    the new figures, and loading them made each batch cost as much as the whole window."""
    days: set[Any] = set()
    undated = False
    for f in new:
        anchor = f.event_date or (timezone.localtime(f.published).date() if f.published else None)
        if anchor:
            days.update(anchor + timedelta(days=d) for d in range(-reach, reach + 1))
        undated = undated or anchor is None
    if not days:
        return Q()
    no_event = Q(claim__event_date__isnull=True)
    near = Q(claim__event_date__in=days) | (no_event & Q(claim__article__published_at__isnull=True))
    if undated:  # a figure with no date meets every day of its group
        return near | no_event
    # Publication days in runs of consecutive days: one article that names a day years back
    # ("on November 8, 2016") must not stretch the range over every article in between.
    published = Q()
    for first, last in _runs(sorted(days)):
        published |= Q(claim__article__published_at__date__gte=first, claim__article__published_at__date__lte=last)
    return near | (no_event & published)


def _runs(days: list[Any]) -> list[tuple[Any, Any]]:
    """Sorted days as (first, last) runs of consecutive days.

    >>> from datetime import date
    >>> _runs([date(2016, 11, 8), date(2016, 11, 9), date(2024, 3, 1)])
    [(datetime.date(2016, 11, 8), datetime.date(2016, 11, 9)), (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1))]
    """
    runs: list[tuple[Any, Any]] = []
    for day in days:
        if runs and day - runs[-1][1] <= timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _add(totals: dict[str, int], more: dict[str, int]) -> None:
    for key, value in more.items():
        totals[key] = totals.get(key, 0) + value


# ---------------------------------------------------------------- runs: the lock, the heartbeat, the watchdog
#
# The run row is the lock: a running run whose heartbeat is fresh refuses a new one.
# Chunks beat as they start and finish; a run silent for half of CROSSCHECK_STALL_SECONDS
# has its unfinished chunks queued again (a worker killed mid-chunk took its message
# with it), and one silent for all of it is abandoned, which frees the lock. The plan
# and which chunks are done live on the run row, not in the cache: a copy of a chunk
# that finishes second counts nothing and moves nothing on, whatever the cache holds.

RUNNING = CrosscheckRun.Status.RUNNING
ENDED_BADLY = (CrosscheckRun.Status.FAILED, CrosscheckRun.Status.ABANDONED, CrosscheckRun.Status.CANCELLED)
METRICS, STORIES = "metrics", "stories"


def start_run(trigger: str = "manual", n_chunks: int | None = None) -> CrosscheckRun:
    """Begin a full run on the workers; a run refused because another is running is recorded as such."""
    run = _begin(trigger)
    if run.status != RUNNING:
        return run
    try:
        plan = _plan(n_chunks)
    except Exception as exc:  # noqa: BLE001 - recorded on the run, which must not hold the lock
        log.exception("cross-check planning failed (run %s)", run.pk)
        _reconnect()
        _end(run.pk, CrosscheckRun.Status.FAILED, f"planning failed: {type(exc).__name__}: {exc}")
        run.refresh_from_db()
        return run
    total = len(plan[METRICS]) + len(plan[STORIES])
    CrosscheckRun.objects.filter(pk=run.pk).update(chunks_total=total, heartbeat_at=timezone.now(), plan=plan)
    run.chunks_total, run.plan = total, plan
    if not total:
        finish_run(run.pk)
        run.refresh_from_db()
        return run
    # Stories second: their comparison leaves out pairs the matcher already relates.
    phase = METRICS if plan[METRICS] else STORIES
    transaction.on_commit(lambda: _queue(run.pk, phase, plan[phase]))
    return run


def _begin(trigger: str) -> CrosscheckRun:
    """The new run, or a refused one while a run with a fresh heartbeat holds the lock."""
    watchdog()
    with transaction.atomic():
        _serialize_starts()
        if CrosscheckRun.objects.filter(status=RUNNING).exists():
            return CrosscheckRun.objects.create(
                status=CrosscheckRun.Status.REFUSED,
                trigger=trigger,
                finished_at=timezone.now(),
                errors=["another cross-check is running"],
            )
        return CrosscheckRun.objects.create(trigger=trigger, errors=[], heartbeat_at=timezone.now())


def _serialize_starts() -> None:
    """Two starts at once must not both see no running run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x46435243])  # "FCRC"
    # SQLite: transaction_mode IMMEDIATE (settings) already serializes every writing transaction.


def _plan(n_chunks: int | None) -> dict[str, list[Any]]:
    from factcheck import stories

    stories.assign_missing_stories()
    n = n_chunks or settings.CROSSCHECK_CHUNKS
    return {METRICS: plan_chunks(recent_figures(), n), STORIES: plan_story_chunks(n)}


def plan_story_chunks(n_chunks: int) -> list[list[int]]:
    """The stories to compare, dealt round-robin into at most ``n_chunks`` lists."""
    from factcheck import stories

    ids = stories.stories_to_compare()
    n = max(1, min(n_chunks, len(ids)))
    return [chunk for chunk in (ids[i::n] for i in range(n)) if chunk]


def _queue(run_id: int, phase: str, chunks: list[Any], only: Iterable[int] | None = None) -> int:
    """Each chunk its own task (no chord: the last chunk to finish moves the run on)."""
    from factcheck import outbox, tasks

    task = tasks.crosscheck_chunk if phase == METRICS else tasks.crosscheck_story_chunk
    wanted = set(range(len(chunks)) if only is None else only)
    for index in sorted(wanted):
        outbox.send(task, run_id, chunks[index], index)
    return len(wanted)


def beat(run_id: int) -> bool:
    """A sign of progress; False when the run is no longer running (cancelled, abandoned)."""
    return bool(CrosscheckRun.objects.filter(pk=run_id, status=RUNNING).update(heartbeat_at=timezone.now()))


def run_chunk(run_id: int, metrics: list[str], index: int | None = None, retrying: bool = True) -> dict[str, int]:
    """One chunk on a worker. Transient errors propagate while ``retrying`` (the task retries);
    others, and transient ones on the last try, are recorded on the run."""
    from factcheck import faults

    if not beat(run_id):
        return {"skipped": 1}
    faults.maybe_fail("crosscheck_chunk")
    work = lambda: crosscheck_metrics(metrics)  # noqa: E731
    return _run_recorded(run_id, METRICS, index, f"chunk {metrics[:3]}…", work, retrying)


def run_story_chunk(
    run_id: int, story_ids: list[int], index: int | None = None, retrying: bool = True
) -> dict[str, int]:
    """One chunk of stories on a worker: their figures compared by frame."""
    from factcheck import stories

    def compare() -> dict[str, int]:
        # Their figures were counted as scanned by the matcher's chunks already.
        return {k: v for k, v in stories.compare_stories(story_ids).items() if k != "figures"}

    if not beat(run_id):
        return {"skipped": 1}
    return _run_recorded(run_id, STORIES, index, f"stories {story_ids[:3]}…", compare, retrying)


def _run_recorded(
    run_id: int, phase: str, index: int | None, what: str, work: Callable[[], dict[str, int]], retrying: bool
) -> dict[str, int]:
    try:
        counts = work()
    except RETRYABLE as exc:
        if retrying:
            raise
        log.exception("cross-check chunk gave up (run %s)", run_id)
        _reconnect()
        _chunk_done(run_id, phase, index, error=f"{what}: gave up after retries: {type(exc).__name__}: {exc}")
        return {"error": 1}
    except Exception as exc:  # noqa: BLE001 - recorded on the run; the other chunks go on
        log.exception("cross-check chunk failed (run %s)", run_id)
        _chunk_done(run_id, phase, index, error=f"{what}: {type(exc).__name__}: {exc}")
        return {"error": 1}
    counts = {"figures": 0, "new": 0, "updated": 0, "closed": 0, **counts}
    _chunk_done(run_id, phase, index, counts=counts)
    return counts


def _chunk_done(
    run_id: int, phase: str, index: int | None, counts: dict[str, int] | None = None, error: str = ""
) -> None:
    """Count a chunk once (a copy queued again by the watchdog may finish too) and move the run on.

    ``index`` is None in ``run_here``, which counts and moves on by itself.
    """
    marker = None if index is None else f"{phase}:{index}"
    with transaction.atomic():  # counted and marked together, or neither
        run = CrosscheckRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status != RUNNING or (marker and marker in run.done_chunks):
            return
        counts = counts or {}
        run.figures_scanned += counts.get("figures", 0)
        run.conflicts_new += counts.get("new", 0)
        run.conflicts_updated += counts.get("updated", 0)
        run.conflicts_closed += counts.get("closed", 0)
        run.chunks_done += 1
        run.errors = [*run.errors, error] if error else run.errors
        run.heartbeat_at = timezone.now()
        if marker:
            run.done_chunks = [*run.done_chunks, marker]
        run.save()
        if marker:
            done, total = run.chunks_done, run.chunks_total
            transaction.on_commit(lambda: _advance(run_id, done, total))


def _advance(run_id: int, done: int, total: int) -> None:
    """After the last matcher chunk, the story chunks; after the last of all, the finish."""
    from factcheck import outbox, tasks

    plan = CrosscheckRun.objects.filter(pk=run_id).values_list("plan", flat=True).first()
    if not plan:
        _end(run_id, CrosscheckRun.Status.FAILED, "its plan of chunks is missing")
    elif done == total:
        outbox.send(tasks.crosscheck_finish, run_id)
    elif done == len(plan[METRICS]):
        _queue(run_id, STORIES, plan[STORIES])


def finish_run(run_id: int, results: list[dict[str, int]] | None = None) -> None:
    """Update the queue's conflict flags and close the run: failed when every chunk failed."""
    refresh_conflict_flags()
    with transaction.atomic():
        run = CrosscheckRun.objects.select_for_update().filter(pk=run_id, status=RUNNING).first()
        if run is None:  # cancelled or abandoned meanwhile: it stays so
            return
        failed = run.chunks_total > 0 and len(run.errors) >= run.chunks_total
        run.status = CrosscheckRun.Status.FAILED if failed else CrosscheckRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])


def _end(run_id: int, status: str, message: str, only_if_silent_since: Any = None) -> bool:
    """Close a running run with ``status`` and ``message`` added to its errors; False when it was not running."""
    with transaction.atomic():
        run = CrosscheckRun.objects.select_for_update().filter(pk=run_id, status=RUNNING).first()
        if run is None:
            return False
        if only_if_silent_since is not None and (run.heartbeat_at or run.started_at) != only_if_silent_since:
            return False  # it beat meanwhile
        run.status = status
        run.finished_at = timezone.now()
        run.errors = [*run.errors, message]
        run.save(update_fields=["status", "finished_at", "errors"])
    return True


def cancel_run(run_id: int, by: str) -> bool:
    """An admin stops a run: it frees the lock at once; its chunks still queued do nothing."""
    return _end(run_id, CrosscheckRun.Status.CANCELLED, f"cancelled by {by} at {timezone.now():%Y-%m-%d %H:%M:%S %Z}")


def silent_for(run: CrosscheckRun) -> float:
    """Seconds since the run's last sign of progress."""
    return (timezone.now() - (run.heartbeat_at or run.started_at)).total_seconds()


def watchdog() -> dict[str, int]:
    """Every minute (beat) and before each start: queue again the chunks of a silent run, or abandon it."""
    stall = settings.CROSSCHECK_STALL_SECONDS
    counts = {"requeued": 0, "abandoned": 0}
    for run in CrosscheckRun.objects.filter(status=RUNNING):
        silent = silent_for(run)
        if silent >= stall:
            message = f"no progress for {silent:.0f} s: its workers stopped or lost its chunks"
            counts["abandoned"] += _end(
                run.pk, CrosscheckRun.Status.ABANDONED, message, run.heartbeat_at or run.started_at
            )
        elif silent >= stall / 2:
            counts["requeued"] += _requeue(run)
    if counts["abandoned"] or counts["requeued"]:
        log.warning("cross-check watchdog: %s", counts)
    return counts


def _requeue(run: CrosscheckRun) -> int:
    """The chunks of the current phase not yet done, queued again once per silence."""
    from factcheck import outbox, tasks

    plan = run.plan  # empty for run_here's runs: nothing to queue
    last = run.heartbeat_at or run.started_at
    if not plan:
        return 0
    # Once per silence, also when two watchdogs look at once.
    claimed = CrosscheckRun.objects.filter(pk=run.pk).exclude(requeued_at__gte=last).update(requeued_at=timezone.now())
    if not claimed:
        return 0
    done = set(run.done_chunks)
    for phase in (METRICS, STORIES):
        missing = [i for i in range(len(plan[phase])) if f"{phase}:{i}" not in done]
        if missing:
            log.warning("cross-check run %s silent: queueing %s chunks %s again", run.pk, phase, missing)
            return _queue(run.pk, phase, plan[phase], missing)
    outbox.send(tasks.crosscheck_finish, run.pk)  # every chunk done, the finish lost
    return 1


def _reconnect() -> None:
    """After a lost database connection: drop it, so the next query opens a new one."""
    if not connection.in_atomic_block:
        with contextlib.suppress(*RETRYABLE):  # it was broken: gone either way
            connection.close()


def run_here(
    trigger: str = "command",
    n_chunks: int | None = None,
    progress: Callable[[int, int, dict[str, int]], None] | None = None,
) -> CrosscheckRun:
    """The full run in this process, chunk by chunk (for ``manage.py crosscheck``).

    A lost database (or broker) connection ends the run as failed with the error, once the
    database answers again; the next run starts afresh.
    """
    run = _begin(trigger)
    if run.status != RUNNING:
        return run
    try:
        plan = _plan(n_chunks)
        total = len(plan[METRICS]) + len(plan[STORIES])
        CrosscheckRun.objects.filter(pk=run.pk).update(chunks_total=total)
        steps = [(run_chunk, m) for m in plan[METRICS]] + [(run_story_chunk, s) for s in plan[STORIES]]
        for done, (step, chunk) in enumerate(steps, start=1):
            counts = step(run.pk, chunk)  # type: ignore[operator]
            if progress:
                progress(done, total, counts)
        finish_run(run.pk)
    except RETRYABLE as exc:
        log.warning("cross-check run %s lost its connection: %s", run.pk, exc)  # no traceback: a known outage
        _record_lost_connection(run.pk, exc)
    except BaseException as exc:
        _reconnect()
        _end(run.pk, CrosscheckRun.Status.FAILED, f"stopped: {type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


def _record_lost_connection(run_id: int, exc: BaseException, attempts: int = 20) -> None:
    message = f"connection lost during the run: {type(exc).__name__}: {str(exc).strip()}"
    for attempt in range(attempts):
        _reconnect()
        try:
            _end(run_id, CrosscheckRun.Status.FAILED, message)
            return
        except RETRYABLE:
            if attempt == attempts - 1:
                raise  # still unreachable: the run stays running until the watchdog abandons it
            time.sleep(min(0.5 * 2**attempt, 5))


def wait_for_run(run_id: int, timeout: float = 600, poll: float = 0.2) -> CrosscheckRun:
    """Wait until a run is no longer running, or ``timeout`` passed (the command's --workers mode and tests).

    The waiter runs the watchdog too, so a run whose workers died ends without beat running.
    """
    deadline = time.monotonic() + timeout
    checked = 0.0
    while True:
        if time.monotonic() - checked >= 1:
            watchdog()
            checked = time.monotonic()
        run = CrosscheckRun.objects.get(pk=run_id)
        if run.status != RUNNING or time.monotonic() > deadline:
            return run
        time.sleep(poll)
