from __future__ import annotations

from datetime import date

import pytest

from factcheck.core import extract_claims

PUBLISHED = date(2024, 1, 2)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("In kyiv, 2 people died.", "Kyiv"),
        ("Nine drones were downed over Belgorod.", "Belgorod"),
        ("Strikes hit the eastern city of Kharkiv, killing 3.", "Kharkiv"),
        ("Three died in New Orleans.", "New Orleans"),
    ],
)
def test_it_finds_the_location(text: str, location: str) -> None:
    assert extract_claims(text)[0].location == location


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Shelling killed four farmers in eastern Ukraine.", "Ukraine"),
        ("Raiders killed 11 guards in the western Zabul province of the country.", "Zabul"),
        ("Floods left 300 families homeless in north-western Assam.", "Assam"),
        ("A storm cut power to 9,000 homes in central Lyon on Monday.", "Lyon"),
    ],
)
def test_it_finds_a_location_behind_a_compass_word(text: str, location: str) -> None:
    assert extract_claims(text)[0].location == location


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Tuesday, 2 people died.", date(2024, 1, 2)),
        ("On Saturday, 2 people died.", date(2023, 12, 30)),
        ("Last Tuesday, 2 people died.", date(2023, 12, 26)),
        ("Yesterday, 2 people died.", date(2024, 1, 1)),
        ("On Dec. 28, 2 people died.", date(2023, 12, 28)),
        ("On January 1, 2 people died.", date(2024, 1, 1)),
    ],
)
def test_it_resolves_event_dates_against_publication(text: str, expected: date) -> None:
    assert extract_claims(text, PUBLISHED)[0].event_date == expected


def test_it_has_no_date_without_publication_for_weekdays() -> None:
    assert extract_claims("On Tuesday, 2 people died.")[0].event_date is None


def test_it_scores_checkworthiness_with_reasons() -> None:
    strong, weak = extract_claims("The mayor said 12 people were killed in Kyiv. It may take 3 days.", PUBLISHED)
    assert strong.checkworthiness > weak.checkworthiness
    assert "figures:1" in strong.reasons and "casualties" in strong.reasons
    assert any(r.startswith("attributed:") for r in strong.reasons)
    assert "hedge:may" in weak.reasons
    assert 0 <= weak.checkworthiness <= 1
