"""What a figure's own clause says about its fact: the event it counts, and over what period.

Two figures of one story can share metric, place and day and still count two
sub-events: "33 killed in a wave of car bombings" and "1,000 troops killed in
clashes" are one story's figures, not one fact. A frame therefore also carries

* the **event** its clause names (a bombing, fighting, an air strike, a
  crash...), from a small table of event words: two known, different events
  are two facts; an unknown one meets any;
* the **period** it counts over ("since 16 September", "in January", "this
  year", "a day"): a running total or a rate is never the count of one event,
  and two different periods are two facts. What someone holds ("a fleet of
  120 aircraft", "an arsenal of", "in service") is a stock, read as the period
  ``"in service or in stock"``: never the count of what one event used ("sent
  12 aircraft").

Both are read from the sentence around the figure's own words, never from a
list of sentences. So is the **measured thing** of a measure or a duration
(:func:`measured_subject`): "the blackout lasted 14 hours" measures the
blackout, "the catfish weighed 120 kilograms" the catfish, "the line is 80
kilometres long" the line. Pure functions.

>>> s = "Some 33 people were killed in a wave of car bombings in the capital."
>>> figure_event(s, "33 people"), figure_period(s, "33 people")
('bombing', '')
>>> figure_period("More than 800 people have died in the town since September 16.", "800 people")
'since september 16'
"""

from __future__ import annotations

import functools
import re

from factcheck.core.lexicon import MONTHS
from factcheck.core.numbers import NUMBER_WORDS
from factcheck.core.tokens import singular, word_set

# Event words -> the event they name. Generic words ("attack", "violence", "incident")
# name no event: they would join a bombing and a shooting. Nor do causes that other
# events follow from ("a storm", "a collapse"): "the ferry capsized" and "overturned in a
# storm" are one sinking.
_EVENT_WORDS: dict[str, str] = {}
for _event, _words in {
    "bombing": "bomb bombs bombing bombings bomber bombers blast blasts explosion explosions ied car-bomb",
    "fighting": "clash clashes clashed fighting battle battles gunbattle gunfight firefight offensive skirmish",
    "air strike": "airstrike airstrikes air-strike air-strikes airstrike raid raids shelling bombardment drone",
    "shooting": "shooting shootings gunman gunmen shooter sniper massacre",
    "crash": "crash crashes crashed derailment collision",
    "earthquake": "earthquake earthquakes quake quakes tremor aftershock",
    "flood": "flood floods flooding floodwaters landslide landslides mudslide",
    "fire": "blaze wildfire wildfires inferno",
    "sinking": "capsized capsize sinking sank shipwreck",
    "outbreak": "outbreak epidemic ebola cholera virus",
    "execution": "beheaded beheading beheadings executed execution executions",
    "stampede": "stampede crush",
}.items():
    for _word in _words.split():
        _EVENT_WORDS[_word] = _event

# Readings of a clause are kept per (sentence, figure): a story's page and its comparisons read
# the same figures again after each change, and copies repeat sentences word for word.
CLAUSE_CACHE = 1 << 16

_ANOTHER = frozenset({"another", "second", "third", "separate", "further"})
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Clause breaks: a figure's event is named inside its own clause.
_CLAUSE_BREAK = re.compile(r"[;:()\u2014\u2013]|\s-\s|,\s+(?:but|while|whereas|and|after|before|as|when)\b", re.I)

# Each month's full name, from the extractor's month table.
_FULL_MONTHS = [max((name for name, n in MONTHS.items() if n == month), key=len) for month in range(1, 13)]
_MONTH_OF = {m: m for m in _FULL_MONTHS} | {m[:3]: m for m in _FULL_MONTHS} | {"sept": "september"}
_MONTH = "|".join(sorted(_MONTH_OF, key=len, reverse=True))
_UNITS = r"days?|weeks?|months?|years?|decades?|hours?"
_UNIT = rf"(?:{_UNITS})"
_NUMBER_WORD = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|few|several)"
_PERIODS = [
    re.compile(r"\bsince\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?(?:the\s+)?([\w-]+(?:\s+\d{1,4})?)", re.I),
    re.compile(rf"\b(?:in|during|for)\s+(?:the\s+month\s+of\s+)?({_MONTH})\b(?!\s+\d{{1,2}}\b)", re.I),
    re.compile(r"\b(this|last|past|previous)\s+(year|decade)\b", re.I),  # "last week" is a date, not a period
    re.compile(rf"\b(?:over|in|during)\s+the\s+(?:past|last|previous)\s+({_NUMBER_WORD}\s+)?{_UNIT}", re.I),
    re.compile(rf"\b(?:a|per|each|every)\s+({_UNITS})\b(?!\s+(?:ago|earlier|later|before|after|of)\b)", re.I),
    re.compile(r"\b(annually|daily|weekly|monthly|yearly)\b"),  # lower case: "the Daily Mail" is a name
    re.compile(r"\b(?:in|during)\s+((?:19|20)\d\d)\b", re.I),
]
# A stock: what is held at a time, not what one event did. Read before the figure ("a fleet
# of 120", "an arsenal of", "stockpile of") or right after it ("120 aircraft in service",
# "a 120-strong fleet").
_STOCK_BEFORE = re.compile(
    r"\b(?:fleet|fleets|arsenal|arsenals|stockpile|stockpiles|inventory|stock)\s+of\s+(?:some\s+|about\s+|around\s+|"
    r"nearly\s+|almost\s+|over\s+|more\s+than\s+)?$",
    re.I,
)
_STOCK_AFTER = re.compile(r"[\s\w-]{0,40}?\b(?:in\s+service|in\s+its\s+fleet|in\s+stock)\b|-strong\b", re.I)
STOCK = "in service or in stock"
_RATE = {"daily": "a day", "weekly": "a week", "monthly": "a month", "annually": "a year", "yearly": "a year"}


def _around(sentence: str, figure_text: str) -> tuple[str, int]:
    """The clause holding the figure's words, and where they start in it (-1 when not found)."""
    at = sentence.find(figure_text) if figure_text else -1
    if at < 0:
        return sentence, -1
    start = 0
    end = len(sentence)
    for hit in _CLAUSE_BREAK.finditer(sentence):
        if hit.end() <= at:
            start = hit.end()
        elif hit.start() >= at + len(figure_text):
            end = hit.start()
            break
    return sentence[start:end], at - start


@functools.lru_cache(maxsize=CLAUSE_CACHE)
def figure_event(sentence: str, figure_text: str) -> str:
    """The event the figure's clause names, nearest to the figure; "" when it names none.

    >>> figure_event("A car bomb killed eight people, medical sources said.", "eight people")
    'bombing'
    >>> figure_event("Another car bomb killed eight people.", "eight people")
    'bombing (another)'
    >>> figure_event("The attack killed eight people.", "eight people")
    ''
    """
    clause, at = _around(sentence, figure_text)
    best, distance = "", 1 << 30
    words = [(hit.start(), hit.group().casefold()) for hit in _WORD.finditer(clause)]
    for n, (start, word) in enumerate(words):
        event = _EVENT_WORDS.get(word)
        if event is not None:
            gap = abs(start - at) if at >= 0 else 0
            if gap < distance:
                # "another car bomb": one more incident of the kind, never the one the others count
                other = any(w in _ANOTHER for _, w in words[max(0, n - 3) : n])
                best, distance = event + (" (another)" if other else ""), gap
    return best


# "20 other people", "five more bodies", "another 12 soldiers": the rest beyond those already counted.
_NUMBER_TOKEN = r"(?:\d[\d,.]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_REST = re.compile(
    rf"^\W*(?:another|other|further|additional)\s+{_NUMBER_TOKEN}\b"
    rf"|\b{_NUMBER_TOKEN}\s+(?:other|more|further|additional)\b(?!\s+than)",
    re.I,
)


def counts_the_rest(figure_text: str) -> bool:
    """Does the figure count a remainder (a part of a whole it does not give), never a total?

    >>> counts_the_rest("20 other people"), counts_the_rest("another 12 soldiers"), counts_the_rest("five more")
    (True, True, True)
    >>> counts_the_rest("20 people"), counts_the_rest("more than 20 people"), counts_the_rest("12 more than")
    (False, False, False)
    """
    return _REST.search(figure_text) is not None


def calendar_period(period: str) -> bool:
    """Is ``period`` a stretch of the calendar ("in january", "this year", "since september"), which
    a report of the same count may leave unsaid? A rate ("a day") or a stock is another fact.

    >>> calendar_period("in january"), calendar_period("since september"), calendar_period("a day")
    (True, True, False)
    >>> calendar_period(STOCK), calendar_period("")
    (False, False)
    """
    return bool(period) and period != STOCK and not period.startswith("a ")


_DAY_NAMES = word_set("monday tuesday wednesday thursday friday saturday sunday")


def period_words(period: str) -> str:
    """A period as an editor writes it, months and days capitalised ("in January", "since September 16").

    >>> period_words("in january"), period_words("since september 16"), period_words("since friday")
    ('in January', 'since September 16', 'since Friday')
    >>> period_words("a day"), period_words("in may"), period_words("")
    ('a day', 'in May', '')
    """
    names = {*MONTHS, *_DAY_NAMES} - {"may"}  # "may" is a month only after "in" or "since"
    words = period.split(" ")
    months = [w.capitalize() if w in names or (w == "may" and n and words[n - 1] in ("in", "since")) else w
              for n, w in enumerate(words)]  # fmt: skip
    return " ".join(months)


# "has since been freed", "since it is cheaper": "since" that opens no period (a name may: "since
# Islamic State fighters attacked" counts from then).
_SINCE_NOT_A_TIME = word_set("been being become became had have has was were is are it they he she we you i which who")


def _since_a_time(phrase: str) -> bool:
    """Does "since" open a period with ``phrase`` ("since September", "since 2014", "since the
    war began")? Not a participle or a pronoun."""
    return phrase.split()[0].casefold() not in _SINCE_NOT_A_TIME


@functools.lru_cache(maxsize=CLAUSE_CACHE)
def figure_period(sentence: str, figure_text: str) -> str:
    """The period the figure counts over, in normalised words; "" when its clause names none.

    >>> figure_period("790 people were killed in January alone.", "790 people")
    'in january'
    >>> figure_period("The clinic treats 40 patients a day.", "40 patients")
    'a day'
    >>> figure_period("Two people were killed on January 3.", "Two people")
    ''
    >>> figure_period("Some 40 people have died since September.", "40 people")
    'since september'
    >>> figure_period("The 12 men have since been freed.", "12 men"), figure_period("Since it rained, 12 died.", "12")
    ('', '')
    >>> figure_period("The airline, which runs a fleet of 120 aircraft, sent 12 aircraft.", "120 aircraft")
    'in service or in stock'
    >>> figure_period("The airline, which runs a fleet of 120 aircraft, sent 12 aircraft.", "12 aircraft")
    ''
    """
    clause, at = _around(sentence, figure_text)
    if at >= 0 and (
        _STOCK_BEFORE.search(clause, 0, at)
        or _STOCK_AFTER.match(clause, at + len(figure_text), at + len(figure_text) + 48)
    ):
        return STOCK
    text = clause.replace(figure_text, " ") if figure_text else clause
    for n, pattern in enumerate(_PERIODS):
        hit = pattern.search(text)
        if hit is None:
            continue
        words = " ".join(w.casefold() for w in hit.group(0).split())
        if n == 0:
            if not _since_a_time(hit.group(1)):
                continue
            return "since " + " ".join(w.casefold() for w in hit.group(1).split())
        if n == 1:
            return "in " + _MONTH_OF[hit.group(1).casefold()]
        if n == 5:
            return _RATE[hit.group(1).casefold()]
        if n == 4:
            return "a " + hit.group(1).casefold().rstrip("s")
        return words
    return ""


# ---------------------------------------------------------------- what a measure measures


_MEASURE_VERBS = word_set(
    "weigh weighs weighed weighing last lasts lasted lasting run runs ran measure measures measured "
    "stretch stretches stretched span spans spanned extend extends extended stand stands stood reach "
    "reaches reached tip tips tipped"
)
_COPULAS = word_set("is was are were be been being")
# After the figure, a copula's measure: "is 80 kilometres long".
_DIMENSION_AFTER = re.compile(
    r"^\s+(?:long|tall|high|wide|deep|heavy|in\s+(?:length|diameter|height|width|depth))\b", re.I
)
# Between the verb and the figure: "lasted for about 14 hours", "weighed just over 120 kg".
_BETWEEN = word_set(
    "for about around nearly almost some roughly just over under more less than at least only barely "
    "close to up a an estimated approximately"
)
_DETERMINERS = word_set("the a an its their his her this these those our my your")
# Words that end a noun phrase: prepositions, relative words, auxiliaries, conjunctions.
_PHRASE_END = word_set(
    "of in on at for from with by between near off to into across along under over about during after "
    "before which that who whose where when and or but as than is was are were has have had will would "
    "could can may might should must do does did been being be caught built found seen made held set put "
    "cut hit sent shot struck taken given known shown thrown drawn grown flown won lost brought bought "
    "sold told left kept spent laid paid fed led read heard met dug"
)
# Where a clause's subject can start: after these words ("officials said the line is ...").
_SUBJECT_START = word_set("said says say told reported reports according added noted announced that")
_PRONOUNS = word_set("it they he she we you this that these those which who one")
# Dimension nouns say what kind of measure, never what was measured ("a distance of 42 miles").
_DIMENSIONS = word_set("distance length weight height width depth duration period total time span mass size")
_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


@functools.lru_cache(maxsize=CLAUSE_CACHE)
def measured_subject(sentence: str, figure_text: str) -> str | None:
    """What a measure or a duration measures, read from its clause; None when it does not say.

    The subject of a measure verb ("the blackout lasted 14 hours"), of a copula
    with a dimension ("the line is 80 kilometres long"), or the noun a figure
    is "of" ("a blackout of 14 hours"): the head word, folded to lower case.

    >>> measured_subject("The blackout lasted 14 hours, the operator said.", "14 hours")
    'blackout'
    >>> measured_subject("The record catfish caught in the river weighed 120 kilograms.", "120 kilograms")
    'catfish'
    >>> measured_subject("Officials said on Monday the new line is 80 kilometres long.", "80 kilometres")
    'line'
    >>> measured_subject("Crews faced a blackout of 14 hours.", "14 hours")
    'blackout'
    >>> measured_subject("It lasted 14 hours.", "14 hours") is None
    True
    >>> measured_subject("The trucks drove 80 kilometres.", "80 kilometres") is None
    True
    """
    clause, at = _around(sentence, figure_text)
    if at < 0:
        return None
    before = [(hit.start(), hit.group().casefold()) for hit in _TOKEN.finditer(clause, 0, at)]
    n = len(before)
    while n and before[n - 1][1] in _BETWEEN:
        n -= 1
    if not n:
        return None
    word = before[n - 1][1]
    after = clause[at + len(figure_text) :]
    if word == "of" and n >= 2:
        head = before[n - 2][1]
        if head in _DIMENSIONS or head in _DETERMINERS or head in _PHRASE_END:
            return None
        return singular(head)
    if not (word in _MEASURE_VERBS or word in _COPULAS and _DIMENSION_AFTER.match(after)):
        return None
    return _subject_head([w for _, w in before[: n - 1]])


def _subject_head(words: list[str]) -> str | None:
    """The head noun of the subject that ends ``words`` (the words before the verb)."""
    start = 0
    for i, w in enumerate(words):
        if w in _SUBJECT_START:
            start = i + 1
    words = words[start:]
    for i, w in enumerate(words):
        if w in _DETERMINERS:
            words = words[i + 1 :]
            break
    run: list[str] = []
    for w in words:
        if w in _PHRASE_END or w.endswith(("ed", "ing")) and len(w) > 4:
            break
        run.append(w)
    if not run:
        return None
    head = run[-1].removesuffix("'s").removesuffix("\u2019s")
    if head in _PRONOUNS or head in _DIMENSIONS or head in _DETERMINERS:
        return None
    return singular(head)


# ---------------------------------------------------------------- a figure its sentence denies

# Cheap first test: a sentence with none of these words denies nothing.
_DENIAL_CUES = ("untrue", "false", "deni", "deny", "baseless", "unfounded", "hoax", "debunk", "not true", "fake")
_REPORT = r"(?:reports?|claims?|rumou?rs?|stories|suggestions?|allegations?)"
_DENIED_BEFORE = re.compile(
    rf"\b(?:(?:denied|denies|deny|denying|dismissed|rejected|debunked)\s+(?:the\s+)?(?:{_REPORT}\s+)?(?:that|of)\b"
    rf"|(?:false|fake|baseless|unfounded|untrue)\s+{_REPORT}\s+(?:that|of)\b)",
    re.I,
)
_REPORT_THAT = re.compile(rf"\b{_REPORT}\s+(?:that|of)\b", re.I)
_DENIED_AFTER = re.compile(
    r"\b(?:were|was|are|is|have\s+been|has\s+been)\s+(?:\w+\s+)?(?:untrue|false|baseless|unfounded|a\s+hoax|fake|"
    r"not\s+true|debunked)\b",
    re.I,
)


@functools.lru_cache(maxsize=1 << 16)  # a story's figures are prepared again at each batch that joins it
def figure_denied(sentence: str, figure_text: str) -> bool:
    """Does the sentence deny what the figure says? Then no one asserts the figure.

    >>> figure_denied("He said rumours that she had killed 100 raiders were untrue.", "100 raiders")
    True
    >>> figure_denied("The ministry denied that 40 people were killed.", "40 people")
    True
    >>> figure_denied("Officials dismissed false reports of 300 arrests.", "300 arrests")
    True
    >>> figure_denied("The ministry said 40 people were killed, denying any cover-up.", "40 people")
    False
    >>> figure_denied("Reports that 40 people were killed were confirmed.", "40 people")
    False
    """
    folded = sentence.casefold()
    if not any(cue in folded for cue in _DENIAL_CUES):
        return False
    at = sentence.find(figure_text) if figure_text else -1
    if at < 0:
        return False
    before = sentence[:at]
    last_before = list(_DENIED_BEFORE.finditer(before))
    if last_before and not _CLAUSE_BREAK.search(before, last_before[-1].end()):
        return True
    reports = list(_REPORT_THAT.finditer(before))
    return bool(reports) and bool(_DENIED_AFTER.search(sentence, at + len(figure_text)))
