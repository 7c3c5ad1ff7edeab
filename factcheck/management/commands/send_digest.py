from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from factcheck.alerts.digest import send_digests


def day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--day must be a date like 2026-12-01, not {raw!r}") from None


class Command(BaseCommand):
    help = (
        "Email each reader who follows something the digest of one day's new conflicts "
        "(yesterday by default); a digest already sent for that day is not sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Say who would get a digest; send nothing.")
        parser.add_argument("--day", help="The day to digest (YYYY-MM-DD, in TIME_ZONE); yesterday by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["day"]:
            chosen = day(options["day"])
            now = timezone.make_aware(dt.datetime.combine(chosen + dt.timedelta(days=1), dt.time(12)))
        run = send_digests(now=now, dry_run=options["dry_run"])
        for line in run.sent:
            self.stdout.write(("would send to " if options["dry_run"] else "sent to ") + line)
        for line in run.failed:
            self.stderr.write("failed: " + line)
        summary = run.summary()
        self.stdout.write(summary.replace("sent,", "would be sent,", 1) if options["dry_run"] else summary)
        if run.failed:
            raise CommandError(f"{len(run.failed)} digest(s) could not be sent; run again to retry them.")
