from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch
from django.utils import timezone
from tqdm import tqdm

from factcheck import stories
from factcheck.models import Article, Story


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Print the stories (the reports of one event across sources), or re-cluster them now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--since", type=_day, help="Only stories with an article published on or after DATE")
        parser.add_argument("--min-articles", type=int, default=1, help="Only stories of at least N articles")
        parser.add_argument(
            "--recluster", action="store_true", help="Re-cluster the recent window first (as the nightly job does)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["min_articles"] < 1:
            raise CommandError("--min-articles must be at least 1")
        assigned = stories.assign_missing_stories()
        if assigned:
            self.stderr.write(f"Assigned stories to {assigned} article(s) that had none.")
        if options["recluster"]:
            bar = tqdm(unit="chunk", file=sys.stderr)

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(1)

            counts = stories.recluster_here(progress=progress)
            bar.close()
            if counts.get("cache_down"):
                raise CommandError(
                    "The cache (Redis) that keeps the re-clustering lock is unreachable; nothing was changed. "
                    "Start Redis, or check /healthz, and try again."
                )
            if counts.get("refused"):
                raise CommandError("Another re-clustering is running; try again when it has finished.")
            self.stderr.write(
                f"Re-clustered {counts['articles']} article(s) into {counts['stories']} stories: "
                f"{counts['moved']} moved, {counts['created']} new stories."
            )
        found = Story.objects.live().filter(article_count__gte=options["min_articles"])
        if options["since"]:
            start = timezone.make_aware(dt.datetime.combine(options["since"], dt.time.min))
            found = found.filter(articles__published_at__gte=start).distinct()
        found = found.order_by("-last_published", "-pk").prefetch_related(
            Prefetch("articles", Article.objects.select_related("source").order_by("published_at", "pk"))
        )
        data = [
            {
                "id": story.pk,
                "title": story.title,
                "articles": [
                    {
                        "id": a.pk,
                        "url": a.url,
                        "source": a.source.name,
                        "title": a.title,
                        "published": a.published_at.isoformat() if a.published_at else None,
                        "copy_of": a.copy_of_id,
                    }
                    for a in story.articles.all()
                ],
                "facts": story.fact_count,
                "conflicts": story.conflict_count,
            }
            for story in found
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"stories": data}, ensure_ascii=False, indent=2))
            return
        for story in data:
            self.stdout.write(
                f"#{story['id']} {story['title']}  ({len(story['articles'])} articles, "
                f"{story['facts']} facts, {story['conflicts']} conflicts)"
            )
            for a in story["articles"]:
                copy = f"  [copy of {a['copy_of']}]" if a["copy_of"] else ""
                self.stdout.write(f"   - {a['published'] or 'undated'} {a['source']}: {a['title']}{copy}")
