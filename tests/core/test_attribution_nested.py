"""Attribution round 3: cues nested in quotations, colon headlines, progressive and
quantified subjects, polls as sources (sentences written for these tests)."""

from __future__ import annotations

from factcheck.core import extract_claims


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [(text[c.speaker_start : c.speaker_end], c.cue) for c in extract_claims(text) if c.speaker_start is not None]


def test_a_cue_inside_a_quotation_belongs_to_the_outer_speaker() -> None:
    text = "“I think he suggested we leave early,” the mayor said."
    assert speakers(text) == [("the mayor", "said")]


def test_a_cue_inside_a_multi_sentence_quotation_is_not_a_new_speaker() -> None:
    text = 'Lena Park said: "We tried. He said it was possible. Nobody called back."'
    assert {s for s, _ in speakers(text)} == {"Lena Park"}


def test_an_unclosed_quotation_does_not_hide_the_cue() -> None:
    text = '"The rules were never explained to parents, said Tom Reyes, a school board member.'
    assert ("Tom Reyes", "said") in speakers(text)


def test_a_headline_colon_names_the_speaker() -> None:
    assert speakers("Walker: 'We will win this state.'") == [("Walker", ":")]
    assert speakers("Senate Leader On Taxes: 'No new levies.'") == [("Senate Leader", ":")]


def test_a_section_label_before_a_colon_is_no_speaker() -> None:
    assert speakers("UPDATE: The road reopened on Monday.") == []
    assert speakers("Video: The crowd cheered for ten minutes.") == []


def test_a_progressive_cue_takes_the_subject() -> None:
    assert speakers("Governor Lane is arguing that the tax is unfair.") == [("Lane", "arguing")]


def test_a_quantified_subject_speaks() -> None:
    assert speakers("Some said they would stay home.") == [("Some", "said")]
    assert speakers("Nearly 60 percent say the economy is weak.")[0][0].endswith("60 percent")


def test_a_named_poll_is_a_source() -> None:
    text = "Walker leads by 9 points in a Capitol Daily poll released Sunday."
    assert ("a Capitol Daily poll", "in") in speakers(text)
    assert speakers("Walker is ahead in the polls.") == []


def test_a_participle_naming_something_is_no_cue() -> None:
    assert speakers("A website called Daily Facts posted the story.") == [("A website called Daily Facts", "posted")]


def test_a_statement_from_an_office_is_attributed_to_the_office() -> None:
    text = "The fee will rise, according to a statement from the city council."
    assert speakers(text) == [("the city council", "according to")]


def test_a_subject_before_a_bracket_and_an_apposition() -> None:
    text = "Sen. Ann Cole (R-Ohio), a veteran lawmaker, said she had not decided."
    assert speakers(text)[0][0].endswith("Ann Cole (R-Ohio)") or speakers(text)[0][0].endswith("Ann Cole")


def test_a_restrictive_relative_who_is_the_source() -> None:
    text = "The mayor rebuked critics who say the plan is too costly."
    assert ("who", "say") in speakers(text)


def test_a_saying_clause_after_a_quoted_phrase_takes_the_subject() -> None:
    text = "Dana Ortiz praised the “regional values,” saying the city embodied them."
    assert ("Dana Ortiz", "saying") in speakers(text)
