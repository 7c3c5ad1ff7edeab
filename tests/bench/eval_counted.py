"""What counts count, on real news (not a pytest test; issue 12, "what is counted").

Run: ``python tests/bench/eval_counted.py [--save FILE] [--compare FILE] [--sample N]``.

Over the FNC-1 test bodies (``../shared/corpus/fnc1-test``), every figure of kind
``count`` is put in one class by the fact key it would be compared under
(:func:`factcheck.core.same_fact.key_strength`):

- ``none``: no metric at all (never compared);
- ``vague``: a metric that names only a kind or "people" (compared only with strong
  same-story evidence);
- ``noun``: the metric only repeats the counted noun ("300 homes": homes), so it says
  nothing of what happened;
- ``event``: the metric says what happened ("killed", "laid off", "homes destroyed").

``--save`` writes each count's (body, offset, metric) to a JSON file (kept outside the
repository); ``--compare`` reads such a file from an earlier run (e.g. of the code before a
change) and prints how many counts got a metric they lacked, and a random sample of those
with their sentences, to the terminal only (the corpus is never copied into the repository).
It also lists how the newly given metrics fall on non-facts (ages, phone numbers, ordinals,
comment counts, "one of the"), which must stay uncompared.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from factcheck.core import extract_claims  # noqa: E402
from factcheck.core.fact_figures import _singular  # noqa: E402
from factcheck.core.figure_base import _set  # noqa: E402
from factcheck.core.figure_counts import CLAUSE_EVENTS  # noqa: E402
from factcheck.core.figure_events import EVENT_NOUNS, EVENT_VERBS, PARTICLE_EVENTS  # noqa: E402
from factcheck.core.lexicon import METRIC_VERBS_BEFORE, METRIC_WORDS, NOUN_METRICS  # noqa: E402
from factcheck.core.match_config import DEFAULT_CONFIG  # noqa: E402
from factcheck.core.same_fact import key_strength  # noqa: E402

EVENT_METRICS = frozenset(
    [*METRIC_WORDS.values(), *METRIC_VERBS_BEFORE.values(), *CLAUSE_EVENTS.values()]
    + [m for m, _ in (*EVENT_VERBS.values(), *PARTICLE_EVENTS.values(), *EVENT_NOUNS.values())]
    + [m for m in NOUN_METRICS.values() if "_" in m]
)

BODIES = ROOT / ".." / "shared" / "corpus" / "fnc1-test" / "competition_test_bodies.csv"
# Words next to a count that mark a non-fact: web-page furniture and the like.
NON_FACT_NOUNS = _set(
    "comment comments reply replies like likes share shares view views follower followers "
    "subscriber subscribers vote votes point points"
)
_PHONE = re.compile(r"\d{3}[-. )]+\d{3,4}")


def count_class(metric: str, unit: str, text: str) -> str:
    """The class of one count's fact key: none, vague, noun or event.

    The matcher's subject is the unit ("people" for "two doctors"), so a metric that only
    repeats the counted noun ("doctor") would pass its test as strong: a metric that is no
    event word of the lexicons and only repeats a word of the figure is a noun here.
    """
    if not metric.strip():
        return "none"
    strength = key_strength((metric.replace("_", " "), "", unit.replace("_", " ")), DEFAULT_CONFIG)
    if strength == "vague" or metric in DEFAULT_CONFIG.generic_subjects:
        return "vague"
    own = {_singular(w) for w in re.findall(r"[a-z]+", text.casefold())} | {_singular(unit)}
    if strength == "noun" or (metric not in EVENT_METRICS and {_singular(t) for t in metric.split("_")} <= own):
        return "noun"
    return "event"


def read_counts() -> dict[str, dict[str, object]]:
    """Every count in the bodies: key "body:start" -> metric, unit, class, text, sentence."""
    csv.field_size_limit(10**8)
    counts: dict[str, dict[str, object]] = {}
    with open(BODIES, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            body = row["articleBody"]
            for claim in extract_claims(body):
                for fig in claim.figures:
                    if fig.kind != "count":
                        continue
                    metric, unit = fig.metric or "", fig.unit or ""
                    counts[f"{row['Body ID']}:{fig.start}"] = {
                        "metric": metric,
                        "unit": unit,
                        "class": count_class(metric, unit, fig.text),
                        "text": fig.text,
                        "sentence": claim.text,
                    }
    return counts


def non_fact(entry: dict[str, object]) -> str | None:
    """Why a count reads as a non-fact (a phone number, "one of the", comment counts), or None."""
    text, sentence = str(entry["text"]), str(entry["sentence"])
    low = text.casefold()
    if _PHONE.search(text):
        return "phone"
    if low.split()[:1] == ["one"] and " of the" in sentence.casefold()[sentence.casefold().find(low) :][:20]:
        return "one of the"
    if any(w in NON_FACT_NOUNS for w in low.split()):
        return "web furniture"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--save", type=Path, help="write this run's counts to a JSON file")
    parser.add_argument("--compare", type=Path, help="a JSON file saved by an earlier run")
    parser.add_argument("--sample", type=int, default=30, help="newly given metrics to print")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if not BODIES.exists():
        print("FNC-1 counted: skipped (../shared/corpus/fnc1-test not found)")
        return 0
    counts = read_counts()
    classes = Counter(str(c["class"]) for c in counts.values())
    total = len(counts)
    print(f"FNC-1 test bodies: {total} counts")
    for name in ("none", "vague", "noun", "event"):
        print(f"  {name:6} {classes[name]:6}  {100 * classes[name] / max(total, 1):5.1f}%")
    weak = classes["none"] + classes["vague"]
    print(f"  no metric or only a generic one: {weak} ({100 * weak / max(total, 1):.1f}%)")
    top = Counter(str(c["metric"]) for c in counts.values() if c["class"] == "event").most_common(25)
    print("  commonest event metrics:", ", ".join(f"{m} {n}" for m, n in top))
    if args.save:
        args.save.write_text(json.dumps({k: [v["metric"], v["class"]] for k, v in counts.items()}))
    if args.compare:
        before = json.loads(args.compare.read_text())
        gained = [
            k for k, c in counts.items() if c["class"] == "event" and k in before and before[k][1] in ("none", "vague")
        ]
        changed = [
            k
            for k, c in counts.items()
            if k in before and before[k][1] == "event" and c["class"] == "event" and before[k][0] != c["metric"]
        ]
        lost = [k for k, c in counts.items() if k in before and before[k][1] == "event" and c["class"] != "event"]
        sharpened = [k for k, c in counts.items() if c["class"] == "event" and k in before and before[k][1] == "noun"]
        print(
            f"against {args.compare.name}: {len(gained)} counts gained an event metric (from none or generic), "
            f"{len(sharpened)} from a noun-only one, {len(changed)} changed event metric, {len(lost)} lost one"
        )
        reasons = Counter(r for k in gained + sharpened if (r := non_fact(counts[k])) is not None)
        print("  newly given metrics on non-facts:", dict(reasons) or "none")
        rng = random.Random(args.seed)
        for k in rng.sample(gained + sharpened, min(args.sample, len(gained + sharpened))):
            c = counts[k]
            print(f"  [{k}] {c['text']!r} -> {c['metric']} (was {before[k][0] or '-'})")
            print(f"      {' '.join(str(c['sentence']).split())[:300]}")
        for k in lost[:10]:
            print(f"  lost [{k}] {counts[k]['text']!r} {before[k][0]} -> {counts[k]['metric'] or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
