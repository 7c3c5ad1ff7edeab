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
        ("On 28 December, 2 people died.", date(2023, 12, 28)),  # day first
        ("Two people died on 1 January, police said.", date(2024, 1, 1)),
        ("On the 30th of December, 2 people died.", date(2023, 12, 30)),
        ("On 29th December 2023, 2 people died.", date(2023, 12, 29)),
        ("Voting closed on 5 May, and 2 people died.", date(2023, 5, 5)),  # "May" after a day is the month
        ("Voting closed on May 5, and 2 people died.", date(2023, 5, 5)),
    ],
)
def test_it_resolves_event_dates_against_publication(text: str, expected: date) -> None:
    assert extract_claims(text, PUBLISHED)[0].event_date == expected


def test_a_headline_in_title_case_dates_nothing_by_may() -> None:
    assert extract_claims("Up To 5 May Be Missing After Floods, Police Say", PUBLISHED)[0].event_date is None


def test_it_has_no_date_without_publication_for_weekdays() -> None:
    assert extract_claims("On Tuesday, 2 people died.")[0].event_date is None


def test_it_scores_checkworthiness_with_reasons() -> None:
    strong, weak = extract_claims("The mayor said 12 people were killed in Kyiv. It may take 3 days.", PUBLISHED)
    assert strong.checkworthiness > weak.checkworthiness
    assert "figures:1" in strong.reasons and "casualties" in strong.reasons
    assert any(r.startswith("attributed:") for r in strong.reasons)
    assert "hedge:may" in weak.reasons
    assert 0 <= weak.checkworthiness <= 1
