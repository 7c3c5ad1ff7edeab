"""The cross-source matcher's thresholds and default vocabularies, as one value.

:class:`MatchConfig` carries every number and table that matching, the name
resolvers and the story comparison use; nothing is read from settings. The
built-in tables (metric synonyms, cumulative tolls, vague metrics) are its
defaults; a deployment's own aliases and synonyms merge over them.

>>> MatchConfig().event_date_window_days, "killed" in DEFAULT_CONFIG.toll_metrics
(0, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

METRIC_SYNONYMS: Mapping[str, str] = {
    "dead": "killed",
    "deaths": "killed",
    "died": "killed",
    "wounded": "injured",
    "hurt": "injured",
}

# Whole metrics that name one fact in other words, compared as the one on the right. Jobs cut,
# jobs lost, workers laid off or made redundant are one count of job losses to an editor: "cut
# 110,000 jobs", "111,800 people could lose their jobs", "20,000 job cuts", "lay off 111,800".
METRIC_PHRASE_SYNONYMS: Mapping[str, str] = {
    "laid off": "jobs lost",
    "jobs cut": "jobs lost",
    "positions cut": "jobs lost",
    "posts cut": "jobs lost",
    "roles cut": "jobs lost",
    "positions lost": "jobs lost",
    "posts lost": "jobs lost",
}

# Counts of job losses. Their change ("shed 1,200 jobs": down) is the loss itself, not another
# fact, and a word for a workforce names everyone they befall, never a group inside it ("6,000
# staff laid off" is "6,000 jobs cut").
JOB_LOSS_METRICS: frozenset[str] = frozenset({"jobs lost"})
WORKFORCE_NOUNS: frozenset[str] = frozenset(
    {"staff", "employees", "employee", "workers", "worker", "personnel", "workforce", "jobs", "positions", "posts"}
)


# Cumulative tolls: a later, larger figure revises an earlier one.
TOLL_METRICS: frozenset[str] = frozenset(
    {
        "killed",
        "injured",
        "missing",
        "displaced",
        "evacuated",
        "arrested",
        "detained",
        "hospitalised",
        "hospitalized",
        "casualties",
        "rescued",
        "affected",
        "infected",
        "cases",
        "homeless",
        "captured",
        "abducted",
        "kidnapped",
        "damaged",
        "destroyed",
    }
)


VAGUE_METRICS: frozenset[str] = frozenset(
    {
        "money",
        "percent",
        "distance",
        "length",
        "weight",
        "mass",
        "volume",
        "area",
        "data",
        "time",
        "times",
        "duration",
        "temperature",
        "speed",
        "energy",
        "power",
        "people",
        "person",
        "thing",
        "number",
        "amount",
        "total",
        "figure",
        "year",
        "plus",
        "out",
    }
)


@dataclass(frozen=True)
class MatchConfig:
    """Every threshold the matcher uses. Never read from settings.

    Alias tables are merged over the built-in ones (the config wins).
    """

    place_alias_cutoff: float = 85.0  # rapidfuzz ratio on normalised place names
    speaker_alias_cutoff: float = 85.0  # rapidfuzz token_sort_ratio on normalised speakers
    # A transliteration skeleton match ("klitschko" ~ "klychko") also needs
    # at least this plain similarity, so short skeletons do not merge strangers.
    transliteration_floor: float = 70.0
    copy_sentence_cutoff: float = 92.0  # rapidfuzz ratio on normalised sentences
    event_date_window_days: int = 0
    published_lag_days: int = 1
    measure_tolerance: float = 0.015  # relative slack for converted measures (127 kg ~ 280 lb)
    comparable_kinds: frozenset[str] = frozenset({"count", "money", "percent", "measure"})
    toll_metrics: frozenset[str] = TOLL_METRICS
    updates_across_sources: bool = True
    # Count subjects that all mean "people": "2 killed" and "2 people killed" are one fact.
    generic_subjects: frozenset[str] = frozenset({"people", "person", "persons", "individual", "individuals"})
    place_aliases: Mapping[str, str] = field(default_factory=dict)
    speaker_aliases: Mapping[str, str] = field(default_factory=dict)
    # The core's own small exonym table (names.PLACE_ALIASES) under the config's; the app
    # turns it off and hands over its admin-edited table, so a deleted alias stays deleted.
    builtin_aliases: bool = True
    metric_synonyms: Mapping[str, str] = field(default_factory=dict)
    # Whole-metric synonyms (normalised, words joined by spaces), over METRIC_PHRASE_SYNONYMS.
    metric_phrase_synonyms: Mapping[str, str] = field(default_factory=dict)
    # Metrics that only name a kind, a dimension or "people": they say nothing
    # about *what happened*, so on their own they do not make two figures one fact.
    vague_metrics: frozenset[str] = VAGUE_METRICS
    # Same-fact evidence from the two sentences, required when the fact key is
    # weak: the metric is vague or only the counted noun ("3 soldiers" and
    # "200 soldiers" in one story are rarely one fact), or a figure has no
    # date at all (it would otherwise meet its group across all time). The
    # sentences must share at least ``context_min_shared`` content words (not
    # stop words, numbers or the key's own metric, subject and place), and
    # that many must be at least ``context_min_overlap`` of the shorter one's
    # words and ``context_min_overlap_longer`` of the longer one's.
    context_min_shared: int = 2
    context_min_overlap: float = 0.5
    context_min_overlap_longer: float = 0.2
    # Under a weak key (vague or noun-only metric) the shared words must also
    # be this share of the *longer* sentence's: one story is not enough, the
    # sentences must say nearly the same thing.
    weak_context_min_overlap: float = 0.5
    # Under a strong key, this many shared content words show one story
    # whatever the sentences' lengths: two long accounts of one event share
    # names and details, not half of their words.
    context_enough_shared: int = 5
    undated_needs_context: bool = True
    # Across two known stories (FactFigure.story_id), compare only figures with a strong key
    # and an explicit event date (see same_fact.comparable_across_stories): on one side, the
    # other's date compatible with it, or with ``across_stories_both_explicit`` on both sides.
    strict_across_stories: bool = True
    across_stories_both_explicit: bool = False


DEFAULT_CONFIG = MatchConfig()
