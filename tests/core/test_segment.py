from __future__ import annotations

from factcheck.core.segment import split_sentences


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_it_keeps_abbreviations_and_initials_inside_a_sentence() -> None:
    text = "Gen. Smith met Mr. J. R. Ortiz in the U.S. capital on Jan. 5. Talks followed."
    assert pieces(text) == ["Gen. Smith met Mr. J. R. Ortiz in the U.S. capital on Jan. 5.", "Talks followed."]


def test_it_ends_a_sentence_after_an_acronym_before_a_starter() -> None:
    assert pieces("Troops left the U.S. The base closed.") == ["Troops left the U.S.", "The base closed."]


def test_it_splits_headlines_and_bylines_on_newlines() -> None:
    text = "Missiles hit the capital\nBy Jane Roe\n\nTwo people died. More were hurt."
    assert pieces(text) == ["Missiles hit the capital", "By Jane Roe", "Two people died.", "More were hurt."]


def test_it_keeps_an_ellipsis_in_brackets() -> None:
    assert pieces("They shot down 5 missiles (…) with Patriot systems. Then quiet.") == [
        "They shot down 5 missiles (…) with Patriot systems.",
        "Then quiet.",
    ]


def test_it_keeps_the_cue_after_a_quote_in_the_sentence() -> None:
    assert pieces("“We are ready!” declared the minister. Then he left.") == [
        "“We are ready!” declared the minister.",
        "Then he left.",
    ]
    assert pieces('"It is over." he said. Fine.') == ['"It is over." he said.', "Fine."]


def test_it_marks_sentences_inside_a_quote() -> None:
    sentences = split_sentences("“It is bad. We lost all.” she said.")
    assert [s.in_quote for s in sentences] == [False, True]


def test_it_gives_document_offsets() -> None:
    text = "  First one.  Second one."
    for s in split_sentences(text):
        assert text[s.start : s.end].strip() == text[s.start : s.end]
    assert pieces(text) == ["First one.", "Second one."]


def test_it_keeps_a_dotted_acronym_whole_even_when_a_letter_is_a_starter() -> None:
    assert pieces("The F.A.A. grounded 3 jets. Airlines objected.") == [
        "The F.A.A. grounded 3 jets.",
        "Airlines objected.",
    ]
