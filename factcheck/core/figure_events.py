"""What happened to what is counted: a lexicon of event verbs by lemma, with the metric each names.

A count's metric says what happened, so that two sources' figures for one event meet
under one fact key: "1,200 workers were laid off" and "the plant laid off 1,200 staff"
are both ``laid_off``. Events that befall people name the metric alone (``laid_off``,
``arrested``, ``killed``); events that befall things name the thing too, because "40
homes destroyed" and "40 cars destroyed" are different facts (``homes_destroyed``,
``jobs_cut``). Each lemma's inflected forms are made here by rule (with the irregular
past forms listed), so one line of the lexicon covers "cut", "cuts", "cutting".

>>> event_at("sacked"), event_at("drowning"), event_at("went", "missing"), event_at("houses")
(('laid_off', 'people'), ('killed', 'doer'), ('missing', 'doer'), None)
>>> event_metric(("destroyed", "thing"), "houses"), event_metric(("laid_off", "people"), "workers")
('homes_destroyed', 'laid_off')
>>> event_metric(("sold", "thing"), None), event_metric(("lost", "thing"), "sons", people=True)
(None, None)
"""

from __future__ import annotations

from .figure_nouns import CountedNounReader, _is_people, _plural_head
from .lexicon import AUXILIARY_VERBS, NOUN_STOP
from .tokens import word_set as _set

# (metric, what it befalls): "people" and "thing" events befall the counted ("30 students
# were abducted", "police arrested 40"); a "doer" event is what the counted did ("12 people
# drowned", "2,000 people attended the rally"), so it may take an object of its own; an
# "either" event befalls people or things and names a different metric for each ("gunmen
# seized 19 sailors": abducted; "police seized 40 rifles": rifles seized).
Event = tuple[str, str]

# metric and what it befalls -> lemmas; "people" events name the metric alone, "either"
# events the metric on people, a slash, and the metric on things. An irregular
# past follows the lemma after a slash, a past participle after a second ("take/took/taken");
# a particle follows the verb ("lay/laid off": "laid off", "lays off", "laying off").
_EVENT_LEMMAS = """
    people laid_off: lay/laid off, let/let go, sack, dismiss, furlough
    people hired: hire, recruit
    people employed: employ
    doer killed: drown
    doer displaced: flee/fled
    doer missing: go/went/gone missing, disappear, vanish
    doer protested: protest, march, rally/rallied, demonstrate
    doer attended: attend
    people killed: murder, massacre, slaughter, behead, shoot/shot dead, gun/gunned down, mow/mowed/mown down
    people laid_off: make/made redundant
    people injured: stab, maim
    people abducted: abduct, kidnap/kidnapped, seize/seized hostage, take/took/taken hostage
    either abducted/seized: seize, snatch
    either captured/captured: capture
    people arrested: arrest, detain, apprehend, round/rounded up
    people charged: charge
    people convicted: convict
    people sentenced: sentence
    people jailed: jail, imprison
    people released: release, free/freed
    people evacuated: evacuate, relocate
    people rescued: rescue
    people displaced: displace
    people deported: deport, expel/expelled
    people infected: infect, sicken
    people vaccinated: vaccinate
    people evicted: evict
    people stranded: strand
    people trapped: trap/trapped
    people poisoned: poison
    thing destroyed: destroy, demolish, raze, flatten, burn/burnt down
    thing damaged: damage
    thing flooded: flood
    thing seized: confiscate
    thing sold: sell/sold
    thing built: build/built, construct
    thing cut: cut/cut, shed/shed, slash, axe, eliminate, scrap/scrapped
    thing created: create
    thing closed: close, shut/shut down
    thing opened: open
    thing cancelled: cancel/cancelled, cancel/canceled
    thing grounded: ground
    thing looted: loot
    thing lost: lose/lost
    thing won: win/won
"""


def _forms(lemma: str, past: str | None) -> list[str]:
    """The inflected forms of a regular English verb: base, -s, past, -ing.

    >>> _forms("rescue", None), _forms("cut", "cut")
    (['rescue', 'rescues', 'rescued', 'rescuing'], ['cut', 'cuts', 'cut', 'cutting'])
    >>> _forms("rally", "rallied"), _forms("win", "won")
    (['rally', 'rallies', 'rallied', 'rallying'], ['win', 'wins', 'won', 'winning'])
    """
    vowels = "aeiou"
    if past is None:
        past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
    one_syllable_cvc = (
        sum(1 for a, b in zip(" " + lemma, lemma, strict=False) if b in vowels and a not in vowels) == 1
        and lemma[-1] not in vowels + "wxy"
        and lemma[-2] in vowels
        and lemma[-3] not in vowels
    )
    if lemma.endswith("e") and not lemma.endswith("ee"):
        ing = lemma[:-1] + "ing"
    elif past.endswith(lemma[-1] * 2 + "ed") or one_syllable_cvc:
        ing = lemma + lemma[-1] + "ing"  # "kidnapping", "cutting", "winning"
    else:
        ing = lemma + "ing"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    elif lemma.endswith(("s", "sh", "ch", "x")):
        third = lemma + "es"
    else:
        third = lemma + "s"
    return [lemma, third, past, ing]


# The metric an "either" event names on things, by the metric it names on people.
THING_METRICS: dict[str, str] = {}


def _lexicon() -> tuple[dict[str, Event], dict[tuple[str, str], Event]]:
    single: dict[str, Event] = {}
    particle: dict[tuple[str, str], Event] = {}
    for line in _EVENT_LEMMAS.strip().splitlines():
        head, _, lemmas = line.partition(":")
        befalls, metric = head.split()
        if befalls == "either":
            metric, _, on_things = metric.partition("/")
            THING_METRICS[metric] = on_things
        for entry in lemmas.split(","):
            verb, *rest = entry.split()
            lemma, *irregular = verb.split("/")
            forms = _forms(lemma, irregular[0] if irregular else None) + irregular[1:]
            if rest:
                for form in forms:
                    particle[(form, rest[0])] = (metric, befalls)
            else:
                for form in forms:
                    single.setdefault(form, (metric, befalls))
    return single, particle


EVENT_VERBS, PARTICLE_EVENTS = _lexicon()
# Forms no count takes its event from, though the rules make them verbs: they are nouns or
# adjectives as often ("a march of 5,000", "close to 300", "a record 40", "a flood of").
for _form in _set(
    "march marches rally rallies protest protests record records free report reports charge charges "
    "ground grounds close open flood floods sentence sentences"
):
    EVENT_VERBS.pop(_form, None)
# Nouns of an event before "of" and the count: "the executions of 21 hostages", "the loss
# of 2,000 jobs", "the destruction of 300 homes".
EVENT_NOUNS: dict[str, Event] = {
    "execution": ("killed", "people"), "executions": ("killed", "people"), "killings": ("killed", "people"),
    "murder": ("killed", "people"), "murders": ("killed", "people"), "massacre": ("killed", "people"),
    "arrest": ("arrested", "people"), "arrests": ("arrested", "people"), "detention": ("arrested", "people"),
    "abduction": ("abducted", "people"), "kidnapping": ("abducted", "people"), "release": ("released", "people"),
    "evacuation": ("evacuated", "people"), "rescue": ("rescued", "people"), "deportation": ("deported", "people"),
    "layoff": ("laid_off", "people"), "layoffs": ("laid_off", "people"), "dismissal": ("laid_off", "people"),
    "hiring": ("hired", "people"), "sale": ("sold", "thing"), "sales": ("sold", "thing"),
    "destruction": ("destroyed", "thing"), "loss": ("lost", "thing"), "losses": ("lost", "thing"),
    "closure": ("closed", "thing"), "closures": ("closed", "thing"), "recall": ("recalled", "thing"),
    "cancellation": ("cancelled", "thing"), "elimination": ("cut", "thing"),
}  # fmt: skip
# Nouns that count lost jobs themselves, after "job" or alone: "20,000 job cuts", "900 layoffs".
JOB_LOSS_NOUNS = {"cuts": "jobs_cut", "losses": "jobs_lost", "layoffs": "laid_off", "redundancies": "laid_off"}
JOB_NOUNS = frozenset(("job", "jobs"))
# Collective nouns of people: "30 families were evacuated" counts people evacuated.
PEOPLE_GROUPS = frozenset(("families", "households", "family", "household"))
# Nouns a thing-event counts, in one spelling: "houses destroyed" is "homes destroyed".
THING_SPELLINGS = {
    "home": "homes",
    "house": "homes",
    "houses": "homes",
    "dwellings": "homes",
    "job": "jobs",
}


def event_at(word: str, particle: str | None = None) -> Event | None:
    """The event a verb form names (with its particle, "laid off"), or None."""
    if particle is not None:
        hit = PARTICLE_EVENTS.get((word, particle))
        if hit is not None:
            return hit
    if (word, "off") in PARTICLE_EVENTS or (word, "missing") in PARTICLE_EVENTS:
        return None  # "lay", "went": the event needs its particle
    return EVENT_VERBS.get(word)


def event_metric(event: Event, noun: str | None, people: bool = False) -> str | None:
    """The metric of an event on the counted noun: the event alone when it befalls people
    (whatever they are called: "200 pupils were abducted"), thing and event for things
    counted in the plural ("homes_destroyed"); None for a thing-event on people (``people``:
    the noun counts people) or on no plural thing ("sold 40", "destroy the One Ring").

    >>> event_metric(("destroyed", "thing"), "ring"), event_metric(("killed", "people"), "british")
    (None, 'killed')
    """
    metric, befalls = event
    if befalls == "either":
        # people seized are abducted, things seized are seized: "seized 19 sailors", "40 rifles"
        if people or noun in PEOPLE_GROUPS:
            return metric
        metric = THING_METRICS[metric]
    elif befalls != "thing":
        return metric
    if people or noun is None or noun in PEOPLE_GROUPS:
        return None
    thing = THING_SPELLINGS.get(noun, noun)
    return f"{thing}_{metric}" if _plural_head(thing) else None


# Words an event verb after the counted noun may sit behind ("will be laid off", "had
# reportedly been abducted", "were later freed"), with any adverb in -ly ("possibly infected").
EVENT_AUXILIARIES = AUXILIARY_VERBS | frozenset(
    ("be", "being", "got", "get", "gets", "getting", "reportedly", "also", "later", "all", "now", "since", "then")
)
PASSIVE_AUX = frozenset(("were", "was", "is", "are", "be", "been", "being", "got", "get"))
PLACE_PREPOSITIONS = frozenset(("at", "in", "from", "on", "across", "near"))
# Prepositions that open a phrase on the counted noun before its verb ("of the convoy").
NOUN_PHRASE_PREPOSITIONS = PLACE_PREPOSITIONS | frozenset(("of", "with", "belonging"))
PHRASE_REACH = 10  # tokens a passive verb may sit after the counted noun, past such a phrase
# Words that open a clause of their own: a verb past them is not the counted noun's.
CLAUSE_WORDS = frozenset(("who", "whom", "which", "that", "and", "but", "or", "while", "where", "when"))
PARTICLES = frozenset(("off", "up", "down", "dead", "missing", "hostage", "go", "redundant"))
POSSESSIVES = frozenset(("their", "his", "her", "its", "our"))
# Words between an event verb and the count that show the count is not its object:
# prepositions ("charged with 3 counts", "cut into 16 pieces") and other verbs ("before
# being shut down had garnered thousands").
PREPOSITIONS = frozenset(
    ("of", "with", "to", "into", "for", "on", "in", "at", "by", "from", "about", "over", "after", "than")
)


def ends_event_reach(word: str) -> bool:
    """Does ``word`` between a verb and a count end the verb's reach (a preposition or another verb)?

    >>> ends_event_reach("into"), ends_event_reach("garnered"), ends_event_reach("the")
    (True, True, False)
    """
    return (
        word in PREPOSITIONS
        or word in AUXILIARY_VERBS
        or (word.endswith(("ed", "ing")) and len(word) > 4 and word not in EVENT_VERBS)
    )


class EventReader(CountedNounReader):
    """The event a count's clause names, from the lexicon above."""

    __slots__ = ()

    def verb_event(self, k: int) -> tuple[Event, int] | None:
        """The event a verb at token ``k`` names, with the end of the verb (and its particle)."""
        low, hi = self.low, self.hi
        lk = low[k]
        if k + 1 < hi and low[k + 1] in PARTICLES:
            hit = event_at(lk, low[k + 1])
            if hit is not None and (lk, low[k + 1]) in PARTICLE_EVENTS:
                return hit, k + 2
        hit = event_at(lk)
        return (hit, k + 1) if hit is not None else None

    def event_after(self, k: int, noun: str | None) -> tuple[str | None, int]:
        """The metric of an event verb after the counted noun at ``k``: "were laid off",
        "will be cut", "drowned", "lost their jobs"; (None, k) when there is none."""
        words, low, hi = self.words, self.low, self.hi
        people = noun is not None and _is_people(noun)
        passive = False
        if noun in ("times", "time"):
            return None, k  # "retweeted thousands of times": a frequency, never befallen
        if k < hi and low[k] in NOUN_PHRASE_PREPOSITIONS:
            # a place or group between noun and verb: "1,200 staff at the mill were laid off" (or
            # "could lose their jobs"),
            # "10 trucks from the group known as the Front were destroyed"; not past a clause
            # of its own ("10 trucks from the depot that was shelled")
            aux = next(
                (
                    t
                    for t in range(k + 1, min(hi, k + PHRASE_REACH))
                    if low[t] in PASSIVE_AUX or low[t] in AUXILIARY_VERBS
                ),
                None,
            )
            if aux is None or any(not words[t][:1].isalpha() or low[t] in CLAUSE_WORDS for t in range(k + 1, aux)):
                return None, k
            k = aux
        t = k
        while t < min(hi, k + 5) and (low[t] in EVENT_AUXILIARIES or (low[t].endswith("ly") and len(low[t]) > 4)):
            passive = passive or low[t] in PASSIVE_AUX
            t += 1
        if t >= hi or not words[t][:1].isalpha():
            return None, k
        found = self.verb_event(t)
        if found is None or low[t].endswith("ing"):
            return None, k  # "millions of pounds selling statues": the counted do it, to others
        event, end = found
        if event[1] != "doer" and not passive and end < hi and low[end] in POSSESSIVES and end + 1 < hi:
            owned = low[end + 1]  # "2,000 people lost their jobs", "lost their lives"
            if owned in ("lives", "life"):
                return "killed", end + 2
            if _plural_head(owned) and owned not in NOUN_STOP:
                return event_metric(event, owned), end + 2
            return None, k
        if event[1] != "doer" and not passive and self.takes_object(end):
            return None, k  # "40 police arrested 3 men": the count did it
        return event_metric(event, noun, people), end

    def event_before(self, t: int, noun: str | None) -> str | None:
        """The metric of an active event verb ending at token ``t`` before the count:
        "arrested 40 protesters", "will cut 5,000 jobs", "laid off 1,200"."""
        low = self.low
        people = noun is not None and _is_people(noun)
        if low[t] in PARTICLES and t - 1 >= self.lo and (low[t - 1], low[t]) in PARTICLE_EVENTS:
            event: Event | None = PARTICLE_EVENTS[(low[t - 1], low[t])]
        elif low[t] == "of" and t - 1 >= self.lo:
            event = EVENT_NOUNS.get(low[t - 1])  # "the executions of 21 hostages"
        else:
            event = event_at(low[t])
        if event is None or event[1] == "doer":
            return None
        return event_metric(event, noun, people)
