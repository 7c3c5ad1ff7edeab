"""Assemble claims: sentences/clauses with their attribution, figures and context.

>>> [c.speaker for c in extract_claims("Two people died, the mayor said.")]
['the mayor']
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date

from .attribution import cue_candidates, find_attributions
from .attribution_phrases import Attribution, SpeakerMemory
from .config import ExtractionConfig
from .context import (
    claim_location,
    event_place_over_dateline,
    find_date,
    find_dateline,
    find_location,
    place_candidates,
)
from .figures import FigureHit, find_figures, number_candidates, refine_metric
from .lexicon import CASUALTY_METRICS, INTENT_CUES
from .segment import Sentence, sentences_from_tokens
from .speaker_words import QUOTE_CHARS
from .tokens import Tokens, tokenize
from .types import Claim, Figure

DEFAULT_CONFIG = ExtractionConfig()
COMPARABLE = frozenset(("count", "money", "percent", "measure"))
HEDGES = frozenset(
    [
        "may",
        "might",
        "could",
        "reportedly",
        "allegedly",
        "apparently",
        "appears",
        "appear",
        "possibly",
        "perhaps",
        "likely",
        "unconfirmed",
        "rumoured",
        "rumored",
        "purportedly",
        "seemingly",
        "suggests",
    ]
)
NESTED_MAX_TOKENS = 80
# Pronoun subjects of a nested cue without figures that are dropped (mostly the outer speaker).
WEAK_NESTED_PRONOUNS = frozenset(("he", "she", "they", "it"))
COORDINATORS = frozenset(("but", "while", "whereas", "although", "though", "and", "yet"))
OPENERS = frozenset(("“", "«"))
CLOSERS = frozenset(("”", "»"))
QUOTE_END = CLOSERS | {'"'}


@dataclass(slots=True)
class _Part:
    lo: int  # token range of the claim
    hi: int
    att: Attribution | None
    direct: bool
    nested: bool = False  # a clause inside a wider claim ("X said Y believes Z": Y's part)


def extract_claims(
    text: str, published: date | None = None, config: ExtractionConfig | None = None
) -> tuple[Claim, ...]:
    """Split ``text`` into attributed claims with figures (a pure function).

    >>> c = extract_claims("In Kyiv, two people were killed, the mayor said.")[0]
    >>> (c.speaker, c.location, c.figures[0].value, c.figures[0].metric)
    ('the mayor', 'Kyiv', 2.0, 'killed')
    """
    cfg = config or DEFAULT_CONFIG
    if not text or not isinstance(text, str):
        return ()
    toks = tokenize(text)
    sentences = sentences_from_tokens(toks, cfg.max_sentence_chars)
    memory = SpeakerMemory()
    cues = cue_candidates(toks)
    numbers = number_candidates(toks)
    found = [
        _outer_only(toks, s, find_attributions(toks, s.lo, s.hi, memory, cues), _ends_in_quote(sentences, k))
        for k, s in enumerate(sentences)
    ]
    _carry_quotes(toks, sentences, found)
    spans = _bare_attribution_spans(toks, sentences, found)
    claims: list[Claim] = []
    previous_date: date | None = None
    lead_date: date | None = None
    dateline = find_dateline(toks)
    places = place_candidates(toks, cfg.places)
    story_start = dateline[1] if dateline else 0
    para_place: str | None = None  # the last place named so far in the current paragraph
    # what a sentence naming no place falls back on outside its paragraph: the dateline's
    # city, or the story's first place when the story is filed from a capital elsewhere
    story_place = dateline[0] if dateline else None
    placed = False  # whether the story has named a place yet
    paragraph = -1
    antecedent: FigureHit | None = None  # the last count with a unit, for "80 of them"
    antecedent_at = -10
    for idx, sent in enumerate(sentences):
        if sent.paragraph != paragraph:
            paragraph, para_place = sent.paragraph, None
        atts = found[idx]
        lo = max(sent.lo, story_start) if sent.lo < story_start else sent.lo
        own_place = claim_location(toks, lo, sent.hi, places, cfg.places) if lo < sent.hi else None
        fallback_place = own_place or para_place or story_place
        if own_place is not None:
            para_place = own_place
            if not placed and dateline is not None:
                placed = True
                if event_place_over_dateline(own_place, dateline[0], toks, cfg.places):
                    story_place = own_place
        # A wire dateline ("KYIV, Jan 2 (Wire) -") dates the story; its date is not a figure of the story.
        hits = find_figures(toks, max(sent.lo, story_start), sent.hi, cfg, numbers)
        if hits:
            if antecedent is not None and idx - antecedent_at <= 2:
                _resolve_anaphora(hits, antecedent)
            last = next((h for h in reversed(hits) if h.kind == "count" and h.unit is not None), None)
            if last is not None:
                antecedent, antecedent_at = last, idx
        if not atts and not hits and not cfg.keep_plain_sentences:
            continue
        if not atts and hits and all(h.kind in ("ordinal", "date") for h in hits) and not cfg.keep_plain_sentences:
            continue
        own_date = find_date(toks, sent.lo, sent.hi, published, previous_date or lead_date or published)
        if own_date is not None and lead_date is None:
            lead_date = own_date
        event_date = own_date or lead_date
        if event_date is not None:
            previous_date = event_date
        parts = _parts(toks, sent, atts)
        owned = _owners(toks, parts, hits)
        for part, mine in zip(parts, owned, strict=True):
            if part.nested and not mine and _weak_nested(toks, part):
                continue
            part_lo = max(part.lo, story_start)
            part_date = event_date
            if part_lo == lo and part.hi == sent.hi:
                place = own_place or fallback_place
            else:
                place = claim_location(toks, part_lo, part.hi, places, cfg.places) if part_lo < part.hi else None
                if part.att is None and part_lo > lo:
                    # an aside ("... Belgorod on Saturday, which left 25 dead") is about the
                    # place and the day named just before it
                    before = max(lo, part_lo - ASIDE_REACH)
                    place = place or find_location(toks, before, part_lo, places, cfg.places)
                    part_date = find_date(toks, before, part_lo, published, event_date) or event_date
                place = place or fallback_place
            if part_lo >= part.hi:
                continue  # the part is all dateline
            # the claim's text starts after a wire dateline ("OSLO, Feb 9 (Wire) -"), which
            # only places and dates the story (read above as its fallback place and lead date)
            own = replace(part, lo=part_lo) if part_lo > part.lo else part
            claim = _make_claim(text, toks, own, hits, mine, part_date, place, cfg)
            if claim is not None and idx in spans and len(parts) == 1:
                start, end = spans[idx]
                start = max(start, toks.start[story_start]) if story_start < len(toks.start) else start
                claim = replace(claim, text=text[start:end], start=start, end=end)
            if claim is not None and claim.checkworthiness >= cfg.min_checkworthiness:
                claims.append(claim)
    return tuple(claims)


def _main_clause(toks: Tokens, att: Attribution) -> bool:
    """ "When he described the wall, he said, “...”": a subject and cue after a comma that
    closes an opening clause head the sentence; they are not nested in the first cue."""
    a = att.anchor
    return a > 0 and (
        toks.text[a - 1] in (",", "—", "”", ";")
        or toks.low[a - 1] in ("and", "but", "while", "whereas", "though", "although", "yet")
    )


def _weak_nested(toks: Tokens, part: _Part) -> bool:
    """A nested attribution that adds no source of its own: "Rivera said the council
    believes ...", "Rivera said he thinks ..." (measured on PolNeAR: mostly not annotated as
    a new source; the outer claim covers the clause). Kept when it owns figures, so that a
    figure stays with its nearest source."""
    att = part.att
    if att is None:
        return False
    return not att.pronoun or toks.low[att.anchor] in WEAK_NESTED_PRONOUNS


def _outer_only(toks: Tokens, sent: Sentence, atts: list[Attribution], continued: bool) -> list[Attribution]:
    """Drop cues nested inside a direct quotation ("“... he suggested ...,” X said"): the
    quotation belongs to the speaker outside it. ``continued``: the quotation runs on into
    the next sentence."""
    if not atts:
        return atts
    words, starts, ends = toks.text, toks.start, toks.end
    inside: set[int] = set()
    pending: list[int] = []
    cues = {a.cue_tok for a in atts}
    q = sent.in_quote
    t, hi = sent.lo, sent.hi
    last = max(cues)
    while t < hi:
        if t > last and not pending:
            break  # no cue left to place
        w = words[t]
        close = False
        if w in OPENERS:
            q = True
        elif w in CLOSERS:
            close = q
            q = False
        elif w == '"':
            close = q
            q = not q
        elif w == "'" and t + 1 < hi and words[t + 1] == "'" and starts[t + 1] == ends[t]:
            close = q
            q = not q
            t += 1
        elif q and t in cues:
            pending.append(t)
        if close:
            inside.update(pending)
            pending.clear()
        t += 1
    if pending and continued:
        inside.update(pending)
    if not inside:
        return atts
    return [a for a in atts if a.cue_tok not in inside]


def _carry_quotes(toks: Tokens, sentences: list[Sentence], found: list[list[Attribution]]) -> None:
    """Give quote-only sentences of a multi-sentence quotation their speaker."""
    n = len(sentences)
    # forward: "X said: “A. B. C.”" -> B and C belong to X
    owner: Attribution | None = None
    for k in range(n):
        s = sentences[k]
        if found[k]:
            owner = found[k][-1] if _ends_in_quote(sentences, k) else None
            continue
        if s.in_quote and owner is not None and (k == 0 or sentences[k - 1].paragraph == s.paragraph or True):
            found[k] = [_copy(owner, direct=True)]
            if not _ends_in_quote(sentences, k):
                owner = None
        else:
            owner = None
    # backward: "“A! B!” denounced X" -> A belongs to X
    for k in range(n - 2, -1, -1):
        if found[k] or not _ends_in_quote(sentences, k):
            continue
        nxt = found[k + 1]
        if nxt and sentences[k + 1].in_quote:
            a = nxt[0]
            if a.after or a.pronoun:
                found[k] = [_copy(a, direct=True)]


BARE_TAIL_MAX = 12


def _bare_attribution_spans(
    toks: Tokens, sentences: list[Sentence], found: list[list[Attribution]]
) -> dict[int, tuple[int, int]]:
    """Sentences that are nothing but an attribution ("he concluded.", "Dr. Ward stated:")
    claim the neighbouring sentence they attribute: the next one after a colon, else the
    quotation just before."""
    words, starts, ends = toks.text, toks.start, toks.end
    out: dict[int, tuple[int, int]] = {}
    for k, atts in enumerate(found):
        if len(atts) != 1:
            continue
        a, s = atts[0], sentences[k]
        lo = s.lo
        while lo < s.hi and words[lo] in QUOTE_CHARS:
            lo += 1
        if lo >= s.hi:
            continue  # nothing but quotation marks: no speaker at its start
        if starts[lo] != a.speaker_start or a.cue_tok >= s.hi:
            continue
        if a.cue_tok == 0 or ends[a.cue_tok - 1] != a.speaker_end:
            continue
        if s.hi - a.cue_tok > BARE_TAIL_MAX:
            # "“Who do they think they are?” Lee said of the firm, when ...": the quotation
            # just before is what was said, whatever follows the cue
            if (
                k > 0
                and sentences[k - 1].paragraph == s.paragraph
                and words[sentences[k - 1].hi - 1] in QUOTE_END
                and (not found[k - 1] or found[k - 1][0].speaker == a.speaker)
            ):
                out[k] = (sentences[k - 1].start, s.end)
            continue
        tail = words[a.cue_tok + 1 : s.hi]
        if any(w in QUOTE_CHARS or w.lower() == "that" for w in tail):
            continue
        last = s.hi - 1
        if tail and tail[-1] == ":" and k + 1 < len(sentences) and sentences[k + 1].paragraph <= s.paragraph + 1:
            out[k] = (s.start, sentences[k + 1].end)
        elif words[last] != ":" and k > 0 and sentences[k - 1].paragraph == s.paragraph:
            prev = found[k - 1]
            if not prev or prev[0].speaker == a.speaker:
                out[k] = (sentences[k - 1].start, s.end)
    return out


def _resolve_anaphora(hits: list[FigureHit], antecedent: FigureHit) -> None:
    """ "At least 80 of them were brought down": a count with nothing counted,
    at the start of a sentence, counts what the previous sentence counted."""
    for h in hits:
        if h.kind != "count":
            continue
        if h.unit is not None or h.noun is not None or h.parent is not None:
            return  # the sentence names its own thing: later bare counts follow it
        if h.metric is None and not h.anaphor:
            continue
        h.noun, h.unit = antecedent.noun, antecedent.unit
        h.metric = refine_metric(h.metric, h.noun or h.unit)


def _ends_in_quote(sentences: list[Sentence], k: int) -> bool:
    return k + 1 < len(sentences) and sentences[k + 1].in_quote


def _copy(a: Attribution, direct: bool) -> Attribution:
    return Attribution(
        a.speaker, a.speaker_start, a.speaker_end, a.role, a.cue, a.cue_tok, a.anchor, a.after, direct, a.pronoun
    )


ASIDE_REACH = 12  # tokens before an aside searched for the place and day it is about


def _outlet_aside(toks: Tokens, att: Attribution, hi: int) -> int | None:
    """ "X threatened to ... in retaliation for the bombing of Y, which left 25 dead": the
    token where the outlet's own aside starts, or None."""
    low, words = toks.low, toks.text
    cue = att.cue_tok
    if att.after or low[cue] not in INTENT_CUES or not (cue + 1 < hi and low[cue + 1] == "to"):
        return None
    quoted = False
    for t in range(cue + 2, hi - 1):
        if words[t] in ("“", "”", '"'):
            quoted = words[t] == "“" or (words[t] == '"' and not quoted)
        elif not quoted and words[t] == "," and low[t + 1] in ("which", "that"):
            return t + 1  # inside a quotation an aside is still the speaker's
    return None


def _parts(toks: Tokens, sent: Sentence, atts: list[Attribution]) -> list[_Part]:
    """Cut a sentence into one claim per attribution (coordinated) or nest them."""
    if not atts:
        return [_Part(sent.lo, sent.hi, None, False)]
    if len(atts) == 1:
        att = atts[0]
        aside = _outlet_aside(toks, att, sent.hi)
        if aside is not None:
            return [_Part(sent.lo, aside, att, att.direct), _Part(aside, sent.hi, None, False)]
        return [_Part(sent.lo, sent.hi, att, att.direct)]
    low, words = toks.low, toks.text
    # segment boundaries between consecutive attributions
    bounds: list[int] = []
    for i in range(1, len(atts)):
        prev, cur = atts[i - 1], atts[i]
        a = max(prev.cue_tok + 1, sent.lo)
        b = cur.anchor
        cut = None
        for t in range(b - 1, a - 1, -1):
            if words[t] == ";" or (low[t] in COORDINATORS and t - 1 >= a and words[t - 1] == ","):
                cut = t
                break
        if cut is None and cur.after:
            for t in range(b - 1, a - 1, -1):
                if words[t] == "," and t + 1 < b and low[t + 1] in COORDINATORS:
                    cut = t + 1
                    break
        bounds.append(cut if cut is not None else -1)
    parts: list[_Part] = []
    seg_lo = sent.lo
    seg_first = 0
    for i in range(len(atts)):
        last = i == len(atts) - 1
        if last or bounds[i] >= 0:
            seg_hi = sent.hi if last else bounds[i]
            for k in range(seg_first, i + 1):
                att = atts[k]
                if k > seg_first and low[att.anchor] in ("who", "which"):
                    # the same speaker goes on ("..., who also regretted ..."): a claim of its
                    # own clause, not the sentence again
                    lo = max(seg_lo, att.anchor)
                    parts.append(_Part(lo, min(seg_hi, lo + NESTED_MAX_TOKENS), att, att.direct))
                elif k == seg_first or att.after:
                    parts.append(_Part(seg_lo, seg_hi, att, att.direct))
                elif seg_hi - seg_lo <= NESTED_MAX_TOKENS and _main_clause(toks, att):
                    # the head of the sentence after an opening clause ("When he spoke, he said
                    # ..."): the whole segment; only in a short one, so a run of cues stays linear
                    parts.append(_Part(seg_lo, seg_hi, att, att.direct))
                else:
                    # a nested attribution covers its own clause; bounded so that a run of
                    # nested cues costs linear, not quadratic, time
                    lo = max(seg_lo, att.anchor)
                    parts.append(_Part(lo, min(seg_hi, lo + NESTED_MAX_TOKENS), att, att.direct, nested=True))
            if not last:
                seg_lo = bounds[i]
                seg_first = i + 1
    return [p for p in parts if p.hi > p.lo]


def _owners(toks: Tokens, parts: list[_Part], hits: list[FigureHit]) -> list[list[int]]:
    """Give every figure to exactly one part: the innermost clause that contains it."""
    owned: list[list[int]] = [[] for _ in parts]
    if not hits:
        return owned
    starts, ends = toks.start, toks.end
    groups: tuple[list[int], list[int]] = ([], [])  # (nested parts, wide parts), in text order
    for k, p in enumerate(parts):
        groups[0 if p.nested else 1].append(k)
    keys = tuple([starts[parts[k].lo] for k in g] for g in groups)
    for n, h in enumerate(hits):
        for g, key in zip(groups, keys, strict=True):
            j = bisect_right(key, h.start) - 1
            if g is groups[1]:
                while j > 0 and key[j - 1] == key[j]:
                    j -= 1  # parts sharing a span: the first attribution owns it
            if j >= 0 and h.end <= ends[parts[g[j]].hi - 1]:
                owned[g[j]].append(n)
                break
    return owned


def _make_claim(
    text: str,
    toks: Tokens,
    part: _Part,
    hits: list[FigureHit],
    mine: list[int],
    event_date: date | None,
    location: str | None,
    cfg: ExtractionConfig,
) -> Claim | None:
    lo, hi = part.lo, part.hi
    starts, ends, words, low = toks.start, toks.end, toks.text, toks.low
    start, end = starts[lo], ends[hi - 1]
    # the figures this part owns (each figure belongs to one part only)
    index = {k: n for n, k in enumerate(mine)}
    figures = tuple(
        Figure(
            text=text[h.start : h.end],
            start=h.start,
            end=h.end,
            value=h.value,
            low=h.low,
            high=h.high,
            qualifier=h.qualifier,
            kind=h.kind,
            metric=h.metric,
            unit=h.unit,
            change=h.change,
            subset_of=index.get(h.parent) if h.parent is not None else None,
        )
        for h in (hits[k] for k in mine)
    )
    att = part.att
    if att is None and not figures and not cfg.keep_plain_sentences:
        return None
    direct = part.direct or any(words[t] in QUOTE_CHARS for t in range(lo, hi))
    quote = None if att is None else ("direct" if direct else "indirect")
    # check-worthiness: figures, attribution, named entities, hedges
    reasons: list[str] = []
    score = 0.1
    comparable = [f for f in figures if f.kind in COMPARABLE]
    if comparable:
        score += 0.35 + min(0.1, 0.05 * (len(comparable) - 1))
        reasons.append(f"figures:{len(comparable)}")
        if any(f.metric in CASUALTY_METRICS for f in comparable):
            score += 0.1
            reasons.append("casualties")
    elif figures:
        reasons.append("context_figures_only")
    if att is not None:
        score += 0.25
        reasons.append(f"attributed:{att.speaker}")
        if direct:
            score += 0.05
            reasons.append("direct_quote")
    names = sum(
        1
        for t in range(lo + 1, hi)
        if words[t][:1].isupper() and words[t].isalpha() and words[t - 1] not in (".", "“", '"')
    )
    if names:
        score += min(0.1, 0.03 * names)
        reasons.append(f"named_entities:{names}")
    hedge = next((low[t] for t in range(lo, hi) if low[t] in HEDGES), None)
    if hedge is not None:
        score -= 0.15
        reasons.append(f"hedge:{hedge}")
    score = max(0.0, min(1.0, score))
    return Claim(
        text=text[start:end],
        start=start,
        end=end,
        speaker=att.speaker if att else None,
        speaker_start=att.speaker_start if att else None,
        speaker_end=att.speaker_end if att else None,
        speaker_role=att.role if att else None,
        cue=att.cue if att else None,
        quote=quote,
        location=location,
        event_date=event_date,
        checkworthiness=round(score, 3),
        reasons=tuple(reasons),
        figures=figures,
    )


def claims_json(
    text: str, published: date | None = None, config: ExtractionConfig | None = None
) -> list[dict[str, object]]:
    """The contract JSON for one document's claims."""
    return [c.as_json() for c in extract_claims(text, published, config)]


__all__ = ["extract_claims", "claims_json", "tokenize"]
