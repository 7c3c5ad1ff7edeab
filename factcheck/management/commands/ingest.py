"""manage.py ingest FILE.jsonl | FILE.txt | FILE.html | URL ... [--source NAME]"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import reset_queries
from tqdm import tqdm

from factcheck import pipeline, validation
from factcheck.ingest_batch import Incoming, ingest_batch
from factcheck.models import Source

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Ingest articles: JSONL files (one article per line: source, url, title, published, text or html), "
        ".txt / .html files or URLs (these need --source). Prints ingested / duplicates / rejected with reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", help="JSONL, .txt or .html files, or http(s) URLs")
        parser.add_argument("--source", help="Source name for .txt, .html and URLs (and JSONL lines without one)")
        parser.add_argument("--create-source", action="store_true", help="Create sources that do not exist yet")
        parser.add_argument("--published", help="Publication date-time for .txt / .html / URL inputs (ISO-8601)")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        self.create_source = options["create_source"]
        self.sources: dict[str, Source | None] = {}
        self.counts: Counter[str] = Counter()
        self.reasons: list[str] = []
        # JSONL lines waiting to be stored together (settings.INGEST_BATCH_SIZE at a time)
        self.batch: list[tuple[str, Incoming]] = []
        default_source = options.get("source")
        if default_source and not self.create_source and not Source.objects.filter(name=default_source).exists():
            raise CommandError(f"Unknown source {default_source!r}. Add it in admin, or pass --create-source.")
        show = (
            not options["no_progress"]
            and sys.stderr.isatty()
            or len(options["inputs"]) > 1
            and not options["no_progress"]
        )
        bar = tqdm(total=len(options["inputs"]), unit="input", disable=not show, file=sys.stderr)
        try:
            for item in options["inputs"]:
                bar.set_postfix_str(Path(item).name[:40])
                if item.startswith(("http://", "https://")):
                    self.ingest_one(
                        item, default_source, lambda src, u=item: pipeline.ingest_url(src, u, via="command")
                    )
                elif item.endswith((".jsonl", ".ndjson")) or item == "-":
                    self.ingest_jsonl(item, default_source, bar)
                else:
                    self.ingest_file(Path(item), default_source, options.get("published"))
                bar.update(1)
            self.flush()
        finally:
            # The summary is printed whatever happened, even on Ctrl-C: what was stored stays stored.
            bar.close()
            if self.batch:
                self.stdout.write(f"not stored (interrupted before their batch was written): {len(self.batch)}")
            self.summary()

    def summary(self) -> None:
        c = self.counts
        self.stdout.write(f"ingested: {c['ingested']}  duplicates: {c['duplicate']}  rejected: {c['rejected']}")
        for reason in self.reasons[:200]:
            self.stdout.write(f"  {reason}")
        if len(self.reasons) > 200:
            self.stdout.write(f"  … and {len(self.reasons) - 200} more")

    def source(self, name: str | None, where: str) -> Source | None:
        if not name:
            self.reject(where, 'no source: give --source NAME or a "source" field')
            return None
        if name not in self.sources:
            found = Source.objects.filter(name=name).first()
            if found is None and self.create_source:
                found = Source.objects.create(name=name)
            self.sources[name] = found
        if self.sources[name] is None:
            self.reject(where, f"unknown source {name!r} (add it in admin, or pass --create-source)")
        return self.sources[name]

    def reject(self, where: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.reasons.append(f"rejected {where}: {reason}")

    def record(self, where: str, result: pipeline.IngestResult) -> None:
        self.counts[result.status] += 1
        if result.status == "duplicate":
            self.reasons.append(f"duplicate {where}: {result.reason}")
        elif result.status == "rejected":
            self.reasons.append(f"rejected {where}: {result.reason}")

    def ingest_one(self, where: str, source_name: str | None, call: Any) -> None:
        source = self.source(source_name, where)
        if source is None:
            return
        try:
            result = call(source)
        except Exception as exc:  # noqa: BLE001 - one input's failure is reported; the rest go on
            log.exception("ingest of %s failed", where)
            self.reject(where, f"could not be stored ({type(exc).__name__}: {str(exc)[:200]}); nothing was saved")
            return
        self.record(where, result)

    def ingest_file(self, path: Path, source_name: str | None, published: str | None) -> None:
        where = str(path)
        if not path.is_file():
            self.reject(where, "no such file")
            return
        size = path.stat().st_size
        if size > settings.MAX_UPLOAD_BYTES:
            self.reject(where, f"{size:,} bytes is over the limit of {settings.MAX_UPLOAD_BYTES:,} (MAX_UPLOAD_BYTES)")
            return
        try:
            content = pipeline.decode_text(path.read_bytes(), where)
        except pipeline.IngestError as exc:
            self.reject(where, str(exc))
            return
        suffix = path.suffix.lower()
        if suffix not in (".txt", ".text", ".md", ".html", ".htm"):
            self.reject(where, f"unsupported file type {suffix or '(none)'}: use .jsonl, .txt or .html")
            return
        is_html = suffix in (".html", ".htm")
        self.ingest_one(
            where,
            source_name,
            lambda src: pipeline.ingest_article(
                src,
                html=content if is_html else None,
                text=None if is_html else content,
                title="" if is_html else path.stem.replace("_", " "),
                published_at=published,
                via="command",
            ),
        )

    def ingest_jsonl(self, name: str, default_source: str | None, bar: tqdm) -> None:
        limit = settings.MAX_UPLOAD_BYTES
        if name == "-":
            stream, where = sys.stdin.buffer, "stdin"
        else:
            path = Path(name)
            if not path.is_file():
                self.reject(name, "no such file")
                return
            size = path.stat().st_size
            if size > limit:
                self.reject(name, f"{size:,} bytes is over the limit of {limit:,} (MAX_UPLOAD_BYTES)")
                return
            stream, where = path.open("rb"), name
        read = 0
        with stream:
            for number, raw in enumerate(stream, start=1):
                read += len(raw)
                if read > limit:
                    # standard input (or a file that grew): no size to check beforehand
                    self.reject(
                        where, f"over the limit of {limit:,} bytes (MAX_UPLOAD_BYTES); stopped at line {number}"
                    )
                    return
                if not raw.strip():
                    continue
                self.ingest_line(f"{where} line {number}", raw, default_source)
                bar.set_postfix_str(f"{where} line {number}")
        self.flush()

    def ingest_line(self, where: str, raw: bytes, default_source: str | None) -> None:
        """One JSONL line: checked field by field (factcheck/validation.py), then stored."""
        if len(raw) > settings.MAX_ARTICLE_BYTES * 2:
            self.reject(where, f"line is over {settings.MAX_ARTICLE_BYTES * 2:,} bytes")
            return
        try:
            record = validation.load_json(pipeline.decode_text(raw, "the line"))
            if not isinstance(record, dict):
                raise validation.IngestError("each line must be a JSON object")
            article = validation.validate_article(record, default_source=default_source)
        except validation.IngestError as exc:
            self.reject(where, str(exc))
            return
        source = self.source(article.source, where)
        if source is None:
            return
        incoming = Incoming(
            source,
            text=article.text,
            html=article.html,
            url=article.url,
            title=article.title,
            published_at=article.published,
            via="jsonl",
        )
        self.batch.append((where, incoming))
        if len(self.batch) >= settings.INGEST_BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Store the waiting lines as one batch (factcheck/ingest_batch.py), each with its own result."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        for (where, _), result in zip(batch, ingest_batch([incoming for _, incoming in batch]), strict=True):
            self.record(where, result)
        # A run of the command is not a request, so nothing else empties DEBUG's query log:
        # it would keep the SQL of the last 9,000 queries, the article texts in them.
        reset_queries()
