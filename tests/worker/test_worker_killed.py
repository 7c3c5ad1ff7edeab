"""A whole worker killed (kill -9) in the middle of a cross-check chunk, on a real worker and Redis.

A fault point holds the chunk, so the kill lands mid-chunk; the stall time is shortened for the
test. The watchdog (beat's every minute, here run by the waiting code) queues the lost chunk again
for the next worker, or abandons the run; either way the lock is free within the stall time.
"""

from __future__ import annotations

import io
import os
import signal
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck import crosscheck, pipeline, tasks
from factcheck.models import Conflict, CrosscheckRun, Source

pytestmark = pytest.mark.worker

STALL = 30
FIRST = "Russia fired 99 missiles at Ukraine on Tuesday, the Ukrainian air force said."
SECOND = "Russia launched 70 missiles at Ukraine on Tuesday, the Russian defence ministry said."


@pytest.fixture
def held_chunk(monkeypatch, tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """The first cross-check chunk to start stops at its fault point until released."""
    monkeypatch.setenv("FACTCHECK_FAULTS", "crosscheck_chunk:hold:1")
    monkeypatch.setenv("FACTCHECK_FAULTS_ID", uuid.uuid4().hex)
    monkeypatch.setenv("FACTCHECK_FAULTS_DIR", str(tmp_path))
    monkeypatch.setenv("CROSSCHECK_STALL_SECONDS", str(STALL))
    settings.CROSSCHECK_STALL_SECONDS = STALL
    return tmp_path


def two_articles() -> None:
    from factcheck.celery import app

    air, ministry = Source.objects.create(name="Air Force channel"), Source.objects.create(name="Ministry feed")
    app.conf.task_always_eager = True  # stored first, without their on-ingest tasks racing the run
    try:
        pipeline.ingest_article(air, text=FIRST, published_at="2024-01-02T09:00:00Z")
        pipeline.ingest_article(ministry, text=SECOND, published_at="2024-01-02T10:00:00Z")
    finally:
        app.conf.task_always_eager = False
    Conflict.objects.all().delete()


def wait_for_file(path: Path, timeout: float, log: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared\n{log}"
        time.sleep(0.05)


def kill_whole_worker(worker) -> None:  # type: ignore[no-untyped-def]
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait(timeout=10)


def test_it_requeues_the_chunk_of_a_worker_killed_mid_chunk_and_completes_the_run(
    worker_factory, held_chunk: Path
) -> None:  # type: ignore[no-untyped-def]
    two_articles()
    first = worker_factory(["--pool=prefork", "--concurrency=2"])
    run_id = tasks.crosscheck.delay(trigger="test").get(timeout=60)
    wait_for_file(held_chunk / "crosscheck_chunk.held", 60, first.log())
    kill_whole_worker(first)
    # The lock holds while the run may still finish: no second run meanwhile.
    assert crosscheck.start_run(trigger="test").status == CrosscheckRun.Status.REFUSED
    killed_at = time.monotonic()

    second = worker_factory(["--pool=prefork", "--concurrency=2"])
    run = crosscheck.wait_for_run(run_id, timeout=STALL + 30)
    assert run.status == CrosscheckRun.Status.DONE, (run.status, run.errors, second.log())
    assert time.monotonic() - killed_at < STALL + 15
    assert run.chunks_done == run.chunks_total and run.errors == []
    assert Conflict.objects.open().filter(kind="conflict").count() == 1

    again = crosscheck.wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=60)
    assert again.status == CrosscheckRun.Status.DONE, again.errors
    assert (again.conflicts_new, again.conflicts_updated) == (0, 0)
    assert Conflict.objects.open().filter(kind="conflict").count() == 1


def test_it_abandons_the_run_when_no_worker_comes_back_and_the_command_exits_non_zero(
    worker_factory, held_chunk: Path
) -> None:  # type: ignore[no-untyped-def]
    two_articles()
    first = worker_factory()
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with pytest.raises(CommandError, match=r"abandoned: no progress for \d+ s"):
        # The command's own process starts the run; the worker takes its chunk and is killed.
        import threading

        def kill_when_held() -> None:
            wait_for_file(held_chunk / "crosscheck_chunk.held", 60, first.log())
            kill_whole_worker(first)

        killer = threading.Thread(target=kill_when_held, daemon=True)
        killer.start()
        call_command("crosscheck", "--workers", "--deadline", str(STALL * 4), stdout=out, stderr=err)
    killer.join(timeout=5)
    assert time.monotonic() - started < STALL * 3
    run = CrosscheckRun.objects.get(trigger="command")
    assert run.status == CrosscheckRun.Status.ABANDONED and run.finished_at is not None
    assert "Cross-check abandoned" in out.getvalue()
    # The lock went with it: the next run is accepted.
    worker_factory()
    next_run = crosscheck.wait_for_run(tasks.crosscheck.delay(trigger="test").get(timeout=60), timeout=60)
    assert next_run.status == CrosscheckRun.Status.DONE, next_run.errors
    assert Conflict.objects.open().filter(kind="conflict").count() == 1


def test_the_command_stops_at_its_deadline_and_exits_non_zero(worker_factory, held_chunk: Path) -> None:  # type: ignore[no-untyped-def]
    two_articles()
    worker = worker_factory()
    with pytest.raises(CommandError, match=r"still running after the deadline of 2 s \(0/2 chunks\)"):
        call_command("crosscheck", "--workers", "--deadline", "2", stdout=io.StringIO(), stderr=io.StringIO())
    wait_for_file(held_chunk / "crosscheck_chunk.held", 10, worker.log())
    (held_chunk / "crosscheck_chunk.release").touch()
    run = crosscheck.wait_for_run(CrosscheckRun.objects.get(trigger="command").pk, timeout=60)
    assert run.status == CrosscheckRun.Status.DONE, run.errors


def test_the_watchdog_runs_as_a_task_on_the_worker(worker, settings) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from factcheck.celery import app

    assert app.conf.beat_schedule["crosscheck-watchdog-every-minute"]["schedule"] == 60.0
    silent = timezone.now() - timedelta(seconds=600)  # the worker's stall time is the default 300 s
    stuck = CrosscheckRun.objects.create(trigger="nightly", started_at=silent, heartbeat_at=silent)
    assert tasks.crosscheck_watchdog.delay().get(timeout=60) == {"requeued": 0, "abandoned": 1, "jobs_failed": 0}
    stuck.refresh_from_db()
    assert stuck.status == CrosscheckRun.Status.ABANDONED
