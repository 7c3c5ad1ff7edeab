"""Inside one article: figures that cannot all hold, whatever other sources say.

Two checks, on the claims of one article: a subset ("72 of which") larger
than its whole, and parts at several places ("2 killed in Kyiv", "1 killed in
Kharkiv") that add up to more than the article's own total for the metric.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from factcheck.core import units
from factcheck.core.fact_figures import _Preparer, _Said, _said_apart, counted
from factcheck.core.findings import _number
from factcheck.core.match_config import DEFAULT_CONFIG, MatchConfig
from factcheck.core.names import place_resolver, speaker_resolver
from factcheck.core.same_fact import key_strength
from factcheck.core.types import Claim, Figure

ArticleFindingKind = Literal["subset_exceeds_total", "parts_exceed_total"]


@dataclass(frozen=True)
class ArticleFinding:
    """An inconsistency inside one article; ``figures`` are (claim index, figure index) pairs."""

    kind: ArticleFindingKind
    figures: tuple[tuple[int, int], ...]
    explanation: str


def _figure_interval(fig: Figure) -> tuple[float, float, bool, bool, str | None] | None:
    low, high = float(fig.low), float(fig.high)
    if math.isnan(low) or math.isnan(high):
        return None
    lo, unit = units.convert(low, fig.unit, fig.kind)
    hi, _ = units.convert(high, fig.unit, fig.kind)
    return lo, hi, fig.low_inclusive, fig.high_inclusive and not math.isinf(hi), unit


def _above(amount: float, amount_inclusive: bool, high: float, high_inclusive: bool) -> bool:
    """Is the smallest possible ``amount`` beyond what ``high`` allows?"""
    return amount > high or (amount == high and not (amount_inclusive and high_inclusive))


def check_article(claims: Sequence[Claim], config: MatchConfig = DEFAULT_CONFIG) -> list[ArticleFinding]:
    """Figures inside one article that cannot all hold.

    * A subset ("72 of which") cannot exceed its parent (99) in the same claim,
      when the parent says what it counts.
    * Located parts of one metric ("2 killed in Kyiv", "1 killed in Kharkiv")
      must fit the article's largest unlocated figure for that metric ("at
      least five killed"). Parts at one place count once (the largest low
      end), and parts from a single place are not summed against a total:
      an unlocated "3 killed" next to "5 killed in Kyiv" may be about
      elsewhere. Only metrics that say what happened are broken down ("two
      groups" named at three places are one count), a part is smaller than
      the total (a located "1,000 killed" beside "up to 1,000 killed" is the
      total told at a place), and counts of another side or party ("dozens of
      soldiers" beside "100 ISIS fighters") are not parts.

    >>> f = Figure("99 missiles", 0, 11, 99, 99, 99, metric="missiles launched")
    >>> g = Figure("120 of which", 12, 24, 120, 120, 120, metric="missiles intercepted", subset_of=0)
    >>> [a.kind for a in check_article([Claim("...", 0, 30, figures=(f, g))])]
    ['subset_exceeds_total']
    """
    findings: list[ArticleFinding] = []
    for ci, claim in enumerate(claims):
        for fi, fig in enumerate(claim.figures):
            parent_index = fig.subset_of
            if parent_index is None or parent_index == fi or not 0 <= parent_index < len(claim.figures):
                continue
            parent = claim.figures[parent_index]
            if not (parent.metric or parent.unit):
                continue  # a whole that counts nothing named ("one has to ask") is no total
            part, whole = _figure_interval(fig), _figure_interval(parent)
            if part is None or whole is None:
                continue
            physical = {units.dimension(fig.unit, fig.kind), units.dimension(parent.unit, parent.kind)}
            if fig.kind != "count" and part[4] != whole[4] and physical != {None}:
                continue  # different units that do not convert into each other
            if _above(part[0], part[2], whole[1], whole[3]):
                findings.append(
                    ArticleFinding(
                        kind="subset_exceeds_total",
                        figures=((ci, fi), (ci, parent_index)),
                        explanation=(
                            f'"{fig.text}" ({_number(fig.value)}) is given as part of "{parent.text}" '
                            f"({_number(parent.value)}) but is larger than it."
                        ),
                    )
                )

    places = place_resolver(config)
    places.resolve_all(claim.location for claim in claims)
    preparer = _Preparer(config, places, speaker_resolver(config))
    # metric -> located parts (place, low end, inclusive, ref, figure), and metric -> unlocated figures
    parts: dict[str, list[tuple[str, float, bool, tuple[int, int], Figure]]] = {}
    totals: dict[str, list[tuple[float, bool, tuple[int, int], Figure]]] = {}
    for ci, claim in enumerate(claims):
        place = places.resolve(claim.location)
        for fi, fig in enumerate(claim.figures):
            if fig.subset_of is not None or fig.kind != "count" or not fig.metric:
                continue
            interval = _figure_interval(fig)
            if interval is None:
                continue
            metric = preparer.metric(fig.metric)
            # Only a metric that says what happened ("killed", "missiles launched") is broken
            # down by place; "two groups" or "200 people" named at several places are not parts.
            if key_strength((metric, "", preparer.unit(fig.kind, fig.unit)[4]), config) != "strong":
                continue
            if place:
                parts.setdefault(metric, []).append((place, interval[0], interval[2], (ci, fi), fig))
            else:
                totals.setdefault(metric, []).append((interval[1], interval[3], (ci, fi), fig))
    for metric in sorted(parts):
        if metric not in totals:
            continue
        high, high_inclusive, total_ref, total_fig = max(totals[metric], key=lambda t: (t[0], t[1], [-i for i in t[2]]))
        total_said: _Said = (*counted(total_fig.text), None, None, None)
        # Per place, the largest part that can be one: below the total (a part as large as
        # the total is the total told at a place) and of the total's side and party.
        located: dict[str, tuple[float, bool, tuple[int, int]]] = {}
        for place, low, inclusive, ref, fig in parts[metric]:
            if low >= high or _said_apart((*counted(fig.text), None, None, None), total_said):
                continue
            current = located.get(place)
            if current is None or low > current[0]:
                located[place] = (low, inclusive, ref)
        if len(located) < 2:
            continue
        amount = math.fsum(low for low, _, _ in located.values())
        amount_inclusive = all(inclusive for _, inclusive, _ in located.values())
        if not _above(amount, amount_inclusive, high, high_inclusive):
            continue
        listed = ", ".join(f"{_number(low)} in {place}" for place, (low, _, _) in sorted(located.items()))
        refs = tuple(sorted(ref for _, _, ref in located.values()))
        findings.append(
            ArticleFinding(
                kind="parts_exceed_total",
                figures=(*refs, total_ref),
                explanation=(
                    f"The located figures for {metric} add up to at least {_number(amount)} ({listed}), "
                    f'more than the article\'s total "{total_fig.text}" allows.'
                ),
            )
        )
    return findings
