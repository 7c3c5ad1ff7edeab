"""manage.py ingest, extract_claims and seed_demo, as users run them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factcheck.models import Article, Claim, Source

LINE = {
    "source": "Wire Agency",
    "url": "https://wire.example.org/1",
    "title": "Barrage",
    "published": "2024-01-02T08:00:00Z",
    "text": "Russia fired 99 missiles at Ukraine overnight, the Ukrainian air force said.",
}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_it_ingests_jsonl_and_reports_malformed_lines_by_number(source: Source, tmp_path: Path) -> None:
    second = dict(LINE, url="https://wire.example.org/2", text="Two people were killed in Kyiv, the mayor said.")
    path = write_jsonl(
        tmp_path / "a.jsonl", [LINE, "{not json", second, {"source": "Nobody", "text": "x y z"}, "[1]", LINE]
    )
    out = run("ingest", str(path))
    assert "ingested: 2  duplicates: 1  rejected: 3" in out
    assert "line 2: malformed JSON" in out
    assert "line 4: unknown source 'Nobody'" in out
    assert "line 5: each line must be a JSON object" in out
    assert "duplicate" in out and "line 6" in out
    assert Article.objects.count() == 2
    assert Claim.objects.filter(figures__value=99).exists()


def test_it_creates_unknown_sources_only_when_asked(db: None, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [LINE])
    assert "rejected: 1" in run("ingest", str(path))
    assert "ingested: 1" in run("ingest", str(path), "--create-source")
    assert Source.objects.filter(name="Wire Agency").exists()


def test_it_ingests_text_and_html_files_with_a_source(source: Source, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("At least five people were killed on Tuesday, police said.", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><title>Page</title></head><body><article><p>"
        + "Nearly 400 drones were launched over the week, the air force said. " * 3
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 latin-1 text")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    out = run(
        "ingest",
        str(tmp_path / "story.txt"),
        str(tmp_path / "page.html"),
        str(tmp_path / "bad.txt"),
        str(tmp_path / "image.png"),
        str(tmp_path / "missing.txt"),
        "--source",
        source.name,
        "--no-progress",
    )
    assert "ingested: 2  duplicates: 0  rejected: 3" in out
    assert "not valid UTF-8" in out and "binary" in out and "no such file" in out


def test_it_refuses_an_unknown_source_name(db: None, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("text", encoding="utf-8")
    with pytest.raises(CommandError, match="Unknown source 'Ghost'"):
        run("ingest", str(tmp_path / "story.txt"), "--source", "Ghost")


def test_it_prints_claims_as_json_in_the_contract_shape(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("According to the Ukrainian military, Russia fired 99 missiles on Tuesday.", encoding="utf-8")
    data = json.loads(run("extract_claims", str(path), "--published", "2024-01-02", "--format", "json"))
    (doc,) = data["documents"]
    assert doc["path"] == str(path)
    claim = next(c for c in doc["claims"] if c["figures"])
    for key in (
        "text",
        "start",
        "end",
        "speaker",
        "speaker_start",
        "speaker_end",
        "speaker_role",
        "cue",
        "quote",
        "location",
        "event_date",
        "checkworthiness",
        "figures",
    ):
        assert key in claim
    figure = claim["figures"][0]
    for key in ("text", "start", "end", "value", "low", "high", "qualifier", "kind", "metric", "unit", "change"):
        assert key in figure
    assert figure["value"] == 99 and claim["event_date"] == "2024-01-02"


def test_it_refuses_a_bad_published_date_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("extract_claims", "x.txt", "--published", "Tuesday")
    with pytest.raises(CommandError, match="no such file"):
        run("extract_claims", str(tmp_path / "nope.txt"))


def test_it_loads_the_seeds_twice_without_harm(db: None) -> None:
    out = run("seed_demo")
    assert "rejected" in out and " 0 rejected" in out
    articles = Article.objects.count()
    assert articles >= 8 and Source.objects.count() >= 4
    assert "editor" in out and "admin" in out
    out = run("seed_demo")
    assert f"0 new article(s), {articles} already loaded" in out
    assert Article.objects.count() == articles
