"""Article vectors for story clustering: terms, TF-IDF weights, time (a pure function core).

The first half of :mod:`factcheck.core.stories`: what an article *is* to the
clusterer. :func:`article_terms` gives its bounded term counts (what the app
stores), :func:`fit_term_weights` the document frequencies of a window,
:func:`article_vector` its l2-normalised sublinear TF-IDF vector, and
:func:`time_decay` how publication time weakens a match. Every threshold is in
:class:`StoryConfig`.

>>> w = fit_term_weights([article_terms(ArticleText(1, "Floods hit Valencia overnight."))])
>>> sorted(article_vector(article_terms(ArticleText(2, "Valencia floods.")), w))
['flood', 'valencia']
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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
    reference design. ``join_threshold`` is the one that holds up under both
    kinds of term weights the app runs with: fitted on a whole window (the
    nightly run, BCubed F1 flat at 0.945-0.947 from 0.175 to 0.225) and refitted
    as a young database grows (ingest; 0.914 at 0.175, where early idfs are
    flat and inflate every cosine, 0.939 at 0.2).

    >>> StoryConfig().join_threshold
    0.2
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
    join_threshold: float = 0.2  # cosine to the story centroid (times the time decay) to join it
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
    # The k-th largest value: a heap pays off only when k is small against the items (a
    # centroid of 250 terms cut to 200 sorts ten times faster than it heaps).
    cut = heapq.nlargest(k, weights.values())[-1] if 4 * k < len(weights) else sorted(weights.values())[-k]
    kept = [(t, x) for t, x in weights.items() if x > cut]
    ties = sorted(t for t, x in weights.items() if x == cut)
    kept.extend((t, cut) for t in ties[: k - len(kept)])
    return kept


def _sq(values: Iterable[float]) -> float:
    """The squared norm (``math.hypot`` in C: a quarter of the time of a Python sum of squares)."""
    return math.hypot(*values) ** 2


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
