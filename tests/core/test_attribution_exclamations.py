"""Quotes that end with "!" or "?" before the cue, as in the seed article's eyewitness lines."""

from __future__ import annotations

import pytest

from factcheck.core import extract_claims


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        (
            "“It is a school! They shelled a school!” denounced Marta Ivanenko, a 44-year-old teacher from Sumy.",
            "Marta Ivanenko",
            "denounced",
        ),
        ("“Send us generators!” implored the head of the regional council, Andriy Koval.", "Andriy Koval", "implored"),
        ("“Who will pay for this?” asked Petro Savchuk, a 60-year-old farmer.", "Petro Savchuk", "asked"),
        ("“They shelled a school!” cried Marta Ivanenko, a teacher from Sumy.", "Marta Ivanenko", "cried"),
    ],
)
def test_a_quote_ending_in_an_exclamation_or_question_belongs_to_the_speaker_after_it(
    text: str, speaker: str, cue: str
) -> None:
    claims = extract_claims(text)
    assert claims, "the quote must be a claim"
    assert {(c.speaker, c.cue) for c in claims} == {(speaker, cue)}


def test_the_age_of_the_speaker_after_a_quote_is_an_age_not_a_count() -> None:
    text = "“It is a school! They shelled a school!” denounced Marta Ivanenko, a 44-year-old teacher from Sumy."
    figures = [f for c in extract_claims(text) for f in c.figures]
    assert [(f.value, f.kind) for f in figures] == [(44, "age")]


def test_crying_without_a_quotation_is_no_claim_of_speech() -> None:
    claims = extract_claims("Olena Ivanenko cried when she saw the ruins of her street.")
    assert all(c.cue != "cried" for c in claims)
