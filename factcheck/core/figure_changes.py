"""Qualifiers before a number ("at least", "nearly", "between") and changes: the verbs
("advanced 2%", "plummeted 30%", "edged up to 5.1%", "shed 1,200 jobs"), a sign ("+0.3%"),
"rose by 5% to $3.2 billion" (a change and the level it reached), and a change carried to a
coordinated figure ("rose 3%, or 0.6 points")."""

from __future__ import annotations

from .figure_base import (
    DASHES,
    FigureHit,
)
from .figure_money import (
    MoneyUnitReader,
)
from .lexicon import (
    AUXILIARY_VERBS,
    CHANGE_DOWN,
    CHANGE_NOUNS_DOWN,
    CHANGE_NOUNS_UP,
    CHANGE_UP,
    DURATION_UNITS,
)
from .types import ABOUT, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, MORE_THAN, NEARLY, RANGE

# Qualifier phrases that end right before the number, keyed by their lower-case tokens.
QUALIFIERS: dict[tuple[str, ...], str] = {}
for _q, _phrases in (
    (AT_LEAST, "at least|no fewer than|no less than|not less than|a minimum of|at minimum|minimum of"),
    (MORE_THAN, "more than|over|above|in excess of|upwards of|upward of|exceeding|greater than|well over|beyond|"
     "exceed|exceeds|exceeded|surpassed|surpass|surpasses"),
    (AT_MOST, "up to|as many as|as much as|at most|no more than|not more than|a maximum of|maximum of|as high as|"
     "within"),
    (FEWER_THAN, "fewer than|less than|under|below|lower than"),
    (ABOUT, "about|around|some|roughly|approximately|an estimated|estimated|approx|circa|close to|"
     "about some|around some|somewhere around|an approximate|a approximately|ca|an average of|averaging|~|"
     "something like|in the region of|on the order of|of the order of|in the neighbourhood of|"
     "in the neighborhood of"),
    (NEARLY, "nearly|almost|just under|just shy of|just below|not quite|close on|just short of"),
):  # fmt: skip
    for _p in _phrases.split("|"):
        QUALIFIERS[tuple(_p.split())] = _q
QUALIFIER_FIRST = frozenset(k[-1] for k in QUALIFIERS)

# Verbs of change beyond the lexicon's common ones, as markets and statistics news writes them.
MORE_CHANGE_UP = frozenset(
    [
        "advanced",
        "advance",
        "advances",
        "rallied",
        "rally",
        "rallies",
        "rebounded",
        "rebound",
        "rebounds",
        "recovered",
        "soar",
        "soars",
        "surge",
        "surges",
        "spike",
        "skyrocketed",
        "rocketed",
        "leapt",
        "leaped",
        "swelled",
        "expanded",
        "widened",
        "strengthened",
        "firmed",
        "appreciated",
        "accelerated",
        "lifted",
        "hiked",
        "doubled",
        "tripled",
    ]
)
MORE_CHANGE_DOWN = frozenset(
    [
        "plummeted",
        "plummet",
        "plummets",
        "plunge",
        "plunges",
        "shed",
        "sheds",
        "trimmed",
        "trims",
        "trim",
        "slashed",
        "slash",
        "slashes",
        "lowered",
        "eased",
        "eases",
        "dipped",
        "dips",
        "dip",
        "weakened",
        "contracted",
        "narrowed",
        "retreated",
        "depreciated",
        "crashed",
        "collapsed",
        "sagged",
        "slowed",
        "halved",
        "shrinks",
        "shrink",
        "tumble",
        "tumbles",
        "slide",
        "slides",
        "slip",
        "slips",
        "sink",
        "sinks",
    ]
)
CHANGES_UP = CHANGE_UP | MORE_CHANGE_UP
CHANGES_DOWN = CHANGE_DOWN | MORE_CHANGE_DOWN
# Irregular past forms of the verbs of change (the regular ones end in -ed).
_IRREGULAR_PAST = frozenset(("rose", "fell", "grew", "sank", "slid", "shrank", "shrunk", "lost", "shed", "swung"))


def reported_change(verb: str) -> bool:
    """Is ``verb`` a verb of change in the past ("rose", "climbed"), as a report of what
    happened is? "rose by 12 to 40" is a change and a level, "will rise by 10 to 20 percent"
    a range of change.

    >>> reported_change("rose"), reported_change("climbed"), reported_change("rise")
    (True, True, False)
    """
    return (verb in CHANGES_UP or verb in CHANGES_DOWN) and (verb.endswith("ed") or verb in _IRREGULAR_PAST)


# Counted units that move up and down as a level does ("up 40 points"), not a verb's object.
_MOVING_UNITS = frozenset(("points", "point", "pp", "basis points", "bps"))
# "edged up to 5.1%", "crept up to": "up" belongs to the verb, so "up to" is no "at most" here.
PARTICLE_VERBS = frozenset(
    [
        "edged",
        "edge",
        "edges",
        "inched",
        "inch",
        "inches",
        "crept",
        "creep",
        "creeps",
        "ticked",
        "tick",
        "ticks",
        "moved",
        "move",
        "moves",
        "went",
        "go",
        "goes",
        "shot",
        "shoots",
        "jumped",
        "climbed",
        "rose",
        "risen",
        "rising",
        "came",
        "comes",
        "crawled",
    ]
)
# Words a change verb may stand away from its figure by: "trimmed its forecast by 0.5 points".
_CHANGE_GAP = frozenset(
    [
        "its",
        "their",
        "the",
        "his",
        "her",
        "our",
        "forecast",
        "forecasts",
        "estimate",
        "estimates",
        "outlook",
        "guidance",
    ]
)


class QualifierChangeReader(MoneyUnitReader):
    __slots__ = ()

    def qualifier_before(self, t: int) -> tuple[str, int | None]:
        low = self.low
        if t - 1 < self.lo:
            return EXACT, None
        if low[t - 1] in ("between", "from"):
            return RANGE, t - 1
        if (
            low[t - 1] in ("a", "an")
            and t - 2 >= self.lo
            and self.words[t][:1].isdigit()
            and low[t - 2] in QUALIFIER_FIRST
        ):
            # "over a 5-year period", "over a 3 month span": the number is an adjective
            nxt = t + 1
            if not (nxt < self.hi and (self.words[nxt] in DASHES and self.glued(t, nxt) or low[nxt] in DURATION_UNITS)):
                q2, a2 = self.qualifier_before(t - 1)
                if a2 is not None and q2 != RANGE:
                    return q2, a2
            return EXACT, None
        if low[t - 1] not in QUALIFIER_FIRST:
            return EXACT, None
        for n in (4, 3, 2, 1):
            a = t - n
            if a < self.lo:
                continue
            q = QUALIFIERS.get(tuple(low[a:t]))
            if q is not None:
                if q == AT_MOST and low[a] == "up" and a - 1 >= self.lo and low[a - 1] in PARTICLE_VERBS:
                    return EXACT, None  # "edged up to 5.1%": a level reached, not a ceiling
                # "up 3%" is a change, "over Belgorod" was never a number
                return q, a
        return EXACT, None

    def with_change(self, idx: int, end: int) -> int:
        """Mark the direction of a change on hit ``idx`` from the words around it.

        >>> from factcheck.core.tokens import tokenize
        >>> from factcheck.core.figures import find_figures
        >>> t = tokenize("Sales rose 3%, or 0.6 points, to 21% after shares plummeted 30% and +2%")
        >>> [(h.value, h.unit, h.change) for h in find_figures(t, 0, len(t))]
        [(3.0, '%', 'up'), (0.6, 'pp', 'up'), (21.0, '%', None), (30.0, '%', 'down'), (2.0, '%', 'up')]
        """
        hit = self.hits[idx]
        low = self.low
        t = self.tok_before(hit)
        if t >= self.lo:
            w = low[t]
            if self.carry_change(idx, t):
                return end
            if w in ("by", "to") and t - 1 >= self.lo:
                w = low[t - 1]  # "rose by 5", "rose to four"
                if w == "up" and t - 2 >= self.lo and low[t - 2] in PARTICLE_VERBS:
                    hit.change = "up"  # "edged up to 5.1%"
                    return end
                if w in _CHANGE_GAP:
                    # "trimmed its forecast by 0.5 points"
                    k = t - 1
                    while k > self.lo and k > t - 4 and low[k] in _CHANGE_GAP:
                        k -= 1
                    w = low[k]
            elif (
                w in ("of",) and t - 1 >= self.lo and (low[t - 1] in CHANGE_NOUNS_UP or low[t - 1] in CHANGE_NOUNS_DOWN)
            ):
                hit.change = "up" if low[t - 1] in CHANGE_NOUNS_UP else "down"
                return end
            if (w == "down" or w == "up") and self.particle_of_verb(hit, t):
                return end
            if w in CHANGES_UP:
                hit.change = "up"
            elif w in CHANGES_DOWN:
                hit.change = "down"
        if hit.change is None and hit.kind == "percent" and end < self.hi:
            after = low[end]  # "a 5% rise", "a 2% drop"
            if after in CHANGE_NOUNS_UP:
                hit.change = "up"
            elif after in CHANGE_NOUNS_DOWN:
                hit.change = "down"
        return end

    def particle_of_verb(self, hit: FigureHit, t: int) -> bool:
        """Is "down" / "up" at token ``t`` a verb's particle ("shot down 12 drones", "gun down
        25 militants", "rounded up 40 suspects") rather than a change ("shares were down 3%",
        "up 40 points")? A count of things after a word that is no copula is the verb's object;
        a share, a sum, a measure or points moved.

        >>> from factcheck.core.tokens import tokenize
        >>> from factcheck.core.figures import find_figures
        >>> def change(text):
        ...     t = tokenize(text)
        ...     return [h.change for h in find_figures(t, 0, len(t))]
        >>> change("Gunmen mowed down 14 worshippers"), change("Payrolls were down 300 jobs")
        ([None], ['down'])
        >>> change("Police rounded up 40 suspects"), change("Shares fell, down 3%"), change("Stocks up 40 points")
        ([None], ['down'], ['up'])
        """
        if hit.kind != "count" or hit.unit in _MOVING_UNITS:
            return False
        before = t - 1
        return before >= self.lo and self.low[before] not in AUXILIARY_VERBS and self.low[before] != ","

    def carry_change(self, idx: int, t: int) -> bool:
        """A figure right after a changed one (``t``: the token before it): joined by "or" it
        moved the same way ("rose 3%, or 0.6 points"); joined by "to" it is the level reached,
        no change, with the change's metric when it names none ("rose by 5% to $3.2 billion",
        "rose by 300 members to 4,500")."""
        low, words = self.low, self.words
        if idx == 0 or low[t] not in ("or", "to"):
            return False
        k = t - 1
        if k >= self.lo and words[k] == ",":
            k -= 1
        prev = self.hits[idx - 1]
        if k < self.lo or prev.change not in ("up", "down") or prev.end != self.ends[k]:
            return False
        hit = self.hits[idx]
        if low[t] == "to":
            # "rose by 12 to 40", "fell 4% to 310p": the change, then the level it reached (no change)
            if prev.kind == "count" and prev.unit == "points" and hit.kind == "percent":
                prev.kind, prev.unit, prev.metric, prev.noun = "percent", "pp", "percent", None
            if prev.kind == hit.kind and hit.metric is None:
                # the level counts what the change did; never the other way round, for the
                # cross-check compares the level, and a change is no level of its metric
                hit.metric, hit.noun, hit.unit = prev.metric, hit.noun or prev.noun, hit.unit or prev.unit
            return True
        hit.change = prev.change
        if hit.unit == "points" and prev.kind == "percent":
            # "3%, or 0.6 points": percentage points
            hit.kind, hit.unit, hit.metric, hit.noun = "percent", "pp", "percent", None
        return True
