"""Quality of extraction on the shared evaluation corpora (not a pytest test).

Run: ``python tests/bench/eval_extraction.py``. Prints:
- attribution P/R/F1 on PolNeAR train (overlap matching of speaker with gold
  source and claim with gold content; one annotator per article);
- recall of gold values on the quantulum3 sentences;
- quantity spans on the MeasEval evaluation paragraphs (science text, not news):
  precision / recall / F1 of our figures' spans against the gold Quantity spans,
  overlap matching, our dates and times of day left out (MeasEval marks no dates).
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections import Counter, defaultdict
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


def eval_polnear(limit: int | None = None, verbose: bool = False, diagnose: bool = False) -> tuple[float, float, float]:
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
    # diagnostics: (bucket, key) -> count
    fn_cue: Counter[str] = Counter()
    fn_kind: Counter[str] = Counter()
    fp_cue: Counter[str] = Counter()
    tp_cue: Counter[str] = Counter()
    fp_kind: Counter[str] = Counter()
    fn_src: Counter[str] = Counter()
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
            if diagnose:
                (tp_cue if ok else fp_cue)[c.cue or "?"] += 1
                if not ok:
                    sp = any(
                        overlaps(c.speaker_start, c.speaker_end, s["start"], s["end"])
                        for r in rels
                        for s in r["source"]
                    )
                    ct = any(overlaps(c.start, c.end, s["start"], s["end"]) for r in rels for s in r["content"])
                    fp_kind["speaker ok, content miss" if sp else "content ok, speaker miss" if ct else "neither"] += 1
            if verbose and not ok:
                print("FP:", repr(text[c.speaker_start : c.speaker_end]), c.cue, "|", c.text[:100])
        tp_gold += sum(matched)
        if diagnose:
            for k, r in enumerate(rels):
                if matched[k]:
                    continue
                cue = " ".join(s["text"] for s in r["cue"]).lower() or "<none>"
                fn_cue[cue] += 1
                src = " ".join(s["text"] for s in r["source"]).lower()
                fn_src[src if src in ("he", "she", "they", "it", "i", "we", "you") else "<np>"] += 1
                sp = any(
                    overlaps(c.speaker_start, c.speaker_end, s["start"], s["end"])  # type: ignore[arg-type]
                    for c in claims
                    for s in r["source"]
                )
                ct = any(overlaps(c.start, c.end, s["start"], s["end"]) for c in claims for s in r["content"])
                fn_kind["speaker hit elsewhere" if sp else "content hit, speaker miss" if ct else "no prediction"] += 1
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
    if diagnose:
        print("FN kinds:", fn_kind.most_common())
        print("FN source pronouns:", fn_src.most_common(10))
        print("FP kinds:", fp_kind.most_common())
        print("FN by gold cue:", fn_cue.most_common(60))
        print("FP by predicted cue (fp/tp):")
        for cue, n in fp_cue.most_common(50):
            print(f"  {cue!r}: {n}/{tp_cue[cue]}")
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


# Kinds of figure MeasEval never marks as a quantity (it annotates measures and counts).
NOT_MEASEVAL = frozenset({"date", "time", "year", "ordinal"})


def eval_measeval(split: str = "eval", verbose: bool = False) -> tuple[float, float, float]:
    base = CORPUS / "measeval" / split
    if not (base / "tsv").exists():
        print(f"MeasEval: skipped (../shared/corpus/measeval/{split} not found)")
        return 0.0, 0.0, 0.0
    gold_hit = gold_total = pred_hit = pred_total = 0
    for tsv in sorted((base / "tsv").glob("*.tsv")):
        text_path = base / "text" / (tsv.stem + ".txt")
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        with open(tsv, encoding="utf-8", newline="") as fh:
            gold = [
                (int(row["startOffset"]), int(row["endOffset"]), row["text"])
                for row in csv.DictReader(fh, delimiter="\t")
                if row["annotType"] == "Quantity"
            ]
        spans = [
            (f.start, f.end, f.text)
            for c in extract_claims(text, None)
            for f in c.figures
            if f.kind not in NOT_MEASEVAL
        ]
        gold_total += len(gold)
        pred_total += len(spans)
        for g0, g1, gtext in gold:
            found = any(overlaps(g0, g1, p0, p1) for p0, p1, _ in spans)
            gold_hit += found
            if verbose and not found:
                print("MeasEval MISS:", repr(gtext), "|", text[max(0, g0 - 40) : g1 + 40].replace("\n", " "))
        pred_hit += sum(any(overlaps(p0, p1, g0, g1) for g0, g1, _ in gold) for p0, p1, _ in spans)
    precision = pred_hit / pred_total if pred_total else 0.0
    recall = gold_hit / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"MeasEval {split} quantity spans (overlap): P {100 * precision:.1f} R {100 * recall:.1f} "
        f"F1 {100 * f1:.1f} ({gold_total} gold, {pred_total} ours)"
    )
    return precision, recall, f1


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    lim = next((int(a) for a in sys.argv[1:] if a.isdigit()), None)
    eval_polnear(lim, verbose, "--diagnose" in sys.argv)
    eval_quantulum(verbose)
    eval_measeval("eval", verbose)
