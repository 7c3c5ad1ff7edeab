"""Quality of extraction on the shared evaluation corpora (not a pytest test).

Run: ``python tests/bench/eval_extraction.py``. Prints:
- attribution P/R/F1 on PolNeAR train (overlap matching of speaker with gold
  source and claim with gold content; one annotator per article);
- recall of gold values on the quantulum3 sentences.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from factcheck.core import extract_claims  # noqa: E402

SHARED = ROOT / ".." / "shared"
CORPUS = SHARED / "corpus"

# quantulum3 writes some values in their own unit; bring them to what the text counts
UNIT_FACTORS = {"dozen": 12.0, "gross": 144.0, "baker's dozen": 13.0}


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def eval_polnear(limit: int | None = None, verbose: bool = False) -> tuple[float, float, float]:
    base = CORPUS / "polnear-train"
    if not base.exists():
        print("PolNeAR: skipped (../shared/corpus/polnear-train not found)")
        return 0.0, 0.0, 0.0
    annotator: dict[str, str] = {}
    with open(base / "metadata.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            annotator[row["filename"]] = row["annotators"].split(",")[0].strip()
    gold: dict[str, list[dict[str, list[dict[str, int]]]]] = defaultdict(list)
    with open(base / "attributions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["annotator"] != annotator.get(r["article"]) or not r["source"] or not r["content"]:
                continue
            gold[r["article"]].append(r)
    articles = sorted(annotator)[:limit] if limit else sorted(annotator)
    tp_pred = n_pred = tp_gold = n_gold = 0
    for art in articles:
        path = base / "text" / f"{art}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        rels = gold.get(art, [])
        n_gold += len(rels)
        claims = [c for c in extract_claims(text) if c.speaker_start is not None]
        n_pred += len(claims)
        matched = [False] * len(rels)
        for c in claims:
            assert c.speaker_start is not None and c.speaker_end is not None
            ok = False
            for k, r in enumerate(rels):
                if any(overlaps(c.speaker_start, c.speaker_end, s["start"], s["end"]) for s in r["source"]) and any(
                    overlaps(c.start, c.end, s["start"], s["end"]) for s in r["content"]
                ):
                    ok = True
                    matched[k] = True
            tp_pred += ok
            if verbose and not ok:
                print("FP:", repr(text[c.speaker_start : c.speaker_end]), c.cue, "|", c.text[:100])
        tp_gold += sum(matched)
        if verbose:
            for k, r in enumerate(rels):
                if not matched[k]:
                    print(
                        "FN:",
                        [s["text"] for s in r["source"]],
                        [s["text"] for s in r["cue"]],
                        "|",
                        r["content"][0]["text"][:80],
                    )
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"PolNeAR attribution ({len(articles)} articles, {n_gold} gold relations with a source, {n_pred} predicted):")
    print(f"  precision {100 * p:.1f}  recall {100 * r:.1f}  F1 {100 * f:.1f}")
    return p, r, f


def eval_quantulum(verbose: bool = False) -> float:
    path = CORPUS / "quantulum3" / "quantities.json"
    if not path.exists():
        print("quantulum3: skipped (../shared/corpus/quantulum3 not found)")
        return 0.0
    data = json.loads(path.read_text(encoding="utf-8"))
    hit = total = 0
    for item in data:
        figures = [f for c in extract_claims(item["req"], None) for f in c.figures]
        for g in item["res"]:
            total += 1
            value = float(g["value"]) * UNIT_FACTORS.get(g["unit"], 1.0)
            ok = any(
                math.isclose(f.value, value, rel_tol=1e-6, abs_tol=1e-9)
                or (f.qualifier == "range" and f.low <= value <= f.high)
                for f in figures
            )
            hit += ok
            if verbose and not ok:
                print("MISS:", g["surface"], g["value"], "|", item["req"][:90], [f.value for f in figures])
    recall = hit / total if total else 0.0
    print(f"quantulum3 values: recall {100 * recall:.1f}% ({hit}/{total})")
    return recall


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    lim = next((int(a) for a in sys.argv[1:] if a.isdigit()), None)
    eval_polnear(lim, verbose)
    eval_quantulum(verbose)
