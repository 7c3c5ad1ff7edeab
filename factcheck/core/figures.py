"""Figures in a sentence: value, qualifier -> interval, kind, unit, metric, change.

Works on the document's tokens for one sentence, one left-to-right pass; each
number looks at a few tokens either side, so the cost is linear in the sentence.

>>> from factcheck.core.tokens import tokenize
>>> t = tokenize("more than 52 were injured")
>>> [(h.value, h.low, h.qualifier, h.metric) for h in find_figures(t, 0, len(t))]
[(52.0, 52.0, 'more_than', 'injured')]
"""

from __future__ import annotations

from bisect import bisect_left

from .config import ExtractionConfig
from .figure_base import NUMBER_STARTERS, FigureHit, interval
from .figure_changes import QUALIFIERS
from .figure_nouns import real_noun, refine_metric
from .figure_numbers import NumberReader
from .numbers import UNICODE_FRACTIONS
from .tokens import Tokens

__all__ = [
    "DEFAULT_CONFIG",
    "QUALIFIERS",
    "FigureHit",
    "find_figures",
    "interval",
    "number_candidates",
    "real_noun",
    "refine_metric",
]

DEFAULT_CONFIG = ExtractionConfig()


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


class _Reader(NumberReader):
    __slots__ = ()

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
        self.carry_qualifiers()
        self.link_subsets()
        return self.hits
