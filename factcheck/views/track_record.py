"""A source's or a speaker's track record: a table by month and small SVG bars."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from factcheck import track_record
from factcheck.models import Follow, Source, Speaker

from .access import can_read
from .follows import button

BAR_WIDTH = 26
BAR_GAP = 8
CHART_HEIGHT = 110
CHART_TOP = 8
CHART_BOTTOM = CHART_HEIGHT - 20  # room for the month labels
CHART_LEFT = 34  # room for the scale


@dataclass(frozen=True)
class Column:
    """One month's bar: reported figures, with its disputed part (bottom) and verified part above it."""

    x: float
    label: str
    title: str
    top: float  # y of the whole bar, and its height
    height: float
    verified_top: float
    verified_height: float
    disputed_top: float
    disputed_height: float
    conflict_y: float | None  # a mark at the height of the figures in open conflicts


@dataclass(frozen=True)
class Bars:
    width: int
    height: int
    bottom: int
    left: int
    bar_width: int
    columns: list[Column]
    scale: int


def bars(record: track_record.Record) -> Bars:
    """Lay out the months as bars scaled to the busiest month (only numbers reach the template)."""
    scale = max([m.tally.reported for m in record.months] + [1])
    usable = CHART_BOTTOM - CHART_TOP

    def y(count: int) -> float:
        return round(CHART_BOTTOM - count / scale * usable, 1)

    columns = []
    for index, month in enumerate(record.months):
        tally = month.tally
        columns.append(
            Column(
                x=CHART_LEFT + index * (BAR_WIDTH + BAR_GAP),
                label=month.start.strftime("%b"),
                title=(
                    f"{month.start:%B %Y}: {tally.reported} figures, {tally.verified} verified, "
                    f"{tally.disputed} disputed, {tally.in_conflict} in open conflicts"
                ),
                top=y(tally.reported),
                height=round(CHART_BOTTOM - y(tally.reported), 1),
                verified_top=y(tally.disputed + tally.verified),
                verified_height=round(y(tally.disputed) - y(tally.disputed + tally.verified), 1),
                disputed_top=y(tally.disputed),
                disputed_height=round(CHART_BOTTOM - y(tally.disputed), 1),
                conflict_y=y(tally.in_conflict) if tally.in_conflict else None,
            )
        )
    width = CHART_LEFT + len(columns) * (BAR_WIDTH + BAR_GAP)
    return Bars(width, CHART_HEIGHT, CHART_BOTTOM, CHART_LEFT, BAR_WIDTH, columns, scale)


def _page(request: HttpRequest, target: Source | Speaker) -> HttpResponse:
    record = track_record.monthly(target)
    kind = "source" if isinstance(target, Source) else "speaker"
    following = Follow.objects.filter(user=request.user, **{kind: target}).exists()
    here = reverse(f"{kind}-record", args=[target.pk])
    context = {
        "kind": kind,
        "target": target,
        "record": record,
        "months": record.months[::-1],  # newest first in the table
        "chart": bars(record),
        "b": button(request, target, following, here),
        "queue_url": reverse("review-queue")
        + "?"
        + urlencode({"source": target.pk} if kind == "source" else {"speaker": target.name}),
    }
    return render(request, "track_record.html", context)


def _reader(request: HttpRequest) -> None:
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can see track records.")


@require_safe
def source_record(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _page(request, get_object_or_404(Source, pk=pk))


@require_safe
def speaker_record(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _page(request, get_object_or_404(Speaker, pk=pk))
