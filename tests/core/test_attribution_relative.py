"""Speaker spans around relative clauses, located groups and noun uses of cue words."""

from __future__ import annotations

from factcheck.core.attribution import find_attributions
from factcheck.core.attribution_phrases import SpeakerMemory
from factcheck.core.claims import extract_claims
from factcheck.core.tokens import tokenize


def _speakers(text: str) -> list[tuple[str, str]]:
    t = tokenize(text)
    return [(a.speaker, a.cue) for a in find_attributions(t, 0, len(t), SpeakerMemory())]


def test_relative_clause_inside_according_to_without_commas() -> None:
    text = (
        "According to a border guard in the Sumy region who talked to the Valley Herald on condition "
        "of anonymity, four drones crossed the frontier on Friday night."
    )
    assert _speakers(text) == [("a border guard", "according to")]
    claims = extract_claims(text)
    assert len(claims) == 1
    assert claims[0].speaker == "a border guard"
    assert "four drones crossed" in claims[0].text


def test_relative_clause_inside_according_to_with_commas() -> None:
    text = "According to a nurse at the clinic, who spoke to reporters, nine patients were moved overnight."
    assert _speakers(text) == [("a nurse", "according to")]


def test_leading_relative_pronoun_is_not_part_of_speaker() -> None:
    text = "The bridge was damaged by a blast that local officials said injured three workers."
    assert _speakers(text) == [("local officials", "said")]


def test_located_group_speaks_not_the_place() -> None:
    assert _speakers("Officials in Odesa have warned that the port may close.")[0][0] == "Officials in Odesa"
    assert _speakers("The dam will hold, residents in the valley have said.")[0][0] == "residents in the valley"


def test_cue_noun_inside_medium_phrase_is_no_cue() -> None:
    text = "Two barns burned down, the mayor said in a Facebook post, adding that nobody was hurt."
    assert [s for s, _ in _speakers(text)] == ["the mayor", "the mayor"]


def test_figures_from_an_issuer() -> None:
    text = "Eleven schools were shut, according to figures from the regional education office."
    assert _speakers(text) == [("the regional education office", "according to")]


def test_objects_after_adjective_is_a_noun() -> None:
    assert _speakers("Several wooden objects were found near the fence.") == []
