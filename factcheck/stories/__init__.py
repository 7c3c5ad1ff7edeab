"""Stories in the database: the bridge from ``factcheck.core.stories`` (clustering, copies)
and ``factcheck.core.facts`` (fact frames) to the models, one module per idea:

- :mod:`.assignment`: :func:`assign_story` places one arriving article (the ``StoryTerm``
  index of recent stories' top terms, the best above the threshold or a new story), and
  :func:`assign_stories` a batch of them in a few queries;
- :mod:`.copies`: an article that is a near-copy of another of its story joins that copy group;
- :mod:`.comparison`: :func:`compare_story` / :func:`compare_stories` compare the figures
  inside stories by their frame and store the findings, honouring editors' decisions;
- :mod:`.recluster`: the nightly re-clustering (:func:`start_recluster`) reworks the recent
  window in chunks spread over the workers; articles an editor placed stay where they are;
- :mod:`.config`: the story, match and frame configs and the term weights they all use.

The names other code uses are importable from ``factcheck.stories`` as before.
"""

from __future__ import annotations

from factcheck.stories.assignment import (
    BATCH_FROM,
    MAX_CANDIDATES,
    NEW_STORY_KEYS,
    article_names,
    article_text,
    assign_missing_stories,
    assign_stories,
    assign_story,
    candidate_stories,
    refresh_summaries,
)
from factcheck.stories.comparison import (
    apply_decisions,
    compare_stories,
    compare_story,
    decisions_for,
    origins,
    stories_to_compare,
    story_figures,
)
from factcheck.stories.config import (
    FIT_ON_THE_SPOT,
    REFIT_FROM,
    _weights,
    forget_match_config,
    frame_config,
    match_config,
    story_config,
    term_weights,
)
from factcheck.stories.copies import MAX_COPY_CHECKS
from factcheck.stories.recluster import (
    RECLUSTER_LOCK,
    apply_clustering,
    chunk_window,
    drop_chunk_window,
    finish_recluster,
    fit_window_weights,
    pack_edges,
    plan_recluster,
    recluster_edges,
    recluster_here,
    run_vectors,
    start_recluster,
    term_weights_for_window,
    unpack_edges,
    window_articles,
    window_vectors,
)

__all__ = [
    "BATCH_FROM",
    "FIT_ON_THE_SPOT",
    "MAX_CANDIDATES",
    "MAX_COPY_CHECKS",
    "NEW_STORY_KEYS",
    "RECLUSTER_LOCK",
    "REFIT_FROM",
    "_weights",
    "apply_clustering",
    "apply_decisions",
    "article_names",
    "article_text",
    "assign_missing_stories",
    "assign_stories",
    "assign_story",
    "candidate_stories",
    "compare_stories",
    "compare_story",
    "decisions_for",
    "chunk_window",
    "drop_chunk_window",
    "finish_recluster",
    "pack_edges",
    "fit_window_weights",
    "forget_match_config",
    "frame_config",
    "match_config",
    "origins",
    "plan_recluster",
    "recluster_edges",
    "recluster_here",
    "run_vectors",
    "unpack_edges",
    "refresh_summaries",
    "start_recluster",
    "stories_to_compare",
    "story_config",
    "story_figures",
    "term_weights",
    "term_weights_for_window",
    "window_articles",
    "window_vectors",
]
