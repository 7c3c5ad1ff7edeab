"""One figure made comparable: :class:`FactFigure`, what it counts, its fact key and its interval.

The matcher's input is a :class:`FactFigure`: a figure with its claim's
speaker, place and date and its article's source and publication time.
:class:`_Preparer` turns one into an :class:`_Entry`: the interval converted
to a canonical unit, the place and speaker resolved, the fact key ``(metric,
place, subject)`` and the anchor day. Then come the tests two entries meet
before any of their words are read: can both intervals hold
(:func:`_compatible`), are their dates close enough
(:func:`_dates_compatible`), do they say they count different sides, parties
or things (:func:`_apart`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from factcheck.core import units
from factcheck.core.fact_context import figure_denied, figure_event, figure_period, measured_subject
from factcheck.core.figure_parts import counted_group
from factcheck.core.lexicon import PARTY_OF_ACRONYM, PARTY_OF_WORD, SIDE_OF_WORD
from factcheck.core.match_config import (
    DEFAULT_CONFIG,
    JOB_LOSS_METRICS,
    METRIC_PHRASE_SYNONYMS,
    METRIC_SYNONYMS,
    MatchConfig,
)
from factcheck.core.names import AliasResolver, speaker_resolver
from factcheck.core.tokens import singular as _singular
from factcheck.core.types import FEWER_THAN, MORE_THAN, NEARLY, Claim, Figure

UNDATED = "undated"


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


MEASURED_KINDS = frozenset({"measure", "duration"})  # the kinds whose figures measure a thing (measured_thing)


def measured_thing(figure_text: str, sentence: str) -> str | None:
    """What a measure or a duration measures: "a 12-inch laptop", "the blackout lasted 14 hours".

    >>> measured_thing("12-inch", "It will launch a 12-inch MacBook Air in March.")
    'macbook'
    >>> measured_thing("12 inches", "The crab grows to 12 inches.") is None
    True
    >>> measured_thing("14 hours", "The blackout lasted 14 hours.")
    'blackout'
    """
    # Two sizes of two products ("12-inch laptop", "12.9-inch tablet") are two
    # facts even from one analyst; the key says only "distance in inches".
    if not _COMPOUND_MEASURE.search(figure_text):
        return measured_subject(sentence, figure_text)
    at = sentence.find(figure_text)
    if at < 0:
        return None
    following = _NEXT_WORD.match(sentence, at + len(figure_text))
    return _singular(following.group(1).casefold()) if following else None


_COMPOUND_MEASURE = re.compile(r"\w-[^\W\d_]+$")  # "12-inch", "nine-hour"
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
    text: str = ""  # the figure's own words in ``sentence`` ("33 people"), "" when not known
    change: str | None = None  # "up" / "down": the figure is a change ("rose 3%"), not a level

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
            text=figure.text,
            change=figure.change,
        )


# --------------------------------------------------------------------------
# Preparing figures: units, keys, dates


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MAX_ORDINAL = date.max.toordinal()
_METRIC_SPLIT = re.compile(r"[^\w%$€£]+")

# A change ("rose 3%", "fell by $2m") is a fact of its own: its key's metric carries this
# suffix, so it is never compared with a level ("inflation was 3%"), and its interval is
# signed (a fall of 6% is -6), so a rise and a fall of the same size disagree.
CHANGE_SUFFIX = " change"


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


# (side, party, thing, event, period) a figure names; None where it names none. A count's
# period is always known ("" = one event): two different periods are two facts.
_Said = tuple[str | None, str | None, str | None, str | None, str | None]


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
    norm_sentence: str | None = None
    context: frozenset[str] | None = None
    _said: _Said | None | bool = False  # False: not read yet (see said)
    _named: bool | None = None  # None: not read yet (see named)

    @property
    def said(self) -> _Said | None:
        """What the figure says it counts (see :data:`_Said`), None when it says nothing.

        Read from its clause on first use: most figures never meet one that disagrees,
        and reading the event and period of every one would cost a full run a minute at 1M.
        """
        said = self._said
        if said is False:
            said = self._said = _said_of(self.fig)
        return said  # type: ignore[return-value]

    @property
    def named(self) -> bool:
        """Does a count of everyone's unit name a group of people by its own noun ("12 students
        were killed", not "30 people")? Such a count can be a part of everyone's (see
        :func:`_parts_apart`). Read on first use, as :attr:`said` is."""
        named = self._named
        if named is None:
            fig = self.fig
            named = self._named = fig.kind == "count" and not self.group[2] and bool(counted_group(fig.text))
        return named

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
        self._phrase_synonyms = {**METRIC_PHRASE_SYNONYMS, **config.metric_phrase_synonyms}
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
            joined = " ".join(tokens)
            hit = self._metrics[metric] = self._phrase_synonyms.get(joined, joined)
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
        change = fig.change
        if change and _level_reached(fig):
            change = None  # "the toll has risen to 27": the level it reached, moving up
        if change and not (kind == "count" and metric in JOB_LOSS_METRICS):
            metric += CHANGE_SUFFIX  # "jobs shed" fell, and are still the jobs lost: no other fact
        low, high = float(fig.low), float(fig.high)
        if low != low or high != high:  # NaN
            return None
        if fig.text and figure_denied(fig.sentence, fig.text):
            return None  # "rumours that she killed 100 were untrue": no one asserts the 100
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
        if change == "down" and lo >= 0:  # "fell 6%": a change of -6 (a signed fall is kept as it is)
            lo, hi, lo_in, hi_in = -hi, -lo, hi_in, lo_in
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
        )


_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")


def _level_reached(fig: FactFigure) -> bool:
    """Is a figure marked as a change the level its sentence says it moved *to* ("has risen to
    27", "edged up to 5.1%"), not the amount it moved by ("rose 3%")?

    >>> f = FactFigure(1, 1, 1, "Wire", None, None, None, None, "killed", "count", "people", 27, 27, 27, "exact",
    ...                "The toll has risen to 27, officials said.", text="27", change="up")
    >>> _level_reached(f), _level_reached(replace(f, sentence="The toll rose 27 in a day.", text="27"))
    (True, False)
    """
    at = fig.sentence.find(fig.text) if fig.text else -1
    if at <= 0:
        return False
    before = _WORD_BEFORE.search(fig.sentence, 0, at)
    return before is not None and before.group(1).casefold() == "to"


def _said_of(fig: FactFigure) -> _Said | None:
    """What a figure says it counts (see :data:`_Said`), None when it says nothing."""
    event = period = None
    if fig.kind == "count" and fig.text and fig.sentence:
        event = figure_event(fig.sentence, fig.text) or None
        period = figure_period(fig.sentence, fig.text)
    if fig.side is None and fig.party is None and fig.thing is None and event is None and period is None:
        return None
    return (fig.side, fig.party, fig.thing, event, period)


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
    >>> from factcheck.core.names import PLACE_ALIASES
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
# Comparing two entries: intervals, dates, what they count


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


def _dates_compatible(a: _Entry, b: _Entry, config: MatchConfig) -> bool:
    if a.day is None or b.day is None:
        return True
    window = config.event_date_window_days
    if a.explicit == b.explicit:
        return abs(a.day - b.day) <= window
    event, published = (a, b) if a.explicit else (b, a)
    assert event.day is not None and published.day is not None
    return published.day - config.published_lag_days - window <= event.day <= published.day + window


def _said(version: list[_Entry]) -> _Said | None:
    """What all members of a version name (None in a place where one names nothing, or they differ)."""
    first = version[0].said
    if first is None:
        return None
    common = tuple(
        value if all(e.said is not None and e.said[i] == value for e in version) else None
        for i, value in enumerate(first)
    )
    return None if all(v is None for v in common) else (common[0], common[1], common[2], common[3], common[4])


def _said_apart(x: _Said, y: _Said) -> bool:
    """Two figures naming a different side, party, measured thing, event or period ("3 soldiers" / "40 militants")."""
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


def _parts_apart(lower: list[_Entry], upper: list[_Entry]) -> list[tuple[list[_Entry], list[_Entry]]]:
    """The pairs of sub-versions of two disagreeing versions that still disagree once a named
    group's count below a count of everyone is read as a part of it: "12 students" can be a
    part of "30 people" killed; "40 students" cannot, nor can "12 students" and "15 students".

    >>> from factcheck.core.names import AliasResolver
    >>> prepare = _Preparer(DEFAULT_CONFIG, AliasResolver({}), speaker_resolver(DEFAULT_CONFIG)).prepare
    >>> f = FactFigure(1, 1, 1, "Wire", None, None, None, None, "killed", "count", "people", 12, 12, 12,
    ...                "exact", "...", text="12 students")
    >>> students, everyone = prepare(f), prepare(replace(f, id=2, value=30, low=30, high=30, text="30 people"))
    >>> _parts_apart([students], [everyone])
    []
    """
    if not any(e.named for e in lower) or all(e.named for e in upper):
        return [(lower, upper)]
    pairs = []
    wholes = [e for e in lower if not e.named]
    if wholes:
        pairs.append((wholes, upper))
    groups, upper_groups = [e for e in lower if e.named], [e for e in upper if e.named]
    if groups and upper_groups:
        pairs.append((groups, upper_groups))
    return pairs


def _versions(entries: Iterable[_Entry]) -> list[list[_Entry]]:
    """Entries (sorted by order) grouped by interval, each group still sorted."""
    by_signature: dict[_Signature, list[_Entry]] = {}
    for entry in entries:
        by_signature.setdefault(entry.signature, []).append(entry)
    return list(by_signature.values())


def _touch_at_round(a: _Entry, b: _Entry) -> bool:
    """Is one figure a round number and the other "more than" or "fewer than" exactly it ("100", "over 100")?

    Outlets round a figure they repeat: "100" against "more than 100" is one
    report worded twice, not a disagreement. Two bounds meeting at a number
    ("more than 400" against "nearly 400") still disagree.

    >>> from factcheck.core.names import AliasResolver
    >>> prepare = _Preparer(DEFAULT_CONFIG, AliasResolver({}), speaker_resolver(DEFAULT_CONFIG)).prepare
    >>> f = FactFigure(1, 1, 1, "Wire", None, None, None, None, "killed", "count", "people", 100, 100, 100,
    ...                "exact", "...")
    >>> over = replace(f, id=2, low=100, high=float("inf"), qualifier="more_than")
    >>> _touch_at_round(prepare(f), prepare(over)), _touch_at_round(prepare(replace(f, value=90, low=90, high=90)),
    ...                                                                prepare(replace(over, low=90)))
    (True, False)
    """
    for exact, other in ((a, b), (b, a)):
        n = exact.lo
        if exact.hi == n and exact.lo_in and exact.hi_in and n in (other.lo, other.hi) and _round(n):
            return (other.lo == n and not other.lo_in) or (other.hi == n and not other.hi_in)
    return False


def _round(value: float) -> bool:
    """100, 1,000 or 3,000 (one significant digit, at least 100), not 20, 250 or 900.

    Below 100 outlets count exactly: "fewer than 10" and "10" disagree.
    """
    if not 100 <= value < 1e15 or value != int(value):
        return False
    digits = str(int(value)).rstrip("0")
    return len(digits) == 1 and digits != "9"
