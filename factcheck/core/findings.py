"""Findings and their wording: the :class:`Finding` type and the tally that makes conflicts and updates.

:func:`_describe` reads a figure back as an editor would write it ("at
least 5 people killed"); :class:`_Tally` collects the disagreements found
under one fact key and turns them into one conflict finding per group of
figures that disagree, and one update finding for a later, larger toll.

>>> _describe(FactFigure(1, 1, 1, "Wire", None, None, None, None, "missiles_launched", "count", "missiles",
...                      70, 63, 77, "about", "s"))
'about 70 missiles launched'
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from factcheck.core.fact_figures import _EPOCH, FactFigure, _by_order, _Entry, _versions
from factcheck.core.figure_parts import counted_group
from factcheck.core.match_config import MatchConfig
from factcheck.core.tokens import singular
from factcheck.core.types import ABOUT, AT_LEAST, AT_MOST, EXACT, FEWER_THAN, MORE_THAN, NEARLY, RANGE

FindingKind = Literal["conflict", "possible_conflict", "update", "copy"]


@dataclass(frozen=True)
class Finding:
    """Figures for one fact that disagree ("conflict"), revise ("update") or repeat ("copy")."""

    kind: FindingKind
    key: str
    metric: str
    location: str
    member_ids: tuple[int, ...]
    explanation: str


_NUMBER_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _number(x: float) -> str:
    """A number as a newsroom writes it: a round million in words, every other figure to its last digit.

    >>> _number(2_800_000), _number(1.5e9), _number(1_150_000), _number(2_512_345), _number(44_053), _number(0.25)
    ('2.8 million', '1.5 billion', '1.15 million', '2,512,345', '44,053', '0.25')
    """
    if math.isinf(x):
        return "unbounded"
    for size, word in _NUMBER_SCALES:
        if size <= abs(x) < 1000 * size and float(x).is_integer() and int(x) % int(size // 100) == 0:
            return f"{x / size:g} {word}"  # "2.8 million": never rounded, only the round ones read in words
    if float(x).is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.4g}"


_QUALIFIER_WORDS = {
    EXACT: "",
    AT_LEAST: "at least",
    MORE_THAN: "more than",
    AT_MOST: "at most",
    FEWER_THAN: "fewer than",
    ABOUT: "about",
    NEARLY: "nearly",
}


# "1 people killed" reads "1 person killed".
_ONE_OF = {"people": "person", "units": "unit", "missiles": "missile", "drones": "drone", "troops": "soldier"}
# Stored unit codes an editor reads in words ("0.25 pp" is "0.25 percentage points").
_UNIT_WORDS = {"pp": "percentage points", "bps": "basis points"}
_ONE_OF.update({"percentage points": "percentage point", "basis points": "basis point"})


def _describe(fig: FactFigure) -> str:
    """ "about 70 missiles launched", "between 10 and 12 km", "at least 5 people killed", "a fall of 6%".

    >>> from dataclasses import replace
    >>> fell = FactFigure(1, 1, 1, "Wire", None, None, None, None, "percent", "percent", "%", 6, 6, 6, "exact",
    ...                   "Exports fell 6%.", change="down")
    >>> _describe(fell), _describe(replace(fell, change=None)), _describe(replace(fell, value=-6, low=-6, high=-6))
    ('a fall of 6%', '6%', 'a fall of 6%')
    >>> emails = replace(fell, metric="email", kind="count", unit="emails", value=53_000, change=None)
    >>> emails = replace(emails, qualifier="about")
    >>> _describe(emails), _describe(replace(emails, metric="country", unit="countries", value=16, qualifier="exact"))
    ('about 53,000 emails', '16 countries')
    >>> killed = replace(emails, metric="killed", unit="people", value=12, qualifier="exact")
    >>> _describe(replace(killed, text="Twelve students were killed")), _describe(replace(killed, text="12 killed"))
    ('12 students killed', '12 people killed')
    >>> _describe(replace(killed, kind="percent", unit="share", metric="children_injured", value=0.5, text="Half"))
    '50% children injured'
    >>> _describe(replace(killed, metric="jobs_lost", value=4000, text="4,000 workers lost their jobs"))
    "4,000 workers' jobs lost"
    >>> points = replace(fell, unit="pp", value=0.25, low=0.25, high=0.25, change="up")
    >>> _describe(points), _describe(replace(points, value=1, change=None))
    ('a rise of 0.25 percentage points', '1 percentage point')
    """
    low, value, high = fig.low, fig.value, fig.high
    if fig.change and value < 0:
        low, value, high = -high, -value, -low  # "a fall of 2%", written "-2%": the words carry the sign
    money = fig.kind == "money" and bool(fig.unit)
    share = fig.kind == "percent" and fig.unit == "share"  # "half of the injured": 0.5 of a whole, shown as 50%
    number = (lambda x: _money(x, fig.unit or "")) if money else (lambda x: _number(x * 100)) if share else _number
    if fig.qualifier == RANGE:
        amount = f"between {number(low)} and {number(high)}"
    else:
        amount = f"{_QUALIFIER_WORDS.get(fig.qualifier, '')} {number(value)}".strip()
    metric = fig.metric.strip().replace("_", " ")  # "missiles_launched" is stored; editors read words
    if metric == fig.kind:
        metric = ""  # "6% percent", "5 USD money": the kind says nothing the amount does not
    if fig.unit and not money and singular(fig.unit.casefold()) == singular(metric.casefold()):
        metric = ""  # a count that names only its noun: "53,000 emails", never "53,000 email" or "16 countries country"
    if fig.unit == "%" or share:
        amount += "%"
    elif not money and fig.unit and fig.unit.casefold().rstrip("s") not in metric.casefold():
        one = fig.qualifier in (EXACT, ABOUT) and fig.value == 1
        # "12 students killed": a count of everyone's unit that names its group says it as written
        unit = (fig.unit == "people" and fig.kind == "count" and counted_group(fig.text)) or fig.unit
        unit = _UNIT_WORDS.get(unit, unit)
        amount += " " + (_ONE_OF.get(unit, unit) if one else unit)
        if metric.startswith("jobs "):
            amount += "'"  # people counted by the jobs they lost: "4,000 workers' jobs lost"
    words = [_change_words(fig) + amount if fig.change in _CHANGE_WORDS else amount]
    if metric:
        words.append(metric)
    return " ".join(words)


_CHANGE_WORDS = {"up": "a rise of ", "down": "a fall of "}


def _change_words(fig: FactFigure) -> str:
    """ "a rise of " for a change ("rose by 4", "rose 3%"), "a rise to " for the level it reached ("rose to 27").

    >>> toll = FactFigure(1, 1, 1, "Wire", None, None, None, None, "killed", "count", "people", 27, 27, 27,
    ...                   "exact", "The toll has risen to 27, officials said.", text="27", change="up")
    >>> from dataclasses import replace
    >>> by = replace(toll, sentence="The toll rose by 27.")
    >>> _describe(toll), _describe(by), _change_words(replace(toll, text=""))
    ('a rise to 27 people killed', 'a rise of 27 people killed', 'a rise of ')
    """
    words = _CHANGE_WORDS[fig.change or ""]
    if fig.text and re.search(r"\bto\s+" + re.escape(fig.text), fig.sentence, re.IGNORECASE):
        return words.replace(" of ", " to ")  # the toll "has risen to 27": 27 is the level, not the rise
    return words


# The signs desks write before a sum; other currencies keep their ISO code ("MYR45m").
_MONEY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _money(x: float, currency: str) -> str:
    """A sum as a newsroom writes it: "$2m", "€1.5bn", "£9,500", "MYR45m".

    >>> _money(2e6, "USD"), _money(1.5e9, "EUR"), _money(9500, "GBP"), _money(45e6, "MYR"), _money(1e7 / 3, "USD")
    ('$2m', '€1.5bn', '£9,500', 'MYR45m', '$3.33m')
    """
    sign = _MONEY_SIGNS.get(currency, currency)
    if math.isinf(x):
        return "unbounded"
    for size, suffix in _SCALES:
        if abs(x) >= size:
            return f"{sign}{x / size:,.3g}{suffix}" if abs(x) < 1000 * size else f"{sign}{x / size:,.0f}{suffix}"
    return f"{sign}{_number(x)}"


def _who(entry: _Entry) -> str:
    return entry.fig.speaker or entry.fig.source or "an unnamed source"


def _names(entries: Sequence[_Entry]) -> tuple[str, bool]:
    """Distinct speakers in order, "A, B and 2 others"; second value: plural?"""
    names: list[str] = []
    for entry in entries:
        name = _who(entry)
        if name not in names:
            names.append(name)
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} others", True
    if len(names) > 1:
        return f"{', '.join(names[:-1])} and {names[-1]}", True
    return names[0], False


def _when(entry: _Entry) -> str:
    return _time_words(entry.ts)


def _time_words(ts: float | None) -> str:
    """A report's time as a newsroom writes it, the day as fact labels write theirs.

    >>> _time_words(1704194400.0), _time_words(None)
    ('11:20 UTC on 2 Jan 2024', 'an unknown time')
    """
    if ts is None:
        return "an unknown time"
    try:
        moment = _EPOCH + timedelta(seconds=ts)
    except OverflowError:
        return "an unknown time"
    return f"{moment:%H:%M} UTC on {moment.day} {moment:%b %Y}"


def _is_toll(metric: str, config: MatchConfig) -> bool:
    return any(token in config.toll_metrics for token in metric.split())


def _finding(kind: FindingKind, key: str, group: tuple[str, str, str], members: Iterable[_Entry], text: str) -> Finding:
    return Finding(
        kind=kind,
        key=key,
        metric=group[0],
        location=group[1],
        member_ids=tuple(sorted({e.fig.id for e in members})),
        explanation=text,
    )


def _copy_finding(key: str, group: tuple[str, str, str], cluster: list[_Entry]) -> Finding | None:
    sources: list[str] = []
    for entry in cluster:
        if entry.fig.source not in sources:
            sources.append(entry.fig.source)
    if len({entry.source for entry in cluster}) < 2:
        return None  # one outlet repeating itself is not syndication
    if len(sources) > 4:
        outlets = f"{', '.join(sources[:3])} and {len(sources) - 3} other outlets"
    else:
        outlets = f"{', '.join(sources[:-1])} and {sources[-1]}"
    first = cluster[0]
    text = (
        f"The same sentence ({_describe(first.fig)}) was published by {outlets}: "
        f"one origin ({first.fig.source}, earliest), not independent confirmation."
    )
    return _finding("copy", key, group, cluster, text)


class _Tally:
    """Disagreements found in one fact key, kept as ranges of versions.

    A version is the list of origins sharing one interval, sorted by
    publication time (undated last). Which members of a version take part in
    a conflict or an update is always a prefix and/or a suffix of that list,
    so each disagreeing pair of versions costs a couple of binary searches,
    not a walk over their members.
    """

    def __init__(self, config: MatchConfig, toll: bool) -> None:
        self.config = config
        self.toll = toll
        # id(version) -> [version, dated count, conflict prefix end, conflict suffix start,
        #                  update prefix end, update start (up to the dated count)]
        self.ranges: dict[int, list[Any]] = {}
        self.loose_conflicts: dict[int, _Entry] = {}
        self.loose_updates: dict[int, _Entry] = {}
        # Figure-by-figure conflicts link only the two figures compared: one finding
        # per connected group, so two stories under one loose key are never chained.
        self.linked: dict[int, int] = {}

    def _record(self, version: list[_Entry]) -> list[Any]:
        record = self.ranges.get(id(version))
        if record is None:
            dated = sum(1 for e in version if e.ts is not None)
            record = self.ranges[id(version)] = [version, dated, 0, len(version), 0, dated]
        return record

    def disagree(self, lower: list[_Entry], upper: list[_Entry]) -> None:
        """Every figure of ``lower`` is below every figure of ``upper``."""
        low, high = self._record(lower), self._record(upper)
        if not self.toll:
            low[2] = high[2] = max(len(lower), len(upper))
            return
        if not self.config.updates_across_sources:
            for x in lower:
                for y in upper:
                    same = (bool(x.speaker) and x.speaker == y.speaker) or x.source == y.source
                    if same and x.ts is not None and y.ts is not None and y.ts > x.ts:
                        self.loose_updates[x.fig.id] = x
                        self.loose_updates[y.fig.id] = y
                    else:
                        self.loose_conflicts[x.fig.id] = x
                        self.loose_conflicts[y.fig.id] = y
                        self._link(x.fig.id, y.fig.id)
            return
        # A pair is an update when the larger figure was published later;
        # anything else (earlier, same time, unknown time) is a conflict.
        low_dated, high_dated = low[1], high[1]
        low_times = [e.ts for e in lower if e.ts is not None]  # the dated prefix, ascending
        high_times = [e.ts for e in upper if e.ts is not None]
        first_high = high_times[0] if high_times else math.inf
        last_low = low_times[-1] if low_times else -math.inf
        # lower figures published at or after the first higher one (and the undated ones)
        conflict_from = 0 if high_dated < len(upper) else bisect.bisect_left(low_times, first_high)
        if conflict_from < len(lower):
            low[3] = min(low[3], conflict_from)
            if low_dated < len(lower):
                high[2] = len(upper)
            else:
                high[2] = max(high[2], bisect.bisect_right(high_times, last_low))
                high[3] = min(high[3], high_dated)
        # lower figures published before the last higher one, higher ones after the first lower one
        if low_times and high_times and high_times[-1] > low_times[0]:
            low[4] = max(low[4], bisect.bisect_left(low_times, high_times[-1]))
            high[5] = min(high[5], bisect.bisect_right(high_times, low_times[0]))

    def disagree_pair(self, lower: _Entry, upper: _Entry) -> None:
        """One figure below another (for comparisons decided figure by figure)."""
        update = False
        if self.toll and lower.ts is not None and upper.ts is not None and upper.ts > lower.ts:
            same = (bool(lower.speaker) and lower.speaker == upper.speaker) or lower.source == upper.source
            update = self.config.updates_across_sources or same
        held = self.loose_updates if update else self.loose_conflicts
        held[lower.fig.id] = lower
        held[upper.fig.id] = upper
        if not update:
            self._link(lower.fig.id, upper.fig.id)

    def _root(self, fid: int) -> int:
        linked = self.linked
        parent = linked.setdefault(fid, fid)
        while parent != fid:
            grand = linked[parent]  # a parent is always a key: _link only points roots at roots
            linked[fid] = grand  # path halving
            fid, parent = parent, grand
        return fid

    def _link(self, a: int, b: int) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self.linked[max(ra, rb)] = min(ra, rb)

    def _conflict_groups(self, conflicted: dict[int, _Entry]) -> list[list[_Entry]]:
        """Conflicting figures split into groups that disagree with each other.

        Figures caught by whole-version comparisons (one story by their key)
        form one group with everything linked to them; figures compared one
        by one are grouped only through the pairs that disagreed.
        """
        ranged = [fid for fid in conflicted if fid not in self.loose_conflicts]
        for fid in ranged[1:]:
            self._link(ranged[0], fid)
        groups: dict[int, list[_Entry]] = {}
        for fid, entry in conflicted.items():
            groups.setdefault(self._root(fid), []).append(entry)
        return [groups[root] for root in sorted(groups)]

    def findings(self, key: str, group: tuple[str, str, str]) -> list[Finding]:
        """One update finding and one conflict finding per group of figures that disagree, per fact key."""
        conflicted: dict[int, _Entry] = dict(self.loose_conflicts)
        updated: dict[int, _Entry] = dict(self.loose_updates)
        for version, dated, conflict_to, conflict_from, update_to, update_from in self.ranges.values():
            for e in version[:conflict_to]:
                conflicted[e.fig.id] = e
            for e in version[conflict_from:]:
                conflicted[e.fig.id] = e
            for e in version[:update_to]:
                updated[e.fig.id] = e
            for e in version[update_from:dated]:
                updated[e.fig.id] = e
        findings: list[Finding] = []
        for members in self._conflict_groups(conflicted) if conflicted else []:
            versions = _versions(sorted(members, key=_by_order))
            versions.sort(key=lambda v: v[0].order)
            said = []
            for version in versions[:4]:
                names, plural = _names(version)
                said.append(f"{names} {'say' if plural else 'says'} {_describe(version[0].fig)}")
            if len(versions) > 4:
                said.append(f"{len(versions) - 4} other figures differ again")
            verdict = "these cannot both hold." if len(versions) == 2 else "these cannot all hold."
            findings.append(_finding("conflict", key, group, members, f"{'; '.join(said)}: {verdict}"))
        if updated:
            reports = sorted(updated.values(), key=_by_order)
            steps = [f"{_who(e)} reported {_describe(e.fig)} at {_when(e)}" for e in reports[:4]]
            if len(reports) > 4:
                steps.append(f"{len(reports) - 4} more reports followed")
            text = f"{', then '.join(steps)}: a later, larger toll is an update, not a conflict."
            findings.append(_finding("update", key, group, reports, text))
        return findings
