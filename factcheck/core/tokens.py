"""One regex pass that cuts a document into tokens with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words (with inner apostrophes: O'Malley, Russia's), numbers (with thousands
# separators, decimals or an exponent), newlines (sentence evidence), then any
# single other character.
# Every alternative consumes at least one character and none can backtrack
# more than linearly, so tokenising is O(n).
TOKEN_RE = re.compile(
    # plain ASCII words first: the Unicode letter class is several times slower
    r"[A-Za-z]+(?:['’][A-Za-z]+)*(?![^\W\d_])"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"
    r"|\d+(?:[.,]\d+)*(?:[eE][-+]?\d+(?!\w))?"
    r"|\n"
    r"|[^\s\w]|_"
)


@dataclass(slots=True)
class Tokens:
    """Parallel arrays: the token text, its lower-case form, start and end offsets."""

    text: list[str]
    low: list[str]
    start: list[int]
    end: list[int]

    def __len__(self) -> int:
        return len(self.text)


def tokenize(text: str) -> Tokens:
    """Tokenise ``text``.

    >>> tokenize("Mr. Klitschko said 2,000.").text
    ['Mr', '.', 'Klitschko', 'said', '2,000', '.']
    """
    matches = list(TOKEN_RE.finditer(text))
    words = [m.group() for m in matches]
    return Tokens(words, [w.lower() for w in words], [m.start() for m in matches], [m.end() for m in matches])


def title_cased(words: list[str], lo: int, hi: int, max_words: int | None = None) -> bool:
    """Are ``words[lo:hi]`` a headline in title case ("Up To 5 May Be Missing")? There a
    capital tells a name from a word no more than lower case does.

    >>> title_cased("Up To 5 May Be Missing".split(), 0, 6), title_cased("Up to 5 may be".split(), 0, 5)
    (True, False)
    """
    alpha = [w for w in words[lo:hi] if w[:1].isalpha()]
    caps = sum(1 for w in alpha if w[:1].isupper())
    return len(alpha) >= 3 and caps >= 0.8 * len(alpha) and (max_words is None or len(alpha) <= max_words)


def is_cap(word: str) -> bool:
    """A capitalised word (proper-noun evidence)."""
    return word[:1].isupper()


def singular(token: str) -> str:
    """Crude English singular, good enough to compare words: "watches" -> "watch", "cities" -> "city".

    >>> [singular(w) for w in ("watches", "cities", "lines", "bus", "gas")]
    ['watch', 'city', 'line', 'bus', 'gas']
    """
    if len(token) <= 3 or not token.endswith("s") or token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("ches", "shes", "xes", "zes")):
        return token[:-2]
    return token[:-1]


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, as a set: how word tables are written.

    >>> sorted(word_set("said says  told"))
    ['said', 'says', 'told']
    """
    return frozenset(text.split())
