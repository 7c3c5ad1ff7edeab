"""What is counted: the event read from the clause, so that a count has a metric an editor
would recognise and can be compared across sources."""

from __future__ import annotations

import pytest

from factcheck.core.figures import FigureHit, find_figures
from factcheck.core.tokens import tokenize


def figures(text: str) -> list[FigureHit]:
    toks = tokenize(text)
    return find_figures(toks, 0, len(toks))


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Police said 200 pupils were abducted from a dormitory.", "abducted"),
        ("Gunmen kidnapped 40 villagers on the highway.", "abducted"),
        ("About 3,000 people lost their homes in the blaze.", "homeless"),
        ("Nine climbers were trapped by the avalanche.", "trapped"),
        ("Some 60 guests were sickened at the wedding.", "infected"),
    ],
)
def test_it_reads_what_happened_to_those_counted(text: str, metric: str) -> None:
    (hit,) = figures(text)
    assert hit.metric == metric
