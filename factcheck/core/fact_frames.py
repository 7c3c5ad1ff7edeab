"""The frame of a figure: what it is about, the parts that decide whether two figures are one fact.

The first step of :mod:`factcheck.core.facts`: each figure of a story gets a
:class:`Frame` (metric, kind, what is counted, side and party, the measured
thing, the canonical place with its hierarchy, the day and where the day came
from, part or whole, key strength). :class:`FrameConfig` carries every
threshold and the place data; :func:`fact_frame` gives one figure's frame.

>>> from datetime import date
>>> f = FactFigure(1, 1, 1, "Wire", None, None, "Kyiv", date(2024, 1, 2), "killed", "count", "people",
...                3, 3, 3, "exact", "Three people were killed.")
>>> (fact_frame(f).metric, fact_frame(f).place)
('killed', 'kyiv')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Literal

from factcheck.core.fact_context import (
    counts_the_rest,
    figure_denied,
    figure_event,
    figure_period,
    measured_subject,
)
from factcheck.core.fact_figures import FactFigure, _Entry, _Preparer
from factcheck.core.figure_parts import counted_group
from factcheck.core.match_config import DEFAULT_CONFIG, JOB_LOSS_METRICS, WORKFORCE_NOUNS, MatchConfig
from factcheck.core.names import PLACE_ALIASES, AliasResolver, normalise_name, speaker_resolver
from factcheck.core.same_fact import KeyStrength, key_strength
from factcheck.core.tokens import singular as _singular

DateSource = Literal["event", "published", "none"]

# A place named "<X> oblast" or "the region of <X>" is the region around X.
REGION_WORDS: frozenset[str] = frozenset(
    {"oblast", "region", "province", "governorate", "prefecture", "voivodeship", "krai", "raion", "district", "county"}
)
# Money that adds up over places (what was lost, spent or given); prices and salaries do not.
ADDITIVE_MONEY_METRICS: frozenset[str] = frozenset(
    {"damage", "damages", "loss", "losses", "cost", "costs", "aid", "compensation", "ransom", "spending", "donations"}
)
STORY_KINDS: frozenset[str] = frozenset({"count", "money", "percent", "measure", "duration"})

_NOTHING: Mapping[int, int] = MappingProxyType({})


@dataclass(frozen=True)
class FrameConfig:
    """Thresholds and data for comparing inside a story; the place hierarchy arrives as plain data.

    ``place_parents``: canonical (normalised) place -> its ancestors, nearest
    first (``"kharkiv" -> ("ukraine",)``). ``place_spellings``: other
    spellings of a gazetteer place -> its canonical name (``"kijow" -> "kyiv"``).
    """

    match: MatchConfig = DEFAULT_CONFIG
    place_parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    place_spellings: Mapping[str, str] = field(default_factory=dict)
    region_words: frozenset[str] = REGION_WORDS
    additive_money_metrics: frozenset[str] = ADDITIVE_MONEY_METRICS
    kinds: frozenset[str] = STORY_KINDS
    # Two speakers' figures for what a story counts, with no event, or no place and no day, to
    # tie them: still one fact when both are at least ``claimed_min`` and the larger is at most
    # ``claimed_ratio`` times the smaller (a desk's two sources for one figure rarely differ more).
    claimed_ratio: float = 1.5
    claimed_min: float = 10.0


DEFAULT_FRAME_CONFIG = FrameConfig()


@dataclass(frozen=True)
class Frame:
    """What a figure is about: the parts of a fact that decide whether two figures are one.

    Empty or None parts are unknown: ``subject == ""`` counts people in
    general, ``place == ""`` names no place, ``day is None`` has no date.
    """

    metric: str
    kind: str
    subject: str
    side: str | None
    party: str | None
    thing: str | None
    place: str
    within: tuple[str, ...]  # the places this one sits inside, nearest first
    day: date | None
    dated: DateSource
    part: bool
    strength: KeyStrength
    period: str = ""  # what it counts over ("since september 16", "a day"); "" for one event
    event: str = ""  # the event its clause names ("bombing", "fighting"); "" when none
    stated: bool = False  # the thing is the subject its clause states the measure of ("the catfish weighed")
    # The group of people a count of everyone's unit names by its own noun ("12 students were
    # killed"), "" for everyone ("30 people"): a count of a group can be a part of everyone's.
    group: str = ""

    @property
    def needs_place(self) -> bool:
        """Is a missing place a gap? Not for a measure its clause states of a thing ("the catfish
        weighed 120 kg"): inside one story that thing, not a place, says which fact it is. A
        thing read from a compound ("a 12-inch laptop") only classifies: two sizes may be two models."""
        return self.kind == "count" or not self.stated


# --------------------------------------------------------------------------
# Frames


@dataclass(slots=True, eq=False)
class _Item:
    fig: FactFigure
    entry: _Entry
    frame: Frame
    witness: int
    fact: int = -1
    unknown: tuple[str, ...] = ()  # "place", "thing", "date": known in its fact, not in the figure


class _Places:
    """Canonical places of one story and their hierarchy."""

    def __init__(self, config: FrameConfig, locations: Sequence[str | None]) -> None:
        self.config = config
        spellings, parents = config.place_spellings, config.place_parents
        aliases = {**(PLACE_ALIASES if config.match.builtin_aliases else {}), **config.match.place_aliases}
        known = {normalise_name(k) for k in aliases}
        for location in locations:
            norm = normalise_name(location or "")
            # A gazetteer name is itself: "Austria" is never fuzzily "Australia".
            if norm and norm not in known and (norm in spellings or norm in parents):
                aliases[norm] = spellings.get(norm, norm)
        self.resolver = AliasResolver(
            aliases, config.match.place_alias_cutoff, floor=config.match.transliteration_floor
        )
        self.resolver.resolve_all(locations)

    def canonical(self, location: str | None) -> str:
        """The story's key for a place; "Kharkiv oblast" and "the region of Kharkiv" are both "kharkiv region"."""
        place = self.resolver.resolve(location)
        place = self.config.place_spellings.get(place, place)
        base = None if place in self.config.place_parents else self.region_of(place)
        return f"{base} region" if base else place

    def region_of(self, place: str) -> str | None:
        """ "kharkiv oblast", "region of kharkiv" -> "kharkiv"."""
        words = place.split()
        if len(words) >= 2 and words[-1] in self.config.region_words:
            return " ".join(words[:-1])
        if len(words) >= 3 and words[0] in self.config.region_words and words[1] == "of":
            return " ".join(words[2:])
        return None

    def within(self, place: str) -> tuple[str, ...]:
        if not place:
            return ()
        hit = self.config.place_parents.get(place)
        if hit is not None:
            return hit
        base = self.region_of(place)  # a region lies where its namesake city does
        return tuple(p for p in self.config.place_parents.get(base, ()) if p != base) if base else ()

    def inside(self, inner: Frame, outer: Frame) -> bool:
        return outer.place in inner.within or self.region_of(outer.place) == inner.place


def _preparer(config: FrameConfig, places: _Places) -> _Preparer:
    match = replace(config.match, comparable_kinds=config.kinds)
    return _Preparer(match, places.resolver, speaker_resolver(config.match))


def _frame(fig: FactFigure, entry: _Entry, places: _Places, config: FrameConfig) -> Frame | None:
    metric, _, subject = entry.group
    strength = key_strength(entry.group, config.match)
    if strength == "vague" and fig.thing is None:
        return None  # "weight", "duration", "money" of what? Not a fact on its own.
    count = fig.kind == "count"
    if count and {_singular(t) for t in subject.split()} <= {_singular(t) for t in metric.split()}:
        subject = ""  # "99 missiles" launched: the metric already says what it counts
    place = places.canonical(fig.location)
    dated: DateSource = "none" if entry.day is None else "event" if entry.explicit else "published"
    return Frame(
        metric=metric,
        kind=fig.kind,
        subject=subject,
        side=fig.side if count else None,
        party=fig.party if count else None,
        thing=fig.thing,
        place=place,
        within=places.within(place),
        day=None if entry.day is None else date.fromordinal(entry.day),
        dated=dated,
        part=fig.part_of is not None or counts_the_rest(fig.text),
        strength=strength,
        period=figure_period(fig.sentence, fig.text),
        event=figure_event(fig.sentence, fig.text),
        stated=fig.thing is not None and bool(fig.text) and measured_subject(fig.sentence, fig.text) == fig.thing,
        group=_group(fig, metric) if count and not subject else "",
    )


def _group(fig: FactFigure, metric: str) -> str:
    """The named group a count of everyone's unit counts, "" for everyone; a workforce is
    everyone a count of job losses befalls ("6,000 staff laid off" is "6,000 jobs cut")."""
    group = counted_group(fig.text)
    return "" if metric in JOB_LOSS_METRICS and group in WORKFORCE_NOUNS else group


def fact_frame(fig: FactFigure, config: FrameConfig = DEFAULT_FRAME_CONFIG) -> Frame | None:
    """The frame of one figure; None when it is never compared (its kind, metric or value).

    >>> from datetime import date
    >>> f = FactFigure(1, 1, 1, "Wire", None, None, "Kiev", date(2024, 1, 2), "dead", "count", "children",
    ...                6, 6, 6, "exact", "Six children died.", part_of=9)
    >>> fr = fact_frame(f)
    >>> (fr.metric, fr.subject, fr.place, fr.day, fr.dated, fr.part)
    ('killed', 'children', 'kyiv', datetime.date(2024, 1, 2), 'event', True)
    """
    places = _Places(config, [fig.location])
    entry = _preparer(config, places).prepare(fig)
    return None if entry is None else _frame(fig, entry, places, config)


def _why_not_compared(fig: FactFigure, config: FrameConfig) -> str:
    if fig.kind not in config.kinds:
        return f"is {'an' if fig.kind[:1] in 'aeiou' else 'a'} {fig.kind or 'figure of no kind'}, never compared"
    if fig.low != fig.low or fig.high != fig.high:
        return "has no value"
    if figure_denied(fig.sentence, fig.text):
        return "is denied by its own sentence (no one asserts it)"
    if not fig.metric.strip() or not fact_frame(replace(fig, thing="x"), config):
        return "says nothing about what happened (no metric)"
    return f'names only a dimension ("{fig.metric}") and not what was measured'
