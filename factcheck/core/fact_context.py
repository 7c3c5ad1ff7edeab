"""What a figure's own clause says about its fact: the event it counts, and over what period.

Two figures of one story can share metric, place and day and still count two
sub-events: "33 killed in a wave of car bombings" and "1,000 troops killed in
clashes" are one story's figures, not one fact. A frame therefore also carries

* the **event** its clause names (a bombing, fighting, an air strike, a
  crash...), from a small table of event words: two known, different events
  are two facts; an unknown one meets any;
* the **period** it counts over ("since 16 September", "in January", "this
  year", "a day"): a running total or a rate is never the count of one event,
  and two different periods are two facts.

Both are read from the sentence around the figure's own words, never from a
list of sentences. Pure functions.

>>> s = "Some 33 people were killed in a wave of car bombings in the capital."
>>> figure_event(s, "33 people"), figure_period(s, "33 people")
('bombing', '')
>>> figure_period("More than 800 people have died in the town since September 16.", "800 people")
'since september 16'
"""

from __future__ import annotations

import re

from factcheck.core.lexicon import MONTHS

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


def figure_period(sentence: str, figure_text: str) -> str:
    """The period the figure counts over, in normalised words; "" when its clause names none.

    >>> figure_period("790 people were killed in January alone.", "790 people")
    'in january'
    >>> figure_period("The clinic treats 40 patients a day.", "40 patients")
    'a day'
    >>> figure_period("Two people were killed on January 3.", "Two people")
    ''
    """
    clause, _ = _around(sentence, figure_text)
    text = clause.replace(figure_text, " ") if figure_text else clause
    for n, pattern in enumerate(_PERIODS):
        hit = pattern.search(text)
        if hit is None:
            continue
        words = " ".join(w.casefold() for w in hit.group(0).split())
        if n == 0:
            return "since " + " ".join(w.casefold() for w in hit.group(1).split())
        if n == 1:
            return "in " + _MONTH_OF[hit.group(1).casefold()]
        if n == 5:
            return _RATE[hit.group(1).casefold()]
        if n == 4:
            return "a " + hit.group(1).casefold().rstrip("s")
        return words
    return ""
