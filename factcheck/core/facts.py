"""Inside one story: which figures state the same fact, judged by their frame.

Pure Python: no Django, no Celery, no database, no clock. A *story* groups the
articles of several outlets about one event; inside it, two figures are one
fact when their **frame** agrees, whatever the words of their sentences:

* what happened: the metric, normalised as :mod:`matching` does (synonyms
  applied). A metric that only names a dimension ("weight", "duration",
  "money") says what happened only together with the measured thing ("a
  12-hour blackout"); without one the figure is not compared;
* what is counted: the counted noun or canonical unit, the side and party of a
  fight, the measured thing. Two different known values are two facts;
* where: the canonical place, with a hierarchy (a city sits inside its
  province and country, :attr:`FrameConfig.place_parents`). For additive
  metrics (counts, money lost or given) a figure for a place inside another
  may be a part of it: it conflicts only when it lies entirely above the
  whole's figure. A missing place is unknown, not different;
* when: matching's date rules (explicit event dates within the window, an event
  up to ``published_lag_days`` before a publication); inside one story two
  publication-only dates up to the lag apart are one news day;
* part or whole: a part ("including six children") meets only parts with the
  same subject, never its total;
* witnesses: an article that copies another (``origin_of``) is one witness with
  it: never a conflict with it, never a confirmation.

The steps live apart: :mod:`factcheck.core.fact_frames` (a figure's frame),
:mod:`factcheck.core.fact_groups` (figures grouped into facts, the fact table);
this module compares the figures of a story and explains why.

A figure whose frame is only partly known (no place, no date) joins a fact
only when exactly one fully known fact fits it; its disagreements are then
``"possible_conflict"`` findings whose explanation says what is unknown.

>>> from datetime import datetime
>>> a = FactFigure(1, 1, 1, "Wire", datetime(2024, 1, 2, 23, 30), "the ministry", "Kyiv", None,
...                "killed", "count", "people", 19, 19, 19, "exact", "Nineteen people died in the strike.")
>>> b = FactFigure(2, 2, 2, "Daily", datetime(2024, 1, 3, 1), None, "Kiev", None,
...                "dead", "count", None, 12, 12, 12, "exact", "Rescuers said the toll stood at 12.")
>>> [(f.kind, f.key, f.member_ids) for f in compare_story(7, [a, b])]
[('conflict', 'story:7|killed|kyiv|~2024-01-02', (1, 2))]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from factcheck.core.fact_context import calendar_period, period_words
from factcheck.core.fact_figures import FactFigure, _compatible, _Entry, _touch_at_round
from factcheck.core.fact_frames import (
    _NOTHING,
    ADDITIVE_MONEY_METRICS,
    DEFAULT_FRAME_CONFIG,
    REGION_WORDS,
    STORY_KINDS,
    DateSource,
    Frame,
    FrameConfig,
    _Item,
    _why_not_compared,
    fact_frame,
)
from factcheck.core.fact_groups import Fact, _day_words, _Draft, _label, _Story, party_name, story_facts
from factcheck.core.findings import Finding, FindingKind, _describe, _is_toll, _when
from factcheck.core.tokens import singular

__all__ = [
    "compare_and_count",
    "ADDITIVE_MONEY_METRICS",
    "DEFAULT_FRAME_CONFIG",
    "REGION_WORDS",
    "STORY_KINDS",
    "DateSource",
    "Fact",
    "FactFigure",
    "Frame",
    "FrameConfig",
    "compare_story",
    "explain_pair",
    "fact_frame",
    "story_facts",
]

# --------------------------------------------------------------------------
# Comparing two figures of a story


@dataclass(frozen=True)
class _Reason:
    """Something unknown about a pair's frame; ``text`` names figures as {0}, {1}: ``sides`` of the pair."""

    code: str
    text: str
    sides: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Verdict:
    kind: FindingKind | None
    why: str  # plain words: why nothing was found (for a finding, the finding explains)
    reasons: tuple[_Reason, ...] = ()
    nested: str = ""  # "Kyiv is in Ukraine": the larger figure is for the narrower place or group
    may_update: bool = False  # a toll whose frame is known: a later, larger figure revises it


# What two frames leave open: unknowns, which side (0, 1) is a part of the other's whole, "Kyiv is in Ukraine".
_Related = tuple[list[_Reason], int | None, str]


_GAPS = {  # what a figure (or neither of two) leaves unknown, in an editor's words
    "place": ("{0} names no place", "neither names a place"),
    "thing": ("{0} does not say what was measured", "neither says what was measured"),
    "date": ("{0} gives no date", "neither gives a date"),
    "ambiguous": ("{0} gives no event date, and the story has several", "neither gives one of its event dates"),
}


def _gaps(codes: Sequence[str], sides: tuple[int, ...]) -> list[_Reason]:
    return [_Reason(code, _GAPS[code][0 if sides else 1], sides) for code in dict.fromkeys(codes)]


def _draft_gaps(draft: _Draft) -> list[str]:
    missing = (not draft.frame.place and draft.frame.needs_place, draft.frame.dated == "none", draft.ambiguous)
    return [code for code, gap in zip(("place", "date", "ambiguous"), missing, strict=True) if gap]


class _Comparer:
    """Pairs of one story's figures judged by their frames, and the findings they make."""

    def __init__(self, story: _Story) -> None:
        self.story = story
        self.config = story.config
        self.keys = [fact.key for fact in story.facts()]
        self._related: dict[tuple[object, ...], _Verdict | _Related] = {}

    def _additive(self, frame: Frame) -> bool:
        money = self.config.additive_money_metrics | self.config.match.toll_metrics
        return frame.kind == "count" or (frame.kind == "money" and not money.isdisjoint(frame.metric.split()))

    def _relate(self, x: _Item, y: _Item) -> _Verdict | _Related:
        """Cached per pair of facts and of what the two figures lack: stories repeat figures."""
        key = (x.fact, y.fact, x.unknown, y.unknown, x.frame.event, y.frame.event)
        hit = self._related.get(key)
        if hit is None:
            hit = self._related[key] = self._relate_frames(x, y)
        return hit

    def _relate_frames(self, x: _Item, y: _Item) -> _Verdict | _Related:
        """A verdict when the frames say different facts; else (unknowns, which side is the part, nesting words)."""
        story = self.story
        da, db = story.drafts[x.fact], story.drafts[y.fact]
        a, b = da.frame, db.frame
        reasons: list[_Reason] = []
        events = x.frame.event, y.frame.event
        if all(events) and events[0] != events[1]:
            return _Verdict(None, f"Different facts: different events ({events[0]} / {events[1]}).")
        if a.strength == "noun":
            counted = _noun(a.metric, da.anchor.fig.unit)
            reasons.append(_Reason("noun", f"they name only what is counted ({counted}), not what happened"))
        if da is db:
            both = set(x.unknown) & set(y.unknown)
            reasons += _gaps([*_draft_gaps(da), *sorted(both)], ())
            reasons += [r for n, i in enumerate((x, y)) for r in _gaps([g for g in i.unknown if g not in both], (n,))]
            return reasons, None, ""
        if a.part != b.part:
            return _Verdict(None, "Different facts: a part of a larger figure is never compared with a total.")
        if a.period != b.period:
            unsaid = [n for n, frame in enumerate((a, b)) if not frame.period]
            # A dated count ("14 killed on Tuesday", or in Tuesday's news) counts that day's event.
            if not (unsaid and calendar_period(a.period or b.period)) or (a, b)[unsaid[0]].dated != "none":
                periods = " / ".join(period_words(p) or "one event" for p in (a.period, b.period))
                return _Verdict(None, f"Different facts: counted over different periods ({periods}).")
            # "790 killed in January" and "790 killed": the second may count the month too (unknown,
            # like a missing place); a rate ("40 a day"), a stock ("a fleet of 120") or one day's
            # count is another fact.
            reasons.append(
                _Reason(
                    "period",
                    f"{{0}} does not say over what time it counts ({period_words(a.period or b.period)})",
                    tuple(unsaid),
                )
            )
        if a.kind != "count" and a.subject != b.subject:
            return _Verdict(None, f"Different facts: different units ({a.subject or 'none'} / {b.subject or 'none'}).")
        if a.thing is not None and b.thing is not None and a.thing != b.thing:
            return _Verdict(None, f"Different facts: different things measured ({a.thing} / {b.thing}).")
        who, place = _who(a, b, (da.anchor.fig.unit, db.anchor.fig.unit)), self._where(da, db)
        if isinstance(who, str) or isinstance(place, str):
            return _Verdict(None, who if isinstance(who, str) else str(place))
        if who and a.part:
            return _Verdict(None, "Different facts: parts of different groups.")
        if place and who and place != who:
            return _Verdict(None, "Neither is a part of the other: one is narrower by place, one by group.")
        if place and not self._additive(a):
            return _Verdict(None, f"Different facts: different places, and {a.metric} does not add up over places.")
        if a.dated != "none" and b.dated != "none" and not story._same_day(da.anchor, db.anchor):
            assert a.day is not None and b.day is not None
            return _Verdict(None, f"Different facts: different days ({_day_words(a.day)} / {_day_words(b.day)}).")
        for code, lacking in (
            ("place", [n for n, d in enumerate((da, db)) if not d.frame.place and d.frame.needs_place]),
            ("date", [n for n, d in enumerate((da, db)) if d.frame.dated == "none"]),
            ("thing", [n for n, d in enumerate((da, db)) if d.frame.thing is None] if a.kind != "count" else []),
            ("ambiguous", [n for n, d in enumerate((da, db)) if d.ambiguous]),
        ):
            if code == "thing" and len(lacking) == 2:
                continue  # neither says what it measures: the metric does
            reasons += _gaps([code] if lacking else [], tuple(lacking) if len(lacking) == 1 else ())
        reasons += [r for n, i in enumerate((x, y)) for r in _gaps(i.unknown, (n,))]
        if not (place or who):
            return reasons, None, ""
        inner = 0 if (place or who) == 1 else 1
        drafts = (da, db) if inner == 0 else (db, da)
        if not place:
            whom = _whom(drafts[0].anchor)
            reasons.append(_Reason("who", f"{{0}} counts only {whom}, {{1}} does not say whom", (inner, 1 - inner)))
            return reasons, inner, ""
        return reasons, inner, " is in ".join(d.name or d.frame.place for d in drafts)

    def _where(self, da: _Draft, db: _Draft) -> str | int:
        """0: same or unknown place; 1: a's inside b's; -1: b's inside a's; or why they are different facts."""
        places, a, b = self.story.places, da.frame, db.frame
        if not a.place or not b.place or a.place == b.place:
            return 0
        if places.inside(a, b):
            return 1
        if places.inside(b, a):
            return -1
        return f"Different facts: different places ({da.name} / {db.name}), neither inside the other."

    def _update(self, lower: _Item, upper: _Item) -> bool:
        """Matching's rule (for a toll): a later, larger figure revises the earlier one."""
        x, y, across = lower.entry, upper.entry, self.config.match.updates_across_sources
        if x.ts is None or y.ts is None or y.ts <= x.ts:
            return False
        return across or (bool(x.speaker) and x.speaker == y.speaker) or x.source == y.source

    def _excluded(self, x: _Item, y: _Item) -> str:
        """Why two figures are never compared whatever their frames ("" when they are)."""
        if x.witness == y.witness and x.fig.article_id != y.fig.article_id:
            return "One witness: one article is a copy of the other; they neither conflict nor confirm."
        if x.fig.article_id == y.fig.article_id and x.entry.speaker == y.entry.speaker:
            return "One article and one speaker: a breakdown, checked against its total in the article."
        return ""

    def classify(self, x: _Item, y: _Item, spoken: tuple[bool, bool] | None = None) -> _Verdict:
        """What the frames and intervals of two figures make, before witnesses and times (an update) are read.

        ``spoken``: has each side a speaker (default: the two figures' own)."""
        if x.frame.metric != y.frame.metric or x.frame.kind != y.frame.kind:
            return _Verdict(None, f"Different facts: different metrics ({x.frame.metric} / {y.frame.metric}).")
        related = self._relate(x, y)
        if isinstance(related, _Verdict):
            return related
        reasons, inner, nested = related
        lower, upper = (x, y) if (x.entry.lo, x.entry.hi) < (y.entry.lo, y.entry.hi) else (y, x)
        agree = _compatible(x.entry, y.entry) or _touch_at_round(x.entry, y.entry)
        part, whole = (x, y) if inner == 0 else (y, x)
        if inner is not None and (agree or part is not upper):
            why = f"{nested}, so " if nested else ""
            return _Verdict(None, f"Part of a whole: {why}{self._said(part)} can be a part of {self._said(whole)}.")
        if agree:
            # The label may carry its own notes in brackets: "One fact: people killed in Kyiv (no date); ..."
            return _Verdict(None, f"One fact: {_label(self.story.drafts[x.fact])}; the figures agree.")
        may_update = not {r.code for r in reasons} - {"ambiguous"} and _is_toll(lower.frame.metric, self.config.match)
        gaps = {r.code for r in reasons}
        if "period" in gaps and not self._near(x.entry, y.entry):
            # An undated count may count the period another names only when it is near ("790 in
            # January" and "800"); "790 in January" and "a dozen" are a month's toll and one event.
            periods = " / ".join(period_words(p) or "one event" for p in (x.frame.period, y.frame.period))
            return _Verdict(None, f"Different facts: counted over different periods ({periods}).")
        loose = "noun" in gaps or {"place", "date"} <= gaps
        if loose and self._claimed_alike(x, y, spoken or (bool(x.entry.speaker), bool(y.entry.speaker))):
            # Two sources' figures for one count: "ISIS has 31,000 fighters, officials say" and
            # "about 40,000 fighters, advisers say" are rarely two facts; "3 teams" and "30 teams" are.
            reasons = [*reasons, _Reason("claimed", "both are attributed figures close enough to be one count")]
        elif "noun" in gaps:
            # "3 soldiers" and "200 soldiers" in one story are rarely one fact: a count that names
            # only its noun says nothing of what happened (on FNC-1, 11 of 20 possible conflicts).
            return _Verdict(
                None, f"Not compared: they name only what is counted ({_noun(x.frame.metric, x.fig.unit)})."
            )
        elif {"place", "date"} <= gaps:
            # Neither a shared place nor a shared day: the story alone is too little to call it one fact.
            return _Verdict(None, "Not compared: they share neither a known place nor a known day.")
        kind: FindingKind = "possible_conflict" if reasons else "conflict"
        return _Verdict(kind, "", tuple(reasons), nested, may_update)

    def _claimed_alike(self, x: _Item, y: _Item, spoken: tuple[bool, bool]) -> bool:
        """Both figures said by someone, neither small, and near enough to be two reports of one count."""
        return all(spoken) and self._near(x.entry, y.entry)

    def _near(self, a: _Entry, b: _Entry) -> bool:
        """Neither under ``claimed_min``, and the larger at most ``claimed_ratio`` times the smaller."""
        lo, hi = min(a.hi, b.hi), max(a.lo, b.lo)
        least = min(a.lo, b.lo)
        return least >= self.config.claimed_min and 0 < lo <= hi <= lo * self.config.claimed_ratio

    def judge(self, x: _Item, y: _Item) -> _Verdict:
        """One pair, all rules: frames, witnesses, breakdowns and times."""
        excluded = self._excluded(x, y)
        if excluded:
            return _Verdict(None, excluded)
        for item in (x, y):
            if item.fig.id not in self.story.eligible:
                return _Verdict(None, f"A breakdown: {_describe(item.fig)} is not its speaker's largest there.")
        verdict = self.classify(x, y)
        lower, upper = (x, y) if (x.entry.lo, x.entry.hi) < (y.entry.lo, y.entry.hi) else (y, x)
        return replace(verdict, kind="update") if verdict.may_update and self._update(lower, upper) else verdict

    def _said(self, item: _Item) -> str:
        where = self.story.drafts[item.fact].name
        return _describe(item.fig) + (f" in {where}" if where else "")

    def _unplaced_elsewhere(self, *items: _Item) -> bool:
        """A partly known figure that agrees with one of the facts it could be is that fact's: no conflict here."""
        drafts, eligible = self.story.drafts, self.story.eligible
        return any(
            other.fig.id in eligible and _compatible(item.entry, other.entry)
            for item in items
            if len(drafts[item.fact].fits) > 1
            for index in drafts[item.fact].fits
            for other in drafts[index].members
        )

    def _partner(self, item: _Item, others: Sequence[_Item], lower: bool, update: bool | None) -> bool:
        """Does ``item`` make an update (``update``), a conflict (False) or any finding (None) with one of ``others``?

        ``others`` come in the order that meets a partner first (see :meth:`findings`); when updates are read
        across sources, times alone decide, so the first figure that is not excluded settles it.
        """
        decisive = update is None or self.config.match.updates_across_sources
        for other in others:
            pair = (item, other) if lower else (other, item)
            if self._excluded(*pair):
                continue
            if update is None or self._update(*pair) == update:
                return True
            if decisive:
                return False
        return False

    def findings(self, story_id: int) -> list[Finding]:
        """Figures of one metric in classes (fact, interval, what they lack); disagreeing classes are judged once."""
        by_metric: dict[tuple[str, str], dict[tuple[object, ...], list[_Item]]] = {}
        for item in sorted(self.story.items.values(), key=lambda i: i.entry.order):
            if item.fig.id in self.story.eligible:
                classes = by_metric.setdefault((item.frame.metric, item.frame.kind), {})
                classes.setdefault((item.fact, item.entry.signature, item.unknown), []).append(item)
        groups: dict[tuple[FindingKind, int, int], tuple[dict[int, _Item], list[tuple[_Item, _Item, _Verdict]]]] = {}
        for classes in by_metric.values():
            listed = list(classes.values())
            # A class's figures share their interval: someone said it if any of them has a speaker.
            spoken = [any(m.entry.speaker for m in members) for members in listed]
            for i, one in enumerate(listed):
                for j, other in enumerate(listed[i + 1 :], start=i + 1):
                    if _compatible(one[0].entry, other[0].entry):
                        continue
                    verdict = self.classify(one[0], other[0], (spoken[i], spoken[j]))
                    if verdict.kind is None or (
                        verdict.kind == "possible_conflict" and one[0].fact != other[0].fact
                        and self._unplaced_elsewhere(one[0], other[0])
                    ):  # fmt: skip
                        continue
                    low, high = (
                        (one, other)
                        if (one[0].entry.lo, one[0].entry.hi) < (other[0].entry.lo, other[0].entry.hi)
                        else (other, one)
                    )
                    a, b = sorted((one[0].fact, other[0].fact), key=lambda f: self.keys[f])
                    for kind, members in self._members(low, high, verdict).items():
                        held, notes = groups.setdefault((kind, a, b), ({}, []))
                        held.update((m.fig.id, m) for m in members)
                        chosen = {id(m) for m in members}
                        reps = [next((m for m in side if id(m) in chosen), side[0]) for side in (one, other)]
                        notes.append((reps[0], reps[1], verdict))
        found = []
        for (kind, a, b), (held, notes) in groups.items():
            name = f"story:{story_id}|{self.keys[a] if a == b else f'{self.keys[a]}&{self.keys[b]}'}"
            frame = self.story.drafts[a].frame
            place = frame.place or self.story.drafts[b].frame.place
            text = self.explain(kind, notes, list(held.values()))
            found.append(Finding(kind, name, frame.metric, place, tuple(sorted(held)), text))
        found.sort(key=lambda f: (f.key, f.kind, f.member_ids))
        return found

    def _members(self, low: list[_Item], high: list[_Item], verdict: _Verdict) -> dict[FindingKind, list[_Item]]:
        """Which figures of a disagreeing lower and upper class take part in an update, and which in the conflict."""
        assert verdict.kind is not None
        out: dict[FindingKind, list[_Item]] = {}
        if not verdict.may_update:
            members = [x for x in low if self._partner(x, high, True, None)]
            members += [y for y in high if self._partner(y, low, False, None)]
            return {verdict.kind: members} if members else {}

        def by(items: list[_Item], undated_first: bool, sign: int) -> list[_Item]:
            return sorted(items, key=lambda i: ((i.entry.ts is None) != undated_first, sign * (i.entry.ts or 0)))

        # An update needs the upper figure later; a conflict, an upper figure no later (or an unknown time).
        high_for_conflict, high_for_update = by(high, True, 1), by(high, False, -1)
        low_for_conflict, low_for_update = by(low, True, -1), by(low, False, 1)
        conflict = [x for x in low if self._partner(x, high_for_conflict, True, False)]
        conflict += [y for y in high if self._partner(y, low_for_conflict, False, False)]
        update = [x for x in low if self._partner(x, high_for_update, True, True)]
        update += [y for y in high if self._partner(y, low_for_update, False, True)]
        for kind, members in ((verdict.kind, conflict), ("update", update)):
            if members:
                out[kind] = members
        return out

    def explain(
        self, kind: FindingKind, pairs: Sequence[tuple[_Item, _Item, _Verdict]], members: Sequence[_Item] = ()
    ) -> str:
        """One fact's figures against each other, or one fact's against another's; then what is unknown."""
        story = self.story
        members = sorted(members or {i.fig.id: i for p in pairs for i in p[:2]}.values(), key=lambda i: i.entry.order)
        facts = list(dict.fromkeys(i.fact for i in members))
        versions: dict[tuple[object, ...], list[_Item]] = {}
        for item in members:
            versions.setdefault((item.fact, item.entry.signature), []).append(item)
        ordered = sorted(versions.values(), key=lambda v: 0 if len(facts) == 1 else facts.index(v[0].fact))
        position = {item.fig.id: n for n, version in enumerate(ordered) for item in version}
        title = _TITLES[kind] + (f" over {_label(story.drafts[facts[0]])}" if len(facts) == 1 else "")

        def said(version: list[_Item]) -> str:
            text = _describe(version[0].fig) if len(facts) == 1 else self._said(version[0])
            at = f", at {_when(version[0].entry)}" if kind == "update" else ""
            return f"{text} ({_witnesses(version)}{at})"

        def role(fid: int) -> str:
            if len(ordered) == 2 and fid in position:
                return ("the first", "the second")[position[fid]]
            return story.items[fid].fig.source

        if kind == "update":
            steps = ", then ".join(said(v) for v in versions.values())
            return f"{title}: {steps}: a later, larger toll is an update, not a conflict."
        split = 1 if len(facts) == 1 else sum(1 for v in ordered if v[0].fact == facts[0])
        against = f"{_listed([said(v) for v in ordered[:split]])} against {_listed([said(v) for v in ordered[split:]])}"
        # One note per gap: the pairs of a finding may lack it on different sides ("neither gives a
        # date" for one pair, "the first gives no date" for another); the first pair's words stand.
        said_gaps: dict[str, str] = {}
        for x, y, v in pairs:
            for r in v.reasons:
                text = r.text.format(*(role((x, y)[s].fig.id) for s in r.sides))
                said_gaps.setdefault(r.code if r.code in _GAPS else text, text)
        if len(facts) == 1:
            # "Possible conflict over emails in Kyiv on 2 Jan 2024 ...; neither names a place": the
            # title's place or day is a third report's, and the note says so rather than deny it.
            fact = story.drafts[facts[0]]
            known = {"place": bool(fact.name), "date": fact.frame.day is not None}
            for code, noun in (("place", "place"), ("date", "day")):
                if known[code] and said_gaps.get(code) == _GAPS[code][1]:
                    said_gaps[code] += f" (the fact's {noun} is another report's)"
        notes = list(said_gaps.values())
        notes += [f"{v.nested}, and a part cannot exceed its whole" for _, _, v in pairs if v.nested]
        notes = list(dict.fromkeys(notes))
        if kind == "conflict" and not notes:
            return f"{title}: {against}: these cannot {'both' if len(ordered) == 2 else 'all'} hold."
        return f"{title}: {against}; {'; '.join(notes)}."


_TITLES: dict[str, str] = {"conflict": "Conflict", "possible_conflict": "Possible conflict", "update": "Update"}


def _listed(texts: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C", "A, B and 3 other figures"."""
    if len(texts) > 3:
        texts = [*texts[:2], f"{len(texts) - 2} other figures"]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def _who(a: Frame, b: Frame, nouns: tuple[str | None, str | None] = (None, None)) -> str | int:
    """For counts: 0 same group; 1: a counts a narrower group; -1: b does; or why they are different facts.

    ``nouns``: the counted nouns as written ("students"), said instead of the subjects' stems ("student").
    """
    if a.kind != "count":
        return 0
    narrower = set()
    subjects = [_noun(frame.subject, noun) for frame, noun in zip((a, b), nouns, strict=True)]
    for name, p, q, said in (
        ("groups", a.subject, b.subject, subjects),
        ("sides", a.side, b.side, [a.side, b.side]),
        ("parties", a.party, b.party, [party_name(a.party), party_name(b.party)]),
    ):
        if p and q and p != q:
            return f"Different facts: they count different {name} ({said[0]} / {said[1]})."
        if p and not q:
            narrower.add(1)
        if q and not p:
            narrower.add(-1)
    # A count of a named group ("12 students", "30 tourists") is narrower than a count of
    # everyone ("30 people", "30 were killed"); two named groups stay one fact as their
    # subjects say ("students" and "pupils": one group named two ways).
    named = bool(a.subject or a.group), bool(b.subject or b.group)
    if named[0] != named[1]:
        narrower.add(1 if named[0] else -1)
    if len(narrower) == 2:
        return "Neither is a part of the other: each names a group the other does not."
    return narrower.pop() if narrower else 0


def _noun(subject: str, noun: str | None) -> str:
    """The counted noun as written when it names the subject ("students" for "student"), else the subject.

    >>> _noun("student", "students"), _noun("student", "people"), _noun("", None)
    ('students', 'student', '')
    """
    return noun if noun and subject and singular(noun.casefold()) == subject else subject


def _whom(item: _Item) -> str:
    frame = item.frame
    counted = (item.fig.unit or frame.subject) if frame.subject else (frame.side or frame.group)
    return " ".join(w for w in (party_name(frame.party), counted) if w)


def _witnesses(version: Sequence[_Item]) -> str:
    """ "Wire, the ministry; Daily, a copy"."""
    copy = ", a copy"
    names = [
        ", ".join(filter(None, (i.fig.source, i.fig.speaker))) + copy * (i.witness != i.fig.article_id) for i in version
    ]
    names = list(dict.fromkeys(names))
    return "; ".join(names[:3]) + (f"; and {len(names) - 3} more" if len(names) > 3 else "")


def compare_story(
    story_id: int,
    figures: Sequence[FactFigure],
    config: FrameConfig = DEFAULT_FRAME_CONFIG,
    *,
    origin_of: Mapping[int, int] = _NOTHING,
) -> list[Finding]:
    """Conflicts, possible conflicts and updates among one story's figures, judged by frame; sorted.

    ``origin_of`` maps the id of an article that copies another to the original's id.
    See the module docstring for an example.
    """
    return _Comparer(_Story(figures, config, origin_of)).findings(story_id)


def compare_and_count(
    story_id: int,
    figures: Sequence[FactFigure],
    config: FrameConfig = DEFAULT_FRAME_CONFIG,
    *,
    origin_of: Mapping[int, int] = _NOTHING,
) -> tuple[list[Finding], int]:
    """:func:`compare_story` and the number of :func:`story_facts`, from one grouping of the figures.

    >>> from datetime import date
    >>> f = [FactFigure(i, i, i, s, None, None, "Kyiv", date(2024, 1, 2), "killed", "count", "people", v, v, v,
    ...                 "exact", "...") for i, s, v in [(1, "Wire", 2), (2, "Daily", 5)]]
    >>> findings, facts = compare_and_count(1, f)
    >>> [x.kind for x in findings], facts
    (['conflict'], 1)
    """
    story = _Story(figures, config, origin_of)
    facts = len(story.drafts)  # one fact per group, as story_facts lists them
    return _Comparer(story).findings(story_id), facts


def explain_pair(
    a: FactFigure,
    b: FactFigure,
    config: FrameConfig = DEFAULT_FRAME_CONFIG,
    *,
    origin_of: Mapping[int, int] = _NOTHING,
    among: Sequence[FactFigure] = (),
) -> str:
    """Why two figures are, or are not, one fact, in plain words.

    Judged inside the story of ``a``, ``b`` and ``among`` (the rest of the
    story's figures, which decide where a partly known figure belongs).

    >>> from datetime import date
    >>> k = FactFigure(1, 1, 1, "Wire", None, None, "Kyiv", date(2024, 1, 2), "killed", "count", "people",
    ...                2, 2, 2, "exact", "...")
    >>> explain_pair(k, replace(k, id=2, article_id=2, location="Lviv", value=5, low=5, high=5))
    'Different facts: different places (Kyiv / Lviv), neither inside the other.'
    """
    if a.id == b.id:
        return "The same figure."
    story = _Story([a, b, *among], config, origin_of)
    x, y = story.items.get(a.id), story.items.get(b.id)
    for nth, fig, item in (("first", a, x), ("second", b, y)):
        if item is None:
            return f"Not compared: the {nth} figure ({_describe(fig)}) {_why_not_compared(fig, config)}."
    assert x is not None and y is not None
    comparer = _Comparer(story)
    verdict = comparer.judge(x, y)
    if verdict.kind is None:
        return verdict.why
    if verdict.kind == "possible_conflict" and x.fact != y.fact and comparer._unplaced_elsewhere(x, y):
        return "Not raised: the figure that names no place agrees with another fact of the story it could be."
    return comparer.explain(verdict.kind, [(x, y, verdict)])
