"""Figures in a sentence: value, qualifier -> interval, kind, unit, metric, change.

Works on the document's tokens for one sentence, one left-to-right pass; each
number looks at a few tokens either side, so the cost is linear in the sentence.

>>> from factcheck.core.tokens import tokenize
>>> t = tokenize("more than 52 were injured")
>>> [(h.value, h.low, h.qualifier, h.metric) for h in find_figures(t, 0, len(t))]
[(52.0, 52.0, 'more_than', 'injured')]
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from .config import ExtractionConfig
from .lexicon import (
    ADJECTIVE_COMPOUND_HEADS,
    AIRCRAFT_NOUNS,
    AUXILIARIES,
    CASUALTY_METRICS,
    CHANGE_DOWN,
    CHANGE_NOUNS_DOWN,
    CHANGE_NOUNS_UP,
    CHANGE_UP,
    COMBATANT_ACRONYMS,
    COMBATANT_GROUPS,
    COMBATANT_NOUNS,
    COUNT_UNITS,
    CURRENCY_PREFIXES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DOWN_VERBS,
    DRONE_NOUNS,
    DURATION_UNITS,
    GLUED_ONLY_UNITS,
    MEASURE_UNITS,
    METRIC_VERBS_BEFORE,
    METRIC_WORDS,
    MISSILE_NOUNS,
    MONTHS,
    NOUN_METRICS,
    NOUN_STOP,
    NP_MODIFIERS,
    OBJECT_PRONOUNS,
    PASSIVE_AUXILIARIES,
    PEOPLE_NOUNS,
    PLACE_COUNT_NOUNS,
    POWER_OBJECTS,
    PROJECTILE_NOUNS,
    SINGULAR_PEOPLE,
    TIME_WORDS,
    TOLL_LINKS,
    TRANSITIVE_CASUALTY_VERBS,
    TREATMENT_VERBS,
)
from .numbers import DIGIT_SCALES, LETTER_SCALES, SCALES, SMALL, UNICODE_FRACTIONS, digit_value, parse_number
from .tokens import Tokens
from .types import ABOUT, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, INF, MORE_THAN, NEARLY, RANGE

DEFAULT_CONFIG = ExtractionConfig()

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
     "about some|around some|somewhere around|an approximate|a approximately|ca|an average of|averaging|~"),
    (NEARLY, "nearly|almost|just under|just shy of|just below|not quite|close on|just short of"),
):  # fmt: skip
    for _p in _phrases.split("|"):
        QUALIFIERS[tuple(_p.split())] = _q
QUALIFIER_FIRST = frozenset(k[-1] for k in QUALIFIERS)

VAGUE = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "scores": 20.0}
DASHES = frozenset("-–—")
MINUS = frozenset("-−–")
SUBSET_CUES = frozenset(("including", "includes", "include"))
RELATIVE_OF = frozenset(("which", "whom", "them", "those", "these"))
DETERMINERS = frozenset(["the", "its", "their", "his", "her", "our", "these", "those", "this", "that", "a", "an"])
TIME_SUFFIX = frozenset(("am", "pm", "a.m", "p.m", "gmt", "utc", "o'clock", "o’clock", "hrs"))
ORDINAL_SUFFIX = frozenset(("st", "nd", "rd", "th"))
AGE_LEFT = frozenset(("aged", "age", "ages"))


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nouns that number things rather than count them: "episode 5", "page 12", "flight 370".
NUMBERING_NOUNS = _set(
    "page pages pp episode episodes season chapter flight route room gate platform level phase stage "
    "track article section paragraph clause verse vol version edition issue model number nos generation "
    "gen row seat apartment apt suite zone sector district ward exit highway interstate tier category "
    "figure fig table step part act game round match lap hole channel terminal pier block lot "
    "series mark type rev iteration release build patch"
)
WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun")
STREET_WORDS = _set(
    "street st avenue ave road rd boulevard blvd lane ln drive dr way place pl court ct square sq terrace "
    "highway hwy parkway crescent close"
)
KARAT_NEXT = frozenset(("gold", "white", "yellow", "rose", "solid", "plated", "pink", "red", "green"))
DISPLAY_NEXT = _set(
    "video videos resolution display displays screen screens tv tvs television televisions monitor monitors "
    "camera cameras footage content streaming stream ultra hd hdr oled uhd panel projector gaming"
)
NOT_NAMES = frozenset(("i", "no", "nos", "mr", "mrs", "ms", "dr"))
NUMBER_STARTERS = frozenset(SMALL) | frozenset(("a", "an", "half")) | frozenset(VAGUE) | frozenset(("tens",))


COMBATANTS = "combatants"  # the one counted subject of fighters, militants, insurgents, "Taliban"...


def _is_people(noun: str) -> bool:
    return (
        noun in PEOPLE_NOUNS
        or noun in SINGULAR_PEOPLE
        or NOUN_METRICS.get(noun) == "troops"
        or noun in COMBATANT_NOUNS
        or noun in COMBATANT_GROUPS
    )


@dataclass(slots=True)
class FigureHit:
    """A figure while the sentence is being read (mutable; frozen into ``Figure`` later)."""

    start: int
    end: int
    value: float
    low: float
    high: float
    qualifier: str = EXACT
    kind: str = "count"
    metric: str | None = None
    unit: str | None = None
    change: str | None = None
    parent: int | None = None  # index (in the sentence's hits) of the total this is part of
    noun: str | None = None
    tok: int = 0  # first token of the number itself
    anaphor: bool = False  # "80 of them": counts what an earlier sentence counted


def interval(value: float, qualifier: str, config: ExtractionConfig) -> tuple[float, float]:
    """Interval of a qualified value (BRIEF rule 1).

    >>> interval(40, "about", ExtractionConfig()), interval(52, "more_than", ExtractionConfig())
    ((36.0, 44.0), (52, inf))
    """
    if qualifier in (AT_LEAST, MORE_THAN):
        return value, INF
    if qualifier == AT_MOST:
        return min(0.0, value), value
    if qualifier == FEWER_THAN:
        return min(0.0, value), value
    if qualifier == ABOUT:
        a, b = value * (1 - config.about_band), value * (1 + config.about_band)
        return (min(a, b), max(a, b))
    if qualifier == NEARLY:
        return value - abs(value) * config.nearly_band, value
    return value, value


def _singular(noun: str) -> str:
    if noun in ("people", "police", "aircraft", "staff", "troops", "news", "series", "species"):
        return noun
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    if noun == "men":
        return "man"
    if noun == "women":
        return "woman"
    if noun == "children":
        return "child"
    return noun


_NOT_PLURAL = frozenset(("news", "series", "species", "gas", "bus", "lens", "chaos", "physics", "politics"))
_PLURAL_HEADS = frozenset(("people", "children", "men", "women", "police", "aircraft", "troops", "staff", "personnel"))


def _plural_head(noun: str) -> bool:
    """Does ``noun`` read as a plural head noun (the end of the counted noun phrase)?"""
    if noun in _PLURAL_HEADS:
        return True
    return (
        len(noun) > 3
        and noun.endswith("s")
        and not noun.endswith(("ss", "us", "is", "’s", "'s"))
        and noun not in _NOT_PLURAL
    )


NOT_NOUNS = _set(
    "plus out like go up down off away back via vs versus yet too even ever never "
    "all both many much few several same what how it they we you he she i me us them him "
    "get got make made take took come came see saw know say went gone left right next last first second "
    "am pm etc per cent percent lol ok okay yes way"
)
MULTIPLIER_NEXT = frozenset(("more", "less", "as", "the", "that", "than", "a", "an", "over", "higher", "lower"))
_NOUN_ED = frozenset(("hundred", "hatred", "kindred", "seabed", "bed", "shed", "sled", "red", "infrared"))


def real_noun(noun: str) -> bool:
    """Can ``noun`` name what a figure counts? Not a letter, particle, stop word or past participle.

    >>> real_noun("houses"), real_noun("s"), real_noun("plus"), real_noun("vanished")
    (True, False, False, False)
    """
    if len(noun) < 3 or not noun.isalpha() or noun in NOT_NOUNS or noun in NOUN_STOP or noun in TIME_WORDS:
        return False
    return not (noun.endswith("ed") and not noun.endswith("eed") and noun not in _NOUN_ED)


def refine_metric(metric: str | None, noun: str | None) -> str | None:
    """Missiles, drones and aircraft that are destroyed are intercepted.

    >>> refine_metric("destroyed", "missiles"), refine_metric("destroyed", "buildings")
    ('intercepted', 'destroyed')
    """
    if metric == "destroyed" and noun is not None and (noun in PROJECTILE_NOUNS or _singular(noun) in PROJECTILE_NOUNS):
        return "intercepted"
    return metric


def number_candidates(toks: Tokens) -> list[int]:
    """Indices of tokens that may start a figure (one cheap pass over the document)."""
    return [
        i
        for i, (w, lw) in enumerate(zip(toks.text, toks.low, strict=True))
        if w[0].isdigit() or lw in NUMBER_STARTERS or w in UNICODE_FRACTIONS
    ]


def find_figures(
    toks: Tokens, lo: int, hi: int, config: ExtractionConfig = DEFAULT_CONFIG, candidates: list[int] | None = None
) -> list[FigureHit]:
    """All figures between tokens ``lo`` and ``hi`` (one sentence).

    ``candidates`` (from ``number_candidates``) lets the reader jump between
    possible numbers instead of looking at every token.
    """
    if candidates is None:
        candidates = number_candidates(toks)
    return _Reader(toks, lo, hi, config).read(candidates)


class _Reader:
    __slots__ = ("words", "low", "starts", "ends", "lo", "hi", "config", "hits")

    def __init__(self, toks: Tokens, lo: int, hi: int, config: ExtractionConfig) -> None:
        self.words = toks.text
        self.low = toks.low
        self.starts = toks.start
        self.ends = toks.end
        self.lo = lo
        self.hi = hi
        self.config = config
        self.hits: list[FigureHit] = []

    # -- helpers ---------------------------------------------------------------
    def glued(self, a: int, b: int) -> bool:
        """Are tokens a and b adjacent with no space between them?"""
        return self.ends[a] == self.starts[b]

    def read(self, candidates: list[int]) -> list[FigureHit]:
        low, words = self.low, self.words
        hi = self.hi
        k = bisect_left(candidates, self.lo)
        i = self.lo
        while k < len(candidates) and candidates[k] < hi:
            if candidates[k] < i:
                k += 1
                continue
            i = candidates[k]
            k += 1
            w = words[i]
            lw = low[i]
            nxt = i + 1
            if w[:1].isdigit() or w in UNICODE_FRACTIONS:
                nxt = self.number_at(i)
            elif lw in NUMBER_STARTERS and not self.adjective_compound(i):
                nxt = self.article_at(i) if lw in ("a", "an") else self.number_at(i)
            i = max(nxt, i + 1)
        self.link_subsets()
        return self.hits

    def adjective_compound(self, i: int) -> bool:
        """ "one-time rivals", "a three-way race", "a one-off payment": the number word
        is part of an adjective, not a count."""
        words, low = self.words, self.low
        return (
            i + 2 < self.hi
            and words[i + 1] == "-"
            and self.glued(i, i + 1)
            and self.glued(i + 1, i + 2)
            and low[i + 2] in ADJECTIVE_COMPOUND_HEADS
        )

    # -- "a woman died", "a dozen", "a gallon" -----------------------------------
    def article_at(self, i: int) -> int:
        low, hi = self.low, self.hi
        if i + 1 >= hi:
            return i + 1
        n1 = low[i + 1]
        if n1 in SCALES or n1 == "dozen":
            return self.number_at(i)
        if (
            n1 in MEASURE_UNITS
            and n1 not in GLUED_ONLY_UNITS
            and n1 not in ("degree", "cup", "stone", "ft", "bit", "ton", "tons")
        ):
            unit, kind, measure = MEASURE_UNITS[n1]
            self.add(i, i + 2, 1.0, 1.0, 1.0, EXACT, kind, measure, unit, i)
            return i + 2
        if n1 in ("penny", "dime", "cent"):
            self.add(i, i + 2, 1.0, 1.0, 1.0, EXACT, "money", "money", CURRENCY_WORDS[n1], i)
            return i + 2
        # implicit casualty: "a (91-year-old) woman died", "a man was killed"
        k = i + 1
        limit = min(hi, i + 9)
        while k < limit and low[k] not in SINGULAR_PEOPLE:
            if low[k] in NOUN_STOP or low[k] in (",", ".", ";", "“", "”", '"'):
                return i + 1
            k += 1
        if k >= limit:
            return i + 1
        while k + 1 < limit and low[k + 1] in SINGULAR_PEOPLE:
            k += 1  # "a National Guard soldier"
        noun_end = k + 1
        j = noun_end
        # skip a relative "who" / auxiliary
        limit = min(hi, noun_end + 4)
        metric: str | None = None
        passive = False
        while j < limit:
            lj = low[j]
            if lj in ("was", "were", "is", "has", "been", "had", "later", "also", "reportedly", "who", "went"):
                passive = passive or lj in PASSIVE_AUXILIARIES
                j += 1
                continue
            if lj in METRIC_WORDS and METRIC_WORDS[lj] in CASUALTY_METRICS:
                metric = METRIC_WORDS[lj]
                j += 1
            break
        if metric is None:
            return i + 1
        if not passive and low[j - 1] in TRANSITIVE_CASUALTY_VERBS and self.object_at(j):
            return i + 1  # "a retired soldier has killed at least 12 raiders": the agent, not a victim
        self.add(i, j, 1.0, 1.0, 1.0, EXACT, "count", metric, "people", i, noun=_singular(low[k]))
        return i + 1  # keep reading inside (the age in "a 91-year-old woman")

    def object_at(self, t: int) -> bool:
        """Does an object of an active verb start at token ``t``? A number ("12", "at least
        12"), a determiner or pronoun ("the guard", "them"), a name or people ("civilians").

        Time words are adjuncts, not objects ("a man killed last week", "killed this
        morning", "killed Tuesday"), and a reflexive object is the victim ("killed himself").
        """
        words, low, hi = self.words, self.low, self.hi
        if t >= hi:
            return False
        lt = low[t]
        nxt = low[t + 1] if t + 1 < hi else ""
        if words[t][:1].isdigit() or lt in SMALL or lt in VAGUE:
            return nxt not in DURATION_UNITS
        if lt in DETERMINERS or lt in OBJECT_PRONOUNS:
            return nxt not in TIME_WORDS and nxt not in DURATION_UNITS and nxt not in WEEKDAYS
        if lt in PEOPLE_NOUNS or lt in COMBATANT_NOUNS or lt in COMBATANT_GROUPS:
            return True
        if words[t][:1].isupper() and words[t].isalpha():
            return lt not in WEEKDAYS and lt not in MONTHS and lt not in NOUN_STOP
        # a qualified number: "at least 12", "more than 20", "up to 30"
        for n in (3, 2, 1):
            if QUALIFIERS.get(tuple(low[t : t + n])) and t + n < hi:
                w = words[t + n]
                return w[:1].isdigit() or low[t + n] in SMALL
        return False

    def dozen_at(self, i: int, end: int, value: float) -> int:
        """ "a dozen" (about 12), "half a dozen", "more than a dozen" (the qualifier wins)."""
        cfg = self.config
        ratio = value / 12.0
        qual, qual_start = self.qualifier_before(i)
        if qual_start is None or qual == RANGE:
            self.add(i, end, value, cfg.dozen_low * ratio, cfg.dozen_high * ratio, ABOUT, "count", None, None, i)
        else:
            low_v, high_v = interval(value, qual, cfg)
            self.add(qual_start, end, value, low_v, high_v, qual, "count", None, None, i)
        return self.finish_count(len(self.hits) - 1, end)

    def not_a_figure(self, i: int, j: int) -> str | None:
        """Is the number in tokens ``i:j`` a label (name, version, episode) or no figure at all?

        "iPhone 6", "Windows 10", "Boeing 777", "episode 5" are labels ("label": an
        ordinal, never a count); "3-2", "555-123-4567", "ZIP 90210", "10 Downing
        Street" are no figures ("skip"); None for a figure.
        """
        words, low, hi, lo = self.words, self.low, self.hi, self.lo
        w = words[i]
        if not w[:1].isdigit():
            return None
        p = i - 1
        unit = self.unit_at(j, None) if j < hi else None
        # identifiers: "510456172418517", "000000" (but "05:30" is a time)
        if w.isdigit() and (len(w) >= 10 or len(w) > 1 and w[0] == "0") and not (j < hi and words[j] == ":"):
            return "skip" if unit is None else None
        if p >= lo and unit is None:
            pw = words[p]
            lp = low[p]
            if lp in ("zip", "postcode"):
                return "skip"
            if lp in NUMBERING_NOUNS:
                return "label"
            # a product, model or version: a capitalised name right before the number
            if (
                pw[:1].isalpha()
                and pw.isalpha()
                and not pw.islower()
                and (p > lo or not pw[:1].isupper() or not pw[1:].islower())
                and lp not in MONTHS
                and lp not in WEEKDAYS
                and lp not in NOUN_STOP
                and lp not in QUALIFIER_FIRST
                and lp not in CURRENCY_PREFIXES
                and lp not in CURRENCY_WORDS
                and lp not in NOT_NAMES
                and not (j < hi and (low[j] in ("%", "percent", "per", "pct") or low[j] in DIGIT_SCALES))
                and not (j < hi and words[j][:1].isupper() and _plural_head(low[j]))
                and not (len(pw) == 2 and pw.isupper() and len(w) != 5)  # "US 5" (but "CA 90210" is a ZIP)
            ):
                return "skip" if len(pw) == 2 and pw.isupper() else "label"
        # dash-glued digit chains: "555-123-4567", "2014-05-03"; scores "3-2", "1-1"
        signed = p >= lo and words[p] in MINUS and self.glued(p, i)
        if j + 1 < hi and words[j] in DASHES and self.glued(j - 1, j) and self.glued(j, j + 1) and not signed:
            nxt = words[j + 1]
            if nxt.isdigit() and w.isdigit():
                if j + 3 < hi and words[j + 2] in DASHES and self.glued(j + 1, j + 2) and words[j + 3].isdigit():
                    return "skip"
                if len(w) <= 2 and len(nxt) <= 2 and int(nxt) <= int(w) and self.unit_at(j + 2, None) is None:
                    return "skip"
        # "(555) 123-4567"
        if (
            p - 1 >= lo
            and words[p] == ")"
            and words[p - 1].isdigit()
            and len(words[p - 1]) == 3
            and len(w) == 3
            and j + 1 < hi
            and words[j] in DASHES
            and len(words[j + 1]) == 4
        ):
            return "skip"
        # street addresses: "10 Downing Street", "221 Baker St"
        if "," not in w and "." not in w:
            k = j
            while k < min(hi, j + 4) and words[k][:1].isupper() and words[k].isalpha():
                if low[k] in STREET_WORDS and k > j:
                    return "skip"
                k += 1
        return None

    # -- numbers -----------------------------------------------------------------
    def number_at(self, i: int) -> int:
        words, low, hi, cfg = self.words, self.low, self.hi, self.config
        lw = low[i]
        # a number glued to letters is a name (F-16, COVID-19, MH17, G7), not a figure
        if i > self.lo and self.glued(i - 1, i):
            p = words[i - 1]
            if p[:1].isalpha() or (
                p in DASHES and i - 2 >= self.lo and self.glued(i - 2, i - 1) and words[i - 2][:1].isalpha()
            ):
                return i + 1
            if p[:1].isdigit() or p in ("/", ".", ":"):
                return i + 1
        # vague quantities: "dozens", "hundreds of thousands", "tens of thousands"
        if lw in VAGUE or lw == "tens":
            return self.vague_at(i)
        if lw == "half":
            if i + 2 < hi and low[i + 1] == "a" and low[i + 2] == "dozen":
                return self.dozen_at(i, i + 3, 6.0)
            return i + 1
        if (
            lw == "one"
            and i + 1 < hi
            and low[i + 1] in ("of", "another", "day", "time")
            and not (i + 2 < hi and words[i + 2][:1].isdigit())
        ):
            return i + 1
        if lw in ("a", "an") and i + 1 < hi and low[i + 1] == "dozen":
            return self.dozen_at(i, i + 2, 12.0)
        parsed = parse_number(words, low, self.starts, self.ends, i, hi, cfg.max_digits)
        if parsed is None:
            return i + 1
        value, j = parsed
        label = self.not_a_figure(i, j)
        if label is not None:
            if label == "label":
                self.add(i, j, value, value, value, EXACT, "ordinal", None, None, i)
            return self.chunk_end(i)
        # a list marker opening the sentence: "1/ Sirens", "2) Smoke"
        if (
            i == self.lo
            and j + 1 < hi
            and words[j] in ("/", ")")
            and self.glued(j - 1, j)
            and not self.glued(j, j + 1)
            and words[i].isdigit()
        ):
            return j + 1
        first_tok = i
        start_tok = i
        # glued trailing letters: ordinals, scales, units ("21st", "2bn", "10kg"), else a code ("5G")
        if j < hi and self.glued(j - 1, j) and words[j][:1].isalpha() and words[i][:1].isdigit():
            g = low[j]
            if not (
                g in ORDINAL_SUFFIX
                or g in DIGIT_SCALES
                or g in MEASURE_UNITS
                or g in DURATION_UNITS
                or g in TIME_SUFFIX
                or g in CURRENCY_WORDS
                or g in ("a", "p", "s", "h", "x", "e")
            ):
                return j + 1
            if g == "s" and words[i].isdigit() and value % 10 == 0 and len(words[i]) in (2, 4):
                # decades: "the 90s", "in his 40s", "the 1990s"
                self.add(i, j + 1, value, value, value + 9, EXACT, "date", "decade", "decade", i)
                return j + 1
            nx = low[j + 1] if j + 1 < hi else ""
            bare = i == self.lo or words[i - 1] not in CURRENCY_SYMBOLS
            # "18k gold" (karat), "4K video" (resolution), "5G" (network generation)
            if g == "k" and bare and value <= 24 and nx in KARAT_NEXT:
                self.add(i, j + 1, value, value, value, EXACT, "measure", "carat", "carat", i)
                return j + 1
            if g == "k" and bare and value <= 16 and (nx in DISPLAY_NEXT or words[j] == "K" and not nx.isalpha()):
                return j + 1
            if words[j] == "G" and value < 10:
                return j + 1
        if j < hi and low[j] in ORDINAL_SUFFIX and self.glued(j - 1, j):
            self.add(i, j + 1, value, value, value, EXACT, "ordinal", None, None, i)
            return j + 1
        # "a dozen" / "two dozen"
        if j < hi and low[j] == "dozen":
            if low[i] in ("a", "an"):
                return self.dozen_at(i, j + 1, 12.0)
            value *= 12
            j += 1
        if (
            j + 1 < hi
            and words[j] in ("'", "’")
            and low[j + 1] == "s"
            and self.glued(j - 1, j)
            and self.glued(j, j + 1)
            and words[i].isdigit()
            and value % 10 == 0
            and len(words[i]) in (2, 4)
        ):
            self.add(i, j + 2, value, value, value + 9, EXACT, "date", "decade", "decade", i)
            return j + 2  # "the 80's"
        # sign: "-15", "−3", "minus 5"
        negative = False
        if (
            i > self.lo
            and words[i - 1] in MINUS
            and self.glued(i - 1, i)
            and (i - 1 == self.lo or not self.glued(i - 2, i - 1) or words[i - 2] in ("(", "$", "€", "£"))
            or i > self.lo
            and low[i - 1] == "minus"
        ):
            negative = True
            start_tok = i - 1
        # currency before: "$2bn", "US$ 5", "€3.4 billion", "$-99.99"
        currency = None
        k = start_tok - 1
        if k >= self.lo and words[k] in CURRENCY_SYMBOLS:
            currency = CURRENCY_SYMBOLS[words[k]]
            start_tok = k
            if k - 1 >= self.lo and low[k - 1] in CURRENCY_PREFIXES and self.glued(k - 1, k):
                if words[k] == "$":
                    currency = CURRENCY_PREFIXES[low[k - 1]]
                start_tok = k - 1
            if start_tok - 1 >= self.lo and words[start_tok - 1] in MINUS and self.glued(start_tok - 1, start_tok):
                negative = True
                start_tok -= 1
        # scale after: "1.5 million", "2bn", "$2.174T", "0.5k", "$5-billion"
        scale = 1.0
        if (
            j + 1 < hi
            and words[j] in DASHES
            and self.glued(j - 1, j)
            and self.glued(j, j + 1)
            and low[j + 1] in DIGIT_SCALES
            and low[j + 1] not in LETTER_SCALES
            and words[i][:1].isdigit()
        ):
            j += 1
        if j < hi and low[j] in DIGIT_SCALES and words[i][:1].isdigit():
            g = low[j]
            if g not in LETTER_SCALES or (
                self.glued(j - 1, j) and (currency or g in ("k", "b") or (g == "m" and currency))
            ):
                if not (g in LETTER_SCALES and j + 1 < hi and low[j + 1] in ("/", "per")):
                    scale = DIGIT_SCALES[g]
                    j += 1
            elif g in ("m", "b", "t") and currency is None and j + 1 < hi and low[j + 1] in CURRENCY_WORDS:
                scale = DIGIT_SCALES[g]
                j += 1
        value *= scale
        if negative:
            value = -value
        # "600-plus", "5,000+ people", "600 plus engineers": at least
        plus = j < hi and (words[j] == "plus" or words[j] == "+" and self.glued(j - 1, j))
        if j + 1 < hi and words[j] in DASHES and words[j + 1] == "plus" and self.glued(j - 1, j):
            plus = True
        if plus:
            e = j + 1 if low[j] != "-" and words[j] not in DASHES else j + 2
            if e < hi and (words[e][:1].isdigit() or low[e] in NUMBER_STARTERS):
                plus = False  # "2 plus 2"
            else:
                j = e
        qual, qual_start = self.qualifier_before(start_tok)
        # ranges: "between 10 and 15", "10-15", "10 to 15", "8- to 16-meter", "two or three"
        unit_info = self.unit_at(j, currency)
        after = unit_info[3] if unit_info else j
        rng = self.range_after(after, j, first_tok, qual_start)
        low_v = high_v = value
        if rng is not None:
            b_value, b_scale, b_end, b_unit_info, b_currency = rng
            if scale == 1.0 and b_scale != 1.0:
                value *= b_scale
            low_v, high_v = min(value, b_value), max(value, b_value)
            value = (low_v + high_v) / 2
            qual = RANGE
            if qual_start is not None and low[qual_start] not in ("between", "from"):
                qual_start = None
            if b_unit_info and not unit_info:
                unit_info = b_unit_info
            currency = currency or b_currency
            j = b_end
            after = b_unit_info[3] if b_unit_info else b_end
        else:
            if qual_start is not None and low[qual_start] in ("between", "from"):
                qual_start = None
                qual = EXACT
        if qual_start is None and rng is None:
            qual = EXACT
        elif qual != RANGE:
            low_v, high_v = interval(value, qual, cfg)
        if plus and qual == EXACT:
            qual = AT_LEAST
            low_v, high_v = interval(value, qual, cfg)
        span_start = min(qual_start, start_tok) if qual_start is not None else start_tok
        # trailing "or so" means about
        if qual == EXACT and after + 1 < hi and low[after] == "or" and low[after + 1] == "so":
            qual = ABOUT
            low_v, high_v = interval(value, qual, cfg)
        return self.classify(span_start, first_tok, j, after, value, low_v, high_v, qual, currency, unit_info)

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
                # "up 3%" is a change, "over Belgorod" was never a number
                return q, a
        return EXACT, None

    def unit_at(self, j: int, currency: str | None) -> tuple[str, str, str, int] | None:
        """Unit right after a number at token ``j``: (unit, kind, metric, end index)."""
        words, low, hi = self.words, self.low, self.hi
        if j >= hi:
            return None
        k = j
        if low[k] in DASHES and self.glued(k - 1, k) and k + 1 < hi:
            k += 1  # "27-kilometer", "91-year-old"
        lk = low[k]
        if words[k][:1].isalpha() and k + 1 < hi and self.glued(k, k + 1):
            e = self.chunk_end(k)
            if e > k + 1 and any(words[t][:1].isdigit() for t in range(k + 1, e)) and words[k + 1] not in ("2", "3"):
                return None  # a designator ("6 T-800 tanks"), not a unit
        if lk == "%" or lk in ("percent", "pct", "percentage"):
            if lk == "percentage" and k + 1 < hi and low[k + 1] in ("point", "points"):
                return "pp", "percent", "percent", k + 2
            if k + 2 < hi and low[k + 1] == "percentage" and low[k + 2] in ("point", "points"):
                return "pp", "percent", "percent", k + 3
            if lk == "percentage":
                return None
            return "%", "percent", "percent", k + 1
        if lk == "per" and k + 1 < hi and low[k + 1] == "cent":
            return "%", "percent", "percent", k + 2
        if lk in ("basis",) and k + 1 < hi and low[k + 1] in ("points", "point"):
            return "bp", "percent", "percent", k + 2
        if lk in ("points", "point") and k + 1 < hi and low[k + 1] != "of":
            pass
        if currency is None and lk in CURRENCY_WORDS:
            return CURRENCY_WORDS[lk], "money", "money", k + 1
        if currency is None and words[k] in CURRENCY_SYMBOLS and self.glued(k - 1, k):
            return CURRENCY_SYMBOLS[words[k]], "money", "money", k + 1  # "15€"
        if lk == "°" and k + 1 < hi and low[k + 1] in ("c", "f"):
            return ("C" if low[k + 1] == "c" else "F"), "measure", "temperature", k + 2
        if lk in DURATION_UNITS and (lk not in ("min", "sec", "s", "h") or self.glued(k - 1, k)):
            if lk in ("second",) and k > j:
                pass
            return DURATION_UNITS[lk], "duration", "duration", k + 1
        if lk[-1:] in ("²", "³") and lk[:-1] in MEASURE_UNITS:  # "km²"
            unit, kind, _ = MEASURE_UNITS[lk[:-1]]
            square = lk[-1] == "²"
            return unit + ("2" if square else "3"), kind, ("area" if square else "volume"), k + 1
        if lk in MEASURE_UNITS:
            if (
                lk in GLUED_ONLY_UNITS
                and not self.glued(k - 1, k)
                and not (
                    lk == "in"
                    and (
                        k + 1 >= hi
                        or low[k + 1] in (".", "thick", "long", "wide", "tall", "high", "deep", "gap", "diameter")
                    )
                )
                and not (lk in ("m", "g", "t", "l", "w") and (k + 1 >= hi or not low[k + 1].isalpha()))
            ):
                return None
            unit, kind, metric = MEASURE_UNITS[lk]
            end = k + 1
            if lk in ("degree", "degrees"):
                if end < hi and low[end] in ("celsius", "centigrade", "c"):
                    unit, end = "C", end + 1
                elif end < hi and low[end] in ("fahrenheit", "f"):
                    unit, end = "F", end + 1
            elif lk in ("pound", "pounds") and end < hi and low[end] == "sterling":
                return "GBP", "money", "money", end + 1
            elif (
                lk in ("km", "kilometres", "kilometers", "kilometre", "kilometer")
                and end + 1 < hi
                and low[end] in ("/", "per")
                and low[end + 1] in ("h", "hour", "hr")
            ):
                return "km/h", "measure", "speed", end + 2
            # "sq km", "km2", "cubic metres"
            if end < hi and words[end] in ("2", "²", "3", "³") and self.glued(end - 1, end):
                unit += "2" if words[end] in ("2", "²") else "3"
                metric = "area" if words[end] in ("2", "²") else "volume"
                end += 1
            if (
                end + 1 < hi
                and low[end] in ("per", "/")
                and (low[end + 1] in DURATION_UNITS or low[end + 1] in MEASURE_UNITS)
            ):
                unit = f"{unit}/{low[end + 1]}"
                end += 2
            return unit, kind, metric, end
        if lk in ("sq", "square", "cubic") and k + 1 < hi and low[k + 1] in MEASURE_UNITS:
            unit, kind, metric = MEASURE_UNITS[low[k + 1]]
            return unit + ("2" if lk != "cubic" else "3"), kind, ("area" if lk != "cubic" else "volume"), k + 2
        return None

    def range_after(
        self, after: int, j: int, first: int, qual_start: int | None
    ) -> tuple[float, float, int, tuple[str, str, str, int] | None, str | None] | None:
        words, low, hi = self.words, self.low, self.hi
        between = qual_start is not None and low[qual_start] == "between"
        for k in (j, after) if after != j else (j,):
            if k >= hi:
                continue
            c = low[k]
            m = k + 1
            if c in DASHES:
                if not (words[first][:1].isdigit() or low[first] in SMALL):
                    continue
            elif (
                c == "to"
                or (c == "and" and between)
                or (
                    c == "or"
                    and m < hi
                    and (low[first] in SMALL and low[m] in SMALL or self.digit_alternative(first, m))
                )
            ):
                pass
            elif c == "-" and m < hi and low[m] == "to":
                m += 1
            else:
                continue
            if c in DASHES and m < hi and low[m] == "to":
                m += 1
            neg = False
            if m < hi and words[m] in MINUS and m + 1 < hi and self.glued(m, m + 1):
                neg = True
                m += 1
            cur = None
            if m < hi and words[m] in CURRENCY_SYMBOLS:
                cur = CURRENCY_SYMBOLS[words[m]]
                m += 1
            if m >= hi or not (words[m][:1].isdigit() or low[m] in SMALL):
                continue
            if words[first][:1].isdigit() != words[m][:1].isdigit() and c in DASHES:
                continue
            parsed = parse_number(words, low, self.starts, self.ends, m, hi, self.config.max_digits)
            if parsed is None:
                continue
            b, e = parsed
            b_unit = None
            # "2013-14": a season, not a range; "1-0": a score
            if (
                c in DASHES and len(words[first]) == 4 and len(words[m]) == 2 and 1800 <= float(words[first]) <= 2100
                if words[first].isdigit()
                else False
            ):
                return None
            b_scale = 1.0
            if (
                e < hi
                and low[e] in DIGIT_SCALES
                and low[e] not in LETTER_SCALES
                or e < hi
                and low[e] in DIGIT_SCALES
                and self.glued(e - 1, e)
                and (cur or low[e] in ("k", "bn", "b", "m"))
            ):
                b_scale = DIGIT_SCALES[low[e]]
                e += 1
            b *= b_scale
            if neg:
                b = -b
            b_unit = self.unit_at(e, cur)
            a_unit = self.unit_at(j, None)
            a_cur = first > self.lo and self.words[first - 1] in CURRENCY_SYMBOLS
            if (cur is not None) != a_cur and not (cur and a_unit is None):
                continue
            if a_unit and b_unit and a_unit[0] != b_unit[0]:
                continue
            if a_unit and a_unit[1] in ("percent", "money") and b_unit is None:
                continue
            return b, b_scale, e, b_unit, cur
        return None

    def digit_alternative(self, first: int, m: int) -> bool:
        """ "50 or 60 doctors": two rising estimates of one count make a range, like "50 to 60".

        Only plain digits, the second larger and at most ten times the first, so a
        list ("1,234 or 56%") or a correction ("20 or 2") stays two figures, and
        never days ("on Dec. 1 or 2": two dates, not a day 1.5).
        """
        a, b = self.words[first], self.words[m]
        if not (a[:1].isdigit() and b[:1].isdigit()):
            return False
        p = first - 1
        if p > self.lo and self.words[p] == ".":
            p -= 1
        if p >= self.lo and self.low[p] in MONTHS:
            return False
        va, vb = digit_value(a), digit_value(b)
        return va is not None and vb is not None and 0 < va < vb <= 10 * va

    def vague_at(self, i: int) -> int:
        low, hi, cfg = self.low, self.hi, self.config
        lw = low[i]
        j = i + 1
        if lw == "tens" or lw == "hundreds" and j + 1 < hi and low[j] == "of" and low[j + 1] in VAGUE:
            if not (j + 1 < hi and low[j] == "of" and low[j + 1] in VAGUE):
                return i + 1
            mult = 10.0 if lw == "tens" else 100.0
            scale = VAGUE[low[j + 1]] * mult
            j += 2
        else:
            scale = VAGUE[lw]
        if i > self.lo and (self.words[i - 1][:1].isdigit() or low[i - 1] in SMALL or low[i - 1] == "the"):
            return i + 1
        a = cfg.vague_low_multiplier * scale
        b = cfg.vague_high_multiplier * scale - 1
        if scale == 20.0:  # "scores"
            a, b = 40.0, 199.0
        self.add(i, j, a, a, b, RANGE, "count", None, None, i)
        return self.finish_count(len(self.hits) - 1, j)

    # -- kinds -------------------------------------------------------------------
    def classify(
        self,
        span_start: int,
        first: int,
        j: int,
        after: int,
        value: float,
        low_v: float,
        high_v: float,
        qual: str,
        currency: str | None,
        unit_info: tuple[str, str, str, int] | None,
    ) -> int:
        words, low, hi = self.words, self.low, self.hi
        end = after
        # ages: "a 91-year-old woman", "79 years old", "aged 56", "Galina Soloviova, 79,"
        if unit_info and unit_info[0] in ("years", "months", "weeks", "days"):
            u = unit_info[3]
            if u + 1 < hi and low[u] in DASHES and low[u + 1] == "old":
                self.add(span_start, u + 2, value, low_v, high_v, qual, "age", "age", unit_info[0], first)
                return u + 2
            if u < hi and low[u] == "old":
                self.add(span_start, u + 1, value, low_v, high_v, qual, "age", "age", unit_info[0], first)
                return u + 1
        if first - 1 >= self.lo and low[first - 1] in AGE_LEFT and not unit_info:
            self.add(span_start, j, value, low_v, high_v, qual, "age", "age", "years", first)
            return j
        if currency is not None or (unit_info and unit_info[1] == "money"):
            unit = currency or (unit_info[0] if unit_info else None)
            self.add(span_start, end, value, low_v, high_v, qual, "money", "money", unit, first)
            return self.with_change(len(self.hits) - 1, end)
        if unit_info is not None:
            unit, kind, metric, _ = unit_info
            self.add(span_start, end, value, low_v, high_v, qual, kind, metric, unit, first)
            return self.with_change(len(self.hits) - 1, end)
        w = words[first]
        # times: "2 pm", "2.17pm", "10:30"
        frac = w.partition(".")[2]
        clock = not frac or (len(frac) == 2 and frac < "60")  # "2.17pm" is a time, "2.123 pm" is not
        if (
            clock
            and j < hi
            and (low[j] in TIME_SUFFIX or (low[j] in ("a", "p") and j + 1 < hi and words[j + 1] == "."))
        ):
            e = j + 1
            while e < hi and words[e] == "." and e + 1 < hi and low[e + 1] in ("m",):
                e += 2
            self.add(span_start, e, value, value, value, EXACT, "date", "time", "time", first)
            return e
        if (
            j + 1 < hi
            and words[j] == ":"
            and words[j + 1].isdigit()
            and len(words[j + 1]) == 2
            and self.glued(j - 1, j)
        ):
            self.add(span_start, j + 2, value, value, value, EXACT, "date", "time", "time", first)
            return j + 2
        # dates: "Jan. 5", "January 5, 2024", "5 January"
        prev = first - 1
        if prev >= self.lo and words[prev] == "." and prev - 1 >= self.lo:
            prev -= 1
        # "June 3 to 5" is days 3 to 5 from day 3, never a day 4
        days = (low_v, low_v, high_v, RANGE) if qual == RANGE else (value, value, value, EXACT)
        if prev >= self.lo and low[prev] in MONTHS and words[prev][:1].isupper() and w.isdigit() and len(w) <= 2:
            self.add(prev, j, *days, "date", "date", "day", first)
            return j
        if j < hi and low[j] in MONTHS and words[j][:1].isupper() and w.isdigit() and len(w) <= 2 and low[j] != "may":
            self.add(span_start, j + 1, *days, "date", "date", "day", first)
            return j + 1
        # eras: "165 BC", "AD 70"
        if w.isdigit() and j < hi and words[j] in ("BC", "BCE", "AD", "CE"):
            self.add(span_start, j + 1, value, value, value, EXACT, "date", "year", "year", first)
            return j + 1
        # years: a bare four-digit number in 1800..2100
        if (
            w.isdigit()
            and len(w) == 4
            and 1800 <= value <= 2100
            and qual in (EXACT, RANGE)
            and not (j < hi and (low[j] in PEOPLE_NOUNS or low[j] in NOUN_METRICS))
        ):
            self.add(span_start, j, value, low_v, high_v, qual, "date", "year", "year", first)
            return j
        # "Name, 79," -> age
        if (
            w.isdigit()
            and len(w) <= 3
            and value < 120
            and first - 2 >= self.lo
            and words[first - 1] == ","
            and words[first - 2][:1].isupper()
            and words[first - 2].isalpha()
            and low[first - 2] not in MONTHS
            and (j >= hi or words[j] in (",", ")", ".", ";"))
            and qual == EXACT
        ):
            self.add(span_start, j, value, value, value, EXACT, "age", "age", "years", first)
            return j
        if first - 2 >= self.lo and low[first - 1] in (".", "no") and low[first - 2] == "no":
            self.add(span_start, j, value, value, value, EXACT, "ordinal", None, None, first)
            return j
        self.add(span_start, j, value, low_v, high_v, qual, "count", None, None, first)
        return self.finish_count(len(self.hits) - 1, j)

    def with_change(self, idx: int, end: int) -> int:
        hit = self.hits[idx]
        low = self.low
        t = self.tok_before(hit)
        if t >= self.lo:
            w = low[t]
            if w in ("by", "to") and t - 1 >= self.lo:
                w = low[t - 1]  # "rose by 5", "rose to four"
            elif (
                w in ("of",) and t - 1 >= self.lo and (low[t - 1] in CHANGE_NOUNS_UP or low[t - 1] in CHANGE_NOUNS_DOWN)
            ):
                hit.change = "up" if low[t - 1] in CHANGE_NOUNS_UP else "down"
                return end
            if (
                w == "down"
                and t - 1 >= self.lo
                and low[t - 1] in ("shot", "shoot", "shoots", "shooting", "brought", "bring")
            ):
                return end
            if w in CHANGE_UP:
                hit.change = "up"
            elif w in CHANGE_DOWN:
                hit.change = "down"
        return end

    def tok_before(self, hit: FigureHit) -> int:
        """Index of the token just before the figure's span."""
        t = hit.tok
        starts = self.starts
        while t > self.lo and starts[t] > hit.start:
            t -= 1
        if starts[t] >= hit.start:
            t -= 1
        return t

    # -- what is counted -----------------------------------------------------------
    def finish_count(self, idx: int, j: int) -> int:
        """Find the counted noun and the metric around a count; set relations."""
        words, low, hi = self.words, self.low, self.hi
        hit = self.hits[idx]
        k = j
        noun: str | None = None
        noun_end = j
        metric: str | None = None
        evidence_end = j
        of_total = False
        # "of which" / "of whom": part of the previous figure
        ante_noun: str | None = None
        if k + 1 < hi and low[k] == "of" and low[k + 1] in RELATIVE_OF:
            hit.parent = self.previous_count(idx)
            hit.anaphor = hit.parent is None
            if low[k + 1] == "which":
                # "Shahed drones, all 35 of which": the noun just before names what is counted
                t = self.tok_before(hit)
                while t > self.lo and low[t] in ("all", "some", "most", "many", "both", "only", "just", ","):
                    t -= 1
                if t >= self.lo and _plural_head(low[t]):
                    ante_noun = low[t]
                    parent = self.hits[hit.parent] if hit.parent is not None else None
                    if parent is not None and parent.noun != ante_noun and parent.end != self.ends[t]:
                        hit.parent = None
            k += 2
            noun_end = evidence_end = k
        elif k + 1 < hi and low[k] == "of":
            m = k + 1
            if m < hi and low[m] in DETERMINERS:
                m += 1
            if (
                m < hi
                and (words[m][:1].isdigit() or low[m] in SMALL)
                and not (low[m] == "one" and m + 1 < hi and low[m + 1] == "of")
                and not (low[m] in SMALL and m + 1 < hi and words[m + 1] == "-" and self.glued(m, m + 1))
            ):
                of_total = True  # "10 of the 10 missiles": resolved when the total is read
                k = m
            elif m > k + 1:
                k = m  # "four of its F-16 fighters"
            elif low[hit.tok] in VAGUE or low[hit.tok] in ("tens", "dozen"):
                k = m  # "dozens of cars"
        if not of_total:
            noun, noun_end, metric, evidence_end = self.read_noun(k, noun_end, evidence_end)
            k = noun_end
            # verb after: "were killed", "were shot down", "were left without electricity"
            if metric is None:
                metric, evidence_end = self.verb_after(k, evidence_end)
            if metric is None and noun is not None and _is_people(noun):
                metric = self.coordinated_casualty(k)
        # verb before: "killing at least five", "fired 99 missiles", "shot down nine", "death of 40"
        if metric is None:
            t = self.tok_before(hit)
            stop = max(self.lo, t - 4)
            while t >= stop:
                lt = low[t]
                if lt in METRIC_VERBS_BEFORE:
                    metric = METRIC_VERBS_BEFORE[lt]
                    break
                if lt == "down" and t - 1 >= self.lo and low[t - 1] in DOWN_VERBS:
                    metric = "intercepted"
                    break
                if lt == "of" and t - 1 >= self.lo and low[t - 1] in ("death", "deaths", "lives", "killing"):
                    metric = "killed"
                    break
                if not words[t][:1].isalpha() or lt in ("and", "but", "which", "who", "that"):
                    break
                t -= 1
        if noun is None and ante_noun is not None and hit.parent is None:
            noun = ante_noun
        if noun is not None and self.combatant(noun, j, noun_end):
            noun = COMBATANTS
        if metric == "destroyed" and noun is not None and refine_metric(metric, noun) == metric:
            metric = None  # "destroyed 40 houses" counts houses; only projectiles are intercepted
        if metric is None:
            metric = self.toll_before(hit)
        if noun in AIRCRAFT_NOUNS and metric is None:
            metric = "aircraft"
        if metric == "launched" or (metric is None and noun is not None and noun in NOUN_METRICS):
            if noun in MISSILE_NOUNS:
                metric = "missiles_launched"
            elif noun in DRONE_NOUNS:
                metric = "drones_launched"
            elif metric == "launched":
                metric = f"{_singular(noun)}_launched" if noun else "launched"
            else:
                metric = NOUN_METRICS[noun] if noun else None
        if metric is None and noun is not None:
            metric = "people" if noun in PEOPLE_NOUNS else _singular(noun)
        metric = refine_metric(metric, noun)
        hit.noun = noun
        hit.metric = metric
        hit.unit = self.count_unit(noun, metric)
        if noun in CURRENCY_WORDS and hit.kind == "count":  # "millions of dollars"
            hit.kind, hit.metric, hit.unit = "money", "money", CURRENCY_WORDS[noun]
        end_tok = max(noun_end, evidence_end) if not of_total else j
        hit.end = max(hit.end, self.ends[end_tok - 1])
        # "including six children": part of the figure before it
        t = self.tok_before(hit)
        among = (
            not of_total
            and noun_end + 1 < hi
            and low[noun_end] == "among"
            and low[noun_end + 1] in ("them", "those", "these", "whom", "the")
        )
        if t > self.lo and low[t] == "the" and low[t - 1] == "among":
            t -= 1
        if not of_total and t > self.lo and low[t] == "among" and low[t - 1] in PASSIVE_AUXILIARIES:
            # "the three were among 14 members", "two soldiers were among the 12 killed":
            # the count before is part of this one, and died as its whole did
            part_idx = self.previous_count(idx)
            if part_idx is not None:
                part = self.hits[part_idx]
                part.parent = idx
                if (part.noun is None or _is_people(part.noun)) and metric in CASUALTY_METRICS:
                    part.metric = metric
        elif (t >= self.lo and low[t] in SUBSET_CUES) or among:
            if among:
                hit.end = max(hit.end, self.ends[noun_end + 1])
            hit.parent = self.previous_count(idx, people=noun is not None and _is_people(noun))
            if hit.parent is not None:
                parent = self.hits[hit.parent]
                if (noun is None or noun in PEOPLE_NOUNS or noun == COMBATANTS) and (
                    parent.metric in CASUALTY_METRICS or metric in (None, "people")
                ):
                    hit.metric = parent.metric
                    if noun != COMBATANTS:  # "30 people, including 5 militants": still a count of militants
                        hit.unit = parent.unit or hit.unit
        end = self.with_change(idx, j)
        if of_total:
            hit.change = "of_total"  # placeholder, resolved in link_subsets
        return end

    def combatant(self, noun: str, j: int, noun_end: int) -> bool:
        """Does the counted noun name armed fighters? Militants, insurgents, rebels and
        groups used as a count noun ("20 Taliban") count one subject, so the matcher
        compares "25 Taliban fighters" with "at least 25 Taliban insurgents".

        "15,000 foreign fighters" are combatants, "six F-16 fighters" and "jet fighters" aircraft.
        """
        if noun == "fighters":
            words, low = self.words, self.low
            return not any(
                words[t][:1].isdigit() or low[t] in ("jet", "fighter") for t in range(j, max(j, noun_end - 1))
            )
        return noun in COMBATANT_NOUNS or noun in COMBATANT_GROUPS

    def chunk_end(self, k: int) -> int:
        """End of the run of tokens glued to token ``k``: "Kh-47M2", "Shahed-136/131", "anti-radar"."""
        words, hi = self.words, self.hi
        e = k + 1
        while e < hi and self.glued(e - 1, e):
            w = words[e]
            if w[:1].isalnum():
                e += 1
            elif w in ("-", "–", "/") and e + 1 < hi and self.glued(e, e + 1) and words[e + 1][:1].isalnum():
                e += 2
            else:
                break
        return e

    def read_noun(self, k: int, noun_end: int, evidence_end: int) -> tuple[str | None, int, str | None, int]:
        """The counted noun after a number: (noun, its end, metric word met, evidence end).

        Reads whole glued chunks, skips weapon designators ("Kh-101", "S-300")
        and modifiers ("further", "more"), and stops after a plural head noun,
        so "99 missiles fired overnight" counts missiles, never "overnight".
        """
        words, low, hi = self.words, self.low, self.hi
        noun: str | None = None
        metric: str | None = None
        chunks = 0
        while k < hi and chunks < 5:
            w = words[k]
            lk = low[k]
            if w in ("‘", "’", "'", "“", "”", '"'):
                if w in ("’", "'") and k + 1 < hi and low[k + 1] == "s" and self.glued(k, k + 1):
                    break  # "the 80's", "iPhone 6's"
                k += 1
                continue
            if not w[:1].isalpha():
                break
            if len(w) == 1 and k + 2 < hi and words[k + 1] == "." and self.glued(k, k + 1) and self.glued(k + 1, k + 2):
                # an abbreviation modifier: "five U.S. soldiers", "U.N. staff"
                e = k
                while e + 1 < hi and len(words[e]) == 1 and words[e].isalpha() and words[e + 1] == ".":
                    e += 2
                    if not (e < hi and self.glued(e - 1, e)):
                        break
                k = e
                chunks += 1
                continue
            if w in COMBATANT_ACRONYMS and noun is None and k + 1 < hi and low[k + 1] not in NOUN_STOP:
                k += 1  # "12 IS fighters": the group names the fighters ("IS" is no verb here)
                chunks += 1
                continue
            e = self.chunk_end(k)
            if e - k == 1 and w.islower() and lk in NOT_NOUNS:
                break
            chunks += 1
            if any(words[t][:1].isdigit() for t in range(k, e)):
                k = e  # a designator ("Kh-47M2", "F-16") names the type, not the thing counted
                continue
            if e - k == 1:
                if lk in METRIC_WORDS:
                    if lk not in ("launched", "fired"):
                        metric = METRIC_WORDS[lk]
                        evidence_end = k + 1
                        if noun is None:
                            noun_end = k + 1
                    break
                if lk == "more" and not (k + 1 < hi and low[k + 1] == "than"):
                    k = e
                    continue
                if lk in NOUN_STOP or lk in TIME_WORDS or lk in ("there", "here"):
                    break
                if lk in MONTHS and w[:1].isupper():
                    break
                if (lk in NP_MODIFIERS or lk in ("own", "such")) and noun is None:
                    k = e
                    continue
            head = low[e - 1]
            if not head[:1].isalpha():
                break
            if head.endswith(("’s", "'s")):
                noun, noun_end = head[:-2], e
                break
            noun, noun_end = head, e
            k = e
            if _plural_head(head) and (not w[:1].isupper() or head in NOUN_METRICS or head in PEOPLE_NOUNS):
                break
        if noun is not None and not real_noun(noun):
            noun = None
        if (
            noun in ("times", "time")
            and noun_end < hi
            and (low[noun_end] in MULTIPLIER_NEXT or low[noun_end].endswith("er"))
        ):
            noun = None  # "four times bigger", "five times the cost": a multiplier
        return noun, noun_end, metric, evidence_end

    def coordinated_casualty(self, k: int) -> str | None:
        """ "Two soldiers and three civilians were killed": the verb after the second
        group of people says what happened to the first one too."""
        low, hi = self.low, self.hi
        if not (k + 2 < hi and low[k] == "and"):
            return None
        if low[k + 1] in ("a", "an"):  # "and a doctor"
            after = k + 2
        elif self.words[k + 1][:1].isdigit() or low[k + 1] in SMALL:
            parsed = parse_number(self.words, low, self.starts, self.ends, k + 1, hi, self.config.max_digits)
            if parsed is None:
                return None
            after = parsed[1]
        else:
            return None
        noun, noun_end, metric, evidence_end = self.read_noun(after, after, after)
        if noun is None or not _is_people(noun):
            return None
        if metric is None:
            metric, _ = self.verb_after(noun_end, evidence_end)
        return metric if metric in CASUALTY_METRICS else None

    def verb_after(self, k: int, evidence_end: int) -> tuple[str | None, int]:
        """The verb after the counted noun: "were killed", "were shot down", "needed medical help"."""
        words, low, hi = self.words, self.low, self.hi
        limit = min(hi, k + 7)
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
                return METRIC_WORDS[lk], k + 1
            if lk in DOWN_VERBS and k + 1 < hi and low[k + 1] == "down":
                return "intercepted", k + 2
            if lk in TREATMENT_VERBS and k + 1 < hi and low[k + 1] in ("medical", "hospital", "treatment"):
                e = k + 2
                if e < hi and low[e] in ("help", "treatment", "attention", "care", "assistance"):
                    e += 1
                return "injured", e
            if lk == "without" and k + 1 < hi and low[k + 1] in POWER_OBJECTS:
                metric = "without_power" if low[k + 1] in ("electricity", "power") else f"without_{low[k + 1]}"
                return metric, k + 2
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

    def count_unit(self, noun: str | None, metric: str | None) -> str | None:
        if metric in COUNT_UNITS:
            return COUNT_UNITS[metric]
        if noun is not None:
            if noun == COMBATANTS:
                return COMBATANTS
            if noun in PEOPLE_NOUNS and noun != "fighters" or noun in SINGULAR_PEOPLE:
                return "people"
            if noun in AIRCRAFT_NOUNS:
                return "aircraft"
            return noun
        if metric in CASUALTY_METRICS:
            return "people"
        return None

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
        for hit in hits:
            if hit.metric == "destroyed":
                hit.metric = refine_metric(hit.metric, hit.noun or hit.unit)

    def add(
        self,
        a: int,
        b: int,
        value: float,
        low_v: float,
        high_v: float,
        qual: str,
        kind: str,
        metric: str | None,
        unit: str | None,
        first: int,
        noun: str | None = None,
    ) -> None:
        if math.isnan(value):
            return
        self.hits.append(
            FigureHit(
                self.starts[a],
                self.ends[b - 1],
                value,
                low_v,
                high_v,
                qual,
                kind,
                metric,
                unit,
                None,
                None,
                noun,
                first,
            )
        )
