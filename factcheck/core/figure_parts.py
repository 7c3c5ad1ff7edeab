"""Which count is a part of which: "including six children", "87 of which", "10 of the 10
missiles", and the group a part of a toll picks out ("including nine women" counts women)."""

from __future__ import annotations

import re

from .figure_base import DETERMINERS, VAGUE, FigureHit
from .figure_events import PLACE_PREPOSITIONS, EventReader
from .figure_nouns import _is_people, _plural_head, refine_metric
from .lexicon import AUXILIARIES, DRONE_NOUNS, METRIC_WORDS, MISSILE_NOUNS, PASSIVE_AUXILIARIES, PLACE_COUNT_NOUNS
from .numbers import NUMBER_WORDS

# Words that open the phrase naming a whole before its parts: "Of the 40 hostages, a third...".
WHOLE_OPENERS = frozenset(("of", "among"))
# People nouns that pick out no group of a toll: "including 12 people" counts what the toll does.
ANY_PEOPLE = frozenset(("people", "persons", "person", "individuals", "individual", "victims", "victim"))
# Words after a count's number that name no group of people: "12 others", "12 more".
NO_GROUP = ANY_PEOPLE | frozenset(("others", "other", "more", "dead", "killed", "injured", "wounded"))
_GROUP_WORD = re.compile(r"[^\W_][\w'’-]*")
_FIGURE_START = NUMBER_WORDS | frozenset(VAGUE) | frozenset(("a", "an", "dozen", "half"))


def counted_group(figure_text: str) -> str:
    """The group of people a count names by its own noun, read from the figure's words: "12
    students", "two women were killed", "30 tourists" name a group; "30 people", "30 were
    killed", "12 others" name everyone the event befell (""). A count of a group fits inside a
    count of everyone for the same event (see :func:`factcheck.core.facts._who`).

    >>> counted_group("Twelve students were killed"), counted_group("12 female students")
    ('students', 'students')
    >>> counted_group("30 people"), counted_group("30 were killed"), counted_group("5 containers")
    ('', '', '')
    """
    written: list[str] = _GROUP_WORD.findall(figure_text)
    words = [w.casefold() for w in written]
    start = next((n for n, w in enumerate(words) if w[:1].isdigit() or w.split("-")[0] in _FIGURE_START), None)
    if start is None:
        return ""
    for word, as_written in zip(words[start + 1 : start + 5], written[start + 1 : start + 5], strict=True):
        if as_written.isupper() and len(word) > 1:
            continue  # "12 IS militants", "five U.N. staff": a group's or a body's initials
        if word in NO_GROUP or word in AUXILIARIES or word in METRIC_WORDS or word in ("of", "and", "by"):
            return ""
        if not word[:1].isdigit() and word.split("-")[0] not in NUMBER_WORDS and _is_people(word):
            return word
    return ""


def part_group(noun: str | None, whole_noun: str | None) -> str | None:
    """The group a part of a toll counts, by its own noun: "40 people, including 9 women" counts
    women (a part of another group, "including 15 men", is another fact); None when the noun
    picks out none ("including 12 people", the whole's own noun).

    >>> part_group("women", "people"), part_group("people", None), part_group("soldiers", "soldiers")
    ('women', None, None)
    """
    if noun is None or noun in ANY_PEOPLE or noun == whole_noun or not _is_people(noun):
        return None
    return noun


class PartReader(EventReader):
    __slots__ = ()

    def among_them(self, t: int) -> bool:
        """Do tokens up to ``t`` open a part of the count before: "(40 people,) among them six
        children", "among whom were six children"?"""
        low = self.low
        if t > self.lo + 1 and low[t] in ("was", "were"):
            t -= 1
        return t > self.lo and low[t] in ("them", "those", "these", "whom") and low[t - 1] == "among"

    def whole_before(self, t: int, n: int | None = None) -> int | None:
        """The count naming the whole that a share or a count at token ``t`` (after its
        qualifier) is a part of, in "Of the 40 hostages, a third were children" or "Among the
        300 staff laid off, 120 were women": the last of the first ``n`` hits (all by default),
        when it follows "of" or "among" at the start of the clause and ends at the comma before
        the part, or at a short place before it ("Of the 27 dead in Kyiv, five were women")."""
        words, low, lo = self.words, self.low, self.lo
        _, qual_start = self.qualifier_before(t)
        if qual_start is not None:
            t = qual_start
        n = len(self.hits) if n is None else n
        if n == 0 or t - 2 < lo or words[t - 1] != ",":
            return None
        whole = self.hits[n - 1]
        s = t - 2
        place = next((p for p in range(s, max(lo, s - 4), -1) if low[p] in PLACE_PREPOSITIONS), None)
        if place is not None and all(words[p][:1].isalpha() for p in range(place, s + 1)):
            s = place - 1  # "Of the 27 dead in Kyiv, five were women"
        if whole.kind != "count" or s < lo or whole.end != self.ends[s]:
            return None
        w = self.tok_before(whole)
        if w > lo and low[w] in DETERMINERS:
            w -= 1
        if w < lo or low[w] not in WHOLE_OPENERS or (w > lo and words[w - 1][:1].isalnum()):
            return None
        return n - 1

    def picked_group(self, k: int) -> str | None:
        """The group a clause from token ``k`` says a share or a part is: "(half of them) were
        women", "(six of whom) were children"."""
        low, hi = self.low, self.hi
        if not (k + 1 < hi and low[k] in PASSIVE_AUXILIARIES):
            return None
        noun, _, metric, _ = self.read_noun(k + 1, k + 1, k + 1)
        return noun if noun is not None and metric is None and _plural_head(noun) else None

    def previous_count(self, idx: int, people: bool = False) -> int | None:
        """The nearest count before hit ``idx`` that is no part itself; for a part counting
        people, the nearest that counts no places ("200 cadets from six nations, including
        15 officers": the officers are among the cadets, not the nations)."""
        nearest = None
        for p in range(idx - 1, -1, -1):
            hit = self.hits[p]
            if hit.kind == "count" and hit.parent is None:
                if not people or hit.noun not in PLACE_COUNT_NOUNS:
                    return p
                if nearest is None:
                    nearest = p
        return nearest

    def link_subsets(self) -> None:
        hits = self.hits
        # ellipsis: a bare count ("all 35 were shot down", "59 destroyed") counts
        # what the count before it counted
        last: FigureHit | None = None
        for hit in hits:
            if hit.kind != "count":
                continue
            bare = hit.noun is None and hit.unit is None and hit.parent is None and hit.change != "of_total"
            if bare and last is not None:
                hit.noun, hit.unit = last.noun, last.unit
            if hit.unit is not None:
                last = hit
        for idx, hit in enumerate(hits):
            if hit.change == "of_total":
                hit.change = None
                total = idx + 1 if idx + 1 < len(hits) and hits[idx + 1].kind == "count" else None
                hit.parent = total
                if total is not None:
                    t = hits[total]
                    hit.noun = t.noun
                    if hit.unit is None:
                        hit.unit = t.unit
                    if hit.metric is None:
                        hit.metric = t.metric
                    # "shot down 10 of the 10 missiles": the total was launched
                    if hit.metric == "intercepted" and t.metric == "intercepted" and t.noun in MISSILE_NOUNS:
                        t.metric = "missiles_launched"
                    elif hit.metric == "intercepted" and t.metric == "intercepted" and t.noun in DRONE_NOUNS:
                        t.metric = "drones_launched"
            elif hit.parent is not None and hit.kind == "count":
                parent = hits[hit.parent]
                if hit.unit is None:
                    hit.unit = parent.unit
                if hit.noun is None:
                    hit.noun = parent.noun
                if hit.metric is None:
                    hit.metric = parent.metric
                group = part_group(hit.noun, parent.noun)
                # a part of people named by their own noun too ("30 tourists, among them six
                # children") counts its group as a part of "people" does
                of_people = hit.unit == "people" or hit.unit == parent.unit and _is_people(parent.noun or "")
                if group is not None and of_people:
                    # "40 people, including 9 women": a count of women, never compared with the
                    # part of the same toll that is 15 men
                    hit.unit = group
        for hit in hits:
            if hit.metric == "destroyed":
                hit.metric = refine_metric(hit.metric, hit.noun or hit.unit)
