"""Where and when: the location named in a claim and its event date.

Dates resolve against the publication date passed in (the core reads no clock):
a weekday means the most recent such day on or before publication ("last
Friday": strictly before), "yesterday" the day before, "the day before" and
"the next day" count from the previous claim's date.

>>> from datetime import date
>>> from factcheck.core.tokens import tokenize
>>> t = tokenize("On Tuesday, two died.")
>>> find_date(t, 0, len(t), date(2024, 1, 3), None)
datetime.date(2024, 1, 2)
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from .lexicon import MONTHS
from .numbers import SMALL
from .place_words import NO_PLACE_WORDS, PlaceWords
from .tokens import Tokens, title_cased

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
LOCATION_PREPOSITIONS = frozenset(("in", "over", "near", "outside", "across", "around", "inside", "from", "into", "at"))
PLACE_NOUNS = frozenset(
    (
        "city",
        "town",
        "village",
        "region",
        "province",
        "district",
        "oblast",
        "capital",
        "port",
        "state",
        "county",
        "republic",
    )
)
# Places recognised even when written in lower case ("in kyiv").
GAZETTEER = frozenset(
    [
        "kyiv",
        "kiev",
        "kharkiv",
        "kharkov",
        "odesa",
        "odessa",
        "lviv",
        "dnipro",
        "zaporizhzhia",
        "kherson",
        "donetsk",
        "luhansk",
        "mariupol",
        "bakhmut",
        "avdiivka",
        "mykolaiv",
        "sumy",
        "chernihiv",
        "poltava",
        "belgorod",
        "kursk",
        "bryansk",
        "moscow",
        "crimea",
        "sevastopol",
        "ukraine",
        "russia",
        "belarus",
        "minsk",
        "poland",
        "warsaw",
        "gaza",
        "israel",
        "jerusalem",
        "washington",
        "london",
        "paris",
        "berlin",
        "beijing",
        "tehran",
        "damascus",
        "baghdad",
        "kabul",
    ]
)
# Abbreviations that name places; any other short all-capitals word ("NATO", "HP", "DNC",
# "FBI") is an organisation, and a capital glued to digits ("Q1", "H2", "FY2015") a period.
PLACE_ABBREVIATIONS = frozenset(["us", "usa", "uk", "uae", "eu", "drc", "dc", "ny", "nyc", "la", "ksa", "prc", "dprk"])
# Arabic article particles inside place names, joined to the next word by a hyphen
# ("Ameriyat al-Falluja", "Ras al-Ain", "Hafr al-Batin").
NAME_PARTICLES = frozenset(["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ul", "ed", "es", "bin", "ibn"])
# Countries named bare are mostly actors ("Russia fired 99 missiles"): places only after a preposition.
COUNTRIES = frozenset(["ukraine", "russia", "belarus", "poland", "israel", "iran", "syria", "iraq", "afghanistan"])
# A place right before one of these acts or speaks; it is not where the claim happened.
AGENT_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "fired",
        "launched",
        "attacked",
        "accused",
        "denied",
        "claimed",
        "claims",
        "wants",
        "want",
        "sent",
        "demanded",
        "warned",
        "describes",
        "described",
        "insisted",
        "responded",
        "blamed",
        "called",
        "urged",
        "stated",
        "announced",
        "reported",
        "did",
        "has",
        "have",
        "will",
        "would",
    ]
)
NOT_PLACES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "i",
        "he",
        "she",
        "they",
        "we",
        "it",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "according",
        "but",
        "and",
        "in",
        "on",
        "at",
        "there",
        "here",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "congress",
        "senate",
        "parliament",
        "court",
        "addition",
        "fact",
        "total",
        "particular",
        "general",
        "recent",
        "response",
        "order",
        "all",
        "some",
        "many",
        "most",
        "one",
        "two",
        "three",
    ]
)


# Fronted phrases whose places belong to a source or a contrast, not to the claim:
# "According to an officer in Kyiv, ...", "Contrary to reports from Kiev, ...".
ADJUNCT_OPENERS = frozenset(
    [
        "according",
        "contrary",
        "despite",
        "unlike",
        "citing",
        "quoting",
        "speaking",
        "asked",
        "besides",
        "although",
        "though",
        "whereas",
    ]
)
# Endings of capitalised adjectives ("Ukrainian cities", "Crimean bridge"): not places.
ADJECTIVE_ENDINGS = ("ian", "ean", "ese", "ish", "ern", "ic")
DATELINE_DASHES = frozenset(("-", "–", "—"))
# "a Bucharest nightclub", "the Texas hospital": a place written before a noun follows one of these.
DETERMINERS = frozenset(("a", "an", "the"))
POSSESSIVES = ("'s", "’s")
# "in eastern Ukraine", "in the western Farah province": a part of a place is still in that place.
COMPASS_WORDS = frozenset(
    ("northern", "southern", "eastern", "western", "central")
    + ("northeastern", "northwestern", "southeastern", "southwestern")
)
# "Syria's Aleppo province": the words that make a name after a country's possessive a region.
POSSESSED_REGIONS = frozenset(("province", "region", "governorate", "state", "district", "oblast", "county"))
# "an Orlando radio station", "a London newspaper": the place of an outlet, not of what it reports.
OUTLET_NOUNS = frozenset(
    ("radio", "station", "newspaper", "paper", "daily", "tabloid", "magazine", "article", "television", "tv")
    + ("broadcaster", "channel", "show", "outlet", "website", "blog", "news", "talk")
)
# Lower-case words after a capitalised name that are not the noun it modifies ("the Texas and ...").
NOT_MODIFIED = frozenset(
    ("and", "or", "of", "is", "was", "are", "were", "has", "had", "have", "to", "in", "on", "at", "for", "by")
    + ("with", "from", "as", "but", "that", "which", "who", "said", "says", "will", "would", "could", "can")
)


_PLACE_STARTERS = PLACE_NOUNS | LOCATION_PREPOSITIONS | GAZETTEER


def title_case(name: str) -> str:
    """Normalise a place's spelling: "kyiv" -> "Kyiv", "KYIV" -> "Kyiv", "new york" -> "New York".

    A name all in capitals is a shouted name, not an acronym, once it has two words.

    >>> title_case("kyiv"), title_case("KYIV"), title_case("US"), title_case("NEW YORK")
    ('Kyiv', 'Kyiv', 'US', 'New York')
    """
    parts = []
    shouted = name.isupper() and " " in name
    for p in name.split(" "):
        if p.islower():
            p = p[:1].upper() + p[1:]
        elif p.isupper() and (len(p) > 3 or shouted and p.lower() not in PLACE_ABBREVIATIONS):
            p = p[:1] + p[1:].lower()
        parts.append(p)
    return " ".join(parts)


def find_dateline(toks: Tokens) -> tuple[str, int] | None:
    """The place of a wire dateline opening the document, and the token where the story starts.

    A dateline is a place ("KYIV", "Lagos, Nigeria", "Austin, Texas"), perhaps a date and an
    agency, closed by a spaced dash: "KYIV, Jan 2 (Wire) -", "Lagos, Nigeria —". A place in
    capitals opens one with no dash too; a place in lower case needs its dash ("Paris, the
    capital, said" opens no dateline).

    >>> from factcheck.core.tokens import tokenize
    >>> find_dateline(tokenize("KYIV, Jan 2 (Wire) - Two died."))
    ('Kyiv', 8)
    >>> find_dateline(tokenize("Austin, Texas, Jan. 5 – Two died.")), find_dateline(tokenize("Paris, the city, said"))
    (('Austin', 8), None)
    """
    words, low = toks.text, toks.low
    n = len(words)
    i = 0
    while i < n and words[i] == "\n":
        i += 1
    e = i
    while e < n and e - i < 4 and words[e].isalpha() and words[e][:1].isupper():
        e += 1
    if e == i or e >= n:
        return None
    caps = all(words[t].isupper() and len(words[t]) > 1 for t in range(i, e))
    sep = words[e]
    dash = _dateline_dash(toks, e)
    place = title_case(" ".join(words[i:e]))
    if caps and (sep in (",", "(") or dash is not None):
        return place, (dash if dash is not None else e) + 1
    if dash is None:
        return None
    # "Lagos, Nigeria —", "Austin, Texas, Jan. 5 –", "Kyiv —": a region or a date after the
    # place, or a place known to the gazetteer, so that "Turnout - 40% - was" opens none
    # ("Bridge Falls, Three Dead - Police" is a headline: no number word in a dateline)
    named = sep == "," and (words[e + 1][:1].isupper() or low[e + 1] in MONTHS)
    named = named and not any(low[t] in SMALL for t in range(e, dash))
    if named or low[i] in GAZETTEER:
        return place, dash + 1
    return None


def event_place_over_dateline(place: str, dateline: str, toks: Tokens, places: PlaceWords = NO_PLACE_WORDS) -> bool:
    """Whether ``place``, the first place a story names, is where a sentence naming none is,
    rather than the dateline's city.

    A story filed from a capital is often about a province ("KABUL - ... in the western Farah
    province"): the capital is only where the bureau sits. Any other dateline city is most
    often the event's place or holds it ("KHARKIV - ... the town of Chuhuiv" may be its
    district or its neighbour), and so is a capital named again or its country. The place
    must be named as a scene somewhere in the story ("in Ghor"), not only as an origin
    ("praise from Trump" reads as a place too).

    >>> from factcheck.core.tokens import tokenize
    >>> w, t = PlaceWords(capitals={"afghanistan": "Kabul"}), tokenize("KABUL - Gunmen attacked a post in Ghor.")
    >>> [event_place_over_dateline(p, "Kabul", t, w) for p in ("Ghor", "Afghanistan", "Kabul Province")]
    [True, False, False]
    >>> event_place_over_dateline("Ghor", "Kharkiv", t, w), event_place_over_dateline("Trump", "Kabul", t, w)
    (False, False)
    """
    where, seat = place.lower().split(), dateline.lower().split()
    country = next((c for c, capital in places.capitals.items() if capital.lower().split() == seat), None)
    if country is None or " ".join(where) == country or where[: len(seat)] == seat:
        return False
    return _named_as_a_scene(toks, place.lower())


_SCENE_PREPOSITIONS = frozenset(("in", "at", "near", "outside", "inside"))


def _named_as_a_scene(toks: Tokens, place: str) -> bool:
    """Whether ``place`` (lower case) is named after "in", "at", "near", "outside" or "inside"
    ("in the western Farah province", "near the Sangin district") or as a town, province...
    "of" it ("the town of Chuhuiv")."""
    low, n = toks.low, len(toks.low)
    for i, lw in enumerate(low):
        if lw in _SCENE_PREPOSITIONS:
            j = _past_compass(toks, i + 1, n)
            j = j + 1 if j < n and low[j] == "the" else j
        elif lw == "of" and i > 0 and low[i - 1] in PLACE_NOUNS:
            j = i + 1
        else:
            continue
        if j < n and (place == low[j] or place.startswith((low[j] + " ", low[j] + "-"))):
            return True
    return False


def _dateline_dash(toks: Tokens, e: int) -> int | None:
    """The spaced dash ("-", "–", "—", "--") closing a dateline's place, date and agency from
    token ``e``, or None when other words come first ("Paris, the capital, - ...")."""
    words = toks.text
    n = len(words)
    in_parens = False
    for t in range(e, min(n, e + 16)):
        w = words[t]
        if w == "\n":
            return None
        if in_parens:
            in_parens = w != ")"  # the agency, in any case: "(dpa)", "(Newswire)"
            continue
        if w in DATELINE_DASHES and t > 0 and toks.end[t - 1] != toks.start[t]:
            if t + 1 < n and words[t + 1] in DATELINE_DASHES and toks.end[t] == toks.start[t + 1]:
                return t + 1  # "--"
            return t
        if w == "(":
            in_parens = True
        elif not (w in (",", ".") or w[:1].isupper() or (w.isdigit() and len(w) in (1, 2, 4))):
            return None
    return None


def place_candidates(toks: Tokens, places: PlaceWords = NO_PLACE_WORDS) -> list[int]:
    """Tokens that may open a place (one cheap pass over the document).

    With place data, also a determiner before a capitalised word ("a Bucharest ...") and a
    possessive ("Afghanistan's capital").
    """
    low = toks.low
    if not places.modifiers and not places.capitals:
        return [i for i, lw in enumerate(low) if lw in _PLACE_STARTERS]
    words, n = toks.text, len(low)
    return [
        i
        for i, lw in enumerate(low)
        if lw in _PLACE_STARTERS
        or lw.endswith(POSSESSIVES)
        or (lw in DETERMINERS and i + 1 < n and words[i + 1][:1].isupper())
    ]


def claim_location(
    toks: Tokens, lo: int, hi: int, candidates: list[int] | None = None, places: PlaceWords = NO_PLACE_WORDS
) -> str | None:
    """The place a claim is about: the first place named in it, leaving out a
    fronted source or contrast phrase ("According to an officer in Kyiv, ...").

    >>> from factcheck.core.tokens import tokenize
    >>> w = PlaceWords(modifiers=frozenset({"bucharest", "new york"}), capitals={"afghanistan": "Kabul"})
    >>> t = tokenize("A fire at a Bucharest nightclub killed 27 people.")
    >>> claim_location(t, 0, len(t)), claim_location(t, 0, len(t), places=w)
    (None, 'Bucharest')
    >>> t = tokenize("Two blasts hit Afghanistan's capital on Monday.")
    >>> claim_location(t, 0, len(t), places=w)
    'Kabul'
    """
    if lo < hi and toks.low[lo] in ADJUNCT_OPENERS:
        words = toks.text
        for t in range(lo + 1, min(hi, lo + 40)):
            if words[t] == ",":
                lo = t + 1
                break
    return find_location(toks, lo, hi, candidates, places)


def find_location(
    toks: Tokens, lo: int, hi: int, candidates: list[int] | None = None, places: PlaceWords = NO_PLACE_WORDS
) -> str | None:
    """First place named in tokens ``[lo, hi)``.

    ``candidates`` (from ``place_candidates``) lets the scan jump between
    prepositions, place nouns and known places instead of visiting every token.
    A place written before a noun ("a Texas hospital") counts only when nothing
    else in the span names a place: it is often an actor ("the US military").

    >>> from factcheck.core.tokens import tokenize
    >>> w = PlaceWords(modifiers=frozenset({"texas", "jackson", "syria"}), capitals={"syria": "Damascus"})
    >>> t = tokenize("Five died at a Texas hospital, officials in Houston said.")
    >>> find_location(t, 0, len(t), places=w)
    'Houston'
    >>> t = tokenize("The Jackson Browne concert drew 5,000 people.")
    >>> find_location(t, 0, len(t), places=w) is None
    True
    >>> t = tokenize("Shelling killed 12 in Syria's Idlib province.")
    >>> find_location(t, 0, len(t), places=w)
    'Idlib Province'
    """
    words, low = toks.text, toks.low
    if candidates is None:
        candidates = place_candidates(toks, places)
    k = bisect_left(candidates, lo)
    modified: str | None = None
    while k < len(candidates) and candidates[k] < hi:
        i = candidates[k]
        k += 1
        lw = low[i]
        if lw.endswith(POSSESSIVES):
            owned = _possessed_place(toks, i, lo, hi, places)
            if owned:
                return owned
            continue
        if lw in DETERMINERS:
            if modified is None and i + 1 < hi:
                modified = _modifier_place(toks, i + 1, hi, places)
            continue
        if lw in PLACE_NOUNS and i + 2 < hi and low[i + 1] == "of":
            name = _cap_run(toks, i + 2, hi)
            if name:
                return name
        elif lw in LOCATION_PREPOSITIONS and i + 1 < hi:
            j = _past_compass(toks, i + 1, hi)
            if low[j] in GAZETTEER:
                return title_case(words[j])
            if (words[j][:1].isupper() or _particle_at(toks, j, hi)) and low[j] not in NOT_PLACES:
                name = _cap_run(toks, j, hi)
                if name and not (j + 1 < hi and low[j + 1] in ("’s", "'s")) and not _adjective(toks, name, j, hi):
                    return name
        elif lw in GAZETTEER and lw not in COUNTRIES and not (i + 1 < hi and low[i + 1] in AGENT_VERBS):
            return title_case(words[i])  # "Kharkiv, Ukraine's second city, was hit"; not "Moscow said"
    return modified


def _past_compass(toks: Tokens, j: int, hi: int) -> int:
    """The token after a compass word opening a place ("eastern Ukraine", "the north-western
    Farah province"); ``j`` itself when there is none.

    >>> from factcheck.core.tokens import tokenize
    >>> t = tokenize("in the north-western Farah province, in the north")
    >>> t.text[_past_compass(t, 1, len(t))], _past_compass(t, len(t) - 2, len(t)) == len(t) - 2
    ('Farah', True)
    """
    low, e = toks.low, j
    if e < hi and low[e] == "the":
        e += 1
    if e + 2 < hi and low[e] in ("north", "south") and low[e + 1] == "-" and low[e + 2] in ("eastern", "western"):
        e += 2  # "north-western", written with a hyphen
    if e + 1 < hi and low[e] in COMPASS_WORDS and toks.text[e + 1][:1].isupper():
        return e + 1
    return j


def _modifier_place(toks: Tokens, j: int, hi: int, places: PlaceWords) -> str | None:
    """ "a Bucharest nightclub": a known place's name from ``j`` followed by a lower-case noun.

    A name followed by another capitalised word is a person or an organisation
    ("the Jackson Browne concert", "the New York Times"), not a place.
    """
    words, low = toks.text, toks.low
    e = j
    while e < hi and e - j < places.longest and words[e][:1].isupper() and words[e].isalpha():
        e += 1
    if e == j or e >= hi:
        return None
    after = words[e]
    if not (after.isalpha() and after.islower() and after not in NOT_MODIFIED and after not in OUTLET_NOUNS):
        return None
    name = " ".join(low[j:e])
    return title_case(" ".join(words[j:e])) if name in places.modifiers else None


def _possessed_place(toks: Tokens, s: int, lo: int, hi: int, places: PlaceWords) -> str | None:
    """ "Afghanistan's capital" -> its capital; "Syria's Aleppo province" -> "Aleppo Province"."""
    words, low = toks.text, toks.low
    owner = low[s][:-2] if len(low[s]) > 2 else ""  # "afghanistan's", or a bare "'s" after the name
    b = s
    while b > lo and s - b < places.longest and words[b - 1][:1].isupper() and words[b - 1].isalpha():
        b -= 1
    if owner and not (words[s][:1].isupper() and owner.isalpha()):
        return None
    country = " ".join([*low[b:s], owner] if owner else low[b:s])
    if not country or country not in places.capitals or s + 1 >= hi:
        return None
    if low[s + 1] == "capital":
        return places.capitals[country]
    name = _cap_run(toks, s + 1, hi)
    if name is None or name.lower().endswith(ADJECTIVE_ENDINGS):
        return None  # "Syria's Kurdish region" names no place of its own
    e = s + 1 + len(name.split(" "))
    if e < hi and low[e] in POSSESSED_REGIONS and not words[e][:1].isupper():
        return f"{name} {title_case(low[e])}"
    return None


def _adjective(toks: Tokens, name: str, j: int, hi: int) -> bool:
    """ "at Ukrainian cities": a capitalised adjective before a common noun, not a place."""
    e = j + len(name.split(" "))
    return name.lower().endswith(ADJECTIVE_ENDINGS) and e < hi and toks.text[e][:1].islower()


def _cap_run(toks: Tokens, j: int, hi: int) -> str | None:
    """The capitalised name from token ``j``: up to four words, hyphenated pieces kept
    whole ("Ivano-Frankivsk", "Ameriyat al-Falluja"); no organisation acronym or period."""
    words, low = toks.text, toks.low
    if j >= hi or low[j] in NOT_PLACES:
        return None
    if low[j] in GAZETTEER:
        return title_case(words[j])
    parts: list[str] = []
    e = j
    while e < hi and len(parts) < 4:
        w = words[e]
        if w[:1].isupper() and w.isalpha() and low[e] not in NOT_PLACES and not _code(toks, e, hi):
            parts.append(w)
            e += 1
        elif _particle_at(toks, e, hi):
            parts.append(w + "-" + words[e + 2])  # "al-Falluja"
            e += 3
        else:
            break
        if parts and _hyphen_at(toks, e, hi):
            parts[-1] += "-" + words[e + 1]  # "Ivano-Frankivsk"
            e += 2
    if not parts:
        return None
    return title_case(" ".join(parts))


def _hyphen_at(toks: Tokens, e: int, hi: int) -> bool:
    """A hyphen at ``e`` glued to the word before it and to a capitalised word after it."""
    words, start, end = toks.text, toks.start, toks.end
    return (
        e + 1 < hi
        and words[e] == "-"
        and end[e - 1] == start[e]
        and end[e] == start[e + 1]
        and words[e + 1][:1].isupper()
        and words[e + 1].isalpha()
    )


def _particle_at(toks: Tokens, e: int, hi: int) -> bool:
    """ "al-Falluja": an article particle glued by a hyphen to a capitalised word."""
    return e < hi and toks.low[e] in NAME_PARTICLES and _hyphen_at(toks, e + 1, hi)


def _code(toks: Tokens, e: int, hi: int) -> bool:
    """An acronym or period label, not a place: "NATO", "HP", the "Q" of "Q1", "FY2015".

    Short all-capitals words are organisations unless they are known place
    abbreviations ("US", "UK", "UAE"); a capital glued to digits is a label.
    """
    w = toks.text[e]
    if e + 1 < hi and toks.end[e] == toks.start[e + 1] and toks.text[e + 1][:1].isdigit():
        return True
    return w.isupper() and len(w) <= 5 and toks.low[e] not in PLACE_ABBREVIATIONS


def _weekday_before(published: date, weekday: int, strict: bool) -> date:
    delta = (published.weekday() - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def find_date(toks: Tokens, lo: int, hi: int, published: date | None, previous: date | None) -> date | None:
    """Event date named in tokens ``[lo, hi)``, or None when there is none."""
    low, words = toks.text, toks.low
    del low
    i = lo
    while i < hi:
        lw = words[i]
        if lw in WEEKDAYS and published is not None:
            strict = i > lo and words[i - 1] in ("last", "past")
            return _weekday_before(published, WEEKDAYS[lw], strict)
        if lw in ("yesterday",) and published is not None:
            return published - timedelta(days=1)
        if lw in ("today", "tonight") and published is not None:
            return published
        if lw in ("day", "morning", "night") and i >= lo + 1 and i + 1 < hi:
            prev_w = words[i - 1]
            nxt = words[i + 1]
            base = previous or published
            if base is not None:
                if prev_w in ("the", "a") and nxt in ("before", "earlier"):
                    return base - timedelta(days=1)
                if prev_w in ("previous",):
                    return base - timedelta(days=1)
                if prev_w in ("next", "following") or (prev_w == "a" and nxt == "later"):
                    return base + timedelta(days=1)
        if lw in MONTHS and toks.text[i][:1].isupper() and (lw != "may" or _month_may(toks, i, lo, hi)):
            d = _month_day(toks, i, hi, published)
            if d is not None:
                return d
        if toks.text[i].isdigit() and len(toks.text[i]) <= 2:
            d = _day_month(toks, i, lo, hi, published)  # "on 5 May", "the 3rd of June", "12 March 2024"
            if d is not None:
                return d
        i += 1
    return None


def _month_may(toks: Tokens, i: int, lo: int, hi: int) -> bool:
    """Is a capitalised "May" before a day number the month ("on May 5")? Not in a title-case
    headline, where "May" may be the verb."""
    return i + 1 < hi and toks.text[i + 1].isdigit() and not title_cased(toks.text, lo, hi)


def _day_month(toks: Tokens, i: int, lo: int, hi: int, published: date | None) -> date | None:
    """A date written day first from the number at ``i``: "5 May", "12 March 2024", "the 3rd of
    June", "22nd April"; the year as ``_month_day`` reads it when none is written."""
    words, low = toks.text, toks.low
    j = i + 1
    if j < hi and low[j] in ("st", "nd", "rd", "th") and toks.end[i] == toks.start[j]:
        j += 1
        if j < hi and low[j] == "of":
            j += 1
    if j >= hi or low[j] not in MONTHS or not words[j][:1].isupper():
        return None
    if low[j] == "may" and title_cased(toks.text, lo, hi):
        return None
    year = int(words[j + 1]) if j + 1 < hi and words[j + 1].isdigit() and len(words[j + 1]) == 4 else None
    return _calendar_date(int(words[i]), MONTHS[low[j]], year, published)


def _month_day(toks: Tokens, i: int, hi: int, published: date | None) -> date | None:
    words = toks.text
    j = i + 1
    if j < hi and words[j] == ".":
        j += 1
    if j >= hi or not words[j].isdigit() or len(words[j]) > 2:
        return None
    year = None
    if j + 2 < hi and words[j + 1] == "," and words[j + 2].isdigit() and len(words[j + 2]) == 4:
        year = int(words[j + 2])
    return _calendar_date(int(words[j]), MONTHS[toks.low[i]], year, published)


def _calendar_date(day: int, month: int, year: int | None, published: date | None) -> date | None:
    """The date of a day and month, in ``year`` when written, else in the year that puts it no
    more than a month after publication ("Dec 28" published on 2 Jan is last year's)."""
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            if date(year, month, day) > published + timedelta(days=31):
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
