"""Same-fact evidence beyond the fact key: how well a key pins down one fact, and the sentences' words.

Two figures under one key ``(metric, place, subject)`` are one fact when the
metric says what happened ("killed"): :func:`key_strength` says ``"strong"``.
Under a weaker key, or with no date at all, their sentences must show one
story: :func:`context_words` keeps a sentence's content words and
:func:`same_story` asks whether two sentences share enough of them. Across two
known stories the words of two sentences are too little:
:func:`comparable_across_stories` lets only a strong key with two explicit
event dates through.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Literal

from factcheck.core.fact_figures import CHANGE_SUFFIX, _Entry, _normalise_token_list
from factcheck.core.lexicon import METRIC_VERBS_BEFORE, METRIC_WORDS
from factcheck.core.match_config import DEFAULT_CONFIG, METRIC_SYNONYMS, MatchConfig
from factcheck.core.numbers import NUMBER_WORDS
from factcheck.core.tokens import singular as _singular

KeyStrength = Literal["strong", "noun", "vague"]


def key_strength(group: tuple[str, str, str], config: MatchConfig = DEFAULT_CONFIG) -> KeyStrength:
    """How well does the fact key ``(metric, place, subject)`` pin down one fact?

    ``"strong"``: the metric says what happened ("killed", "missiles
    launched"). ``"noun"``: it only names the counted thing ("troops"
    counting troops): "3 soldiers went missing" and "200 soldiers took part"
    share it. ``"vague"``: it names only a kind or dimension ("money",
    "percent", "distance", "people").

    >>> [key_strength(g) for g in [("killed", "kyiv", ""), ("troops", "", "troop"), ("money", "", "USD")]]
    ['strong', 'noun', 'vague']
    """
    metric, _, subject = group
    metric = metric.removesuffix(CHANGE_SUFFIX)  # a change pins a fact down as well as its level does
    tokens = [_singular(t) for t in metric.split()]
    if not tokens or metric in config.vague_metrics or all(t in config.vague_metrics for t in tokens):
        return "vague"
    counted = {form for t in _normalise_token_list(subject) for form in (t, _singular(t))}
    return "noun" if set(tokens) <= counted else "strong"


# Words that never tell two stories apart (compared after casefolding).
_CONTEXT_STOP_TEXT = """
    about above according across after again against all almost also although among and another any are around
    because been before being between both but can could did does doing down during each either even ever every
    few for from further had has have having her here hers herself him himself his how however into its itself
    just last least less like made make many may might more most much must near nearly new next not now off
    once one only other others our ours out over own per rather really reported reportedly reports said same
    says several she should since some still such than that the their theirs them themselves then there these
    they this those though three through thus told too two under until upon very was were what when where
    whether which while who whom whose why will with within without would yet you your yours yesterday today
    tomorrow week weeks month months year years day days monday tuesday wednesday thursday friday saturday
    sunday hundred hundreds thousand thousands million millions billion billions trillion dozen dozens half
"""
# Numbers spelt out are the figures themselves, never evidence of one story.
_CONTEXT_STOP_WORDS = frozenset(_CONTEXT_STOP_TEXT.split()) | NUMBER_WORDS
_CONTEXT_WORD = re.compile(r"[^\W\d_]{3,}")


def context_words(sentence: str, exclude: Iterable[str] = ()) -> frozenset[str]:
    """Content words of a sentence: casefolded, singular, no stop words, numbers or ``exclude``.

    >>> sorted(context_words("Kuo predicts Apple will ship 2.8 million watches in 2015.", ["watch"]))
    ['apple', 'kuo', 'predict', 'ship']
    """
    return _content_words(sentence, frozenset(form for t in exclude for form in (t, _singular(t))))


def _content_words(sentence: str, skip: frozenset[str]) -> frozenset[str]:
    singular = _singular_cached
    words = set()
    for token in _CONTEXT_WORD.findall(sentence.casefold()):
        if token in _CONTEXT_STOP_WORDS or token in skip or token[:-1] in skip:
            continue
        token = singular(token)
        if token not in skip and token not in _CONTEXT_STOP_WORDS:
            words.add(token)
    return frozenset(words)


# Words repeat across millions of sentences: each is made singular once.
_singular_cached = functools.lru_cache(maxsize=1 << 16)(_singular)


@functools.lru_cache(maxsize=1 << 14)
def _group_skip(group: tuple[str, str, str]) -> frozenset[str]:
    """The words a fact key already holds, never context: its metric (and the words naming it), place, subject."""
    metric, place, subject = group
    named = [form for token in metric.split() for form in _METRIC_FORMS.get(token, ())]
    exclude = [*metric.split(), *named, *place.split(), *subject.split(), *_GENERIC_WORDS]
    return frozenset(form for t in exclude for form in (t, _singular(t)))


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us"})


def _metric_forms() -> dict[str, frozenset[str]]:
    """Metric -> the words that name it ("killed" -> dead, died, killing, ...)."""
    forms: dict[str, set[str]] = {}
    for table in (METRIC_WORDS, METRIC_VERBS_BEFORE, METRIC_SYNONYMS):
        for word, metric in table.items():
            forms.setdefault(metric, {metric}).add(word)
    return {metric: frozenset(words) for metric, words in forms.items()}


# The words that name a metric say what is counted, which the key already
# holds: "25 dead" and "killed 40" share the metric, not the story.
_METRIC_FORMS = _metric_forms()

# What a generic subject ("2 killed", "2 people killed") counts: never evidence of one story.
_GENERIC_WORDS = ("people", "person", "persons", "individual", "individuals")


def _named(speaker: str) -> bool:
    """A resolved speaker that names someone, not a pronoun the extractor left unresolved."""
    return bool(speaker) and speaker not in _PRONOUNS


def _context(entry: _Entry) -> frozenset[str]:
    if entry.context is None:
        entry.context = _content_words(entry.fig.sentence, _group_skip(entry.group))
    return entry.context


def same_story(
    a: frozenset[str], b: frozenset[str], config: MatchConfig = DEFAULT_CONFIG, *, weak: bool = False
) -> bool:
    """Do two sentences' content words show they report one story?

    >>> a = context_words("The rebels shot down two helicopters near the dam", ["helicopter"])
    >>> b = context_words("Rebels say they shot down four helicopters", ["helicopter"])
    >>> c = context_words("The airline bought four helicopters last spring", ["helicopter"])
    >>> same_story(a, b), same_story(a, c)
    (True, False)
    """
    if len(a) > len(b):
        a, b = b, a
    if len(a) < config.context_min_shared:
        return False
    shared = len(a & b)
    if not weak and shared >= max(config.context_enough_shared, config.context_min_shared):
        return True
    return (
        shared >= config.context_min_shared
        and shared >= config.context_min_overlap * len(a)
        and shared >= (config.weak_context_min_overlap if weak else config.context_min_overlap_longer) * len(b)
    )


def comparable_across_stories(
    a: _Entry, b: _Entry, strength: KeyStrength, config: MatchConfig = DEFAULT_CONFIG
) -> bool:
    """May the cross-source matcher compare two figures, given the stories of their articles?

    Inside one story, or when either story is unknown, the usual rules decide
    (and :mod:`factcheck.core.facts` compares a story's figures by frame).
    Across two known stories, only a strong key ("killed", not "soldiers" or
    "money") anchored by an explicit event date: two publication days, or no
    date at all, cannot tell two events weeks apart from one. One explicit
    side is enough by default (a statement published that day about the
    event the other dates; the caller has checked the dates are compatible),
    both with ``config.across_stories_both_explicit``.

    >>> from dataclasses import replace
    >>> from datetime import date
    >>> from factcheck.core.fact_figures import FactFigure, _Preparer
    >>> from factcheck.core.names import AliasResolver, speaker_resolver
    >>> prepare = _Preparer(DEFAULT_CONFIG, AliasResolver({}), speaker_resolver(DEFAULT_CONFIG)).prepare
    >>> f = FactFigure(1, 1, 1, "Wire", None, None, "Kyiv", date(2024, 1, 2), "killed", "count", "people",
    ...                3, 3, 3, "exact", "Three people were killed.", story_id=1)
    >>> a, b = prepare(f), prepare(replace(f, id=2, story_id=2, event_date=None))
    >>> comparable_across_stories(a, b, "strong"), comparable_across_stories(a, b, "noun")
    (True, False)
    >>> comparable_across_stories(a, b, "strong", MatchConfig(across_stories_both_explicit=True))
    False
    """
    x, y = a.fig.story_id, b.fig.story_id
    if x is None or y is None or x == y or not config.strict_across_stories:
        return True
    if strength != "strong":
        return False
    return a.explicit and b.explicit if config.across_stories_both_explicit else a.explicit or b.explicit
