"""The state every figure reader shares: the sentence's tokens, the hits so far, small helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .config import ExtractionConfig
from .lexicon import MONTHS
from .numbers import SMALL
from .tokens import Tokens, title_cased
from .tokens import word_set as _set
from .types import ABOUT, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, INF, MORE_THAN, NEARLY

VAGUE = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "scores": 20.0}
DASHES = frozenset("-–—")
MINUS = frozenset("-−–")
SUBSET_CUES = frozenset(("including", "includes", "include"))
RELATIVE_OF = frozenset(("which", "whom", "them", "those", "these"))
DETERMINERS = frozenset(["the", "its", "their", "his", "her", "our", "these", "those", "this", "that", "a", "an"])
TIME_SUFFIX = frozenset(("am", "pm", "a.m", "p.m", "gmt", "utc", "o'clock", "o’clock", "hrs"))
ORDINAL_SUFFIX = frozenset(("st", "nd", "rd", "th"))
AGE_LEFT = frozenset(("aged", "age", "ages"))


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


class FigureReaderBase:
    """One sentence's tokens and the figures read so far (the mixins below add the rules)."""

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

    def title_case(self) -> bool:
        """Is the sentence a headline in title case ("Up To 5 May Be Missing")? There a
        capital tells a name from a word no more than in lower case."""
        return title_cased(self.words, self.lo, self.hi)

    def month_at(self, k: int) -> bool:
        """Is token ``k`` a month name after a day ("5 May", "the 3rd of March")?

        Only a capitalised month counts ("march" is a verb); a capitalised "May" is
        the month in prose, and in a title-case headline only with no word after it
        ("5 May Be Missing": the verb).
        """
        if k >= self.hi or self.low[k] not in MONTHS or not self.words[k][:1].isupper():
            return False
        if self.low[k] != "may":
            return True
        return k + 1 >= self.hi or not self.words[k + 1][:1].isalpha() or not self.title_case()

    def tok_before(self, hit: FigureHit) -> int:
        """Index of the token just before the figure's span."""
        t = hit.tok
        starts = self.starts
        while t > self.lo and starts[t] > hit.start:
            t -= 1
        if starts[t] >= hit.start:
            t -= 1
        return t

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
