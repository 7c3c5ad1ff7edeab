"""Same-fact evidence: counted nouns, context words and the diagnostic ``BlockIndex.explain``.

Every sentence here is invented.
"""

from dataclasses import replace

import pytest

from factcheck.core.matching import (
    DEFAULT_CONFIG,
    BlockIndex,
    FactFigure,
    MatchConfig,
    block_key,
    context_words,
    find_conflicts,
    key_strength,
    measured_thing,
    place_resolver,
    same_story,
)
from tests.core.test_matching import fact


def undated(value: float, sentence: str, **kw: object) -> FactFigure:
    return fact(value, published=None, location=None, sentence=sentence, **kw)  # type: ignore[arg-type]


# --- counted nouns are singular like metrics ---------------------------------------


def test_a_noun_ending_in_ies_keys_as_its_singular() -> None:
    f = fact(21, metric="study", unit="studies", published=None, location=None)
    assert block_key(f, place_resolver()).endswith("|study")
    assert key_strength(("study", "", "study")) == "noun"


def test_a_metric_that_only_names_its_noun_needs_nearly_the_same_sentence() -> None:
    # Two reviews of different numbers of studies: one topic, not one fact.
    a = undated(21, "Researchers pooled 21 studies on heart disease.", metric="study", unit="studies", source="A")
    b = undated(
        72,
        "A long review of 72 studies on heart disease found nothing about salt, sugar, sleep or exercise.",
        metric="study",
        unit="studies",
        source="B",
    )
    assert find_conflicts([a, b]) == []


def test_the_same_noun_metric_in_nearly_the_same_sentence_still_conflicts() -> None:
    a = undated(21, "Researchers pooled 21 studies on heart disease.", metric="study", unit="studies", source="A")
    b = undated(31, "Researchers pooled 31 studies on heart disease.", metric="study", unit="studies", source="B")
    assert [f.kind for f in find_conflicts([a, b])] == ["conflict"]


# --- context words ---------------------------------------------------------------


def test_spelt_out_numbers_are_not_context() -> None:
    assert context_words("Forty fishermen and twenty-one divers were rescued") == {"fishermen", "diver", "rescued"}


def test_words_naming_the_metric_are_not_evidence_of_one_story() -> None:
    # Shared "died" says only that both count deaths; one shared place word is not enough.
    a = undated(3, "Three died near the old bridge.", source="A")
    b = undated(40, "Forty died and nine were wounded near the bridge.", source="B")
    assert find_conflicts([a, b]) == []


def test_sentences_sharing_enough_words_besides_the_metric_still_conflict() -> None:
    a = undated(3, "Three died when the ferry Ostrava sank off Kelby pier.", source="A")
    b = undated(7, "Seven people died when the ferry Ostrava sank off Kelby pier on a calm morning.", source="B")
    assert [f.kind for f in find_conflicts([a, b])] == ["conflict"]


LONG_A = (
    "Militia commander Arlo Venn detonated a truck outside the Pellaton gate, killing 10 guards, "
    "rebel radio said in its evening bulletin during heavy rain and strong winds."
)
LONG_B = (
    "Arlo Venn blew up a lorry outside the Pellaton gate and killed dozens of guards, according to "
    "relief workers quoted by several agencies and witnesses across the valley."
)


def test_many_shared_names_show_one_story_in_long_sentences() -> None:
    x, y = context_words(LONG_A, ["killed", "killing"]), context_words(LONG_B, ["killed", "killing"])
    assert len(x & y) >= 5 and len(x & y) < 0.5 * min(len(x), len(y))
    assert same_story(x, y)
    assert not same_story(x, y, MatchConfig(context_enough_shared=99))
    assert not same_story(x, y, weak=True)  # a weak key still needs nearly the same sentence
    a = undated(10, LONG_A, source="A")
    b = undated(24, LONG_B, low=24, high=119, source="B")
    assert [f.kind for f in find_conflicts([a, b])] == ["conflict"]
    assert find_conflicts([a, b], MatchConfig(context_enough_shared=99)) == []


# --- the diagnostic --------------------------------------------------------------


def test_explain_says_why_two_figures_are_or_are_not_one_conflict() -> None:
    kyiv = fact(5, source="A", location="Kyiv", id=9001)
    kyiv_too = fact(7, source="B", location="Kiev", id=9002)
    lviv = fact(9, source="C", location="Lviv", id=9003)
    a = undated(3, "Three died near the old bridge.", source="D", id=9004)
    b = undated(40, "Forty died and nine were wounded near the bridge.", source="E", id=9005)
    same = fact(5, source="F", location="Kyiv", id=9006, sentence="The mayor confirmed five deaths.")
    age = fact(40, kind="age", source="G", id=9007)
    troops = replace(fact(2, source="H", location="Odesa", id=9008), side="security forces")
    raiders = replace(fact(30, source="I", location="Odesa", id=9009), side="combatants")
    index = BlockIndex(DEFAULT_CONFIG)
    index.add([kyiv, kyiv_too, lviv, a, b, same, age, troops, raiders])
    findings = index.findings()
    assert index.explain(9001, 9002, findings) == "reported conflict"
    assert index.explain(9001, 9003, findings) == "different key: place 'kyiv'/'lviv'"
    assert index.explain(9004, 9005, findings).startswith("undated: context check failed")
    assert index.explain(9001, 9006, findings) == "intervals agree"
    assert index.explain(9001, 9007, findings).startswith("not comparable")
    assert index.explain(9008, 9009, findings) == "different sides: security forces/combatants"


# --- what a compound measure measures --------------------------------------------


def test_a_compound_measure_names_what_it_measures() -> None:
    assert measured_thing("13-inch", "Brightline plans a 13-inch Slate tablet for spring.") == "slate"
    assert measured_thing("5-kilogram", "Rescuers carried 5-kilogram packs of water.") == "pack"
    assert measured_thing("13-inch", "a different sentence") is None


def test_the_subject_of_a_measure_verb_is_what_it_measures() -> None:
    assert measured_thing("13 inches", "The tablet measures 13 inches across.") == "tablet"
    assert measured_thing("13 inches", "Reviewers said it measures 13 inches across.") is None
    assert measured_thing("13 inches", "The crab grows to 13 inches.") is None


@pytest.mark.parametrize(("second", "reported"), [("Pebble tablet", False), ("Slate laptop", True)])
def test_sizes_of_two_products_from_one_analyst_are_two_facts(second: str, reported: bool) -> None:
    story = "analyst Mira Okafor of Northgate Research expects the launch before the summer quarter ends"
    first = f"Brightline will launch a 12-inch Slate laptop, {story}."
    other = f"Brightline will launch a 13-inch {second}, {story}."
    a = replace(
        undated(12, first, metric="distance", kind="measure", unit="in", speaker="Mira Okafor", source="A"),
        thing=measured_thing("12-inch", first),
    )
    b = replace(
        undated(13, other, metric="distance", kind="measure", unit="in", speaker="Mira Okafor", source="B"),
        thing=measured_thing("13-inch", other),
    )
    assert bool(find_conflicts([a, b])) is reported
