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

The pieces live apart, one idea a module, and stay importable from here:
:mod:`~factcheck.core.match_config` (the thresholds),
:mod:`~factcheck.core.names` (places and speakers),
:mod:`~factcheck.core.fact_figures` (a figure made comparable),
:mod:`~factcheck.core.same_fact` (same-fact evidence from the sentences),
:mod:`~factcheck.core.findings` (findings and their wording) and
:mod:`~factcheck.core.article_check` (the checks inside one article).

>>> from datetime import datetime
>>> a = FactFigure(1, 1, 1, "Wire", datetime(2024, 1, 2, 9), "the military", "Kyiv", None,
...                "missiles launched", "count", "missiles", 99, 99, 99, "exact", "Russia fired 99 missiles.")
>>> b = FactFigure(2, 2, 2, "Daily", datetime(2024, 1, 2, 11), "the ministry", "Kiev", None,
...                "missiles launched", "count", "missiles", 81, 81, 81, "exact", "It said 81 missiles were fired.")
>>> [(f.kind, f.key, f.member_ids) for f in find_conflicts([a, b])]
[('conflict', 'missiles launched|kyiv|2024-01-02|missile', (1, 2))]
"""

from __future__ import annotations

import gc
import heapq
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from factcheck.core.article_check import ArticleFinding, ArticleFindingKind, check_article
from factcheck.core.fact_figures import (
    MEASURED_KINDS,
    UNDATED,
    FactFigure,
    _apart,
    _by_order,
    _compatible,
    _dates_compatible,
    _Entry,
    _parts_apart,
    _Preparer,
    _Signature,
    _touch_at_round,
    _unit_key,
    _versions,
    _versions_apart,
    block_key,
    counted,
    counted_party,
    counted_side,
    measured_thing,
)
from factcheck.core.findings import Finding, FindingKind, _copy_finding, _is_toll, _Tally
from factcheck.core.findings import _number as _number  # tests/bench/eval_crosscheck.py prints with it
from factcheck.core.match_config import DEFAULT_CONFIG, METRIC_SYNONYMS, TOLL_METRICS, VAGUE_METRICS, MatchConfig
from factcheck.core.names import (
    PLACE_ALIASES,
    SPEAKER_ALIASES,
    AliasResolver,
    canonical_place,
    normalise_name,
    place_resolver,
    skeleton,
    speaker_resolver,
)
from factcheck.core.same_fact import (
    KeyStrength,
    _context,
    _named,
    comparable_across_stories,
    context_words,
    key_strength,
    same_story,
)

__all__ = [
    # The blocking matcher, defined here
    "BlockIndex",
    "Chunk",
    "IncrementalResult",
    "find_conflicts",
    "find_conflicts_incremental",
    "partition_blocks",
    # Re-exported from the modules that hold each idea
    "DEFAULT_CONFIG",
    "METRIC_SYNONYMS",
    "PLACE_ALIASES",
    "SPEAKER_ALIASES",
    "TOLL_METRICS",
    "UNDATED",
    "VAGUE_METRICS",
    "AliasResolver",
    "ArticleFinding",
    "ArticleFindingKind",
    "FactFigure",
    "Finding",
    "FindingKind",
    "KeyStrength",
    "MatchConfig",
    "block_key",
    "canonical_place",
    "check_article",
    "comparable_across_stories",
    "context_words",
    "counted",
    "counted_party",
    "counted_side",
    "key_strength",
    "MEASURED_KINDS",
    "measured_thing",
    "normalise_name",
    "place_resolver",
    "same_story",
    "skeleton",
    "speaker_resolver",
]


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


def _sentence_key(entry: _Entry) -> str:
    if entry.norm_sentence is None:
        entry.norm_sentence = " ".join(default_process(entry.fig.sentence).split())
    return entry.norm_sentence


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

    def group_of(self, figure_id: int) -> tuple[str, str, str] | None:
        """The group (metric, place, subject) a figure of the index was blocked into; None when not comparable."""
        entry = self._where.get(figure_id)
        return entry.group if entry is not None else None

    def intervals_agree(self, a_id: int, b_id: int) -> bool:
        """Whether two figures of the index share a group and their intervals can both hold.

        The first test of :meth:`explain` ("intervals agree"), without the rest of its walk.
        """
        a, b = self._where.get(a_id), self._where.get(b_id)
        return a is not None and b is not None and a.group == b.group and _compatible(a, b)

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
        if _touch_at_round(a, b):
            return "one round number worded twice (intervals meet at it)"
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
            ("events", *(x[3] if x else None for x in (a.said, b.said))),
            ("periods", *(x[4] if x else None for x in (a.said, b.said))),
        ):
            if one is not None and other is not None and one != other:
                return f"different {what}: {one}/{other}"
        strength = key_strength(a.group, self.config)
        if not comparable_across_stories(a, b, strength, self.config):
            return f"different stories ({a.fig.story_id}/{b.fig.story_id}): needs a strong key and explicit dates"
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
                if _compatible(x, y) or _touch_at_round(x, y):
                    continue  # they agree, or say one round number twice ("100" and "more than 100")
                lower, upper = (a, b) if (x.lo, x.hi) < (y.lo, y.hi) else (b, a)
                # a key that names a group ("|soldier") holds no count of everyone
                pairs = [(lower, upper)] if lower[0].group[2] else _parts_apart(lower, upper)
                for low, high in pairs:
                    # Every member of a version has the same day, so the first decides.
                    if by_figure and (weak != "strong" or x_undated or y.day is None):
                        self._compare_figures(low, high, tally, weak)
                    elif x.said is not None and y.said is not None and _versions_apart(low, high):
                        continue
                    elif self._one_story(low, high, weak):
                        tally.disagree(low, high)
                    else:
                        self._disagree_across_stories(low, high, tally, weak)

    def _one_story(self, a: list[_Entry], b: list[_Entry], weak: KeyStrength) -> bool:
        """Is every pair of two versions comparable whatever their stories (see ``comparable_across_stories``)?"""
        if not self.config.strict_across_stories:
            return True
        if weak == "strong":
            explicit = all(e.explicit for e in a), all(e.explicit for e in b)
            if all(explicit) if self.config.across_stories_both_explicit else any(explicit):
                return True
        stories = {e.fig.story_id for e in a} | {e.fig.story_id for e in b}
        stories.discard(None)
        return len(stories) <= 1

    def _disagree_across_stories(
        self, lower: list[_Entry], upper: list[_Entry], tally: _Tally, weak: KeyStrength
    ) -> None:
        """Two versions that mix stories: each lower figure against the upper ones it may meet.

        Lower figures that may meet the same upper figures are one sub-version,
        so the tally still reads them as versions (one finding, prefix and
        suffix ranges for updates). The tally holds each sub-list it is given.
        """
        by_reach: dict[tuple[int, ...], list[_Entry]] = {}
        for low in lower:
            reach = tuple(n for n, high in enumerate(upper) if comparable_across_stories(low, high, weak, self.config))
            if reach:
                by_reach.setdefault(reach, []).append(low)
        for reach, lows in by_reach.items():
            tally.disagree(lows, [upper[n] for n in reach])

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
                    if not comparable_across_stories(low, high, weak, config):
                        continue
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
                if not comparable_across_stories(low, high, weak, config):
                    continue  # a weak key never reaches across stories
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
