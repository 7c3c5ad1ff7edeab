"""A wire dateline dates and places the story; its date is never one of the story's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.core import extract_claims
from factcheck.core.config import ExtractionConfig
from factcheck.core.place_words import PlaceWords


def figures_of(text: str, published: dt.date | None = None) -> list[tuple[str, str]]:
    return [(f.text, f.kind) for c in extract_claims(text, published=published) for f in c.figures]


def test_the_datelines_day_is_not_a_figure() -> None:
    text = "OSLO, Feb 9 (Newswire) - The harbour office said 31 boats were lost in the storm."
    assert [kind for _, kind in figures_of(text)] == ["count"]


def test_a_date_in_the_story_itself_stays_a_figure() -> None:
    text = "LIMA, May 4 (Newswire) - The mayor said 12 schools were shut on May 2."
    assert ("May 2", "date") in figures_of(text)
    assert all(found != "May 4" for found, _ in figures_of(text))


def test_the_dateline_still_places_the_claim() -> None:
    claims = extract_claims("OSLO, Feb 9 (Newswire) - The harbour office said 31 boats were lost in the storm.")
    assert claims and claims[0].location == "Oslo"


def test_without_a_dateline_an_opening_date_is_kept() -> None:
    assert ("Feb 9", "date") in figures_of("On Feb 9 the harbour office said 31 boats were lost.")


def test_the_dateline_does_not_start_the_first_claims_text() -> None:
    text = "OSLO, Feb 9 (Newswire) - The harbour office said 31 boats were lost in the storm."
    (claim,) = extract_claims(text, published=dt.date(2025, 2, 10))
    assert claim.text == "The harbour office said 31 boats were lost in the storm."
    assert text[claim.start : claim.end] == claim.text
    # the dateline still places and dates the story
    assert (claim.location, claim.event_date) == ("Oslo", dt.date(2025, 2, 9))


def test_the_dateline_is_not_counted_among_the_claims_names() -> None:
    (claim,) = extract_claims("OSLO, Feb 9 (Newswire) - The harbour office said 31 boats were lost in the storm.")
    assert not any(r.startswith("named_entities") for r in claim.reasons)


def test_a_dateline_before_a_claim_that_borrows_the_next_sentence_is_cut_too() -> None:
    text = "RIGA, Mar 3 (Newswire) - Nine ferries ran late. Port officials said so on Monday."
    assert all(not c.text.startswith("RIGA") for c in extract_claims(text))


def test_a_dateline_without_a_date_is_cut_from_the_claim() -> None:
    (claim,) = extract_claims("RIGA (Newswire) - Nine ferries were cancelled in the storm.")
    assert claim.text == "Nine ferries were cancelled in the storm."


@pytest.mark.parametrize(
    ("text", "place", "story"),
    [
        ("Tampere, Finland — Officials said 12 ferries were cancelled.", "Tampere", "Officials said 12 ferries"),
        ("BREST, France (Newswire) – The port said 8 trawlers sank.", "Brest", "The port said 8 trawlers"),
        ("Boise, Idaho, Jan. 5 - The county said 14 roads were shut by ice.", "Boise", "The county said 14 roads"),
        ("Gdynia, Poland -- Dockers said 300 containers fell overboard.", "Gdynia", "Dockers said 300 containers"),
    ],
)
def test_a_city_and_country_dateline_places_the_story_and_is_cut_from_the_claim(
    text: str, place: str, story: str
) -> None:
    (claim,) = extract_claims(text, published=dt.date(2026, 1, 6))
    assert claim.text.startswith(story)
    assert claim.location == place
    assert all(place not in f.text for f in claim.figures)


def test_the_day_of_a_city_and_state_dateline_is_not_a_figure() -> None:
    text = "Boise, Idaho, Jan. 5 - The county said 14 roads were shut by ice."
    assert [kind for _, kind in figures_of(text, published=dt.date(2026, 1, 6))] == ["count"]


@pytest.mark.parametrize(
    "text",
    [
        "Paris, the capital, saw 40 marches on Monday.",
        "Vienna, the city hall said, will hire 90 teachers - a record.",
        "Bridge Falls, Three Dead - Police said 3 people died.",  # a headline, not a dateline
    ],
)
def test_a_place_opening_a_sentence_without_a_dateline_dash_keeps_the_sentence(text: str) -> None:
    (claim,) = extract_claims(text)
    assert claim.text == text


CAPITALS = ExtractionConfig(places=PlaceWords(capitals={"afghanistan": "Kabul", "ukraine": "Kyiv", "nigeria": "Abuja"}))


def places_of(text: str) -> list[str | None]:
    return [c.location for c in extract_claims(text, config=CAPITALS)]


def test_a_placeless_claim_of_a_story_filed_from_a_capital_takes_the_event_place_named_earlier() -> None:
    text = (
        "KABUL (Newswire) - Gunmen stormed a police checkpoint in the western Badghis province late on "
        "Saturday, a provincial official said.\n\nThe gunmen killed 13 policemen before fleeing, the "
        "official said."
    )
    assert places_of(text) == ["Badghis", "Badghis"]


@pytest.mark.parametrize(
    "text",
    [
        # the event is in the dateline city itself
        "KYIV (Newswire) - Russian drones hit Kyiv overnight, the mayor said.\n\nFour people were hurt, he said.",
        # the earlier place is the country the dateline city is the capital of
        "KYIV (Newswire) - Drones struck in Ukraine overnight, the air force said.\n\nFour were hurt, it said.",
        # the same, in a city and country dateline
        "Abuja, Nigeria — The police said 12 traders were robbed in Nigeria.\n\nSix shops were burned, they said.",
    ],
)
def test_a_placeless_claim_keeps_the_capitals_dateline_when_the_story_is_there(text: str) -> None:
    dateline = "Kyiv" if text.startswith("KYIV") else "Abuja"
    assert places_of(text)[-1] == dateline


def test_a_placeless_claim_keeps_a_dateline_that_is_no_capital() -> None:
    # a city filing about a town near it: how the two relate is unknown
    text = (
        "KHARKIV (Newswire) - Shells hit the town of Chuhuiv on Monday, officials said.\n\nNine homes "
        "burned, they said."
    )
    assert places_of(text)[-1] == "Kharkiv"


def test_a_placeless_claim_of_a_story_without_another_place_keeps_the_dateline() -> None:
    text = "KABUL (Newswire) - Gunmen stormed a police checkpoint, an official said.\n\nThey killed 13 policemen."
    assert places_of(text) == ["Kabul", "Kabul"]


def test_a_placeless_claim_keeps_the_dateline_when_the_first_place_is_only_an_origin() -> None:
    # "from Karzai" reads as a place, but nothing in the story happens in it
    text = (
        "KABUL (Newswire) - The ceasefire drew warm words from Karzai, his aides said.\n\nTwo rockets "
        "later hit the airport, the police said."
    )
    assert places_of(text)[-1] == "Kabul"
