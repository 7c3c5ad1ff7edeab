"""Copies at article level: near-duplicates and republished passages (pure).

An article is a *copy* of an earlier one when most of the smaller one's word
5-shingles appear in the other (``copy_threshold`` of
:class:`~factcheck.core.stories.StoryConfig`): a wire story lightly rewritten
(a few words changed, a paragraph added or cut) stays above it, two different
articles sharing one quoted sentence stay far below it. Every link points at
the earliest article of its copy group (undated after dated, ties by lowest
id), so a chain of copies has one origin.

Bounded work: candidates come from datasketch's MinHash LSH and only
*representatives* are indexed: an article that matched is indexed too only
when it brings new text (less than ``copy_novelty`` of it is in its match).
2,000 republications of one live blog are then 2,000 queries against one
representative, not 2,000^2 comparisons; at most ``copy_max_candidates``
exact intersections are made per article.

For the app, :func:`copy_signature` gives a compact per-article signature
(a JSON list of ints: the shingle count then the MinHash values) and
:func:`match_copy` checks one new article against the stored signatures of
its story's articles, with the containment estimated from the MinHashes.

>>> wire = "The storm reached the coast on Monday night and cut power to forty thousand homes in the region."
>>> local = wire + " Schools will stay closed on Tuesday, the mayor said."
>>> other = "A new bridge opened on Monday night in the region after three years of work by the city."
>>> [(c.origin_id, c.copy_id, round(c.containment, 2)) for c in find_copies(
...     [ArticleText(1, wire), ArticleText(2, local), ArticleText(3, other)])]
[(1, 2, 0.61)]
"""

from __future__ import annotations

import functools
import itertools
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from .stories import (
    DEFAULT_STORY_CONFIG,
    UNSPACED_RE,
    WORD_RE,
    ArticleText,
    StoryConfig,
    WorkStats,
    fold,
    publication_order,
)


@dataclass(frozen=True, slots=True)
class CopyLink:
    """``copy_id`` copies ``origin_id``, the earliest article of its copy group.

    ``containment`` is the share of the copy's shingles found in the origin;
    ``via_id`` is the article the copy actually matched (the origin, unless the
    copy reached it through a chain: then the containment in the origin can be
    lower than ``copy_threshold``).
    """

    origin_id: int
    copy_id: int
    containment: float
    via_id: int


Shingles = npt.NDArray[np.uint32]
_PRIME = np.uint64(1_000_003)


def shingles(text: str, config: StoryConfig = DEFAULT_STORY_CONFIG) -> Shingles:
    """Hashed word ``shingle_words``-grams of ``text``: sorted unique 32-bit ints.

    Words are casefolded with accents off, stop words kept (they are part of
    the wording a copy keeps); characters of scripts written without spaces
    count as words. A text shorter than one shingle is one shingle.

    >>> len(shingles("one two three four five six")), len(shingles("Breaking news")), len(shingles(""))
    (2, 1, 0)
    """
    hashes = list(itertools.chain.from_iterable(map(_word_hashes, WORD_RE.findall(text[: config.max_chars]))))
    if not hashes:
        return np.zeros(0, dtype=np.uint32)
    words = np.array(hashes, dtype=np.uint64)
    k = min(config.shingle_words, len(words))
    # a polynomial hash of k consecutive word hashes, wrapping in 64 bits
    acc = words[: len(words) - k + 1].copy()
    for j in range(1, k):
        acc = acc * _PRIME + words[j : len(words) - k + 1 + j]
    folded = (acc ^ (acc >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return np.unique(folded.astype(np.uint32))


@functools.lru_cache(maxsize=1 << 18)
def _word_hashes(raw: str) -> tuple[int, ...]:
    if UNSPACED_RE.search(raw):
        return tuple(zlib.crc32(c.encode("utf-8")) for c in raw.casefold())
    return (zlib.crc32(fold(raw).encode("utf-8")),)


def _shared(a: Shingles, b: Shingles) -> int:
    return int(np.intersect1d(a, b, assume_unique=True).size)


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> Any:
    # generating the permutations costs more than hashing a short article: make them once
    return MinHash(num_perm=num_perm, seed=seed).permutations


def _minhash(hashed: Shingles, config: StoryConfig) -> Any:
    mh = MinHash(
        num_perm=config.copy_num_perm,
        seed=config.copy_seed,
        hashfunc=int,  # the shingles are hashed already; int() is a C call, unlike a lambda
        permutations=_permutations(config.copy_num_perm, config.copy_seed),
        scheme="affine32",
    )
    mh.update_batch(hashed.tolist())
    return mh


def _is_copy(shared: int, size_a: int, size_b: int, config: StoryConfig) -> bool:
    smaller = min(size_a, size_b)
    return smaller > 0 and shared >= min(config.copy_min_shared, smaller) and shared >= config.copy_threshold * smaller


def find_copies(
    articles: Sequence[ArticleText],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
    stats: WorkStats | None = None,
) -> list[CopyLink]:
    """Copy links among ``articles``, in publication order of the copies."""
    ordered = sorted(articles, key=lambda a: publication_order(a.published, a.id))
    position = {a.id: k for k, a in enumerate(ordered)}
    lsh = MinHashLSH(threshold=config.copy_lsh_threshold, num_perm=config.copy_num_perm)
    indexed: dict[int, tuple[Shingles, Any]] = {}  # representative id -> (shingles, minhash)
    origin_of: dict[int, int] = {}
    links: list[CopyLink] = []
    for article in ordered:
        own = shingles(article.text, config)
        if not len(own) or article.id in origin_of:  # nothing to compare, or an id seen already
            continue
        mh = _minhash(own, config)
        found = [key for key in lsh.query(mh) if key != article.id]
        found.sort(key=lambda key: (-float(mh.jaccard(indexed[key][1])), position[key]))
        best: int | None = None
        best_key = (-1.0, 0)
        for key in found[: config.copy_max_candidates]:
            theirs = indexed[key][0]
            shared = _shared(own, theirs)
            if stats is not None:
                stats.containment_checks += 1
            if _is_copy(shared, len(own), len(theirs), config):
                candidate = (shared / len(own), -position[key])
                if candidate > best_key:
                    best, best_key = key, candidate
        if best is None:
            origin_of[article.id] = article.id
            indexed[article.id] = (own, mh)
            lsh.insert(article.id, mh)
            continue
        origin = origin_of[best]
        origin_shingles = indexed[origin][0]
        links.append(CopyLink(origin, article.id, _shared(own, origin_shingles) / len(own), best))
        origin_of[article.id] = origin
        if best_key[0] < config.copy_novelty:
            # it brings new text: later copies of that part must be able to find it
            indexed[article.id] = (own, mh)
            lsh.insert(article.id, mh)
    return links


def copy_signature(text: str, config: StoryConfig = DEFAULT_STORY_CONFIG) -> list[int]:
    """A compact signature to store per article: ``[shingle count, *MinHash values]``.

    >>> sig = copy_signature("The storm reached the coast on Monday night.")
    >>> (sig[0], len(sig))
    (4, 129)
    >>> copy_signature("")
    [0]
    """
    own = shingles(text, config)
    if not len(own):
        return [0]
    return [len(own), *(int(h) for h in _minhash(own, config).hashvalues)]


def estimate_containment(copy: Sequence[int], origin: Sequence[int]) -> float:
    """Estimated share of ``copy``'s shingles found in ``origin``, from two signatures.

    From the MinHash Jaccard estimate J and the set sizes: |A & B| = J (|A| + |B|) / (1 + J).

    >>> a = copy_signature("The storm reached the coast on Monday night and cut power to homes.")
    >>> estimate_containment(a, a), estimate_containment(a, [0])
    (1.0, 0.0)
    """
    if not copy or not origin or copy[0] <= 0 or origin[0] <= 0 or len(copy) != len(origin) or len(copy) < 2:
        return 0.0
    jaccard = float(np.mean(np.asarray(copy[1:]) == np.asarray(origin[1:])))
    shared = jaccard * (copy[0] + origin[0]) / (1.0 + jaccard)
    return min(1.0, shared / copy[0])


class SignaturePool:
    """Stored copy signatures, newest first, checked against an arriving one all at once.

    The same figures as :func:`estimate_containment` both ways round, pair by pair, from
    one array comparison per arriving article instead of two Python-level ones per pair.

    >>> a = copy_signature("The storm reached the coast on Monday night and cut power to homes.")
    >>> pool = SignaturePool(len(a))
    >>> pool.push(a); pool.push([0])
    >>> pool.containments(a).tolist()
    [0.0, 1.0]
    """

    def __init__(self, width: int) -> None:
        self.width = width  # the shingle count and the MinHash values
        self._rows = np.zeros((0, width), dtype=np.uint64)

    def __len__(self) -> int:
        return len(self._rows)

    def push(self, signature: Sequence[int]) -> None:
        """Add ``signature`` as the newest (one that cannot be compared is a row matching nothing)."""
        row = np.zeros((1, self.width), dtype=np.uint64)
        if len(signature) == self.width and signature[0] > 0:
            row[0] = signature
        self._rows = np.vstack([row, self._rows])

    def extend_oldest(self, signatures: Iterable[Sequence[int]]) -> None:
        """Add ``signatures`` (newest first) below those already held."""
        rows = [s if len(s) == self.width and s[0] > 0 else [0] * self.width for s in signatures]
        if rows:
            self._rows = np.vstack([self._rows, np.asarray(rows, dtype=np.uint64)])

    def containments(self, signature: Sequence[int], limit: int | None = None) -> np.ndarray:
        """For each held signature (newest first, the first ``limit``): the larger estimated
        containment of either article in the other; 0 where either cannot be compared."""
        rows = self._rows[:limit]
        if len(signature) != self.width or signature[0] <= 0 or self.width < 2 or not len(rows):
            return np.zeros(len(rows))
        mine = np.asarray(signature, dtype=np.uint64)
        jaccard = (rows[:, 1:] == mine[1:]).mean(axis=1)
        theirs = rows[:, 0].astype(float)
        shared = jaccard * (float(mine[0]) + theirs) / (1.0 + jaccard)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.minimum(1.0, np.maximum(shared / float(mine[0]), np.where(theirs > 0, shared / theirs, 0.0)))
        return np.where(theirs > 0, out, 0.0)


def match_copy(
    article_id: int,
    signature: Sequence[int],
    published: datetime | None,
    stored: Iterable[tuple[int, Sequence[int], datetime | None]],
    config: StoryConfig = DEFAULT_STORY_CONFIG,
) -> CopyLink | None:
    """Check one new article against stored ``(id, signature, published)`` of earlier articles.

    Returns a link to the best-matching earlier article (highest estimated
    containment, then the earliest), or None. ``origin_id`` is that article:
    when the app has it recorded as a copy itself, it follows its origin so
    that chains keep one origin.

    >>> text = "The storm reached the coast on Monday night and cut power to forty thousand homes."
    >>> match_copy(2, copy_signature(text + " More soon."), None, [(1, copy_signature(text), None)])
    CopyLink(origin_id=1, copy_id=2, containment=0.8..., via_id=1)
    """
    mine = publication_order(published, article_id)
    best: CopyLink | None = None
    best_key: tuple[float, tuple[bool, float, int]] | None = None
    for other_id, other_sig, other_published in stored:
        theirs = publication_order(other_published, other_id)
        if other_id == article_id or theirs > mine or not signature or not other_sig:
            continue
        contained = estimate_containment(signature, other_sig)
        shared = contained * signature[0]
        if not _is_copy(round(shared), signature[0], other_sig[0], config):
            continue
        key = (-contained, theirs)
        if best_key is None or key < best_key:
            best, best_key = CopyLink(other_id, article_id, contained, other_id), key
    return best
