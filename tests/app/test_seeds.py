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


def test_it_groups_the_seeds_into_stories_of_the_day_across_sources(seeded: None) -> None:
    from factcheck.models import Story

    across = Story.objects.live().filter(source_count__gte=2)
    assert across.count() >= 3, list(Story.objects.live().values_list("title", "source_count"))
    # Every article is in exactly one story.
    from factcheck.models import Article

    assert not Article.objects.filter(story__isnull=True).exists()


def test_it_shows_the_ferry_toll_without_a_place_as_a_possible_conflict(seeded: None) -> None:
    (possible,) = [
        c
        for c in Conflict.objects.open().filter(kind="possible_conflict", story__isnull=False)
        if {f.value for f in c.members.all()} >= {19.0, 12.0}
    ]
    assert "names no place" in possible.explanation
    assert {f.claim.article.source.name for f in possible.members.all()} >= {
        "East Africa Observer",
        "Continental Press Agency",
    }


def test_it_folds_the_wire_story_republished_by_two_outlets_under_its_origin(seeded: None) -> None:
    from factcheck.models import Article

    copies = Article.objects.filter(copy_of__isnull=False).select_related("copy_of__source", "source")
    by_origin = {(a.copy_of.source.name, a.copy_of.title) for a in copies}
    assert len(by_origin) == 1, by_origin
    ((origin_source, _),) = by_origin
    assert origin_source == "Continental Press Agency"
    assert {a.source.name for a in copies} == {"The Morning Ledger", "Balkan Markets Daily"}
    assert len({a.story_id for a in copies} | {copies[0].copy_of.story_id}) == 1
