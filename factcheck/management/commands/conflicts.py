from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Prefetch

from factcheck.models import Conflict, Figure


def member_json(figure: Figure) -> dict[str, Any]:
    claim, article = figure.claim, figure.claim.article
    return {
        "figure_id": figure.pk,
        "claim_id": claim.pk,
        "article_id": article.pk,
        "article_url": article.url,
        "article_title": article.title,
        "published": article.published_at.isoformat() if article.published_at else None,
        "source": article.source.name,
        "speaker": claim.speaker_name or None,
        "sentence": claim.text,
        "text": figure.text,
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "interval": figure.interval_display(),
        "qualifier": figure.qualifier,
        "metric": figure.metric,
        "unit": figure.unit or None,
    }


class Command(BaseCommand):
    help = "Print the conflicts the cross-check found, with their members."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--kind", choices=[k.value for k in Conflict.Kind])
        parser.add_argument("--all", action="store_true", help="Include closed conflicts")

    def handle(self, *args: Any, **options: Any) -> None:
        conflicts = Conflict.objects.order_by("kind", "metric", "key", "id").prefetch_related(
            Prefetch(
                "members",
                Figure.objects.select_related("claim__article__source").order_by("claim__article__published_at", "id"),
            )
        )
        if not options["all"]:
            conflicts = conflicts.open()
        if options["kind"]:
            conflicts = conflicts.filter(kind=options["kind"])
        data = [
            {
                "id": c.pk,
                "kind": c.kind,
                "status": c.status,
                "key": c.key,
                "metric": c.metric,
                "location": c.location or None,
                "story_id": c.story_id,
                "explanation": c.explanation,
                "first_seen": c.first_seen.isoformat(),
                "last_seen": c.last_seen.isoformat(),
                "members": [member_json(f) for f in c.members.all()],
            }
            for c in conflicts
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps({"conflicts": data}, ensure_ascii=False, indent=2))
            return
        for c in data:
            self.stdout.write(f"#{c['id']} {c['kind'].upper()} {c['key']}\n  {c['explanation']}")
            for m in c["members"]:
                self.stdout.write(f"   - {m['source']} ({m['speaker'] or 'outlet'}): {m['text']!r} {m['interval']}")
