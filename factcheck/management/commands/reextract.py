from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from factcheck.models import Article
from factcheck.pipeline import save_claims


class Command(BaseCommand):
    help = "Re-run claim extraction over stored articles (reviewed claims are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--failed", action="store_true", help="Only articles whose extraction failed")
        parser.add_argument("--source", help="Only this source's articles")

    def handle(self, *args: Any, **options: Any) -> None:
        articles = Article.objects.order_by("pk")
        if options["failed"]:
            articles = articles.failed()
        if options["source"]:
            articles = articles.filter(source__name=options["source"])
        total = articles.count()
        claims = 0
        for article in tqdm(
            articles.iterator(chunk_size=200), total=total, unit="article", file=sys.stderr, disable=total < 2
        ):
            claims += save_claims(article)
        self.stdout.write(f"re-extracted {total} article(s), {claims} new claim(s)")
