"""One pipeline function stores an article, its claims and figures, or says why not."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.test import override_settings

from factcheck import core, pipeline
from factcheck.models import Article, Claim, Figure, ReviewEvent, Source, Speaker

STORY = (
    "Kyiv came under a heavy missile attack on Tuesday morning.\n\n"
    "The city's mayor, Vitali Klitschko, said two people were killed and 49 were injured.\n\n"
    "Officials said they would rebuild."
)


def ingest(source: Source, **kwargs: object) -> pipeline.IngestResult:
    kwargs.setdefault("text", STORY)
    kwargs.setdefault("published_at", "2024-01-02T10:00:00+00:00")
    return pipeline.ingest_article(source, **kwargs)  # type: ignore[arg-type]


def test_it_stores_the_article_with_its_claims_and_figures(source: Source) -> None:
    result = ingest(source, url="https://wire.example.org/kyiv", title="Kyiv attacked")
    assert result.status == "ingested"
    article = result.article
    assert article is not None and article.extraction_status == Article.Extraction.DONE
    figures = Figure.objects.filter(claim__article=article)
    assert {f.value for f in figures} >= {2.0, 49.0}
    claim = Claim.objects.get(article=article, figures__value=49)
    assert "Klitschko" in claim.speaker_name
    assert claim.speaker is not None and claim.speaker.name == claim.speaker_name
    assert article.text[claim.start : claim.end] == claim.text
    assert set(Claim.objects.filter(article=article).values_list("source", flat=True)) == {source.pk}


def test_it_reports_the_same_url_again_as_a_duplicate_and_changes_nothing(source: Source) -> None:
    first = ingest(source, url="https://wire.example.org/kyiv")
    again = ingest(source, url="https://wire.example.org/kyiv", text=STORY + " More.")
    assert again.status == "duplicate" and again.article == first.article
    assert Article.objects.count() == 1
    assert first.article is not None and "More." not in Article.objects.get().text


def test_it_reports_the_same_text_from_the_same_source_as_a_duplicate(source: Source) -> None:
    ingest(source)
    again = ingest(source, text="  " + STORY.upper() + "\n")
    assert again.status == "duplicate"
    assert Article.objects.count() == 1


def test_it_keeps_the_same_text_from_another_source_as_a_syndicated_copy(source: Source) -> None:
    other = Source.objects.create(name="Morning Ledger")
    ingest(source)
    assert ingest(other).status == "ingested"
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("abc\x00def", "binary"),
        ("\x01\x02\x03\x04\x05\x06\x07\x08" * 10, "binary"),
        ("bad \ud800 surrogate", "not valid UTF-8"),
    ],
)
def test_it_rejects_bad_text_and_saves_nothing(source: Source, text: str, reason: str) -> None:
    result = ingest(source, text=text)
    assert result.status == "rejected"
    assert reason in result.reason
    assert not Article.objects.exists() and not Claim.objects.exists()


@override_settings(MAX_ARTICLE_BYTES=100)
def test_it_rejects_text_over_the_size_limit(source: Source) -> None:
    result = ingest(source)
    assert result.status == "rejected" and "over the limit of 100" in result.reason
    assert not Article.objects.exists()


def test_it_rejects_a_malformed_publication_date(source: Source) -> None:
    result = ingest(source, published_at="last tuesday")
    assert result.status == "rejected" and "ISO-8601" in result.reason


def test_it_leaves_nothing_half_saved_when_storing_claims_fails(source: Source) -> None:
    real = pipeline.insert_rows

    def refuse_figures(rows: list[Any], *args: object, **kwargs: object) -> object:
        if rows and isinstance(rows[0], Figure):
            raise RuntimeError("disk full")
        return real(rows, *args, **kwargs)  # type: ignore[arg-type]

    failing = mock.patch("factcheck.pipeline.insert_rows", side_effect=refuse_figures)
    with failing, pytest.raises(RuntimeError):
        ingest(source)
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_it_extracts_text_from_hostile_html(source: Source) -> None:
    html = (
        "<html><head><title>Night attack</title><script>alert('x')</script></head><body>"
        "<nav>Home | World</nav><article><h1>Night attack</h1>"
        "<p>" + STORY.replace("\n\n", "</p><p>") + "</p>"
        '<p onclick="steal()">Rescuers worked through the night, the emergency service said.</p>'
        "<iframe src='javascript:alert(1)'></iframe></article></body></html>"
    )
    result = ingest(source, text=None, html=html)
    assert result.status == "ingested", result.reason
    assert result.article is not None
    assert "Klitschko" in result.article.text
    assert "alert" not in result.article.text and "<" not in result.article.text
    assert result.article.title == "Night attack"


def test_it_rejects_html_without_article_text(source: Source) -> None:
    result = ingest(source, text=None, html="<html><body><script>var a = 1;</script></body></html>")
    assert result.status == "rejected" and "no article text" in result.reason


def test_it_records_a_failing_extractor_on_the_article(source: Source) -> None:
    # every part of the text fails (the isolating wrapper calls the extractor per part)
    with mock.patch("factcheck.core.claims.extract_claims", side_effect=ValueError("boom")):
        result = ingest(source)
    assert result.status == "ingested" and result.article is not None
    result.article.refresh_from_db()
    assert result.article.extraction_status == Article.Extraction.FAILED
    assert "boom" in result.article.extraction_error


def test_it_keeps_reviewed_claims_when_re_extracting(source: Source, editor) -> None:
    article = ingest(source).article
    assert article is not None
    reviewed = Claim.objects.filter(article=article, figures__value=49).get()
    reviewed.set_verdict(editor, Claim.Status.VERIFIED, note="Checked with city hall")
    before = Claim.objects.filter(article=article).count()
    pipeline.save_claims(article)
    assert Claim.objects.filter(article=article).count() == before
    reviewed.refresh_from_db()
    assert reviewed.status == Claim.Status.VERIFIED
    assert ReviewEvent.objects.filter(claim=reviewed).count() == 1


def test_it_resolves_a_speaker_alias_to_the_canonical_speaker(source: Source) -> None:
    canonical = Speaker.objects.create(name="Vitali Klitschko", aliases=["Vitaliy Klychko"])
    ingest(source, text="Two people were killed in Kyiv, the mayor Vitaliy Klychko said on Tuesday.")
    claim = Claim.objects.get(figures__value=2)
    assert claim.speaker == canonical
    assert claim.speaker_name == "Vitaliy Klychko"


def test_it_records_figures_that_cannot_all_hold_within_one_article(source: Source) -> None:
    from factcheck.models import Conflict

    text = "Russia fired 40 missiles overnight, 72 of which were shot down, the air force said."
    result = ingest(source, text=text)
    assert result.article is not None
    (finding,) = Conflict.objects.filter(kind=Conflict.Kind.INTERNAL)
    assert finding.key == f"article:{result.article.pk}"
    assert sorted(f.value for f in finding.members.all()) == [40.0, 72.0]
    assert Claim.objects.get(article=result.article, figures__value=72).in_conflict
    # Re-extraction replaces the finding rather than adding another.
    pipeline.save_claims(result.article)
    assert Conflict.objects.filter(kind=Conflict.Kind.INTERNAL).count() == 1


def test_it_finds_nothing_wrong_when_the_subset_fits(source: Source) -> None:
    from factcheck.models import Conflict

    ingest(source, text="Russia fired 99 missiles overnight, 72 of which were shot down, the air force said.")
    assert not Conflict.objects.filter(kind=Conflict.Kind.INTERNAL).exists()


def test_it_keeps_the_queue_totals_right_through_ingest_verdicts_and_re_extraction(
    source: Source, editor, django_capture_on_commit_callbacks
) -> None:
    from django.core.cache import cache

    from factcheck.models import status_totals

    def recount() -> dict[str, int]:
        return {s: Claim.objects.filter(status=s).count() for s in Claim.Status.values}

    committed = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731 - as a real commit would
    assert status_totals() == recount()  # primes the cached totals
    with committed():
        article = ingest(source).article
    assert article is not None
    assert status_totals() == recount() and recount()["pending"] > 0
    claim = Claim.objects.filter(article=article).first()
    assert claim is not None
    with committed():
        claim.set_verdict(editor, Claim.Status.DISPUTED)
    with committed():
        claim.set_verdict(editor, Claim.Status.DISPUTED, note="still disputed")
    assert status_totals() == recount() and recount()["disputed"] == 1
    with committed():
        pipeline.save_claims(article)
    assert status_totals() == recount()
    cache.clear()
    assert status_totals() == recount()


def test_it_stores_one_claim_per_sentence_and_speaker_for_review(source: Source) -> None:
    text = (
        "The regional council condemned the shelling in a statement and said that two schools had been hit.\n\n"
        "Officials said 4 people were killed."
    )
    extracted = [(c.start, c.end, c.speaker) for c in core.extract_claims(text)]
    result = ingest(source, text=text)
    stored = list(Claim.objects.filter(article=result.article).values_list("start", "end", "speaker_name"))
    assert len(stored) == len(set(stored)), "the same sentence by the same speaker is stored once"
    assert {(s, e) for s, e, _ in stored} == {(s, e) for s, e, _ in extracted}
