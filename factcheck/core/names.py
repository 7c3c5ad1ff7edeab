"""Names: normalisation, transliteration skeletons and alias resolution of places and speakers.

One place or one speaker is spelt many ways across outlets ("Kiev" and
"Kyiv", "Klitschko" and "Klychko"). :class:`AliasResolver` maps every
spelling to one canonical key through an alias table, fuzzy similarity and a
consonant skeleton; :func:`place_resolver` and :func:`speaker_resolver` build
the two resolvers a :class:`~factcheck.core.match_config.MatchConfig` describes.

>>> speakers = speaker_resolver()
>>> speakers.resolve_all(["Vitali Klitschko", "Vitali Klitschko"])
>>> place_resolver().resolve("Kiev"), speakers.resolve("Vitaliy Klychko"), speakers.resolve("Klychko")
('kyiv', 'vitali klitschko', 'vitali klitschko')
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rapidfuzz import fuzz, process

from factcheck.core.match_config import DEFAULT_CONFIG, MatchConfig

# Well-known exonyms and transliterations. Keys and values are normalised on
# use; a deployment adds its own through MatchConfig.place_aliases.
PLACE_ALIASES: Mapping[str, str] = {
    "kiev": "kyiv",
    "kyyiv": "kyiv",
    "kharkov": "kharkiv",
    "odessa": "odesa",
    "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv",
    "zaporozhye": "zaporizhzhia",
    "zaporozhe": "zaporizhzhia",
    "zaporizhia": "zaporizhzhia",
    "dnepr": "dnipro",
    "dnepropetrovsk": "dnipro",
    "dnipropetrovsk": "dnipro",
    "lvov": "lviv",
    "lwow": "lviv",
    "lemberg": "lviv",
    "chernigov": "chernihiv",
    "rovno": "rivne",
    "lugansk": "luhansk",
    "artemovsk": "bakhmut",
    "artemivsk": "bakhmut",
    "kirovograd": "kropyvnytskyi",
    "bombay": "mumbai",
    "calcutta": "kolkata",
    "madras": "chennai",
    "peking": "beijing",
    "rangoon": "yangon",
}


# People's other spellings are data, not code: the app hands over the Speaker model's
# aliases in MatchConfig.speaker_aliases (transliterations are still caught by skeletons).
SPEAKER_ALIASES: Mapping[str, str] = {}


# Words that name an office or a body, not a person: a bare "Ministry" must
# not be read as the surname of "Russian Defence Ministry".
_NOT_SURNAMES = frozenset(
    {
        "ministry",
        "military",
        "army",
        "police",
        "government",
        "office",
        "council",
        "authorities",
        "administration",
        "service",
        "forces",
        "command",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "mayor",
        "governor",
        "minister",
        "officials",
        "agency",
        "committee",
        "department",
        "kremlin",
        "statement",
    }
)


_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"})
_APOSTROPHES = re.compile(r"['’`ʼ]")
_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """Casefold, strip diacritics, punctuation and the article "the".

    >>> normalise_name("The  Ukrainian Military"), normalise_name("Lwów"), normalise_name("al-Budairi")
    ('ukrainian military', 'lwow', 'al budairi')
    """
    text = name.casefold().translate(_FOLD)
    if not text.isascii():  # NFKD leaves ASCII as it is; most names are ASCII
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text))
    return " ".join(token for token in text.split() if token != "the")


# Order matters: longer clusters first. The result is only ever compared for
# equality, and only together with a plain-similarity floor.
_SKELETON_RULES = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "j"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("h", "g"),
    ("j", "y"),
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"([^\W\d_])\1+")


@functools.lru_cache(maxsize=1 << 16)
def skeleton(normalised: str) -> str:
    """A transliteration-blind key: consonant skeleton of each token.

    >>> skeleton("klitschko"), skeleton("klychko"), skeleton("al budairi"), skeleton("al badri")
    ('klk', 'klk', 'l bdr', 'l bdr')
    """
    tokens = []
    for token in normalised.split():
        for old, new in _SKELETON_RULES:
            token = token.replace(old, new)
        token = _DOUBLES.sub(r"\1", _VOWELS.sub("", token))
        if token:
            tokens.append(token)
    return " ".join(tokens)


_DIGITS = re.compile(r"\d+")


def _digits(normalised: str) -> str:
    return " ".join(_DIGITS.findall(normalised))


class AliasResolver:
    """Map spellings of one name to one canonical key, fuzzily and cached.

    Each distinct string is resolved once: alias table first, then the
    closest name seen so far (``rapidfuzz.process.extractOne`` with
    ``score_cutoff``), then a transliteration skeleton. A name that matches
    nothing becomes canonical itself. ``resolve_all`` resolves a batch in a
    fixed order (most frequent spelling first, then alphabetical), so the
    result does not depend on input order.

    >>> places = AliasResolver(PLACE_ALIASES)
    >>> [places.resolve(n) for n in ("Kyiv", "kyiv", "Kiev", "Kharkov", "Kharkiv")]
    ['kyiv', 'kyiv', 'kyiv', 'kharkiv', 'kharkiv']
    """

    def __init__(
        self,
        aliases: Mapping[str, str] | None = None,
        cutoff: float = 85.0,
        *,
        token_order_free: bool = False,
        floor: float = 70.0,
        surnames: bool = False,
    ) -> None:
        self.cutoff = cutoff
        self.floor = floor
        self._scorer: Callable[..., float] = fuzz.token_sort_ratio if token_order_free else fuzz.ratio
        self._surnames = surnames
        self._raw: dict[str, str] = {}
        self._norm: dict[str, str] = {}
        # Fuzzy candidates, split by the digits in the name: "District 9" and
        # "District 19" are close strings but never the same place.
        self._choices: dict[str, tuple[list[str], list[str]]] = {}
        self._skeletons: dict[str, str] = {}
        self._last_tokens: dict[str, str] = {}
        self._single_tokens: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        for key, target in sorted((aliases or {}).items()):
            nkey, ntarget = normalise_name(key), normalise_name(target)
            if nkey and ntarget:
                self._alias[nkey] = ntarget
        for nkey, ntarget in sorted(self._alias.items()):
            if ntarget not in self._norm:
                self._norm[ntarget] = ntarget
                self._register(ntarget)
            self._add_choice(nkey, ntarget)

    def __len__(self) -> int:
        return len(self._norm)

    def fresh_copy(self) -> AliasResolver:
        """An independent resolver in this one's state: what one learns the other never sees.

        Building from the alias table normalises every entry; copying its result is far cheaper.
        """
        twin = object.__new__(AliasResolver)
        twin.cutoff, twin.floor, twin._scorer, twin._surnames = self.cutoff, self.floor, self._scorer, self._surnames
        twin._alias = self._alias  # never changed after __init__
        twin._raw, twin._norm = dict(self._raw), dict(self._norm)
        twin._choices = {digits: (list(c), list(t)) for digits, (c, t) in self._choices.items()}
        twin._skeletons, twin._last_tokens = dict(self._skeletons), dict(self._last_tokens)
        twin._single_tokens = dict(self._single_tokens)
        return twin

    def resolve(self, name: str | None) -> str:
        """Canonical key for ``name``; ``""`` for a missing or empty name."""
        if not name:
            return ""
        hit = self._raw.get(name)
        if hit is None:
            hit = self._raw[name] = self._resolve_normalised(normalise_name(name))
        return hit

    def resolve_all(self, names: Iterable[str | None]) -> None:
        """Resolve a batch, most frequent spelling first, so order of input does not matter."""
        counts: Counter[str] = Counter()
        raws: dict[str, str] = {}
        for name, count in Counter(n for n in names if n).items():
            if name in self._raw:
                continue
            norm = raws[name] = normalise_name(name)
            counts[norm] += count
        for norm, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            self._resolve_normalised(norm)
        for name, norm in raws.items():
            self._raw[name] = self._norm[norm] if norm else ""

    def mapping(self, names: Iterable[str | None]) -> dict[str, str]:
        """Normalised spelling -> canonical key for ``names`` (already resolved ones)."""
        out: dict[str, str] = {}
        for name in names:
            if name:
                norm = normalise_name(name)
                if norm:
                    out[norm] = self._resolve_normalised(norm)
        return out

    def _resolve_normalised(self, norm: str) -> str:
        if not norm:
            return ""
        hit = self._norm.get(norm)
        if hit is not None:
            return hit
        canonical = self._alias.get(norm) or self._fuzzy(norm) or norm
        if canonical not in self._norm:
            self._norm[canonical] = canonical
            self._register(canonical)
        self._norm[norm] = canonical
        if canonical != norm:
            # Later variants can match this spelling too ("Kharkov" -> "Kharkow").
            self._add_choice(norm, canonical)
        return canonical

    def _add_choice(self, spelling: str, canonical: str) -> None:
        choices, targets = self._choices.setdefault(_digits(spelling), ([], []))
        choices.append(spelling)
        targets.append(canonical)

    def _register(self, canonical: str) -> None:
        self._add_choice(canonical, canonical)
        sk = skeleton(canonical)
        self._skeletons.setdefault(sk, canonical)
        if self._surnames and canonical.split()[-1] not in _NOT_SURNAMES:
            tokens = sk.split()
            if len(tokens) == 1:
                self._single_tokens.setdefault(tokens[0], canonical)
            elif tokens:
                self._last_tokens.setdefault(tokens[-1], canonical)

    def _fuzzy(self, norm: str) -> str | None:
        choices, targets = self._choices.get(_digits(norm), ((), ()))
        if choices:
            match = process.extractOne(norm, choices, scorer=self._scorer, score_cutoff=self.cutoff)
            if match is not None:
                return targets[match[2]]
        sk = skeleton(norm)
        if len(sk.replace(" ", "")) >= 3:
            candidate = self._skeletons.get(sk)
            if candidate is not None and self._scorer(norm, candidate) >= self.floor:
                return candidate
        if self._surnames and norm.split()[-1] not in _NOT_SURNAMES:
            tokens = sk.split()
            if tokens and len(tokens[-1]) >= 3:
                if len(tokens) == 1:
                    return self._last_tokens.get(tokens[0])
                return self._single_tokens.get(tokens[-1])
        return None


def place_resolver(config: MatchConfig = DEFAULT_CONFIG) -> AliasResolver:
    """The place resolver a config describes: built-in exonyms plus ``config.place_aliases``.

    Each call gives a resolver of its own (resolvers learn spellings as they go).
    """
    aliases = {**(PLACE_ALIASES if config.builtin_aliases else {}), **config.place_aliases}
    return _fresh_resolver(aliases, config.place_alias_cutoff, config.transliteration_floor, False)


def speaker_resolver(config: MatchConfig = DEFAULT_CONFIG) -> AliasResolver:
    """Speakers: order-free token similarity, skeletons, and bare surnames ("Klitschko")."""
    aliases = {**(SPEAKER_ALIASES if config.builtin_aliases else {}), **config.speaker_aliases}
    return _fresh_resolver(aliases, config.speaker_alias_cutoff, config.transliteration_floor, True)


# Untouched resolvers by what built them; a call copies one instead of normalising its table again.
_PROTOTYPES: dict[tuple[Any, ...], AliasResolver] = {}
_MAX_PROTOTYPES = 16


def _fresh_resolver(aliases: dict[str, str], cutoff: float, floor: float, people: bool) -> AliasResolver:
    key = (tuple(sorted(aliases.items())), cutoff, floor, people)
    prototype = _PROTOTYPES.get(key)
    if prototype is None:
        if len(_PROTOTYPES) >= _MAX_PROTOTYPES:
            _PROTOTYPES.clear()  # configs come and go in tests; a process keeps one or two
        prototype = _PROTOTYPES[key] = AliasResolver(
            aliases, cutoff, token_order_free=people, floor=floor, surnames=people
        )
    return prototype.fresh_copy()


def canonical_place(name: str | None, known: Iterable[str] = (), config: MatchConfig = DEFAULT_CONFIG) -> str:
    """Canonical key of a place, given the names already known.

    For many names keep one :class:`AliasResolver` instead: it caches.

    >>> canonical_place("Kiev"), canonical_place("Kharkow", known=["Kharkiv"]), canonical_place(None)
    ('kyiv', 'kharkiv', '')
    """
    resolver = place_resolver(config)
    resolver.resolve_all(known)
    return resolver.resolve(name)
