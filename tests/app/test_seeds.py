"""The demo seeds yield the intended conflicts, the update and the copy, and nothing spurious."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from factcheck import crosscheck
from factcheck.models import Conflict, Figure


@pytest.fixture
def seeded(db: None) -> None:
    call_command("seed_demo", "--no-accounts", stdout=io.StringIO(), stderr=io.StringIO())
    crosscheck.run_here()


def open_findings(kind: str, metric: str) -> list[Conflict]:
    return list(
        Conflict.objects.open().filter(kind=kind, metric=metric).prefetch_related("members__claim__article__source")
    )


def values(conflict: Conflict) -> set[tuple[float, str]]:
    return {(f.value, f.qualifier) for f in conflict.members.all()}


def test_it_finds_the_conflict_on_missiles_launched(seeded: None) -> None:
    (conflict,) = open_findings("conflict", "missiles_launched")
    found = values(conflict)
    assert (99.0, "exact") in found
    assert (70.0, "about") in found
    assert (110.0, "more_than") in found
    assert {f.claim.article.source.name for f in conflict.members.all()} >= {
        "Ukrainian Air Force (official channel)",
        "Eastern Europe Daily",
        "Russian Ministry of Foreign Affairs",
    }


def test_it_finds_the_conflict_on_missiles_intercepted(seeded: None) -> None:
    (conflict,) = open_findings("conflict", "intercepted")
    found = values(conflict)
    assert (72.0, "exact") in found
    assert (80.0, "at_least") in found
    assert any(value == 10.0 for value, _ in found)


def test_it_reads_the_rising_kyiv_toll_as_an_update(seeded: None) -> None:
    updates = [c for c in open_findings("update", "killed") if "kyiv" in c.key]
    assert updates, [c.key for c in Conflict.objects.all()]
    assert {2.0, 4.0} <= {v for c in updates for v, _ in values(c)}
    assert not [c for c in open_findings("conflict", "killed") if "kyiv" in c.key]


def test_it_reads_the_republished_kharkiv_paragraph_as_a_copy(seeded: None) -> None:
    copies = list(Conflict.objects.open().filter(kind="copy").prefetch_related("members__claim__article__source"))
    sources = [{f.claim.article.source.name for f in c.members.all()} for c in copies]
    assert {"Continental Press Agency", "The Morning Ledger"} in sources


def test_it_reports_nothing_spurious(seeded: None) -> None:
    conflicts = Conflict.objects.open().filter(kind="conflict").prefetch_related("members__claim")
    assert {c.metric for c in conflicts} == {"missiles_launched", "intercepted"}
    for conflict in conflicts:
        articles = {f.claim.article_id for f in conflict.members.all()}
        assert len(articles) > 1, conflict.explanation


def test_it_never_counts_ages_or_durations(seeded: None) -> None:
    for age in (91, 84, 63):
        assert not Figure.objects.filter(value=age, kind="count").exists(), age
    assert Figure.objects.filter(value=91, kind="age").exists()
    assert not Figure.objects.filter(kind="count", text__icontains="year").exists()
