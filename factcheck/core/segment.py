"""Sentences (and their clauses) with character offsets, from tokens.

Rules rather than a model: a sentence ends at ``.``/``!``/``?``/``…`` unless
the period closes an abbreviation (Mr., Gen., Jan. 5) or an initial (J. K.),
or the stop sits inside brackets "(…)"; closing quotes and brackets stay with
their sentence; every newline ends a sentence, so headlines, bylines and list
items without final punctuation stand alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import Tokens, tokenize

# Abbreviations after which a period never ends a sentence (titles, before a name).
TITLE_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "adm",
        "maj",
        "cmdr",
        "prof",
        "rev",
        "st",
        "mt",
        "ft",
        "pres",
        "supt",
        "insp",
        "cpl",
        "pvt",
        "brig",
        "messrs",
        "hon",
        "gens",
        "sens",
        "reps",
        "fr",
        "sr",
        "sra",
    ]
)
# Abbreviations after which a period ends a sentence only before a capitalised word
# that usually starts one.
SOFT_ABBREVIATIONS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "jr",
        "e",
        "g",
        "i",
        "ie",
        "eg",
        "al",
        "approx",
        "est",
        "dept",
        "univ",
        "assn",
        "bros",
        "govt",
        "min",
        "max",
        "fig",
        "vol",
        "op",
    ]
)
MONTH_ABBREVIATIONS = frozenset(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos"]
)
SENTENCE_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "but",
        "and",
        "in",
        "on",
        "at",
        "for",
        "after",
        "before",
        "when",
        "while",
        "as",
        "if",
        "there",
        "here",
        "some",
        "many",
        "most",
        "one",
        "two",
        "three",
        "meanwhile",
        "however",
        "yet",
        "so",
        "according",
        "earlier",
        "later",
        "during",
        "since",
    ]
)
TERMINALS = frozenset(".!?…")
QUOTE_ENDS = frozenset(("”", '"', "'", "’", "»"))
SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "asked",
        "asks",
        "added",
        "adds",
        "wrote",
        "writes",
        "explained",
        "noted",
        "continued",
        "recalled",
        "replied",
        "responded",
        "insisted",
        "argued",
        "declared",
        "announced",
        "stated",
        "tweeted",
        "warned",
        "shouted",
        "yelled",
        "concluded",
        "joked",
        "laughed",
        "exclaimed",
        "answered",
        "observed",
        "remarked",
    ]
)
CLOSERS = frozenset("”\"’')]»")
OPEN_BRACKETS = frozenset("([{")
CLOSE_BRACKETS = frozenset(")]}")
OPEN_QUOTES = frozenset("“«")
CLOSE_QUOTES = frozenset("”»")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: character span plus its token range ``[lo, hi)``.

    ``in_quote`` is true when the sentence starts inside a quotation opened by
    an earlier sentence (quotes spanning sentences).
    """

    start: int
    end: int
    lo: int
    hi: int
    in_quote: bool = False
    paragraph: int = 0


def split_sentences(text: str, max_chars: int = 3000) -> list[Sentence]:
    """Split ``text`` into sentences.

    >>> text = "Mr. Li spoke. He left."
    >>> [text[s.start:s.end] for s in split_sentences(text)]
    ['Mr. Li spoke.', 'He left.']
    """
    return sentences_from_tokens(tokenize(text), max_chars)


def sentences_from_tokens(toks: Tokens, max_chars: int = 3000) -> list[Sentence]:
    words, low, starts, ends = toks.text, toks.low, toks.start, toks.end
    n = len(words)
    out: list[Sentence] = []
    lo = 0
    depth = 0
    in_quote = False
    quote_at_start = False
    paragraph = 0
    newlines = 0

    def emit(a: int, b: int) -> None:
        # drop leading/trailing newline tokens
        while a < b and words[a] == "\n":
            a += 1
        while b > a and words[b - 1] == "\n":
            b -= 1
        if a < b:
            out.append(Sentence(starts[a], ends[b - 1], a, b, quote_at_start, paragraph))

    # only punctuation and newlines can end a sentence: visit just those tokens
    specials = [t for t, w in enumerate(words) if len(w) == 1 and not w.isalnum()]
    pos = 0
    for i in specials:
        if i < pos:
            continue
        w = words[i]
        if w == "\n":
            emit(lo, i)
            newlines += 1
            j = i + 1
            while j < n and words[j] == "\n":
                newlines += 1
                j += 1
            if newlines >= 2 or j < n and words[j] in ("“", '"') and words[i - 1 : i] != [","]:
                paragraph += 1
                in_quote = False  # an unclosed quote does not leak past a paragraph
            newlines = 0
            depth = 0
            lo = j
            quote_at_start = in_quote
            pos = j
            continue
        c = w
        if c:
            if c in OPEN_BRACKETS:
                depth += 1
            elif c in CLOSE_BRACKETS:
                depth = max(0, depth - 1)
            elif c in OPEN_QUOTES:
                in_quote = True
            elif c in CLOSE_QUOTES:
                in_quote = False
            elif c == '"':
                in_quote = not in_quote
            elif c == "'" and i + 1 < n and words[i + 1] == "'" and starts[i + 1] == ends[i]:
                in_quote = not in_quote  # a doubled apostrophe as a quotation mark: ''...''
                pos = i + 2
        too_long = starts[i] - starts[lo] > max_chars if lo < n else False
        if c and c in TERMINALS and (depth == 0 or too_long):
            # absorb repeated terminals and closing quotes/brackets
            j = i + 1
            while (
                j < n
                and len(words[j]) == 1
                and (
                    words[j] in TERMINALS
                    or words[j] in CLOSERS
                    and (
                        words[j] not in ('"', "'")
                        or starts[j] == ends[j - 1]
                        # a spaced straight quote closes the open quotation ('... final. "'),
                        # it does not start the next sentence on its own
                        or (words[j] == '"' and in_quote and _closes_here(words, starts, ends, j, n))
                    )
                )
            ):
                if words[j] in CLOSE_QUOTES or words[j] == '"' or words[j] == "'" and words[j - 1] == "'":
                    in_quote = False
                elif words[j] in CLOSE_BRACKETS:
                    depth = max(0, depth - 1)
                j += 1
            if _is_boundary(words, low, starts, ends, i, j, n) or too_long:
                emit(lo, j)
                lo = j
                quote_at_start = in_quote
            pos = j
            continue
        if too_long and i > lo and words[i] in (",", ";", ":"):
            emit(lo, i + 1)
            lo = i + 1
            quote_at_start = in_quote
    emit(lo, n)
    return out


def _closes_here(words: list[str], starts: list[int], ends: list[int], j: int, n: int) -> bool:
    """Does the spaced ``"`` at ``j``, inside a quotation, close it? Yes unless it is glued
    to the word after it, which it then opens ('... over. "Next' is a new quotation).

    >>> [t for t in ('"It is over. " he said.', 'She said "it is over. "')
    ...  if len(split_sentences(t)) == 1]
    ['"It is over. " he said.', 'She said "it is over. "']
    """
    if j + 1 >= n or words[j + 1] == "\n" or starts[j + 1] > ends[j]:
        return True
    return not words[j + 1][:1].isalnum()


def _is_boundary(words: list[str], low: list[str], starts: list[int], ends: list[int], i: int, j: int, n: int) -> bool:
    """Does the terminal at token ``i`` (punctuation run ending at ``j``) end a sentence?"""
    if j >= n or words[j] == "\n":
        return True
    nxt = words[j]
    if any(words[t] in QUOTE_ENDS for t in range(i + 1, j)):
        # '..." he said.' / '...?” asked Eric Trump.' : the quote's sentence goes on
        if nxt[:1].islower():
            return False
        for t in range(j, min(n, j + 6)):
            if low[t] in SPEECH_VERBS:
                return not (
                    t + 1 >= n or words[t + 1] in (".", ",", "\n", "!", "?") or low[t + 1] in ("on", "in", "at")
                )
            if words[t] in (".", ",", "\n", ";", "“", '"'):
                break
    if words[i] != ".":
        # "!" / "?" inside a quote followed by a lower-case cue ("...!” denounced X")
        return not (words[j - 1] in CLOSERS and nxt[:1].islower())
    if i == 0:
        return True
    prev = words[i - 1]
    prev_low = low[i - 1]
    attached = ends[i - 1] == starts[i]
    if attached and prev.isalpha():
        if prev_low in TITLE_ABBREVIATIONS:
            return False
        if len(prev) == 1:
            # initials (J. K. Rowling) and acronyms (U.S.): end only before a typical starter,
            # never inside an acronym ("F.A.A.", where "A" is glued to the period)
            if starts[j] == ends[j - 1]:
                return False
            return bool(nxt[:1].isupper() and low[j] in SENTENCE_STARTERS)
        if prev_low in SOFT_ABBREVIATIONS:
            if nxt[:1].isdigit() and prev_low in MONTH_ABBREVIATIONS:
                return False
            return nxt[:1].isupper() and low[j] in SENTENCE_STARTERS
    if nxt[:1].isdigit() and prev[:1].isdigit():
        return True
    return True


def paragraph_ranges(sentences: list[Sentence]) -> list[tuple[int, int]]:
    """Index ranges of sentences belonging to each paragraph."""
    out: list[tuple[int, int]] = []
    a = 0
    for k in range(1, len(sentences) + 1):
        if k == len(sentences) or sentences[k].paragraph != sentences[a].paragraph:
            out.append((a, k))
            a = k
    return out
