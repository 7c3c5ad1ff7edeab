"""What is counted and what happened to it: metric verbs, tolls, subsets and totals."""

from __future__ import annotations

from .figure_base import (
    COMBATANTS,
    DETERMINERS,
    RELATIVE_OF,
    SUBSET_CUES,
    VAGUE,
    FigureHit,
)
from .figure_events import (
    JOB_LOSS_NOUNS,
    JOB_NOUNS,
    PARTICLE_EVENTS,
    PLACE_PREPOSITIONS,
    ends_event_reach,
    event_metric,
)
from .figure_nouns import (
    _is_people,
    _plural_head,
    _singular,
    refine_metric,
)
from .figure_outcomes import OutcomeReader
from .lexicon import (
    AIRCRAFT_NOUNS,
    AUXILIARY_VERBS,
    CASUALTY_METRICS,
    CURRENCY_WORDS,
    DOWN_VERBS,
    DRONE_NOUNS,
    METRIC_VERBS_BEFORE,
    MISSILE_NOUNS,
    NOUN_METRICS,
    PASSIVE_AUXILIARIES,
    PEOPLE_NOUNS,
)
from .numbers import SMALL, parse_number


class CountReader(OutcomeReader):
    __slots__ = ()

    def finish_count(self, idx: int, j: int) -> int:
        """Find the counted noun and the metric around a count; set relations."""
        words, low, hi = self.words, self.low, self.hi
        hit = self.hits[idx]
        k = j
        noun: str | None = None
        noun_end = j
        metric: str | None = None
        evidence_end = j
        of_total = False
        # "of which" / "of whom": part of the previous figure
        ante_noun: str | None = None
        relative_end: int | None = None  # after "of whom": a clause may say which group the part is
        if k + 1 < hi and low[k] == "of" and low[k + 1] in RELATIVE_OF:
            hit.parent = self.previous_count(idx)
            hit.anaphor = hit.parent is None
            if low[k + 1] == "which":
                # "Shahed drones, all 35 of which": the noun just before names what is counted
                t = self.tok_before(hit)
                while t > self.lo and low[t] in ("all", "some", "most", "many", "both", "only", "just", ","):
                    t -= 1
                if t >= self.lo and _plural_head(low[t]):
                    ante_noun = low[t]
                    parent = self.hits[hit.parent] if hit.parent is not None else None
                    if parent is not None and parent.noun != ante_noun and parent.end != self.ends[t]:
                        hit.parent = None
            k += 2
            noun_end = evidence_end = relative_end = k
        elif k + 1 < hi and low[k] == "of":
            m = k + 1
            if m < hi and low[m] in DETERMINERS:
                m += 1
            if (
                m < hi
                and (words[m][:1].isdigit() or low[m] in SMALL)
                and not (low[m] == "one" and m + 1 < hi and low[m + 1] == "of")
                and not (low[m] in SMALL and m + 1 < hi and words[m + 1] == "-" and self.glued(m, m + 1))
            ):
                of_total = True  # "10 of the 10 missiles": resolved when the total is read
                k = m
            elif m > k + 1:
                k = m  # "four of its F-16 fighters"
            elif low[hit.tok] in VAGUE or low[hit.tok] in ("tens", "dozen"):
                k = m  # "dozens of cars"
        share = self.share_before(idx)
        if not of_total:
            noun, noun_end, metric, evidence_end = self.read_noun(k, noun_end, evidence_end)
            k = noun_end
            # verb after: "were killed", "were shot down", "were left without electricity"
            if metric is None:
                metric, evidence_end = self.verb_after(k, evidence_end, noun is not None and _is_people(noun))
                t = self.tok_before(hit)
                if metric == "hostages" and t >= self.lo and (low[t], "hostage") in PARTICLE_EVENTS:
                    metric = PARTICLE_EVENTS[(low[t], "hostage")][0]  # "took 14 tourists hostage"
            if metric is None and noun is not None:
                metric, event_end = self.event_after(k, noun)  # "were laid off", "drowned"
                evidence_end = max(evidence_end, event_end)
        # verb before: "killing at least five", "fired 99 missiles", "shot down nine", "death of 40"
        if metric is None:
            t = self.tok_before(hit)
            stop = max(self.lo, t - 4)
            crossed = False  # past a preposition or another verb: "charged with 3 counts"
            times = j < hi and low[j] in ("times", "time")  # "employed two to four times a week"
            listed = idx  # the object whose list the verb is read back through
            while t >= stop:
                lt = low[t]
                if lt in METRIC_VERBS_BEFORE:
                    metric = METRIC_VERBS_BEFORE[lt]
                    break
                if lt == "down" and t - 1 >= self.lo and low[t - 1] in DOWN_VERBS:
                    # "shot down 9 drones" intercepted them; "gunned down 25 militants" killed them
                    metric = "killed" if noun is not None and _is_people(noun) else "intercepted"
                    break
                if lt == "of" and t - 1 >= self.lo and low[t - 1] in ("death", "deaths", "lives", "killing"):
                    metric = "killed"
                    break
                event = None if crossed or times else self.event_before(t, noun)
                if event is not None:
                    metric = event  # "police arrested 40 protesters", "will cut 5,000 jobs"
                    break
                if listed > 0 and self.listed_object_before(listed, t, noun_end):
                    # "seized 2 tankers and 19 sailors": read on before the earlier object
                    listed -= 1
                    t = self.tok_before(self.hits[listed])
                    stop = max(self.lo, t - 4)
                    continue
                if not words[t][:1].isalpha() or lt in ("and", "but", "which", "who", "that"):
                    break
                crossed = crossed or ends_event_reach(lt)
                t -= 1
        if metric is None and not of_total and noun is not None:
            # "three soldiers who went missing", "five guards who were abducted ... were freed"
            metric, relative_end_tok = self.relative_event(noun_end, noun, _is_people(noun))
            evidence_end = max(evidence_end, relative_end_tok) if metric is not None else evidence_end
        if metric is None and not of_total and noun is not None and _is_people(noun):
            # after the verb before: "killed 4 soldiers and 7 civilians were hurt" killed the soldiers
            metric = self.coordinated_casualty(noun_end)
        if noun is None and ante_noun is not None and hit.parent is None:
            noun = ante_noun
        if noun is not None and self.combatant(noun, j, noun_end):
            noun = COMBATANTS
        if metric == "destroyed" and noun is not None and refine_metric(metric, noun) == metric:
            # "destroyed 40 houses": houses destroyed; only projectiles are intercepted
            metric = event_metric(("destroyed", "thing"), noun, _is_people(noun))
        if share is not None and metric is not None:
            # "a third of the 300 staff were laid off": the third were, not the 300
            share.metric, metric = refine_metric(metric, noun), None
        if metric is None:
            metric = self.toll_before(hit)
        if noun in AIRCRAFT_NOUNS and metric is None:
            metric = "aircraft"
        if metric == "launched" or (metric is None and noun is not None and noun in NOUN_METRICS):
            if noun in MISSILE_NOUNS:
                metric = "missiles_launched"
            elif noun in DRONE_NOUNS:
                metric = "drones_launched"
            elif metric == "launched":
                metric = f"{_singular(noun)}_launched" if noun else "launched"
            else:
                metric = NOUN_METRICS[noun] if noun else None
        job_loss = self.job_loss(noun, noun_end) if metric is None else None
        if job_loss is not None:
            metric = job_loss  # "20,000 job cuts" counts the jobs cut, as "cut 20,000 jobs" does
        if metric is None and noun is not None:
            metric = "people" if noun in PEOPLE_NOUNS else _singular(noun)
        metric = refine_metric(metric, noun)
        if noun is None and relative_end is not None and hit.parent is not None:
            noun = self.picked_group(relative_end)  # "40 people, six of whom were children"
        hit.noun = noun
        hit.metric = metric
        hit.unit = "jobs" if job_loss is not None else self.count_unit(noun, metric)
        if noun in CURRENCY_WORDS and hit.kind == "count":  # "millions of dollars"
            hit.kind, hit.metric, hit.unit = "money", "money", CURRENCY_WORDS[noun]
        end_tok = max(noun_end, evidence_end) if not of_total else j
        hit.end = max(hit.end, self.ends[end_tok - 1])
        # "including six children": part of the figure before it
        t = self.tok_before(hit)
        among = (
            not of_total
            and noun_end + 1 < hi
            and low[noun_end] == "among"
            and low[noun_end + 1] in ("them", "those", "these", "whom", "the")
        )
        if t > self.lo and low[t] == "the" and low[t - 1] == "among":
            t -= 1
        # "Of the 40 dead, six were children": a part of the whole its clause opens with
        named_whole = None if of_total or hit.parent is not None else self.whole_before(hit.tok, idx)
        if not of_total and t > self.lo and low[t] == "among" and low[t - 1] in PASSIVE_AUXILIARIES:
            # "the three were among 14 members", "two soldiers were among the 12 killed":
            # the count before is part of this one, and died as its whole did
            part_idx = self.previous_count(idx)
            if part_idx is not None:
                part = self.hits[part_idx]
                part.parent = idx
                if (part.noun is None or _is_people(part.noun)) and metric in CASUALTY_METRICS:
                    part.metric = metric
        elif (t >= self.lo and low[t] in SUBSET_CUES) or among or self.among_them(t) or named_whole is not None:
            if among:
                hit.end = max(hit.end, self.ends[noun_end + 1])
            if named_whole is not None:
                hit.parent = named_whole
                if noun is None:
                    hit.noun = self.picked_group(noun_end)  # "six were children"
            else:
                hit.parent = self.previous_count(idx, people=noun is not None and _is_people(noun))
            if hit.parent is not None:
                parent = self.hits[hit.parent]
                if noun is None and parent.unit is not None and _is_people(parent.noun or parent.unit):
                    hit.unit = parent.unit  # "Of the 12 sailors, four were hurt": four sailors
                if (noun is None or noun in PEOPLE_NOUNS or noun == COMBATANTS) and (
                    parent.metric in CASUALTY_METRICS or metric in (None, "people")
                ):
                    hit.metric = parent.metric
                    if noun != COMBATANTS:  # "30 people, including 5 militants": still a count of militants
                        hit.unit = parent.unit or hit.unit
        end = self.with_change(idx, j)
        if of_total:
            hit.change = "of_total"  # placeholder, resolved in link_subsets
        return end

    def job_loss(self, noun: str | None, noun_end: int) -> str | None:
        """The metric of a count of job losses by their own noun: "20,000 job cuts", "900 layoffs"."""
        if noun not in JOB_LOSS_NOUNS:
            return None
        if noun in ("cuts", "losses") and not (noun_end - 2 >= self.lo and self.low[noun_end - 2] in JOB_NOUNS):
            return None  # "3 cuts to the budget", "two losses in a row"
        return JOB_LOSS_NOUNS[noun]

    def share_before(self, idx: int) -> FigureHit | None:
        """The share whose whole hit ``idx`` counts: "a third of the 300 staff", "half of 40"."""
        if idx == 0 or self.hits[idx - 1].kind != "percent":
            return None
        share = self.hits[idx - 1]
        t = self.tok_before(self.hits[idx])
        if t > self.lo and self.low[t] in DETERMINERS:
            t -= 1
        if t > self.lo and self.low[t] == "of" and self.ends[t - 1] == share.end:
            return share
        return None

    def coordinated_casualty(self, k: int) -> str | None:
        """ "Two soldiers and three civilians were killed": the verb after the second
        group of people says what happened to the first one too."""
        low, hi = self.low, self.hi
        if not (k + 2 < hi and low[k] == "and"):
            return None
        if low[k + 1] in ("a", "an"):  # "and a doctor"
            after = k + 2
        elif self.words[k + 1][:1].isdigit() or low[k + 1] in SMALL:
            parsed = parse_number(self.words, low, self.starts, self.ends, k + 1, hi, self.config.max_digits)
            if parsed is None:
                return None
            after = parsed[1]
        else:
            return None
        noun, noun_end, metric, evidence_end = self.read_noun(after, after, after)
        if noun is None or not _is_people(noun):
            return None
        if metric is None:
            metric, _ = self.verb_after(noun_end, evidence_end)
        return metric if metric in CASUALTY_METRICS else None

    def listed_object_before(self, idx: int, t: int, noun_end: int) -> bool:
        """Does token ``t`` join hit ``idx`` to the object before it, one verb's list of objects
        ("seized 2 tankers and 19 sailors", "killed 6 guards, 2 drivers and 4 porters"), each
        with a short place of its own ("30 barns near Tula and 12 mills")? Not when the count
        at ``noun_end`` opens a clause of its own ("and 19 sailors were safe")."""
        low, words = self.low, self.words
        s = t
        while s > self.lo and s > t - 2 and low[s] in (",", "and"):
            s -= 1
        if s == t or (noun_end < self.hi and low[noun_end] in AUXILIARY_VERBS):
            return False
        earlier = self.hits[idx - 1]
        if earlier.kind != "count" or earlier.metric is None:
            return False
        place = next((p for p in range(s, max(self.lo, s - 4), -1) if low[p] in PLACE_PREPOSITIONS), None)
        if place is not None and all(words[p][:1].isalpha() for p in range(place, s + 1)):
            s = place - 1  # "near Tula", "in the capital"
        return earlier.end == self.ends[s]
