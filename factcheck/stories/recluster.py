"""The nightly re-clustering: the recent window's neighbour edges computed in chunks
(:func:`start_recluster` on the workers, :func:`recluster_here` in-process), then the
stories rewritten from them; articles an editor placed stay where they are.

At scale (a million articles on two workers): a worker process reads and vectorises the
window once per run and keeps its matrices for its next chunks (:func:`chunk_window`);
chunks return their edges as packed arrays (:func:`pack_edges`), not JSON triples; the
finish step takes the vectors from its process's window (:func:`run_vectors`) and replays
the edges as arrays. Every step gives the same edges and stories as reading everything
again would, bit for bit.
"""

from __future__ import annotations

import base64
import logging
import uuid
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from factcheck.bulk_update import update_rows
from factcheck.core import stories as core_stories
from factcheck.models import Article, Story, StoryTerm, TermStats
from factcheck.stories.comparison import compare_stories
from factcheck.stories.config import story_config, term_weights

log = logging.getLogger(__name__)


RECLUSTER_LOCK = "factcheck:stories:recluster"


def window_articles() -> Any:
    since = timezone.now() - timedelta(days=settings.STORY_RECLUSTER_DAYS)
    return Article.objects.filter(ingested_at__gte=since)


def window_vectors(weights: core_stories.TermWeights) -> list[tuple[int, dict[str, float], datetime | None]]:
    config = story_config()
    rows = window_articles().exclude(story_terms={}).order_by("pk").values_list("pk", "story_terms", "published_at")
    return [(pk, core_stories.article_vector(terms, weights, config), published) for pk, terms, published in rows]


def window_vectors_known(
    weights: core_stories.TermWeights, known: Mapping[int, Mapping[str, float]]
) -> dict[int, Mapping[str, float]]:
    """The window's vectors: those ``known``, and the others (articles come in meanwhile) read."""
    if not known:
        return {pk: vector for pk, vector, _ in window_vectors(weights)}
    config = story_config()
    window = list(window_articles().exclude(story_terms={}).values_list("pk", flat=True))
    vectors = {pk: known[pk] for pk in window if pk in known}
    missing = [pk for pk in window if pk not in vectors]
    for start in range(0, len(missing), 5000):
        rows = Article.objects.filter(pk__in=missing[start : start + 5000]).values_list("pk", "story_terms")
        vectors.update((pk, core_stories.article_vector(terms, weights, config)) for pk, terms in rows)
    return vectors


def fit_window_weights() -> core_stories.TermWeights:
    """Fit the idf on the window's stored terms and keep it for ingest."""
    terms = window_articles().exclude(story_terms={}).values_list("story_terms", flat=True)
    weights = core_stories.fit_term_weights(terms.iterator(chunk_size=2000))
    TermStats.objects.all().delete()
    TermStats.objects.create(n_docs=weights.n_docs, df=weights.df)
    return weights


def plan_recluster(n_chunks: int) -> list[list[int]]:
    ids = list(window_articles().exclude(story_terms={}).order_by("pk").values_list("pk", flat=True))
    if not ids:
        return []
    size = max(1, -(-len(ids) // n_chunks))
    return [ids[i : i + size] for i in range(0, len(ids), size)]


# A worker process runs several chunks of one run: it reads and vectorises the window once
# per run, not once per chunk (eight reads of a million stored term lists were most of a
# chunk's time). The next task of another kind drops it (tasks._drop_recluster_window).
_window: dict[str, Any] = {}


def chunk_window(run: str | None = None) -> core_stories.WindowIndex:
    """The window's matrices for the chunks of run ``run`` (built again when the run changes)."""
    if run is not None and _window.get("run") == run:
        return _window["index"]  # type: ignore[no-any-return]
    drop_chunk_window()  # the last run's window goes before this one is built
    index = core_stories.window_index(window_vectors(term_weights_for_window()), story_config())
    if run is not None:
        _window.update(run=run, index=index)
    return index


def drop_chunk_window() -> None:
    _window.clear()


def run_vectors(run: str | None) -> dict[int, dict[str, float]]:
    """The vectors of run ``run``'s window if this process built it (then it is freed), else none."""
    index = _window.get("index") if run is not None and _window.get("run") == run else None
    drop_chunk_window()
    return index.vectors() if index is not None else {}


def recluster_edges(chunk_ids: list[int], run: str | None = None) -> core_stories.EdgeArrays:
    """One chunk of the nightly re-clustering (on a worker): its articles' neighbour edges."""
    return core_stories.chunk_edges(chunk_window(run), chunk_ids, story_config())


def pack_edges(edges: core_stories.EdgeArrays) -> dict[str, str]:
    """Edges as a chunk task returns them: compressed little-endian arrays, base64 for JSON.

    A window of a million articles has about ten million edges: as JSON lists of triples
    they were half a gigabyte through the result backend, and a Python tuple each in the
    finish step. Scores keep every bit (float64).
    """

    def pack(array: Any, dtype: str) -> str:
        return base64.b64encode(zlib.compress(np.ascontiguousarray(array, dtype=dtype).tobytes(), 1)).decode()

    return {"a": pack(edges.a, "<i8"), "b": pack(edges.b, "<i8"), "score": pack(edges.score, "<f8")}


def unpack_edges(packed: Mapping[str, str] | Iterable[Sequence[Any]]) -> core_stories.EdgeArrays:
    """The inverse of :func:`pack_edges` (a plain list of triples is read too)."""
    if not isinstance(packed, Mapping):
        rows = [tuple(edge) for edge in packed]
        return core_stories.EdgeArrays(
            np.array([r[0] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=np.float64),
        )

    def unpack(text: str, dtype: str) -> Any:
        return np.frombuffer(zlib.decompress(base64.b64decode(text)), dtype=dtype).astype(dtype[1:])

    a, b, score = unpack(packed["a"], "<i8"), unpack(packed["b"], "<i8"), unpack(packed["score"], "<f8")
    return core_stories.EdgeArrays(a, b, score)


def term_weights_for_window() -> core_stories.TermWeights:
    row = TermStats.objects.order_by("-computed_at").first()
    if row is None:
        return fit_window_weights()
    return core_stories.TermWeights(n_docs=row.n_docs, df=dict(row.df))


def apply_clustering(
    edges: Iterable[tuple[int, int, float]] | core_stories.EdgeArrays,
    known: Mapping[int, Mapping[str, float]] | None = None,
) -> dict[str, int]:
    """Rewrite the window's stories from the edges, keeping every editor's placement.

    Each group keeps the existing story most of its articles are in (so story ids, links
    and decisions hold); articles an editor placed are pinned to their story. Running it
    again on the same data changes nothing. ``known``: the window's vectors as the chunks
    made them (with this run's weights); the rest are read.
    """
    config = story_config()
    rows = list(window_articles().values_list("pk", "published_at", "story_id", "story_pinned", "copy_of_id"))
    published_of = {pk: published for pk, published, _, _, _ in rows}
    current = {pk: story for pk, _, story, _, _ in rows}
    pinned = {pk: story for pk, _, story, is_pinned, _ in rows if is_pinned and story}
    # A republished copy stays with its origin (one witness, one story).
    copies = {pk: origin for pk, _, _, _, origin in rows if origin and origin in published_of}
    # With the vectors, the replayed pass scores stories exactly as ingest does.
    weights = term_weights_for_window()
    vectors = window_vectors_known(weights, known or {})
    if not isinstance(edges, core_stories.EdgeArrays):
        edges = list(edges)
    labels = core_stories.cluster_edges(
        list(published_of), published_of, edges, config, pinned=pinned, vectors=vectors, copies=copies
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for pk, label in labels.items():
        groups[label].append(pk)
    moved = 0
    touched: set[int] = set()
    taken: set[int] = set()
    chosen: list[tuple[list[int], int | None]] = []  # each group and its story (None: a new one)
    # Largest groups choose their story first; a story goes to one group only.
    for label in sorted(groups, key=lambda g: (-len(groups[g]), min(groups[g]))):
        members = groups[label]
        votes: dict[int, int] = defaultdict(int)
        for pk in members:
            if current.get(pk):
                votes[current[pk]] += 1 + 1000 * (pk in pinned)
        choice = next((s for s, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if s not in taken), None)
        if choice is not None:
            taken.add(choice)
        chosen.append((members, choice))
    # The new stories in one statement, in the groups' order (a first run makes thousands).
    now = timezone.now()
    fresh = iter(Story.objects.bulk_create([Story(last_activity=now) for _, c in chosen if c is None], batch_size=2000))
    placed: list[tuple[int, int]] = []  # (article, its new story), written together
    for members, choice in chosen:
        story_id = choice if choice is not None else next(fresh).pk
        changing = [pk for pk in members if current.get(pk) != story_id and pk not in pinned]
        if changing:
            placed.extend((pk, story_id) for pk in changing)
            moved += len(changing)
            touched.update({story_id, *(current[pk] for pk in changing if current.get(pk))})
    created = sum(choice is None for _, choice in chosen)
    move_articles(placed)
    if touched:
        _rebuild(touched, vectors, weights)
    return {
        "articles": len(rows),
        "moved": moved,
        "created": created,
        "stories": len(groups),
        "touched": sorted(touched),  # type: ignore[dict-item]
    }


def move_articles(placed: Sequence[tuple[int, int]], batch: int = 20_000) -> None:
    """Set the story of many articles: ``(article id, story id)`` pairs.

    On PostgreSQL one ``UPDATE ... FROM unnest(...)`` per batch: a first run over a million
    articles moves hundreds of thousands, and one statement per row was minutes of it.
    """
    if connection.vendor != "postgresql":
        update_rows([Article(pk=pk, story_id=story) for pk, story in placed], ["story"])
        return
    quote = connection.ops.quote_name
    table, column = quote(Article._meta.db_table), quote(Article._meta.get_field("story").column)
    with connection.cursor() as cursor:
        for start in range(0, len(placed), batch):
            part = placed[start : start + batch]
            cursor.execute(
                f"UPDATE {table} AS a SET {column} = m.story FROM unnest(%s::bigint[], %s::bigint[]) "
                "AS m(id, story) WHERE a.id = m.id",
                [[pk for pk, _ in part], [story for _, story in part]],
            )


def _write_index_terms(rows: Sequence[tuple[int, str]]) -> None:
    """Insert (story, term) rows of the inverted index, skipping any already there.

    On PostgreSQL one ``INSERT ... SELECT FROM unnest(...)`` per batch (a first run over a
    million articles rewrites over a million rows; Django's ``bulk_create`` with
    ``ignore_conflicts`` builds a VALUES list instead).
    """
    if connection.vendor != "postgresql":
        StoryTerm.objects.bulk_create(
            [StoryTerm(story_id=pk, term=term) for pk, term in rows], batch_size=5000, ignore_conflicts=True
        )
        return
    quote = connection.ops.quote_name
    meta = StoryTerm._meta
    table = quote(meta.db_table)
    story, term = quote(meta.get_field("story").column), quote(meta.get_field("term").column)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 50_000):
            part = rows[start : start + 50_000]
            cursor.execute(
                f"INSERT INTO {table} ({story}, {term}) SELECT * FROM unnest(%s::bigint[], %s::text[]) "
                "ON CONFLICT DO NOTHING",
                [[pk for pk, _ in part], [t for _, t in part]],
            )


def _rebuild(
    story_ids: set[int],
    known: Mapping[int, Mapping[str, float]] | None = None,
    known_weights: core_stories.TermWeights | None = None,
) -> None:
    """Centroids, index terms and summaries of stories whose members changed, in bulk:
    a first re-clustering may touch most of a window's stories.

    ``known``: vectors the caller has, made with ``known_weights``; used when those are the
    weights ingest uses (they are, once the window is big enough to keep its own).
    """
    config = story_config()
    weights = term_weights()
    if known is None or known_weights is None or known_weights.to_dict() != weights.to_dict():
        known = {}
    ids = sorted(story_ids)
    for start in range(0, len(ids), 2000):
        batch = ids[start : start + 2000]
        centroids: dict[int, dict[str, float]] = {pk: {} for pk in batch}
        members = list(Article.objects.filter(story_id__in=batch).order_by("pk").values_list("story_id", "pk"))
        vectors = {pk: known[pk] for _, pk in members if pk in known}
        unknown = [pk for _, pk in members if pk not in vectors]  # members outside the window
        for part in range(0, len(unknown), 5000):
            rows = Article.objects.filter(pk__in=unknown[part : part + 5000]).values_list("pk", "story_terms")
            vectors.update((pk, core_stories.article_vector(terms, weights, config)) for pk, terms in rows)
        for story_id, pk in members:
            centroids[story_id] = core_stories.add_to_centroid(centroids[story_id], vectors[pk], config)
        stories = [Story(pk=pk, centroid=centroid) for pk, centroid in centroids.items()]
        update_rows(stories, ["centroid"])
        StoryTerm.objects.filter(story_id__in=batch).delete()
        _write_index_terms([(pk, t[:80]) for pk, c in centroids.items() for t in core_stories.index_terms(c, config)])
        Story.objects.filter(pk__in=batch).refresh_summaries()


def recluster_here(n_chunks: int | None = None, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """The nightly re-clustering in this process, chunk by chunk (commands, tests)."""
    token = uuid.uuid4().hex
    if not cache.add(RECLUSTER_LOCK, token, timeout=settings.CROSSCHECK_LOCK_SECONDS):
        # The lock lives in the cache: a refusal with no holder means the cache is unreachable.
        return {"refused": 1, "cache_down": int(cache.get(RECLUSTER_LOCK) is None)}
    try:
        fit_window_weights()
        chunks = plan_recluster(n_chunks or settings.STORY_CHUNKS)
        parts: list[core_stories.EdgeArrays] = []
        try:
            for i, chunk in enumerate(chunks, start=1):
                parts.append(recluster_edges(chunk, run=token))
                if progress:
                    progress(i, len(chunks))
        except BaseException:
            drop_chunk_window()
            raise
        counts = apply_clustering(core_stories.EdgeArrays.concat(parts), run_vectors(token))
        # Facts and findings of the stories whose members changed (on the workers, the
        # cross-check that follows the re-clustering does this).
        compare_stories(counts.pop("touched"))  # type: ignore[arg-type]
        return counts
    finally:
        if cache.get(RECLUSTER_LOCK) == token:
            cache.delete(RECLUSTER_LOCK)


def start_recluster(then_crosscheck: bool = True) -> int:
    """The nightly re-clustering on the workers: a chord of edge chunks, then the apply step.

    Returns the number of chunks sent (0 when another re-clustering holds the lock or the
    window is empty; the cross-check is then started at once if asked for).
    """
    from celery import chord

    from factcheck import outbox, tasks

    token = uuid.uuid4().hex
    if not cache.add(RECLUSTER_LOCK, token, timeout=settings.CROSSCHECK_LOCK_SECONDS):
        log.warning("re-clustering refused: another one is running")
        return 0
    fit_window_weights()
    chunks = plan_recluster(settings.STORY_CHUNKS)
    if not chunks:
        cache.delete(RECLUSTER_LOCK)
        if then_crosscheck:
            outbox.send(tasks.crosscheck, "nightly")
        return 0
    transaction.on_commit(
        lambda: outbox.send(
            chord(
                (tasks.recluster_chunk.s(chunk, token) for chunk in chunks),
                tasks.recluster_finish.s(then_crosscheck, token),
            )
        )
    )
    return len(chunks)


def finish_recluster(chunk_edges: Iterable[Any], run: str | None = None) -> dict[str, int]:
    """The apply step of the workers' re-clustering (each chunk's :func:`pack_edges`); releases its lock."""
    try:
        known = run_vectors(run)
        counts = apply_clustering(core_stories.EdgeArrays.concat([unpack_edges(part) for part in chunk_edges]), known)
        counts.pop("touched")
        return counts
    finally:
        cache.delete(RECLUSTER_LOCK)
