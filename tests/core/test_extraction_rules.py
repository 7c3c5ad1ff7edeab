"""Metrics, subsets, designators and places: rules found on the demo articles, on sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.core import Figure, extract_claims

PUBLISHED = date(2024, 3, 5)


def figures(text: str) -> list[Figure]:
    return [f for c in extract_claims(text, PUBLISHED) for f in c.figures]


def counts(text: str) -> list[tuple[float, str | None, str | None]]:
    return [(f.value, f.metric, f.unit) for f in figures(text) if f.kind == "count"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunners brought down 41 of the 57 rockets fired overnight, the navy said.",
            [(41, "intercepted", "missiles"), (57, "missiles_launched", "missiles")],
        ),
        ("The army said it had destroyed seven enemy drones over the lake.", [(7, "intercepted", "drones")]),
        ("Crews downed 12 missiles this morning.", [(12, "intercepted", "missiles")]),
        ("Sailors shot down 14 drones today.", [(14, "intercepted", "drones")]),
        ("The flood destroyed 30 houses.", [(30, "homes_destroyed", "houses")]),
    ],
)
def test_it_reads_what_happened_to_missiles_and_drones(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize("adverb", ["overnight", "today", "yesterday", "tonight", "earlier"])
def test_it_never_takes_a_time_adverb_for_the_counted_thing(adverb: str) -> None:
    found = figures(f"The rebels launched 20 rockets {adverb}.")
    assert [(f.metric, f.unit) for f in found] == [("missiles_launched", "missiles")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Officials said 8 Zr-33B2 glide bombs hit the port.", 8, "bombs"),
        ("The crew fired 16 Qx-12/Qx-140 cruise missiles at the bridge.", 16, "missiles"),
        ("It sent 6 T-800 heavy tanks and 2 Mv-9P anti-ship missiles.", 6, "tanks"),
    ],
)
def test_it_reads_past_weapon_designators(text: str, value: float, unit: str) -> None:
    found = [f for f in figures(text) if f.kind == "count"]
    assert found[0].value == value and found[0].unit == unit
    assert all(f.value in (2, 6, 8, 16) for f in found), found  # no "33 b", "140", "800"


def test_it_counts_all_of_a_breakdown_with_what_the_total_counted() -> None:
    found = counts("The navy fired 18 cruise missiles: 15 destroyed; all 20 drones were shot down.")
    assert found == [
        (18, "missiles_launched", "missiles"),
        (15, "intercepted", "missiles"),
        (20, "intercepted", "drones"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "At least 30 people were wounded, including four children, the governor said.",
        "At least 30 people were wounded, four children among them, the governor said.",
        "At least 30 people needed medical help, four children among them, the governor said.",
    ],
)
def test_it_links_a_subset_to_the_injured(text: str) -> None:
    (claim,) = extract_claims(text)
    total, part = claim.figures
    assert (total.metric, part.metric, part.subset_of, part.value) == ("injured", "injured", 0, 4)


def test_it_reads_a_death_behind_an_age_apposition() -> None:
    found = figures("He said one man, aged 77, had died in the fire.")
    assert [(f.value, f.kind, f.metric) for f in found] == [(1, "count", "killed"), (77, "age", "age")]


def test_it_reads_a_rising_death_toll() -> None:
    (f,) = figures("The death toll in Odesa rose to nine, officials said.")
    assert (f.value, f.metric, f.change, f.unit) == (9, "killed", "up", "people")


def test_it_resolves_them_to_the_previous_sentence() -> None:
    text = "The enemy fired 40 drones at the port. At least 31 of them were brought down, the navy said."
    assert counts(text) == [(40, "drones_launched", "drones"), (31, "intercepted", "drones")]


def test_it_skips_list_markers() -> None:
    assert counts("3/ Sirens again near the station.\n\n4/ We saw 12 ambulances.") == [(12, "ambulance", "ambulances")]


@pytest.mark.parametrize(
    ("text", "locations"),
    [
        # the dateline covers the article
        ("ODESA, March 5 (Wire) - Two people were killed, police said.", ["Odesa"]),
        # a place named in the sentence wins over the dateline
        ("LVIV, March 5 (Wire) - Three people were killed in Sumy, police said.", ["Sumy"]),
        # the nearest place before, in the same paragraph
        ("Kherson was shelled again. Five people were hurt, the governor said.", ["Kherson"]),
        # not across paragraphs
        ("Kherson was shelled again.\n\nFive people were hurt, the governor said.", [None]),
        # a place in a fronted source or contrast phrase is not the claim's place
        ("According to an officer in Odesa, Russia fired 30 drones at Ukrainian ports.", [None]),
        ("Contrary to rumours spread in Lviv, the army downed only 4 of them.", [None]),
        # written in lower or upper case, the place is title-cased
        ("In lviv, two people died.", ["Lviv"]),
    ],
)
def test_it_places_claims(text: str, locations: list[str | None]) -> None:
    assert [c.location for c in extract_claims(text, PUBLISHED) if c.figures] == locations


def test_it_places_missiles_downed_over_a_city() -> None:
    (claim,) = extract_claims("The ministry said its air defences destroyed nine missiles over Kursk.", PUBLISHED)
    assert (claim.location, claim.figures[0].metric) == ("Kursk", "intercepted")
