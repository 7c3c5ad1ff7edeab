"""Cross-source conflict detection on real news text (not a pytest test).

Run: ``DEBUG=true .venv/bin/python tests/bench/eval_crosscheck.py [--sample 30] [--seed 0] [--limit N]
[--all-conflicts] [--keep-db PATH] [--candidates] [--story-candidates] [--agreeing]``

Ingests the FNC-1 test bodies of ``../shared/corpus/fnc1-test`` that belong to
multi-body clusters (connected components of bodies linked through one
headline with stance agree/disagree/discuss: one story told by several
outlets), each body as its own outlet ``fnc1 body <id>`` with no publication
date, into a fresh SQLite database, runs the full cross-check in process
(``factcheck.crosscheck.run_here``) and prints:

- bodies, clusters, claims, figures (comparable ones too);
- open findings per kind (conflict / update / copy);
- the share of conflicts whose members all come from bodies of one cluster
  (same story) against those mixing clusters (different stories: almost
  surely spurious, a cheap automatic precision proxy), and those inside one
  body;
- a deterministic sample (``random.Random(seed)``) of conflicts with the
  explanation and, for each member, its source, cluster, speaker, place,
  sentence and figure text/interval, to judge by hand.

With ``--candidates`` it also lists, per cluster, pairs of figures from
different bodies that count the same thing (same normalised metric, or the
same counted noun) and whose intervals disagree, with both sentences and the
reason the matcher gives for not reporting them
(:meth:`factcheck.core.matching.BlockIndex.explain`): the material to judge
whether the corpus holds cross-outlet disagreements we miss.

Skips with a message when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
FNC = SHARED / "corpus" / "fnc1-test"
LINKED = {"agree", "disagree", "discuss"}


def components(stances_csv: Path) -> dict[int, int]:
    """Body id -> component id over related stances (agree / disagree / discuss), singletons included."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_headline: dict[str, list[int]] = defaultdict(list)
    with open(stances_csv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"].strip() in LINKED:
                by_headline[row["Headline"]].append(int(row["Body ID"]))
    for bodies in by_headline.values():
        for body in bodies:
            find(body)
        for body in bodies[1:]:
            a, b = find(bodies[0]), find(body)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {body: find(body) for body in parent}


def clusters_of(stances_csv: Path) -> dict[int, int]:
    """Body id -> cluster id, for bodies in connected components of two or more bodies."""
    component = components(stances_csv)
    sizes = Counter(component.values())
    return {body: root for body, root in component.items() if sizes[root] > 1}


def read_bodies(bodies_csv: Path) -> dict[int, str]:
    csv.field_size_limit(sys.maxsize)
    with open(bodies_csv, encoding="utf-8", newline="") as fh:
        return {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(fh)}


def setup_django(db_path: str) -> None:
    os.environ["DEBUG"] = "true"
    os.environ["SQLITE_PATH"] = db_path
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def print_run(errors: Counter[str], ingest_s: float, check_s: float, run: Any) -> None:
    """What was stored and found: ingest crashes, articles, claims, figures, timings, findings per kind."""
    from factcheck.models import Article, Claim, Conflict, Figure

    for message, count in errors.most_common(5):
        print(f"  ingest crash x{count}: {message}")
    kinds = Counter(Conflict.objects.open().values_list("kind", flat=True))
    print(f"articles: {Article.objects.count()}  claims: {Claim.objects.count()}")
    print(f"figures: {Figure.objects.count()} (comparable: {Figure.objects.comparable().count()})")
    print(f"ingest: {ingest_s:.1f}s  cross-check: {check_s:.1f}s  run status: {run.status} {run.errors or ''}")
    print("findings: " + ", ".join(f"{k}={kinds[k]}" for k in sorted({"conflict", "update", "copy", *kinds})))


def open_conflicts(kind: str = "conflict") -> tuple[list[Any], Callable[[Any], list[Any]]]:
    """Open findings of ``kind`` by id, and a function giving one's member figures (with claim, article, source)."""
    from factcheck.models import Conflict, Figure

    conflicts = list(Conflict.objects.open().filter(kind=kind).order_by("id"))
    # Members loaded by hand: a prefetch over thousands of ids is too deep a query for SQLite.
    member_ids: dict[int, list[int]] = defaultdict(list)
    through = Conflict.members.through
    for conflict_id, figure_id in through.objects.filter(conflict__kind=kind).values_list("conflict_id", "figure_id"):
        member_ids[conflict_id].append(figure_id)
    figures = Figure.objects.select_related("claim__article__source").in_bulk(
        [i for ids in member_ids.values() for i in ids]
    )

    def members_of(conflict: Any) -> list[Any]:
        return sorted((figures[i] for i in member_ids[conflict.pk]), key=lambda f: f.pk)

    return conflicts, members_of


def print_stories(gold_of_article: dict[int, int] | None = None) -> None:
    """Stories the app made: how many, how many across outlets, findings inside them, and
    (with gold clusters) BCubed precision / recall / F1 of the app's grouping."""
    from factcheck.models import Article, Conflict, Story

    story_of = dict(Article.objects.values_list("pk", "story_id"))
    live = Story.objects.live()
    inside = Counter(Conflict.objects.open().filter(story__isnull=False).values_list("kind", flat=True))
    copies = Article.objects.filter(copy_of__isnull=False).count()
    print(
        f"stories: {live.count()} ({live.filter(source_count__gte=2).count()} across outlets); "
        f"article copies: {copies}; findings inside stories: "
        + (", ".join(f"{k}={v}" for k, v in sorted(inside.items())) or "none")
    )
    if gold_of_article:
        p, r = bcubed({a: story_of[a] for a in gold_of_article}, gold_of_article)
        print(f"story grouping (BCubed, the app's stories): P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}")


def bcubed(found: dict[int, Any], gold: dict[int, Any]) -> tuple[float, float]:
    """BCubed precision and recall of a clustering ``found`` against ``gold`` (item -> label)."""
    by_found: dict[Any, set[int]] = defaultdict(set)
    by_gold: dict[Any, set[int]] = defaultdict(set)
    for item, label in found.items():
        by_found[label].add(item)
    for item, label in gold.items():
        by_gold[label].add(item)
    precision = recall = 0.0
    for item in found:
        mine, truth = by_found[found[item]], by_gold[gold[item]]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    return precision / len(found), recall / len(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=30, help="conflicts to print (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--limit", type=int, default=0, help="ingest only the first N clustered bodies")
    parser.add_argument("--all-conflicts", action="store_true", help="print every conflict, not a sample")
    parser.add_argument(
        "--kind", default="conflict", help="which findings to print: conflict (default), possible_conflict, update"
    )
    parser.add_argument(
        "--recluster", action="store_true", help="re-cluster the stories as the nightly job does before the cross-check"
    )
    parser.add_argument(
        "--batch", type=int, default=1, help="ingest N articles at a time, as the JSONL command does (default 1)"
    )
    parser.add_argument("--keep-db", metavar="PATH", help="write the database here instead of a temp file")
    parser.add_argument(
        "--agreeing",
        action="store_true",
        help="pairs of equal figures inside stories: would the story cross-check see them as one fact?",
    )
    parser.add_argument(
        "--candidates", action="store_true", help="list disagreeing same-metric pairs across bodies, with reasons"
    )
    parser.add_argument(
        "--story-candidates",
        action="store_true",
        help="the same inside the app's stories, judged by frame as the story cross-check judges them",
    )
    args = parser.parse_args(argv)

    if not (FNC / "competition_test_bodies.csv").exists():
        print(f"eval_crosscheck: skipped ({FNC} not found)")
        return 0

    tmpdir = tempfile.TemporaryDirectory(prefix="eval-crosscheck-")
    db_path = args.keep_db or str(Path(tmpdir.name) / "db.sqlite3")
    if args.keep_db and Path(db_path).exists():
        Path(db_path).unlink()
    setup_django(db_path)

    from factcheck import crosscheck, pipeline
    from factcheck.models import Source

    cluster = clusters_of(FNC / "competition_test_stances.csv")
    texts = read_bodies(FNC / "competition_test_bodies.csv")
    body_ids = sorted(b for b in cluster if b in texts)
    if args.limit:
        body_ids = body_ids[: args.limit]

    # The full run below is what we measure: skip the per-article incremental check.
    pipeline._enqueue_crosscheck = lambda article_id: None  # type: ignore[assignment]

    started = time.perf_counter()
    body_of_source: dict[str, int] = {}
    rejected = 0
    errors: Counter[str] = Counter()
    from factcheck import ingest_batch

    ingest_batch._enqueue_crosscheck = lambda article_ids: None  # type: ignore[assignment]
    waiting: list[ingest_batch.Incoming] = []
    for n, body in enumerate(body_ids, start=1):
        name = f"fnc1 body {body}"
        source = Source.objects.create(name=name, kind=Source.Kind.OUTLET)
        body_of_source[name] = body
        if args.batch > 1:
            waiting.append(ingest_batch.Incoming(source, text=texts[body], title=name, via="eval"))
            if len(waiting) == args.batch or n == len(body_ids):
                rejected += sum(not r.ok for r in ingest_batch.ingest_batch(waiting))
                waiting = []
            continue
        try:
            result = pipeline.ingest_article(source, text=texts[body], title=name, via="eval")
        except Exception as exc:  # noqa: BLE001 - a crash in ingestion is reported, the others go on
            errors[f"{type(exc).__name__}: {exc}"] += 1
            continue
        rejected += not result.ok
    ingest_s = time.perf_counter() - started

    from factcheck.models import Article

    pairs = Article.objects.values_list("pk", "source__name")
    gold_of_article = {a: cluster[body_of_source[name]] for a, name in pairs}
    if args.recluster:
        from factcheck import stories

        print("stories at ingest:")
        print_stories(gold_of_article)
        started = time.perf_counter()
        stories.recluster_here()
        print(f"after the nightly re-cluster ({time.perf_counter() - started:.1f} s):")

    started = time.perf_counter()
    run = crosscheck.run_here(trigger="eval")
    check_s = time.perf_counter() - started

    print(
        f"bodies: {len(body_ids)} in {len({cluster[b] for b in body_ids})} clusters "
        f"({rejected} rejected, {sum(errors.values())} crashed in ingest)"
    )
    print_run(errors, ingest_s, check_s, run)
    print_stories(gold_of_article)
    conflicts, members_of = open_conflicts(args.kind)

    same_story = cross_story = one_body = 0
    for c in conflicts:
        bodies = {body_of_source[m.claim.article.source.name] for m in members_of(c)}
        stories = {cluster[b] for b in bodies}
        if len(bodies) == 1:
            one_body += 1
        elif len(stories) == 1:
            same_story += 1
        else:
            cross_story += 1
    n = len(conflicts)
    if n:
        print(
            f"conflicts: {n}  same story (one cluster, several bodies): {same_story} ({same_story / n:.0%})  "
            f"different stories: {cross_story} ({cross_story / n:.0%})  "
            f"inside one body: {one_body} ({one_body / n:.0%})"
        )
    by_metric = Counter(c.metric for c in conflicts)
    print("conflict metrics: " + ", ".join(f"{m}={k}" for m, k in by_metric.most_common(15)))

    chosen = conflicts if args.all_conflicts else random.Random(args.seed).sample(conflicts, min(args.sample, n))
    chosen.sort(key=lambda c: c.pk)
    print(f"\n--- {len(chosen)} conflicts {'(all)' if args.all_conflicts else f'(sample, seed {args.seed})'} ---")
    for i, c in enumerate(chosen, 1):
        members = members_of(c)
        stories = {cluster[body_of_source[m.claim.article.source.name]] for m in members}
        tag = "same story" if len(stories) == 1 else "DIFFERENT STORIES"
        print(f"\n[{i}] #{c.pk} {c.key}  ({tag})\n    {c.explanation}")
        for m in members:
            claim = m.claim
            body = body_of_source[claim.article.source.name]
            sentence = " ".join(claim.text.split())
            print(
                f"    - body {body} (cluster {cluster[body]}) speaker={claim.speaker_name or '-'} "
                f"place={claim.location or '-'}: {m.text!r} {m.interval_display()} "
                f"metric={m.metric!r} unit={m.unit!r}\n      > {sentence[:400]}"
            )
    if args.candidates:
        print_candidates(cluster, body_of_source)
    if args.story_candidates:
        print_story_candidates(cluster, body_of_source)
    if args.agreeing:
        print_agreeing_pairs(cluster, body_of_source, sample=args.sample)
    tmpdir.cleanup()
    return 0


def print_candidates(cluster: dict[int, int], body_of_source: dict[str, int]) -> None:
    """Disagreeing pairs across bodies of one cluster that count the same thing, and why not reported."""
    from factcheck import crosscheck
    from factcheck.core import matching
    from factcheck.models import Figure

    figs = list(crosscheck.fact_figures(Figure.objects.comparable()))
    texts = dict(Figure.objects.values_list("id", "text"))
    index = matching.BlockIndex()
    index.add(figs)
    findings = index.findings()
    entries = index._where
    by_cluster: dict[int, list[matching.FactFigure]] = defaultdict(list)
    for fig in figs:
        if fig.id in entries:
            by_cluster[cluster[body_of_source[fig.source]]].append(fig)
    reasons: Counter[str] = Counter()
    total = 0
    print("\n--- candidate disagreements across bodies (same metric or same counted noun) ---")
    for story in sorted(by_cluster):
        members = sorted(by_cluster[story], key=lambda f: f.id)
        lines: list[str] = []
        seen: set[tuple[object, ...]] = set()
        for i, a in enumerate(members):
            ea = entries[a.id]
            for b in members[i + 1 :]:
                if a.source == b.source:
                    continue
                eb = entries[b.id]
                same_metric = ea.group[0] == eb.group[0]
                same_noun = bool(ea.group[2]) and ea.group[2] == eb.group[2]
                if not (same_metric or same_noun) or matching._compatible(ea, eb):
                    continue
                # One line per distinct pair of statements, not per syndicated copy.
                signature = tuple(sorted([(ea.group, ea.signature, a.sentence), (eb.group, eb.signature, b.sentence)]))
                if signature in seen:
                    continue
                seen.add(signature)
                reason = index.explain(a.id, b.id, findings)
                strengths = "/".join(sorted({matching.key_strength(e.group) for e in (ea, eb)}))
                reasons[f"{reason.split(':')[0].split(' (')[0]} [{strengths} key]"] += 1
                total += 1
                lines.append(f"  * {reason}")
                for f, e in ((a, ea), (b, eb)):
                    sentence = " ".join(f.sentence.split())
                    lines.append(
                        f"    - body {body_of_source[f.source]} [{e.group[0]}|{e.group[1]}|{e.group[2]}] "
                        f"{texts.get(f.id, '')!r} [{matching._number(e.lo)}, {matching._number(e.hi)}] "
                        f"speaker={f.speaker or '-'}\n      > {sentence[:300]}"
                    )
        if lines:
            print(f"\ncluster {story}:")
            print("\n".join(lines))
    print(f"\ncandidate pairs: {total}")
    for reason, count in reasons.most_common():
        print(f"  {count:5}  {reason}")


def print_story_candidates(cluster: dict[int, int], body_of_source: dict[str, int]) -> None:
    """Inside each story of two or more outlets: pairs of figures from two bodies of one gold cluster
    with one frame metric whose intervals disagree, each with the story comparer's verdict (a finding's
    kind, or why none) and both frames: the material to class misses as real, correct or unclear."""
    import re

    from factcheck.core import facts
    from factcheck.core.fact_figures import _compatible
    from factcheck.core.fact_groups import _Story
    from factcheck.models import Figure, Story
    from factcheck.stories.comparison import origins, story_figures
    from factcheck.stories.config import frame_config

    config = frame_config()
    texts = dict(Figure.objects.values_list("id", "text"))
    verdicts: Counter[str] = Counter()
    print("\n--- disagreeing pairs inside stories, judged by frame ---")
    for story_id in Story.objects.live().filter(source_count__gte=2).order_by("pk").values_list("pk", flat=True):
        comparer = facts._Comparer(_Story(story_figures(story_id), config, origins(story_id)))
        items = sorted(comparer.story.items.values(), key=lambda i: i.fig.id)
        seen: set[tuple[object, ...]] = set()
        lines: list[str] = []
        for n, x in enumerate(items):
            for y in items[n + 1 :]:
                bodies = [body_of_source.get(i.fig.source) for i in (x, y)]
                if (
                    x.fig.article_id == y.fig.article_id
                    or (x.frame.metric, x.frame.kind) != (y.frame.metric, y.frame.kind)
                    or None in bodies
                    or cluster.get(bodies[0] or 0) != cluster.get(bodies[1] or 0)
                    or _compatible(x.entry, y.entry)
                ):
                    continue
                signature = tuple(sorted([(x.fig.sentence, x.entry.signature), (y.fig.sentence, y.entry.signature)]))
                if signature in seen:
                    continue
                seen.add(signature)
                verdict = comparer.judge(x, y)
                why = verdict.kind or verdict.why
                verdicts[re.sub(r"\([^)]*\)|\d[\d,.]*", "", why).strip()[:90]] += 1  # the reason, without figures
                lines.append(f"  * {why}")
                for item in (x, y):
                    f, fr = item.fig, item.frame
                    parts = (fr.metric, fr.subject, fr.side, fr.thing, fr.place, fr.dated, fr.period, fr.event)
                    frame = "|".join(p or "" for p in parts)
                    lines.append(
                        f"    - {f.source} [{frame}{'|part' * fr.part}] {texts.get(f.id, '')!r} "
                        f"[{item.entry.lo:g}, {item.entry.hi:g}] speaker={f.speaker or '-'}\n"
                        f"      > {' '.join(f.sentence.split())[:300]}"
                    )
        if lines:
            print(f"\nstory {story_id}:\n" + "\n".join(lines))
    print(f"\nstory candidate pairs: {sum(verdicts.values())}")
    for verdict, count in verdicts.most_common():
        print(f"  {count:5}  {verdict}")


def print_agreeing_pairs(
    cluster: dict[int, int] | None = None, body_of_source: dict[str, int] | None = None, sample: int = 60
) -> None:
    """Frame recall on real text. Two outlets of one story that give the same figure (value 3 or more)
    are most often stating one fact: had one of them said half as much again, would the story
    cross-check have raised it? Prints the verdicts, then a sample of the pairs it would not raise,
    with both frames and sentences, to class each as a miss (one fact) or right (two facts). Without a gold
    ``cluster`` of each body's source, every pair of two sources inside one of the app's stories counts."""
    import random
    import re
    from dataclasses import replace

    from factcheck.core import facts
    from factcheck.core.fact_groups import _Story
    from factcheck.models import Story
    from factcheck.stories.comparison import origins, story_figures
    from factcheck.stories.config import frame_config

    config = frame_config()
    verdicts: Counter[str] = Counter()
    missed: list[str] = []
    print("\n--- equal figures of two outlets inside stories: one fact by frame? ---")
    for story_id in Story.objects.live().filter(source_count__gte=2).order_by("pk").values_list("pk", flat=True):
        comparer = facts._Comparer(_Story(story_figures(story_id), config, origins(story_id)))
        items = sorted(comparer.story.items.values(), key=lambda i: i.fig.id)
        seen: set[tuple[object, ...]] = set()
        for n, x in enumerate(items):
            for y in items[n + 1 :]:
                if cluster is not None and body_of_source is not None:
                    bodies = [body_of_source.get(i.fig.source) for i in (x, y)]
                    gold = None not in bodies and cluster.get(bodies[0] or 0) == cluster.get(bodies[1] or 0)
                else:
                    gold = x.fig.source != y.fig.source
                if (
                    x.fig.article_id == y.fig.article_id
                    or not gold
                    or (x.entry.lo, x.entry.hi) != (y.entry.lo, y.entry.hi)
                    or x.entry.lo < 3
                    or x.fig.kind != y.fig.kind
                    or comparer._excluded(x, y)
                ):
                    continue
                signature = tuple(sorted([(x.fig.sentence, x.entry.lo), (y.fig.sentence, y.entry.lo)]))
                if signature in seen:
                    continue
                seen.add(signature)
                moved = replace(y, entry=replace(y.entry, lo=y.entry.lo * 1.5 + 1, hi=y.entry.hi * 1.5 + 1))
                verdict = comparer.classify(x, moved)
                why = verdict.kind or verdict.why
                verdicts[re.sub(r"\([^)]*\)|\d[\d,.]*", "", why).strip()[:70]] += 1
                if verdict.kind is None:
                    lines = [f"  * story {story_id}: {why[:160]}"]
                    for item in (x, y):
                        f, fr = item.fig, item.frame
                        parts = (fr.metric, fr.subject, fr.side, fr.thing, fr.place, fr.dated, fr.period, fr.event)
                        lines.append(
                            f"    - {f.source} [{'|'.join(p or '' for p in parts)}{'|part' * fr.part}] "
                            f"{f.kind} {item.entry.lo:g}\n      > {' '.join(f.sentence.split())[:260]}"
                        )
                    missed.append("\n".join(lines))
    print(f"equal pairs: {sum(verdicts.values())}")
    for verdict, count in verdicts.most_common():
        print(f"  {count:5}  {verdict}")
    rng = random.Random(0)
    print(f"\nsample of {min(sample, len(missed))} of {len(missed)} pairs the cross-check would not raise:")
    for line in rng.sample(missed, min(sample, len(missed))):
        print(line)


if __name__ == "__main__":
    raise SystemExit(main())
