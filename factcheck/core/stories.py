"""Story clustering: which articles report one news event (a pure function core).

A *story* is the set of reports of one event across outlets; every article
belongs to exactly one story and most stories have a single article. The
design follows streaming news clustering (Miranda et al., EMNLP 2018, the
Priberam news-clustering code): TF-IDF over body words, title words and named
entities, a time decay over a few days, and one article at a time joining the
best story above a threshold or starting a new one.

The pieces, as the app calls them (1-3 live in :mod:`factcheck.core.story_vectors`,
the batch edges of 5 in :mod:`factcheck.core.story_edges`; this module keeps the
online clusterer and the batch replay, and re-exports the rest):

1. :func:`article_terms` - bounded term counts per article (what the app stores).
2. :func:`fit_term_weights` - document frequencies over a window of stored terms.
3. :func:`article_vector` - l2-normalised sublinear TF-IDF, top ``vector_terms``.
4. Online: the article's :func:`index_terms` find candidate stories through an
   inverted index (story, term); :func:`best_story` picks one by cosine to the
   story centroid times :func:`time_decay`; :func:`add_to_centroid` updates it.
5. Batch: :func:`similarity_edges` (per chunk, on workers) gives each article its
   nearest neighbours; :func:`cluster_edges` replays the online pass in
   publication order over them, with the same score, then refines it (a few
   k-means style passes over the neighbours' stories). :func:`cluster` chains
   everything for one window.

Copies (near-duplicates, republished passages) live in :mod:`factcheck.core.copies`;
passing them to the batch keeps each copy with its origin.

>>> a = ArticleText(1, "Floods hit Valencia as the river Turia burst its banks overnight.")
>>> b = ArticleText(2, "The river Turia burst its banks in Valencia overnight, floods followed.")
>>> c = ArticleText(3, "Chess champion wins the tournament in Oslo after a tense final game.")
>>> labels = cluster([a, b, c])
>>> labels[1] == labels[2] != labels[3]
True
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .story_edges import EdgeArrays, chunk_edges, similarity_edges, window_index
from .story_vectors import (
    DEFAULT_STORY_CONFIG,
    UNSPACED_RE,
    WORD_RE,
    ArticleText,
    StoryConfig,
    TermWeights,
    WorkStats,
    _decay,
    _sq,
    _top,
    article_terms,
    article_vector,
    content_words,
    fit_term_weights,
    fold,
    name_term,
    publication_order,
    time_decay,
    timestamp,
)

__all__ = [
    "DEFAULT_STORY_CONFIG",
    "UNSPACED_RE",
    "WORD_RE",
    "ArticleText",
    "EdgeArrays",
    "StoryCandidate",
    "StoryConfig",
    "TermWeights",
    "WorkStats",
    "add_to_centroid",
    "article_terms",
    "article_vector",
    "best_story",
    "cluster",
    "chunk_edges",
    "cluster_edges",
    "content_words",
    "fit_term_weights",
    "fold",
    "index_terms",
    "name_term",
    "publication_order",
    "similarity_edges",
    "time_decay",
    "timestamp",
    "window_index",
]

# --------------------------------------------------------------------------
# Online: candidates, best story, centroids


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    """A story the app looked up: its stored centroid (sum of member vectors, truncated) and span.

    ``norm`` is the centroid's l2 norm when the caller has it cached; 0 means "compute it".
    """

    id: int
    centroid: Mapping[str, float]
    first_published: datetime | None
    last_published: datetime | None
    size: int
    norm: float = 0.0


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(_sq(vector.values()))


def _dot(vector: Mapping[str, float], centroid: Mapping[str, float]) -> float:
    """Summed in the vector's order (article_vector sorts by term: reproducible to the last bit)."""
    return float(sum(map(operator.mul, vector.values(), map(centroid.get, vector, itertools.repeat(0.0)))))


def _scored(
    dot: float, norm: float, times: tuple[float | None, float | None, float | None], config: StoryConfig
) -> float:
    """Cosine to a centroid times the time decay: the one scoring rule of the module.

    best_story, the batch replay and its refinement all use it (and
    :func:`_needed`), so online and batch decide alike.
    """
    if norm <= 0.0:
        return 0.0
    score = dot / norm
    return score * _decay(*times, config) if score > 0.0 else score


def _needed(vector_terms: int, centroid_terms: int, size: int, config: StoryConfig) -> float:
    """The score to join: a one-liner (fewer than ``min_terms`` terms) on either side joins only as a near copy."""
    if vector_terms < config.min_terms or (size <= 1 and centroid_terms < config.min_terms):
        return max(config.join_threshold, config.short_join_threshold)
    return config.join_threshold


def best_story(
    vector: Mapping[str, float],
    published: datetime | None,
    candidates: Sequence[StoryCandidate],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
) -> tuple[int | None, float]:
    """The story to join: highest cosine to centroid times :func:`time_decay`.

    Returns ``(story id, score)``, or ``(None, best score)`` when no candidate
    reaches ``join_threshold`` (a one-liner on either side needs
    ``short_join_threshold``: it joins only as a near-exact copy). Ties go to
    the lower id.

    >>> s = StoryCandidate(7, {"flood": 1.2, "valencia": 1.0}, None, None, 2)
    >>> best_story({"flood": 0.6, "valencia": 0.6, "river": 0.53}, None, [s])
    (7, 0.845...)
    >>> best_story({"chess": 1.0}, None, [s])
    (None, 0.0)
    """
    t = timestamp(published)
    best: tuple[float, int] | None = None
    top = 0.0
    for cand in candidates:
        times = (t, timestamp(cand.first_published), timestamp(cand.last_published))
        score = _scored(_dot(vector, cand.centroid), cand.norm or _norm(cand.centroid), times, config)
        top = max(top, score)
        if score < _needed(len(vector), len(cand.centroid), cand.size, config):
            continue
        if best is None or (score, -cand.id) > (best[0], -best[1]):
            best = (score, cand.id)
    return (best[1], best[0]) if best is not None else (None, top)


def add_to_centroid(
    centroid: Mapping[str, float], vector: Mapping[str, float], config: StoryConfig = DEFAULT_STORY_CONFIG
) -> dict[str, float]:
    """The centroid with one more member, truncated to ``centroid_terms`` (sorted by term).

    >>> add_to_centroid({"flood": 0.8, "rain": 0.6}, {"flood": 0.6, "river": 0.8})
    {'flood': 1.4, 'rain': 0.6, 'river': 0.8}
    """
    mass = _norm(centroid)
    # A sum of unit vectors grows with the story; past centroid_mass it is scaled back
    # first, so a long-running story (a live blog) follows its latest reports instead of
    # being held by its first ones. Stories of a few dozen reports are plain sums.
    scale = config.centroid_mass / mass if mass > config.centroid_mass else 1.0
    merged = {term: x * scale for term, x in centroid.items()} if scale != 1.0 else dict(centroid)
    for term, x in vector.items():
        merged[term] = merged.get(term, 0.0) + x
    items = _top(merged, config.centroid_terms)
    items.sort()
    return dict(items)


def index_terms(centroid: Mapping[str, float], config: StoryConfig = DEFAULT_STORY_CONFIG) -> list[str]:
    """The heaviest ``index_terms`` terms: rows (story, term) of the app's inverted index.

    An article looks up the stories sharing any of *its* ``index_terms(vector)``.

    >>> index_terms({"flood": 1.4, "rain": 0.6, "river": 0.8}, StoryConfig(index_terms=2))
    ['flood', 'river']
    """
    return [term for term, _ in sorted(_top(centroid, config.index_terms), key=lambda kv: (-kv[1], kv[0]))]


@dataclass(slots=True)
class _Story:
    pin: int | None
    size: int = 0
    lo: float | None = None  # first and last publication timestamps
    hi: float | None = None
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0  # |centroid|^2; estimated from the edges when no vectors are given


def cluster_edges(
    article_ids: Iterable[int],
    published_of: Mapping[int, datetime | None],
    edges: Iterable[tuple[int, int, float]] | EdgeArrays,
    config: StoryConfig = DEFAULT_STORY_CONFIG,
    pinned: Mapping[int, int] | None = None,
    vectors: Mapping[int, Mapping[str, float]] | None = None,
    copies: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Article id -> group label, replaying the online pass over the neighbour edges.

    Articles are taken in publication order (undated last, by id). Each one
    considers the stories of its earlier neighbours and joins the best above
    ``join_threshold``. With ``vectors`` (what the app should pass) the score
    is the one :func:`best_story` gives, on centroids built with
    :func:`add_to_centroid`, so batch and online decide alike; then
    ``refine_passes`` passes move articles whose neighbours' stories now fit
    them better (the first reports of a story often arrive before the story
    is recognisable). Without vectors the cosine to a centroid is estimated
    from the edges (member similarities summed over the centroid's norm,
    pairs without an edge counted as 0): cheaper, but it underrates stories
    much larger than ``edge_k``.

    ``pinned`` maps article id -> an editor's group label: equal labels end in
    one group, different labels never share one; unpinned articles may join a
    pinned group; pinned articles never move. ``copies`` maps a copy's id to
    its origin's (:func:`factcheck.core.copies.find_copies`): a copy joins its
    origin's story unless pinned elsewhere, so a live blog republished with
    ever-new updates stays one story. The result does not depend on the order
    of any input; a group's label is its smallest article id.

    >>> cluster_edges([1, 2, 3], {}, [(1, 2, 0.9), (2, 3, 0.1)])
    {1: 1, 2: 1, 3: 3}
    >>> cluster_edges([1, 2, 3], {}, [(1, 2, 0.9)], pinned={1: 5, 2: 6, 3: 5})
    {1: 1, 2: 2, 3: 1}
    """
    pinned, copies = pinned or {}, copies or {}
    ids = sorted(set(article_ids))
    times = {i: timestamp(published_of.get(i)) for i in ids}
    order = sorted(ids, key=lambda i: (times[i] is None, times[i] or 0.0, i))
    earlier = _earlier_neighbours(ids, order, edges)
    stories: list[_Story] = []
    story_of: dict[int, int] = {}
    pin_story: dict[int, int] = {}
    for article in order:
        pin = pinned.get(article)
        links: dict[int, float] = defaultdict(float)  # story -> summed edge scores to its members
        for neighbour, score in zip(*earlier.get(article, ((), ())), strict=True):
            links[story_of[neighbour]] += score
        chosen = pin_story.get(pin) if pin is not None else None
        origin = copies.get(article)
        if chosen is None and origin in story_of and (pin is None or stories[story_of[origin]].pin in (None, pin)):
            chosen = story_of[origin]  # a copy goes with its origin, whatever its words score
        if chosen is None:
            vector = vectors.get(article, {}) if vectors is not None else None
            chosen = _choose(stories, links, vector, times[article], pin, config)
        if chosen is None:
            chosen = len(stories)
            stories.append(_Story(pin=pin))
        story = stories[chosen]
        if pin is not None:
            story.pin = pin
            pin_story[pin] = chosen
        story.size += 1
        t = times[article]
        if t is not None:
            story.lo = t if story.lo is None else min(story.lo, t)
            story.hi = t if story.hi is None else max(story.hi, t)
        if vectors is not None:
            story.centroid = add_to_centroid(story.centroid, vectors.get(article, {}), config)
            story.norm2 = _sq(story.centroid.values())
        else:  # |C + v|^2 = |C|^2 + 2 v.C + |v|^2, v.C being the sum of the known member similarities
            story.norm2 += 2.0 * links.get(chosen, 0.0) + 1.0
        story_of[article] = chosen
    if vectors is not None and config.refine_passes > 0:
        neighbours: dict[int, set[int]] = defaultdict(set)
        for late, (known, _) in earlier.items():
            for early in known:
                neighbours[late].add(early)
                neighbours[early].add(late)
        held = set(pinned) | set(copies) | set(copies.values())  # pinned and copy groups stay as placed
        _refine(order, neighbours, story_of, times, vectors, held, config)
    smallest: dict[int, int] = {}
    for article in ids:
        smallest.setdefault(story_of[article], article)
    return {article: smallest[story_of[article]] for article in ids}


def _earlier_neighbours(
    ids: Sequence[int], order: Sequence[int], edges: Iterable[tuple[int, int, float]] | EdgeArrays
) -> dict[int, tuple[list[int], list[float]]]:
    """Article -> its neighbours published before it (by id) and the best score of each pair.

    ``ids`` sorted; ``order`` the same ids in publication order. Edges to unknown articles
    and self-edges are dropped. Done on arrays: a window of a million articles brings
    tens of millions of edges, a dict entry each would be most of the replay's time.

    >>> _earlier_neighbours([1, 2, 3], [3, 1, 2], [(1, 2, 0.5), (2, 1, 0.7), (1, 3, 0.2), (1, 9, 0.9)])
    {1: ([3], [0.2]), 2: ([1], [0.7])}
    """
    if not isinstance(edges, EdgeArrays):
        rows = list(edges)
        edges = EdgeArrays(
            np.array([e[0] for e in rows], dtype=np.int64),
            np.array([e[1] for e in rows], dtype=np.int64),
            np.array([e[2] for e in rows], dtype=np.float64),
        )
    known = np.array(ids, dtype=np.int64)
    if len(edges) == 0 or len(known) == 0:
        return {}
    position = np.empty(len(known), dtype=np.int64)
    position[np.searchsorted(known, np.array(order, dtype=np.int64))] = np.arange(len(known))
    ia = np.minimum(np.searchsorted(known, edges.a), len(known) - 1)
    ib = np.minimum(np.searchsorted(known, edges.b), len(known) - 1)
    pa, pb = position[ia], position[ib]
    valid = (known[ia] == edges.a) & (known[ib] == edges.b) & (pa != pb)
    a, b, score, pa, pb = edges.a[valid], edges.b[valid], edges.score[valid], pa[valid], pb[valid]
    late, early = np.where(pa > pb, a, b), np.where(pa > pb, b, a)
    # per pair the best score, the pairs of an article by its neighbour's id
    pick = np.lexsort((-score, early, late))
    late, early, score = late[pick], early[pick], score[pick]
    first = np.r_[True, (late[1:] != late[:-1]) | (early[1:] != early[:-1])]
    late, early, score = late[first], early[first], score[first]
    starts = np.flatnonzero(np.r_[True, late[1:] != late[:-1]])
    ends = np.r_[starts[1:], len(late)]
    early_list, score_list = early.tolist(), score.tolist()
    return {
        article: (early_list[s:e], score_list[s:e])
        for article, s, e in zip(late[starts].tolist(), starts.tolist(), ends.tolist(), strict=True)
    }


def _choose(
    stories: list[_Story],
    links: Mapping[int, float],
    vector: Mapping[str, float] | None,
    t: float | None,
    pin: int | None,
    config: StoryConfig,
) -> int | None:
    """The best story among the linked ones (ties: the older story), or None: the article starts its own."""
    best: int | None = None
    best_score = -math.inf
    for index in sorted(links):
        story = stories[index]
        if pin is not None and story.pin is not None and story.pin != pin:
            continue
        times = (t, story.lo, story.hi)
        if vector is not None:
            score = _scored(_dot(vector, story.centroid), math.sqrt(story.norm2), times, config)
            needed = _needed(len(vector), len(story.centroid), story.size, config)
        else:
            score, needed = _scored(links[index], math.sqrt(story.norm2), times, config), config.join_threshold
        if score >= needed and score > best_score:
            best, best_score = index, score
    return best


def _refine(
    order: Sequence[int],
    neighbours: Mapping[int, set[int]],
    story_of: dict[int, int],
    times: Mapping[int, float | None],
    vectors: Mapping[int, Mapping[str, float]],
    held: Collection[int],
    config: StoryConfig,
) -> None:
    """k-means style passes: move each article not ``held`` to the best of its neighbours' stories.

    Scores use the stories' final, untruncated centroids, the article's own
    story taken without it; an article no story accepts leaves for a story of
    its own.
    """
    sums: dict[int, dict[str, float]] = defaultdict(dict)
    sizes: dict[int, int] = defaultdict(int)
    for article in order:
        _add(sums[story_of[article]], vectors.get(article, {}), 1.0)
        sizes[story_of[article]] += 1
    norm2 = {s: _sq(c.values()) for s, c in sums.items()}
    fresh = max(sums, default=-1) + 1
    for _ in range(config.refine_passes):
        spans: dict[int, tuple[float, float]] = {}
        for article in order:
            t = times[article]
            if t is not None:
                lo, hi = spans.get(story_of[article], (t, t))
                spans[story_of[article]] = (min(lo, t), max(hi, t))
        moved = 0
        for article in order:
            if article in held:
                continue
            vector = vectors.get(article, {})
            own = story_of[article]
            self_dot = _sq(vector.values())
            best, best_score = None, -math.inf
            for s in sorted({story_of[b] for b in neighbours.get(article, ())} | {own}):
                dot, n2, size = _dot(vector, sums[s]), norm2[s], sizes[s]
                if s == own:  # the story without this article: |C - v|^2 = |C|^2 - 2 v.C + |v|^2
                    dot, n2, size = dot - self_dot, n2 - 2.0 * dot + self_dot, size - 1
                if size <= 0 or n2 <= 1e-12:
                    continue
                span: tuple[float | None, float | None] = spans.get(s, (None, None))
                score = _scored(dot, math.sqrt(n2), (times[article], *span), config)
                if score >= _needed(len(vector), len(sums[s]), size, config) and score > best_score:
                    best, best_score = s, score
            if best == own or (best is None and sizes[own] == 1):
                continue
            target = fresh if best is None else best
            fresh += best is None
            _add(sums[own], vector, -1.0)
            _add(sums[target], vector, 1.0)
            norm2[own], norm2[target] = _sq(sums[own].values()), _sq(sums[target].values())
            sizes[own] -= 1
            sizes[target] += 1
            story_of[article] = target
            moved += 1
        if not moved:
            break


def _add(total: dict[str, float], vector: Mapping[str, float], sign: float) -> None:
    for term, x in vector.items():
        value = total.get(term, 0.0) + sign * x
        if abs(value) < 1e-12:
            total.pop(term, None)  # a member moved out leaves no dust behind
        else:
            total[term] = value


def cluster(
    articles: Sequence[ArticleText],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
    pinned: Mapping[int, int] | None = None,
    stats: WorkStats | None = None,
    copies: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Cluster one window: terms, weights fitted on these articles, vectors, edges, replay.

    ``copies`` (copy id -> origin id, as from ``find_copies``) keeps copies with their origins.

    >>> cluster([ArticleText(1, ""), ArticleText(2, "")])
    {1: 1, 2: 2}
    """
    terms = {a.id: article_terms(a, config) for a in articles}
    weights = fit_term_weights(terms.values())
    vectors = {i: article_vector(t, weights, config) for i, t in terms.items()}
    published = {a.id: a.published for a in articles}
    rows = [(i, vectors[i], published[i]) for i in sorted(vectors)]
    edges = similarity_edges(rows, list(vectors), config, stats)
    return cluster_edges(list(vectors), published, edges, config, pinned, vectors, copies)
