"""The pipeline keeps an article's claims when the extractor fails on one part of it."""

from __future__ import annotations

from unittest import mock

from factcheck import pipeline
from factcheck.core import claims as claims_module
from factcheck.models import Article, Claim, Source

QUOTED = 'She said that "the count is not final. "'
REPORT = (
    "Three bridges were closed on Monday, the transport office said.\n\n"
    + QUOTED
    + "\n\nAbout 40 buses were diverted, a spokesman for the operator said."
)


def test_it_stores_the_claims_of_a_report_with_a_spaced_closing_quote(source: Source) -> None:
    result = pipeline.ingest_article(source, text=REPORT, published_at="2024-01-02")
    assert result.article is not None
    assert result.article.extraction_status == Article.Extraction.DONE and not result.article.extraction_error
    speakers = set(Claim.objects.filter(article=result.article).values_list("speaker_name", flat=True))
    assert {"the transport office", "She"} <= speakers


def test_it_keeps_the_claims_that_work_and_records_the_sentence_that_failed(source: Source) -> None:
    real = claims_module.extract_claims

    def extract(text: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if "final" in text:
            raise IndexError("list index out of range")
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    with mock.patch.object(claims_module, "extract_claims", side_effect=extract):
        result = pipeline.ingest_article(source, text=REPORT, published_at="2024-01-02")
    article = result.article
    assert result.status == "ingested" and article is not None
    article.refresh_from_db()
    assert article.extraction_status == Article.Extraction.DONE
    start = REPORT.index(QUOTED)
    assert f"characters {start}-{start + len(QUOTED)}: IndexError" in article.extraction_error
    claims = Claim.objects.filter(article=article)
    assert {"the transport office", "the operator"} <= set(claims.values_list("speaker_name", flat=True))
    assert claims.filter(figures__value=40).exists()
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
    # Re-extraction once the bug is gone clears the note.
    pipeline.save_claims(article)
    article.refresh_from_db()
    assert article.extraction_error == "" and claims.filter(speaker_name="She").exists()
