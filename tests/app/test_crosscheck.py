"""The cross-check on stored figures: conflicts, updates, copies; idempotent; locked."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from factcheck import crosscheck, pipeline
from factcheck.models import Claim, Conflict, CrosscheckRun, Figure, Source


def sources() -> tuple[Source, Source]:
    return Source.objects.create(name="Air Force channel"), Source.objects.create(name="Ministry feed")


def ingest(source: Source, text: str, when: str) -> None:
    result = pipeline.ingest_article(source, text=text, published_at=when)
    assert result.status == "ingested", result.reason


def record_loaded_figures(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the figures the matcher's index is given from now on."""
    from factcheck.core import matching

    loaded: list[int] = []
    real_add = matching.BlockIndex.add

    def add(self: matching.BlockIndex, figures):  # type: ignore[no-untyped-def]
        figures = list(figures)
        loaded.extend(f.id for f in figures)
        return real_add(self, figures)

    monkeypatch.setattr(matching.BlockIndex, "add", add)
    return loaded


def test_it_finds_a_conflict_between_two_sources_and_flags_both_claims(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the Ukrainian air force said.", "2024-01-02T09:00:00Z")
    ingest(
        ministry,
        "Russia launched 70 missiles at Ukraine on Tuesday, the defence ministry said.",
        "2024-01-02T12:00:00Z",
    )
    run = crosscheck.run_here()
    assert run.status == CrosscheckRun.Status.DONE
    conflict = Conflict.objects.get(kind="conflict")
    assert sorted(f.value for f in conflict.members.all()) == [70.0, 99.0]
    assert "99" in conflict.explanation and "70" in conflict.explanation
    assert Claim.objects.filter(in_conflict=True).count() == 2


def test_it_tells_an_update_from_a_conflict(db: None) -> None:
    wire, _ = sources()
    ingest(wire, "At least two people were killed in Kyiv on Tuesday, the mayor said.", "2024-01-02T08:00:00Z")
    ingest(wire, "The death toll in Kyiv rose to four on Tuesday, the mayor said.", "2024-01-02T15:00:00Z")
    crosscheck.run_here()
    kinds = set(Conflict.objects.values_list("kind", flat=True))
    assert "conflict" not in kinds
    assert not Claim.objects.filter(in_conflict=True).exists()


def test_it_treats_a_word_for_word_copy_as_one_origin(db: None) -> None:
    wire, outlet = sources()
    sentence = "More than 52 people were injured in Kharkiv on Tuesday, the regional governor said."
    ingest(wire, sentence, "2024-01-02T08:00:00Z")
    ingest(outlet, "Strikes hit the east.\n\n" + sentence, "2024-01-02T10:00:00Z")
    crosscheck.run_here()
    assert Conflict.objects.filter(kind="copy").count() == 1
    assert not Conflict.objects.filter(kind="conflict").exists()


def test_it_changes_nothing_when_run_twice(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.", "2024-01-02T12:00:00Z")
    first = crosscheck.run_here()
    snapshot = list(Conflict.objects.values_list("pk", "signature", "status", "explanation"))
    second = crosscheck.run_here()
    assert first.conflicts_new >= 1
    assert (second.conflicts_new, second.conflicts_updated, second.conflicts_closed) == (0, 0, 0)
    assert list(Conflict.objects.values_list("pk", "signature", "status", "explanation")) == snapshot


def test_it_closes_a_conflict_whose_figures_are_gone(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.", "2024-01-02T12:00:00Z")
    crosscheck.run_here()
    Claim.objects.filter(article__source=ministry).delete()
    run = crosscheck.run_here()
    assert run.conflicts_closed == 1
    assert not Conflict.objects.open().filter(kind="conflict").exists()
    assert not Claim.objects.filter(in_conflict=True).exists()


def test_it_cross_checks_a_new_article_incrementally_on_ingest(db: None, django_capture_on_commit_callbacks) -> None:
    air, ministry = sources()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    assert not Conflict.objects.exists()
    # In-process (no Redis), the on-commit task runs right after the ingest.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ingest(
            ministry, "Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.", "2024-01-02T12:00:00Z"
        )
    assert len(callbacks) == 4  # the queue generation and totals, the cross-check, then alerts of its new conflict
    assert Conflict.objects.filter(kind="conflict").count() == 1
    assert crosscheck.run_here().conflicts_new == 0


def test_the_incremental_check_reads_only_figures_near_the_new_ones_in_time(
    db: None, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's figures meet figures of their own days (by event, or by publication without
    one) and undated ones; a month-old figure of the same metric is never loaded, and what
    the batch finds is what the full run finds."""
    air, ministry = sources()
    wire = Source.objects.create(name="Wire")
    with django_capture_on_commit_callbacks(execute=True):
        ingest(wire, "Russia fired 40 missiles at Ukraine overnight, the air force said.", "2023-12-01T09:00:00Z")
        ingest(air, "Russia fired 99 missiles at Ukraine overnight, the air force said.", "2024-01-02T09:00:00Z")
        ingest(wire, "Russia fired 55 missiles at Ukraine overnight, officials said.", "")
    loaded = record_loaded_figures(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(ministry, "Russia launched 70 missiles at Ukraine overnight, the ministry said.", "2024-01-02T12:00:00Z")
    values = dict(Figure.objects.filter(pk__in=loaded).values_list("value", "claim__article__published_at"))
    assert 99.0 in values and 55.0 in values and 70.0 in values  # its day, the undated one and itself
    assert 40.0 not in values  # a month before
    found = set(Conflict.objects.open().values_list("signature", flat=True))
    monkeypatch.undo()
    assert crosscheck.run_here().conflicts_new == 0
    assert set(Conflict.objects.open().values_list("signature", flat=True)) == found


def test_a_batch_naming_a_day_years_back_still_reads_only_figures_of_its_days(
    db: None, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One new article that recalls an old event ("on 8 November 2016") adds that day, not
    every publication day in between: a figure published a year before is not loaded."""
    air, ministry = sources()
    wire = Source.objects.create(name="Wire")
    with django_capture_on_commit_callbacks(execute=True):
        ingest(wire, "Russia fired 40 missiles at Ukraine overnight, the air force said.", "2023-01-10T09:00:00Z")
        ingest(air, "Russia fired 99 missiles at Ukraine overnight, the air force said.", "2024-01-02T09:00:00Z")
    loaded = record_loaded_figures(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(
            ministry,
            "Russia launched 70 missiles at Ukraine overnight, the ministry said. "
            "On 8 November 2016, Russia fired 12 missiles at the same city, the ministry recalled.",
            "2024-01-02T12:00:00Z",
        )
    values = set(Figure.objects.filter(pk__in=loaded).values_list("value", flat=True))
    assert {99.0, 70.0} <= values
    assert 40.0 not in values  # published a year before, between the old day and this one


def test_it_refuses_an_overlapping_run(db: None) -> None:
    elsewhere = CrosscheckRun.objects.create(trigger="nightly", heartbeat_at=timezone.now())
    run = crosscheck.run_here()
    assert run.status == CrosscheckRun.Status.REFUSED
    with pytest.raises(CommandError, match="Another cross-check is running"):
        call_command("crosscheck", stdout=io.StringIO(), stderr=io.StringIO())
    crosscheck.finish_run(elsewhere.pk)
    assert crosscheck.run_here().status == CrosscheckRun.Status.DONE


def test_it_abandons_a_run_silent_past_the_stall_time_and_starts_the_next(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CROSSCHECK_STALL_SECONDS = 60
    silent = timezone.now() - timedelta(seconds=61)
    stuck = CrosscheckRun.objects.create(trigger="nightly", started_at=silent, heartbeat_at=silent)
    run = crosscheck.run_here()
    assert run.status == CrosscheckRun.Status.DONE
    stuck.refresh_from_db()
    assert stuck.status == CrosscheckRun.Status.ABANDONED and stuck.finished_at is not None
    assert "no progress for 61 s" in stuck.errors[-1]


def test_it_keeps_the_lock_while_the_heartbeat_is_fresh(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CROSSCHECK_STALL_SECONDS = 60
    # Started long ago, but a chunk beat 10 s ago: still making progress.
    long_ago = timezone.now() - timedelta(hours=3)
    busy = CrosscheckRun.objects.create(trigger="nightly", started_at=long_ago, heartbeat_at=timezone.now())
    assert crosscheck.run_here().status == CrosscheckRun.Status.REFUSED
    busy.refresh_from_db()
    assert busy.status == CrosscheckRun.Status.RUNNING


def test_a_chunk_is_counted_once_whatever_the_cache_holds(db: None) -> None:
    """A copy of a chunk queued again by the watchdog may finish too; the run row, not the cache, knows."""
    from django.core.cache import cache

    plan = {crosscheck.METRICS: [["killed"], ["injured"]], crosscheck.STORIES: []}
    run = CrosscheckRun.objects.create(chunks_total=2, plan=plan, heartbeat_at=timezone.now())
    crosscheck._chunk_done(run.pk, crosscheck.METRICS, 0, counts={"figures": 5, "new": 1})
    cache.clear()  # Redis restarted (or was flushed) between the two copies
    crosscheck._chunk_done(run.pk, crosscheck.METRICS, 0, counts={"figures": 5, "new": 1})
    run.refresh_from_db()
    assert (run.chunks_done, run.figures_scanned, run.conflicts_new) == (1, 5, 1)
    assert run.done_chunks == ["metrics:0"] and run.status == CrosscheckRun.Status.RUNNING


def test_the_watchdog_queues_again_only_the_chunks_not_done(db: None, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings.CROSSCHECK_STALL_SECONDS = 60
    plan = {crosscheck.METRICS: [["killed"], ["injured"], ["missing"]], crosscheck.STORIES: []}
    silent_since = timezone.now() - timedelta(seconds=40)
    run = CrosscheckRun.objects.create(
        chunks_total=3, chunks_done=1, plan=plan, done_chunks=["metrics:1"], heartbeat_at=silent_since
    )
    queued: list[tuple[str, list[int]]] = []

    def queue(run_id: int, phase: str, chunks: list[list[str]], only: list[int] | None = None) -> int:
        queued.append((phase, list(only or [])))
        return len(only or [])

    monkeypatch.setattr(crosscheck, "_queue", queue)
    assert crosscheck.watchdog()["requeued"] == 2
    assert queued == [("metrics", [0, 2])]
    assert crosscheck.watchdog()["requeued"] == 0, "queued again twice in one silence"
    run.refresh_from_db()
    assert run.requeued_at is not None and run.status == CrosscheckRun.Status.RUNNING


def test_it_records_a_lost_database_connection_and_exits_non_zero(db: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import OperationalError

    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.", "2024-01-02T12:00:00Z")

    def lost(metrics: list[str]) -> dict[str, int]:
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(crosscheck, "crosscheck_metrics", lost)
    monkeypatch.setattr(crosscheck, "_reconnect", lambda: None)  # the test's transaction must stay open
    err = io.StringIO()
    with pytest.raises(CommandError, match="failed: connection lost during the run: OperationalError"):
        call_command("crosscheck", stdout=io.StringIO(), stderr=err)
    run = CrosscheckRun.objects.get()
    assert run.status == CrosscheckRun.Status.FAILED and run.finished_at is not None
    assert "administrator command" in run.errors[-1] and "administrator command" in err.getvalue()
    monkeypatch.undo()
    assert crosscheck.run_here().status == CrosscheckRun.Status.DONE


def test_it_exits_non_zero_when_every_chunk_failed(db: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    air, _ = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")

    def broken(*args: object) -> dict[str, int]:
        raise ValueError("matcher bug")

    monkeypatch.setattr(crosscheck, "crosscheck_metrics", broken)
    monkeypatch.setattr(crosscheck, "plan_story_chunks", lambda n: [])
    with pytest.raises(CommandError, match="failed: chunk .*ValueError: matcher bug"):
        call_command("crosscheck", stdout=io.StringIO(), stderr=io.StringIO())


def test_it_prints_conflicts_as_json(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "Russia launched 70 missiles at Ukraine on Tuesday, the ministry said.", "2024-01-02T12:00:00Z")
    out = io.StringIO()
    call_command("crosscheck", stdout=out, stderr=io.StringIO())
    assert "Cross-check done" in out.getvalue()
    out = io.StringIO()
    call_command("conflicts", "--format", "json", stdout=out)
    (conflict,) = [c for c in json.loads(out.getvalue())["conflicts"] if c["kind"] == "conflict"]
    for key in ("id", "kind", "metric", "location", "explanation", "members"):
        assert key in conflict
    for member in conflict["members"]:
        for key in (
            "article_url",
            "source",
            "speaker",
            "sentence",
            "value",
            "low",
            "high",
            "qualifier",
            "metric",
            "unit",
        ):
            assert key in member
    assert {m["source"] for m in conflict["members"]} == {"Air Force channel", "Ministry feed"}


def test_it_runs_the_chunked_task_in_process_without_redis(db: None, django_capture_on_commit_callbacks) -> None:
    from factcheck import tasks

    air, ministry = sources()
    ingest(air, "Russia fired 99 missiles at Ukraine on Tuesday, the air force said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "Nine people were killed in Kharkiv on Tuesday, the ministry said.", "2024-01-02T12:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.crosscheck.delay(trigger="test").get()
    run = CrosscheckRun.objects.get(pk=run_id)
    assert run.status == CrosscheckRun.Status.DONE
    assert run.chunks_total == run.chunks_done == 2
    assert run.figures_scanned == 2


def test_stored_figures_say_what_they_count_and_measure(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Nine Kurdish fighters were killed near Kobani on Tuesday, the monitor said.", "2024-01-02T09:00:00Z")
    ingest(
        ministry,
        "Brightline will ship a 13-inch Slate laptop in March, analyst Mira Okafor said.",
        "2024-01-02T10:00:00Z",
    )
    facts = {f.kind: f for f in crosscheck.fact_figures(crosscheck.recent_figures())}
    assert (facts["count"].side, facts["count"].party, facts["count"].thing) == ("combatants", "kurdish", None)
    assert (facts["measure"].side, facts["measure"].party, facts["measure"].thing) == (None, None, "slate")


def test_counts_of_two_parties_in_one_fight_are_neither_a_conflict_nor_an_update(db: None) -> None:
    air, ministry = sources()
    ingest(air, "Nine Kurdish fighters were killed near Kobani on Tuesday, the monitor said.", "2024-01-02T09:00:00Z")
    ingest(
        ministry, "The militia said on Tuesday that its units killed 40 IS militants in Kobani.", "2024-01-02T10:00:00Z"
    )
    crosscheck.run_here()
    assert not Conflict.objects.filter(kind__in=["conflict", "update"]).exists()


def test_counts_of_job_losses_in_any_wording_share_one_chunk(db: None) -> None:
    # "jobs cut", "laid off" and "jobs lost" are one metric to the matcher: a chunk never splits them
    air, ministry = sources()
    ingest(air, "The insurer will cut 4,000 jobs in Ohio, its chief said.", "2024-01-02T09:00:00Z")
    ingest(ministry, "The insurer plans to lay off 6,000 staff in Ohio, its chief said.", "2024-01-02T12:00:00Z")
    ingest(ministry, "Rescuers freed 12 miners in Ohio, officials said.", "2024-01-02T12:00:00Z")
    metrics = set(Figure.objects.values_list("metric", flat=True))
    assert {"jobs_cut", "laid_off"} <= metrics
    chunks = crosscheck.plan_chunks(Figure.objects.all(), 8)
    [together] = [chunk for chunk in chunks if "jobs_cut" in chunk]
    assert "laid_off" in together and "released" not in together
