"""Geometry for the small inline SVG that puts sources' intervals on one axis.

Only numbers and already-escaped labels reach the template, which autoescapes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

WIDTH = 560
LABEL_WIDTH = 170
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_RIGHT = WIDTH - 24
ROW_HEIGHT = 22
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    y: float
    x1: float
    x2: float
    point: bool  # an exact figure: a dot, not a bar
    open_low: bool  # "more than N": N itself excluded, drawn hollow
    open_high: bool  # "fewer than N", "nearly N": hollow at the top end
    unbounded: bool  # "at least N": an arrow to the right edge
    current: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    axis_y: float
    plot_left: int
    plot_right: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) < 1e15 else f"{value:,.3g}"


def interval_chart(figures: list[Any], current_ids: set[int], label: Any) -> Chart | None:
    """Lay out ``figures`` (already ordered by time) as horizontal intervals on one axis."""
    if not figures:
        return None
    finite = [f.low for f in figures] + [f.high for f in figures if f.high is not None]
    lo, hi = min(finite), max(finite)
    if any(f.high is None for f in figures):
        # Leave room to the right of an open-ended interval so its arrow reads as "and more".
        hi = max(hi, max(f.low for f in figures if f.high is None) * 1.3 or 1.0)
    if hi == lo:
        pad = abs(lo) * 0.25 or 1.0
        lo, hi = lo - pad, hi + pad
    else:
        pad = (hi - lo) * 0.08
        lo, hi = lo - pad, hi + pad
    if min(finite) >= 0 and lo < 0:
        lo = 0.0

    def x(value: float) -> float:
        return round(PLOT_LEFT + (value - lo) / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT), 1)

    bars = []
    for index, figure in enumerate(figures):
        unbounded = figure.high is None or math.isinf(figure.high)
        x1 = x(figure.low)
        x2 = PLOT_RIGHT + 12 if unbounded else x(figure.high)
        bars.append(
            Bar(
                label=label(figure),
                title=f"{figure.text} {figure.interval_display()}",
                y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
                x1=x1,
                x2=x2,
                point=not unbounded and figure.high == figure.low,
                open_low=figure.qualifier == "more_than",
                open_high=not unbounded and figure.qualifier in ("fewer_than", "nearly"),
                unbounded=unbounded,
                current=figure.pk in current_ids,
            )
        )
    axis_y = TOP + len(figures) * ROW_HEIGHT + 4
    raw_ticks = [min(finite), max(finite)]
    if raw_ticks[0] != raw_ticks[1]:
        raw_ticks.insert(1, (raw_ticks[0] + raw_ticks[1]) / 2)
    ticks = [(x(value), _fmt(value)) for value in raw_ticks]
    return Chart(WIDTH, int(axis_y + 22), axis_y, PLOT_LEFT, PLOT_RIGHT, bars, ticks)
