"""Numbers and scales: digits, words, "a dozen", "dozens", signs, currency before and scale after."""

from __future__ import annotations

import itertools

from .figure_base import (
    DASHES,
    DETERMINERS,
    DISPLAY_NEXT,
    KARAT_NEXT,
    MINUS,
    NUMBER_STARTERS,
    ORDINAL_SUFFIX,
    TIME_SUFFIX,
    VAGUE,
    WEEKDAYS,
    FigureHit,
    interval,
)
from .figure_changes import (
    QUALIFIERS,
)
from .figure_money import GLUED_UNITS
from .figure_nouns import (
    _singular,
)
from .figure_words import NumberWordReader
from .lexicon import (
    CASUALTY_METRICS,
    COMBATANT_GROUPS,
    COMBATANT_NOUNS,
    CURRENCY_WORDS,
    DURATION_UNITS,
    GLUED_ONLY_UNITS,
    MEASURE_UNITS,
    METRIC_WORDS,
    MONTHS,
    NOUN_STOP,
    OBJECT_PRONOUNS,
    PASSIVE_AUXILIARIES,
    PEOPLE_NOUNS,
    SINGULAR_PEOPLE,
    TIME_WORDS,
    TRANSITIVE_CASUALTY_VERBS,
)
from .numbers import DENOMINATORS, DIGIT_SCALES, SCALES, SMALL, parse_number
from .types import ABOUT, AT_LEAST, EXACT, RANGE


class NumberReader(NumberWordReader):
    __slots__ = ()

    def article_at(self, i: int) -> int:
        low, hi = self.low, self.hi
        if i + 1 >= hi:
            return i + 1
        n1 = low[i + 1]
        if n1 in SCALES or n1 == "dozen":
            return self.number_at(i)
        if n1 in DENOMINATORS:
            share_end = self.article_share(i)  # "a third of voters"
            if share_end is not None:
                return share_end
        if (
            n1 in MEASURE_UNITS
            and n1 not in GLUED_ONLY_UNITS
            and n1 not in ("degree", "cup", "stone", "ft", "bit", "ton", "tons")
        ):
            unit, kind, measure = MEASURE_UNITS[n1]
            self.add(i, i + 2, 1.0, 1.0, 1.0, EXACT, kind, measure, unit, i)
            return i + 2
        if n1 in ("penny", "dime", "cent"):
            self.add(i, i + 2, 1.0, 1.0, 1.0, EXACT, "money", "money", CURRENCY_WORDS[n1], i)
            return i + 2
        # implicit casualty: "a (91-year-old) woman died", "a man was killed"
        k = i + 1
        limit = min(hi, i + 9)
        while k < limit and low[k] not in SINGULAR_PEOPLE:
            if low[k] in NOUN_STOP or low[k] in (",", ".", ";", "“", "”", '"'):
                return i + 1
            k += 1
        if k >= limit:
            return i + 1
        while k + 1 < limit and low[k + 1] in SINGULAR_PEOPLE:
            k += 1  # "a National Guard soldier"
        noun_end = k + 1
        j = noun_end
        # skip a relative "who" / auxiliary
        limit = min(hi, noun_end + 4)
        metric: str | None = None
        passive = False
        while j < limit:
            lj = low[j]
            if lj in ("was", "were", "is", "has", "been", "had", "later", "also", "reportedly", "who", "went"):
                passive = passive or lj in PASSIVE_AUXILIARIES
                j += 1
                continue
            if lj in METRIC_WORDS and METRIC_WORDS[lj] in CASUALTY_METRICS:
                metric = METRIC_WORDS[lj]
                j += 1
            break
        if metric is None:
            return i + 1
        if not passive and low[j - 1] in TRANSITIVE_CASUALTY_VERBS and self.object_at(j):
            return i + 1  # "a retired soldier has killed at least 12 raiders": the agent, not a victim
        self.add(i, j, 1.0, 1.0, 1.0, EXACT, "count", metric, "people", i, noun=_singular(low[k]))
        return i + 1  # keep reading inside (the age in "a 91-year-old woman")

    def object_at(self, t: int) -> bool:
        """Does an object of an active verb start at token ``t``? A number ("12", "at least
        12"), a determiner or pronoun ("the guard", "them"), a name or people ("civilians").

        Time words are adjuncts, not objects ("a man killed last week", "killed this
        morning", "killed Tuesday"), and a reflexive object is the victim ("killed himself").
        """
        words, low, hi = self.words, self.low, self.hi
        if t >= hi:
            return False
        lt = low[t]
        nxt = low[t + 1] if t + 1 < hi else ""
        if words[t][:1].isdigit() or lt in SMALL or lt in VAGUE:
            return nxt not in DURATION_UNITS
        if lt in DETERMINERS or lt in OBJECT_PRONOUNS:
            return nxt not in TIME_WORDS and nxt not in DURATION_UNITS and nxt not in WEEKDAYS
        if lt in PEOPLE_NOUNS or lt in COMBATANT_NOUNS or lt in COMBATANT_GROUPS:
            return True
        if words[t][:1].isupper() and words[t].isalpha():
            return lt not in WEEKDAYS and lt not in MONTHS and lt not in NOUN_STOP
        # a qualified number: "at least 12", "more than 20", "up to 30"
        for n in (3, 2, 1):
            if QUALIFIERS.get(tuple(low[t : t + n])) and t + n < hi:
                w = words[t + n]
                return w[:1].isdigit() or low[t + n] in SMALL
        return False

    def number_at(self, i: int) -> int:
        words, low, hi, cfg = self.words, self.low, self.hi, self.config
        lw = low[i]
        # a number glued to letters is a name (F-16, COVID-19, MH17, G7), not a figure
        if i > self.lo and self.glued(i - 1, i):
            p = words[i - 1]
            if (
                p[:1].isalpha()
                and self.currency_before(i - 1, i) is None
                or (
                    p in DASHES
                    and i - 2 >= self.lo
                    and self.glued(i - 2, i - 1)
                    and words[i - 2][:1].isalpha()
                    and low[i - 2] != "minus"  # "minus-40 degrees"
                )
            ):
                return i + 1
            if (p[:1].isdigit() or p in ("/", "⁄", ".", ":")) and not self.leading_dot(i):
                return i + 1
        # vague quantities: "dozens", "hundreds of thousands", "tens of thousands"
        if lw in VAGUE or lw == "tens":
            return self.vague_at(i)
        if lw == "half":
            if i + 2 < hi and low[i + 1] == "a" and low[i + 2] == "dozen":
                return self.dozen_at(i, i + 3, 6.0)
            return self.half_share(i) or i + 1
        if (
            lw == "one"
            and i + 1 < hi
            and low[i + 1] in ("of", "another", "day", "time")
            and not (i + 2 < hi and words[i + 2][:1].isdigit())
        ):
            return i + 1
        if lw == "one" and self.pronoun_one(i):
            return i + 1
        if lw in SMALL and self.name_with_number(i):
            return i + 1
        if lw in ("a", "an") and i + 1 < hi and low[i + 1] == "dozen":
            return self.dozen_at(i, i + 2, 12.0)
        parsed = parse_number(words, low, self.starts, self.ends, i, hi, cfg.max_digits)
        if parsed is None:
            return i + 1
        value, j = parsed
        share = self.share_after(i, j, value)
        if share is not None:
            return self.add_share(i, share[1], share[0])
        dotted = self.leading_dot(i)
        if dotted:
            value = float("0." + words[i])  # ".5 per cent"
        if words[i][:1].isdigit():
            powered = self.power_of_ten(i, j, value)
            if powered is not None:
                value, j = powered  # "6.02×10^23"
        label = self.not_a_figure(i, j)
        if label is not None:
            if label == "label":
                self.add(i, j, value, value, value, EXACT, "ordinal", None, None, i)
            return self.chunk_end(i)
        # a list marker opening the sentence: "1/ Sirens", "2) Smoke"
        if (
            i == self.lo
            and j + 1 < hi
            and words[j] in ("/", ")")
            and self.glued(j - 1, j)
            and not self.glued(j, j + 1)
            and words[i].isdigit()
        ):
            return j + 1
        first_tok = i
        start_tok = i - 1 if dotted else i
        # glued trailing letters: ordinals, scales, units ("21st", "2bn", "10kg"), else a code ("5G")
        if j < hi and self.glued(j - 1, j) and words[j][:1].isalpha() and words[i][:1].isdigit():
            g = low[j]
            if not (
                g in ORDINAL_SUFFIX
                or g in DIGIT_SCALES
                or g in MEASURE_UNITS
                or g in DURATION_UNITS
                or g in TIME_SUFFIX
                or self.config.currencies.name_at(low, j) is not None
                or words[j] in self.config.currencies.codes
                or g in ("a", "p", "s", "h", "x", "e")
                or g in GLUED_UNITS
            ):
                return j + 1
            if g == "s" and words[i].isdigit() and value % 10 == 0 and len(words[i]) in (2, 4):
                # decades: "the 90s", "in his 40s", "the 1990s"
                self.add(i, j + 1, value, value, value + 9, EXACT, "date", "decade", "decade", i)
                return j + 1
            nx = low[j + 1] if j + 1 < hi else ""
            bare = self.currency_before(i - 1, i) is None
            # "18k gold" (karat), "4K video" (resolution), "5G" (network generation)
            if g == "k" and bare and value <= 24 and nx in KARAT_NEXT:
                self.add(i, j + 1, value, value, value, EXACT, "measure", "carat", "carat", i)
                return j + 1
            if g == "k" and bare and value <= 16 and (nx in DISPLAY_NEXT or words[j] == "K" and not nx.isalpha()):
                return j + 1
            if words[j] == "G" and value < 10:
                return j + 1
        if j < hi and low[j] in ORDINAL_SUFFIX and self.glued(j - 1, j):
            return self.ordinal_at(i, j + 1, value)
        # "a dozen" / "two dozen"
        if j < hi and low[j] == "dozen":
            if low[i] in ("a", "an"):
                return self.dozen_at(i, j + 1, 12.0)
            value *= 12
            j += 1
        if (
            j + 1 < hi
            and words[j] in ("'", "’")
            and low[j + 1] == "s"
            and self.glued(j - 1, j)
            and self.glued(j, j + 1)
            and words[i].isdigit()
            and value % 10 == 0
            and len(words[i]) in (2, 4)
        ):
            self.add(i, j + 2, value, value, value + 9, EXACT, "date", "decade", "decade", i)
            return j + 2  # "the 80's"
        # sign: "-15", "−3", "minus 5"
        negative = False
        if (
            i > self.lo
            and words[i - 1] in MINUS
            and self.glued(i - 1, i)
            and (i - 1 == self.lo or not self.glued(i - 2, i - 1) or words[i - 2] in ("(", "$", "€", "£"))
            or i > self.lo
            and low[i - 1] == "minus"
        ):
            negative = True
            start_tok = i - 1
        elif i - 2 >= self.lo and words[i - 1] in MINUS and self.glued(i - 1, i) and low[i - 2] == "minus":
            negative = True  # "minus-40 degrees"
            start_tok = i - 2
        # an explicit plus sign: "+0.3%" is a rise
        signed_up = (
            not negative
            and i > self.lo
            and words[i - 1] == "+"
            and self.glued(i - 1, i)
            and (i - 1 == self.lo or not self.glued(i - 2, i - 1) or words[i - 2] == "(")
        )
        if signed_up:
            start_tok = i - 1
        # currency before: "$2bn", "US$ 5", "€3.4 billion", "$-99.99"
        currency = None
        found = self.currency_before(start_tok - 1, i)
        if found is not None:
            currency, start_tok = found
            if start_tok - 1 >= self.lo and words[start_tok - 1] in MINUS and self.glued(start_tok - 1, start_tok):
                negative = True
                start_tok -= 1
        # scale after: "1.5 million", "2bn", "$2.174T", "0.5k", "$5-billion", "1.2m tons"
        scale = 1.0
        if words[i][:1].isdigit():
            scale, j = self.scale_after(j, currency)
        value *= scale
        if negative:
            value = -value
        # "600-plus", "5,000+ people", "600 plus engineers": at least
        plus = j < hi and (words[j] == "plus" or words[j] == "+" and self.glued(j - 1, j))
        if j + 1 < hi and words[j] in DASHES and words[j + 1] == "plus" and self.glued(j - 1, j):
            plus = True
        if plus:
            e = j + 1 if low[j] != "-" and words[j] not in DASHES else j + 2
            if e < hi and (words[e][:1].isdigit() or low[e] in NUMBER_STARTERS):
                plus = False  # "2 plus 2"
            else:
                j = e
        qual, qual_start = self.qualifier_before(start_tok)
        # ranges: "between 10 and 15", "10-15", "10 to 15", "8- to 16-meter", "two or three"
        unit_info = self.unit_at(j, currency)
        after = unit_info[3] if unit_info else j
        rng = self.range_after(after, j, first_tok, qual_start, start_tok)
        low_v = high_v = value
        if rng is not None:
            b_value, b_scale, b_end, b_unit_info, b_currency = rng
            if scale == 1.0 and b_scale != 1.0 and abs(value) * b_scale <= abs(b_value):
                value *= b_scale  # "between 2 and 3 million", not "from $600,000 to $1.1 million"
            low_v, high_v = min(value, b_value), max(value, b_value)
            value = (low_v + high_v) / 2
            qual = RANGE
            if qual_start is not None and low[qual_start] not in ("between", "from"):
                qual_start = None
            if b_unit_info and not unit_info:
                unit_info = b_unit_info
            currency = currency or b_currency
            j = b_end
            after = b_unit_info[3] if b_unit_info else b_end
        else:
            if qual_start is not None and low[qual_start] in ("between", "from"):
                qual_start = None
                qual = EXACT
        if qual_start is None and rng is None:
            qual = EXACT
        elif qual != RANGE:
            low_v, high_v = interval(value, qual, cfg)
        if plus and qual == EXACT:
            qual = AT_LEAST
            low_v, high_v = interval(value, qual, cfg)
        span_start = min(qual_start, start_tok) if qual_start is not None else start_tok
        # trailing "or so" means about
        if qual == EXACT and after + 1 < hi and low[after] == "or" and low[after + 1] == "so":
            qual = ABOUT
            low_v, high_v = interval(value, qual, cfg)
        end = self.classify(span_start, first_tok, j, after, value, low_v, high_v, qual, currency, unit_info)
        if (signed_up or negative) and self.hits and self.hits[-1].tok == first_tok:
            self.signed_change(self.hits[-1], up=signed_up)
        return end

    def carry_qualifiers(self) -> None:
        """A figure coordinated with the one before and naming no qualifier takes its "about" or
        "at least": "about 53,000 emails and 17,000 attachments", "at least 12 killed and 30
        injured" (the speaker rounds, or bounds, both).

        >>> from factcheck.core.tokens import tokenize
        >>> from factcheck.core.figures import find_figures
        >>> def read(text):
        ...     t = tokenize(text)
        ...     return [(h.value, h.qualifier) for h in find_figures(t, 0, len(t))]
        >>> read("At least 12 were killed and 30 injured")
        [(12.0, 'at_least'), (30.0, 'at_least')]
        >>> read("It made about $5 million and 12 staff left"), read("Nearly 40 died and 12 were rescued")
        ([(5000000.0, 'about'), (12.0, 'exact')], [(40.0, 'nearly'), (12.0, 'exact')])
        """
        for prev, hit in itertools.pairwise(self.hits):
            if hit.qualifier != EXACT or prev.qualifier not in (ABOUT, AT_LEAST) or prev.kind != hit.kind:
                continue
            if hit.kind not in ("count", "money") or hit.low != hit.high:
                continue
            t = self.tok_before(hit)
            if t - 1 >= self.lo and self.low[t] == "and" and prev.end == self.ends[t - 1]:
                hit.qualifier = prev.qualifier
                hit.low, hit.high = interval(hit.value, hit.qualifier, self.config)

    def ordinal_at(self, i: int, e: int, value: float) -> int:
        """An ordinal in tokens ``i:e`` ("21st"); a day when a month names it: "the 3rd
        of June", "22nd April", "April 22nd" (a date, never a count)."""
        words, low = self.words, self.low
        day = words[i].isdigit() and 1 <= value <= 31
        prev = i - 1
        if prev > self.lo and words[prev] == ".":
            prev -= 1  # "Apr. 22nd"
        if day and prev >= self.lo and low[prev] in MONTHS and words[prev][:1].isupper():
            self.add(prev, e, value, value, value, EXACT, "date", "date", "day", i)
            return e
        month = e + 1 if e < self.hi and low[e] == "of" else e
        if day and self.month_at(month):
            self.add(i, month + 1, value, value, value, EXACT, "date", "date", "day", i)
            return month + 1
        self.add(i, e, value, value, value, EXACT, "ordinal", None, None, i)
        return e

    def signed_change(self, hit: FigureHit, up: bool) -> None:
        """ "+0.3%" rose, "-1.2%" fell: a signed share or sum is a change (a signed
        temperature or coordinate is not)."""
        if hit.change is not None or hit.kind in ("date", "age", "ordinal"):
            return
        if up and hit.kind in ("percent", "money", "count"):
            hit.change = "up"
        elif not up and hit.kind == "percent":
            hit.change = "down"
