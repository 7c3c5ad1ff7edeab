"""An error in the extractor costs one part of a document, never the document's claims."""

from __future__ import annotations

from unittest import mock

from factcheck.core import claims as claims_module
from factcheck.core import extract_claims, extract_claims_isolated
from factcheck.core.segment import split_sentences

QUOTED = 'She said that "the count is not final. "'
REPORT = (
    "Three bridges were closed on Monday, the transport office said.\n\n"
    + QUOTED
    + "\n\nAbout 40 buses were diverted, a spokesman for the operator said."
)


def test_it_reads_a_quotation_whose_closing_mark_follows_a_space() -> None:
    (claim,) = extract_claims(QUOTED)
    assert claim.speaker == "She" and claim.text == QUOTED
    assert [QUOTED[s.start : s.end] for s in split_sentences(QUOTED)] == [QUOTED]


def test_it_keeps_a_spaced_closing_mark_with_its_sentence_before_the_next_one() -> None:
    text = 'She said that "the count is not final. " Then she left the hall.'
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        'She said that "the count is not final. "',
        "Then she left the hall.",
    ]


def test_it_keeps_every_claim_of_the_report_with_the_quotation() -> None:
    claims = extract_claims(REPORT)
    assert {c.speaker for c in claims} >= {"the transport office", "She"}
    assert any(f.value == 40 for c in claims for f in c.figures)


def failing_on(word: str):  # type: ignore[no-untyped-def]
    real = claims_module.extract_claims

    def extract(text: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if word in text:
            raise IndexError("list index out of range")
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    return mock.patch.object(claims_module, "extract_claims", side_effect=extract)


def test_it_keeps_the_other_paragraphs_claims_and_reports_the_failing_part_with_its_offsets() -> None:
    with failing_on("final"):
        claims, failures = extract_claims_isolated(REPORT)
    (failure,) = failures
    start = REPORT.index(QUOTED)
    assert (failure.start, failure.end) == (start, start + len(QUOTED))
    assert "IndexError" in failure.error
    expected = [c for c in extract_claims(REPORT) if "final" not in c.text]
    assert [(c.text, c.start, c.end, c.speaker, c.speaker_start) for c in claims] == [
        (c.text, c.start, c.end, c.speaker, c.speaker_start) for c in expected
    ]
    for c in claims:
        assert REPORT[c.start : c.end] == c.text
        for f in c.figures:
            assert REPORT[f.start : f.end] == f.text


def test_it_narrows_a_failure_to_the_sentence_inside_a_paragraph() -> None:
    text = "Five people were hurt, police said. The count is not final, she said. Two roads shut, officials said."
    with failing_on("final"):
        claims, failures = extract_claims_isolated(text)
    (failure,) = failures
    assert text[failure.start : failure.end] == "The count is not final, she said."
    assert sorted(f.value for c in claims for f in c.figures) == [2, 5]
