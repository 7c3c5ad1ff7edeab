"""The admin's list of cross-check runs: a stuck run shows, and an admin may cancel it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from factcheck import crosscheck
from factcheck.models import CrosscheckRun

CHANGELIST = "admin:factcheck_crosscheckrun_changelist"


def stuck_run(minutes: float) -> CrosscheckRun:
    silent = timezone.now() - timedelta(minutes=minutes)
    return CrosscheckRun.objects.create(trigger="nightly", started_at=silent, heartbeat_at=silent)


def test_it_shows_a_run_without_progress_as_stuck(client: Client, admin_user: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CROSSCHECK_STALL_SECONDS = 600
    stuck_run(7)
    CrosscheckRun.objects.create(trigger="manual", heartbeat_at=timezone.now())
    client.force_login(admin_user)
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert "STUCK: no progress for 7.0 min" in page
    assert page.count("STUCK") == 1
    assert "Cancel run" in page


def test_it_cancels_a_running_run_and_says_who_did(client: Client, admin_user: User) -> None:
    run = stuck_run(3)
    done = CrosscheckRun.objects.create(trigger="manual", status=CrosscheckRun.Status.DONE, finished_at=timezone.now())
    client.force_login(admin_user)
    response = client.post(
        reverse(CHANGELIST), {"action": "cancel_runs", "_selected_action": [run.pk, done.pk]}, follow=True
    )
    assert "Cancelled 1 run(s)" in response.content.decode()
    run.refresh_from_db()
    assert run.status == CrosscheckRun.Status.CANCELLED and run.finished_at is not None
    assert run.errors[-1].startswith("cancelled by ada at ")
    assert CrosscheckRun.objects.get(pk=done.pk).status == CrosscheckRun.Status.DONE
    # The lock went with it: a new run starts at once.
    assert crosscheck.run_here().status == CrosscheckRun.Status.DONE


def test_a_chunk_of_a_cancelled_run_does_nothing(db: None) -> None:
    run = stuck_run(1)
    assert crosscheck.cancel_run(run.pk, by="ada")
    assert crosscheck.run_chunk(run.pk, ["missiles_launched"], 0) == {"skipped": 1}
    crosscheck.finish_run(run.pk)
    run.refresh_from_db()
    assert run.status == CrosscheckRun.Status.CANCELLED and run.chunks_done == 0


def test_staff_who_may_only_view_runs_cannot_cancel_them(client: Client, db: None) -> None:
    clerk = User.objects.create_user("clerk", password="pw-clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_crosscheckrun"))
    run = stuck_run(3)
    client.force_login(clerk)
    assert "Cancel run" not in client.get(reverse(CHANGELIST)).content.decode()
    client.post(reverse(CHANGELIST), {"action": "cancel_runs", "_selected_action": [run.pk]})
    assert CrosscheckRun.objects.get(pk=run.pk).status == CrosscheckRun.Status.RUNNING
