"""The nightly re-clustering's batch pieces at scale: one window index shared by chunks, edges as
arrays, and the replay reading them (factcheck.core.story_edges, factcheck.core.stories).

All texts are invented for these tests.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta

import numpy as np

from factcheck.core.stories import (
    ArticleText,
    EdgeArrays,
    _earlier_neighbours,
    article_terms,
    article_vector,
    chunk_edges,
    cluster_edges,
    fit_term_weights,
    similarity_edges,
    window_index,
)

DAY1 = datetime(2024, 3, 1, 8, 0)


def _window(n: int, seed: int = 3) -> list[tuple[int, dict[str, float], datetime | None]]:
    """Articles of a few invented stories (story words plus filler), some undated."""
    rng = random.Random(seed)
    stories = [[f"s{s}w{k}" for k in range(25)] for s in range(6)]
    filler = [f"filler{k}" for k in range(300)]
    articles = []
    for i in range(1, n + 1):
        words = rng.sample(stories[rng.randrange(6)], 12) + rng.sample(filler, 10)
        when = DAY1 + timedelta(hours=rng.randrange(96)) if rng.random() < 0.8 else None
        articles.append(ArticleText(i * 3, " ".join(words), published=when))
    weights = fit_term_weights(article_terms(a) for a in articles)
    return [(a.id, article_vector(article_terms(a), weights), a.published) for a in articles]


def test_it_finds_the_same_edges_chunk_by_chunk_on_one_shared_window():
    rows = _window(90)
    ids = [r[0] for r in rows]
    window = window_index(rows[::-1])  # built once, as a worker process does for its chunks
    parts = [chunk_edges(window, ids[k::4] + [10_000]) for k in range(4)]  # an id outside the window is ignored
    whole = similarity_edges(rows, ids)
    assert whole and sorted(EdgeArrays.concat(parts).tuples()) == sorted(whole)


def _reference_earlier(ids, order, edges):
    """What the replay did with tuples: per later article, each earlier neighbour's best score."""
    position = {article: k for k, article in enumerate(order)}
    earlier = defaultdict(dict)
    for a, b, score in edges:
        pa, pb = position.get(a), position.get(b)
        if pa is None or pb is None or pa == pb:
            continue
        late, early = (a, b) if pa > pb else (b, a)
        if score > earlier[late].get(early, -float("inf")):
            earlier[late][early] = score
    return {
        late: ([e for e, _ in sorted(known.items())], [s for _, s in sorted(known.items())])
        for late, known in earlier.items()
    }


def test_it_reads_the_earlier_neighbours_from_arrays_as_from_tuples():
    rng = random.Random(5)
    ids = list(range(1, 61))
    order = sorted(ids, key=lambda i: (rng.random(), i))
    # both directions of a pair with different scores, repeats, self-edges, unknown articles
    edges = [(rng.randint(1, 70), rng.randint(1, 60), round(rng.random(), 3)) for _ in range(900)]
    edges += [(b, a, s / 2) for a, b, s in edges[:100]] + [(7, 7, 0.9)]
    assert _earlier_neighbours(ids, order, edges) == _reference_earlier(ids, order, edges)


def test_it_replays_array_edges_exactly_as_tuples():
    rows = _window(120, seed=8)
    ids = [r[0] for r in rows]
    vectors = {i: v for i, v, _ in rows}
    published = {i: p for i, _, p in rows}
    window = window_index(rows)
    arrays = EdgeArrays.concat([chunk_edges(window, ids[k::3]) for k in range(3)])
    pinned = {ids[0]: 1, ids[5]: 1, ids[9]: 2}
    copies = {ids[20]: ids[3]}
    from_tuples = cluster_edges(ids, published, arrays.tuples(), pinned=pinned, vectors=vectors, copies=copies)
    shuffled = np.random.default_rng(2).permutation(len(arrays))
    reordered = EdgeArrays(arrays.a[shuffled], arrays.b[shuffled], arrays.score[shuffled])
    from_arrays = cluster_edges(ids[::-1], published, reordered, pinned=pinned, vectors=vectors, copies=copies)
    assert from_arrays == from_tuples
    assert len(set(from_tuples.values())) < len(ids)  # the fixture has stories to find
