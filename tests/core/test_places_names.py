"""Place names: hyphenated names are kept whole; acronyms and period labels are no places."""

from __future__ import annotations

import pytest

from factcheck.core import extract_claims


def location(text: str) -> str | None:
    [claim] = extract_claims(text)
    return claim.location


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Five guards died in fighting near Qasr al-Wadi, 40 miles west of the capital.", "Qasr al-Wadi"),
        ("Three people were hurt in Tell al-Saba on Monday, police said.", "Tell al-Saba"),
        ("Six shops burned in Bir el-Haddad overnight, residents said.", "Bir el-Haddad"),
        ("Nine people were hurt near al-Mansura on Sunday.", "al-Mansura"),
        ("Fighting in Ostrova-Belenko killed 3 people.", "Ostrova-Belenko"),
    ],
)
def test_a_hyphenated_place_name_is_kept_whole(text: str, place: str) -> None:
    assert location(text) == place


def test_a_hyphen_before_a_lower_case_word_ends_the_name() -> None:
    assert location("Two people were hurt in Dornvale-based offices.") == "Dornvale"


@pytest.mark.parametrize(
    "text",
    [
        "Orchard will ship 2.5 million phones in Q1 2015.",
        "Sales rose 5% in H2 2016, the firm said.",
        "Profit rose 5% in FY2015, the firm said.",
        "Officials at NATO said 5 jets flew over the sea.",
        "Managers from HP said 5,000 jobs would go.",
        "Staff in DNC offices said 40 people were hired.",
        "Agents from FBI field offices arrested 12 people.",
    ],
)
def test_acronyms_and_period_labels_are_not_places(text: str) -> None:
    assert location(text) is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Five people were hurt in UK shops, police said.", "UK"),
        ("Five people were hurt in US cities, police said.", "US"),
        ("Five people were hurt in UAE malls, police said.", "UAE"),
    ],
)
def test_country_abbreviations_stay_places(text: str, place: str) -> None:
    assert location(text) == place


def test_a_shouted_dateline_of_two_words_is_title_cased() -> None:
    [claim] = extract_claims("PORT ELLERY — Seven people were hurt when a crane fell, police said.")
    assert claim.location == "Port Ellery"
