"""Cross-source matching: which figures state the same fact, and do they agree?

Pure Python (plus rapidfuzz): no Django, no Celery, no database, no clock.
The pipeline turns stored figures into :class:`FactFigure` values, calls
:func:`find_conflicts` (or keeps a :class:`BlockIndex` for incremental runs)
and stores the returned :class:`Finding` values.

How it stays close to linear in the number of figures:

1. **Blocking.** Every figure gets a fact key: metric, canonical place,
   counted subject or unit, and an anchor day (its event date, else its
   publication date, else none). Figures land in a dict of groups
   ``(metric, place, subject)`` and, inside a group, in day buckets.
   Nothing is ever compared across groups.
2. **Copies.** Inside one day bucket, near-identical sentences carrying the
   same figure (rapidfuzz ratio >= ``copy_sentence_cutoff``) are one origin;
   when they come from several sources that is a ``"copy"`` finding.
3. **Scoring.** Origins of one day are compared with each other, with
   neighbouring days only as far as the date rules reach, and with the
   group's date-less figures. Two figures disagree only when their intervals
   (after unit conversion) cannot both hold.

Date rules (see :class:`MatchConfig`): two explicit event dates must be within
``event_date_window_days`` (default: same day); a figure dated only by its
article's publication may be about an event up to ``published_lag_days``
earlier; two publication-only dates must be the same day (within the window);
a figure with neither date is compared with every figure of its group.

Conflict or update: when the later-published of two disagreeing figures is
the larger one and the metric is a cumulative toll (killed, injured,
missing...), it is an ``"update"``: the brief counts "a later, larger casualty
toll from the same or a later report" as an update, so by default any later
report qualifies (``updates_across_sources=True``); set it to False to
require the same speaker or the same source. Everything else is a
``"conflict"``, including a later *smaller* toll.

>>> from datetime import datetime
>>> a = FactFigure(1, 1, 1, "Wire", datetime(2024, 1, 2, 9), "the military", "Kyiv", None,
...                "missiles launched", "count", "missiles", 99, 99, 99, "exact", "Russia fired 99 missiles.")
>>> b = FactFigure(2, 2, 2, "Daily", datetime(2024, 1, 2, 11), "the ministry", "Kiev", None,
...                "missiles launched", "count", "missiles", 81, 81, 81, "exact", "It said 81 missiles were fired.")
>>> [(f.kind, f.key, f.member_ids) for f in find_conflicts([a, b])]
[('conflict', 'missiles launched|kyiv|2024-01-02|missile', (1, 2))]
"""

from __future__ import annotations

import bisect
import functools
import gc
import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from factcheck.core import units
from factcheck.core.lexicon import METRIC_VERBS_BEFORE, METRIC_WORDS, PARTY_OF_ACRONYM, PARTY_OF_WORD, SIDE_OF_WORD
from factcheck.core.numbers import NUMBER_WORDS
from factcheck.core.types import (
    ABOUT,
    AT_LEAST,
    AT_MOST,
    EXACT,
    FEWER_THAN,
    MORE_THAN,
    NEARLY,
    RANGE,
    Claim,
    Figure,
)

FindingKind = Literal["conflict", "possible_conflict", "update", "copy"]
ArticleFindingKind = Literal["subset_exceeds_total", "parts_exceed_total"]

UNDATED = "undated"

# Well-known exonyms and transliterations. Keys and values are normalised on
# use; a deployment adds its own through MatchConfig.place_aliases.
PLACE_ALIASES: Mapping[str, str] = {
    "kiev": "kyiv",
    "kyyiv": "kyiv",
    "kharkov": "kharkiv",
    "odessa": "odesa",
    "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv",
    "zaporozhye": "zaporizhzhia",
    "zaporozhe": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "dnepr": "dnipro",
    "dnepropetrovsk": "dnipro",
    "dnipropetrovsk": "dnipro",
    "lvov": "lviv",
    "lwow": "lviv",
    "lemberg": "lviv",
    "chernigov": "chernihiv",
    "rovno": "rivne",
    "lugansk": "luhansk",
    "artemovsk": "bakhmut",
    "artemivsk": "bakhmut",
    "kirovograd": "kropyvnytskyi",
    "bombay": "mumbai",
    "calcutta": "kolkata",
    "madras": "chennai",
    "peking": "beijing",
    "rangoon": "yangon",
}

SPEAKER_ALIASES: Mapping[str, str] = {
    "klitschko": "vitali klitschko",
    "klychko": "vitali klitschko",
    "vitaliy klychko": "vitali klitschko",
    "vitalii klychko": "vitali klitschko",
    "vitali klychko": "vitali klitschko",
}

# Words that name an office or a body, not a person: a bare "Ministry" must
# not be read as the surname of "Russian Defence Ministry".
_NOT_SURNAMES = frozenset(
    {
        "ministry",
        "military",
        "army",
        "police",
        "government",
        "office",
        "council",
        "authorities",
        "administration",
        "service",
        "forces",
        "command",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "mayor",
        "governor",
        "minister",
        "officials",
        "agency",
        "committee",
        "department",
        "kremlin",
        "statement",
    }
)

METRIC_SYNONYMS: Mapping[str, str] = {
    "dead": "killed",
    "deaths": "killed",
    "died": "killed",
    "wounded": "injured",
    "hurt": "injured",
}

# Cumulative tolls: a later, larger figure revises an earlier one.
TOLL_METRICS: frozenset[str] = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "displaced",
        "evacuated",
        "arrested",
        "detained",
        "hospitalised",
        "hospitalized",
        "casualties",
        "rescued",
        "affected",
        "infected",
        "cases",
        "homeless",
        "captured",
        "abducted",
        "kidnapped",
        "damaged",
        "destroyed",
    }
)


VAGUE_METRICS: frozenset[str] = frozenset(
    {
        "money",
        "percent",
        "distance",
        "length",
        "weight",
        "mass",
        "volume",
        "area",
        "data",
        "time",
        "times",
        "duration",
        "temperature",
        "speed",
        "energy",
        "power",
        "people",
        "person",
        "thing",
        "number",
        "amount",
        "total",
        "figure",
        "year",
        "plus",
        "out",
    }
)

# Words that never tell two stories apart (compared after casefolding).
_CONTEXT_STOP_TEXT = """
    about above according across after again against all almost also although among and another any are around
    because been before being between both but can could did does doing down during each either even ever every
    few for from further had has have having her here hers herself him himself his how however into its itself
    just last least less like made make many may might more most much must near nearly new next not now off
    once one only other others our ours out over own per rather really reported reportedly reports said same
    says several she should since some still such than that the their theirs them themselves then there these
    they this those though three through thus told too two under until upon very was were what when where
    whether which while who whom whose why will with within without would yet you your yours yesterday today
    tomorrow week weeks month months year years day days monday tuesday wednesday thursday friday saturday
    sunday hundred hundreds thousand thousands million millions billion billions trillion dozen dozens half
"""
# Numbers spelt out are the figures themselves, never evidence of one story.
_CONTEXT_STOP_WORDS = frozenset(_CONTEXT_STOP_TEXT.split()) | NUMBER_WORDS
_CONTEXT_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class MatchConfig:
    """Every threshold the matcher uses. Never read from settings.

    Alias tables are merged over the built-in ones (the config wins).
    """

    place_alias_cutoff: float = 85.0  # rapidfuzz ratio on normalised place names
    speaker_alias_cutoff: float = 85.0  # rapidfuzz token_sort_ratio on normalised speakers
    # A transliteration skeleton match ("klitschko" ~ "klychko") also needs
    # at least this plain similarity, so short skeletons do not merge strangers.
    transliteration_floor: float = 70.0
    copy_sentence_cutoff: float = 92.0  # rapidfuzz ratio on normalised sentences
    event_date_window_days: int = 0
    published_lag_days: int = 1
    measure_tolerance: float = 0.015  # relative slack for converted measures (127 kg ~ 280 lb)
    comparable_kinds: frozenset[str] = frozenset({"count", "money", "percent", "measure"})
    toll_metrics: frozenset[str] = TOLL_METRICS
    updates_across_sources: bool = True
    # Count subjects that all mean "people": "2 killed" and "2 people killed" are one fact.
    generic_subjects: frozenset[str] = frozenset({"people", "person", "persons", "individual", "individuals"})
    place_aliases: Mapping[str, str] = field(default_factory=dict)
    speaker_aliases: Mapping[str, str] = field(default_factory=dict)
    metric_synonyms: Mapping[str, str] = field(default_factory=dict)
    # Metrics that only name a kind, a dimension or "people": they say nothing
    # about *what happened*, so on their own they do not make two figures one fact.
    vague_metrics: frozenset[str] = VAGUE_METRICS
    # Same-fact evidence from the two sentences, required when the fact key is
    # weak: the metric is vague or only the counted noun ("3 soldiers" and
    # "200 soldiers" in one story are rarely one fact), or a figure has no
    # date at all (it would otherwise meet its group across all time). The
    # sentences must share at least ``context_min_shared`` content words (not
    # stop words, numbers or the key's own metric, subject and place), and
    # that many must be at least ``context_min_overlap`` of the shorter one's
    # words and ``context_min_overlap_longer`` of the longer one's.
    context_min_shared: int = 2
    context_min_overlap: float = 0.5
    context_min_overlap_longer: float = 0.2
    # Under a weak key (vague or noun-only metric) the shared words must also
    # be this share of the *longer* sentence's: one story is not enough, the
    # sentences must say nearly the same thing.
    weak_context_min_overlap: float = 0.5
    # Under a strong key, this many shared content words show one story
    # whatever the sentences' lengths: two long accounts of one event share
    # names and details, not half of their words.
    context_enough_shared: int = 5
    undated_needs_context: bool = True


DEFAULT_CONFIG = MatchConfig()


def counted(figure_text: str) -> tuple[str | None, str | None]:
    """The side of a fight and the party (group or nationality) a figure's own words count.

    >>> counted("at least 25 Taliban militants"), counted("a police officer was killed")
    (('combatants', 'taliban'), ('security forces', None))
    >>> counted("nine Kurdish fighters"), counted("10 IS militants"), counted("two people were killed")
    (('combatants', 'kurdish'), ('combatants', 'isis'), (None, None))
    """
    # Two figures counting different sides ("a police officer was killed" / "25 militants
    # were killed") or parties ("nine Kurdish fighters" / "10 IS militants") are different
    # facts; a count that names neither ("12 people", "30 militants") meets any.
    side = party = None
    for word in _WORD.findall(figure_text):
        folded = word.casefold()
        side = SIDE_OF_WORD.get(folded, side)
        party = PARTY_OF_ACRONYM.get(word) or PARTY_OF_WORD.get(folded, party)
    return side, party


_WORD = re.compile(r"[^\W\d_]+")


def counted_side(figure_text: str) -> str | None:
    """The side a figure's own words count, if any (see :func:`counted`)."""
    return counted(figure_text)[0]


def counted_party(figure_text: str) -> str | None:
    """The group or nationality a figure's own words count, if any (see :func:`counted`)."""
    return counted(figure_text)[1]


def measured_thing(figure_text: str, sentence: str) -> str | None:
    """The noun a compound measure describes: "12-inch" in "a 12-inch laptop" measures a laptop.

    >>> measured_thing("12-inch", "It will launch a 12-inch MacBook Air in March.")
    'macbook'
    >>> measured_thing("12 inches", "The crab grows to 12 inches.") is None
    True
    """
    # Two sizes of two products ("12-inch laptop", "12.9-inch tablet") are two
    # facts even from one analyst; the key says only "distance in inches".
    if not _COMPOUND_MEASURE.search(figure_text):
        return None
    at = sentence.find(figure_text)
    if at < 0:
        return None
    following = _NEXT_WORD.match(sentence, at + len(figure_text))
    return _singular(following.group(1).casefold()) if following else None


_COMPOUND_MEASURE = re.compile(r"\d-[^\W\d_]+$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'-]*)")


@dataclass(frozen=True, slots=True)
class FactFigure:
    """One extracted figure with everything matching needs about its claim and article.

    ``low``/``high`` are the interval (``math.inf`` = unbounded); ``more_than``
    excludes ``low``, ``fewer_than`` and ``nearly`` exclude ``high``.
    ``published`` may be aware or naive; naive values are read as UTC.
    """

    id: int
    claim_id: int
    article_id: int
    source: str
    published: datetime | None
    speaker: str | None
    location: str | None
    event_date: date | None
    metric: str
    kind: str
    unit: str | None
    value: float
    low: float
    high: float
    qualifier: str
    sentence: str
    side: str | None = None  # who was counted, when the figure says (see counted_side)
    thing: str | None = None  # what a compound measure measures (see measured_thing)
    party: str | None = None  # the group or nationality counted (see counted_party)
    part_of: int | None = None  # id of the figure in the same claim this one is a part of ("72 of which")
    story_id: int | None = None  # the story (one event across outlets) its article belongs to

    @property
    def low_inclusive(self) -> bool:
        return self.qualifier != MORE_THAN

    @property
    def high_inclusive(self) -> bool:
        return self.qualifier not in (FEWER_THAN, NEARLY) and not math.isinf(self.high)

    @classmethod
    def from_claim(
        cls,
        figure: Figure,
        claim: Claim,
        *,
        id: int,
        claim_id: int,
        article_id: int,
        source: str,
        published: datetime | None,
    ) -> FactFigure:
        """Build from the extraction types; figures without a metric get ``""``."""
        return cls(
            id=id,
            claim_id=claim_id,
            article_id=article_id,
            source=source,
            published=published,
            speaker=claim.speaker,
            location=claim.location,
            event_date=claim.event_date,
            metric=figure.metric or "",
            kind=figure.kind,
            unit=figure.unit,
            value=figure.value,
            low=figure.low,
            high=figure.high,
            qualifier=figure.qualifier,
            sentence=claim.text,
        )


@dataclass(frozen=True)
class Finding:
    """Figures for one fact that disagree ("conflict"), revise ("update") or repeat ("copy")."""

    kind: FindingKind
    key: str
    metric: str
    location: str
    member_ids: tuple[int, ...]
    explanation: str


@dataclass(frozen=True)
class ArticleFinding:
    """An inconsistency inside one article; ``figures`` are (claim index, figure index) pairs."""

    kind: ArticleFindingKind
    figures: tuple[tuple[int, int], ...]
    explanation: str


@dataclass(frozen=True)
class IncrementalResult:
    """Every finding of every fact key the new figures touched.

    Callers replace their stored findings for ``block_keys`` with ``findings``;
    that is what makes re-running idempotent.
    """

    block_keys: tuple[str, ...]
    findings: list[Finding]


@dataclass(frozen=True)
class Chunk:
    """A share of the cross-check for one worker: whole groups, never half of one.

    ``config`` carries the place and speaker resolution made over *all*
    figures, so ``find_conflicts(<figures with figure_ids>, chunk.config)``
    on a worker gives exactly the findings the single-process run gives for
    ``block_keys``.
    """

    block_keys: tuple[str, ...]
    figure_ids: tuple[int, ...]
    config: MatchConfig


# --------------------------------------------------------------------------
# Names: normalisation, transliteration skeletons, alias resolution

_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"})
_APOSTROPHES = re.compile(r"['’`ʼ]")
_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Casefold, strip diacritics, punctuation and the article "the".

    >>> normalise_name("The  Ukrainian Military"), normalise_name("Lwów"), normalise_name("al-Budairi")
    ('ukrainian military', 'lwow', 'al budairi')
    """
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text))
    return " ".join(token for token in text.split() if token != "the")


# Order matters: longer clusters first. The result is only ever compared for
# equality, and only together with a plain-similarity floor.
_SKELETON_RULES = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "j"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("h", "g"),
    ("j", "y"),
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"([^\W\d_])\1+")


def skeleton(normalised: str) -> str:
    """A transliteration-blind key: consonant skeleton of each token.

    >>> skeleton("klitschko"), skeleton("klychko"), skeleton("al budairi"), skeleton("al badri")
    ('klk', 'klk', 'l bdr', 'l bdr')
    """
    tokens = []
    for token in normalised.split():
        for old, new in _SKELETON_RULES:
            token = token.replace(old, new)
        token = _DOUBLES.sub(r"\1", _VOWELS.sub("", token))
        if token:
            tokens.append(token)
    return " ".join(tokens)


_DIGITS = re.compile(r"\d+")


def _digits(normalised: str) -> str:
    return " ".join(_DIGITS.findall(normalised))


class AliasResolver:
    """Map spellings of one name to one canonical key, fuzzily and cached.

    Each distinct string is resolved once: alias table first, then the
    closest name seen so far (``rapidfuzz.process.extractOne`` with
    ``score_cutoff``), then a transliteration skeleton. A name that matches
    nothing becomes canonical itself. ``resolve_all`` resolves a batch in a
    fixed order (most frequent spelling first, then alphabetical), so the
    result does not depend on input order.

    >>> places = AliasResolver(PLACE_ALIASES)
    >>> [places.resolve(n) for n in ("Kyiv", "kyiv", "Kiev", "Kharkov", "Kharkiv")]
    ['kyiv', 'kyiv', 'kyiv', 'kharkiv', 'kharkiv']
    """

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        cutoff: float = 85.0,
        *,
        token_order_free: bool = False,
        floor: float = 70.0,
        surnames: bool = False,
    ) -> None:
        self.cutoff = cutoff
        self.floor = floor
        self._scorer: Callable[..., float] = fuzz.token_sort_ratio if token_order_free else fuzz.ratio
        self._surnames = surnames
        self._raw: dict[str, str] = {}
        self._norm: dict[str, str] = {}
        # Fuzzy candidates, split by the digits in the name: "District 9" and
        # "District 19" are close strings but never the same place.
        self._choices: dict[str, tuple[list[str], list[str]]] = {}
        self._skeletons: dict[str, str] = {}
        self._last_tokens: dict[str, str] = {}
        self._single_tokens: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        for key, target in sorted((aliases or {}).items()):
            nkey, ntarget = normalise_name(key), normalise_name(target)
            if nkey and ntarget:
                self._alias[nkey] = ntarget
        for nkey, ntarget in sorted(self._alias.items()):
            if ntarget not in self._norm:
                self._norm[ntarget] = ntarget
                self._register(ntarget)
            self._add_choice(nkey, ntarget)

    def __len__(self) -> int:
        return len(self._norm)

    def resolve(self, name: str | None) -> str:
        """Canonical key for ``name``; ``""`` for a missing or empty name."""
        if not name:
            return ""
        hit = self._raw.get(name)
        if hit is None:
            hit = self._raw[name] = self._resolve_normalised(normalise_name(name))
        return hit

    def resolve_all(self, names: Iterable[str | None]) -> None:
        """Resolve a batch, most frequent spelling first, so order of input does not matter."""
        counts: Counter[str] = Counter()
        raws: dict[str, str] = {}
        for name, count in Counter(n for n in names if n).items():
            if name in self._raw:
                continue
            norm = raws[name] = normalise_name(name)
            counts[norm] += count
        for norm, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            self._resolve_normalised(norm)
        for name, norm in raws.items():
            self._raw[name] = self._norm[norm] if norm else ""

    def mapping(self, names: Iterable[str | None]) -> dict[str, str]:
        """Normalised spelling -> canonical key for ``names`` (already resolved ones)."""
        out: dict[str, str] = {}
        for name in names:
            if name:
                norm = normalise_name(name)
                if norm:
                    out[norm] = self._resolve_normalised(norm)
        return out

    def _resolve_normalised(self, norm: str) -> str:
        if not norm:
            return ""
        hit = self._norm.get(norm)
        if hit is not None:
            return hit
        canonical = self._alias.get(norm) or self._fuzzy(norm) or norm
        if canonical not in self._norm:
            self._norm[canonical] = canonical
            self._register(canonical)
        self._norm[norm] = canonical
        if canonical != norm:
            # Later variants can match this spelling too ("Kharkov" -> "Kharkow").
            self._add_choice(norm, canonical)
        return canonical

    def _add_choice(self, spelling: str, canonical: str) -> None:
        choices, targets = self._choices.setdefault(_digits(spelling), ([], []))
        choices.append(spelling)
        targets.append(canonical)

    def _register(self, canonical: str) -> None:
        self._add_choice(canonical, canonical)
        sk = skeleton(canonical)
        self._skeletons.setdefault(sk, canonical)
        if self._surnames and canonical.split()[-1] not in _NOT_SURNAMES:
            tokens = sk.split()
            if len(tokens) == 1:
                self._single_tokens.setdefault(tokens[0], canonical)
            elif tokens:
                self._last_tokens.setdefault(tokens[-1], canonical)

    def _fuzzy(self, norm: str) -> str | None:
        choices, targets = self._choices.get(_digits(norm), ((), ()))
        if choices:
            match = process.extractOne(norm, choices, scorer=self._scorer, score_cutoff=self.cutoff)
            if match is not None:
                return targets[match[2]]
        sk = skeleton(norm)
        if len(sk.replace(" ", "")) >= 3:
            candidate = self._skeletons.get(sk)
            if candidate is not None and self._scorer(norm, candidate) >= self.floor:
                return candidate
        if self._surnames and norm.split()[-1] not in _NOT_SURNAMES:
            tokens = sk.split()
            if tokens and len(tokens[-1]) >= 3:
                if len(tokens) == 1:
                    return self._last_tokens.get(tokens[0])
                return self._single_tokens.get(tokens[-1])
        return None


def place_resolver(config: MatchConfig = DEFAULT_CONFIG) -> AliasResolver:
    """The place resolver a config describes: built-in exonyms plus ``config.place_aliases``."""
    return AliasResolver(
        {**PLACE_ALIASES, **config.place_aliases},
        config.place_alias_cutoff,
        floor=config.transliteration_floor,
    )


def speaker_resolver(config: MatchConfig = DEFAULT_CONFIG) -> AliasResolver:
    """Speakers: order-free token similarity, skeletons, and bare surnames ("Klitschko")."""
    return AliasResolver(
        {**SPEAKER_ALIASES, **config.speaker_aliases},
        config.speaker_alias_cutoff,
        token_order_free=True,
        floor=config.transliteration_floor,
        surnames=True,
    )


def canonical_place(name: str | None, known: Iterable[str] = (), config: MatchConfig = DEFAULT_CONFIG) -> str:
    """Canonical key of a place, given the names already known.

    For many names keep one :class:`AliasResolver` instead: it caches.

    >>> canonical_place("Kiev"), canonical_place("Kharkow", known=["Kharkiv"]), canonical_place(None)
    ('kyiv', 'kharkiv', '')
    """
    resolver = place_resolver(config)
    resolver.resolve_all(known)
    return resolver.resolve(name)


# --------------------------------------------------------------------------
# Preparing figures: units, keys, dates

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_ORDINAL = date.max.toordinal()
_METRIC_SPLIT = re.compile(r"[^\w%$€£]+")


def _timestamp(moment: datetime | None) -> float | None:
    """Seconds since the epoch; naive datetimes are read as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return (moment - _EPOCH_NAIVE).total_seconds()
    return (moment - _EPOCH).total_seconds()


def _day_of(ts: float) -> int:
    return min(max(_EPOCH_ORDINAL + math.floor(ts / 86400.0), 1), _MAX_ORDINAL)


def _normalise_token_list(text: str) -> list[str]:
    return [t for t in _METRIC_SPLIT.split(text.casefold().replace("_", " ")) if t]


_Signature = tuple[float, float, bool, bool, float]


def _by_order(entry: _Entry) -> tuple[bool, float, int]:
    return entry.order


_Said = tuple[str | None, str | None, str | None]


@dataclass(slots=True, eq=False)
class _Entry:
    """A figure prepared for comparison: converted interval, resolved names, day."""

    fig: FactFigure
    group: tuple[str, str, str]  # (metric, place, subject)
    lo: float
    hi: float
    lo_in: bool
    hi_in: bool
    tol: float
    ts: float | None
    day: int | None
    explicit: bool  # day comes from an event date rather than publication
    speaker: str
    source: str
    order: tuple[bool, float, int]  # publication time, undated last, then id
    said: _Said | None  # (side, party, thing) the figure names, None when it names none
    norm_sentence: str | None = None
    context: frozenset[str] | None = None

    @property
    def signature(self) -> _Signature:
        return (self.lo, self.hi, self.lo_in, self.hi_in, self.tol)


class _Preparer:
    """Caches per distinct metric/unit string; one per index."""

    def __init__(self, config: MatchConfig, places: AliasResolver, speakers: AliasResolver) -> None:
        self.config = config
        self.places = places
        self.speakers = speakers
        self._synonyms = {**METRIC_SYNONYMS, **config.metric_synonyms}
        self._metrics: dict[str, str] = {}
        self._meaningless: set[str] = set()
        self._subjects: dict[tuple[str, str | None], str] = {}
        self._sources: dict[str, str] = {}
        self._units: dict[tuple[str, str | None], tuple[float, float, float, float, str]] = {}
        self._comparable = config.comparable_kinds
        self._group_cache: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self._place_cache = places._raw
        self._speaker_cache = speakers._raw

    def metric(self, metric: str) -> str:
        hit = self._metrics.get(metric)
        if hit is None:
            tokens = [self._synonyms.get(t, t) for t in _normalise_token_list(metric)]
            hit = self._metrics[metric] = " ".join(tokens)
            if not any(len(t) > 1 and not t.isdigit() for t in tokens):
                self._meaningless.add(hit)  # "s", "u", "2": debris of abbreviations, not a metric
        return hit

    def subject(self, kind: str, canonical_unit: str | None) -> str:
        cache_key = (kind, canonical_unit)
        hit = self._subjects.get(cache_key)
        if hit is None:
            if not canonical_unit:
                hit = ""
            elif kind == "count":
                tokens = _normalise_token_list(canonical_unit)
                if tokens:
                    # The same singular as the metric's ("studies" -> "study", not "studie"),
                    # so a key counting its own noun is recognised as a noun-only key.
                    tokens[-1] = _singular(tokens[-1])
                hit = " ".join(tokens)
                if hit in self.config.generic_subjects or hit + "s" in self.config.generic_subjects:
                    hit = ""
            else:
                hit = canonical_unit.replace("|", "/").strip()
            self._subjects[cache_key] = hit
        return hit

    def unit(self, kind: str, unit: str | None) -> tuple[float, float, float, float, str]:
        """(shift, factor, divisor, tolerance, subject) for a kind and unit spelling, cached."""
        cache_key = (kind, unit)
        hit = self._units.get(cache_key)
        if hit is None:
            shift, factor, divisor, canonical = units.conversion(unit, kind)
            physical = units.dimension(unit, kind) in (units.MASS, units.LENGTH, units.DURATION, units.TEMPERATURE)
            tol = self.config.measure_tolerance if kind == "measure" or physical else 0.0
            hit = self._units[cache_key] = (shift, factor, divisor, tol, self.subject(kind, canonical))
        return hit

    def source(self, source: str) -> str:
        hit = self._sources.get(source)
        if hit is None:
            hit = self._sources[source] = " ".join(source.casefold().split())
        return hit

    def prepare(self, fig: FactFigure) -> _Entry | None:
        """None for figures that are not comparable facts (kinds, NaN, no metric).

        The hot loop of a full run: every spelling-dependent step is a dict hit.
        """
        kind = fig.kind
        if kind not in self._comparable:
            return None
        metric = self._metrics.get(fig.metric)
        if metric is None:
            metric = self.metric(fig.metric)
        if not metric or metric in self._meaningless:
            return None
        low, high = float(fig.low), float(fig.high)
        if low != low or high != high:  # NaN
            return None
        converted = self._units.get((kind, fig.unit))
        if converted is None:
            converted = self.unit(kind, fig.unit)
        shift, factor, divisor, tol, subject = converted
        if factor == 1.0 and shift == 0.0 and divisor == 1.0:
            lo, hi = low, high
        else:
            lo, hi = (low + shift) * factor / divisor, (high + shift) * factor / divisor
        qualifier = fig.qualifier
        lo_in = qualifier != MORE_THAN and lo != -math.inf
        hi_in = qualifier != FEWER_THAN and qualifier != NEARLY and hi != math.inf
        if lo > hi:
            lo, hi, lo_in, hi_in = hi, lo, hi_in, lo_in
        published = fig.published
        ts = None if published is None else _timestamp(published)
        event_date = fig.event_date
        if event_date is not None:
            day: int | None = event_date.toordinal()
            explicit = True
        else:
            day = None if ts is None else _day_of(ts)
            explicit = False
        location = fig.location
        place = (self._place_cache.get(location) or self.places.resolve(location)) if location else ""
        group = (metric, place, subject)
        group = self._group_cache.setdefault(group, group)  # one tuple per group, not per figure
        speaker = fig.speaker
        source = self._sources.get(fig.source)
        return _Entry(
            fig,
            group,
            lo,
            hi,
            lo_in,
            hi_in,
            tol,
            ts,
            day,
            explicit,
            (self._speaker_cache.get(speaker) or self.speakers.resolve(speaker)) if speaker else "",
            source if source is not None else self.source(fig.source),
            (ts is None, ts or 0.0, fig.id),
            None if fig.side is None and fig.party is None and fig.thing is None else (fig.side, fig.party, fig.thing),
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of acyclic objects.

    Full collections rescan every live object each time the heap grows by a
    quarter; for a large index that doubles the cost of inserting. Nothing
    built here forms reference cycles, and the previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _unit_key(group: tuple[str, str, str], day: int | None) -> str:
    metric, place, subject = group
    when = date.fromordinal(day).isoformat() if day is not None else UNDATED
    key = f"{metric}|{place}|{when}"
    return f"{key}|{subject}" if subject else key


def block_key(fig: FactFigure, places: AliasResolver, config: MatchConfig = DEFAULT_CONFIG) -> str:
    """The fact key a figure is blocked under: ``metric|place|day[|subject]``.

    ``day`` is the event date, else the publication date (UTC), else "undated".
    Figures of kinds that are never compared get a key all the same.

    >>> from datetime import date
    >>> f = FactFigure(1, 1, 1, "Wire", None, None, "Kiev", date(2024, 1, 2), "killed", "count", "people",
    ...                2, 2, 2, "exact", "Two people were killed.")
    >>> block_key(f, AliasResolver(PLACE_ALIASES))
    'killed|kyiv|2024-01-02'
    """
    preparer = _Preparer(replace(config, comparable_kinds=frozenset({fig.kind})), places, speaker_resolver(config))
    entry = preparer.prepare(fig)
    if entry is None:
        metric = preparer.metric(fig.metric)
        return _unit_key((metric, places.resolve(fig.location), ""), None)
    return _unit_key(entry.group, entry.day)


# --------------------------------------------------------------------------
# Comparing


def _compatible(a: _Entry, b: _Entry) -> bool:
    """Can both intervals hold at once? Open ends respected; converted measures get slack."""
    if a.lo > b.lo:
        lo, lo_in = a.lo, a.lo_in
    elif b.lo > a.lo:
        lo, lo_in = b.lo, b.lo_in
    else:
        lo, lo_in = a.lo, a.lo_in and b.lo_in
    if a.hi < b.hi:
        hi, hi_in = a.hi, a.hi_in
    elif b.hi < a.hi:
        hi, hi_in = b.hi, b.hi_in
    else:
        hi, hi_in = a.hi, a.hi_in and b.hi_in
    if lo < hi:
        return True
    if lo == hi:
        return (lo_in and hi_in) or max(a.tol, b.tol) > 0
    tol = max(a.tol, b.tol)
    return tol > 0 and not math.isinf(lo) and lo - hi <= tol * max(abs(lo), abs(hi))


def _singular(token: str) -> str:
    """Crude English singular, good enough to compare words: "watches" -> "watch", "cities" -> "city"."""
    if len(token) <= 3 or not token.endswith("s") or token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "xes", "zes")):
        return token[:-2]
    return token[:-1]


KeyStrength = Literal["strong", "noun", "vague"]


def key_strength(group: tuple[str, str, str], config: MatchConfig = DEFAULT_CONFIG) -> KeyStrength:
    """How well does the fact key ``(metric, place, subject)`` pin down one fact?

    ``"strong"``: the metric says what happened ("killed", "missiles
    launched"). ``"noun"``: it only names the counted thing ("troops"
    counting troops): "3 soldiers went missing" and "200 soldiers took part"
    share it. ``"vague"``: it names only a kind or dimension ("money",
    "percent", "distance", "people").

    >>> [key_strength(g) for g in [("killed", "kyiv", ""), ("troops", "", "troop"), ("money", "", "USD")]]
    ['strong', 'noun', 'vague']
    """
    metric, _, subject = group
    tokens = [_singular(t) for t in metric.split()]
    if not tokens or metric in config.vague_metrics or all(t in config.vague_metrics for t in tokens):
        return "vague"
    counted = {form for t in _normalise_token_list(subject) for form in (t, _singular(t))}
    return "noun" if set(tokens) <= counted else "strong"


def context_words(sentence: str, exclude: Iterable[str] = ()) -> frozenset[str]:
    """Content words of a sentence: casefolded, singular, no stop words, numbers or ``exclude``.

    >>> sorted(context_words("Kuo predicts Apple will ship 2.8 million watches in 2015.", ["watch"]))
    ['apple', 'kuo', 'predict', 'ship']
    """
    return _content_words(sentence, frozenset(form for t in exclude for form in (t, _singular(t))))


def _content_words(sentence: str, skip: frozenset[str]) -> frozenset[str]:
    singular = _singular_cached
    words = set()
    for token in _CONTEXT_WORD.findall(sentence.casefold()):
        if token in _CONTEXT_STOP_WORDS or token in skip or token[:-1] in skip:
            continue
        token = singular(token)
        if token not in skip and token not in _CONTEXT_STOP_WORDS:
            words.add(token)
    return frozenset(words)


# Words repeat across millions of sentences: each is made singular once.
_singular_cached = functools.lru_cache(maxsize=1 << 16)(_singular)


@functools.lru_cache(maxsize=1 << 14)
def _group_skip(group: tuple[str, str, str]) -> frozenset[str]:
    """The words a fact key already holds, never context: its metric (and the words naming it), place, subject."""
    metric, place, subject = group
    named = [form for token in metric.split() for form in _METRIC_FORMS.get(token, ())]
    exclude = [*metric.split(), *named, *place.split(), *subject.split(), *_GENERIC_WORDS]
    return frozenset(form for t in exclude for form in (t, _singular(t)))


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"})


def _metric_forms() -> dict[str, frozenset[str]]:
    """Metric -> the words that name it ("killed" -> dead, died, killing, ...)."""
    forms: dict[str, set[str]] = {}
    for table in (METRIC_WORDS, METRIC_VERBS_BEFORE, METRIC_SYNONYMS):
        for word, metric in table.items():
            forms.setdefault(metric, {metric}).add(word)
    return {metric: frozenset(words) for metric, words in forms.items()}


# The words that name a metric say what is counted, which the key already
# holds: "25 dead" and "killed 40" share the metric, not the story.
_METRIC_FORMS = _metric_forms()

# What a generic subject ("2 killed", "2 people killed") counts: never evidence of one story.
_GENERIC_WORDS = ("people", "person", "persons", "individual", "individuals")


def _named(speaker: str) -> bool:
    """A resolved speaker that names someone, not a pronoun the extractor left unresolved."""
    return bool(speaker) and speaker not in _PRONOUNS


def _context(entry: _Entry) -> frozenset[str]:
    if entry.context is None:
        entry.context = _content_words(entry.fig.sentence, _group_skip(entry.group))
    return entry.context


def same_story(
    a: frozenset[str], b: frozenset[str], config: MatchConfig = DEFAULT_CONFIG, *, weak: bool = False
) -> bool:
    """Do two sentences' content words show they report one story?

    >>> a = context_words("The rebels shot down two helicopters near the dam", ["helicopter"])
    >>> b = context_words("Rebels say they shot down four helicopters", ["helicopter"])
    >>> c = context_words("The airline bought four helicopters last spring", ["helicopter"])
    >>> same_story(a, b), same_story(a, c)
    (True, False)
    """
    if len(a) > len(b):
        a, b = b, a
    if len(a) < config.context_min_shared:
        return False
    shared = len(a & b)
    if not weak and shared >= max(config.context_enough_shared, config.context_min_shared):
        return True
    return (
        shared >= config.context_min_shared
        and shared >= config.context_min_overlap * len(a)
        and shared >= (config.weak_context_min_overlap if weak else config.context_min_overlap_longer) * len(b)
    )


def _dates_compatible(a: _Entry, b: _Entry, config: MatchConfig) -> bool:
    if a.day is None or b.day is None:
        return True
    window = config.event_date_window_days
    if a.explicit == b.explicit:
        return abs(a.day - b.day) <= window
    event, published = (a, b) if a.explicit else (b, a)
    assert event.day is not None and published.day is not None
    return published.day - config.published_lag_days - window <= event.day <= published.day + window


def _sentence_key(entry: _Entry) -> str:
    if entry.norm_sentence is None:
        entry.norm_sentence = " ".join(default_process(entry.fig.sentence).split())
    return entry.norm_sentence


def _number(x: float) -> str:
    if math.isinf(x):
        return "unbounded"
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}"


_QUALIFIER_WORDS = {
    EXACT: "",
    AT_LEAST: "at least",
    MORE_THAN: "more than",
    AT_MOST: "at most",
    FEWER_THAN: "fewer than",
    ABOUT: "about",
    NEARLY: "nearly",
}


# "1 people killed" reads "1 person killed".
_ONE_OF = {"people": "person", "units": "unit", "missiles": "missile", "drones": "drone", "troops": "soldier"}


def _describe(fig: FactFigure) -> str:
    """ "about 70 missiles launched", "between 10 and 12 km", "at least 5 people killed"."""
    if fig.qualifier == RANGE:
        amount = f"between {_number(fig.low)} and {_number(fig.high)}"
    else:
        amount = f"{_QUALIFIER_WORDS.get(fig.qualifier, '')} {_number(fig.value)}".strip()
    words = [amount]
    metric = fig.metric.strip().replace("_", " ")  # "missiles_launched" is stored; editors read words
    if fig.unit and fig.unit.casefold().rstrip("s") not in metric.casefold():
        one = fig.qualifier in (EXACT, ABOUT) and fig.value == 1
        words.append(_ONE_OF.get(fig.unit, fig.unit) if one else fig.unit)
    if metric:
        words.append(metric)
    return " ".join(words)


def _who(entry: _Entry) -> str:
    return entry.fig.speaker or entry.fig.source or "an unnamed source"


def _names(entries: Sequence[_Entry]) -> tuple[str, bool]:
    """Distinct speakers in order, "A, B and 2 others"; second value: plural?"""
    names: list[str] = []
    for entry in entries:
        name = _who(entry)
        if name not in names:
            names.append(name)
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} others", True
    if len(names) > 1:
        return f"{', '.join(names[:-1])} and {names[-1]}", True
    return names[0], False


def _when(entry: _Entry) -> str:
    if entry.ts is None:
        return "an unknown time"
    try:
        return (_EPOCH + timedelta(seconds=entry.ts)).strftime("%Y-%m-%d %H:%M UTC")
    except OverflowError:
        return "an unknown time"


def _is_toll(metric: str, config: MatchConfig) -> bool:
    return any(token in config.toll_metrics for token in metric.split())


def _finding(kind: FindingKind, key: str, group: tuple[str, str, str], members: Iterable[_Entry], text: str) -> Finding:
    return Finding(
        kind=kind,
        key=key,
        metric=group[0],
        location=group[1],
        member_ids=tuple(sorted({e.fig.id for e in members})),
        explanation=text,
    )


def _totals_only(bucket: Sequence[_Entry]) -> list[_Entry]:
    """Keep, per article and speaker, only the largest figure of a fact.

    One speaker giving several values for one fact in one article is a
    breakdown ("99 missiles: 12 S-300, 3 Kalibr, ..."), not a disagreement:
    its parts are checked against its total by :func:`check_article`, and only
    the total meets other sources. Different speakers in one article still
    meet each other.

    >>> from datetime import datetime
    >>> figs = [FactFigure(i, i, 1, "Wire", None, "the air force", "Kyiv", None, "missiles_launched", "count",
    ...                    "missiles", v, v, v, "exact", "s") for i, v in enumerate([99, 12, 3])]
    >>> index = BlockIndex(); _ = index.add(figs); index.findings()
    []
    """
    best: dict[tuple[int, str], _Entry] = {}
    for entry in bucket:
        key = (entry.fig.article_id, entry.speaker)
        held = best.get(key)
        if held is None or (entry.hi, entry.lo) > (held.hi, held.lo):
            best[key] = entry
    if len(best) == len(bucket):
        return list(bucket)
    kept = {id(e) for e in best.values()}
    return [e for e in bucket if id(e) in kept]


def _origins(bucket: Sequence[_Entry], config: MatchConfig) -> tuple[list[_Entry], list[list[_Entry]]]:
    """Collapse republished copies inside one day bucket.

    Copies must carry the same interval *and* a near-identical sentence:
    "Two people were killed" and "Five people were killed" are close as
    strings but are different reports. Returns the origins (earliest of each
    cluster) and the clusters with more than one member.
    """
    if len(bucket) < 2:
        return list(bucket), []
    ordered = sorted(bucket, key=_by_order)
    by_signature: dict[_Signature, list[_Entry]] = {}
    for entry in ordered:
        by_signature.setdefault(entry.signature, []).append(entry)
    if len(by_signature) == len(ordered):
        return ordered, []  # copies carry the same figure: no two here do
    origins: list[_Entry] = []
    copies: list[list[_Entry]] = []
    for same in by_signature.values():
        if len(same) == 1:
            origins.append(same[0])
            continue
        representatives: list[str] = []
        clusters: list[list[_Entry]] = []
        seen: dict[str, int] = {}
        for entry in same:
            sentence = _sentence_key(entry)
            index = seen.get(sentence) if sentence else None
            if index is None and sentence and representatives:
                match = process.extractOne(
                    sentence, representatives, scorer=fuzz.ratio, score_cutoff=config.copy_sentence_cutoff
                )
                if match is not None:
                    index = match[2]
            if index is None:
                index = len(clusters)
                representatives.append(sentence)
                clusters.append([])
            if sentence:
                seen[sentence] = index
            clusters[index].append(entry)
        for cluster in clusters:
            origins.append(cluster[0])
            if len(cluster) > 1:
                copies.append(cluster)
    origins.sort(key=_by_order)
    return origins, copies


def _copy_finding(key: str, group: tuple[str, str, str], cluster: list[_Entry]) -> Finding | None:
    sources: list[str] = []
    for entry in cluster:
        if entry.fig.source not in sources:
            sources.append(entry.fig.source)
    if len({entry.source for entry in cluster}) < 2:
        return None  # one outlet repeating itself is not syndication
    if len(sources) > 4:
        outlets = f"{', '.join(sources[:3])} and {len(sources) - 3} other outlets"
    else:
        outlets = f"{', '.join(sources[:-1])} and {sources[-1]}"
    first = cluster[0]
    text = (
        f"The same sentence ({_describe(first.fig)}) was published by {outlets}: "
        f"one origin ({first.fig.source}, earliest), not independent confirmation."
    )
    return _finding("copy", key, group, cluster, text)


class _Tally:
    """Disagreements found in one fact key, kept as ranges of versions.

    A version is the list of origins sharing one interval, sorted by
    publication time (undated last). Which members of a version take part in
    a conflict or an update is always a prefix and/or a suffix of that list,
    so each disagreeing pair of versions costs a couple of binary searches,
    not a walk over their members.
    """

    def __init__(self, config: MatchConfig, toll: bool) -> None:
        self.config = config
        self.toll = toll
        # id(version) -> [version, dated count, conflict prefix end, conflict suffix start,
        #                  update prefix end, update start (up to the dated count)]
        self.ranges: dict[int, list[Any]] = {}
        self.loose_conflicts: dict[int, _Entry] = {}
        self.loose_updates: dict[int, _Entry] = {}
        # Figure-by-figure conflicts link only the two figures compared: one finding
        # per connected group, so two stories under one loose key are never chained.
        self.linked: dict[int, int] = {}

    def _record(self, version: list[_Entry]) -> list[Any]:
        record = self.ranges.get(id(version))
        if record is None:
            dated = sum(1 for e in version if e.ts is not None)
            record = self.ranges[id(version)] = [version, dated, 0, len(version), 0, dated]
        return record

    def disagree(self, lower: list[_Entry], upper: list[_Entry]) -> None:
        """Every figure of ``lower`` is below every figure of ``upper``."""
        low, high = self._record(lower), self._record(upper)
        if not self.toll:
            low[2] = high[2] = max(len(lower), len(upper))
            return
        if not self.config.updates_across_sources:
            for x in lower:
                for y in upper:
                    same = (bool(x.speaker) and x.speaker == y.speaker) or x.source == y.source
                    if same and x.ts is not None and y.ts is not None and y.ts > x.ts:
                        self.loose_updates[x.fig.id] = x
                        self.loose_updates[y.fig.id] = y
                    else:
                        self.loose_conflicts[x.fig.id] = x
                        self.loose_conflicts[y.fig.id] = y
                        self._link(x.fig.id, y.fig.id)
            return
        # A pair is an update when the larger figure was published later;
        # anything else (earlier, same time, unknown time) is a conflict.
        low_dated, high_dated = low[1], high[1]
        low_times = [e.ts for e in lower if e.ts is not None]  # the dated prefix, ascending
        high_times = [e.ts for e in upper if e.ts is not None]
        first_high = high_times[0] if high_times else math.inf
        last_low = low_times[-1] if low_times else -math.inf
        # lower figures published at or after the first higher one (and the undated ones)
        conflict_from = 0 if high_dated < len(upper) else bisect.bisect_left(low_times, first_high)
        if conflict_from < len(lower):
            low[3] = min(low[3], conflict_from)
            if low_dated < len(lower):
                high[2] = len(upper)
            else:
                high[2] = max(high[2], bisect.bisect_right(high_times, last_low))
                high[3] = min(high[3], high_dated)
        # lower figures published before the last higher one, higher ones after the first lower one
        if low_times and high_times and high_times[-1] > low_times[0]:
            low[4] = max(low[4], bisect.bisect_left(low_times, high_times[-1]))
            high[5] = min(high[5], bisect.bisect_right(high_times, low_times[0]))

    def disagree_pair(self, lower: _Entry, upper: _Entry) -> None:
        """One figure below another (for comparisons decided figure by figure)."""
        update = False
        if self.toll and lower.ts is not None and upper.ts is not None and upper.ts > lower.ts:
            same = (bool(lower.speaker) and lower.speaker == upper.speaker) or lower.source == upper.source
            update = self.config.updates_across_sources or same
        held = self.loose_updates if update else self.loose_conflicts
        held[lower.fig.id] = lower
        held[upper.fig.id] = upper
        if not update:
            self._link(lower.fig.id, upper.fig.id)

    def _root(self, fid: int) -> int:
        linked = self.linked
        parent = linked.setdefault(fid, fid)
        while parent != fid:
            grand = linked[parent]  # a parent is always a key: _link only points roots at roots
            linked[fid] = grand  # path halving
            fid, parent = parent, grand
        return fid

    def _link(self, a: int, b: int) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self.linked[max(ra, rb)] = min(ra, rb)

    def _conflict_groups(self, conflicted: dict[int, _Entry]) -> list[list[_Entry]]:
        """Conflicting figures split into groups that disagree with each other.

        Figures caught by whole-version comparisons (one story by their key)
        form one group with everything linked to them; figures compared one
        by one are grouped only through the pairs that disagreed.
        """
        ranged = [fid for fid in conflicted if fid not in self.loose_conflicts]
        for fid in ranged[1:]:
            self._link(ranged[0], fid)
        groups: dict[int, list[_Entry]] = {}
        for fid, entry in conflicted.items():
            groups.setdefault(self._root(fid), []).append(entry)
        return [groups[root] for root in sorted(groups)]

    def findings(self, key: str, group: tuple[str, str, str]) -> list[Finding]:
        """One update finding and one conflict finding per group of figures that disagree, per fact key."""
        conflicted: dict[int, _Entry] = dict(self.loose_conflicts)
        updated: dict[int, _Entry] = dict(self.loose_updates)
        for version, dated, conflict_to, conflict_from, update_to, update_from in self.ranges.values():
            for e in version[:conflict_to]:
                conflicted[e.fig.id] = e
            for e in version[conflict_from:]:
                conflicted[e.fig.id] = e
            for e in version[:update_to]:
                updated[e.fig.id] = e
            for e in version[update_from:dated]:
                updated[e.fig.id] = e
        findings: list[Finding] = []
        for members in self._conflict_groups(conflicted) if conflicted else []:
            versions = _versions(sorted(members, key=_by_order))
            versions.sort(key=lambda v: v[0].order)
            said = []
            for version in versions[:4]:
                names, plural = _names(version)
                said.append(f"{names} {'say' if plural else 'says'} {_describe(version[0].fig)}")
            if len(versions) > 4:
                said.append(f"{len(versions) - 4} other figures differ again")
            verdict = "these cannot both hold." if len(versions) == 2 else "these cannot all hold."
            findings.append(_finding("conflict", key, group, members, f"{'; '.join(said)}: {verdict}"))
        if updated:
            reports = sorted(updated.values(), key=_by_order)
            steps = [f"{_who(e)} reported {_describe(e.fig)} at {_when(e)}" for e in reports[:4]]
            if len(reports) > 4:
                steps.append(f"{len(reports) - 4} more reports followed")
            text = f"{', then '.join(steps)}: a later, larger toll is an update, not a conflict."
            findings.append(_finding("update", key, group, reports, text))
        return findings


def _said(version: list[_Entry]) -> _Said | None:
    """What all members of a version name (None in a place where one names nothing, or they differ)."""
    first = version[0].said
    if first is None:
        return None
    common = tuple(
        value if all(e.said is not None and e.said[i] == value for e in version) else None
        for i, value in enumerate(first)
    )
    return None if common == (None, None, None) else (common[0], common[1], common[2])


def _said_apart(x: _Said, y: _Said) -> bool:
    """Two figures naming a different side, party or measured thing ("3 soldiers" / "40 militants")."""
    return any(p is not None and q is not None and p != q for p, q in zip(x, y, strict=True))


def _apart(a: _Entry, b: _Entry) -> bool:
    """Do two figures say they count different things? One that does not say ("12 people") meets any."""
    x, y = a.said, b.said
    return x is not None and y is not None and x != y and _said_apart(x, y)


def _versions_apart(a: list[_Entry], b: list[_Entry]) -> bool:
    """Do two versions count different things ("3 soldiers killed" / "40 militants killed")?

    Such figures are two facts, never a conflict. A version with a member that
    does not say ("12 people killed") meets any other.
    """
    if not _apart(a[0], b[0]):
        return False
    x, y = _said(a), _said(b)
    return x is not None and y is not None and _said_apart(x, y)


def _versions(entries: Iterable[_Entry]) -> list[list[_Entry]]:
    """Entries (sorted by order) grouped by interval, each group still sorted."""
    by_signature: dict[_Signature, list[_Entry]] = {}
    for entry in entries:
        by_signature.setdefault(entry.signature, []).append(entry)
    return list(by_signature.values())


# --------------------------------------------------------------------------
# The index: blocks held in memory, findings per block


_Buckets = dict[int | None, list[_Entry]]


class BlockIndex:
    """Figures blocked by fact key, for full and incremental cross-checks.

    Adding figures costs time proportional to the figures added; findings
    are recomputed only for the blocks they touched. A figure whose id is
    already present replaces the old one, so re-adding is idempotent.

    >>> index = BlockIndex()
    >>> keys = index.add([])
    >>> index.findings(keys)
    []
    """

    def __init__(self, config: MatchConfig = DEFAULT_CONFIG) -> None:
        self.config = config
        self.places = place_resolver(config)
        self.speakers = speaker_resolver(config)
        self._preparer = _Preparer(config, self.places, self.speakers)
        self._groups: dict[tuple[str, str, str], _Buckets] = {}
        self._where: dict[int, _Entry] = {}
        self._keys: dict[str, tuple[tuple[str, str, str], int | None]] = {}
        #: Interval comparisons made so far: the cost that blocking keeps down.
        self.comparisons = 0
        self._worded_cache: dict[int, tuple[list[_Entry], list[tuple[_Entry, frozenset[str]]]]] = {}

    def __len__(self) -> int:
        return len(self._where)

    @property
    def reach(self) -> int:
        return max(0, self.config.published_lag_days) + max(0, self.config.event_date_window_days)

    def add(self, figures: Iterable[FactFigure]) -> tuple[str, ...]:
        """Add (or replace, by id) figures; returns the sorted fact keys whose findings may change."""
        with _gc_paused():
            return self._expand(self._insert(figures))

    def _insert(self, figures: Iterable[FactFigure]) -> set[tuple[tuple[str, str, str], int | None]]:
        batch: dict[int, FactFigure] = {}
        for fig in figures:
            batch[fig.id] = fig  # the last one with an id wins
        self.places.resolve_all(f.location for f in batch.values())
        self.speakers.resolve_all(f.speaker for f in batch.values())
        touched: set[tuple[tuple[str, str, str], int | None]] = set()
        for fig in batch.values():
            old = self._where.pop(fig.id, None)
            if old is not None:
                self._remove(old)
                touched.add((old.group, old.day))
            entry = self._preparer.prepare(fig)
            if entry is None:
                continue
            self._where[fig.id] = entry
            self._groups.setdefault(entry.group, {}).setdefault(entry.day, []).append(entry)
            touched.add((entry.group, entry.day))
        return touched

    def _remove(self, entry: _Entry) -> None:
        buckets = self._groups[entry.group]
        bucket = buckets[entry.day]
        bucket.remove(entry)
        if not bucket:
            del buckets[entry.day]
            if not buckets:
                del self._groups[entry.group]

    def _expand(self, touched: set[tuple[tuple[str, str, str], int | None]]) -> tuple[str, ...]:
        """Buckets changed -> fact keys whose findings depend on them."""
        reach = self.reach
        units: set[tuple[tuple[str, str, str], int | None]] = set()
        for group, day in touched:
            buckets = self._groups.get(group)
            if buckets is None:
                units.add((group, day))  # the group is gone: its old findings must go too
                continue
            if day is None:
                units.update((group, d) for d in buckets)  # date-less figures meet every day
                units.add((group, None))
                continue
            units.update((group, d) for d in range(day - reach, day + 1) if d in buckets)
            units.add((group, day))
        keys = []
        for group, day in units:
            key = _unit_key(group, day)
            self._keys[key] = (group, day)
            keys.append(key)
        return tuple(sorted(keys))

    def block_keys(self) -> tuple[str, ...]:
        """Every fact key in the index, sorted."""
        return self._expand({(group, day) for group, buckets in self._groups.items() for day in buckets})

    def groups(self) -> list[tuple[tuple[str, str, str], int]]:
        """(group, number of figures) for every group: the unit of work for chunking."""
        return [(group, sum(len(b) for b in buckets.values())) for group, buckets in self._groups.items()]

    def group_figures(self, group: tuple[str, str, str]) -> list[FactFigure]:
        return [entry.fig for bucket in self._groups.get(group, {}).values() for entry in bucket]

    def explain(self, a_id: int, b_id: int, findings: Sequence[Finding] | None = None) -> str:
        """Why two figures of the index are, or are not, reported as one conflict (a diagnostic).

        Walks the same rules as the cross-check, in its order: comparable at
        all, same fact key (metric, place, subject), intervals, dates, one
        article's breakdown, key strength, speakers and sentence context.
        ``findings`` (of this index) lets it say "reported" or "update".
        """
        a, b = self._where.get(a_id), self._where.get(b_id)
        if a is None or b is None:
            return "not comparable (kind, metric or value)"
        if a.group != b.group:
            parts = ("metric", "place", "subject")
            differ = [f"{name} {x!r}/{y!r}" for name, x, y in zip(parts, a.group, b.group, strict=True) if x != y]
            return "different key: " + ", ".join(differ)
        if _compatible(a, b):
            return "intervals agree"
        for finding in findings or ():
            if a_id in finding.member_ids and b_id in finding.member_ids:
                return "reported " + finding.kind
        if not _dates_compatible(a, b, self.config) or (
            a.day is not None and b.day is not None and abs(a.day - b.day) > self.reach
        ):
            return "dates too far apart"
        for entry in (a, b):
            bucket = self._groups[entry.group].get(entry.day, [])
            if entry not in _totals_only(bucket):
                return f"breakdown: figure {entry.fig.id} is not the largest of its article and speaker"
        for what, one, other in (
            ("sides", a.fig.side, b.fig.side),
            ("parties", a.fig.party, b.fig.party),
            ("things measured", a.fig.thing, b.fig.thing),
        ):
            if one is not None and other is not None and one != other:
                return f"different {what}: {one}/{other}"
        strength = key_strength(a.group, self.config)
        undated = a.day is None or b.day is None
        if strength == "strong" and not (undated and self.config.undated_needs_context):
            return "should be reported (strong key)"
        if strength != "strong" and a.fig.article_id == b.fig.article_id:
            return f"{strength} key inside one article"
        if strength == "vague" and not (a.speaker == b.speaker and _named(a.speaker)):
            return "vague key and not one named speaker"
        x, y = _context(a), _context(b)
        why = "undated" if strength == "strong" else f"{strength} key"
        if not same_story(x, y, self.config, weak=strength != "strong"):
            return f"{why}: context check failed (shared {len(x & y)} of {len(x)}/{len(y)} words)"
        return f"{why}: context check passed, should be reported"

    def findings(self, keys: Iterable[str] | None = None) -> list[Finding]:
        """Findings for the given fact keys (all keys when None), sorted by key, kind and members."""
        by_group: dict[tuple[str, str, str], set[int | None]] = {}
        if keys is None:
            reach = self.reach
            for group, buckets in self._groups.items():
                if len(buckets) == 1:
                    [(day, bucket)] = buckets.items()
                    if len(bucket) > 1:
                        by_group[group] = {day}
                elif None in buckets:
                    by_group[group] = set(buckets)
                else:
                    # A lone figure with no neighbour within reach has nothing to meet.
                    busy = {
                        day
                        for day, bucket in buckets.items()
                        if day is not None
                        and (len(bucket) > 1 or any(day + step in buckets for step in range(1, reach + 1)))
                    }
                    if busy:
                        by_group[group] = set(busy)
        else:
            for key in keys:
                located = self._keys.get(key)
                if located is not None:
                    by_group.setdefault(located[0], set()).add(located[1])
        findings: list[Finding] = []
        for group, days in by_group.items():
            held = self._groups.get(group)
            if held is not None:
                findings.extend(self._group_findings(group, held, days))
        findings.sort(key=lambda f: (f.key, f.kind, f.member_ids, f.explanation))
        return findings

    def _group_findings(self, group: tuple[str, str, str], buckets: _Buckets, days: set[int | None]) -> list[Finding]:
        config = self.config
        self._worded_cache = {}  # versions are built per group; their ids are only valid meanwhile
        reach = self.reach
        origins: dict[int | None, list[_Entry]] = {}
        findings: list[Finding] = []

        def origins_of(day: int | None) -> list[_Entry]:
            hit = origins.get(day)
            if hit is None:
                hit, copies = _origins(_totals_only(buckets.get(day, ())), config)
                origins[day] = hit
                if day in days:
                    key = _unit_key(group, day)
                    for cluster in copies:
                        finding = _copy_finding(key, group, cluster)
                        if finding is not None:
                            findings.append(finding)
            return hit

        undated = _versions(origins_of(None)) if None in buckets else []
        toll = _is_toll(group[0], config)
        weak = key_strength(group, config)
        for day in sorted(days, key=lambda d: -1 if d is None else d):
            if day not in buckets:
                continue
            core = origins_of(day)
            tally = _Tally(config, toll)
            core_versions = _versions(core)
            self._compare_within(core_versions, tally, weak)
            if day is not None:
                later = [e for d in range(day + 1, day + reach + 1) if d in buckets for e in origins_of(d)]
                for explicit in (True, False):
                    side = [e for e in core if e.explicit == explicit]
                    # Every figure of ``side`` has the same day and kind of date, so one probe decides.
                    reachable = [b for b in later if side and _dates_compatible(side[0], b, config)]
                    if reachable:
                        self._compare_across(_versions(side), _versions(reachable), tally, weak)
                self._compare_across(core_versions, undated, tally, weak)
            findings.extend(tally.findings(_unit_key(group, day), group))
        return findings

    def _compare_within(self, versions: list[list[_Entry]], tally: _Tally, weak: KeyStrength) -> None:
        for i, a in enumerate(versions):
            self._compare_across([a], versions[i + 1 :], tally, weak)

    def _compare_across(
        self, left: list[list[_Entry]], right: list[list[_Entry]], tally: _Tally, weak: KeyStrength
    ) -> None:
        """Every version of ``left`` against every version of ``right``.

        The hot loop of a run: date-less figures meet every day of their
        group, so it is written out here rather than one call per pair.
        """
        if not left or not right:
            return
        self.comparisons += len(left) * len(right)
        by_figure = weak != "strong" or self.config.undated_needs_context
        for a in left:
            x = a[0]
            x_undated = x.day is None
            for b in right:
                y = b[0]
                if _compatible(x, y):
                    continue
                lower, upper = (a, b) if (x.lo, x.hi) < (y.lo, y.hi) else (b, a)
                # Every member of a version has the same day, so the first decides.
                if by_figure and (weak != "strong" or x_undated or y.day is None):
                    self._compare_figures(lower, upper, tally, weak)
                elif x.said is None or y.said is None or not _versions_apart(a, b):
                    tally.disagree(lower, upper)

    def _worded(self, version: list[_Entry]) -> list[tuple[_Entry, frozenset[str]]]:
        """The members of a version with enough content words to be judged, cached per group."""
        cached = self._worded_cache.get(id(version))
        if cached is not None:
            return cached[1]
        min_shared = self.config.context_min_shared
        hit = [(e, words) for e in version if len(words := _context(e)) >= min_shared]
        # The version is held with its words: while it is alive its id names no other list.
        self._worded_cache[id(version)] = (version, hit)
        return hit

    def _compare_figures(self, lower: list[_Entry], upper: list[_Entry], tally: _Tally, weak: KeyStrength) -> None:
        """A weak key or no date: decided figure by figure, on the evidence of the sentences.

        (For a vague metric, also of one named speaker.) Inside one article,
        figures under a weak key are different facts the article itself
        tells apart ("$349 for the Sport, $950 for the Edition"). A pair
        sharing fewer than ``context_min_shared`` words can never be one
        story: one C-level intersection decides that before ``same_story``.
        """
        highs = self._worded(upper)
        if not highs:
            return
        lows = self._worded(lower)
        config = self.config
        min_shared = config.context_min_shared
        if weak == "strong":
            for low, low_words in lows:
                said = low.said
                for high, high_words in highs:
                    if said is not None and high.said is not None and _apart(low, high):
                        continue  # different sides of a fight, parties, or sizes of different things
                    if len(low_words & high_words) >= min_shared and same_story(low_words, high_words, config):
                        tally.disagree_pair(low, high)
            return
        vague = weak == "vague"
        for low, low_words in lows:
            article = low.fig.article_id
            speaker = low.speaker
            if vague and not _named(speaker):
                continue
            said = low.said
            for high, high_words in highs:
                if article == high.fig.article_id or (vague and speaker != high.speaker):
                    continue
                if said is not None and high.said is not None and _apart(low, high):
                    continue
                if len(low_words & high_words) >= min_shared and same_story(low_words, high_words, config, weak=True):
                    tally.disagree_pair(low, high)


def find_conflicts(figures: Iterable[FactFigure], config: MatchConfig = DEFAULT_CONFIG) -> list[Finding]:
    """Cross-check figures from many sources; returns sorted findings.

    Deterministic and idempotent: the same figures (in any order) give the same
    findings with the same keys. See the module docstring for an example.
    """
    index = BlockIndex(config)
    with _gc_paused():
        index._insert(figures)
        return index.findings()


def find_conflicts_incremental(new: Iterable[FactFigure], index: BlockIndex) -> IncrementalResult:
    """Add ``new`` to ``index`` and recompute only the fact keys they touch.

    The index is mutated. Store ``result.findings`` in place of whatever was
    stored before for ``result.block_keys``.
    """
    keys = index.add(new)
    with _gc_paused():
        return IncrementalResult(block_keys=keys, findings=index.findings(keys))


def partition_blocks(figures: Iterable[FactFigure], n_chunks: int, config: MatchConfig = DEFAULT_CONFIG) -> list[Chunk]:
    """Split the cross-check into at most ``n_chunks`` balanced chunks of whole groups.

    A group (metric, place, subject) is never split, because its days and its
    date-less figures are compared with each other. Largest groups are placed
    first on the least loaded chunk (deterministic). Each chunk's config pins
    the place and speaker resolution made over all figures.
    """
    index = BlockIndex(config)
    index.add(figures)
    groups = sorted(index.groups(), key=lambda item: (-item[1], item[0]))
    n = max(1, min(n_chunks, len(groups)))
    heap = [(0, i) for i in range(n)]
    assigned: list[list[tuple[str, str, str]]] = [[] for _ in range(n)]
    for group, size in groups:
        load, i = heapq.heappop(heap)
        assigned[i].append(group)
        heapq.heappush(heap, (load + size, i))
    chunks: list[Chunk] = []
    for chunk_groups in assigned:
        if not chunk_groups:
            continue
        figs = [fig for group in chunk_groups for fig in index.group_figures(group)]
        keys = index._expand({(g, d) for g in chunk_groups for d in index._groups[g]})
        chunk_config = replace(
            config,
            place_aliases={**config.place_aliases, **index.places.mapping(f.location for f in figs)},
            speaker_aliases={**config.speaker_aliases, **index.speakers.mapping(f.speaker for f in figs)},
        )
        chunks.append(Chunk(block_keys=keys, figure_ids=tuple(sorted(f.id for f in figs)), config=chunk_config))
    return chunks


# --------------------------------------------------------------------------
# Inside one article


def _figure_interval(fig: Figure) -> tuple[float, float, bool, bool, str | None] | None:
    low, high = float(fig.low), float(fig.high)
    if math.isnan(low) or math.isnan(high):
        return None
    lo, unit = units.convert(low, fig.unit, fig.kind)
    hi, _ = units.convert(high, fig.unit, fig.kind)
    return lo, hi, fig.low_inclusive, fig.high_inclusive and not math.isinf(hi), unit


def _above(amount: float, amount_inclusive: bool, high: float, high_inclusive: bool) -> bool:
    """Is the smallest possible ``amount`` beyond what ``high`` allows?"""
    return amount > high or (amount == high and not (amount_inclusive and high_inclusive))


def check_article(claims: Sequence[Claim], config: MatchConfig = DEFAULT_CONFIG) -> list[ArticleFinding]:
    """Figures inside one article that cannot all hold.

    * A subset ("72 of which") cannot exceed its parent (99) in the same claim,
      when the parent says what it counts.
    * Located parts of one metric ("2 killed in Kyiv", "1 killed in Kharkiv")
      must fit the article's largest unlocated figure for that metric ("at
      least five killed"). Parts at one place count once (the largest low
      end), and parts from a single place are not summed against a total:
      an unlocated "3 killed" next to "5 killed in Kyiv" may be about
      elsewhere. Only metrics that say what happened are broken down ("two
      groups" named at three places are one count), a part is smaller than
      the total (a located "1,000 killed" beside "up to 1,000 killed" is the
      total told at a place), and counts of another side or party ("dozens of
      soldiers" beside "100 ISIS fighters") are not parts.

    >>> f = Figure("99 missiles", 0, 11, 99, 99, 99, metric="missiles launched")
    >>> g = Figure("120 of which", 12, 24, 120, 120, 120, metric="missiles intercepted", subset_of=0)
    >>> [a.kind for a in check_article([Claim("...", 0, 30, figures=(f, g))])]
    ['subset_exceeds_total']
    """
    findings: list[ArticleFinding] = []
    for ci, claim in enumerate(claims):
        for fi, fig in enumerate(claim.figures):
            parent_index = fig.subset_of
            if parent_index is None or parent_index == fi or not 0 <= parent_index < len(claim.figures):
                continue
            parent = claim.figures[parent_index]
            if not (parent.metric or parent.unit):
                continue  # a whole that counts nothing named ("one has to ask") is no total
            part, whole = _figure_interval(fig), _figure_interval(parent)
            if part is None or whole is None:
                continue
            physical = {units.dimension(fig.unit, fig.kind), units.dimension(parent.unit, parent.kind)}
            if fig.kind != "count" and part[4] != whole[4] and physical != {None}:
                continue  # different units that do not convert into each other
            if _above(part[0], part[2], whole[1], whole[3]):
                findings.append(
                    ArticleFinding(
                        kind="subset_exceeds_total",
                        figures=((ci, fi), (ci, parent_index)),
                        explanation=(
                            f'"{fig.text}" ({_number(fig.value)}) is given as part of "{parent.text}" '
                            f"({_number(parent.value)}) but is larger than it."
                        ),
                    )
                )

    places = place_resolver(config)
    places.resolve_all(claim.location for claim in claims)
    preparer = _Preparer(config, places, speaker_resolver(config))
    # metric -> located parts (place, low end, inclusive, ref, figure), and metric -> unlocated figures
    parts: dict[str, list[tuple[str, float, bool, tuple[int, int], Figure]]] = {}
    totals: dict[str, list[tuple[float, bool, tuple[int, int], Figure]]] = {}
    for ci, claim in enumerate(claims):
        place = places.resolve(claim.location)
        for fi, fig in enumerate(claim.figures):
            if fig.subset_of is not None or fig.kind != "count" or not fig.metric:
                continue
            interval = _figure_interval(fig)
            if interval is None:
                continue
            metric = preparer.metric(fig.metric)
            # Only a metric that says what happened ("killed", "missiles launched") is broken
            # down by place; "two groups" or "200 people" named at several places are not parts.
            if key_strength((metric, "", preparer.unit(fig.kind, fig.unit)[4]), config) != "strong":
                continue
            if place:
                parts.setdefault(metric, []).append((place, interval[0], interval[2], (ci, fi), fig))
            else:
                totals.setdefault(metric, []).append((interval[1], interval[3], (ci, fi), fig))
    for metric in sorted(parts):
        if metric not in totals:
            continue
        high, high_inclusive, total_ref, total_fig = max(totals[metric], key=lambda t: (t[0], t[1], [-i for i in t[2]]))
        total_said: _Said = (*counted(total_fig.text), None)
        # Per place, the largest part that can be one: below the total (a part as large as
        # the total is the total told at a place) and of the total's side and party.
        located: dict[str, tuple[float, bool, tuple[int, int]]] = {}
        for place, low, inclusive, ref, fig in parts[metric]:
            if low >= high or _said_apart((*counted(fig.text), None), total_said):
                continue
            current = located.get(place)
            if current is None or low > current[0]:
                located[place] = (low, inclusive, ref)
        if len(located) < 2:
            continue
        amount = math.fsum(low for low, _, _ in located.values())
        amount_inclusive = all(inclusive for _, inclusive, _ in located.values())
        if not _above(amount, amount_inclusive, high, high_inclusive):
            continue
        listed = ", ".join(f"{_number(low)} in {place}" for place, (low, _, _) in sorted(located.items()))
        refs = tuple(sorted(ref for _, _, ref in located.values()))
        findings.append(
            ArticleFinding(
                kind="parts_exceed_total",
                figures=(*refs, total_ref),
                explanation=(
                    f"The located figures for {metric} add up to at least {_number(amount)} ({listed}), "
                    f'more than the article\'s total "{total_fig.text}" allows.'
                ),
            )
        )
    return findings
