"""Throughput, memory and worst-case timing of extract_claims (not a pytest test).

Run: ``python tests/bench/bench_extraction.py``. Prints MB/s on the FNC-1 bodies
next to quantulum3 on a subset of the same text, tracemalloc peaks per article
for small and big batches, and timings on adversarial inputs at n, 2n and 4n.
"""

from __future__ import annotations

import csv
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from factcheck.core import extract_claims  # noqa: E402

BODIES = ROOT / ".." / "shared" / "corpus" / "fnc1-test" / "competition_test_bodies.csv"


def load_bodies() -> list[str]:
    if not BODIES.exists():
        print("FNC-1 bodies not found (../shared/corpus/fnc1-test): using a synthetic article")
        sample = (
            "In Kyiv, two people were killed and 49 injured, the mayor said on Tuesday. "
            "More than 250,000 homes lost power, officials said. "
        )
        return [sample * 40] * 200
    csv.field_size_limit(10**8)
    with open(BODIES, encoding="utf-8") as fh:
        return [row["articleBody"] for row in csv.DictReader(fh)]


def throughput(bodies: list[str]) -> float:
    size = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    # CPU time of this process = throughput per core, unaffected by other jobs on the machine
    t0, w0 = time.process_time(), time.perf_counter()
    n = 0
    for b in bodies:
        n += len(extract_claims(b))
    dt, wall = time.process_time() - t0, time.perf_counter() - w0
    print(
        f"extract_claims: {size:.2f} MB, {len(bodies)} articles, {n} claims in {dt:.2f} s CPU "
        f"({wall:.2f} s wall) -> {size / dt:.2f} MB/s per core"
    )
    return size / dt


def quantulum_throughput(bodies: list[str], budget_bytes: int = 100_000) -> float | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import classifier, parser  # type: ignore[import-untyped]

            # Its pickled disambiguation model does not load with today's scikit-learn
            # (it names a module that has moved); it then falls back to its own rules.
            classifier.USE_CLF = False
    except ImportError:
        print("quantulum3 not installed: no comparison")
        return None
    subset: list[str] = []
    total = 0
    for b in bodies:
        if total >= budget_bytes:
            break
        subset.append(b)
        total += len(b.encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse(subset[0][:200])  # load its data before timing
        t0 = time.process_time()
        for b in subset:
            parser.parse(b)
        dt = time.process_time() - t0
    ours0 = time.process_time()
    for b in subset:
        extract_claims(b)
    ours = time.process_time() - ours0
    mbps = total / 1e6 / dt
    print(
        f"quantulum3 on the first {total / 1e3:.0f} KB: {dt:.2f} s CPU -> {mbps:.3f} MB/s; "
        f"extract_claims on the same text: {ours:.3f} s (ratio {dt / ours:.0f}x faster)"
    )
    return mbps


def memory(bodies: list[str]) -> None:
    for label, batch in (("small batch (10)", bodies[:10]), ("big batch (500)", bodies[:500])):
        peaks: list[int] = []
        for b in batch:
            tracemalloc.start()
            extract_claims(b)
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        avg_len = sum(map(len, batch)) / len(batch)
        print(
            f"memory, {label}: peak per article max {max(peaks) / 1e3:.0f} KB, "
            f"mean {sum(peaks) / len(peaks) / 1e3:.0f} KB"
            f" (mean article {avg_len / 1e3:.1f} K chars)"
        )
    tracemalloc.start()
    for b in bodies[:500]:
        extract_claims(b)
    print(f"memory, 500 articles in one loop: peak {tracemalloc.get_traced_memory()[1] / 1e3:.0f} KB (flat: no growth)")
    tracemalloc.stop()


def timed(make: Callable[[int], str], n: int) -> float:
    text = make(n)
    t0 = time.process_time()
    extract_claims(text)
    return time.process_time() - t0


def adversarial() -> None:
    cases: dict[str, Callable[[int], str]] = {
        "one long sentence (words, numbers, cues)": lambda n: (
            "the mayor said 12 more than about 3 of which, " * (n // 45 + 1)
        )[:n],
        "digits": lambda n: "9" * n,
        "digits with separators": lambda n: ("1,000," * (n // 6 + 1))[:n],
        "unbalanced quotes": lambda n: ("“ he said 5 " * (n // 12 + 1))[:n],
        "nested brackets": lambda n: "(" * (n // 2) + "x 5 people" + ")" * (n // 2),
        "abbreviations": lambda n: ("Mr. U.S. Gen. J. " * (n // 17 + 1))[:n],
        "number words": lambda n: ("two hundred and " * (n // 16 + 1))[:n],
    }
    print("adversarial inputs (seconds at n, 2n, 4n; linear growth doubles):")
    for name, make in cases.items():
        n = 25_000 if name == "digits" else 50_000
        times = [timed(make, n * k) for k in (1, 2, 4)]
        print(f"  {name:42s} n={n:>7}: " + "  ".join(f"{t:.3f}" for t in times))
    t = timed(lambda n: ("word " * (n // 5 + 1))[:n], 100_000)
    print(f"  a 100,000-char sentence: {t:.3f} s; 50,000 digits: {timed(lambda n: '7' * n, 50_000):.3f} s")


if __name__ == "__main__":
    bodies = load_bodies()
    throughput(bodies)
    quantulum_throughput(bodies)
    memory(bodies)
    adversarial()
