"""Who said it: speaker span, canonical name, role, cue and quote type.

Rules over tokens, one sentence at a time: find a cue (said, told, according
to, wrote on Telegram, ...), then its speaker before the cue ("Klimenko
said"), after it ("... announced the head of ..., Oleg Sinegubov"), after
"according to" or after a passive "by". Pronouns, "who" and bare surnames
resolve to the last named speaker through ``SpeakerMemory``.

>>> from factcheck.core.tokens import tokenize
>>> t = tokenize("Two died, according to its mayor, Vitali Klitschko.")
>>> a = find_attributions(t, 0, len(t), SpeakerMemory())[0]
>>> (a.speaker, a.role, a.cue)
('Vitali Klitschko', 'mayor', 'according to')
"""

from __future__ import annotations

from bisect import bisect_left

from .attribution_phrases import (
    Attribution,
    SpeakerMemory,
    SpeakerPhrases,
)
from .cue_words import (
    COPULAS,
    CUE_VERBS,
    DASHES,
    FIRST_PERSON_SOURCES,
    FIRST_SECOND_PERSON,
    GERUND_CUES,
    GERUND_PREPS,
    INSERTED_PREPS,
    INVERSION_CUES,
    NOUN_LIKE,
    PHRASE_CUES,
    PRONOUNS,
    PUBLISH_CUES,
    PUBLISHED_THINGS,
    SKIP_BEFORE_CUE,
    SPEECH_CUES,
    STANCE_ADJECTIVES,
    TIME_NOUNS,
    TIME_UNITS,
    TIME_WORDS,
    TITLE_CUES,
    TO_CONTROLLERS,
    TRAILING_TAIL_MAX,
    WEEKDAYS,
)
from .speaker_words import (
    ABBREVIATED_TITLES,
    ACCORDING_MODIFIERS,
    AFTER_STOP,
    CHANNELS,
    CLOSE_QUOTES,
    COLON_NOT_SPEAKER,
    DETERMINERS,
    DOCUMENT_WORDS,
    NOUN_PHRASE_PREPS,
    NP_BOUNDARY,
    ONLY_BEFORE_NOUNS,
    OPEN_QUOTES,
    ORG_WORDS,
    POLL_FOLLOWERS,
    POLL_MODIFIERS,
    POLL_WORDS,
    QUANTIFIER_HEADS,
    QUANTIFIERS,
    QUOTE_CHARS,
    RELATIVES,
)
from .tokens import Tokens, title_cased

CANDIDATE_WORDS = frozenset([*CUE_VERBS, *STANCE_ADJECTIVES, *PHRASE_CUES, "according", ":"])
CANDIDATE_WORDS_POLLS = CANDIDATE_WORDS | {"in"}


def cue_candidates(toks: Tokens) -> list[int]:
    """Indices of tokens that may be a cue (one cheap pass over the document); "in" only
    in a text that names a poll ("in a Fox News poll")."""
    low, text = toks.low, toks.text
    words = CANDIDATE_WORDS if POLL_WORDS.isdisjoint(low) else CANDIDATE_WORDS_POLLS
    return [
        i
        for i, lw in enumerate(low)
        if lw in words or (lw in QUOTE_ONLY_CUES and i > 0 and text[i - 1] in CLOSING_QUOTES)
    ]


# Verbs that report speech only right after a quotation ("“Go home!” cried Marta"); anywhere
# else "she cried" is weeping, not a claim.
QUOTE_ONLY_CUES = frozenset(["cried", "screamed"])
CLOSING_QUOTES = frozenset(["”", '"', "’", "'"])


def find_attributions(
    toks: Tokens, lo: int, hi: int, memory: SpeakerMemory, candidates: list[int] | None = None
) -> list[Attribution]:
    """Attributions in the sentence of tokens ``[lo, hi)``, in order; updates ``memory``."""
    if candidates is None:
        candidates = cue_candidates(toks)
    return _Finder(toks, lo, hi, memory).find(candidates)


class _Finder(SpeakerPhrases):
    __slots__ = ("words", "low", "starts", "ends", "lo", "hi", "memory", "found", "title")

    def __init__(self, toks: Tokens, lo: int, hi: int, memory: SpeakerMemory) -> None:
        self.words = toks.text
        self.low = toks.low
        self.starts = toks.start
        self.ends = toks.end
        self.lo = lo
        self.hi = hi
        self.memory = memory
        self.found: list[Attribution] = []
        self.title: bool | None = None

    def find(self, candidates: list[int]) -> list[Attribution]:
        low = self.low
        used_until = self.lo
        k = bisect_left(candidates, self.lo)
        skip_to = self.lo
        while k < len(candidates) and candidates[k] < self.hi:
            i = candidates[k]
            k += 1
            if i < skip_to:
                continue
            lw = low[i]
            if lw == "according":
                if i + 1 < self.hi and low[i + 1] == "to":
                    skip_to = max(self.according(i), i + 2)
                continue
            if lw == ":":
                before = len(self.found)
                if i - self.lo <= 6 and not self.found:
                    self.colon_speaker()
                if len(self.found) == before and i + 1 < self.hi and self.words[i + 1] in OPEN_QUOTES:
                    self.dash_colon_speaker(i)
                continue
            if lw == "in":
                if i >= used_until:
                    used_until = max(used_until, self.in_poll(i))
                continue
            if i >= used_until and (
                self.words[i][:1].islower() or i > self.lo and low[i] in TITLE_CUES and self.title_case()
            ):
                end = self.cue(i)
                if end > i:
                    used_until = end
        self.mark_trailing()
        self.found.sort(key=lambda a: a.anchor)
        return self.found

    def mark_trailing(self) -> None:
        """ "..., she noted." / "“...,” the senator said on Friday.": a subject and cue after a
        comma that close the sentence report everything before them (``after``)."""
        words, low, hi = self.words, self.low, self.hi
        for a in self.found:
            if a.after:
                continue
            s = a.anchor
            if s - 1 < self.lo or not (words[s - 1] == "," or words[s - 1] in CLOSE_QUOTES and s - 2 >= self.lo):
                continue
            tail = range(a.cue_tok + 1, hi)
            if len(tail) > TRAILING_TAIL_MAX or any(
                words[t] in QUOTE_CHARS and t < hi - 1 or low[t] in ("that", ",") for t in tail
            ):
                continue
            a.after = True

    def title_case(self) -> bool:
        """A headline in title case ("Senator Says Budget Is Dead"): capitalised cues count."""
        if self.title is None:
            self.title = title_cased(self.words, self.lo, self.hi, max_words=30)
        return self.title

    # -- speakers ----------------------------------------------------------------
    def in_poll(self, c: int) -> int:
        """ "Trump leads by 9 points in the latest Fox News poll": the poll is the source."""
        words, low = self.words, self.low
        t = c + 1
        while t < self.hi and t - c <= 10:
            lw = low[t]
            if lw in POLL_WORDS:
                nxt = low[t + 1] if t + 1 < self.hi else "."
                if nxt[:1].isalpha() and nxt not in POLL_FOLLOWERS:
                    return c  # "in Iowa poll overhype", "in polling locations"
                if not any(
                    words[x][:1].isupper() or words[x][:1].isdigit() or low[x] in POLL_MODIFIERS
                    for x in range(c + 1, t)
                ):
                    return c  # "in the polls": a generic standing, not one poll
                self.add(self.text(c + 1, t + 1), c + 1, t + 1, None, "in", c, c, after=True)
                return t + 1
            w = words[t]
            if w[:1].isalpha() and (lw in NP_BOUNDARY and lw not in DETERMINERS or lw in AFTER_STOP and lw != "of"):
                return c
            if not (w[:1].isalnum() or w in ("/", "-", "&", ".", "’", "'")):
                return c
            t += 1
        return c

    def colon_speaker(self) -> None:
        """A headline or transcript line "Trump: 'We are going to win.'", "Poll: ...":
        a short capitalised name at the start of the sentence, then a colon."""
        words, low = self.words, self.low
        a = self.lo
        while a < self.hi and words[a] in QUOTE_CHARS:
            a += 1
        b = a
        while b < self.hi and b - a < 5:
            w = words[b]
            if (
                w[:1].isupper()
                and w[:1].isalpha()
                or b > a
                and (low[b] == "and" or w == "." and low[b - 1] in ABBREVIATED_TITLES)
            ):
                b += 1
                continue
            break
        if b == a or b + 1 >= self.hi or words[b] != ":" or low[b - 1] == "and" or low[a] in COLON_NOT_SPEAKER:
            return
        if any(low[t] in COLON_NOT_SPEAKER for t in range(a, b)) or b - a > 1 and words[b - 1].isupper():
            return
        c = b
        on = next((t for t in range(a + 1, b) if low[t] in ("on", "about")), None)
        if on is not None:
            b = on  # "CNN President On Trump: ..."
        self.emit_np(a, b, ":", c, a, after=False, allow_apposition=False)

    def dash_colon_speaker(self, c: int) -> None:
        """ "... polls were off - Ann Reyes: “The samples were small.”": a name after a dash,
        then a colon and a quotation."""
        words = self.words
        b = c
        a = b
        while a - 1 >= self.lo and b - a < 5 and words[a - 1][:1].isupper() and words[a - 1][:1].isalpha():
            a -= 1
        if a == b or a - 1 < self.lo or words[a - 1] not in DASHES or not self.is_name(a, b):
            return
        if any(self.low[t] in COLON_NOT_SPEAKER for t in range(a, b)):
            return
        self.emit_np(a, b, ":", c, a, after=False, allow_apposition=False)

    def according(self, i: int) -> int:
        np = self.np_after(i + 2)
        if np is None:
            return i + 2
        a, b = np
        if b + 1 < self.hi and self.low[b - 1] in DOCUMENT_WORDS and self.low[b] in ("from", "by", "of"):
            # "according to a statement from the Treasury": the issuer speaks
            inner = self.np_after(b + 1)
            if inner is not None:
                a, b = inner
        self.emit_np(a, b, "according to", i, i, after=i > self.lo + 1, allow_apposition=True)
        return self.according_tail(b)

    def according_tail(self, b: int) -> int:
        """End of the speaker's description after "according to X": "an officer in the Kyiv
        region(,) who spoke to ... on condition of anonymity," runs to the next comma; its
        cues ("spoke") describe the speaker, not a new source. Bounded, so linear."""
        words, low, hi = self.words, self.low, self.hi
        t = b
        if t + 1 < hi and words[t] == "," and low[t + 1] in ACCORDING_MODIFIERS - {"of", "for", "with"}:
            t += 1
        if t >= hi or low[t] not in ACCORDING_MODIFIERS:
            return b
        e = t + 1
        while e < hi and e - t < 40:
            w = words[e]
            if w == "," and e + 1 < hi and low[e + 1] in ("who", "whom", "whose", "which") and low[t] != "who":
                e += 1  # "an officer at the base, who spoke ...": the relative clause goes on
            elif w in (",", ";", ":", "—", "(") or w in QUOTE_CHARS:
                break
            e += 1
        if e - t >= 40:
            return b
        return e

    def cue(self, c: int) -> int:
        words, low, lo = self.words, self.low, self.lo
        lw = low[c]
        if lw in PHRASE_CUES and (c + 1 >= self.hi or low[c + 1] not in PHRASE_CUES[lw]):
            return c  # "went after", "weighed in", "put it": only as a phrase
        if c - 2 >= lo and low[c - 1] == "to" and words[c - 2][:1].islower() and low[c - 2] in TO_CONTROLLERS:
            # "Pence went on to say", "Rivera took to Twitter to say": the subject of the clause
            subj = self.clause_subject(c - 1)
            if subj is not None:
                self.emit_np(subj[0], subj[1], lw, c, subj[0], after=False, allow_apposition=False)
                return c + 1
            return c
        # a noun use ("the claims", "his report") or "to say" is no cue
        if (
            c > lo
            and (
                low[c - 1] in DETERMINERS
                or low[c - 1] in ONLY_BEFORE_NOUNS
                or low[c - 1] == "to"
                or low[c - 1].endswith(("’s", "'s"))
                and low[c - 1][:-2] not in PRONOUNS
            )
            and low[c - 1] not in ("that",)
            and not (low[c - 1] in QUANTIFIER_HEADS and lw in SPEECH_CUES)
        ):
            return c
        if c > lo and low[c - 1] in (
            "after",
            "before",
            "by",
            "while",
            "without",
            "of",
            "for",
            "about",
            "when",
            "in",
            "on",
        ):
            if lw.endswith("ing") and low[c - 1] in GERUND_PREPS and lw in GERUND_CUES:
                # "Bolton distanced himself by saying ...": the subject of the clause speaks
                subj = self.sentence_subject(c - 1) or self.clause_subject(c - 1)
                if subj is not None:
                    self.emit_np(subj[0], subj[1], lw, c, subj[0], after=False, allow_apposition=False)
                    return c + 1
            return c  # "after saying", "by telling": a gerund, not a cue with a subject
        cue_text = lw
        if (
            lw in ("posted", "wrote", "said", "announced", "reported", "denounced", "claimed")
            and c + 2 < self.hi
            and low[c + 1] == "on"
            and low[c + 2] in CHANNELS
        ):
            cue_text = f"{lw} on {words[c + 2]}"
        elif lw in PHRASE_CUES and c + 1 < self.hi:
            cue_text = f"{lw} {low[c + 1]}"  # checked above: the phrase goes on
        k = c - 1
        while k >= lo:
            if (
                low[k] in ("ago", "earlier", "later")
                and k - 2 >= lo
                and (low[k - 1] in TIME_WORDS or low[k - 1] in TIME_UNITS)
                and (low[k - 2] in ("a", "an", "one", "two", "three", "several", "few") or words[k - 2][:1].isdigit())
            ):
                k -= 3  # "Fiorina a month later announced", "Lee two days ago said"
            elif (
                low[k] in SKIP_BEFORE_CUE
                or (low[k].endswith("ly") and low[k].isalpha() and not words[k][:1].isupper() and len(low[k]) > 4)
                or low[k].endswith(("n't", "n’t"))
                and low[k] not in ("isn't", "isn’t", "aren't", "aren’t")
            ):
                k -= 1
            elif low[k] in TIME_NOUNS and self.time_phrase_start(k) < k:
                k = self.time_phrase_start(k) - 1  # "have in the past said", "earlier in the day touted"
            elif (
                low[k] in TIME_WORDS
                and k - 2 >= lo
                and low[k - 1] in TIME_WORDS
                and low[k - 2] in ("on", "last", "this")
            ):
                k -= 1  # "Spicer on Thursday evening said"
            elif low[k] in TIME_WORDS and k - 1 >= lo and low[k - 1] in ("on", "last", "this", "late", "early", "in"):
                k -= 2  # "Smith on Tuesday said", "Smith last week said"
            elif (
                low[k] in TIME_WORDS
                and k - 2 >= lo
                and low[k - 1] in ("past", "next")
                and low[k - 2] in ("this", "the", "last")
            ):
                k -= 3  # "Priebus this past week announced"
            elif low[k] in ("ago", "earlier", "later") and k - 2 >= lo and low[k - 2] in ("a", "weeks", "days"):
                k -= 1
            elif low[k] in WEEKDAYS and k > lo and words[k - 1][:1].isalpha() and low[k - 1] not in NP_BOUNDARY:
                k -= 1  # "The leading candidates Thursday lashed out"
            else:
                break
        if lw in STANCE_ADJECTIVES:
            # "Rivera is confident that ...", "aides were skeptical of ...": a stance with a copula
            if k - 1 < lo or low[k] not in COPULAS:
                return c
            k -= 1
            while k >= lo and (low[k] in SKIP_BEFORE_CUE or low[k] in COPULAS):
                k -= 1
            if k < lo or not words[k][:1].isalpha() or low[k] in NP_BOUNDARY and low[k] not in PRONOUNS:
                return c
            return self.emit_before(k, c, cue_text)
        if lw.endswith("ing") and k - 1 >= lo and low[k] in ("is", "are", "was", "were", "been"):
            # progressive: "Sanders is arguing that", "Trump has been touting"
            k -= 1
            while k >= lo and (low[k] in SKIP_BEFORE_CUE or low[k] in ("been",)):
                k -= 1
            if k < lo or not words[k][:1].isalpha() or low[k] in NP_BOUNDARY and low[k] not in PRONOUNS:
                return c
            return self.emit_before(k, c, cue_text)
        if k >= lo and words[k] == ")":
            # "Rep. Gregory Meeks (D-N.Y.) said": skip the parenthesis
            t = k - 1
            while t > lo and words[t] != "(" and k - t < 12:
                t -= 1
            if words[t] == "(" and t - 1 >= lo and words[t - 1][:1].isalpha():
                k = t - 1
        # passive: "was first reported by MSNBC"
        if k >= lo and low[k] in ("was", "were", "been", "is", "are", "be") and c + 1 < self.hi and low[c + 1] == "by":
            np = self.np_after(c + 2)
            if np is not None:
                self.emit_np(np[0], np[1], cue_text, c, k, after=True, allow_apposition=True)
                return np[1]
            return c
        if c + 1 < self.hi and low[c + 1] == "by" and k >= lo and words[k][:1].isalpha():
            return c  # "the facts reported by the government": a participle, not a cue
        if k < lo:
            # sentence starts with the cue: "Said the mayor: ..." is rare; ignore
            return c
        w = words[k]
        lk = low[k]
        if (
            lw in ("called", "named", "dubbed")
            and c + 1 < self.hi
            and (words[c + 1][:1].isupper() or words[c + 1] in QUOTE_CHARS)
            and w[:1].islower()
            and lk not in PRONOUNS
        ):
            return c  # "a website called Real News": a participle naming something
        if lk in PRONOUNS or lk.split("’")[0].split("'")[0] in PRONOUNS:
            if lk.split("’")[0].split("'")[0] in FIRST_SECOND_PERSON - FIRST_PERSON_SOURCES:
                # "you know": a turn of phrase, not a source
                return c + 1
            self.emit_pronoun(k, cue_text, c)
            return c + 1
        if (lk in QUANTIFIER_HEADS or w[:1].isdigit()) and (lw in SPEECH_CUES or lw == "saying"):
            # "Some said", "six in 10 say", "49 percent say": a share of the people asked
            a = k
            while a - 1 >= lo and k - a < 6 and (low[a - 1] in QUANTIFIERS or words[a - 1][:1].isdigit()):
                a -= 1
            self.add(self.text(a, k + 1), a, k + 1, None, cue_text, c, a, after=False)
            return c + 1
        comma = w == "," or w in CLOSE_QUOTES and k - 1 >= lo and words[k - 1] == ","
        if lw.endswith("ing") and not comma and lk not in ("is", "was", "are", "were", "been", "am"):
            return c  # "the super PAC supporting her": a participle, not a cue
        if lw in PUBLISH_CUES and not any(low[t] in PUBLISHED_THINGS for t in range(c + 1, min(self.hi, c + 6))):
            return c  # "Militants released three hostages": nothing was said
        if lw.startswith("request") and c + 1 < self.hi and low[c + 1] in ("anonymity", "not"):
            return c + 1
        if (lk in ("and", "but") or lw.endswith("ing") and comma) and not self.found:
            # "Carson took the stage and called ...", "Clinton attacked Trump, saying ...":
            # the subject of the sentence
            subj = self.sentence_subject(k)
            if subj is None:
                subj = self.clause_subject(k)
            if subj is not None:
                self.emit_np(subj[0], subj[1], cue_text, c, subj[0], after=False, allow_apposition=False)
                return c + 1
        if (lw.endswith("ing") and comma or lk == "and" or comma and words[c][:1].isupper()) and self.found:
            # "..., X said, adding that ...": the same speaker goes on
            last = self.found[-1]
            self.found.append(
                Attribution(
                    last.speaker, last.speaker_start, last.speaker_end, last.role, cue_text, c, c, False, pronoun=True
                )
            )
            return c + 1
        if lk in RELATIVES and k - 1 >= lo and words[k - 1] == ",":
            ant = self.np_before(k - 2)
            if ant is not None:
                name, role, person = self.name_role(ant[0], ant[1])
                name = self.memory.canonical(name)
                if role is None and name == self.memory.last_any:
                    role = self.memory.last_any_role
                self.memory.remember(name, role, person)
                self.add(name, k, k + 1, role, cue_text, c, k, after=False, pronoun=True)
                return c + 1
            return c
        if lk == "who" and k - 1 >= lo and words[k - 1][:1].isalpha():
            # "critics who say he should ...": a restrictive relative; "who" is the source
            ant = self.np_before(k - 1)
            name = self.text(ant[0], ant[1]) if ant is not None else words[k]
            self.add(name, k, k + 1, None, cue_text, c, k, after=False, pronoun=True)
            return c + 1
        if w == ",":
            # "Scott Goodstein, its chief executive officer, said": the name before the apposition
            subj = self.subject_before_apposition(k)
            if subj is not None:
                self.emit_np(subj[0], subj[1], cue_text, c, subj[0], after=False, allow_apposition=False)
                return c + 1
        if w in DASHES:
            # "Many speakers — including two bishops — said": the subject before the inserted pair
            subj = self.subject_before_dashes(k)
            if subj is not None:
                self.emit_np(subj[0], subj[1], cue_text, c, subj[0], after=False, allow_apposition=False)
                return c + 1
        if w in (",",) or w in CLOSE_QUOTES or w == "—" or w == "'":
            # ", Viacheslav Gladkov, reported" / "the governor ..., X, reported"
            if w == "," and k - 1 >= lo and words[k - 1][:1].isupper():
                a = k - 1
                while a - 1 >= lo and words[a - 1][:1].isupper() and words[a - 1].isalpha() and k - a < 5:
                    a -= 1
                if a - 1 >= lo and words[a - 1] == "," and self.is_name(a, k):
                    role_np = self.np_before(a - 2, long=True)
                    role = self.role_text(role_np[0], role_np[1]) if role_np else None
                    if role_np is not None:
                        self.emit_name(a, k, role, cue_text, c, role_np[0], after=False)
                        return c + 1
            # "the Monitoring Group, which tracks the fighting, reported rebels shot ...":
            # the name before the relative clause speaks; nothing is inverted
            subj = self.subject_before_insert(k, RELATIVES) if w == "," else None
            if subj is not None:
                self.emit_np(subj[0], subj[1], cue_text, c, subj[0], after=False, allow_apposition=False)
                return c + 1
            # inversion: '"...," said X' / '..., announced the head of ..., X'
            if (
                c + 1 < self.hi
                and lw not in ("told", "tells", "telling")
                and not lw.endswith("ing")
                and lw in INVERSION_CUES
            ):
                np = self.np_after(c + 1)
                if np is not None and self.inversion_ok(np[1]):
                    self.emit_np(np[0], np[1], cue_text, c, c, after=True, allow_apposition=True)
                    return np[1]
            # "X, who is leading, said": the subject before an inserted clause
            subj = self.subject_before_insert(k)
            if subj is None and w in (",", "—"):
                subj = self.subject_at_start(k)
            if subj is not None:
                self.emit_np(subj[0], subj[1], cue_text, c, subj[0], after=False, allow_apposition=False)
                return c + 1
            return c
        if (
            lw in NOUN_LIKE
            and not (w[:1].isupper() or lk in ORG_WORDS or lk.endswith("s") or lk in PRONOUNS)
            and lw not in ("said",)
            and not words[k][:1].isupper()
        ):
            return c  # a generic cue word needs a clear subject
        np = self.np_before(k)
        if np is None:
            return c
        if lw in NOUN_LIKE and low[np[0]] in DETERMINERS and np[0] - 1 >= lo and low[np[0] - 1] in NOUN_PHRASE_PREPS:
            return c  # "said in a Telegram post": a noun inside a phrase, not a cue
        np = self.skip_inserted_phrase(np)
        self.emit_np(np[0], np[1], cue_text, c, np[0], after=False, allow_apposition=False)
        return c + 1

    def emit_before(self, k: int, c: int, cue_text: str) -> int:
        """The subject ending at token ``k`` (a pronoun or a noun phrase) speaks."""
        lk = self.low[k]
        if lk in PRONOUNS:
            if lk in FIRST_SECOND_PERSON:
                return c + 1
            self.emit_pronoun(k, cue_text, c)
            return c + 1
        np = self.np_before(k)
        if np is None:
            return c
        self.emit_np(np[0], np[1], cue_text, c, np[0], after=False, allow_apposition=False)
        return c + 1

    def skip_inserted_phrase(self, np: tuple[int, int]) -> tuple[int, int]:
        """ "Trump in his announcement speech called", "Sanders during a rally thanked": a
        phrase between the subject and its cue; the name before the preposition speaks."""
        words, low, lo = self.words, self.low, self.lo
        a = np[0]
        if (
            a - 2 >= lo
            and low[a] in ("his", "her", "their", "its", "a", "an")
            and low[a - 1] in INSERTED_PREPS
            and (
                low[a - 2] in ("he", "she", "they")
                or words[a - 2][:1].isupper()
                and words[a - 2].isalpha()
                and low[a - 2] not in NP_BOUNDARY
            )
        ):
            if low[a - 2] in PRONOUNS:
                return a - 2, a - 1
            subj = self.np_before(a - 2)
            if subj is not None:
                return subj
        return np

    def inversion_ok(self, b: int) -> bool:
        """After an inverted speaker comes the end, a comma, or a channel/time phrase."""
        if b >= self.hi:
            return True
        w = self.low[b]
        return (
            w
            in (
                ",",
                ".",
                ";",
                ":",
                "—",
                "(",
                ")",
                "!",
                "?",
                "on",
                "in",
                "at",
                "via",
                "during",
                "who",
                "late",
                "earlier",
                "last",
                "this",
                "yesterday",
                "today",
                "after",
                "to",
                "told",
                "with",
                "”",
                '"',
            )
            or w in CHANNELS
        )
