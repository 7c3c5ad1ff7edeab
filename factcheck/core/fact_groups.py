"""A story's figures grouped into facts: the rows of its fact table.

The second step of :mod:`factcheck.core.facts`: figures whose frames
(:mod:`factcheck.core.fact_frames`) agree are one fact; a figure whose frame
is only partly known (no place, thing or date) joins the one fully known fact
that fits it. :func:`story_facts` gives the rows, keyed and labelled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from factcheck.core.fact_context import period_words
from factcheck.core.fact_figures import FactFigure, _dates_compatible
from factcheck.core.fact_frames import (
    _NOTHING,
    DEFAULT_FRAME_CONFIG,
    Frame,
    FrameConfig,
    _frame,
    _Item,
    _Places,
    _preparer,
)
from factcheck.core.matching import _totals_only
from factcheck.core.tokens import singular


@dataclass(frozen=True)
class Fact:
    """One row of a story's fact table: the figures that state one fact."""

    key: str
    label: str
    frame: Frame
    member_ids: tuple[int, ...]
    partial_ids: tuple[int, ...]  # members whose frame is only partly known (joined as the one fact that fits)
    sources: tuple[str, ...]
    witnesses: int  # independent reports: an article and its copies count once


# --------------------------------------------------------------------------
# Grouping a story's figures into facts


@dataclass(slots=True, eq=False)
class _Draft:
    """A fact being built: its members share the frame of ``anchor`` where they know it."""

    anchor: _Item
    members: list[_Item]
    ambiguous: bool = False  # only a publication day, and several event days of the story fit it
    name: str = ""  # the place as most members spell it ("Kyiv")
    fits: list[int] = field(default_factory=list)  # fully known facts a partly known one could be

    @property
    def frame(self) -> Frame:
        return self.anchor.frame

    @property
    def known(self) -> bool:
        return (bool(self.frame.place) or not self.frame.needs_place) and self.frame.dated != "none"


def _base(frame: Frame) -> tuple[object, ...]:
    # Counts of a named group ("12 students") are a fact apart from everyone's ("30 people"),
    # one fact whatever noun names the group ("students", "pupils"), as before groups were read.
    named = bool(frame.group)
    return (frame.metric, frame.kind, frame.subject, frame.side, frame.party, frame.part, frame.period, named)


def _day(item: _Item) -> int:
    return item.entry.day if item.entry.day is not None else 0


class _Story:
    """One story's figures: prepared, grouped into facts, compared pair by pair within a metric."""

    def __init__(self, figures: Sequence[FactFigure], config: FrameConfig, origin_of: Mapping[int, int]) -> None:
        self.config = config
        self.places = _Places(config, [f.location for f in figures])
        preparer = _preparer(config, self.places)
        self.items: dict[int, _Item] = {}
        for fig in sorted({f.id: f for f in figures}.values(), key=lambda f: f.id):
            entry = preparer.prepare(fig)
            frame = None if entry is None else _frame(fig, entry, self.places, config)
            if entry is not None and frame is not None:
                self.items[fig.id] = _Item(fig, entry, frame, _witness(fig.article_id, origin_of))
        self.drafts = self._group(sorted(self.items.values(), key=lambda i: i.entry.order))
        self.eligible: set[int] = set()
        for index, draft in enumerate(self.drafts):
            draft.members.sort(key=lambda i: i.entry.order)
            for item in draft.members:
                item.fact = index
            draft.name = _place_name(draft)
            # One speaker's several values for one fact in one article are a breakdown: its largest meets others.
            self.eligible.update(e.fig.id for e in _totals_only([i.entry for i in draft.members]))

    def _group(self, items: list[_Item]) -> list[_Draft]:
        buckets: dict[tuple[object, ...], list[_Item]] = {}
        for item in items:
            buckets.setdefault((*_base(item.frame), item.frame.place, item.frame.thing), []).append(item)
        drafts = [draft for bucket in buckets.values() for draft in self._by_date(bucket)]
        return self._join_partly_known(drafts)

    def _by_date(self, bucket: list[_Item]) -> list[_Draft]:
        match = self.config.match
        events: list[_Draft] = []
        for item in sorted((i for i in bucket if i.frame.dated == "event"), key=_day):
            if events and _day(item) - _day(events[-1].anchor) <= match.event_date_window_days:
                events[-1].members.append(item)
            else:
                events.append(_Draft(item, [item]))
        reported: list[_Draft] = []
        for item in sorted((i for i in bucket if i.frame.dated == "published"), key=_day):
            fits = [d for d in events if self._same_day(d.anchor, item)]
            if len(fits) == 1:
                fits[0].members.append(item)
                continue
            last = reported[-1] if reported else None
            if last is not None and last.ambiguous == bool(fits) and self._same_day(last.anchor, item):
                last.members.append(item)
            else:
                reported.append(_Draft(item, [item], ambiguous=bool(fits)))
        drafts = events + reported
        undated = [i for i in bucket if i.frame.dated == "none"]
        if undated and len(drafts) == 1:
            for item in undated:
                item.unknown += ("date",)
            drafts[0].members.extend(undated)
        elif undated:
            drafts.append(_Draft(undated[0], undated))
        return drafts

    def _join_partly_known(self, drafts: list[_Draft]) -> list[_Draft]:
        """A draft that names no place (or thing, or date) joins the one fully known draft that fits it."""
        # Only drafts of one base can fit each other: look among those, not the whole story.
        known_of_base: dict[tuple[object, ...], list[int]] = {}
        for i, other in enumerate(drafts):
            if other.known:
                known_of_base.setdefault(_base(other.frame), []).append(i)
        for draft in drafts:
            same_base = known_of_base.get(_base(draft.frame), ())
            draft.fits = [i for i in same_base if self._fits(draft, drafts[i])]
        kept: list[_Draft] = []
        for draft in drafts:
            if len(draft.fits) != 1:
                kept.append(draft)
                continue
            target, frame = drafts[draft.fits[0]], draft.frame
            missing = (
                not frame.place and frame.needs_place,
                frame.thing is None and target.frame.thing is not None,
                frame.dated == "none",
            )
            gaps = tuple(gap for gap, absent in zip(("place", "thing", "date"), missing, strict=True) if absent)
            for item in draft.members:
                item.unknown = tuple(dict.fromkeys(item.unknown + gaps))
            target.members.extend(draft.members)
        index = {id(d): i for i, d in enumerate(kept)}
        for draft in kept:
            draft.fits = [index[id(drafts[i])] for i in draft.fits if id(drafts[i]) in index]
        return kept

    def _fits(self, draft: _Draft, other: _Draft) -> bool:
        a, b = draft.frame, other.frame
        if draft is other or _base(a) != _base(b):
            return False
        if a.place and a.place != b.place:
            return False
        if a.thing is not None and a.thing != b.thing:
            return False
        if a.dated != "none" and (draft.ambiguous or not self._same_day(draft.anchor, other.anchor)):
            return False
        return not a.place or (a.thing is None and b.thing is not None) or a.dated == "none"

    def _same_day(self, a: _Item, b: _Item) -> bool:
        """Matching's date rules; inside a story two publication days up to the lag apart are one."""
        x, y, match = a.entry, b.entry, self.config.match
        if x.day is None or y.day is None:
            return False
        if x.explicit or y.explicit:
            return _dates_compatible(x, y, match)
        return abs(x.day - y.day) <= match.published_lag_days + match.event_date_window_days

    def facts(self) -> list[Fact]:
        seen: Counter[str] = Counter()
        out = []
        for draft in self.drafts:
            key = _fact_key(draft)
            seen[key] += 1
            members = draft.members
            out.append(
                Fact(
                    key if seen[key] == 1 else f"{key}#{seen[key]}",  # a key names one fact of the story
                    _label(draft),
                    draft.frame,
                    tuple(sorted(i.fig.id for i in members)),
                    tuple(sorted(i.fig.id for i in members if i.unknown)),
                    tuple(dict.fromkeys(i.fig.source for i in members)),
                    len({i.witness for i in members}),
                )
            )
        return out


def _witness(article: int, origin_of: Mapping[int, int]) -> int:
    """The article a copy was first published as: chains are followed, a cycle is named by its smallest id."""
    path = [article]
    while (origin := origin_of.get(article)) is not None and origin != article:
        if origin in path:
            return min(path[path.index(origin) :])
        path.append(origin)
        article = origin
    return article


def _fact_key(draft: _Draft) -> str:
    frame = draft.frame
    when = "undated" if frame.day is None else frame.day.isoformat()
    fields = [frame.metric, frame.place or "?", f"~{when}" if frame.dated == "published" else when, frame.subject]
    fields += [
        f"{name}={value}"
        for name, value in zip(
            ("side", "party", "thing", "period"), (frame.side, frame.party, frame.thing, frame.period), strict=True
        )
        if value
    ]
    # A named group's count is told from everyone's by "group", unless its side already is (a
    # side is read from the same people nouns: keys of soldiers' and policemen's tolls stay as they were).
    group = ["group"] if frame.group and not frame.side else []
    return "|".join([f for f in fields if f] + group + (["part"] if frame.part else []))


def _place_name(draft: _Draft) -> str:
    spellings = Counter(i.fig.location for i in draft.members if i.fig.location and "place" not in i.unknown)
    return max(spellings.items(), key=lambda kv: kv[1])[0] if spellings else ""


def _day_words(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# Parties as a newsroom writes them: groups known by their initials in capitals, the rest as names.
_PARTY_NAMES = {"isis": "ISIS", "al-qaeda": "al-Qaeda"}


def party_name(party: str | None) -> str:
    """ "ISIS", "al-Qaeda", "Iraqi", "Taliban": a party of a fight as written in a sentence ("" for none).

    >>> [party_name(p) for p in ("isis", "al-qaeda", "iraqi", "taliban", None)]
    ['ISIS', 'al-Qaeda', 'Iraqi', 'Taliban', '']
    """
    return _PARTY_NAMES.get(party, party.title()) if party else ""


def _label(draft: _Draft) -> str:
    """ "people killed in Kyiv on 2 Jan 2024", "Taliban militants killed (no place given, reported 2 Jan 2024)"."""
    frame, count = draft.frame, draft.frame.kind == "count"
    named = count and frame.subject and frame.subject.rstrip("s") not in frame.metric
    words = [party_name(frame.party), (draft.anchor.fig.unit or frame.subject) if named else ""]
    if count and frame.group and not named:
        words[1] = frame.group  # "students killed in Kyiv"
    elif count and not named and " " not in frame.metric and draft.anchor.fig.unit == "people":
        words[1] = "people"  # everyone's count, as its figures read: "people killed in Kyiv", never "over killed"
    unit = draft.anchor.fig.unit
    # A count that names only its noun reads as its figures write it: "emails in Kyiv", never "email in Kyiv".
    metric = (
        unit
        if count and unit and " " not in frame.metric and singular(unit.casefold()) == frame.metric
        else frame.metric
    )
    words += [metric, f"of {frame.thing}" if frame.thing else "", f"({frame.subject})" if not count else ""]
    words = [w for w in words if w and w != "()"] + ([f"in {draft.name}"] if draft.name else [])
    notes = [] if draft.name else ["no place given"]
    if frame.day is None:
        notes.append("no date")
    elif frame.dated == "published":
        notes.append(f"reported {_day_words(frame.day)}")
    else:
        words.append(f"on {_day_words(frame.day)}")
    if frame.period:
        words.append(period_words(frame.period))
    if frame.part:
        notes.append("a part of a larger figure")
    return " ".join(words) + (f" ({', '.join(notes)})" if notes else "")


def story_facts(
    story_id: int,
    figures: Sequence[FactFigure],
    config: FrameConfig = DEFAULT_FRAME_CONFIG,
    *,
    origin_of: Mapping[int, int] = _NOTHING,
) -> list[Fact]:
    """A story's figures grouped into facts (a row per fact), sorted by key.

    >>> from datetime import date
    >>> f = [FactFigure(i, i, i, s, None, None, p, date(2024, 1, 2), "killed", "count", "people", v, v, v,
    ...                 "exact", "...") for i, s, p, v in [(1, "Wire", "Kyiv", 2), (2, "Daily", "Kiev", 2),
    ...                                                     (3, "Post", None, 3), (4, "Post", "Lviv", 1)]]
    >>> for fact in story_facts(1, f):
    ...     print(fact.key, "/", fact.label, "/", fact.member_ids)
    killed|?|2024-01-02 / people killed on 2 Jan 2024 (no place given) / (3,)
    killed|kyiv|2024-01-02 / people killed in Kyiv on 2 Jan 2024 / (1, 2)
    killed|lviv|2024-01-02 / people killed in Lviv on 2 Jan 2024 / (4,)
    """
    del story_id  # facts are keyed by their frame; findings carry the story
    return sorted(_Story(figures, config, origin_of).facts(), key=lambda fact: fact.key)
