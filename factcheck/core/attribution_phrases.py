"""Who the speaker is: the noun phrase around a cue, its name and role, and the speakers seen so far.

:class:`SpeakerPhrases` is the half of the attribution finder that reads noun phrases over
tokens (a sentence's subject, the phrase before or after a cue, a name and its role) and
records what it found; :mod:`~factcheck.core.attribution` finds the cues and calls it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from .cue_words import (
    FIRST_PERSON_SOURCES,
    PRONOUNS,
    SUBJECT_VERBS,
    TIME_UNITS,
    TIME_WORDS,
)
from .lexicon import AUXILIARY_VERBS
from .speaker_words import (
    ABBREVIATED_TITLES,
    AFTER_STOP,
    DETERMINERS,
    HONORIFICS,
    LOCATED_HEADS,
    LOCATED_SINGULAR,
    NATIONALITIES,
    NP_BOUNDARY,
    NP_INSIDE,
    OPENING_ADVERBS,
    ORG_WORDS,
    QUOTE_CHARS,
    RELATIVE_OPENERS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
)

# Words that make an opening "Among ..." / "Of ..." phrase a clause, not the whole a sentence counts.
_CLAUSE_INSIDE = frozenset(("who", "whom", "whose", "which", "that", "was", "were", "is", "are"))


@dataclass(slots=True)
class SpeakerMemory:
    """Named speakers seen so far in the document (for pronouns and surnames)."""

    last_person: str | None = None
    last_person_role: str | None = None
    last_any: str | None = None
    last_any_role: str | None = None
    surnames: dict[str, str] = field(default_factory=dict)

    def remember(self, name: str, role: str | None, person: bool) -> None:
        self.last_any, self.last_any_role = name, role
        if person:
            self.last_person, self.last_person_role = name, role
            parts = name.split()
            if len(parts) >= 2:
                self.surnames[parts[-1].lower()] = name

    def canonical(self, name: str) -> str:
        parts = name.split()
        if len(parts) == 1:
            return self.surnames.get(parts[0].lower(), name)
        return name


@dataclass(slots=True)
class Attribution:
    """One cue with its speaker inside a sentence (token indices into the document)."""

    speaker: str
    speaker_start: int
    speaker_end: int
    role: str | None
    cue: str
    cue_tok: int
    anchor: int  # first token of the attribution (speaker or cue, whichever comes first)
    after: bool  # the speaker comes after the content ("..., X said")
    direct: bool = False
    pronoun: bool = False


def is_person(name: str) -> bool:
    parts = name.split()
    if not parts or any(p.lower() in ORG_WORDS for p in parts):
        return False
    if parts[0].lower() in ("the", "a", "an", "its", "their"):
        return False
    return len(parts) >= 2 and all(p[:1].isupper() for p in parts)


class SpeakerPhrases:
    """Noun-phrase reading over one sentence's tokens; the finder's state lives in its slots."""

    __slots__ = ()
    words: list[str]
    low: list[str]
    starts: list[int]
    ends: list[int]
    lo: int
    hi: int
    memory: SpeakerMemory
    found: list[Attribution]

    def sentence_subject(self, k: int) -> tuple[int, int] | None:
        """The capitalised name or pronoun that opens the sentence (before token ``k``)."""
        words, low, lo = self.words, self.low, self.lo
        a = lo
        while a < k and (words[a] in QUOTE_CHARS or low[a] in ("but", "and", "so", "then", "still")):
            a += 1
        a = self.skip_opener(a, k)
        if a >= k or k - a > 40:
            return None
        if low[a] in ("he", "she", "they"):
            return a, a + 1
        b = a
        if low[b] == "the" and b + 1 < k and words[b + 1][:1].isupper():
            b += 1
        while b < k and (
            words[b][:1].isupper()
            and words[b][:1].isalpha()
            and low[b] not in NP_BOUNDARY
            or words[b] in (".", "-")
            and b > a
            and self.starts[b] == self.ends[b - 1]
        ):
            b += 1
        if b > a and b < k and words[b] == ",":
            # "Gary Emineth, a former party chairman, became a delegate and said"
            t = b + 1
            while t < k and t - b < 15 and words[t] != "," and words[t] not in QUOTE_CHARS:
                t += 1
            if t + 1 < k and words[t] == "," and words[t + 1][:1].islower() and low[t + 1] not in NP_BOUNDARY:
                return a, b
            return None
        if b == a or b >= k or not words[b][:1].islower() or low[b] in NP_BOUNDARY and low[b] not in SUBJECT_VERBS:
            return None
        if b - a == 1 and low[a] in DETERMINERS:
            # "The tone of the speech ... echoed": the noun phrase, not the bare article
            while b < k and b - a < 5 and words[b][:1].isalpha() and low[b] not in NP_BOUNDARY and low[b] != "of":
                b += 1
        return a, b

    def time_phrase_start(self, k: int) -> int:
        """Start of a time phrase ending at ``k`` ("in the past", "for the first time",
        "earlier in the day", "at the time"); ``k`` itself when there is none. Bounded."""
        low, lo = self.low, self.lo
        t = k - 1
        while t >= lo and k - t < 4 and low[t] in ("the", "this", "that", "first", "same", "a", "an", "recent"):
            t -= 1
        if t < lo or t == k - 1 or low[t] not in ("in", "for", "at", "during", "over", "within", "since"):
            return k
        if t - 1 >= lo and low[t - 1] in ("earlier", "later"):
            t -= 1
        return t

    def skip_opener(self, a: int, k: int) -> int:
        """Skip an opening adverb and its comma ("Moreover,", "Hours later,", "Overall,")."""
        words, low = self.words, self.low
        b = a
        while b < k and b - a < 4 and (low[b] in ("a", "an", "few", "several", "some") or words[b][:1].isdigit()):
            b += 1
        if (
            b > a
            and b + 1 < k
            and (low[b] in TIME_UNITS or low[b] in TIME_WORDS)
            and low[b + 1] in ("later", "earlier", "ago")
        ):
            # "A few minutes later they said", "Two days ago, the council said"
            b += 2
            if b + 1 < k and words[b] == ",":
                b += 1
            return b
        b = a
        if b < k and low[b] in OPENING_ADVERBS:
            b += 1
            if b < k and low[b] in ("later", "earlier", "ago", "after"):
                b += 1
            if b + 1 < k and words[b] == ",":
                return b + 1
        return a

    def clause_subject(self, k: int) -> tuple[int, int] | None:
        """The nearest subject left of token ``k`` that a verb follows: "Speaking in Salem,
        New Hampshire, Trump went after Bush, calling him ..." -> Trump (a name or he/she/they
        not after a preposition, then a lower-case word that is no preposition). Bounded."""
        words, low, lo = self.words, self.low, self.lo
        t = k - 1
        stop = max(lo, k - 40)
        while t >= stop:
            w = words[t]
            if w in (";", ":") or w in QUOTE_CHARS:
                return None
            nxt = low[t + 1]
            if (
                (low[t] in ("he", "she", "they") or w[:1].isupper() and w.isalpha() and low[t] not in NP_BOUNDARY)
                and words[t + 1][:1].islower()
                and words[t + 1][:1].isalpha()
                and (nxt not in NP_BOUNDARY or nxt in AUXILIARY_VERBS or nxt in SUBJECT_VERBS)
                and nxt not in DETERMINERS
                and not (t - 1 >= lo and low[t - 1] in NP_BOUNDARY and low[t - 1] not in ("and", "but"))
            ):
                if low[t] in ("he", "she", "they"):
                    return t, t + 1
                return self.np_before(t)
            t -= 1
        return None

    def subject_before_apposition(self, k: int) -> tuple[int, int] | None:
        """ "Name, apposition, [...,] said": the capitalised phrase before the first comma
        of a run of commas that starts the clause."""
        words, low, lo = self.words, self.low, self.lo
        t = k - 1
        stop = max(lo, k - 40)
        best: tuple[int, int] | None = None
        while t > stop:
            w = words[t]
            if w in QUOTE_CHARS or w in (";", ":", "'", "(", ")") or low[t] in ("said", "says", "told"):
                break
            if w == "," and words[t - 1][:1].isupper() and words[t - 1][:1].isalpha():
                np = self.np_before(t - 1)
                if np is not None:
                    a = np[0]
                    at_start = a == lo or words[a - 1] in (",", "“", '"', "—") or low[a - 1] in ("and", "but")
                    opener = low[a] in OPENING_ADVERBS or low[np[1] - 1] in TIME_WORDS or low[a].endswith("ly")
                    if at_start and not opener and any(words[x][:1].isupper() for x in range(a, np[1])):
                        best = np
            t -= 1
        return best

    def subject_at_start(self, k: int) -> tuple[int, int] | None:
        """The noun phrase that opens the sentence and ends at a comma, dash or bracket
        ("Proponents of the bill, however, say", "Jason Sims — a teacher — says")."""
        words, low, lo = self.words, self.low, self.lo
        a = lo
        if a < k and words[a] in QUOTE_CHARS:
            # '“Yes, I do,” Brent Bozell, founder of ..., tells': the subject follows the quotation
            a += 1
            while a < k and words[a] not in QUOTE_CHARS and a - lo < 80:
                a += 1  # bounded: a run of cues in one long sentence stays linear
            if a - lo >= 80:
                return None
            a += 1
            while a < k and words[a] in (",", "—"):
                a += 1
        while a < k and (low[a] in ("but", "and", "so", "still") or words[a] == ","):
            a += 1
        if a + 1 < k and words[a + 1] == "," and (low[a].endswith("ly") or low[a] in OPENING_ADVERBS):
            a += 2  # "Similarly, William J. Bennett, a former secretary, said"
        b = a
        if b < k and low[b] in ("the", "a", "an"):
            b += 1
        while b < k and b - a < 8:
            w = words[b]
            if w[:1].isalpha():
                if low[b] in NP_BOUNDARY and not (b > a and low[b] in ("of", "and")):
                    break
                b += 1
            elif b > a and (
                w == "."
                and (low[b - 1] in HONORIFICS or len(words[b - 1]) <= 4 and words[b - 1][:1].isupper())
                or w in ("-", "’", "'")
                and self.starts[b] == self.ends[b - 1]
            ):
                b += 1
            else:
                break
        if b >= k or b == a or words[b] not in (",", "—", "(") or not words[b - 1][:1].isalpha():
            return None
        return a, b

    def subject_before_dashes(self, k: int) -> tuple[int, int] | None:
        """The noun phrase before a pair of dashes that ends at token ``k`` ("X -- who ... --").
        Bounded, so a run of dashes stays linear."""
        words, lo = self.words, self.lo
        d = words[k]
        t = k - 1
        if d == "-" and t >= lo and words[t] == "-":
            t -= 1  # "--"
        stop = max(lo, k - 40)
        while t > stop:
            if words[t] == d and words[t - 1][:1].isalpha():
                a = t - 1
                if d == "-" and words[a] == "-":
                    a -= 1
                if self.starts[t] == self.ends[t - 1]:
                    return None  # a hyphen inside a word ("anti-war"), not an inserted phrase
                return self.np_before(a) if words[a][:1].isalpha() else None
            if words[t] in (";", ":") or words[t] in QUOTE_CHARS:
                return None
            t -= 1
        return None

    def subject_before_insert(
        self, k: int, openers: Collection[str] = ("who", "a", "an", "the", "whose", "which")
    ) -> tuple[int, int] | None:
        """The name before a clause or apposition inserted between commas, ending at ``k``."""
        words, low, lo = self.words, self.low, self.lo
        t = k - 1
        stop = max(lo, k - 30)
        while t > stop:
            if words[t] == "," and low[t + 1] in openers and words[t - 1][:1].isupper():
                return self.np_before(t - 1)
            if words[t] in (";", ":") or words[t] in QUOTE_CHARS:
                return None
            t -= 1
        return None

    def np_before(self, k: int, long: bool = False) -> tuple[int, int] | None:
        """Noun phrase ending at token ``k`` (inclusive): return [a, k + 1)."""
        words, low, lo = self.words, self.low, self.lo
        if k < lo:
            return None
        w = words[k]
        if not w[:1].isalpha() or low[k] in NP_BOUNDARY or low[k] in DETERMINERS:
            return None
        a = k
        limit = 14 if long else 8
        while a - 1 >= lo and k - a < limit:
            p = words[a - 1]
            lp = low[a - 1]
            if p[:1].isalpha():
                if lp in DETERMINERS and not p[:1].isupper() or lp in ("the",):
                    a -= 1
                    if long and a - 1 >= lo and low[a - 1] == "of":
                        continue
                    break
                if lp in NP_INSIDE and a - 2 >= lo and words[a - 2][:1].isalpha():
                    a -= 1
                    continue
                if lp in NP_BOUNDARY and not p[:1].isupper():
                    break
                if p[:1].isupper() and lp in NP_BOUNDARY and lp not in ("i",):
                    # sentence-initial function word ("But", "And", "As")
                    break
                a -= 1
                continue
            if (
                p == "."
                and a - 2 >= lo
                and (low[a - 2] in ABBREVIATED_TITLES or len(words[a - 2]) == 1)
                and self.ends[a - 2] == self.starts[a - 1]
            ):
                a -= 1
                continue
            if p in ("-", "’", "'") and a - 2 >= lo and self.ends[a - 2] == self.starts[a - 1]:
                a -= 2 if words[a - 2][:1].isalpha() else 1
                continue
            if long and p in ("’s", "'s"):
                a -= 1
                continue
            break
        while a < k and low[a] in NP_INSIDE:
            a += 1
        if (
            not long
            and a - 2 >= lo
            and low[a - 1] in ("in", "from", "at")
            and (low[a - 2] in LOCATED_HEADS or low[a - 2] in LOCATED_SINGULAR)
        ):
            # "officials in Kyiv have warned": the located group speaks, not the place
            head = self.np_before(a - 2, long=True)
            if head is not None and k - head[0] < 16:
                a = head[0]
        while a < k and low[a] in RELATIVE_OPENERS:
            a += 1  # "an attack that Russian officials said": the relative is no part of the speaker
        return a, k + 1

    def np_after(self, m: int) -> tuple[int, int] | None:
        """Noun phrase starting at token ``m``: [m, b)."""
        words, low, hi = self.words, self.low, self.hi
        if m >= hi:
            return None
        b = m
        if low[b] in DETERMINERS:
            b += 1
        elif low[b] in PRONOUNS and low[b] != "it":
            return m, m + 1
        elif not words[b][:1].isalpha() or low[b] in AFTER_STOP or low[b] in ("of", "out", "up"):
            return None
        start_content = b
        while b < hi and b - m < 14:
            w = words[b]
            lw = low[b]
            if w[:1].isalpha():
                if (
                    lw in AFTER_STOP
                    and not (w[:1].isupper() and b > start_content)
                    and not (lw == "to" and b > m and low[b - 1] in ROLE_WORDS)
                ):
                    if lw == "of" or lw == "and":
                        pass
                    else:
                        break
                if lw in ("and",) and not (b + 1 < hi and words[b + 1][:1].isupper() and words[b - 1][:1].isupper()):
                    break
                b += 1
                continue
            if (
                w in ("-", "’", "'", ".")
                and b + 1 < hi
                and self.ends[b - 1] == self.starts[b]
                and words[b + 1][:1].isalpha()
                and w != "."
                or (w == "." and b > m and (low[b - 1] in ABBREVIATED_TITLES or len(words[b - 1]) == 1))
            ):
                b += 1
                continue
            if w[:1].isdigit() and b + 1 < hi and words[b + 1] in ("-",):
                b += 1
                continue
            if w[:1].isdigit() and b == start_content > m and b + 1 < hi and words[b + 1][:1].isalpha():
                b += 1  # "according to a 2013 study", "the 2009 paper"
                continue
            break
        while b > start_content and low[b - 1] in NP_INSIDE:
            b -= 1
        if b <= start_content:
            return None
        return m, b

    def is_name(self, a: int, b: int) -> bool:
        words = self.words
        return all(words[t][:1].isupper() for t in range(a, b)) and not any(
            self.low[t] in ROLE_WORDS or self.low[t] in ORG_WORDS for t in range(a, b)
        )

    def role_text(self, a: int, b: int) -> str | None:
        low, words = self.low, self.words
        while a < b and (
            low[a] in DETERMINERS
            or low[a] in NATIONALITIES
            or low[a].endswith(("’s", "'s"))
            or words[a][:1].isdigit()
            or low[a] in ("-", "year", "old", "years", "month")
        ):
            a += 1
        if a >= b:
            return None
        r = None
        for t in range(a, b):
            if low[t] in ROLE_WORDS:
                r = t
        if r is None:
            return self.text(a, b) if b - a <= 6 else None
        # "head of the city's military administration": keep the "of" phrase after head-like titles
        if (
            low[r]
            in ("head", "chief", "secretary", "director", "commander", "leader", "chairman", "speaker", "general")
            and r + 1 < b
            and low[r + 1] == "of"
        ):
            return self.text(a, b)
        # "governor of this Russian region bordering Ukraine" -> "governor"
        start = r
        while start > a and r - start < 5:
            p = words[start - 1]
            if p == "-" and start - 2 >= a:
                start -= 2
                continue
            if p[:1].isupper() and p.isalpha() or low[start - 1] in ROLE_MODIFIERS:
                start -= 1
                continue
            break
        return self.text(start, r + 1)

    def name_role(self, a: int, b: int) -> tuple[str, str | None, bool]:
        """Split a noun phrase into (name, role, is_person)."""
        low, words = self.low, self.words
        r = None
        for t in range(a, b):
            if low[t] in ROLE_WORDS:
                r = t
        if (
            r is not None
            and r + 1 < b
            and all(words[t][:1].isupper() or words[t] in (".", "-") for t in range(r + 1, b))
            and low[b - 1] not in ORG_WORDS
        ):
            # "Ukrainian Interior Minister Igor Klimenko"
            n = r + 1
            while n < b and low[n] in ("of", "for", "and") or (n < b and words[n] in ("-", ".")):
                n += 1
            # titles with an "of" phrase ("Secretary of State John Kerry"): the name is the last two words
            if r + 1 < b and low[r + 1] == "of" and b - (r + 1) > 3:
                n = b - 2
            role = self.role_text(a, n)
            name = self.clean_name(n, b)
            return name, role, True
        if r is not None:
            role = self.role_text(a, b)
            return self.text(a, b), role, False
        name = self.clean_name(a, b)
        return name, None, is_person(name) or (name.lower() in self.memory.surnames)

    def clean_name(self, a: int, b: int) -> str:
        low, words = self.low, self.words
        while a < b and (
            low[a] in HONORIFICS or words[a] == "." or low[a] in NATIONALITIES and b - a > 1 and words[a][:1].isupper()
        ):
            a += 1
        return self.text(a, b) if a < b else ""

    def text(self, a: int, b: int) -> str:
        out: list[str] = []
        for t in range(a, b):
            if out and self.starts[t] != self.ends[t - 1]:
                out.append(" ")
            out.append(self.words[t])
        return "".join(out)

    def in_opening_partitive(self, a: int) -> bool:
        """Is token ``a`` inside a phrase that opens the sentence with "Among" or "Of" and ends
        at its first comma ("Among the 300 staff laid off, 120 were women", "Of the 40 drivers
        stopped, ...")? It names the whole the sentence then counts a part of: its nouns (and a
        cue-like participle there, "laid") are never a speaker."""
        words, low = self.words, self.low
        s = self.lo
        while s < a and words[s] in QUOTE_CHARS:
            s += 1
        if s >= a or low[s] not in ("among", "of"):
            return False
        comma = next((t for t in range(s + 1, min(self.hi, s + 25)) if words[t] == ","), None)
        if comma is None or a >= comma:
            return False
        # "Among those who said ..., most ...": a clause of its own inside, whose subject speaks;
        # "Among the replies was a post from X, who wrote ...": the phrase is the inverted subject
        return not any(low[t] in _CLAUSE_INSIDE for t in range(s + 1, comma))

    # -- output ------------------------------------------------------------------
    def emit_np(self, a: int, b: int, cue: str, c: int, anchor: int, after: bool, allow_apposition: bool) -> None:
        words, low, hi = self.words, self.low, self.hi
        if self.in_opening_partitive(a):
            return
        if b - a == 1 and low[a] in PRONOUNS:
            self.emit_pronoun(a, cue, c, anchor=anchor, after=after)
            return
        # apposition: "its mayor, Vitali Klitschko" / "Bridget Brink, US ambassador to Ukraine"
        if allow_apposition and b + 1 < hi and words[b] == ",":
            n = b + 1
            e = n
            while (
                e < hi
                and e - n < 5
                and (
                    words[e][:1].isupper()
                    and words[e][:1].isalpha()
                    or words[e] == "-"
                    and e > n
                    or words[e] == "."
                    and e > n
                    and (len(words[e - 1]) == 1 or low[e - 1] in ABBREVIATED_TITLES)
                )
            ):
                e += 1
            first_is_role = (
                any(low[t] in ROLE_WORDS for t in range(a, b)) or low[a] in DETERMINERS or not words[a][:1].isupper()
            )
            if (
                e > n
                and first_is_role
                and (
                    e >= hi
                    or words[e] in (",", ".", ";", "!", "?", ")")
                    or low[e] in AFTER_STOP
                    and low[e] not in AUXILIARY_VERBS
                )
                and self.is_name(n, e)
            ):
                self.emit_name(n, e, self.role_text(a, b), cue, c, min(anchor, a), after)
                return
            if not first_is_role and self.is_name(a, b):
                # the role follows the name
                e = n
                while e < hi and words[e] not in (",", ".", ";", "!", "?", ")", "(") and e - n < 10:
                    e += 1
                if any(low[t] in ROLE_WORDS for t in range(n, e)):
                    self.emit_name(a, b, self.role_text(n, e), cue, c, min(anchor, a), after)
                    return
        name, role, person = self.name_role(a, b)
        if not name:
            return
        start = a
        # the speaker span is the name when the phrase carries a title before it
        if role is not None and person:
            n = b - len(name.split())
            start = max(a, n)
        name = self.memory.canonical(name)
        self.memory.remember(name, role, person)
        self.add(name, start, b, role, cue, c, min(anchor, a), after)

    def emit_name(self, a: int, b: int, role: str | None, cue: str, c: int, anchor: int, after: bool) -> None:
        if self.in_opening_partitive(a):
            return
        name = self.memory.canonical(self.clean_name(a, b))
        if not name:
            return
        self.memory.remember(name, role, True)
        self.add(name, a, b, role, cue, c, min(anchor, a), after)

    def emit_pronoun(self, k: int, cue: str, c: int, anchor: int | None = None, after: bool = False) -> None:
        lk = self.low[k].split("’")[0].split("'")[0]  # "he's said" -> "he"
        mem = self.memory
        if lk in ("he", "she"):
            name, role = mem.last_person, mem.last_person_role
        elif lk in FIRST_PERSON_SOURCES:
            name, role = self.words[k], None  # the writer or the person quoted: not resolved
        else:
            name, role = mem.last_any, mem.last_any_role
        if name is None:
            name, role = self.words[k], None
        self.add(name, k, k + 1, role, cue, c, k if anchor is None else min(anchor, k), after, pronoun=True)

    def add(
        self,
        name: str,
        a: int,
        b: int,
        role: str | None,
        cue: str,
        c: int,
        anchor: int,
        after: bool,
        pronoun: bool = False,
    ) -> None:
        if self.in_opening_partitive(a):
            return
        self.found.append(
            Attribution(name, self.starts[a], self.ends[b - 1], role, cue, c, min(anchor, c, a), after, pronoun=pronoun)
        )
