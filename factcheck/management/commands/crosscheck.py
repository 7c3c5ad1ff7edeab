from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from factcheck import crosscheck
from factcheck.models import CrosscheckRun


class Command(BaseCommand):
    help = "Cross-check recent figures across sources now, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunks", type=int, help="Split the run into this many chunks")
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Fan the chunks out over the running Celery workers and follow their progress",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"]:
            run = crosscheck.start_run(trigger="command", n_chunks=options["chunks"])
            if run.status == CrosscheckRun.Status.REFUSED:
                raise CommandError("Another cross-check is running; try again when it has finished.")
            with tqdm(total=run.chunks_total, unit="chunk", file=sys.stderr) as bar:
                while run.status == CrosscheckRun.Status.RUNNING:
                    run = crosscheck.wait_for_run(run.pk, timeout=1)
                    bar.update(run.chunks_done - bar.n)
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
