"""Settings of the story code: the clustering and frame configs, the matcher's aliases
(cached), and the term weights that turn an article's terms into its story vector.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.cache import cache

from factcheck.core import facts as core_facts
from factcheck.core import matching
from factcheck.core import stories as core_stories
from factcheck.models import Article, PlaceAlias, Speaker, TermStats


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


# Below this many articles in the window, term weights are fitted on the spot (a new desk,
# the demo); above it, the nightly re-clustering's stored weights are used.
FIT_ON_THE_SPOT = 5000


def term_weights(batch: Mapping[int, Mapping[str, float]] | None = None) -> core_stories.TermWeights:
    """The idf of story terms: the nightly run's, or fitted now on a small database.

    ``batch``: article id -> story terms of articles being placed together, not yet stored
    with their terms. Fitted on the spot, the weights count them too: the first import
    into an empty workbench would otherwise be weighed on no articles at all.
    """
    stats = TermStats.objects.order_by("-computed_at").values_list("pk", "computed_at", "n_docs").first()
    if stats and stats[2] >= FIT_ON_THE_SPOT:
        key = ("stored", stats[0], stats[1])
        if _weights.get("key") != key:
            row = TermStats.objects.get(pk=stats[0])
            _weights.update(key=key, value=core_stories.TermWeights(n_docs=row.n_docs, df=dict(row.df)))
        return _weights["value"]  # type: ignore[no-any-return]
    batch = {pk: terms for pk, terms in (batch or {}).items() if terms}
    recent = Article.objects.exclude(story_terms={}).exclude(pk__in=list(batch)).order_by("-pk")
    newest = max([recent.values_list("pk", flat=True).first() or 0, *batch])
    fitted = _weights.get("key")
    # Fitted again as articles come, but not on every one once there are a few hundred:
    # a tenth more articles barely moves an idf, and refitting each time costs O(n) per article.
    if not (
        isinstance(fitted, tuple)
        and fitted[0] == "fitted"
        and (newest == fitted[1] or fitted[1] >= REFIT_FROM and newest - fitted[1] < fitted[1] // 10)
    ):
        stored = recent.values_list("story_terms", flat=True)[: max(0, FIT_ON_THE_SPOT - len(batch))]
        terms = [*batch.values(), *stored]
        _weights.update(key=("fitted", newest), value=core_stories.fit_term_weights(terms))
    return _weights["value"]  # type: ignore[no-any-return]
