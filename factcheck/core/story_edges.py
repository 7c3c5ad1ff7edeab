"""Neighbour edges for batch story re-clustering (a pure function core).

:func:`similarity_edges` gives each article of a chunk its nearest neighbours in
the window, with bounded work (capped postings, a fixed number of exact
cosines per article), so workers can compute chunks apart and the replay in
:func:`factcheck.core.stories.cluster_edges` joins them.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

from .story_vectors import _DAY, DEFAULT_STORY_CONFIG, StoryConfig, WorkStats, timestamp

# --------------------------------------------------------------------------
# Batch: neighbour edges (per chunk) and the replayed online pass


@dataclass(frozen=True, slots=True)
class WindowIndex:
    """A window's vectors as the edge search needs them, built once and shared by its chunks.

    ``ids`` (sorted), publication ``times`` (NaN: undated) and ``arrival`` rank; ``X`` the
    normalised vectors, ``Q`` each row's top-term indicator, ``P`` the capped postings
    (see :func:`_matrices`); ``short`` marks one-liners. ``vocab`` names X's columns and
    ``raw`` holds the vectors' own weights in X's order, so :meth:`vectors` gives them back
    bit for bit (the finish step needs them and need not read the window again).
    """

    ids: Any
    times: Any
    arrival: Any
    X: Any
    Q: Any
    P: Any
    short: Any
    vocab: Sequence[str] = ()
    raw: Any = None

    def __len__(self) -> int:
        return len(self.ids)

    def vectors(self, block: int = 20_000) -> dict[int, dict[str, float]]:
        """Article id -> its vector as given (terms in alphabetical order).

        >>> window = window_index([(4, {"flood": 0.6, "rain": 0.8}, None), (2, {}, None)])
        >>> window.vectors()
        {2: {}, 4: {'flood': 0.6, 'rain': 0.8}}
        """
        out: dict[int, dict[str, float]] = {}
        term = self.vocab.__getitem__
        indptr, ids = self.X.indptr, self.ids.tolist()
        for start in range(0, len(ids), block):  # bounded temporary lists
            stop = min(start + block, len(ids))
            lo = int(indptr[start])
            cols = self.X.indices[lo : indptr[stop]].tolist()
            raw = self.raw[lo : indptr[stop]].tolist()
            ends = (indptr[start + 1 : stop + 1] - lo).tolist()
            begin = 0
            for pk, end in zip(ids[start:stop], ends, strict=True):
                out[pk] = dict(zip(map(term, cols[begin:end]), raw[begin:end], strict=True))
                begin = end
        return out


@dataclass(frozen=True, slots=True)
class EdgeArrays:
    """Edges as three parallel arrays (article id, neighbour id, score): what chunks send, compactly."""

    a: Any
    b: Any
    score: Any

    def __len__(self) -> int:
        return len(self.a)

    def tuples(self) -> list[tuple[int, int, float]]:
        return list(zip(self.a.tolist(), self.b.tolist(), self.score.tolist(), strict=True))

    @classmethod
    def concat(cls, parts: Sequence[EdgeArrays]) -> EdgeArrays:
        if not parts:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        return cls(*(np.concatenate([getattr(p, k) for p in parts]) for k in ("a", "b", "score")))


def window_index(
    vectors: Sequence[tuple[int, Mapping[str, float], datetime | None]], config: StoryConfig = DEFAULT_STORY_CONFIG
) -> WindowIndex:
    """The window's matrices for :func:`chunk_edges` (the costly, shared half of :func:`similarity_edges`)."""
    rows = sorted(vectors, key=lambda r: r[0])
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    if len(np.unique(ids)) != len(ids):
        raise ValueError("similarity_edges: article ids must be unique")
    times = np.array([np.nan if (ts := timestamp(r[2])) is None else ts for r in rows], dtype=np.float64)
    # rank in publication order (undated last, then by id: rows are sorted by id)
    arrival = np.empty(len(rows), dtype=np.int64)
    arrival[np.lexsort((np.arange(len(rows)), np.nan_to_num(times, nan=0.0), np.isnan(times)))] = np.arange(len(rows))
    X, Q, P, vocab, raw = _matrices(rows, arrival, config)
    short = np.array([len(r[1]) < config.min_terms for r in rows], dtype=bool)
    return WindowIndex(ids, times, arrival, X, Q, P, short, vocab, raw)


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
    all ids (sorted by ``a``, then score descending, then ``b``). Workers build
    the window once (:func:`window_index`) and call :func:`chunk_edges` per chunk.

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
    return chunk_edges(window_index(vectors, config), chunk_ids, config, stats).tuples()


def chunk_edges(
    index: WindowIndex,
    chunk_ids: Collection[int],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
    stats: WorkStats | None = None,
) -> EdgeArrays:
    """The edges of :func:`similarity_edges` for ``chunk_ids``, on a window built once.

    >>> v = {"flood": 0.8, "valencia": 0.6}
    >>> window = window_index([(1, v, None), (2, v, None), (3, {"chess": 1.0}, None)])
    >>> chunk_edges(window, [1, 3]).tuples()
    [(1, 2, 1.0)]
    """
    wanted = np.array(sorted(set(chunk_ids)), dtype=np.int64)
    found = np.searchsorted(index.ids, wanted)
    inside = found < len(index.ids)
    found, wanted = found[inside], wanted[inside]
    where = found[index.ids[found] == wanted]
    parts: list[EdgeArrays] = []
    X, Q, P, times, arrival, short = index.X, index.Q, index.P, index.times, index.arrival, index.short
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
        parts.append(EdgeArrays(index.ids[a[keep]], index.ids[b[keep]], score[keep]))
    return EdgeArrays.concat(parts)


def _matrices(
    rows: Sequence[tuple[int, Mapping[str, float], datetime | None]], arrival: Any, config: StoryConfig
) -> tuple[Any, Any, Any, list[str], Any]:
    """X: normalised vectors; Q: top-term indicator per row; P: Q with each term's postings capped;
    the vocabulary (X's columns) and the rows' own weights in X's order.

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
    shape = (n, len(vocab))
    # the rows' own weights, sorted as X's entries; X divides each by its row's norm
    X = sp.csr_matrix((weights, (row_of, col_of)), shape=shape)
    X.sort_indices()
    raw = X.data.copy()
    X.data /= np.where(norms > 0, norms, 1.0)[np.repeat(np.arange(n, dtype=np.int64), np.diff(X.indptr))]
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
    return X, Q, P, vocab, raw


def _rank_within(groups: Any) -> Any:
    """For a sorted array of group keys, each element's position inside its group."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, sizes)


def _candidates(shared: Any, block: Any, config: StoryConfig) -> tuple[Any, Any]:
    """Row indices ``a`` and candidate indices ``b``: the ``edge_candidates`` sharing most top terms.

    Ordered by row, most shared terms first, then candidate index. A row of a big window
    reaches thousands of candidates: first each row's cut (the fewest shared terms that
    still fill ``edge_candidates``) is read from a histogram of the counts, and only the
    candidates at or above it are sorted (sorting all of them was most of a chunk's time).
    """
    top = int(config.edge_terms)  # a count of shared top terms is at most edge_terms
    n_rows = shared.shape[0]
    rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(shared.indptr))
    b, count = shared.indices.astype(np.int64), shared.data.astype(np.int64)
    a = block[rows]
    other = a != b
    rows, a, b, count = rows[other], a[other], b[other], count[other]
    histogram = np.bincount(rows * (top + 1) + count, minlength=n_rows * (top + 1)).reshape(n_rows, top + 1)
    reach = np.cumsum(histogram[:, ::-1], axis=1) >= config.edge_candidates  # [r, j]: enough with count >= top - j
    cut = np.where(reach.any(axis=1), top - np.argmax(reach, axis=1), 0)
    above = count >= cut[rows]
    rows, a, b, count = rows[above], a[above], b[above], count[above]
    order = np.lexsort((b, top - count, rows))
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
