"""Any JSON value on any way in: refused field by field, the good lines kept, nothing half-saved."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings

from factcheck import pipeline, validation
from factcheck.admin import ArticleIngestForm
from factcheck.models import Article, Claim, Figure, Source

BODY = "Russia fired {n} missiles at Ukraine overnight, the Ukrainian air force said."
LONG_URL = "https://wire.example.org/" + "a" * 2001


def good(n: int) -> dict[str, object]:
    return {
        "source": "Wire Agency",
        "url": f"https://wire.example.org/{n}",
        "title": f"Barrage {n}",
        "published": "2024-01-02T08:00:00Z",
        "text": BODY.format(n=n),
    }


def odd(n: int, **fields: object) -> dict[str, object]:
    """A good line with some fields replaced (a ``None`` value is written as JSON null)."""
    return {**good(n), **fields}


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


# (line as written, words its rejection must contain)
ODD_LINES: list[tuple[bytes, tuple[str, ...]]] = [
    (json.dumps(odd(101, url=12345)).encode(), ("url", "a number")),
    (json.dumps(odd(102, url=["https://wire.example.org/x"])).encode(), ("url", "a list")),
    (json.dumps(odd(103, url={"href": "https://wire.example.org/x"})).encode(), ("url", "an object")),
    (json.dumps(odd(104, url=LONG_URL)).encode(), ("url", "over the limit of 2,000")),
    (json.dumps(odd(105, url="javascript:alert(1)")).encode(), ("url", "http or https")),
    (json.dumps(odd(106, url="http://[::1/a")).encode(), ("url", "not a valid URL")),
    (json.dumps(odd(107, url="https://wire.example.org/a\u0000b")).encode(), ("url", "control characters")),
    (json.dumps(odd(108, source={"name": "Wire Agency"})).encode(), ("source", "an object")),
    (json.dumps(odd(109, source=7)).encode(), ("source", "a number")),
    (json.dumps(odd(110, source=None)).encode(), ("no source",)),
    (json.dumps(odd(111, source="Nobody")).encode(), ("unknown source 'Nobody'",)),
    (json.dumps(odd(112, source="Wire\u0000Agency")).encode(), ("source", "control characters")),
    (json.dumps(odd(113, source="W" * 201)).encode(), ("source", "over the limit of 200")),
    (json.dumps(odd(114, title=["a", "b"])).encode(), ("title", "a list")),
    (json.dumps(odd(115, title="t" * 501)).encode(), ("title", "over the limit of 500")),
    (json.dumps(odd(116, title="bad \ud800 title")).encode(), ("title", "not valid UTF-8")),
    (json.dumps(odd(117, title="nul\u0000title")).encode(), ("title", "control characters")),
    (json.dumps(odd(118, text="")).encode(), ("text", "empty")),
    (json.dumps(odd(119, text="\x01\x02\x03\x04\x05\x06\x07\x08" * 10)).encode(), ("text", "binary")),
    (json.dumps(odd(120, text="a" * 2_000_001)).encode(), ("text", "MAX_ARTICLE_BYTES")),
    (json.dumps(odd(121, text=True)).encode(), ("text", "true or false")),
    (json.dumps(odd(122, text=None, html=5)).encode(), ("html", "a number")),
    (json.dumps(odd(123, text=None)).encode(), ('"text" or an "html"',)),
    (json.dumps(odd(124, text=json.loads(deep(500)))).encode(), ("text", "a list")),
    (b'{"source": "Wire Agency", "text": ' + deep(100_000).encode() + b"}", ("malformed JSON", "nested too deeply")),
    (b'{"source": "Wire Agency", "text": "x", "url": ' + b"1" * 5000 + b"}", ("malformed JSON",)),
    (json.dumps(odd(125, published="3024-01-01T00:00:00Z")).encode(), ("published", "out of range")),
    (json.dumps(odd(126, published="1024-01-01")).encode(), ("published", "out of range")),
    (json.dumps(odd(127, published="0001-01-01T00:00:00+23:59")).encode(), ("published", "out of range")),
    (json.dumps(odd(128, published="9999-12-31T23:59:59-23:59")).encode(), ("published", "out of range")),
    (json.dumps(odd(129, published="2024-01-01T00:00:00+99:00")).encode(), ("published", "ISO-8601")),
    (json.dumps(odd(130, published="0000-01-01")).encode(), ("published", "ISO-8601")),
    (json.dumps(odd(131, published="99999-01-01")).encode(), ("published", "ISO-8601")),
    (json.dumps(odd(132, published=20240101)).encode(), ("published", "a number")),
    (json.dumps(odd(133, published=["2024-01-01"])).encode(), ("published", "a list")),
    (json.dumps(odd(134, published="2" * 1000)).encode(), ("published", "not an ISO-8601 date")),
    (b"[1]", ("each line must be a JSON object",)),
    (b"42", ("each line must be a JSON object",)),
    (b'"just a string"', ("each line must be a JSON object",)),
    (b"null", ("each line must be a JSON object",)),
    (b"{not json", ("malformed JSON",)),
    (b'{"source": "Wire Agency", "text": }', ("malformed JSON",)),
    (b'{"source": "Wire Agency", "text": "caf\xe9"}', ("not valid UTF-8",)),
    (b'{"source": "Wire Agency", "text": "a\x00b"}', ("binary",)),
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_ingests_the_good_lines_among_every_odd_value_and_names_each_bad_field(
    source: Source, tmp_path: Path
) -> None:
    lines = [json.dumps(good(1)).encode(), *(raw for raw, _ in ODD_LINES[:20])]
    lines += [json.dumps(good(2)).encode(), *(raw for raw, _ in ODD_LINES[20:]), json.dumps(good(3)).encode()]
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = run("ingest", str(path), "--no-progress")
    assert f"ingested: 3  duplicates: 0  rejected: {len(ODD_LINES)}" in out
    reports = {int(line.split(" line ")[1].split(":")[0]): line for line in out.splitlines() if " line " in line}
    for number, raw in enumerate(lines, start=1):
        expected = next((words for bad, words in ODD_LINES if bad == raw), None)
        if expected is None:
            assert number not in reports, reports.get(number)
            continue
        assert number in reports, f"line {number} ({raw[:80]!r}) is not reported"
        for word in expected:
            assert word in reports[number], (raw[:80], reports[number])
    assert sorted(Article.objects.values_list("url", flat=True)) == [f"https://wire.example.org/{n}" for n in (1, 2, 3)]
    assert list(Source.objects.values_list("name", flat=True)) == ["Wire Agency"]


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_it_refuses_a_jsonl_file_over_the_upload_limit_and_goes_on_with_the_next(
    source: Source, tmp_path: Path
) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(json.dumps(good(n)) for n in range(1, 20)) + "\n", encoding="utf-8")
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(good(50)) + "\n", encoding="utf-8")
    out = run("ingest", str(big), str(small), "--no-progress")
    assert "ingested: 1  duplicates: 0  rejected: 1" in out
    assert f"rejected {big}: " in out and "over the limit of 1,000 (MAX_UPLOAD_BYTES)" in out
    assert list(Article.objects.values_list("url", flat=True)) == ["https://wire.example.org/50"]


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_it_stops_reading_standard_input_at_the_upload_limit(source: Source, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(json.dumps(good(n)) for n in range(1, 20)) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    out = run("ingest", "-", "--no-progress")
    assert "rejected stdin: over the limit of 1,000 bytes (MAX_UPLOAD_BYTES)" in out
    assert "ingested: " in out and 0 < Article.objects.count() < 19


def test_it_goes_on_when_storing_one_line_fails_and_leaves_that_article_unsaved(source: Source, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(good(n)) for n in (1, 2, 3)) + "\n", encoding="utf-8")
    real = pipeline.insert_rows

    def flaky(rows: list[Any], *args: object, **kwargs: object) -> object:
        # The database refuses line 2's figures, in its batch and again on its own.
        if any(isinstance(row, Figure) and row.claim.article.url == "https://wire.example.org/2" for row in rows):
            raise RuntimeError("disk full")
        return real(rows, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch("factcheck.pipeline.insert_rows", side_effect=flaky):
        out = run("ingest", str(path), "--no-progress")
    assert "ingested: 2  duplicates: 0  rejected: 1" in out
    assert "line 2: could not be stored (RuntimeError: disk full)" in out
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://wire.example.org/1",
        "https://wire.example.org/3",
    ]
    assert not Claim.objects.filter(article__url="https://wire.example.org/2").exists()


# ---------------------------------------------------------------- the validator itself


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": 1}, "url"),
        ({"url": LONG_URL}, "url"),
        ({"source": {"a": 1}}, "source"),
        ({"title": ["x"]}, "title"),
        ({"text": ""}, "text"),
        ({"text": [1]}, "text"),
        ({"html": 1.5, "text": None}, "html"),
        ({"published": "3024-01-01"}, "published"),
        ({"published": False}, "published"),
    ],
)
def test_it_names_the_field_at_fault(changes: dict[str, object], field: str) -> None:
    with pytest.raises(validation.IngestError) as caught:
        validation.validate_article(odd(1, **changes))
    assert caught.value.field == field and field in str(caught.value)


def test_it_returns_a_checked_record_for_a_good_article() -> None:
    record = validation.validate_article({**good(1), "extra": {"ignored": True}, "source": None}, default_source="X")
    assert record.source == "X" and record.url == "https://wire.example.org/1"
    assert record.published is not None and record.published.year == 2024
    assert record.text == BODY.format(n=1) and record.html is None


def test_it_refuses_a_value_that_is_not_an_object() -> None:
    with pytest.raises(validation.IngestError, match="must be a JSON object, not a list"):
        validation.validate_article([good(1)])


# ---------------------------------------------------------------- the same checks on the other ways in


def admin_form(source: Source, **fields: str) -> ArticleIngestForm:
    data = {"ingest_source": str(source.pk), "ingest_text": BODY.format(n=9), **fields}
    return ArticleIngestForm(data=data)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ingest_url": LONG_URL}, "ingest_url"),
        ({"ingest_published": "1700-01-01 00:00"}, "ingest_published"),
        ({"ingest_published": "3024-01-01 00:00"}, "ingest_published"),
    ],
)
def test_it_refuses_the_same_values_in_the_admin_form_on_their_field(
    source: Source, fields: dict[str, str], field: str
) -> None:
    form = admin_form(source, **fields)
    assert not form.is_valid()
    assert field in form.errors, form.errors
    assert not Article.objects.exists()


def test_it_refuses_a_rejected_text_in_the_admin_form_above_the_fields(source: Source) -> None:
    form = admin_form(source, ingest_text="\x01\x02\x03\x04\x05\x06\x07\x08" * 10)
    assert not form.is_valid()
    assert "binary" in str(form.non_field_errors())
    assert not Article.objects.exists()


def feed_entry(**fields: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "title": "Barrage",
        "link": "https://wire.example.org/feed-1",
        "published_parsed": time.struct_time((2024, 1, 2, 8, 0, 0, 1, 2, 0)),
        "content": [{"value": "<p>" + BODY.format(n=77) + " " + "The sirens sounded for hours. " * 12 + "</p>"}],
    }
    entry.update(fields)
    return entry


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"link": LONG_URL}, "url"),
        ({"link": "javascript:alert(1)"}, "url"),
        ({"title": "t" * 501}, "title"),
        ({"published_parsed": time.struct_time((3024, 1, 2, 8, 0, 0, 1, 2, 0))}, "published"),
        ({"published_parsed": time.struct_time((2024, 1, 2, 23, 59, 60, 1, 2, 0))}, "published"),
    ],
)
def test_it_refuses_the_same_values_in_a_feed_entry(source: Source, fields: dict[str, object], field: str) -> None:
    with mock.patch("factcheck.pipeline.fetch_url", side_effect=AssertionError("nothing is fetched")):
        result = pipeline._ingest_feed_entries(source, [feed_entry(**fields)])[0]
    assert result.status == "rejected" and result.field == field, result.reason
    assert field in result.reason and "Barrage" in result.reason or field == "title"
    assert not Article.objects.exists()


def test_it_ingests_a_good_feed_entry(source: Source) -> None:
    result = pipeline._ingest_feed_entries(source, [feed_entry()])[0]
    assert result.status == "ingested", result.reason
    assert result.article is not None and result.article.url == "https://wire.example.org/feed-1"
