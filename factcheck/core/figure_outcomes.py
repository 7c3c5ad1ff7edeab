"""What became of the counted, read from the clause after the counted noun: "were killed",
"were shot down", "needed medical help", "lost their homes", and the event of a relative
clause about them ("three hikers who went missing").

>>> from .tokens import tokenize
>>> from .figures import find_figures
>>> toks = tokenize("Four climbers who had gone missing on the ridge were found.")
>>> [h.metric for h in find_figures(toks, 0, len(toks))]
['missing']
"""

from __future__ import annotations

from collections.abc import Sequence

from .cue_words import CUE_VERBS
from .figure_base import AGE_LEFT, FigureHit
from .figure_events import CLAUSE_WORDS, PARTICLE_EVENTS, event_metric
from .figure_nouns import _plural_head
from .figure_parts import PartReader
from .lexicon import (
    AUXILIARIES,
    AUXILIARY_VERBS,
    DOWN_VERBS,
    METRIC_WORDS,
    NOUN_STOP,
    PASSIVE_AUXILIARIES,
    POWER_OBJECTS,
    TOLL_LINKS,
    TRANSITIVE_CASUALTY_VERBS,
    TREATMENT_VERBS,
)

# What happened to those counted, read from the clause after them, beyond the lexicon's
# metric words and event verbs (figure_events): "were held hostage". Taken or seized
# hostage they were abducted, as the lexicon's particle verbs say ("took 14 tourists hostage").
CLAUSE_EVENTS = {"hostage": "hostages", "hostages": "hostages"}
POSSESSIVES = frozenset(("their", "his", "her", "its", "our"))
HOMES = frozenset(("home", "homes", "house", "houses", "dwellings"))
# Metric words that after "as" name no outcome: nouns ("counted as deaths"), base verbs, acts.
OUTCOME_NOT_AFTER_AS = frozenset(("die", "dies", "fatalities", "deaths", "injuries", "launched", "fired"))


def outcome_as(low: Sequence[str], k: int, hi: int) -> tuple[str, int] | None:
    """What a report lists the counted as, after "as" at ``k`` ("as killed", "as dead", "as
    having been wounded"): the metric and the token after it; None when no outcome follows.

    >>> outcome_as("lists 16 men as having been killed".split(), 3, 7)
    ('killed', 7)
    """
    e = k + 1
    having = e < hi and low[e] == "having"
    e += having
    if e < hi and low[e] in ("been", "being"):
        e += 1
    if e >= hi or low[e] not in METRIC_WORDS:
        return None
    word = low[e]
    if word in OUTCOME_NOT_AFTER_AS or (word in ("died", "perished") and not having):
        return None  # "as deaths", "as fired": a noun or an act, not what became of them
    return METRIC_WORDS[word], e + 1


# The pronouns that open a relative clause on the counted noun ("30 people who were abducted").
RELATIVE_PRONOUNS = frozenset(("who", "that", "which"))
# A finite auxiliary that may open the main clause after a relative clause ("... were freed"),
# agreeing with a plural counted noun or a singular one: in "three officials who spoke said the
# plan was dead", "was" is another subject's.
PLURAL_MAIN_AUX = frozenset(("were", "are", "have", "had", "will"))
SINGULAR_MAIN_AUX = frozenset(("was", "is", "has", "had", "will"))
# Words before an auxiliary that make it another clause's, not the count's main clause
# ("after they were caught", "who were later freed", "when it was destroyed").
OTHER_CLAUSE_OPENERS = frozenset(
    (
        "they", "he", "she", "it", "we", "you", "i", "who", "that", "which", "when", "after", "before",
        "as", "because", "while", "if", "since", "until", "where", "whom", "there", "this", "these",
    )
)  # fmt: skip
# Prepositions of a short phrase a relative clause may follow ("three cadets at the camp who
# went missing"); not "of": in "the sons of a man who went missing" the clause is the man's.
RELATIVE_PHRASE_PREPOSITIONS = frozenset(("at", "in", "from", "on", "near", "for"))
RELATIVE_PHRASE_REACH = 6
SUBJECT_PRONOUNS = frozenset(("it", "they", "he", "she", "we"))
CUSTODY_VERBS = frozenset(("take", "takes", "took", "taken", "taking"))
MAIN_CLAUSE_REACH = 16  # tokens after the relative pronoun the main clause's verb is looked for in


class OutcomeReader(PartReader):
    """What the clause after a counted noun says became of the counted."""

    __slots__ = ()

    def verb_after(self, k: int, evidence_end: int, people: bool = False) -> tuple[str | None, int]:
        """The verb after the counted noun: "were killed", "were shot down", "needed medical help".
        ``people``: the counted are people, so "were shot down" or "gunned down" killed them."""
        words, low, hi = self.words, self.low, self.hi
        limit = min(hi, k + 7)
        passive = False
        while k < limit:
            lk = low[k]
            w = words[k]
            if w == "," and k + 2 < hi and (low[k + 1] in AGE_LEFT or words[k + 1].isdigit()):
                # skip an age apposition: "one woman, aged 91, had died"
                close = next((c for c in range(k + 2, min(hi, k + 5)) if words[c] == ","), None)
                if close is None:
                    break
                limit = min(hi, close + 6)
                k = close + 1
                continue
            if not w[:1].isalpha():
                break
            if lk in METRIC_WORDS:
                if lk in TRANSITIVE_CASUALTY_VERBS and not passive and self.takes_object(k + 1):
                    return None, evidence_end  # "40 guards arrested 3 men": the guards did it
                return METRIC_WORDS[lk], k + 1
            passive = passive or lk in PASSIVE_AUXILIARIES
            if lk in CLAUSE_EVENTS:
                taken = PARTICLE_EVENTS.get((low[k - 1], lk))  # "were taken hostage", not "held hostage"
                return (taken[0] if taken else CLAUSE_EVENTS[lk]), k + 1
            if lk == "lost" and k + 2 < hi and low[k + 1] in POSSESSIVES and low[k + 2] in HOMES:
                return "homeless", k + 3  # "3,000 people lost their homes"
            if lk in CUSTODY_VERBS and k + 2 < hi and low[k + 1] == "into" and low[k + 2] == "custody":
                return "arrested", k + 3  # "were taken into custody"; "held in custody" is no arrest
            if lk in DOWN_VERBS and k + 1 < hi and low[k + 1] == "down":
                return ("killed" if people else "intercepted"), k + 2
            if lk in TREATMENT_VERBS and k + 1 < hi and low[k + 1] in ("medical", "hospital", "treatment"):
                e = k + 2
                if e < hi and low[e] in ("help", "treatment", "attention", "care", "assistance"):
                    e += 1
                return "injured", e
            if lk == "without" and k + 1 < hi and low[k + 1] in POWER_OBJECTS:
                metric = "without_power" if low[k + 1] in ("electricity", "power") else f"without_{low[k + 1]}"
                return metric, k + 2
            if lk == "as":
                said = outcome_as(low, k, hi)  # "listed 16 commanders as having been killed"
                if said is not None:
                    return said
            if lk in ("and", "but", "while", "which", "who", "that", "of") or (
                lk in NOUN_STOP and lk not in AUXILIARIES
            ):
                break
            k += 1
        return None, evidence_end

    def toll_before(self, hit: FigureHit) -> str | None:
        """ "the death toll in Kyiv rose to four", "the number of injured stood at 60"."""
        low, words = self.low, self.words
        t = self.tok_before(hit)
        if t < self.lo or low[t] not in TOLL_LINKS:
            return None
        stop = max(self.lo, t - 15)
        while t > stop:
            t -= 1
            lt = low[t]
            if words[t] in (",", ";", ":", ".", "(", ")"):
                return None
            if lt in ("toll", "tolls"):
                prev = low[t - 1] if t - 1 >= self.lo else ""
                if prev in ("injury", "injuries", "casualty"):
                    return "injured" if prev != "casualty" else "casualties"
                return "killed"
            if lt in METRIC_WORDS and t - 2 >= self.lo and low[t - 1] == "of" and low[t - 2] in ("number", "count"):
                return METRIC_WORDS[lt]
        return None

    def relative_event(self, k: int, noun: str, people: bool) -> tuple[str | None, int]:
        """The metric a relative clause right after the counted noun at ``k`` names ("three
        soldiers who went missing", "30 people who were abducted"), unless the main clause after
        it names an outcome of its own: then that one, the clause the sentence asserts ("five
        hostages who had been abducted in May were freed on Friday" are released). (None, k)
        when neither names one.

        >>> from .tokens import tokenize
        >>> from .figures import find_figures
        >>> toks = tokenize("Five guards who had been abducted in May were freed on Friday.")
        >>> [h.metric for h in find_figures(toks, 0, len(toks))]
        ['released']
        """
        low, hi = self.low, self.hi
        k = self.relative_pronoun(k)
        metric, end = self.object_relative_event(k, noun, people)
        if metric is None:
            if not (k + 1 < hi and low[k] in RELATIVE_PRONOUNS):
                return None, k
            finite = PLURAL_MAIN_AUX if _plural_head(noun) else SINGULAR_MAIN_AUX
            if low[k + 1] in PLURAL_MAIN_AUX ^ SINGULAR_MAIN_AUX and low[k + 1] not in finite:
                return None, k  # "30 pupils at a school which was shelled": the clause is the school's
            metric, end = self.verb_after(k + 1, k + 1, people)
            if metric is None:
                metric, end = self.event_after(k + 1, noun)
        main, main_end = self.main_clause_outcome(max(end, k + 2), k + 1 + MAIN_CLAUSE_REACH, noun, people)
        if main is not None:
            return main, main_end
        return metric, end

    def object_relative_event(self, k: int, noun: str, people: bool) -> tuple[str | None, int]:
        """The event a clause on the counted noun at ``k`` did to it, its subject a pronoun: "the
        60,000 jobs it cut in 1993", "the 40 homes that they destroyed" (jobs cut, homes destroyed)."""
        low, hi = self.low, self.hi
        t = k + 1 if k < hi and low[k] in ("that", "which", "whom") else k
        if not (t + 1 < hi and low[t] in SUBJECT_PRONOUNS):
            return None, k
        t += 1
        while t < min(hi, k + 5) and low[t] in AUXILIARY_VERBS:
            t += 1
        found = self.verb_event(t) if t < hi else None
        if found is None or found[0][1] == "doer" or low[t].endswith("ing"):
            return None, k
        event, end = found
        if end < hi and self.takes_object(end):
            return None, k  # "the 3 men they said killed 40": the verb has its own object
        return event_metric(event, noun, people), end

    def relative_pronoun(self, k: int) -> int:
        """Where a relative clause on the counted noun ending at ``k`` opens: at ``k``, or past a
        short place phrase ("three cadets at the camp who went missing"); ``k`` when none does."""
        low, words = self.low, self.words
        if k >= self.hi or low[k] not in RELATIVE_PHRASE_PREPOSITIONS:
            return k
        for t in range(k + 1, min(self.hi, k + 1 + RELATIVE_PHRASE_REACH)):
            if low[t] in RELATIVE_PRONOUNS:
                return t
            if not words[t][:1].isalpha() or low[t] in CLAUSE_WORDS or low[t] in AUXILIARY_VERBS:
                break
        return k

    def main_clause_outcome(self, t: int, reach: int, noun: str, people: bool) -> tuple[str | None, int]:
        """The outcome the first finite auxiliary from ``t`` on opens, when it is the main
        clause's ("... , were apprehended", "... last week were released"), not that of another
        clause ("after they were caught") or past another figure, a quote or the sentence's end."""
        words, low = self.words, self.low
        stop = min(self.hi, reach)
        finite = PLURAL_MAIN_AUX if _plural_head(noun) else SINGULAR_MAIN_AUX
        while t < stop:
            w = words[t]
            if (w != "," and not w[:1].isalpha()) or low[t] in CUE_VERBS:
                return None, t  # a number, a quote, a dash, "said": past the count's clause
            if low[t] in finite:
                if low[t - 1] in OTHER_CLAUSE_OPENERS:
                    return None, t
                metric, end = self.verb_after(t, t, people)
                if metric is None:
                    metric, end = self.event_after(t, noun)
                return metric, end
            t += 1
        return None, t
