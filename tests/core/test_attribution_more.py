from __future__ import annotations

from factcheck.core import extract_claims


def spans(text: str) -> list[str]:
    return [text[c.speaker_start : c.speaker_end] for c in extract_claims(text) if c.speaker_start is not None]


def test_it_reads_the_name_before_an_apposition() -> None:
    text = "Dana Ortiz, its chief financial officer, said sales fell by 3 percent."
    assert spans(text) == ["Dana Ortiz"]


def test_it_reads_a_speaker_after_a_doubled_apostrophe_quote() -> None:
    text = "''We will win the state,'' said Tom Reyes, a party chairman."
    assert spans(text) == ["Tom Reyes"]


def test_it_skips_a_party_label_in_brackets() -> None:
    text = "Rep. Ann Cole (D-Ohio) said the bill would pass."
    assert spans(text) == ["Ann Cole"]


def test_it_skips_a_weekday_between_speaker_and_cue() -> None:
    text = "The senator on Friday said the vote was delayed."
    assert spans(text) == ["The senator"]


def test_it_gives_a_coordinated_cue_the_sentence_subject() -> None:
    text = "Maria Gomez visited the plant and warned that 40 jobs were at risk."
    assert spans(text) == ["Maria Gomez"]


def test_a_participle_after_a_noun_is_no_cue() -> None:
    assert spans("The group supporting the plan raised 5 million dollars.") == []


def test_told_does_not_take_its_object_as_speaker() -> None:
    text = "Lena Park, meanwhile, told reporters that 12 offices would close."
    assert spans(text) == ["Lena Park"]


def test_it_does_not_read_a_release_of_people_as_a_statement() -> None:
    (claim,) = extract_claims("Militants released three hostages on Sunday.")
    assert claim.speaker is None and claim.cue is None
    assert [(f.value, f.kind) for f in claim.figures] == [(3, "count")]


def test_a_noun_in_an_opening_among_or_of_phrase_is_no_speaker() -> None:
    for text in (
        "Among the 300 staff laid off, 120 were women.",
        "Of the 80 nurses laid off last month, 30 were rehired.",
    ):
        [claim] = extract_claims(text)
        assert (claim.speaker, claim.cue) == (None, None), text


def test_the_speaker_named_after_an_opening_among_phrase_keeps_the_figures() -> None:
    [claim] = extract_claims("Among the 300 staff laid off, 120 were women, the union said.")
    assert claim.speaker == "the union"
    assert [f.value for f in claim.figures] == [300, 120]
