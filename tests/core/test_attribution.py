from __future__ import annotations

from factcheck.core import Claim, extract_claims


def speakers(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.speaker, c.speaker_role, c.cue) for c in extract_claims(text)]


def test_it_reads_a_speaker_before_the_cue() -> None:
    assert speakers("The mayor said the metro would reopen.") == [("The mayor", "mayor", "said")]


def test_it_reads_an_inverted_speaker_with_a_role_after_the_name() -> None:
    assert speakers("“We need more help,” said Ann Lee, UN envoy to Sudan, on Monday.") == [
        ("Ann Lee", "UN envoy", "said")
    ]


def test_it_reads_a_title_before_the_name() -> None:
    assert speakers("Defense Minister Rustem Umerov accused Russia of war crimes.") == [
        ("Rustem Umerov", "Defense Minister", "accused")
    ]


def test_it_resolves_pronouns_and_surnames_to_the_last_named_speaker() -> None:
    text = "Vitali Klitschko said the city was calm. He added that 3 people died. Klitschko told reporters more."
    assert [c.speaker for c in extract_claims(text)] == ["Vitali Klitschko"] * 3


def test_it_gives_the_speaker_span_of_the_mention() -> None:
    text = "Vitali Klitschko said the city was calm. He added that 3 people died."
    second = extract_claims(text)[1]
    assert text[second.speaker_start : second.speaker_end] == "He"  # type: ignore[index]


def test_it_reads_organisations() -> None:
    text = "Moscow denied it. The Ukrainian military reported 12 drones. Municipal authorities urged calm."
    assert [c.speaker for c in extract_claims(text)] == ["Moscow", "The Ukrainian military", "Municipal authorities"]


def test_it_reads_a_passive_by() -> None:
    assert speakers("The move was first reported by Reuters.") == [("Reuters", None, "reported")]


def test_it_reads_written_on_telegram() -> None:
    assert speakers("The governor wrote on Telegram that 2 drones were downed.")[0][2] == "wrote on Telegram"


def test_it_marks_direct_and_indirect_quotes() -> None:
    direct, indirect = extract_claims("“We will rebuild,” the mayor said. The mayor said they would rebuild.")
    assert (direct.quote, indirect.quote) == ("direct", "indirect")


def test_it_splits_coordinated_attributions_into_clauses() -> None:
    claims: tuple[Claim, ...] = extract_claims("Kyiv accused Russia of terror, but Moscow said it hit only army sites.")
    assert [(c.speaker, c.text) for c in claims] == [
        ("Kyiv", "Kyiv accused Russia of terror,"),
        ("Moscow", "but Moscow said it hit only army sites."),
    ]


def test_it_resolves_who_to_the_antecedent() -> None:
    text = "The talks were led by Olaf Berg, who said 40 delegates came."
    claim = [c for c in extract_claims(text) if c.speaker == "Olaf Berg"][0]
    assert text[claim.speaker_start : claim.speaker_end] == "who"  # type: ignore[index]


def test_it_skips_first_person_inside_quotes() -> None:
    assert speakers("“I think we can win,” the senator said.") == [("the senator", "senator", "said")]
