"""Benchmark the cross-source matcher on synthetic figures (a script, not a test).

    .venv/bin/python tests/bench/bench_matching.py            # 10k, 100k, 1M + incremental
    .venv/bin/python tests/bench/bench_matching.py 10000 100000

The synthetic desk: a few hundred metrics, a few thousand places each with
spelling variants (case, diacritics, transliterations, exonyms), a month of
dates, ~20 sources, a few hundred speakers with variants, ~10% syndicated
copies, some disagreeing and some later, larger tolls, some undated figures.
Metrics and places follow a Zipf-like law, so some blocks are big.
"""

from __future__ import annotations

import gc
import itertools
import os
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from factcheck.core.matching import BlockIndex, FactFigure, find_conflicts, find_conflicts_incremental  # noqa: E402

SOURCES = [
    f"Outlet {name}"
    for name in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett"]
] + [
    f"Agency {name}"
    for name in ["Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango"]
]
TOLLS = ["killed", "injured", "missing", "displaced", "evacuated", "arrested"]
NOUNS = ["missiles", "drones", "tanks", "aircraft", "shells", "homes", "schools", "trucks", "ships", "tonnes of grain"]
VERBS = ["launched", "intercepted", "destroyed", "damaged", "delivered", "seized", "lost", "sent", "found", "used"]
ONSETS = ["k", "kh", "z", "zh", "s", "sh", "ch", "v", "m", "p", "l", "d", "b", "t", "r", "n", "h", "ts"]
NUCLEI = ["a", "o", "i", "e", "u", "y", "ia", "iv"]
REAL = [("Kyiv", ["Kiev", "kyiv", "KYIV"]), ("Kharkiv", ["Kharkov"]), ("Odesa", ["Odessa"]), ("Lviv", ["Lvov"])]
START = date(2024, 1, 1)


def make_places(rng: random.Random, n: int) -> list[list[str]]:
    """Each place: a canonical spelling and a few variants."""
    places = [[name, *variants] for name, variants in REAL]
    seen = {p[0].casefold() for p in places}
    while len(places) < n:
        name = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(rng.randint(2, 4))).capitalize()
        if name.casefold() in seen or len(name) < 5:
            continue
        seen.add(name.casefold())
        variants = [name.lower(), name.replace("i", "y", 1), name.replace("kh", "h").replace("a", "á", 1)]
        places.append([name, *sorted({v for v in variants if v != name})])
    return places


def make_speakers(rng: random.Random, n: int) -> list[list[str]]:
    first = ["Oleg", "Vitali", "Ihor", "Maria", "Anna", "Serhiy", "Olena", "Dmytro", "Yulia", "Andriy"]
    speakers = [
        ["Vitali Klitschko", "Vitaliy Klychko", "Klitschko"],
        ["the Ukrainian military"],
        ["Russia's Defence Ministry"],
    ]
    while len(speakers) < n:
        surname = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) for _ in range(3)).capitalize() + "enko"
        name = f"{rng.choice(first)} {surname}"
        speakers.append([name, surname, name.replace("enko", "enco")])
    return speakers


def zipf_weights(n: int, s: float = 1.05) -> list[float]:
    return list(itertools.accumulate(1.0 / (i + 1) ** s for i in range(n)))


def generate(n: int, seed: int = 7, id_start: int = 1, places_n: int = 3000, day_offset: int = 0) -> list[FactFigure]:
    """Figures for ``n`` reports. Per fact: one true figure, one competing figure
    (the other side's), tolls that rise through the day, hedged and rounded
    versions, and syndicated copies."""
    rng = random.Random(seed)
    rand = rng.random
    metrics = TOLLS + [f"{noun} {verb}" for noun in NOUNS for verb in VERBS]
    metrics += [f"indicator {i}" for i in range(300 - len(metrics))]
    places = make_places(random.Random(1), places_n)
    speakers = [name for variants in make_speakers(random.Random(2), 300) for name in variants]
    metric_idx = rng.choices(range(len(metrics)), cum_weights=zipf_weights(len(metrics)), k=n)
    place_idx = rng.choices(range(len(places)), cum_weights=zipf_weights(len(places)), k=n)
    inf = float("inf")
    facts: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    figures: list[FactFigure] = []
    base_time = datetime(2024, 1, 1, 6)
    for i in range(n):
        fid = id_start + i
        if figures and rand() < 0.10:
            # A syndicated copy of a recent report, by another outlet, a little later.
            orig = figures[-1 - int(rand() * min(len(figures), 50))]
            published = orig.published + timedelta(minutes=30) if orig.published else None
            figures.append(
                FactFigure(
                    fid, fid, fid, SOURCES[int(rand() * 20)], published, orig.speaker, orig.location,
                    orig.event_date, orig.metric, orig.kind, orig.unit, orig.value, orig.low, orig.high,
                    orig.qualifier, orig.sentence,
                )
            )  # fmt: skip
            continue
        m, p = metric_idx[i], place_idx[i]
        day = day_offset + int(rand() * 30)
        fact = facts.get((m, p, day))
        if fact is None:
            truth = int(rand() * 500) + 5
            fact = facts[(m, p, day)] = (truth, truth + int(rand() * 30) + 8, int(rand() * 5) + 1)
        truth, other_side, step = fact
        metric = metrics[m]
        minute = int(rand() * 900)
        if metric in TOLLS:
            truth += (minute // 300) * step  # the toll rises through the day
        r = rand()
        if r < 0.75:
            value, low, high, qualifier = truth, truth, truth, "exact"
        elif r < 0.85:
            value, low, high, qualifier = truth, truth, inf, "at_least"
        elif r < 0.90:
            value, low, high, qualifier = truth, truth * 0.9, truth * 1.1, "about"
        elif r < 0.95:
            value, low, high, qualifier = truth + 1, 0, truth + 1, "fewer_than"
        else:
            value, low, high, qualifier = other_side, other_side, other_side, "exact"
        place = rng.choice(places[p])
        speaker = speakers[int(rand() * len(speakers))] if rand() < 0.7 else None
        dated = rand()
        published = base_time + timedelta(days=day, minutes=minute) if dated < 0.99 else None
        event_date = START + timedelta(days=day) if 0.4 < dated < 0.995 else None
        source = SOURCES[int(rand() * 20)]
        unit = "people" if metric in TOLLS else None
        sentence = f"{speaker or source} said {value} {metric} in {place} (report {fid})."
        figures.append(
            FactFigure(
                fid, fid, fid, source, published, speaker, place, event_date, metric, "count", unit,
                value, low, high, qualifier, sentence,
            )
        )  # fmt: skip
    return figures


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(sizes: list[int]) -> None:
    header = f"{'figures':>10} {'generate s':>11} {'match s':>9} {'cpu s':>7} {'findings':>9} {'comparisons':>12}"
    print(f"{header} {'rss MB':>8}  growth")
    previous: float | None = None
    for n in sizes:
        t0 = time.perf_counter()
        figures = generate(n)
        generated = time.perf_counter() - t0
        gc.collect()
        t1, c1 = time.perf_counter(), time.process_time()
        findings = find_conflicts(figures)
        t2, c2 = time.perf_counter(), time.process_time()
        kinds = {k: sum(1 for f in findings if f.kind == k) for k in ("conflict", "update", "copy")}
        growth = f"x{(t2 - t1) / previous:.1f} per x10" if previous else ""
        print(
            f"{n:>10,} {generated:>11.1f} {t2 - t1:>9.1f} {c2 - c1:>7.1f} {len(findings):>9,} {'':>12} "
            f"{rss_mb():>8.0f}  {growth}   {kinds}",
            flush=True,
        )
        previous = t2 - t1
        del findings
        if n == sizes[-1] and n >= 100_000:
            t3, c3 = time.perf_counter(), time.process_time()
            index = BlockIndex()
            index.add(figures)
            t4, c4 = time.perf_counter(), time.process_time()
            print(f"index of {n:,} built in {t4 - t3:.1f} s ({c4 - c3:.1f} s cpu), rss {rss_mb():.0f} MB")
            new = generate(10_000, seed=99, id_start=10**8, day_offset=20)
            t5, c5 = time.perf_counter(), time.process_time()
            result = find_conflicts_incremental(new, index)
            t6, c6 = time.perf_counter(), time.process_time()
            print(
                f"incremental: 10,000 new against {n:,} existing: {t6 - t5:.2f} s ({c6 - c5:.2f} s cpu), "
                f"{len(result.block_keys):,} fact keys recomputed, {len(result.findings):,} findings, "
                f"{index.comparisons:,} interval comparisons in the index so far"
            )
            del index, result
        del figures
        gc.collect()
    print(f"peak RSS: {peak_mb():.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
