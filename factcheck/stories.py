"""Stories in the database: the bridge from ``factcheck.core.stories`` (clustering, copies)
and ``factcheck.core.facts`` (fact frames) to the models.

- :func:`assign_story` places one arriving article: it looks up recent stories sharing one
  of its top terms (the ``StoryTerm`` index), joins the best above the threshold or starts
  a new story, and marks it a copy of an earlier article of that story when it is one.
- :func:`compare_story` compares the figures inside one story by their frame and stores the
  findings (conflict, possible conflict, update), honouring editors' decisions.
- The nightly re-clustering (:func:`start_recluster`) reworks the recent window in chunks
  spread over the workers; articles an editor placed stay where they are.
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from factcheck.bulk_update import update_rows
from factcheck.core import copies as core_copies
from factcheck.core import facts as core_facts
from factcheck.core import matching
from factcheck.core import stories as core_stories
from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    FindingDecision,
    PlaceAlias,
    Speaker,
    Story,
    StoryTerm,
    TermStats,
    figure_identity,
)
from factcheck.models.stories import pair_key

log = logging.getLogger(__name__)

# Stories looked at for one arriving article: the ones sharing most of its top terms.
MAX_CANDIDATES = 30
# Below this many articles in the window, term weights are fitted on the spot (a new desk,
# the demo); above it, the nightly re-clustering's stored weights are used.
FIT_ON_THE_SPOT = 5000
# A story's articles whose copy signatures an arriving article is checked against.
MAX_COPY_CHECKS = 500


# ---------------------------------------------------------------- configuration


def story_config() -> core_stories.StoryConfig:
    return core_stories.DEFAULT_STORY_CONFIG


def match_config() -> matching.MatchConfig:
    """Place aliases from the admin-edited table, speaker aliases from the Speaker model."""
    cached = cache.get("factcheck:match-config")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    places = dict(PlaceAlias.objects.values_list("name", "canonical"))
    speakers: dict[str, str] = {}
    for name, aliases in Speaker.objects.exclude(aliases=[]).values_list("name", "aliases"):
        for alias in aliases or ():
            if isinstance(alias, str) and alias.strip():
                speakers[alias] = name
    config = matching.MatchConfig(place_aliases=places, speaker_aliases=speakers, builtin_aliases=False)
    cache.set("factcheck:match-config", config, timeout=60)
    return config


def forget_match_config(**_: Any) -> None:
    cache.delete("factcheck:match-config")


def frame_config() -> core_facts.FrameConfig:
    """The matcher's aliases plus the gazetteer's hierarchy and spellings (built once per process)."""
    from factcheck.places import place_parents, place_spellings

    return core_facts.FrameConfig(
        match=match_config(), place_parents=place_parents(), place_spellings=place_spellings()
    )


_weights: dict[str, Any] = {}
REFIT_FROM = 200  # below this many articles the weights are fitted again for each new one


def term_weights() -> core_stories.TermWeights:
    """The idf of story terms: the nightly run's, or fitted now on a small database."""
    stats = TermStats.objects.order_by("-computed_at").values_list("pk", "computed_at", "n_docs").first()
    if stats and stats[2] >= FIT_ON_THE_SPOT:
        key = ("stored", stats[0], stats[1])
        if _weights.get("key") != key:
            row = TermStats.objects.get(pk=stats[0])
            _weights.update(key=key, value=core_stories.TermWeights(n_docs=row.n_docs, df=dict(row.df)))
        return _weights["value"]  # type: ignore[no-any-return]
    recent = Article.objects.exclude(story_terms={}).order_by("-pk")
    newest = recent.values_list("pk", flat=True).first() or 0
    fitted = _weights.get("key")
    # Fitted again as articles come, but not on every one once there are a few hundred:
    # a tenth more articles barely moves an idf, and refitting each time costs O(n) per article.
    if not (
        isinstance(fitted, tuple)
        and fitted[0] == "fitted"
        and (newest == fitted[1] or fitted[1] >= REFIT_FROM and newest - fitted[1] < fitted[1] // 10)
    ):
        terms = recent.values_list("story_terms", flat=True)[:FIT_ON_THE_SPOT]
        _weights.update(key=("fitted", newest), value=core_stories.fit_term_weights(terms))
    return _weights["value"]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- one article


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


def _candidates(vector: dict[str, float], since: datetime, exclude: int | None = None) -> list[Any]:
    config = story_config()
    lookup = core_stories.index_terms(vector, config)
    if not lookup:
        return []
    hits = (
        StoryTerm.objects.filter(term__in=lookup, story__last_activity__gte=since, story__merged_into__isnull=True)
        .values("story_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-story_id")[:MAX_CANDIDATES]
    )
    ids = [h["story_id"] for h in hits if h["story_id"] != exclude]
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
        chosen, _score = core_stories.best_story(vector, article.published_at, _candidates(vector, since), config)
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
    names = article_names(article, claims=claims, resolvers=resolvers)
    article.story_terms = core_stories.article_terms(article_text(article, names), config)
    article.copy_signature = core_copies.copy_signature(article.text, config)
    return core_stories.article_vector(article.story_terms, weights, config)


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
    config, weights = story_config(), term_weights()
    resolvers = _resolvers(match_config())
    vectors = [_story_vector(article, config, weights, claims_of.get(article.pk), resolvers) for article in articles]
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
    """:func:`_candidates` for each article of a batch, in two queries for all of them."""
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
    """:meth:`Story.refresh_summary` for many stories: one aggregate query, one update,
    and titles read again for the stories in ``retitle`` (all when None)."""
    if not stories:
        return
    from django.db.models import Max, Min

    summary = {
        row["story_id"]: row
        for row in Article.objects.filter(story__in=stories)
        .values("story_id")
        .annotate(
            n=Count("pk"),
            sources=Count("source", distinct=True),
            first=Min("published_at"),
            last=Max("published_at"),
            received=Max("ingested_at"),
        )
        .order_by()
    }
    titled = []
    for story in stories:
        row = summary.get(story.pk)
        if row is None:
            continue
        story.article_count, story.source_count = row["n"], row["sources"]
        story.first_published, story.last_published = row["first"], row["last"]
        if row["received"] and row["received"] > story.last_activity:
            story.last_activity = row["received"]
        if retitle is None or story.pk in retitle or not story.title:
            titled.append(story)
    for story in titled:
        first = (
            Article.objects.filter(story=story)
            .exclude(title="")
            .order_by(F("published_at").asc(nulls_last=True), "pk")
            .values_list("title", flat=True)
            .first()
        )
        story.title = (first or story.title or "")[:500]
    update_rows(
        [story for story in stories if story.pk in summary],
        ["article_count", "source_count", "first_published", "last_published", "last_activity", "title"],
    )


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


def _mark_copy(article: Article) -> None:
    """A near-copy of an article of its story joins that copy group, whose origin is the
    earliest published; arriving late but published first, it becomes the origin."""
    config = story_config()
    mine = article.copy_signature
    if not mine or mine[0] <= 0:
        return
    others = list(
        Article.objects.filter(story_id=article.story_id)
        .exclude(pk=article.pk)
        .order_by("-pk")
        .values_list("pk", "copy_signature", "copy_of_id")[:MAX_COPY_CHECKS]
    )
    best: tuple[float, int, int | None] | None = None
    for pk, signature, copy_of in others:
        # Shared shingles over the smaller article's: a brief cut from the wire is a copy too.
        containment = max(
            core_copies.estimate_containment(mine, signature), core_copies.estimate_containment(signature, mine)
        )
        if containment >= config.copy_threshold and (best is None or containment > best[0]):
            best = (containment, pk, copy_of)
    if best is None:
        return
    containment, pk, copy_of = best
    origin_id = copy_of or pk
    origin = Article.objects.filter(pk=origin_id).values_list("published_at", flat=True).first()
    if _earlier(article.published_at, article.pk, origin, origin_id):
        # Arrived late but published first: it is the origin of the whole group.
        Article.objects.filter(Q(pk=origin_id) | Q(copy_of_id=origin_id)).update(copy_of=article)
        Article.objects.filter(pk=origin_id).update(copy_containment=containment)
        return
    Article.objects.filter(pk=article.pk).update(copy_of_id=origin_id, copy_containment=containment)
    article.copy_of_id, article.copy_containment = origin_id, containment


def _mark_copies(articles: list[Article]) -> None:
    """:func:`_mark_copy` for a batch, in order, with one read of their stories' other articles.

    Each article is checked against its story's articles stored before the batch and the
    batch's earlier ones, as one by one.
    """
    if not articles:
        return
    config = story_config()
    mine = {a.pk for a in articles}
    pools: dict[int, list[list[Any]]] = defaultdict(list)  # story -> [pk, signature, copy_of, published], newest first
    rows = (
        Article.objects.filter(story_id__in={a.story_id for a in articles})
        .exclude(pk__in=mine)
        .order_by("-pk")
        .values_list("story_id", "pk", "copy_signature", "copy_of_id", "published_at")
    )
    for story_id, *row in rows:
        if len(pools[story_id]) < MAX_COPY_CHECKS:
            pools[story_id].append(row)
    for article in articles:
        pool = pools[article.story_id]
        signature = article.copy_signature
        best: tuple[float, list[Any]] | None = None
        if signature and signature[0] > 0:
            for row in pool[:MAX_COPY_CHECKS]:
                containment = max(
                    core_copies.estimate_containment(signature, row[1]),
                    core_copies.estimate_containment(row[1], signature),
                )
                if containment >= config.copy_threshold and (best is None or containment > best[0]):
                    best = (containment, row)
        if best is not None:
            containment, row = best
            origin_id = row[2] or row[0]
            origin = next((r for r in pool if r[0] == origin_id), None)
            origin_published = (
                origin[3]
                if origin
                else Article.objects.filter(pk=origin_id).values_list("published_at", flat=True).first()
            )
            if _earlier(article.published_at, article.pk, origin_published, origin_id):
                Article.objects.filter(Q(pk=origin_id) | Q(copy_of_id=origin_id)).update(copy_of=article)
                Article.objects.filter(pk=origin_id).update(copy_containment=containment)
                for r in pool:
                    if r[0] == origin_id or r[2] == origin_id:
                        r[2] = article.pk
            else:
                Article.objects.filter(pk=article.pk).update(copy_of_id=origin_id, copy_containment=containment)
                article.copy_of_id, article.copy_containment = origin_id, containment
        pool.insert(0, [article.pk, signature, article.copy_of_id, article.published_at])


def _earlier(a: datetime | None, a_id: int, b: datetime | None, b_id: int) -> bool:
    """Publication order: dated before undated, then by time, then by id."""
    return (a is None, a or timezone.now(), a_id) < (b is None, b or timezone.now(), b_id)


def assign_missing_stories(progress: Callable[[int, int], None] | None = None) -> int:
    """Stories for articles that have none (stored before stories existed, or by hand)."""
    missing = Article.objects.filter(story__isnull=True).order_by("published_at", "pk")
    total = missing.count()
    for done, article in enumerate(missing.select_related("source").iterator(chunk_size=200), start=1):
        assign_story(article)
        if progress:
            progress(done, total)
    return total


# ---------------------------------------------------------------- comparing inside a story


def story_figures(story_id: int) -> list[matching.FactFigure]:
    """The comparable figures of a story's claims (each carries its part-of link and story)."""
    from factcheck.crosscheck import fact_figures

    return list(fact_figures(Figure.objects.filter(claim__article__story_id=story_id)))


def origins(story_id: int) -> dict[int, int]:
    """Article id -> the article it copies, for the story's copies."""
    return dict(Article.objects.filter(story_id=story_id, copy_of__isnull=False).values_list("pk", "copy_of_id"))


def decisions_for(findings: Sequence[matching.Finding]) -> dict[frozenset[int], FindingDecision]:
    """The latest editor decision for each pair of these findings' members that has one.

    Pairs are matched by the figures' stable identity, so a decision made before the
    article was extracted again (new figure rows) still applies.
    """
    ids = {i for f in findings for i in f.member_ids}
    rows = Figure.objects.filter(pk__in=list(ids)).values_list("pk", "claim__article_id", "claim__sentence_key", "text")
    identity = {pk: figure_identity(article, key, text) for pk, article, key, text in rows}
    by_pair: dict[str, frozenset[int]] = {}
    for finding in findings:
        members = sorted(m for m in finding.member_ids if m in identity)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                by_pair[pair_key(identity[a], identity[b])] = frozenset((a, b))
    latest: dict[frozenset[int], FindingDecision] = {}
    decisions = FindingDecision.objects.filter(pair__in=list(by_pair)).select_related("user")
    for decision in decisions.order_by("created_at", "pk"):
        latest[by_pair[decision.pair]] = decision
    return latest


def apply_decisions(
    findings: Sequence[matching.Finding],
    decided: dict[frozenset[int], FindingDecision],
    article_of: dict[int, int],
) -> list[matching.Finding]:
    """Editors' word over the comparer's: pairs marked "different facts" are never raised
    again; a possible conflict whose pairs were all confirmed "same fact" is a conflict."""
    from dataclasses import replace

    out = []
    for finding in findings:
        members = list(finding.member_ids)

        def verdicts(a: int, rest: list[int]) -> list[str | None]:
            return [
                decided[frozenset((a, b))].decision if frozenset((a, b)) in decided else None
                for b in rest
                if article_of.get(a) != article_of.get(b)
            ]

        kept = [m for m in members if not _all_different(verdicts(m, [o for o in members if o != m]))]
        if len(kept) < 2 or len({article_of.get(m) for m in kept}) < 2:
            continue
        if len(kept) != len(members):
            finding = replace(finding, member_ids=tuple(kept))
        pairs = [
            decided.get(frozenset((a, b)))
            for i, a in enumerate(kept)
            for b in kept[i + 1 :]
            if article_of.get(a) != article_of.get(b)
        ]
        if (
            finding.kind == "possible_conflict"
            and pairs
            and all(p is not None and p.decision == FindingDecision.Decision.SAME for p in pairs)
        ):
            who = sorted({p.user.get_username() for p in pairs if p is not None and p.user})
            finding = replace(
                finding,
                kind="conflict",
                explanation=f"{finding.explanation} Confirmed as one fact by {', '.join(who) or 'an editor'}.",
            )
        out.append(finding)
    return out


def _all_different(verdicts: list[str | None]) -> bool:
    return bool(verdicts) and all(v == FindingDecision.Decision.DIFFERENT for v in verdicts)


def _covered_pairs(story_id: int) -> set[frozenset[int]]:
    """Pairs of the story's figures already related by a cross-story finding (the matcher's)."""
    through = Conflict.members.through
    groups: dict[int, list[int]] = defaultdict(list)
    rows = through.objects.filter(
        figure__claim__article__story_id=story_id, conflict__story__isnull=True, conflict__status=Conflict.Status.OPEN
    ).exclude(conflict__kind=Conflict.Kind.INTERNAL)
    for conflict_id, figure_id in rows.values_list("conflict_id", "figure_id"):
        groups[conflict_id].append(figure_id)
    return {frozenset((a, b)) for ids in groups.values() for i, a in enumerate(ids) for b in ids[i + 1 :]}


def compare_story(story_id: int) -> dict[str, int]:
    """Compare the figures inside one story by their frame, and store what disagrees."""
    from factcheck.crosscheck import refresh_conflict_flags, store_findings

    figures = story_figures(story_id)
    article_of = {f.id: f.article_id for f in figures}
    config = frame_config()
    found = core_facts.compare_story(story_id, figures, config, origin_of=origins(story_id))
    covered = _covered_pairs(story_id)
    fresh = [
        f
        for f in found
        if not all(
            frozenset((a, b)) in covered
            for i, a in enumerate(f.member_ids)
            for b in f.member_ids[i + 1 :]
            if article_of.get(a) != article_of.get(b)
        )
    ]
    findings = apply_decisions(fresh, decisions_for(fresh), article_of)
    scope = Conflict.objects.filter(story_id=story_id)
    counts = store_findings(findings, scope, story_id=story_id)
    facts = core_facts.story_facts(story_id, figures, config, origin_of=origins(story_id))
    Story.objects.filter(pk=story_id).update(
        fact_count=len(facts),
        conflict_count=Conflict.objects.open()
        .filter(story_id=story_id, kind__in=[Conflict.Kind.CONFLICT, Conflict.Kind.POSSIBLE_CONFLICT])
        .count(),
    )
    refresh_conflict_flags(Claim.objects.filter(article__story_id=story_id))
    counts["figures"] = len(figures)
    return counts


def stories_to_compare() -> list[int]:
    """Stories of the cross-check window with articles from at least two sources."""
    stories = Story.objects.live().filter(source_count__gte=2)
    if settings.CROSSCHECK_DAYS:
        stories = stories.filter(last_activity__gte=timezone.now() - timedelta(days=settings.CROSSCHECK_DAYS))
    return list(stories.order_by("pk").values_list("pk", flat=True))


def compare_stories(story_ids: Iterable[int]) -> dict[str, int]:
    """:func:`compare_story` for many stories, a few queries for all of them (a batch
    ingest, a chunk of the nightly run): their figures, copies, already related pairs and
    editors' decisions are read once, findings stored once, flags refreshed once.

    A story of one article has nothing to compare unless it still holds findings (an
    article was moved out of it): those are left out.
    """
    from factcheck.crosscheck import claims_of_figures, refresh_conflict_flags, store_findings

    wanted = set(story_ids)
    ids = sorted(
        Story.objects.filter(pk__in=wanted)
        .filter(Q(article_count__gte=2) | Q(findings__status=Conflict.Status.OPEN))
        .values_list("pk", flat=True)
        .distinct()
    )
    if not ids:
        return {}
    from factcheck.crosscheck import fact_figures

    figures_of: dict[int, list[matching.FactFigure]] = defaultdict(list)
    for figure in fact_figures(Figure.objects.filter(claim__article__story_id__in=ids)):
        figures_of[figure.story_id or 0].append(figure)
    origins_of: dict[int, dict[int, int]] = defaultdict(dict)
    copies = Article.objects.filter(story_id__in=ids, copy_of__isnull=False)
    for story_id, pk, copy_of in copies.values_list("story_id", "pk", "copy_of_id"):
        origins_of[story_id][pk] = copy_of
    covered = _covered_pairs_of(ids)
    config = frame_config()
    article_of = {f.id: f.article_id for figures in figures_of.values() for f in figures}
    fresh: list[matching.Finding] = []
    fact_counts: dict[int, int] = {}
    from factcheck.crosscheck import signature

    for story_id in ids:
        figures, origin_of = figures_of.get(story_id, []), origins_of.get(story_id, {})
        found, fact_counts[story_id] = core_facts.compare_and_count(story_id, figures, config, origin_of=origin_of)
        for finding in found:
            pairs = [
                frozenset((a, b))
                for i, a in enumerate(finding.member_ids)
                for b in finding.member_ids[i + 1 :]
                if article_of.get(a) != article_of.get(b)
            ]
            if all(pair in covered[story_id] for pair in pairs):
                continue
            fresh.append(finding)
    findings = apply_decisions(fresh, decisions_for(fresh), article_of)
    story_of_figure = {f.id: story_id for story_id, figures in figures_of.items() for f in figures}
    story_of = {signature(f): story_of_figure[f.member_ids[0]] for f in findings}
    touched: set[int] = set()
    counts = store_findings(findings, Conflict.objects.filter(story_id__in=ids), story_of=story_of, touched=touched)
    _update_story_counts(ids, fact_counts)
    refresh_conflict_flags(claims_of_figures(touched))
    counts["figures"] = sum(len(figures_of.get(i, ())) for i in ids)
    return counts


def _covered_pairs_of(story_ids: list[int]) -> dict[int, set[frozenset[int]]]:
    """Per story, pairs of its figures already related by a cross-story finding (the matcher's)."""
    through = Conflict.members.through
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    rows = through.objects.filter(
        figure__claim__article__story_id__in=story_ids,
        conflict__story__isnull=True,
        conflict__status=Conflict.Status.OPEN,
    ).exclude(conflict__kind=Conflict.Kind.INTERNAL)
    fields = ("conflict_id", "figure_id", "figure__claim__article__story_id")
    for conflict_id, figure_id, story_id in rows.values_list(*fields):
        groups[(story_id, conflict_id)].append(figure_id)
    covered: dict[int, set[frozenset[int]]] = defaultdict(set)
    for (story_id, _), members in groups.items():
        covered[story_id].update(frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :])
    return covered


def _update_story_counts(story_ids: list[int], fact_counts: dict[int, int]) -> None:
    """Each story's facts and open (possible) conflicts, for the story list; one query per count."""
    open_findings = dict(
        Conflict.objects.open()
        .filter(story_id__in=story_ids, kind__in=[Conflict.Kind.CONFLICT, Conflict.Kind.POSSIBLE_CONFLICT])
        .values("story_id")
        .annotate(n=Count("pk"))
        .values_list("story_id", "n")
        .order_by()
    )
    stories = list(Story.objects.filter(pk__in=story_ids).only("pk", "fact_count", "conflict_count"))
    changed = []
    for story in stories:
        facts, conflicts = fact_counts.get(story.pk, 0), open_findings.get(story.pk, 0)
        if (story.fact_count, story.conflict_count) != (facts, conflicts):
            story.fact_count, story.conflict_count = facts, conflicts
            changed.append(story)
    update_rows(changed, ["fact_count", "conflict_count"])


# ---------------------------------------------------------------- nightly re-clustering

RECLUSTER_LOCK = "factcheck:stories:recluster"


def window_articles() -> Any:
    since = timezone.now() - timedelta(days=settings.STORY_RECLUSTER_DAYS)
    return Article.objects.filter(ingested_at__gte=since)


def window_vectors(weights: core_stories.TermWeights) -> list[tuple[int, dict[str, float], datetime | None]]:
    config = story_config()
    rows = window_articles().exclude(story_terms={}).order_by("pk").values_list("pk", "story_terms", "published_at")
    return [(pk, core_stories.article_vector(terms, weights, config), published) for pk, terms, published in rows]


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


def recluster_edges(chunk_ids: list[int]) -> list[tuple[int, int, float]]:
    """One chunk of the nightly re-clustering (on a worker): its articles' neighbour edges."""
    weights = term_weights_for_window()
    vectors = window_vectors(weights)
    return core_stories.similarity_edges(vectors, set(chunk_ids), story_config())


def term_weights_for_window() -> core_stories.TermWeights:
    row = TermStats.objects.order_by("-computed_at").first()
    if row is None:
        return fit_window_weights()
    return core_stories.TermWeights(n_docs=row.n_docs, df=dict(row.df))


def apply_clustering(edges: Iterable[tuple[int, int, float]]) -> dict[str, int]:
    """Rewrite the window's stories from the edges, keeping every editor's placement.

    Each group keeps the existing story most of its articles are in (so story ids, links
    and decisions hold); articles an editor placed are pinned to their story. Running it
    again on the same data changes nothing.
    """
    config = story_config()
    rows = list(window_articles().values_list("pk", "published_at", "story_id", "story_pinned", "copy_of_id"))
    published_of = {pk: published for pk, published, _, _, _ in rows}
    current = {pk: story for pk, _, story, _, _ in rows}
    pinned = {pk: story for pk, _, story, is_pinned, _ in rows if is_pinned and story}
    # A republished copy stays with its origin (one witness, one story).
    copies = {pk: origin for pk, _, _, _, origin in rows if origin and origin in published_of}
    # With the vectors, the replayed pass scores stories exactly as ingest does.
    vectors = {pk: vector for pk, vector, _ in window_vectors(term_weights_for_window())}
    labels = core_stories.cluster_edges(
        list(published_of), published_of, list(edges), config, pinned=pinned, vectors=vectors, copies=copies
    )
    groups: dict[int, list[int]] = defaultdict(list)
    for pk, label in labels.items():
        groups[label].append(pk)
    moved = created = 0
    touched: set[int] = set()
    taken: set[int] = set()
    # Largest groups choose their story first; a story goes to one group only.
    for label in sorted(groups, key=lambda g: (-len(groups[g]), min(groups[g]))):
        members = groups[label]
        votes: dict[int, int] = defaultdict(int)
        for pk in members:
            if current.get(pk):
                votes[current[pk]] += 1 + 1000 * (pk in pinned)
        choice = next((s for s, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if s not in taken), None)
        if choice is None:
            story = Story.objects.create(last_activity=timezone.now())
            choice, created = story.pk, created + 1
        taken.add(choice)
        changing = [pk for pk in members if current.get(pk) != choice and pk not in pinned]
        if changing:
            Article.objects.filter(pk__in=changing).update(story_id=choice)
            moved += len(changing)
            touched.update({choice, *(current[pk] for pk in changing if current.get(pk))})
    if touched:
        _rebuild(touched)
    return {
        "articles": len(rows),
        "moved": moved,
        "created": created,
        "stories": len(groups),
        "touched": sorted(touched),  # type: ignore[dict-item]
    }


def _rebuild(story_ids: set[int]) -> None:
    """Centroids, index terms and summaries of stories whose members changed, in bulk:
    a first re-clustering may touch most of a window's stories."""
    config = story_config()
    weights = term_weights()
    ids = sorted(story_ids)
    for start in range(0, len(ids), 2000):
        batch = ids[start : start + 2000]
        centroids: dict[int, dict[str, float]] = {pk: {} for pk in batch}
        members = Article.objects.filter(story_id__in=batch).order_by("pk").values_list("story_id", "story_terms")
        for story_id, terms in members.iterator(chunk_size=5000):
            vector = core_stories.article_vector(terms, weights, config)
            centroids[story_id] = core_stories.add_to_centroid(centroids[story_id], vector, config)
        stories = [Story(pk=pk, centroid=centroid) for pk, centroid in centroids.items()]
        Story.objects.bulk_update(stories, ["centroid"], batch_size=500)
        StoryTerm.objects.filter(story_id__in=batch).delete()
        StoryTerm.objects.bulk_create(
            [
                StoryTerm(story_id=pk, term=t[:80])
                for pk, c in centroids.items()
                for t in core_stories.index_terms(c, config)
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
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
        edges: list[tuple[int, int, float]] = []
        for i, chunk in enumerate(chunks, start=1):
            edges.extend(recluster_edges(chunk))
            if progress:
                progress(i, len(chunks))
        counts = apply_clustering(edges)
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
            chord((tasks.recluster_chunk.s(chunk) for chunk in chunks), tasks.recluster_finish.s(then_crosscheck))
        )
    )
    return len(chunks)


def finish_recluster(edges: list[tuple[int, int, float]]) -> dict[str, int]:
    """The apply step of the workers' re-clustering; releases its lock."""
    try:
        counts = apply_clustering(edges)
        counts.pop("touched")
        return counts
    finally:
        cache.delete(RECLUSTER_LOCK)
