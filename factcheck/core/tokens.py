"""One regex pass that cuts a document into tokens with character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: newline first (sentence evidence), then numbers (with their
# thousands separators and decimals, or scientific notation), then words (with
# inner apostrophes: O'Malley, Russia's), then any single other character.
# Every alternative consumes at least one character and none can backtrack
# more than linearly, so tokenising is O(n).
TOKEN_RE = re.compile(
    r"\n"
    r"|\d+(?:\.\d+)?[eE][-+]?\d+(?![\w])"
    r"|\d+(?:[.,]\d+)*"
    r"|[^\W\d_]+(?:['’][^\W\d_]+)*"
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
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in TOKEN_RE.finditer(text):
        words.append(m.group())
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(words, [w.lower() for w in words], starts, ends)


def is_cap(word: str) -> bool:
    """A capitalised word (proper-noun evidence)."""
    return word[:1].isupper()


def is_alpha(word: str) -> bool:
    return word.isalpha()
