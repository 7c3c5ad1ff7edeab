"""What a count counts: the noun after the number, read over designators and modifiers."""

from __future__ import annotations

from .figure_base import (
    COMBATANTS,
    DETERMINERS,
)
from .figure_changes import (
    QualifierChangeReader,
)
from .lexicon import (
    AIRCRAFT_NOUNS,
    CASUALTY_METRICS,
    COMBATANT_ACRONYMS,
    COMBATANT_GROUPS,
    COMBATANT_NOUNS,
    COUNT_UNITS,
    METRIC_WORDS,
    MONTHS,
    NOUN_METRICS,
    NOUN_STOP,
    NP_MODIFIERS,
    OTHER_PEOPLE_NOUNS,
    PEOPLE_NOUNS,
    PROJECTILE_NOUNS,
    SINGULAR_PEOPLE,
    TIME_WORDS,
    TRANSITIVE_CASUALTY_VERBS,
)
from .numbers import SMALL
from .person_nouns import PERSON_NOUNS
from .tokens import word_set as _set

# Endings that name a person whatever the stem ("activists", "evacuees", "technicians",
# "seamen", "engineers"), with the shortest word each needs, and the few things that share them.
# Not "-er", "-or" or "-ant": instruments and things share those ("tankers", "generators",
# "pollutants"), so only a word list says that "divers" or "migrants" are people: the lexicon's,
# or WordNet's nouns whose first sense is a person and none a thing (person_nouns).
PERSON_ENDINGS = {"ists": 7, "ist": 6, "ees": 7, "ee": 6, "ians": 6, "ian": 5, "men": 6, "eers": 8, "eer": 8}
NOT_PERSONS = _set(
    "playlists checklists wishlists blacklists shortlists watchlists waitlists playlist checklist "
    "degrees decrees pedigrees jamborees dungarees soirees entrees committees coffees toffees guarantees "
    "jubilees levees matinees settees marquees chimpanzees committee guarantee lychees goatees frisbees tepees "
    "median medians radian radians meridian meridians "
    "specimen abdomen regimen bitumen albumen cyclamen acumen stamen dolmen"
)


def person_noun(noun: str) -> bool:
    """Does ``noun`` name people by its ending, beyond the lexicon's lists?

    >>> person_noun("activists"), person_noun("evacuees"), person_noun("seamen"), person_noun("engineers")
    (True, True, True, True)
    >>> person_noun("checklists"), person_noun("degrees"), person_noun("tankers"), person_noun("assists")
    (False, False, False, False)
    >>> person_noun("divers"), person_noun("lawyers"), person_noun("containers"), person_noun("computers")
    (True, True, False, False)
    """
    # "assists", "exists": verbs and scores, never people
    if noun in NOT_PERSONS or noun.endswith(("sist", "sists", "xist", "xists")):
        return False
    if any(noun.endswith(end) and len(noun) >= size for end, size in PERSON_ENDINGS.items()):
        return True
    # "divers", "lawyers", "a migrant"; never "containers", "motors", "computers"
    return noun in PERSON_NOUNS or noun.endswith(("ers", "ors", "ants")) and noun[:-1] in PERSON_NOUNS


def _is_people(noun: str) -> bool:
    """Does ``noun`` name people: a people noun of the lexicon, the plural of one ("teachers"),
    or a noun with a person's ending ("activists")?

    >>> _is_people("sailors"), _is_people("guards"), _is_people("technicians"), _is_people("computers")
    (True, True, True, False)
    """
    return (
        noun in PEOPLE_NOUNS
        or noun in SINGULAR_PEOPLE
        or noun in OTHER_PEOPLE_NOUNS
        or NOUN_METRICS.get(noun) == "troops"
        or noun in COMBATANT_NOUNS
        or noun in COMBATANT_GROUPS
        or _singular(noun) in SINGULAR_PEOPLE
        or person_noun(noun)
    )


def _singular(noun: str) -> str:
    if noun in ("people", "police", "aircraft", "staff", "troops", "news", "series", "species"):
        return noun
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    if noun == "men":
        return "man"
    if noun == "women":
        return "woman"
    if noun == "children":
        return "child"
    return noun


_NOT_PLURAL = frozenset(("news", "series", "species", "gas", "bus", "lens", "chaos", "physics", "politics"))
_PLURAL_HEADS = frozenset(("people", "children", "men", "women", "police", "aircraft", "troops", "staff", "personnel"))


def _plural_head(noun: str) -> bool:
    """Does ``noun`` read as a plural head noun (the end of the counted noun phrase)?"""
    if noun in _PLURAL_HEADS:
        return True
    return (
        len(noun) > 3
        and noun.endswith("s")
        and not noun.endswith(("ss", "us", "is", "’s", "'s"))
        and noun not in _NOT_PLURAL
    )


NOT_NOUNS = _set(
    "plus out like go up down off away back via vs versus yet too even ever never "
    "all both many much few several same what how it they we you he she i me us them him "
    "get got make made take took come came see saw know say went gone left right next last first second "
    "am pm etc per cent percent lol ok okay yes way"
)
MULTIPLIER_NEXT = frozenset(("more", "less", "as", "the", "that", "than", "a", "an", "over", "higher", "lower"))
_NOUN_ED = frozenset(("hundred", "hatred", "kindred", "seabed", "bed", "shed", "sled", "red", "infrared"))


def real_noun(noun: str) -> bool:
    """Can ``noun`` name what a figure counts? Not a letter, particle, stop word or past participle.

    >>> real_noun("houses"), real_noun("s"), real_noun("plus"), real_noun("vanished")
    (True, False, False, False)
    """
    if len(noun) < 3 or not noun.isalpha() or noun in NOT_NOUNS or noun in NOUN_STOP or noun in TIME_WORDS:
        return False
    return not (noun.endswith("ed") and not noun.endswith("eed") and noun not in _NOUN_ED)


def refine_metric(metric: str | None, noun: str | None) -> str | None:
    """Missiles, drones and aircraft that are destroyed are intercepted.

    >>> refine_metric("destroyed", "missiles"), refine_metric("destroyed", "buildings")
    ('intercepted', 'destroyed')
    """
    if metric == "destroyed" and noun is not None and (noun in PROJECTILE_NOUNS or _singular(noun) in PROJECTILE_NOUNS):
        return "intercepted"
    return metric


class CountedNounReader(QualifierChangeReader):
    __slots__ = ()

    def combatant(self, noun: str, j: int, noun_end: int) -> bool:
        """Does the counted noun name armed fighters? Militants, insurgents, rebels and
        groups used as a count noun ("20 Taliban") count one subject, so the matcher
        compares "25 Taliban fighters" with "at least 25 Taliban insurgents".

        "15,000 foreign fighters" are combatants, "six F-16 fighters" and "jet fighters" aircraft.
        """
        if noun == "fighters":
            words, low = self.words, self.low
            return not any(
                words[t][:1].isdigit() or low[t] in ("jet", "fighter") for t in range(j, max(j, noun_end - 1))
            )
        return noun in COMBATANT_NOUNS or noun in COMBATANT_GROUPS

    def takes_object(self, t: int) -> bool:
        """Does an object follow an active verb at token ``t`` ("40 police arrested 3 men")?"""
        if t >= self.hi:
            return False
        lt = self.low[t]
        nxt = self.low[t + 1] if t + 1 < self.hi else ""
        if self.words[t][:1].isdigit() or lt in SMALL:
            return True
        return lt in DETERMINERS and nxt not in TIME_WORDS and lt not in ("that", "this")

    def read_noun(self, k: int, noun_end: int, evidence_end: int) -> tuple[str | None, int, str | None, int]:
        """The counted noun after a number: (noun, its end, metric word met, evidence end).

        Reads whole glued chunks, skips weapon designators ("Kh-101", "S-300")
        and modifiers ("further", "more"), and stops after a plural head noun,
        so "99 missiles fired overnight" counts missiles, never "overnight".
        """
        words, low, hi = self.words, self.low, self.hi
        noun: str | None = None
        metric: str | None = None
        chunks = 0
        while k < hi and chunks < 5:
            w = words[k]
            lk = low[k]
            if w in ("‘", "’", "'", "“", "”", '"'):
                if w in ("’", "'") and k + 1 < hi and low[k + 1] == "s" and self.glued(k, k + 1):
                    break  # "the 80's", "iPhone 6's"
                k += 1
                continue
            if not w[:1].isalpha():
                break
            if len(w) == 1 and k + 2 < hi and words[k + 1] == "." and self.glued(k, k + 1) and self.glued(k + 1, k + 2):
                # an abbreviation modifier: "five U.S. soldiers", "U.N. staff"
                e = k
                while e + 1 < hi and len(words[e]) == 1 and words[e].isalpha() and words[e + 1] == ".":
                    e += 2
                    if not (e < hi and self.glued(e - 1, e)):
                        break
                k = e
                chunks += 1
                continue
            if w in COMBATANT_ACRONYMS and noun is None and k + 1 < hi and low[k + 1] not in NOUN_STOP:
                k += 1  # "12 IS fighters": the group names the fighters ("IS" is no verb here)
                chunks += 1
                continue
            e = self.chunk_end(k)
            if e - k == 1 and w.islower() and lk in NOT_NOUNS:
                break
            chunks += 1
            if any(words[t][:1].isdigit() for t in range(k, e)):
                k = e  # a designator ("Kh-47M2", "F-16") names the type, not the thing counted
                continue
            if e - k == 1:
                if lk in METRIC_WORDS:
                    if noun is not None and lk in TRANSITIVE_CASUALTY_VERBS and self.takes_object(k + 1):
                        break  # "two gunmen wounded nine": what the counted did, not what befell them
                    if lk not in ("launched", "fired"):
                        metric = METRIC_WORDS[lk]
                        evidence_end = k + 1
                        if noun is None:
                            noun_end = k + 1
                    break
                if lk == "more" and not (k + 1 < hi and low[k + 1] == "than"):
                    k = e
                    continue
                if lk in NOUN_STOP or lk in TIME_WORDS or lk in ("there", "here"):
                    break
                if lk in MONTHS and w[:1].isupper():
                    break
                if (lk in NP_MODIFIERS or lk in ("own", "such")) and noun is None:
                    k = e
                    continue
            head = low[e - 1]
            if not head[:1].isalpha():
                break
            if head.endswith(("’s", "'s")):
                noun, noun_end = head[:-2], e
                break
            noun, noun_end = head, e
            k = e
            if _plural_head(head) and (not w[:1].isupper() or head in NOUN_METRICS or head in PEOPLE_NOUNS):
                break
        if noun is not None and not real_noun(noun):
            noun = None
        if (
            noun in ("times", "time")
            and noun_end < hi
            and (low[noun_end] in MULTIPLIER_NEXT or low[noun_end].endswith("er"))
        ):
            noun = None  # "four times bigger", "five times the cost": a multiplier
        return noun, noun_end, metric, evidence_end

    def count_unit(self, noun: str | None, metric: str | None) -> str | None:
        if metric in COUNT_UNITS:
            return COUNT_UNITS[metric]
        if noun is not None:
            if noun == COMBATANTS:
                return COMBATANTS
            if noun in PEOPLE_NOUNS and noun != "fighters" or noun in SINGULAR_PEOPLE:
                return "people"
            if noun in AIRCRAFT_NOUNS:
                return "aircraft"
            return noun
        if metric in CASUALTY_METRICS:
            return "people"
        return None
