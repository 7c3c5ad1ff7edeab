"""Geometry for the small inline SVGs: sources' intervals on one axis, and a fact's timeline.

The interval chart goes to a template (numbers and labels it autoescapes); the timelines, one per
row of a fact table, are drawn here as SVG markup with every text escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .story_rows import esc

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


# --- Timelines: how one fact's figure moved over the day -----------------------------------------

TIMELINE_WIDTH = 300
TIMELINE_HEIGHT = 118
TIMELINE_LEFT = 46  # room for the value labels
TIMELINE_RIGHT = TIMELINE_WIDTH - 14
TIMELINE_TOP = 10
TIMELINE_BOTTOM = TIMELINE_HEIGHT - 22  # room for the time labels
SAME_MOMENT_SPREAD = 7  # px between dots published at the same moment
# A big story reports one toll hundreds of times: past this many dots, figures saying the
# same thing at about the same time share one dot (bigger, its title listing them).
TIMELINE_MAX_DOTS = 60
TIMELINE_BINS = 48  # time slots across the axis for sharing a dot, halved until the dots fit
TITLES_LISTED = 5  # member titles a shared dot's tooltip lists
DOT_RADIUS = 4.0


@dataclass(frozen=True)
class TimelinePoint:
    """One figure on a timeline: when it was published, its value and interval (``high`` may be inf)."""

    at: datetime
    value: float
    low: float
    high: float
    title: str
    mark: str = ""  # a css class: "conflict", "possible", "update"


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    bar_top: float
    bar_bottom: float
    bar: bool  # not an exact figure: its interval as a vertical bar
    unbounded: bool  # "at least N": the bar runs off the top, under an arrowhead
    arrow: str  # the arrowhead's path, for an unbounded interval
    title: str
    mark: str
    count: int = 1  # figures drawn as this dot
    r: float = DOT_RADIUS


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    dots: list[Dot]
    x_ticks: list[tuple[float, str, str]]  # x, label, text-anchor
    y_ticks: list[tuple[float, str]]


def _moment(at: datetime, same_day: bool) -> str:
    return at.strftime("%H:%M") if same_day else at.strftime("%-d %b %H:%M")


def _shared_dots(points: list[TimelinePoint], max_dots: int) -> list[list[TimelinePoint]]:
    """The points in groups of one dot each: alone while they fit, else by time slot and what they say.

    >>> from datetime import datetime, timedelta
    >>> at = datetime(2024, 1, 2)
    >>> points = [TimelinePoint(at + timedelta(minutes=i), 5, 5, 5, f"#{i}") for i in range(100)]
    >>> [len(group) for group in _shared_dots(points[:3], 60)]
    [1, 1, 1]
    >>> len(_shared_dots(points, 60)) <= 60
    True
    """
    if len(points) <= max_dots:
        return [[point] for point in points]
    times = [point.at.timestamp() for point in points]
    start, span = min(times), (max(times) - min(times)) or 1.0
    bins = TIMELINE_BINS
    while True:
        groups: dict[tuple[int, float, float, float, str], list[TimelinePoint]] = {}
        for point, ts in zip(points, times, strict=True):
            slot = min(int((ts - start) / span * bins), bins - 1)
            groups.setdefault((slot, point.value, point.low, point.high, point.mark), []).append(point)
        if len(groups) <= max_dots or bins == 1:
            return list(groups.values())
        bins //= 2


def _shared_point(group: list[TimelinePoint]) -> TimelinePoint:
    """One dot for figures of one value in one time slot: at their mean time, its title listing them."""
    if len(group) == 1:
        return group[0]
    first, last = min(p.at for p in group), max(p.at for p in group)
    at = first + (last - first) / 2
    listed = "\n".join(p.title for p in group[:TITLES_LISTED])
    more = f"\n… and {len(group) - TITLES_LISTED} more" if len(group) > TITLES_LISTED else ""
    title = f"{len(group)} figures, {_moment(first, False)} – {_moment(last, False)}:\n{listed}{more}"
    return TimelinePoint(at, group[0].value, group[0].low, group[0].high, title, group[0].mark)


def timeline_chart(points: list[TimelinePoint], max_dots: int = TIMELINE_MAX_DOTS) -> Timeline | None:
    """Lay out ``points`` with time across and value up; an interval is a vertical bar.

    Beyond ``max_dots`` points, those of one value at about the same time share a dot,
    drawn bigger the more figures it stands for.
    """
    if not points:
        return None
    first, last = min(p.at for p in points), max(p.at for p in points)
    groups = _shared_dots(points, max_dots)
    counts = [len(group) for group in groups]
    points = [_shared_point(group) for group in groups]
    finite = [p.low for p in points] + [p.high for p in points if math.isfinite(p.high)] + [p.value for p in points]
    lo, hi = min(finite), max(finite)
    if any(not math.isfinite(p.high) for p in points):
        # Room above an open-ended interval, so its arrow reads as "and more".
        hi = max(hi, max(p.low for p in points if not math.isfinite(p.high)) * 1.3 or 1.0)
    pad = (abs(lo) * 0.25 or 1.0) if hi == lo else (hi - lo) * 0.1
    low_end, high_end = lo - pad, hi + pad
    if lo >= 0 > low_end:
        low_end = 0.0

    def y(value: float) -> float:
        span = TIMELINE_BOTTOM - TIMELINE_TOP
        return round(TIMELINE_BOTTOM - (value - low_end) / (high_end - low_end) * span, 1)

    times = [p.at.timestamp() for p in points]
    t0, t1 = first.timestamp(), last.timestamp()
    if t0 == t1:
        t0, t1 = t0 - 1800, t1 + 1800

    def x(ts: float) -> float:
        return round(TIMELINE_LEFT + 8 + (ts - t0) / (t1 - t0) * (TIMELINE_RIGHT - TIMELINE_LEFT - 16), 1)

    # Figures published at the same moment sit side by side instead of on top of each other.
    same: dict[float, int] = {}
    for ts in times:
        same[ts] = same.get(ts, 0) + 1
    seen: dict[float, int] = {}
    dots = []
    for point, ts, count in zip(points, times, counts, strict=True):
        index = seen.get(ts, 0)
        seen[ts] = index + 1
        shift = (index - (same[ts] - 1) / 2) * SAME_MOMENT_SPREAD
        unbounded = not math.isfinite(point.high)
        at_x = round(x(ts) + shift, 1)
        top = TIMELINE_TOP - 4
        dots.append(
            Dot(
                x=at_x,
                y=y(point.value),
                bar_top=top if unbounded else y(point.high),
                bar_bottom=y(point.low),
                bar=unbounded or point.high != point.low,
                unbounded=unbounded,
                arrow=f"M{at_x - 4:.1f},{top + 5} L{at_x:.1f},{top} L{at_x + 4:.1f},{top + 5} z" if unbounded else "",
                title=point.title,
                mark=point.mark,
                count=count,
                r=DOT_RADIUS if count == 1 else round(min(9.0, DOT_RADIUS + 1.5 * math.log2(count)), 1),
            )
        )
    same_day = first.date() == last.date()
    x_ticks = [(x(first.timestamp()), _moment(first, same_day), "start" if first != last else "middle")]
    if first != last:
        x_ticks.append((x(last.timestamp()), _moment(last, same_day), "end"))
    y_values = sorted({min(finite), max(finite)})
    y_ticks = [(y(value), _fmt(value)) for value in y_values]
    return Timeline(
        TIMELINE_WIDTH,
        TIMELINE_HEIGHT,
        TIMELINE_LEFT,
        TIMELINE_RIGHT,
        TIMELINE_TOP,
        TIMELINE_BOTTOM,
        dots,
        x_ticks,
        y_ticks,
    )


# A fact table has a timeline per row and each has up to TIMELINE_MAX_DOTS dots: drawn here with
# format strings, not in the template (on a 500-article story the template took 40 ms of a cold view).
SVG_OPEN = (
    '<svg class="timeline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img"'
    ' aria-label="{label}: each source\'s figure by publication time">'
)
SVG_Y_TICK = (
    '<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" class="grid"/>'
    '<text x="{left}" dx="-5" y="{y}" text-anchor="end" dominant-baseline="middle" class="tick">{text}</text>'
)
SVG_AXIS = '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>'
SVG_X_TICK = '<text x="{x}" y="{bottom}" dy="15" text-anchor="{anchor}" class="tick">{text}</text>'
SVG_DOT = '<g class="dot{css}"><title>{title}</title>{bar}{arrow}<circle cx="{x}" cy="{y}" r="{r}" class="point"/></g>'
SVG_BAR = '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="bar"/>'
SVG_ARROW = '<path d="{d}" class="arrowhead"/>'


def timeline_svg(chart: Timeline | None, label: str) -> str:
    """The timeline as inline SVG markup, every text escaped (``label`` is plain text)."""
    if chart is None:
        return ""
    parts = [SVG_OPEN.format(w=chart.width, h=chart.height, label=esc(label))]
    for y, text in chart.y_ticks:
        parts.append(SVG_Y_TICK.format(left=chart.plot_left, right=chart.plot_right, y=y, text=esc(text)))
    parts.append(SVG_AXIS.format(left=chart.plot_left, right=chart.plot_right, bottom=chart.plot_bottom))
    for x, text, anchor in chart.x_ticks:
        parts.append(SVG_X_TICK.format(x=x, bottom=chart.plot_bottom, anchor=anchor, text=esc(text)))
    for dot in chart.dots:
        css = (f" mark-{esc(dot.mark)}" if dot.mark else "") + (" shared" if dot.count > 1 else "")
        parts.append(
            SVG_DOT.format(
                css=css,
                title=esc(dot.title),
                bar=SVG_BAR.format(x=dot.x, top=dot.bar_top, bottom=dot.bar_bottom) if dot.bar else "",
                arrow=SVG_ARROW.format(d=dot.arrow) if dot.unbounded else "",
                x=dot.x,
                y=dot.y,
                r=dot.r,
            )
        )
    parts.append("</svg>")
    return "".join(parts)
