"""manage.py extract_claims PATH... [--published YYYY-MM-DD] --format json"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck import core, pipeline
from factcheck.currencies import extraction_config


class Command(BaseCommand):
    help = "Print the attributed claims and figures of text files (- reads standard input). Touches no database."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Text files, or - for standard input")
        parser.add_argument("--published", help="Publication date YYYY-MM-DD, to resolve 'on Tuesday' and the like")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        published = None
        if options["published"]:
            try:
                published = date.fromisoformat(options["published"])
            except ValueError:
                raise CommandError(f"--published must be YYYY-MM-DD, not {options['published']!r}") from None
        documents = []
        for name in options["paths"]:
            try:
                raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
                text = pipeline.decode_text(raw, "standard input" if name == "-" else name)
            except FileNotFoundError:
                raise CommandError(f"{name}: no such file") from None
            except IsADirectoryError:
                raise CommandError(f"{name}: is a directory") from None
            except pipeline.IngestError as exc:
                raise CommandError(str(exc)) from None
            claims = core.extract_claims(text, published=published, config=extraction_config())
            documents.append({"path": name, "claims": [c.as_json() for c in claims]})
        if options["format"] == "json":
            self.stdout.write(json.dumps({"documents": documents}, ensure_ascii=False, indent=2))
            return
        for doc in documents:
            self.stdout.write(f"== {doc['path']}")
            for claim in doc["claims"]:
                who = claim["speaker"] or "(outlet)"
                self.stdout.write(f"- [{who}] {claim['text']}")
                for f in claim["figures"]:
                    self.stdout.write(
                        f"    {f['text']!r}: {f['value']} {f['qualifier']} {f['metric']} [{f['low']}, {f['high']}]"
                    )
