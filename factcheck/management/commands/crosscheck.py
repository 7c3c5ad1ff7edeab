from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from factcheck import crosscheck
from factcheck.models import CrosscheckRun


class Command(BaseCommand):
    help = "Cross-check recent figures across sources now, with a progress bar. Exits non-zero unless the run is done."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunks", type=int, help="Split the run into this many chunks")
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Fan the chunks out over the running Celery workers and follow their progress",
        )
        parser.add_argument(
            "--deadline",
            type=float,
            default=3600,
            metavar="SECONDS",
            help="With --workers: stop waiting after this long and exit non-zero (default 3600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"]:
            run = self.follow_on_workers(options["chunks"], options["deadline"])
        else:
            bar = tqdm(unit="chunk", file=sys.stderr)

            def progress(done: int, total: int, counts: dict[str, int]) -> None:
                bar.total = total
                bar.update(1)
                bar.set_postfix(figures=counts.get("figures", 0))

            run = crosscheck.run_here(trigger="command", n_chunks=options["chunks"], progress=progress)
            bar.close()
        if run.status == CrosscheckRun.Status.REFUSED:
            raise CommandError("Another cross-check is running; try again when it has finished.")
        self.stdout.write(
            f"Cross-check {run.status}: {run.figures_scanned} figures in {run.chunks_total} chunk(s); "
            f"conflicts new {run.conflicts_new}, updated {run.conflicts_updated}, closed {run.conflicts_closed}."
        )
        for error in run.errors:
            self.stderr.write(f"  error: {error}")
        if run.status == CrosscheckRun.Status.RUNNING:
            raise CommandError(
                f"Cross-check run {run.pk} is still running after the deadline of {options['deadline']:g} s "
                f"({run.chunks_done}/{run.chunks_total} chunks); it goes on on the workers, "
                "and an admin may cancel it."
            )
        if run.status in crosscheck.ENDED_BADLY:
            last = f": {run.errors[-1]}" if run.errors else ""
            raise CommandError(f"Cross-check run {run.pk} {run.status}{last}")

    def follow_on_workers(self, n_chunks: int | None, deadline: float) -> CrosscheckRun:
        until = time.monotonic() + deadline
        run = crosscheck.start_run(trigger="command", n_chunks=n_chunks)
        with tqdm(total=run.chunks_total, unit="chunk", file=sys.stderr) as bar:
            while run.status == CrosscheckRun.Status.RUNNING and time.monotonic() < until:
                run = crosscheck.wait_for_run(run.pk, timeout=min(1, max(0, until - time.monotonic())))
                bar.update(run.chunks_done - bar.n)
        return run
