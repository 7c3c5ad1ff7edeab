"""Track record of a source or a speaker: figures reported, verified, disputed, in conflict.

A figure counts in the month its article was published (or, without a date, when it was
stored); verified and disputed are its claim's review status now; "in conflict" are the
open conflicts (kind ``conflict``) it is a member of. Each page asks one aggregate query
for all its rows (``monthly`` for a record page, ``recent_counts`` for every source and
speaker in a page's findings at once), never one per row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from factcheck.models import Claim, Conflict, Figure, Source, Speaker, queue_generation

RECENT_DAYS = 30
MONTHS_SHOWN = 12

REPORTED_AT = Coalesce(F("claim__article__published_at"), F("claim__created_at"))
# A lookup per figure (by the membership's figure index), not a join: a join repeats a figure
# once per conflict it is in, and counting it once again costs a DISTINCT over every row.
IN_OPEN_CONFLICT_SQL = Exists(
    Conflict.members.through.objects.filter(
        figure_id=OuterRef("pk"), conflict__status=Conflict.Status.OPEN, conflict__kind=Conflict.Kind.CONFLICT
    )
)
IN_OPEN_CONFLICT = Q(in_open_conflict=True)


def with_conflicts(figures: QuerySet[Figure]) -> QuerySet[Figure]:
    """``figures``, each marked whether it is in an open conflict (what ``_counts`` counts)."""
    return figures.annotate(in_open_conflict=IN_OPEN_CONFLICT_SQL)


def _counts(within: Q | None = None, prefix: str = "") -> dict[str, Count]:
    """The four counts, of the figures matching ``within`` when given, named ``prefix`` + name."""

    def only(condition: Q | None) -> Q | None:
        both = [c for c in (within, condition) if c is not None]
        return both[0] & both[1] if len(both) == 2 else (both[0] if both else None)

    # Of figures annotated by ``with_conflicts``: each row is one figure, counted once.
    return {
        prefix + "reported": Count("pk", filter=only(None)),
        prefix + "verified": Count("pk", filter=only(Q(claim__status=Claim.Status.VERIFIED))),
        prefix + "disputed": Count("pk", filter=only(Q(claim__status=Claim.Status.DISPUTED))),
        prefix + "in_conflict": Count("pk", filter=only(IN_OPEN_CONFLICT)),
    }


@dataclass
class Tally:
    """Figures reported, of them on verified and disputed claims, and in open conflicts."""

    reported: int = 0
    verified: int = 0
    disputed: int = 0
    in_conflict: int = 0
    conflicts: int = 0  # open conflicts (distinct), where counted
    ever: Tally | None = None  # the same over all time, where counted

    def add(self, row: dict[str, Any], prefix: str = "") -> None:
        self.reported += row[prefix + "reported"]
        self.verified += row[prefix + "verified"]
        self.disputed += row[prefix + "disputed"]
        self.in_conflict += row[prefix + "in_conflict"]


@dataclass
class Month:
    start: dt.date
    tally: Tally


@dataclass
class Record:
    """One source's or speaker's months, oldest first, with the window's totals."""

    name: str
    months: list[Month]
    total: Tally = field(default_factory=Tally)

    @property
    def first_month(self) -> dt.date:
        return self.months[0].start

    @property
    def last_month(self) -> dt.date:
        return self.months[-1].start


def figures_of(target: Source | Speaker) -> QuerySet[Figure]:
    if isinstance(target, Source):
        return Figure.objects.filter(claim__source_id=target.pk)
    return Figure.objects.filter(claim__speaker_id=target.pk)


def _month_starts(today: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` months up to ``today``'s, oldest first.

    >>> [d.isoformat() for d in _month_starts(dt.date(2026, 2, 14), 3)]
    ['2025-12-01', '2026-01-01', '2026-02-01']
    """
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly(target: Source | Speaker, months: int = MONTHS_SHOWN, now: dt.datetime | None = None) -> Record:
    """``target``'s record over ``months`` calendar months (in TIME_ZONE) up to now, or up to its
    newest figure's month when that is older: three queries."""
    local_now = timezone.localtime(now or timezone.now())
    newest = figures_of(target).aggregate(newest=Max(REPORTED_AT))["newest"]
    # A source quiet for a year still shows its last year of figures, not twelve empty months.
    end = min(local_now, timezone.localtime(newest)) if newest else local_now
    starts = _month_starts(end.date(), months)
    since = timezone.make_aware(dt.datetime.combine(starts[0], dt.time()), local_now.tzinfo)
    rows = (
        with_conflicts(figures_of(target))
        .annotate(reported_at=REPORTED_AT)
        .filter(reported_at__gte=since)
        .annotate(month=TruncMonth("reported_at"))
        .order_by()
        .values("month")
        .annotate(**_counts())
    )
    by_month = {start: Tally() for start in starts}
    for row in rows:
        month = row["month"]
        key = timezone.localtime(month).date() if isinstance(month, dt.datetime) else month
        if key in by_month:
            by_month[key].add(row)
    record = Record(str(target), [Month(start, by_month[start]) for start in starts])
    for month in record.months:
        record.total.add(vars(month.tally))
    record.total.conflicts = (
        Conflict.objects.open()
        .filter(kind=Conflict.Kind.CONFLICT, members__in=figures_of(target))
        .values("pk")
        .distinct()
        .count()
    )
    return record


def recent_counts(
    source_ids: Iterable[int], speaker_ids: Iterable[int], days: int = RECENT_DAYS, now: dt.datetime | None = None
) -> dict[tuple[str, int], Tally]:
    """Each source's and speaker's figures of the last ``days`` days (and, as ``ever``, of all
    time), in one query. Keys are ("source", id) and ("speaker", id); one without any figure
    is absent."""
    return _party_counts(set(source_ids), set(speaker_ids), days, now, Figure.objects.all(), conflicts=True)


def _party_counts(
    sources: set[int],
    speakers: set[int],
    days: int,
    now: dt.datetime | None,
    figures: QuerySet[Figure],
    *,
    conflicts: bool,
) -> dict[tuple[str, int], Tally]:
    """The counts of ``figures`` per source and speaker asked for (``in_conflict`` only when
    ``conflicts``, else 0), in one query."""
    if not sources and not speakers:
        return {}
    since = (now or timezone.now()) - dt.timedelta(days=days)
    figures = figures.filter(Q(claim__source_id__in=sources) | Q(claim__speaker_id__in=speakers))
    counts = {**_counts(Q(reported_at__gte=since)), **_counts(prefix="ever_")}
    if conflicts:
        figures = with_conflicts(figures)
    else:
        counts = {name: count for name, count in counts.items() if not name.endswith("in_conflict")}
    rows = (
        figures.annotate(reported_at=REPORTED_AT)
        .order_by()
        .values("claim__source_id", "claim__speaker_id")
        .annotate(**counts)
    )
    found: dict[tuple[str, int], Tally] = {}
    for row in rows:
        if not conflicts:
            row.update(in_conflict=0, ever_in_conflict=0)
        keys = []
        if row["claim__source_id"] in sources:
            keys.append(("source", row["claim__source_id"]))
        if row["claim__speaker_id"] in speakers:
            keys.append(("speaker", row["claim__speaker_id"]))
        for key in keys:
            tally = found.setdefault(key, Tally(ever=Tally()))
            tally.add(row)
            assert tally.ever is not None
            tally.ever.add(row, "ever_")
    return found


RECENT_CACHE = "track-record:2:{}"  # bump the 2 when what is cached changes
RECENT_CACHE_SECONDS = 3600


def cached_recent_counts(
    source_ids: Iterable[int], speaker_ids: Iterable[int], days: int = RECENT_DAYS
) -> dict[tuple[str, int], Tally]:
    """``recent_counts`` for pages shown often (the story page), never stale, in two parts.

    What costs (every figure of the sources: reported, verified, disputed) is kept in the
    cache under the queue's generation, which every new claim or figure and every verdict
    moves, and the hour (the last ``days`` days count back from its start). What changes
    with every comparison, the figures in open conflicts, is counted at each view from the
    open conflicts' members alone, a small set.
    """
    sources, speakers = set(source_ids), set(speaker_ids)
    if not sources and not speakers:
        return {}
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    stamp = repr((queue_generation(), hour.isoformat(), days, sorted(sources), sorted(speakers)))
    key = RECENT_CACHE.format(hashlib.sha256(stamp.encode()).hexdigest())
    found: dict[tuple[str, int], Tally] | None = cache.get(key)
    if found is None:
        found = _party_counts(sources, speakers, days, hour, Figure.objects.all(), conflicts=False)
        cache.set(key, found, timeout=RECENT_CACHE_SECONDS)
    in_open = Conflict.members.through.objects.filter(
        conflict__status=Conflict.Status.OPEN, conflict__kind=Conflict.Kind.CONFLICT
    ).values("figure_id")
    conflicted = _party_counts(sources, speakers, days, hour, Figure.objects.filter(pk__in=in_open), conflicts=True)
    for party, tally in conflicted.items():
        base = found.setdefault(party, Tally(ever=Tally()))
        assert base.ever is not None and tally.ever is not None
        base.in_conflict, base.ever.in_conflict = tally.in_conflict, tally.ever.in_conflict
    return found


def record_line(name: str, tally: Tally, days: int = RECENT_DAYS) -> str:
    """What a conflict's explanation says of one party: the last ``days`` days, or all its
    figures when none is that recent.

    >>> record_line("The ministry", Tally(reported=12, verified=2, disputed=3, in_conflict=4))
    'The ministry: 3 disputed and 2 verified of 12 figures in the last 30 days; 4 in open conflicts.'
    >>> record_line("The mayor", Tally(ever=Tally(reported=1, disputed=1)))
    'The mayor: 1 disputed and 0 verified of 1 figure (none in the last 30 days).'
    """
    when = f" in the last {days} days"
    if not tally.reported and tally.ever is not None and tally.ever.reported:
        tally, when = tally.ever, f" (none in the last {days} days)"
    figures = "figure" if tally.reported == 1 else "figures"
    line = f"{name}: {tally.disputed} disputed and {tally.verified} verified of {tally.reported} {figures}{when}"
    return line + (f"; {tally.in_conflict} in open conflicts." if tally.in_conflict else ".")


@dataclass(frozen=True)
class PartyLine:
    kind: str  # "source" | "speaker"
    pk: int
    name: str
    text: str


def party_lines(findings: Iterable[tuple[Any, Iterable[Figure]]]) -> dict[int, list[PartyLine]]:
    """For each (finding, its member figures with claim, source and speaker loaded): one line per
    source and speaker in it, from two queries for all of them (one while the costly counts are
    cached). Keyed by the finding's pk."""
    findings = list(findings)
    parties: dict[int, dict[tuple[str, int], str]] = {}
    for finding, members in findings:
        named = parties.setdefault(finding.pk, {})
        for figure in members:
            claim = figure.claim
            named.setdefault(("source", claim.source_id), claim.article.source.name)
            if claim.speaker_id and claim.speaker is not None:
                named.setdefault(("speaker", claim.speaker_id), claim.speaker.name)
    keys = {key for named in parties.values() for key in named}
    counts = cached_recent_counts(
        {pk for kind, pk in keys if kind == "source"}, {pk for kind, pk in keys if kind == "speaker"}
    )
    return {
        finding_pk: [
            PartyLine(kind, pk, name, record_line(name, counts.get((kind, pk), Tally())))
            for (kind, pk), name in named.items()
        ]
        for finding_pk, named in parties.items()
    }
