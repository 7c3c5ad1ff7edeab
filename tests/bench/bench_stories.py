"""Benchmark story clustering on synthetic articles (a script, not a test).

    .venv/bin/python tests/bench/bench_stories.py            # 10k and 100k articles
    .venv/bin/python tests/bench/bench_stories.py 10000

The synthetic desk: generated words (a Zipf-distributed background
vocabulary of 30,000 words, plus 40 words of its own per story), a month of
publication times, stories of realistic sizes - most articles alone, many
stories of 2-10 reports, a few of 50-500 - each report 120-400 words with a
title and a few names, ~1% undated, and 5% syndicated copies (a report
republished by another outlet with a few words changed).

Prints, per size: time and peak memory of ``article_terms`` (all articles),
``fit_term_weights`` + ``article_vector``, ``similarity_edges`` over 4 chunks
(run one after the other: each is what one worker does), ``cluster_edges``
(with vectors, the default path, and from the edges alone), BCubed against
the generated stories, ``find_copies``, and the time of one ``best_story``
call with 20 candidates. Peak memory is tracemalloc's peak during the step
(Python and numpy allocations), measured in a second, traced run of that step
at 10k and for the edges of one chunk at 100k; the process peak RSS is printed
at the end.
"""

from __future__ import annotations

import gc
import itertools
import math
import random
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from factcheck.core.copies import find_copies  # noqa: E402
from factcheck.core.stories import (  # noqa: E402
    DEFAULT_STORY_CONFIG,
    ArticleText,
    StoryCandidate,
    add_to_centroid,
    article_terms,
    article_vector,
    best_story,
    cluster_edges,
    fit_term_weights,
    similarity_edges,
)

ONSETS = ["k", "kh", "z", "s", "sh", "ch", "v", "m", "p", "l", "d", "b", "t", "r", "n", "h", "g", "f"]
NUCLEI = ["a", "o", "i", "e", "u", "ai", "ou", "ei"]
START = datetime(2024, 1, 1, 6)
T = TypeVar("T")


def make_words(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    words: list[str] = []
    while len(words) < n:
        word = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def story_sizes(rng: random.Random, n: int) -> list[int]:
    """Most stories have one report, many 2-10, some 11-49, a few 50-500 (about 1 per 3,000 articles)."""
    sizes: list[int] = []
    total = 0
    while total < n:
        r = rng.random()
        if r < 0.0015:
            size = rng.randint(50, 500)
        elif r < 0.02:
            size = rng.randint(11, 49)
        elif r < 0.30:
            size = rng.randint(2, 10)
        else:
            size = 1
        size = min(size, n - total)
        sizes.append(size)
        total += size
    return sizes


def generate(n: int, seed: int = 11) -> tuple[list[ArticleText], dict[int, int]]:
    """``n`` articles and their generated story."""
    rng = random.Random(seed)
    vocab = make_words(random.Random(1), 30_000 + 40 * n // 3)
    background, specific = vocab[:30_000], vocab[30_000:]
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 1.07 for i in range(len(background))))
    names = [w.capitalize() for w in make_words(random.Random(2), 3000)]
    articles: list[ArticleText] = []
    gold: dict[int, int] = {}
    next_specific = 0
    for story, size in enumerate(story_sizes(rng, n)):
        own = [specific[(next_specific + k) % len(specific)] for k in range(40)]
        next_specific += 40
        story_names = rng.sample(names, 3)
        start = START + timedelta(minutes=rng.randrange(30 * 24 * 60))
        spread = 60 * (6 if size < 50 else 48)  # big stories run for two days
        for _ in range(size):
            aid = len(articles) + 1
            length = rng.randint(120, 400)
            k_own = max(8, int(length * rng.uniform(0.15, 0.3)))
            body = rng.choices(own[:30], k=k_own) + rng.choices(background, cum_weights=cum, k=length - k_own)
            rng.shuffle(body)
            title = rng.sample(own[:20], 4) + rng.choices(background, cum_weights=cum, k=4)
            when = start + timedelta(minutes=rng.randrange(spread)) if rng.random() > 0.01 else None
            article_names = tuple(rng.sample(story_names, rng.randint(0, 3)))
            articles.append(
                ArticleText(aid, " ".join(body), " ".join(title), when, f"outlet {aid % 40}", article_names)
            )
            gold[aid] = story
            if rng.random() < 0.05 and len(articles) < n:
                # a syndicated copy: another outlet, a few words changed, half an hour later
                cid = len(articles) + 1
                words = body[:]
                for _ in range(5):
                    words[rng.randrange(len(words))] = rng.choice(background[:500])
                later = when + timedelta(minutes=30) if when else None
                articles.append(ArticleText(cid, " ".join(words), " ".join(title), later, "wire", article_names))
                gold[cid] = story
        if len(articles) >= n:
            break
    return articles[:n], {a.id: gold[a.id] for a in articles[:n]}


def bcubed(pred: dict[int, int], gold: dict[int, int]) -> tuple[float, float, float]:
    pm: dict[int, set[int]] = defaultdict(set)
    gm: dict[int, set[int]] = defaultdict(set)
    for i in gold:
        pm[pred[i]].add(i)
        gm[gold[i]].add(i)
    p = sum(len(pm[pred[i]] & gm[gold[i]]) / len(pm[pred[i]]) for i in gold) / len(gold)
    r = sum(len(pm[pred[i]] & gm[gold[i]]) / len(gm[gold[i]]) for i in gold) / len(gold)
    return p, r, 2 * p * r / (p + r)


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def traced_peak_mb(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(n: int) -> None:
    config = DEFAULT_STORY_CONFIG
    articles, gold = generate(n)
    sizes: dict[int, int] = defaultdict(int)
    for g in gold.values():
        sizes[g] += 1
    print(
        f"\n== {n:,} articles: {len(sizes):,} stories ({sum(s == 1 for s in sizes.values()):,} single, "
        f"{sum(2 <= s <= 10 for s in sizes.values()):,} of 2-10, {sum(s >= 50 for s in sizes.values())} of 50+, "
        f"largest {max(sizes.values())})",
        flush=True,
    )
    trace = n <= 10_000

    def terms_step() -> dict[int, dict[str, float]]:
        return {a.id: article_terms(a, config) for a in articles}

    terms, t_terms = timed(terms_step)
    mem = f"{traced_peak_mb(terms_step):.0f} MB" if trace else "-"
    per = 1e6 * t_terms / n
    print(f"article_terms        {t_terms:7.1f} s  ({per:.0f} us/article)  peak {mem}", flush=True)

    def vectors_step() -> dict[int, dict[str, float]]:
        weights = fit_term_weights(terms.values())
        return {i: article_vector(t, weights, config) for i, t in terms.items()}

    vectors, t_vec = timed(vectors_step)
    mem = f"{traced_peak_mb(vectors_step):.0f} MB" if trace else "-"
    print(f"weights + vectors    {t_vec:7.1f} s  peak {mem}", flush=True)

    published = {a.id: a.published for a in articles}
    rows = [(i, vectors[i], published[i]) for i in sorted(vectors)]
    ids = sorted(vectors)
    chunks = [ids[k::4] for k in range(4)]
    edges: list[tuple[int, int, float]] = []
    chunk_times = []
    for chunk in chunks:
        part, t_chunk = timed(lambda chunk=chunk: similarity_edges(rows, chunk, config))
        edges.extend(part)
        chunk_times.append(t_chunk)
    mem_mb = traced_peak_mb(lambda: similarity_edges(rows, chunks[0], config))
    print(
        f"similarity_edges     {sum(chunk_times):7.1f} s  over 4 chunks "
        f"({', '.join(f'{t:.1f}' for t in chunk_times)} s), "
        f"{len(edges):,} edges, peak {mem_mb:.0f} MB for one chunk",
        flush=True,
    )

    labels, t_cluster = timed(lambda: cluster_edges(ids, published, edges, config, vectors=vectors))
    mem = (
        f"{traced_peak_mb(lambda: cluster_edges(ids, published, edges, config, vectors=vectors)):.0f} MB"
        if trace
        else "-"
    )
    p, r, f = bcubed(labels, gold)
    print(
        f"cluster_edges        {t_cluster:7.1f} s  (with vectors) peak {mem}; {len(set(labels.values())):,} stories, "
        f"BCubed P {p:.3f} R {r:.3f} F1 {f:.3f}",
        flush=True,
    )
    labels2, t_cluster2 = timed(lambda: cluster_edges(ids, published, edges, config))
    p, r, f = bcubed(labels2, gold)
    print(
        f"cluster_edges        {t_cluster2:7.1f} s  (edges only)   {len(set(labels2.values())):,} stories, "
        f"BCubed P {p:.3f} R {r:.3f} F1 {f:.3f}",
        flush=True,
    )
    del labels2

    links, t_copies = timed(lambda: find_copies(articles, config))
    print(f"find_copies          {t_copies:7.1f} s  {len(links):,} copy links", flush=True)

    # best_story with 20 candidates: centroids of real stories of the window
    rng = random.Random(3)
    centroids: dict[int, dict[str, float]] = defaultdict(dict)
    members: dict[int, int] = defaultdict(int)
    for i in ids[: min(n, 20_000)]:
        centroids[gold[i]] = add_to_centroid(centroids[gold[i]], vectors[i], config)
        members[gold[i]] += 1
    pool = [StoryCandidate(s, c, START, START + timedelta(days=1), members[s]) for s, c in centroids.items()]
    calls = 5000
    probes = [(vectors[rng.choice(ids)], rng.sample(pool, 20)) for _ in range(calls)]
    _, t_best = timed(lambda: [best_story(v, START, cands, config) for v, cands in probes])
    norms = {c.id: math.sqrt(sum(x * x for x in c.centroid.values())) for c in pool}
    cached = [(v, [replace(c, norm=norms[c.id]) for c in cs]) for v, cs in probes]
    _, t_best_cached = timed(lambda: [best_story(v, START, cands, config) for v, cands in cached])
    print(
        f"best_story           {1e6 * t_best / calls:7.0f} us per call with 20 candidates "
        f"({1e6 * t_best_cached / calls:.0f} us with stored norms)",
        flush=True,
    )


def main(sizes: list[int]) -> None:
    for n in sizes:
        run(n)
        gc.collect()
    print(f"\npeak RSS of the process: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
