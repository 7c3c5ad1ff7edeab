"""Story clustering: which articles report one news event (a pure function core).

A *story* is the set of reports of one event across outlets; every article
belongs to exactly one story and most stories have a single article. The
design follows streaming news clustering (Miranda et al., EMNLP 2018, the
Priberam news-clustering code): TF-IDF over body words, title words and named
entities, a time decay over a few days, and one article at a time joining the
best story above a threshold or starting a new one.

The pieces, as the app calls them:

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

import functools
import heapq
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from .story_words import STOP_WORDS

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_DAY = 86400.0
_NAME_PREFIX = "n:"


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Every threshold of story clustering and copy detection (never read from settings).

    Defaults were tuned on FNC-1 (``tests/bench/eval_stories.py``); the time
    decay was not (FNC-1 has no dates) and follows the few-days horizon of the
    reference design.

    >>> StoryConfig().join_threshold
    0.175
    """

    # --- terms (what article_terms keeps)
    stop_words: frozenset[str] = STOP_WORDS
    min_word_chars: int = 2  # single letters carry nothing
    max_word_chars: int = 40  # longer "words" are URLs, hashes, binary junk
    # Numbers ("298", "17") are no terms: on FNC-1 they neither help nor hurt, and in a live
    # blog the clock times and running counts of each update pull its copies apart.
    numbers: bool = False
    max_chars: int = 200_000  # only the first characters of a huge text are read (bounded work)
    title_weight: float = 2.0  # a title word counts as two body occurrences
    name_weight: float = 1.0  # a place or speaker from the claims counts as one occurrence
    max_terms: int = 150  # stored terms per article (the most frequent)
    # --- vectors and joining
    vector_terms: int = 50  # an article vector keeps its heaviest TF-IDF terms: the rest is noise
    min_terms: int = 6  # a vector with fewer terms is a "one-liner" (empty, a caption, a tweet)
    join_threshold: float = 0.175  # cosine to the story centroid (times the time decay) to join it
    short_join_threshold: float = 0.8  # a one-liner joins (or is joined) only as a near-exact copy
    decay_grace_days: float = 1.0  # no penalty within a day of the story's first..last report
    decay_half_life_days: float = 2.0  # then the score halves every two days
    undated_decay: float = 1.0  # undated on either side: no penalty (FNC-1 and feeds without dates)
    centroid_terms: int = 200  # terms kept in a story centroid (bounded storage)
    centroid_mass: float = 20.0  # a centroid's norm is capped near this (see add_to_centroid)
    index_terms: int = 15  # (story, term) rows of the inverted index, and the terms an article looks up
    # --- batch edges
    edge_terms: int = 15  # top terms per article used to generate neighbour candidates
    max_postings: int = 300  # per term, at most this many articles are reachable through it
    edge_candidates: int = 100  # candidates per article scored exactly (most shared top terms first)
    edge_k: int = 20  # neighbours kept per article
    edge_earlier: int = 5  # ... plus this many of the best published before it
    edge_floor: float = 0.05  # edges below this score are dropped
    edge_block: int = 512  # rows per sparse product (bounds memory)
    refine_passes: int = 2  # batch only: passes moving articles to their best neighbouring story
    # --- copies (see factcheck.core.copies)
    shingle_words: int = 5  # word 5-grams: one changed word breaks five shingles, not the whole text
    copy_threshold: float = 0.6  # shared shingles / the smaller article's shingles to be a copy
    copy_min_shared: int = 4  # and at least this many shared shingles (or all of a tiny text's)
    copy_lsh_threshold: float = 0.3  # MinHash LSH Jaccard threshold for candidates
    copy_num_perm: int = 128
    copy_seed: int = 1
    copy_max_candidates: int = 20  # candidates confirmed exactly per article (best MinHash estimate first)
    copy_novelty: float = 0.8  # a copy with less than this share of its text in the match is indexed too


DEFAULT_STORY_CONFIG = StoryConfig()


@dataclass(frozen=True, slots=True)
class ArticleText:
    """One article as clustering sees it.

    ``published`` may be aware or naive (naive = UTC) or None (undated).
    ``names`` are canonical names of places and speakers in the article's
    claims, resolved by the caller.
    """

    id: int
    text: str
    title: str = ""
    published: datetime | None = None
    source: str = ""
    names: tuple[str, ...] = ()


@dataclass(slots=True)
class WorkStats:
    """Counters a caller may pass in to see how much work a call did (tests bound work with it)."""

    pairs_scored: int = 0  # article pairs given an exact cosine (similarity_edges)
    containment_checks: int = 0  # exact shingle-set intersections (find_copies)


# --------------------------------------------------------------------------
# Terms

WORD_RE = re.compile(r"[^\W_]+")
# Scripts written without spaces: a "word" is a whole phrase, so such runs
# become overlapping character bigrams (the usual trick for CJK retrieval).
UNSPACED_RE = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def fold(word: str) -> str:
    """Casefold and strip accents ("Zürich" and "Zurich" are one term)."""
    word = word.casefold()
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _light_stem(word: str) -> str:
    """English plurals only ("missiles" -> "missile", "cities" -> "city"): cheap and rarely wrong."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word[-1] == "s" and not word.endswith(("ss", "us", "is")) and word.isalpha():
        return word[:-1]
    return word


def content_words(text: str, config: StoryConfig = DEFAULT_STORY_CONFIG) -> list[str]:
    """The normalised content words of ``text``, in order (stop words out).

    >>> content_words("The Missiles hit Zürich's cities, officials said.")
    ['missile', 'hit', 'zurich', 'city', 'official']
    """
    stop, lo, hi = config.stop_words, config.min_word_chars, config.max_word_chars
    raws = WORD_RE.findall(text[: config.max_chars])
    repeat = itertools.repeat
    found = map(_normal, raws, repeat(stop), repeat(lo), repeat(hi), repeat(config.numbers))
    return list(itertools.chain.from_iterable(found))


@functools.lru_cache(maxsize=1 << 18)
def _normal(raw: str, stop: frozenset[str], min_chars: int, max_chars: int, numbers: bool) -> tuple[str, ...]:
    """The terms of one raw word (cached: news repeats its words, and the rules are not cheap)."""
    if len(raw) > max_chars:
        return ()
    if UNSPACED_RE.search(raw):
        folded = raw.casefold()
        return tuple(folded[i : i + 2] for i in range(max(1, len(folded) - 1)))
    word = fold(raw)
    if len(word) < min_chars or word in stop:
        return ()
    if word.isdigit():
        return (word,) if numbers else ()
    word = _light_stem(word)
    return () if word in stop else (word,)


def name_term(name: str) -> str:
    """The term of a place or speaker name.

    >>> name_term("  Kyiv  City ")
    'n:kyiv city'
    """
    return _NAME_PREFIX + " ".join(fold(name).split())


def _top(weights: Mapping[str, float], k: int) -> list[tuple[str, float]]:
    """The ``k`` heaviest items, ties at the cut alphabetical (deterministic), in no particular order."""
    if len(weights) <= k:
        return list(weights.items())
    if k <= 0:
        return []
    cut = heapq.nlargest(k, weights.values())[-1]
    kept = [(t, x) for t, x in weights.items() if x > cut]
    ties = sorted(t for t, x in weights.items() if x == cut)
    kept.extend((t, cut) for t in ties[: k - len(kept)])
    return kept


def _sq(values: Iterable[float]) -> float:
    values = list(values)
    return float(sum(map(operator.mul, values, values)))


def article_terms(article: ArticleText, config: StoryConfig = DEFAULT_STORY_CONFIG) -> dict[str, float]:
    """Term counts of an article: body words, title words (weighted), names (``n:`` terms).

    At most ``config.max_terms`` terms are kept, the most frequent first
    (ties: longer terms, then alphabetical), so the stored JSON stays bounded.

    >>> article_terms(ArticleText(1, "Floods in Valencia. Floods again.", title="Valencia floods", names=("Valencia",)))
    {'flood': 4.0, 'valencia': 3.0, 'n:valencia': 1.0}
    """
    counts: dict[str, float] = defaultdict(float, Counter(content_words(article.text, config)))
    for word in content_words(article.title, config):
        counts[word] += config.title_weight
    for name in article.names:
        if name.strip():
            counts[name_term(name)] += config.name_weight
    counts = {term: count for term, count in counts.items() if count > 0}  # a weight of 0 switches a kind off
    if len(counts) <= config.max_terms:
        return counts
    # the most frequent; among equal counts the longer (rarer, more telling) terms, then alphabetical
    cut = sorted(counts.values(), reverse=True)[config.max_terms - 1]
    kept = {term: count for term, count in counts.items() if count > cut}
    ties = sorted((term for term, count in counts.items() if count == cut), key=lambda t: (-len(t), t))
    kept.update((term, cut) for term in ties[: config.max_terms - len(kept)])
    return kept


# --------------------------------------------------------------------------
# Weights and vectors


@dataclass
class TermWeights:
    """Document frequencies over a window of articles, for IDF.

    >>> w = fit_term_weights([{"flood": 2.0, "valencia": 1.0}, {"flood": 1.0}])
    >>> (w.n_docs, w.df["flood"], round(w.idf("flood"), 3), w.idf("unseen") == w.idf("valencia"))
    (2, 2, 1.0, True)
    >>> TermWeights.from_dict(w.to_dict()) == w
    True
    """

    n_docs: int
    df: dict[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """Smoothed IDF; a term never seen gets the IDF of a term seen once (it is informative)."""
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 1))) + 1.0

    @functools.cached_property
    def _table(self) -> tuple[dict[str, float], float]:
        # every article of a window needs the idf of ~150 terms: compute them once
        # (so treat a TermWeights as frozen once used)
        return {t: self.idf(t) for t in self.df}, self.idf("")

    def to_dict(self) -> dict[str, Any]:
        return {"n_docs": self.n_docs, "df": dict(sorted(self.df.items()))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TermWeights:
        n_docs = int(data["n_docs"])
        df = {str(t): int(c) for t, c in dict(data.get("df", {})).items()}
        if n_docs < 0 or any(c < 1 for c in df.values()):
            raise ValueError("TermWeights: n_docs must be >= 0 and every df >= 1")
        return cls(n_docs, df)


def fit_term_weights(term_counts: Iterable[Mapping[str, float]], max_vocab: int = 200_000) -> TermWeights:
    """Count in how many articles each term occurs.

    Only the ``max_vocab`` most frequent terms are kept (ties alphabetical):
    the dropped ones are rare and get the IDF of ``df=1``, close to their own.
    """
    df: dict[str, int] = defaultdict(int)
    n_docs = 0
    for terms in term_counts:
        n_docs += 1
        for term, count in terms.items():
            if count > 0:
                df[term] += 1
    if len(df) > max_vocab:
        kept = heapq.nsmallest(max_vocab, df.items(), key=lambda kv: (-kv[1], kv[0]))
        return TermWeights(n_docs, dict(kept))
    return TermWeights(n_docs, dict(df))


def article_vector(
    terms: Mapping[str, float], weights: TermWeights, config: StoryConfig = DEFAULT_STORY_CONFIG
) -> dict[str, float]:
    """Sublinear TF times IDF, the ``config.vector_terms`` heaviest terms, l2-normalised.

    The result is sorted by term, so sums over it are reproducible.

    >>> w = fit_term_weights([{"flood": 1.0, "rain": 1.0}, {"rain": 1.0}])
    >>> {t: round(x, 3) for t, x in article_vector({"flood": 1.0, "rain": 1.0}, w).items()}
    {'flood': 0.815, 'rain': 0.58}
    """
    table, unseen = weights._table
    idf, log = table.get, math.log
    raw = {t: (1.0 + log(c) if c > 1.0 else c) * idf(t, unseen) for t, c in terms.items() if c > 0}
    top = _top(raw, config.vector_terms)
    top.sort()
    norm = math.sqrt(_sq(x for _, x in top))
    if norm == 0.0:
        return {}
    return {t: x / norm for t, x in top}


# --------------------------------------------------------------------------
# Time


def timestamp(moment: datetime | None) -> float | None:
    """Seconds since the epoch; naive datetimes are read as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return (moment - _EPOCH_NAIVE).total_seconds()
    return (moment - _EPOCH).total_seconds()


def _decay(t: float | None, lo: float | None, hi: float | None, config: StoryConfig) -> float:
    """:func:`time_decay` on timestamps."""
    if t is None or lo is None or hi is None:
        return config.undated_decay
    gap = max(lo - t, t - hi, 0.0) / _DAY
    if gap <= config.decay_grace_days:
        return 1.0
    return float(0.5 ** ((gap - config.decay_grace_days) / config.decay_half_life_days))


def time_decay(
    published: datetime | None,
    first: datetime | None,
    last: datetime | None,
    config: StoryConfig = DEFAULT_STORY_CONFIG,
) -> float:
    """The factor on a story's score for an article published at ``published``.

    1.0 inside the story's span (and ``decay_grace_days`` around it), then
    halving every ``decay_half_life_days``; ``undated_decay`` when either side
    has no date (default 1.0: undated articles are neither helped nor penalised).

    >>> from datetime import datetime
    >>> d = datetime(2024, 3, 1)
    >>> [round(time_decay(datetime(2024, 3, day), d, d), 3) for day in (1, 2, 4, 15)]
    [1.0, 1.0, 0.5, 0.011]
    """
    return _decay(timestamp(published), timestamp(first), timestamp(last), config)


def publication_order(published: datetime | None, article_id: int) -> tuple[bool, float, int]:
    """The sort key of publication order: dated articles by time, then undated ones; ties by id.

    >>> sorted([(3, None), (2, datetime(2024, 1, 2)), (1, None)], key=lambda a: publication_order(a[1], a[0]))
    [(2, datetime.datetime(2024, 1, 2, 0, 0)), (1, None), (3, None)]
    """
    ts = timestamp(published)
    return (ts is None, ts or 0.0, article_id)


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


# --------------------------------------------------------------------------
# Batch: neighbour edges (per chunk) and the replayed online pass


def similarity_edges(
    vectors: Sequence[tuple[int, Mapping[str, float], datetime | None]],
    chunk_ids: Collection[int],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
    stats: WorkStats | None = None,
) -> list[tuple[int, int, float]]:
    """Edges ``(a, b, score)`` from each article ``a`` of ``chunk_ids`` to its nearest neighbours ``b``.

    ``vectors`` is the whole window; ``score`` is the cosine times the pair's
    time decay. Each row is computed alone, so the edges of a partition of
    the ids into chunks, put together, are exactly the edges of one call with
    all ids (sorted by ``a``, then score descending, then ``b``).

    Bounded work: candidates are the articles sharing one of ``a``'s
    ``edge_terms`` top terms, where each term reaches at most
    ``max_postings`` articles (half its heaviest, half its earliest), and
    only the ``edge_candidates`` sharing most terms get an exact cosine. A
    live blog republished 2,000 times costs 2,000 x ``edge_candidates``
    cosines, not 2,000^2.

    >>> v = {"flood": 0.8, "valencia": 0.6}
    >>> similarity_edges([(1, v, None), (2, v, None), (3, {"chess": 1.0}, None)], [1])
    [(1, 2, 1.0)]
    """
    rows = sorted(vectors, key=lambda r: r[0])
    row_of_id = {r[0]: k for k, r in enumerate(rows)}
    if len(row_of_id) != len(rows):
        raise ValueError("similarity_edges: article ids must be unique")
    where = np.array(sorted(row_of_id[i] for i in set(chunk_ids) if i in row_of_id), dtype=np.int64)
    if len(where) == 0:
        return []
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    times = np.array([np.nan if (ts := timestamp(r[2])) is None else ts for r in rows], dtype=np.float64)
    # rank in publication order (undated last, then by id: rows are sorted by id)
    arrival = np.empty(len(rows), dtype=np.int64)
    arrival[np.lexsort((np.arange(len(rows)), np.nan_to_num(times, nan=0.0), np.isnan(times)))] = np.arange(len(rows))
    X, Q, P = _matrices(rows, arrival, config)
    short = np.array([len(r[1]) < config.min_terms for r in rows], dtype=bool)
    edges: list[tuple[int, int, float]] = []
    for start in range(0, len(where), config.edge_block):
        block = where[start : start + config.edge_block]
        a, b = _candidates(Q[block] @ P, block, config)
        score = _pair_scores(X, a, b)
        if stats is not None:
            stats.pairs_scored += len(a)
        score *= _pair_decay(times[a], times[b], config)
        keep = (score >= config.edge_floor) & (~(short[a] | short[b]) | (score >= config.short_join_threshold))
        a, b, score = a[keep], b[keep], score[keep]
        # the edge_k best per row (ties: the neighbour's id; b indexes the sorted ids), and
        # the edge_earlier best among those published before it: the replay only looks back,
        # and in a big drifting story the best neighbours can all be later reports
        order = np.lexsort((b, -score, a))
        a, b, score = a[order], b[order], score[order]
        keep = _rank_within(a) < config.edge_k
        before = np.flatnonzero(arrival[b] < arrival[a])
        keep[before[_rank_within(a[before]) < config.edge_earlier]] = True
        edges.extend(zip(ids[a[keep]].tolist(), ids[b[keep]].tolist(), score[keep].tolist(), strict=True))
    return edges


def _matrices(
    rows: Sequence[tuple[int, Mapping[str, float], datetime | None]], arrival: Any, config: StoryConfig
) -> tuple[Any, Any, Any]:
    """X: normalised vectors; Q: top-term indicator per row; P: Q with each term's postings capped.

    Columns are the terms in alphabetical order and every row's entries are
    sorted by column, so the sums of a row's products never depend on the
    other rows (which is what makes chunked and whole runs agree).
    """
    n = len(rows)
    chain = itertools.chain.from_iterable
    terms = list(chain(v.keys() for _, v, _ in rows))
    weights = np.array(list(chain(v.values() for _, v, _ in rows)), dtype=np.float64)
    row_of = np.repeat(np.arange(n, dtype=np.int64), [len(v) for _, v, _ in rows])
    vocab = sorted(set(terms))
    index = {t: j for j, t in enumerate(vocab)}
    col_of = np.array(list(map(index.__getitem__, terms)), dtype=np.int64)
    del terms, index
    positive = weights > 0
    row_of, col_of, weights = row_of[positive], col_of[positive], weights[positive]
    norms = np.sqrt(np.bincount(row_of, weights=weights * weights, minlength=n))
    weights = weights / np.where(norms > 0, norms, 1.0)[row_of]
    shape = (n, len(vocab))
    X = sp.csr_matrix((weights, (row_of, col_of)), shape=shape)
    X.sort_indices()
    # From here on the entries are in (row, column) order: a stable sort on "row, then
    # heavier first" (weights are at most 1, rows 4 apart) keeps ties alphabetical, at a
    # tenth of the cost of a three-key lexsort.
    row_of, col_of, weights = np.repeat(np.arange(n, dtype=np.int64), np.diff(X.indptr)), X.indices, X.data
    order = np.argsort(row_of * 4.0 - weights, kind="stable")
    top = order[_rank_within(row_of[order]) < config.edge_terms]  # each row's heaviest edge_terms
    qr, qc, qw = row_of[top], col_of[top].astype(np.int64), weights[top]
    ones = np.ones(len(qr))
    Q = sp.csr_matrix((ones, (qr, qc)), shape=shape)
    # Per term, at most max_postings articles can be reached through it: its heaviest half
    # and its earliest half (ties: lower id). A term shared by a 2,000-copy live blog links
    # each copy to a few hundred of them, not to all, and the earliest keep the replay,
    # which looks back, in touch with where the story started.
    half = max(1, config.max_postings // 2)
    order = np.argsort(qc * 4.0 - qw, kind="stable")
    heavy = order[_rank_within(qc[order]) < half]
    order = np.lexsort((arrival[qr], qc))
    capped = np.union1d(heavy, order[_rank_within(qc[order]) < half])
    P = sp.csr_matrix((ones[capped], (qc[capped], qr[capped])), shape=(len(vocab), n))
    return X, Q, P


def _rank_within(groups: Any) -> Any:
    """For a sorted array of group keys, each element's position inside its group."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, sizes)


def _candidates(shared: Any, block: Any, config: StoryConfig) -> tuple[Any, Any]:
    """Row indices ``a`` and candidate indices ``b``: the ``edge_candidates`` sharing most top terms."""
    coo = shared.tocoo()
    a, b, count = block[coo.row], coo.col.astype(np.int64), coo.data
    other = a != b
    a, b, count = a[other], b[other], count[other]
    order = np.lexsort((b, -count, a))
    a, b = a[order], b[order]
    keep = _rank_within(a) < config.edge_candidates
    return a[keep], b[keep]


def _pair_scores(X: Any, a: Any, b: Any, piece: int = 65536) -> Any:
    """Exact cosines of row pairs (elementwise products of gathered rows, summed in column order)."""
    out = np.empty(len(a), dtype=np.float64)
    for s in range(0, len(a), piece):
        rows_a, rows_b = X[a[s : s + piece]], X[b[s : s + piece]]
        out[s : s + piece] = np.asarray(rows_a.multiply(rows_b).sum(axis=1)).ravel()
    return out


def _pair_decay(ta: Any, tb: Any, config: StoryConfig) -> Any:
    gap = np.abs(ta - tb) / _DAY
    with np.errstate(invalid="ignore"):
        decayed = np.where(
            gap <= config.decay_grace_days,
            1.0,
            0.5 ** ((gap - config.decay_grace_days) / config.decay_half_life_days),
        )
    return np.where(np.isnan(gap), config.undated_decay, decayed)


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
    edges: Iterable[tuple[int, int, float]],
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
    position = {article: k for k, article in enumerate(order)}
    earlier: dict[int, dict[int, float]] = defaultdict(dict)  # article -> earlier neighbour -> best score
    for a, b, score in edges:
        pa, pb = position.get(a), position.get(b)
        if pa is None or pb is None or pa == pb:
            continue
        late, early = (a, b) if pa > pb else (b, a)
        if score > earlier[late].get(early, -math.inf):
            earlier[late][early] = score
    stories: list[_Story] = []
    story_of: dict[int, int] = {}
    pin_story: dict[int, int] = {}
    for article in order:
        pin = pinned.get(article)
        links: dict[int, float] = defaultdict(float)  # story -> summed edge scores to its members
        for neighbour, score in sorted(earlier.get(article, {}).items()):
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
        for late, known in earlier.items():
            for early in known:
                neighbours[late].add(early)
                neighbours[early].add(late)
        held = set(pinned) | set(copies) | set(copies.values())  # pinned and copy groups stay as placed
        _refine(order, neighbours, story_of, times, vectors, held, config)
    smallest: dict[int, int] = {}
    for article in ids:
        smallest.setdefault(story_of[article], article)
    return {article: smallest[story_of[article]] for article in ids}


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
