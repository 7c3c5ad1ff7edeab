"""Stories at ingest: each arriving article joins the best-matching recent story or starts
one (:func:`assign_story`; :func:`assign_stories` for a batch, in a few queries), found
through the ``StoryTerm`` index of stories' top terms.
"""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from factcheck.bulk_update import update_rows
from factcheck.core import copies as core_copies
from factcheck.core import matching
from factcheck.core import stories as core_stories
from factcheck.models import Article, Claim, Story, StoryTerm
from factcheck.models.stories import write_summaries
from factcheck.stories.config import REFIT_FROM, match_config, story_config, term_weights
from factcheck.stories.copies import _mark_copies, _mark_copy

# Stories looked at for one arriving article: the ones sharing most of its top terms.
MAX_CANDIDATES = 30


def _resolvers(config: matching.MatchConfig) -> tuple[Any, Any]:
    return matching.place_resolver(config), matching.speaker_resolver(config)


def article_names(
    article: Article,
    config: matching.MatchConfig | None = None,
    claims: Iterable[Claim] | None = None,
    resolvers: tuple[Any, Any] | None = None,
) -> tuple[str, ...]:
    """The places and speakers the article's claims name, as the cross-check resolves them.

    ``claims``: the article's claim rows when the caller has them (a batch just stored),
    instead of reading them again; ``resolvers``: the place and speaker resolvers, when
    the caller names many articles.
    """
    places, speakers = resolvers or _resolvers(config or match_config())
    if claims is None:
        rows: Iterable[tuple[str, str | None, str]] = article.claims.values_list(
            "location", "speaker__name", "speaker_name"
        )
    else:
        rows = ((c.location, c.speaker.name if c.speaker else None, c.speaker_name) for c in claims)
    found: set[str] = set()
    for location, speaker, speaker_name in rows:
        if location:
            found.add(places.resolve(location))
        if speaker or speaker_name:
            found.add(speakers.resolve(speaker or speaker_name))
    return tuple(sorted(n for n in found if n))


def article_text(article: Article, names: tuple[str, ...] = ()) -> core_stories.ArticleText:
    return core_stories.ArticleText(
        id=article.pk,
        text=article.text,
        title=article.title,
        published=article.published_at,
        source=article.source.name if article.source_id else "",
        names=names,
    )


def _most_shared(terms: Sequence[str], since: datetime, n: int) -> list[int]:
    """The ``n`` live stories active since ``since`` that share most of ``terms`` (ties: newest).

    Shared terms are counted from the term index alone (an index-only scan of (term, story));
    only the leading stories are then read to drop merged and quiet ones. Joining every
    posting to its story instead cost 40-100 ms at 1M articles (8,000 postings for 15 terms).
    """
    counts = StoryTerm.objects.filter(term__in=terms).values("story_id").annotate(shared=Count("story_id")).order_by()
    sql, params = counts.query.sql_with_params()
    with connection.cursor() as cursor:  # plain rows: thousands of them, no field conversions needed
        cursor.execute(sql, params)
        rows = [(shared, story_id) for story_id, shared in cursor.fetchall()]
    chosen: list[int] = []
    step = max(n, 100)
    ranked = heapq.nlargest(step, rows)  # most shared first, ties newest; all sorted only if these do not do
    for start in range(0, len(rows), step):
        if start == step:
            ranked = sorted(rows, reverse=True)
        ids = [story_id for _, story_id in ranked[start : start + step]]
        live = set(
            Story.objects.filter(pk__in=ids, last_activity__gte=since, merged_into__isnull=True).values_list(
                "pk", flat=True
            )
        )
        chosen += [i for i in ids if i in live][: n - len(chosen)]
        if len(chosen) >= n:
            break
    return chosen


def candidate_stories(vector: dict[str, float], since: datetime, exclude: int | None = None) -> list[Any]:
    config = story_config()
    lookup = core_stories.index_terms(vector, config)
    if not lookup:
        return []
    ids = [i for i in _most_shared(lookup, since, MAX_CANDIDATES + 1) if i != exclude][:MAX_CANDIDATES]
    stories = Story.objects.filter(pk__in=ids).only(
        "pk", "centroid", "first_published", "last_published", "article_count"
    )
    return [
        core_stories.StoryCandidate(
            id=s.pk,
            centroid=s.centroid,
            first_published=s.first_published,
            last_published=s.last_published,
            size=s.article_count,
        )
        for s in stories
    ]


def _write_index(story: Story) -> None:
    terms = core_stories.index_terms(story.centroid, story_config())
    StoryTerm.objects.filter(story=story).exclude(term__in=terms).delete()
    StoryTerm.objects.bulk_create([StoryTerm(story=story, term=t[:80]) for t in terms], ignore_conflicts=True)


def assign_story(article: Article, claims: Iterable[Claim] | None = None) -> Story:
    """Put ``article`` in the best-matching recent story, or a new one; runs in the caller's
    transaction (ingest) so an article is never stored without its story."""
    config = story_config()
    with transaction.atomic():
        vector = _story_vector(article, config, term_weights(), claims)
        received = article.ingested_at or timezone.now()
        since = received - timedelta(days=settings.STORY_WINDOW_DAYS)
        chosen, _score = core_stories.best_story(vector, article.published_at, candidate_stories(vector, since), config)
        story = Story.objects.select_for_update().filter(pk=chosen).first() if chosen else None
        if story is None:
            story = Story.objects.create(title=article.title[:500], last_activity=received, centroid={})
        story.centroid = core_stories.add_to_centroid(story.centroid, vector, config)
        story.last_activity = max(story.last_activity, received)
        story.save(update_fields=["centroid", "last_activity"])
        _write_index(story)
        article.story = story
        article.save(update_fields=["story", "story_terms", "copy_signature"])
        _mark_copy(article)
        story.refresh_summary()
    return story


def _story_vector(
    article: Article,
    config: core_stories.StoryConfig,
    weights: core_stories.TermWeights,
    claims: Any = None,
    resolvers: tuple[Any, Any] | None = None,
) -> dict[str, float]:
    """The article's story terms and copy signature (set on it), and its tf-idf vector."""
    _set_terms(article, config, claims, resolvers)
    return core_stories.article_vector(article.story_terms, weights, config)


def _set_terms(
    article: Article, config: core_stories.StoryConfig, claims: Any = None, resolvers: tuple[Any, Any] | None = None
) -> None:
    """The article's story terms and copy signature, set on it (the part that needs no weights)."""
    names = article_names(article, claims=claims, resolvers=resolvers)
    article.story_terms = core_stories.article_terms(article_text(article, names), config)
    article.copy_signature = core_copies.copy_signature(article.text, config)


# Below this newest article id, term weights are refitted for every article (see
# term_weights), so a batch is placed article by article to give the same stories.
BATCH_FROM = REFIT_FROM


NEW_STORY_KEYS = 2**62  # keys of the stories a batch starts, until they are stored


def assign_stories(articles: Sequence[Article], claims_of: dict[int, list[Claim]] | None = None) -> None:
    """Place a batch of just-stored articles in stories, in order, in a few queries.

    The same choice as :func:`assign_story` for each article in turn: stories created or
    joined earlier in the batch are candidates for the later ones, with their centroids as
    the batch left them. Stories, their index and their summaries are written once for the
    batch. Runs in the caller's transaction.
    """
    claims_of = claims_of or {}
    newest = max((a.pk for a in articles), default=0)
    if len(articles) < 2 or newest < BATCH_FROM:
        for article in articles:
            assign_story(article, claims_of.get(article.pk))
        return
    config, match = story_config(), match_config()
    for article in articles:
        # Each article's names resolved on their own, as one by one: a resolver shared by the
        # batch would make an article's terms depend on its neighbours (and cost O(batch²)).
        _set_terms(article, config, claims_of.get(article.pk), _resolvers(match))
    # Weighed with the batch's own terms: a first import into an empty workbench has nothing else.
    weights = term_weights({a.pk: a.story_terms for a in articles})
    vectors = [core_stories.article_vector(a.story_terms, weights, config) for a in articles]
    looked_up = _candidates_of_batch(articles, vectors)
    # Stories by key: their id, or for a story the batch starts, a key above every id (so
    # that, as one by one, an older story wins a tie). New stories are inserted together.
    touched: dict[int, Story] = {}
    new_keys = itertools.count(NEW_STORY_KEYS)
    first_before: dict[int, tuple[datetime | None, int]] = {}  # each story's first publication and size before
    index: dict[str, set[int]] = defaultdict(set)  # index term -> stories touched by the batch
    key_of_article: list[int] = []
    with transaction.atomic():
        for article, vector, found in zip(articles, vectors, looked_up, strict=True):
            received = article.ingested_at or timezone.now()
            candidates = {c.id: c for c in found}
            for key in {k for t in core_stories.index_terms(vector, config) for k in index.get(t, ())}:
                candidates[key] = _as_candidate(key, touched[key])
            candidates.update({k: _as_candidate(k, touched[k]) for k in candidates if k in touched})
            chosen, _score = core_stories.best_story(vector, article.published_at, list(candidates.values()), config)
            story = touched.get(chosen) if chosen else None
            key = chosen if story is not None else None
            if chosen and story is None:
                story = Story.objects.select_for_update().filter(pk=chosen).first()
                key = chosen if story is not None else None
            if key is None:
                key = next(new_keys)
            if story is None:
                story = Story(title=article.title[:500], last_activity=received, centroid={})
            story.centroid = core_stories.add_to_centroid(story.centroid, vector, config)
            story.last_activity = max(story.last_activity, received)
            if key not in touched:
                first_before[key] = (story.first_published, story.article_count)
            _count_in(story, article)
            touched[key] = story
            for term in core_stories.index_terms(story.centroid, config):
                index[term].add(key)
            key_of_article.append(key)
        Story.objects.bulk_create([story for story in touched.values() if story.pk is None], batch_size=500)
        for article, key in zip(articles, key_of_article, strict=True):
            article.story = touched[key]
        update_rows(articles, ["story", "story_terms", "copy_signature"])
        update_rows([story for key, story in touched.items() if key < NEW_STORY_KEYS], ["centroid", "last_activity"])
        _write_indexes(list(touched.values()))
        # Alone in its story, an article has nothing to be a copy of.
        _mark_copies([a for a, key in zip(articles, key_of_article, strict=True) if touched[key].article_count > 1])
        batch_first: dict[int, datetime] = {}
        for article, key in zip(articles, key_of_article, strict=True):
            if article.published_at is not None:
                earliest = batch_first.get(key)
                batch_first[key] = min(earliest or article.published_at, article.published_at)
        # A story's title is its earliest titled article's: read again only where that may have changed.
        retitle = {
            touched[key].pk
            for key, (first, size) in first_before.items()
            if (first is None and touched[key].article_count > 1)
            or (key in batch_first and first is not None and batch_first[key] <= first)
            or (size == 0 and touched[key].article_count > 1)
        }
        refresh_summaries(list(touched.values()), retitle)


def _candidates_of_batch(
    articles: Sequence[Article], vectors: list[dict[str, float]]
) -> list[list[core_stories.StoryCandidate]]:
    """:func:`candidate_stories` for each article of a batch, in two queries for all of them."""
    config = story_config()
    lookups = [core_stories.index_terms(vector, config) for vector in vectors]
    now = timezone.now()
    since = [(a.ingested_at or now) - timedelta(days=settings.STORY_WINDOW_DAYS) for a in articles]
    holders: dict[str, list[tuple[int, datetime]]] = defaultdict(list)
    rows = StoryTerm.objects.filter(
        term__in={t for terms in lookups for t in terms},
        story__last_activity__gte=min(since, default=now),
        story__merged_into__isnull=True,
    ).values_list("term", "story_id", "story__last_activity")
    for term, story_id, active in rows:
        holders[term].append((story_id, active))
    chosen: list[list[int]] = []
    for terms, after in zip(lookups, since, strict=True):
        shared: dict[int, int] = defaultdict(int)
        for term in terms:
            for story_id, active in holders.get(term, ()):
                if active >= after:
                    shared[story_id] += 1
        chosen.append(sorted(shared, key=lambda i: (-shared[i], -i))[:MAX_CANDIDATES])
    wanted = {i for ids in chosen for i in ids}
    stories = {
        s.pk: core_stories.StoryCandidate(
            id=s.pk,
            centroid=s.centroid,
            first_published=s.first_published,
            last_published=s.last_published,
            size=s.article_count,
        )
        for s in Story.objects.filter(pk__in=wanted).only(
            "pk", "centroid", "first_published", "last_published", "article_count"
        )
    }
    return [[stories[i] for i in ids if i in stories] for ids in chosen]


def refresh_summaries(stories: list[Story], retitle: set[int] | None = None) -> None:
    """:meth:`Story.refresh_summary` for many stories, titles read again for ``retitle``
    (all when None): :func:`~factcheck.models.stories.write_summaries`."""
    write_summaries(stories, retitle, empty_too=False)


def _as_candidate(key: int, story: Story) -> core_stories.StoryCandidate:
    return core_stories.StoryCandidate(
        id=key,
        centroid=story.centroid,
        first_published=story.first_published,
        last_published=story.last_published,
        size=story.article_count,
    )


def _count_in(story: Story, article: Article) -> None:
    """The story's span and size with ``article``, until its summary is recounted."""
    when = article.published_at
    if when is not None:
        story.first_published = min(story.first_published or when, when)
        story.last_published = max(story.last_published or when, when)
    story.article_count += 1


def _write_indexes(stories: list[Story]) -> None:
    config = story_config()
    StoryTerm.objects.filter(story__in=stories).delete()
    StoryTerm.objects.bulk_create(
        [StoryTerm(story=s, term=t[:80]) for s in stories for t in core_stories.index_terms(s.centroid, config)],
        batch_size=2000,
        ignore_conflicts=True,
    )


def assign_missing_stories(progress: Callable[[int, int], None] | None = None) -> int:
    """Stories for articles that have none (stored before stories existed, or by hand)."""
    missing = Article.objects.filter(story__isnull=True).order_by("published_at", "pk")
    total = missing.count()
    for done, article in enumerate(missing.select_related("source").iterator(chunk_size=200), start=1):
        assign_story(article)
        if progress:
            progress(done, total)
    return total
