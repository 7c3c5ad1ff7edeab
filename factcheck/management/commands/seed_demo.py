"""Load seeds/ and create the demo accounts. Only `make run` calls this."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser

from factcheck import pipeline
from factcheck.accounts import EDITORS, VIEWERS, ensure_groups
from factcheck.models import Source, Speaker

DEMO_ACCOUNTS = (
    # username, password, group, staff
    ("editor", "editor-demo-pass", EDITORS, False),
    ("viewer", "viewer-demo-pass", VIEWERS, False),
    ("admin", "admin-demo-pass", None, True),
)


class Command(BaseCommand):
    help = "Load the demo sources and articles from seeds/ and create demo accounts (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-accounts", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        seeds = settings.BASE_DIR / "seeds"
        for entry in json.loads((seeds / "sources.json").read_text("utf-8")):
            Source.objects.update_or_create(
                name=entry["name"], defaults={k: v for k, v in entry.items() if k != "name"}
            )
        # Speakers' other spellings are data an admin keeps in the Speaker model.
        for entry in json.loads((seeds / "speakers.json").read_text("utf-8")):
            Speaker.objects.update_or_create(
                name=entry["name"], defaults={"kind": entry.get("kind", "person"), "aliases": entry["aliases"]}
            )
        counts: Counter[str] = Counter()
        for number, line in enumerate((seeds / "articles.jsonl").read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            result = pipeline.ingest_article(
                Source.objects.get(name=record["source"]),
                text=record.get("text"),
                html=record.get("html"),
                url=record.get("url"),
                title=record.get("title", ""),
                published_at=record.get("published"),
                via="seed",
            )
            counts[result.status] += 1
            if result.status == "rejected":
                self.stderr.write(f"seeds/articles.jsonl line {number}: {result.reason}")
        self.stdout.write(
            f"Seeds: {counts['ingested']} new article(s), {counts['duplicate']} already loaded, "
            f"{counts['rejected']} rejected."
        )
        if not options["no_accounts"]:
            self.create_accounts()

    def create_accounts(self) -> None:
        ensure_groups()
        self.stdout.write("Demo accounts (for local use only):")
        for username, password, group, staff in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": staff, "is_superuser": staff}
            )
            if created:
                user.set_password(password)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            role = "admin (Django admin at /admin/)" if staff else group
            self.stdout.write(
                f"  {username:<8} / {password:<18} {role}"
                + ("" if created else "  (already existed; password unchanged)")
            )
