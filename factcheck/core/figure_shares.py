"""What a share is a share of: the event its clause names, or a whole counted in its sentence.

A share takes the event of its own clause ("a third of the workers were laid off": the
third were laid off). A share of a whole the sentence has counted, whose clause names no
event of its own ("Of the 40 hostages, a third were children", "300 people were abducted;
half of them were women"), is a part of that whole: it takes the whole's metric (with the group its clause picks out:
"children_hostage", "women_abducted") and points at it, so it is compared only with
other parts of the same group, never with a total (it stays a percent).

>>> from factcheck.core.tokens import tokenize
>>> from factcheck.core.figures import find_figures
>>> t = tokenize("Of the 40 hostages freed, a third were children.")
>>> [(h.kind, h.metric, h.parent) for h in find_figures(t, 0, len(t))]
[('count', 'released', None), ('percent', 'children_released', 0)]
"""

from __future__ import annotations

from bisect import bisect_left

from .figure_base import DETERMINERS, RELATIVE_OF
from .figure_counts import CountReader
from .figure_events import EVENT_VERBS, PLACE_PREPOSITIONS, event_metric
from .figure_nouns import _is_people, _singular, refine_metric
from .lexicon import AUXILIARY_VERBS, METRIC_WORDS, PASSIVE_AUXILIARIES


class ShareReader(CountReader):
    __slots__ = ()

    def share_of(self, idx: int) -> None:
        """A share or a percent "of" a counted whole takes the event that befell the whole as
        its metric: "a third of the workers were laid off", "40% of homes were destroyed"; a
        share of a whole counted before it is a part of that whole (see the module docstring)."""
        hit = self.hits[idx]
        low, hi = self.low, self.hi
        k = bisect_left(self.starts, hit.end, self.lo, hi)
        those_struck = k + 2 < hi and low[k + 1] == "those" and low[k + 2] in METRIC_WORDS  # "of those killed"
        if k + 1 < hi and low[k] == "of" and low[k + 1] in RELATIVE_OF and not those_struck:
            self.share_of_whole(idx, self.previous_count(idx), k + 2)  # "half of them were women"
            return
        if not (k < hi and low[k] == "of"):
            whole = self.whole_before(hit.tok, idx)
            if whole is not None:
                self.share_of_whole(idx, whole, k)  # "Of the 40 hostages, a third were children"
                return
        if k < hi and low[k] == "of":
            k += 1
        elif not (k < hi and low[k] in DETERMINERS and low[hit.tok] == "half"):
            return
        if k < hi and low[k] in DETERMINERS:
            k += 1
        if k >= hi or not self.words[k][:1].isalpha():
            return
        noun, noun_end, metric, _ = self.read_noun(k, k, k)
        if noun is None and metric is not None:
            # "half of the injured were children", "a third of those killed were women": the share
            # of an event's toll that is a group, a part of the toll (never compared with one, nor
            # with "half of the villagers were injured", a share of the villagers)
            group = self.picked_group(self.past_scene(noun_end))
            if group is not None:
                hit.metric = f"{group}_{metric}"
            return
        if noun is None or metric is not None:
            return
        metric = self.clause_event(noun_end, noun)
        if metric is not None:
            hit.metric = metric

    def past_scene(self, k: int) -> int:
        """The token after a short scene at ``k`` that ends at a verb ("(those killed) in the attack
        were"), else ``k``."""
        low, words = self.low, self.words
        if not (k < self.hi and low[k] in PLACE_PREPOSITIONS):
            return k
        verb = next((p for p in range(k + 1, min(self.hi, k + 5)) if low[p] in PASSIVE_AUXILIARIES), None)
        if verb is None or not all(words[p][:1].isalpha() for p in range(k, verb)):
            return k
        return verb

    def share_of_whole(self, idx: int, whole: int | None, k: int) -> None:
        """The share at ``idx`` of the count ``whole`` (None: not counted in this sentence), its
        clause read from token ``k``: its own event ("half of them were later freed"), else it
        is a part of the whole and counts what the whole counts ("half of them were women")."""
        hit = self.hits[idx]
        counted = self.hits[whole] if whole is not None else None
        metric = self.clause_event(k, counted.noun if counted is not None else None)
        if metric is not None:
            hit.metric = metric
        elif counted is not None and counted.metric is not None:
            hit.metric, hit.parent = counted.metric, whole
            group = self.picked_group(k)
            if group is not None:
                # "half of them were women", "a third were children": the share of the whole
                # that is this group, never compared with the share that is another group
                counts = _singular(counted.noun) if counted.metric == "people" and counted.noun else counted.metric
                hit.metric = f"{group}_{counts}"

    def clause_event(self, k: int, noun: str | None) -> str | None:
        """The metric of the event the clause from token ``k`` names for ``noun``: "were laid off"."""
        metric, _ = self.verb_after(k, k)
        if metric is None:
            metric, _ = self.event_after(k, noun)
        elif metric == "destroyed" and noun is not None:
            metric = refine_metric(metric, noun)
            if metric == "destroyed":
                metric = event_metric(("destroyed", "thing"), noun, _is_people(noun))
        return metric

    def stands_alone(self, j: int) -> bool:
        """Is the share ending before token ``j`` a subject of its own, with a verb next
        ("a third were children", "half fled"), not a word of a noun phrase ("a third man")?"""
        if j >= self.hi:
            return False
        lj = self.low[j]
        return lj in AUXILIARY_VERBS or lj in METRIC_WORDS or lj in EVENT_VERBS or lj.endswith("ed")
