"""Every construction of the seed article, on sentences written for these tests."""

from __future__ import annotations

import math
from datetime import date

from factcheck.core import Claim, extract_claims

PUBLISHED = date(2024, 1, 2)  # a Tuesday


def one(text: str) -> Claim:
    claims = extract_claims(text, PUBLISHED)
    assert len(claims) == 1, claims
    return claims[0]


def test_it_reads_launched_and_intercepted_missiles_with_of_which() -> None:
    c = one("According to the Ukrainian air force, Russia launched 120 missiles, 87 of which were shot down.")
    assert c.speaker == "the Ukrainian air force"
    assert c.cue == "according to"
    launched, downed = c.figures
    assert (launched.value, launched.metric, launched.unit) == (120, "missiles_launched", "missiles")
    assert (downed.value, downed.metric, downed.qualifier) == (87, "intercepted", "exact")
    assert downed.subset_of == 0


def test_it_attributes_to_an_apposition_after_according_to() -> None:
    text = "In odesa, three people were killed and 31 injured, according to its governor, Oleh Kiper."
    c = one(text)
    assert c.speaker == "Oleh Kiper"
    assert c.speaker_role == "governor"
    assert text[c.speaker_start : c.speaker_end] == "Oleh Kiper"  # type: ignore[index]
    assert c.location == "Odesa"
    assert [(f.value, f.metric) for f in c.figures] == [(3, "killed"), (31, "injured")]


def test_it_reads_a_speaker_after_the_claim_with_open_interval_and_subset() -> None:
    c = one(
        "In Kharkiv, a 67-year-old man died and more than 30 were injured, including four children, "
        "announced the head of the regional administration, Oleh Synehubov."
    )
    assert c.speaker == "Oleh Synehubov"
    assert c.speaker_role == "head of the regional administration"
    assert c.cue == "announced"
    counts = [f for f in c.figures if f.kind == "count"]
    died, injured, children = counts
    assert (died.value, died.metric) == (1, "killed")
    assert (injured.low, injured.high, injured.qualifier, injured.metric) == (30, math.inf, "more_than", "injured")
    assert (children.value, children.metric, children.subset_of) == (4, "injured", c.figures.index(injured))
    ages = [f for f in c.figures if f.kind == "age"]
    assert [a.value for a in ages] == [67]
    assert all(f.value != 67 for f in counts)


def test_it_keeps_the_outlet_s_own_claim_without_speaker() -> None:
    c = one("Russia struck the capital on Tuesday, killing at least seven people.")
    assert c.speaker is None and c.quote is None
    f = c.figures[0]
    assert (f.value, f.low, f.high, f.qualifier, f.metric) == (7, 7, math.inf, "at_least", "killed")
    assert c.event_date == date(2024, 1, 2)


def test_it_keeps_an_attributed_claim_without_figures() -> None:
    claims = extract_claims("The minister denied the charges, but Moscow said it had struck only military targets.")
    moscow = [c for c in claims if c.speaker == "Moscow"]
    assert moscow and moscow[0].figures == ()
    assert moscow[0].cue == "said"


def test_it_resolves_for_his_part_to_the_named_speaker() -> None:
    c = one("Ukrainian Interior Minister Igor Klymenko said for his part that three people died near the capital.")
    assert c.speaker == "Igor Klymenko"
    assert c.speaker_role == "Interior Minister"
    assert c.quote == "indirect"
    assert (c.figures[0].value, c.figures[0].metric) == (3, "killed")


def test_it_reads_reported_on_telegram_with_an_apposition_before_the_cue() -> None:
    c = one(
        "In Belgorod, a woman died when a drone hit her car, the governor of the border region, "
        "Vyacheslav Gladkov, reported on Telegram, and four were injured elsewhere."
    )
    assert c.speaker == "Vyacheslav Gladkov"
    assert c.speaker_role == "governor"
    assert c.cue == "reported on Telegram"
    assert [(f.value, f.metric) for f in c.figures] == [(1, "killed"), (4, "injured")]


def test_it_never_counts_an_age_after_a_name() -> None:
    claims = extract_claims("Her neighbour, Olena Petrenko, 82, was hurt and lost her home.")
    figures = [f for c in claims for f in c.figures]
    assert [(f.value, f.kind) for f in figures] == [(82, "age")]


def test_it_reads_durations_as_durations() -> None:
    figures = [
        f
        for c in extract_claims("The strike came less than 12 hours after nearly three years of war.")
        for f in c.figures
    ]
    assert [(f.value, f.kind, f.qualifier, f.unit) for f in figures] == [
        (12, "duration", "fewer_than", "hours"),
        (3, "duration", "nearly", "years"),
    ]


def test_it_reads_direct_quotes_with_inverted_speaker() -> None:
    c = one("“Send air defence to Ukraine!” urged the foreign minister, Dmytro Kuleba, on X.")
    assert c.speaker == "Dmytro Kuleba"
    assert c.quote == "direct"
    assert c.cue == "urged"


def test_it_reads_ten_of_the_ten() -> None:
    c = one("“Our air force shot down 8 of the 8 Russian ‘Kinzhal’ missiles,” the commander said on social media.")
    part, total = c.figures
    assert (part.value, part.metric, part.subset_of) == (8, "intercepted", 1)
    assert (total.value, total.metric) == (8, "missiles_launched")
    assert c.quote == "direct"


def test_it_reads_people_without_power_and_temperatures() -> None:
    c = one(
        "More than 150,000 people were left without electricity in kyiv while temperatures hovered "
        "around two degrees Celsius, municipal authorities said."
    )
    assert c.speaker == "municipal authorities"
    power, temp = c.figures
    assert (power.value, power.qualifier, power.metric) == (150000, "more_than", "without_power")
    assert (temp.value, temp.low, temp.high, temp.unit, temp.metric) == (2, 1.8, 2.2, "C", "temperature")
    assert c.location == "Kyiv"


def test_it_reads_aircraft_and_explosions() -> None:
    figures = [
        f
        for c in extract_claims(
            "Poland scrambled six of its F-16 fighters. Soon after, eight loud explosions were heard."
        )
        for f in c.figures
    ]
    assert [(f.value, f.metric) for f in figures] == [(6, "aircraft"), (8, "explosions")]


def test_it_resolves_relative_dates() -> None:
    claims = extract_claims(
        "Last Friday, a strike killed around 30 people. The next day 12 people were killed in Belgorod.",
        PUBLISHED,
    )
    first, second = claims
    assert first.event_date == date(2023, 12, 29)
    assert (first.figures[0].low, first.figures[0].high) == (27, 33)
    assert second.event_date == date(2023, 12, 30)
    assert second.location == "Belgorod"


def test_it_carries_a_quote_over_several_sentences() -> None:
    claims = extract_claims("“It is a horror. We have lost everything,” she said. Anna Koval said she would stay.")
    # the pronoun has no earlier name: it stays as written
    assert [c.speaker for c in claims[:2]] == ["she", "she"]
    assert all(c.quote == "direct" for c in claims[:2])
    assert claims[2].speaker == "Anna Koval"


def test_it_reads_the_day_before_against_the_previous_claim() -> None:
    claims = extract_claims(
        "On Monday, a strike killed 4 people. "
        "The day before, the president threatened more attacks, which left 9 dead.",
        PUBLISHED,
    )
    assert claims[0].event_date == date(2024, 1, 1)
    assert claims[1].event_date == date(2023, 12, 31)


def test_a_toll_in_an_aside_after_a_threat_is_the_outlets_own() -> None:
    claims = extract_claims(
        "The day before, President Ivan Petrov threatened to widen the strikes in retaliation for the shelling "
        "of the border town of Sumy on Saturday, which left 12 dead and 30 wounded.",
        PUBLISHED,
    )
    threat, aside = claims
    assert (threat.speaker, threat.cue, threat.figures) == ("Ivan Petrov", "threatened", ())
    assert aside.speaker is None
    assert [(f.value, f.metric) for f in aside.figures] == [(12, "killed"), (30, "injured")]
    assert aside.location == "Sumy"
    assert aside.event_date is not None and aside.event_date.weekday() == 5  # that Saturday


def test_an_aside_inside_the_speakers_quotation_stays_the_speakers() -> None:
    claims = extract_claims("The governor vowed to “rebuild the bridge, which carried 4,000 cars a day”.", PUBLISHED)
    assert [c.speaker for c in claims] == ["The governor"]
