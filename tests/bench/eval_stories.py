"""Story clustering quality on real news text (not a pytest test).

Run: ``DEBUG=true .venv/bin/python tests/bench/eval_stories.py [--copies N] [--seed 0]``

Corpus: the FNC-1 test bodies of ``../shared/corpus/fnc1-test``. Gold stories
are the connected components of the headline-body graph over the stances
agree / disagree / discuss (one story told by several outlets); each body is
its own source, none has a date. Every FNC-1 test body is in at least one
related stance, so "bodies in no related stance" is an empty set here: the
figures with them left out and with them as singletons are the same, and
both lines are printed to show it.

Prints, for the defaults of :class:`~factcheck.core.stories.StoryConfig`:

- BCubed precision / recall / F1 of (a) :func:`~factcheck.core.stories.cluster`
  (the batch: weights fitted on the window, neighbour edges, replay) and (b)
  the online single pass the app runs at ingest: weights fitted on the
  corpus once, then in id order (no dates) each article's
  :func:`index_terms` look up stories in an inverted index (story, term),
  :func:`best_story` picks one, :func:`add_to_centroid` updates it and the
  story's index rows are rewritten;
- the candidate recall of that lookup: the share of articles whose gold story
  was already present (some earlier article of it processed) for which a
  story holding one of those articles was among the candidates found;
- a sweep of ``join_threshold`` for both (how flat F1 is around the default);
- :func:`~factcheck.core.copies.find_copies` on the corpus: how many copy
  links, and a deterministic sample of them to read by hand.

Skips with a message (exit 0) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import random
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_crosscheck import FNC, components  # noqa: E402

from factcheck.core import extract_claims  # noqa: E402
from factcheck.core.copies import find_copies  # noqa: E402
from factcheck.core.stories import (  # noqa: E402
    DEFAULT_STORY_CONFIG,
    ArticleText,
    StoryCandidate,
    StoryConfig,
    add_to_centroid,
    article_terms,
    article_vector,
    best_story,
    cluster,
    fit_term_weights,
    index_terms,
)

SWEEP = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3)


def gold_stories(stances_csv: Path, bodies: Sequence[int]) -> tuple[dict[int, int], set[int]]:
    """Body id -> gold story (connected components over related stances, singletons included),
    and the bodies that are in no related stance."""
    related = components(stances_csv)
    unrelated = {b for b in bodies if b not in related}
    return related, unrelated


def bcubed(pred: Mapping[int, int], gold: Mapping[int, int]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 over the items of ``gold``."""
    pred_members: dict[int, set[int]] = defaultdict(set)
    gold_members: dict[int, set[int]] = defaultdict(set)
    for item in gold:
        pred_members[pred[item]].add(item)
        gold_members[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        both = len(pred_members[pred[item]] & gold_members[gold[item]])
        p += both / len(pred_members[pred[item]])
        r += both / len(gold_members[gold[item]])
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


@dataclasses.dataclass
class OnlineResult:
    labels: dict[int, int]
    lookups: int  # articles whose gold story was already present
    found: int  # ... and was among the candidates
    candidates: list[int]  # candidates per article


# The app's rule for term weights on a young database (factcheck.stories.term_weights):
# refitted for every new article below REFIT_FROM articles, then each time a tenth more came.
REFIT_FROM, REFIT_SHARE = 200, 10


def online_pass(
    articles: Sequence[ArticleText], gold: Mapping[int, int], config: StoryConfig, refit: bool = False
) -> OnlineResult:
    """What the app does at ingest, with term weights fitted on the whole corpus once, or
    (``refit``) refitted on the articles seen so far as the app does on a young database."""
    terms = {a.id: article_terms(a, config) for a in articles}
    weights = fit_term_weights(terms.values())
    seen: list[dict[str, int]] = []
    fitted_at = 0
    centroids: dict[int, dict[str, float]] = {}
    sizes: dict[int, int] = {}
    rows_of: dict[int, list[str]] = {}  # story -> its rows in the inverted index
    index: dict[str, set[int]] = defaultdict(set)  # term -> stories
    story_of: dict[int, int] = {}
    seen_gold: dict[int, set[int]] = defaultdict(set)  # gold story -> predicted stories holding its articles
    result = OnlineResult({}, 0, 0, [])
    for article in sorted(articles, key=lambda a: a.id):  # no dates: id order
        if refit:
            seen.append(terms[article.id])
            if len(seen) < REFIT_FROM or len(seen) - fitted_at >= fitted_at // REFIT_SHARE:
                weights, fitted_at = fit_term_weights(seen), len(seen)
        vector = article_vector(terms[article.id], weights, config)
        found = sorted({s for term in index_terms(vector, config) for s in index.get(term, ())})
        result.candidates.append(len(found))
        g = gold.get(article.id)
        if g is not None and seen_gold[g]:
            result.lookups += 1
            result.found += bool(seen_gold[g] & set(found))
        candidates = [StoryCandidate(s, centroids[s], None, None, sizes[s]) for s in found]
        story, _ = best_story(vector, article.published, candidates, config)
        if story is None:
            story = article.id
            centroids[story], sizes[story] = {}, 0
        centroids[story] = add_to_centroid(centroids[story], vector, config)
        sizes[story] += 1
        for term in rows_of.get(story, []):
            index[term].discard(story)
        rows_of[story] = index_terms(centroids[story], config)
        for term in rows_of[story]:
            index[term].add(story)
        story_of[article.id] = story
        if g is not None:
            seen_gold[g].add(story)
    result.labels = story_of
    return result


def load_articles() -> tuple[list[ArticleText], dict[int, int], set[int]]:
    with open(FNC / "competition_test_bodies.csv", encoding="utf-8", newline="") as fh:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}
    articles = []
    for body_id, text in sorted(bodies.items()):
        names = set()
        for claim in extract_claims(text):
            for name in (claim.location, claim.speaker):
                if name:
                    names.add(name.casefold())
        articles.append(ArticleText(body_id, text, source=f"fnc1 body {body_id}", names=tuple(sorted(names))))
    gold, unrelated = gold_stories(FNC / "competition_test_stances.csv", sorted(bodies))
    return articles, gold, unrelated


def fmt(prf: tuple[float, float, float]) -> str:
    return f"P {prf[0]:.3f}  R {prf[1]:.3f}  F1 {prf[2]:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10, help="copy links to print")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-sweep", action="store_true")
    args = parser.parse_args()
    if not FNC.is_dir():
        print(f"skipped: {FNC} is absent (the evaluation corpora live outside the repository)")
        return 0
    t0 = time.perf_counter()
    articles, gold, unrelated = load_articles()
    with_singletons = {**gold, **{b: -b for b in unrelated}}
    sizes: dict[int, int] = defaultdict(int)
    for g in gold.values():
        sizes[g] += 1
    print(
        f"FNC-1 test: {len(articles)} bodies, {len(gold)} in related stances, {len(set(gold.values()))} gold stories "
        f"({sum(1 for s in sizes.values() if s == 1)} of one body, largest {max(sizes.values())}), "
        f"{len(unrelated)} bodies in no related stance; names from extract_claims in {time.perf_counter() - t0:.1f} s"
    )
    config = DEFAULT_STORY_CONFIG
    t1 = time.perf_counter()
    links = find_copies(articles, config)
    copies = {link.copy_id: link.origin_id for link in links}
    t2 = time.perf_counter()
    batch = cluster(articles, config)
    t3 = time.perf_counter()
    batch_copies = cluster(articles, config, copies=copies)
    online = online_pass(articles, gold, config)
    refitted = online_pass(articles, gold, config, refit=True)
    print(f"\njoin_threshold {config.join_threshold} (defaults)")
    print(f"  batch  cluster():   {fmt(bcubed(batch, gold))}   ({len(set(batch.values()))} stories, {t3 - t2:.1f} s)")
    print(f"  batch, copies kept with their origins: {fmt(bcubed(batch_copies, gold))}")
    print(f"  online single pass: {fmt(bcubed(online.labels, gold))}   ({len(set(online.labels.values()))} stories)")
    print(f"  online, weights refitted as the app does on a young database: {fmt(bcubed(refitted.labels, gold))}")
    print(f"  with unrelated bodies as singletons: batch {fmt(bcubed(batch, with_singletons))}")
    print(f"                                       online {fmt(bcubed(online.labels, with_singletons))}")
    cands = sorted(online.candidates)
    print(
        f"  index-term candidate recall: {online.found}/{online.lookups} = {online.found / max(online.lookups, 1):.3f} "
        f"(candidates per article: mean {sum(cands) / len(cands):.1f}, median {cands[len(cands) // 2]}, "
        f"max {cands[-1]})"
    )
    if not args.no_sweep:
        print("\nsweep of join_threshold (BCubed P / R / F1; F1 of the batch with copies kept together)")
        print(f"  {'threshold':>9}   {'batch':<30} {'online':<30} {'+copies':<8} {'refit':<8} cand. recall")
        for threshold in SWEEP:
            cfg = dataclasses.replace(config, join_threshold=threshold)
            b = bcubed(cluster(articles, cfg), gold)
            c = bcubed(cluster(articles, cfg, copies=copies), gold)
            o = online_pass(articles, gold, cfg)
            r = bcubed(online_pass(articles, gold, cfg, refit=True).labels, gold)
            mark = " <- default" if threshold == config.join_threshold else ""
            print(
                f"  {threshold:>9.3f}   {fmt(b):<30} {fmt(bcubed(o.labels, gold)):<30} {c[2]:<8.3f} {r[2]:<8.3f} "
                f"{o.found / max(o.lookups, 1):.3f}{mark}"
            )
    same = sum(1 for link in links if gold.get(link.origin_id) == gold.get(link.copy_id))
    chained = sum(1 for link in links if link.via_id != link.origin_id)
    print(
        f"\nfind_copies: {len(links)} copy links ({chained} through a chain) in {t2 - t1:.1f} s, "
        f"{same} inside one gold story; {len({link.origin_id for link in links})} origins"
    )
    text_of = {a.id: a.text for a in articles}
    for link in random.Random(args.seed).sample(links, min(args.copies, len(links))):
        via = f" (via {link.via_id})" if link.via_id != link.origin_id else ""
        print(f"\n  origin {link.origin_id} -> copy {link.copy_id}{via}, containment {link.containment:.2f}")
        print(f"    origin: {text_of[link.origin_id][:160]!r}")
        print(f"    copy:   {text_of[link.copy_id][:160]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
