"""Places written in news forms: a place before a noun, a country's capital, a province by its country."""

from __future__ import annotations

import pytest

from factcheck.core import ExtractionConfig, extract_claims
from factcheck.core.place_words import PlaceWords

WORDS = PlaceWords(
    modifiers=frozenset({"bucharest", "texas", "lagos", "manila", "new york", "lincoln", "florence", "orlando"}),
    capitals={"afghanistan": "Kabul", "peru": "Lima", "kenya": "Nairobi", "syria": "Damascus", "iraq": "Baghdad"},
)
CONFIG = ExtractionConfig(places=WORDS)


def location(text: str) -> str | None:
    return extract_claims(text, config=CONFIG)[0].location


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A blaze at a Bucharest nightclub killed 27 people.", "Bucharest"),
        ("Nine patients died at a Texas hospital after the power failed.", "Texas"),
        ("The Lagos bridge collapse left 14 dead, officials said.", "Lagos"),
        ("Floodwater cut power to 40,000 homes, the Manila utility said.", "Manila"),
        ("A New York subway fire injured 11 riders.", "New York"),
    ],
)
def test_a_place_before_a_noun_is_the_claims_place(text: str, place: str) -> None:
    assert location(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "The Lincoln Tunnel was shut for 3 hours.",  # a name: capitalised word after it
        "Florence Pugh won 2 awards on Sunday.",  # a first name before a surname
        "She told an Orlando radio station she paid $20,000.",  # where the outlet is
        "Texas and its neighbours spent $5 million.",  # no noun after it, no determiner
    ],
)
def test_a_name_or_an_outlet_is_not_read_as_a_place_modifier(text: str) -> None:
    assert location(text) is None


def test_a_named_place_wins_over_a_modifier() -> None:
    assert location("Seven died at a Texas hospital, officials in Houston said.") == "Houston"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Two blasts killed 8 people in Afghanistan's capital.", "Kabul"),
        ("Protesters marched through Peru's capital, and 30 were arrested.", "Lima"),
        ("Kenya's capital recorded 120 mm of rain on Monday.", "Nairobi"),
        ("Shelling killed 12 civilians in Syria's Idlib province.", "Idlib Province"),
        ("Iraq's Anbar province saw 40 attacks last month.", "Anbar Province"),
    ],
)
def test_a_countrys_capital_and_province(text: str, place: str) -> None:
    assert location(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "Syria's Kurdish region lost 15 fighters.",  # an adjective names no place
        "Iraq's Mohammed Ali won 3 medals.",  # a person, not a province
    ],
)
def test_a_possessive_without_a_place_is_not_one(text: str) -> None:
    assert location(text) is None
