"""Figures as a newsroom writes them: money short and in its currency, metrics and reasons in words."""

from __future__ import annotations

import doctest

import pytest

from factcheck import figure_labels
from factcheck.figure_labels import figure_value_label, metric_words, money_label, reason_words


def test_its_examples_hold() -> None:
    assert doctest.testmod(figure_labels).failed == 0


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        (1.5e9, "USD", "$1.5bn"),
        (-2.5e6, "USD", "-$2.5m"),
        (50e6, "EUR", "€50m"),
        (9500, "GBP", "£9,500"),
        (12, "BRL", "R$12"),
        (3e12, "INR", "₹3tn"),
        (8e9, "KES", "KES8bn"),
    ],
)
def test_money_is_short_and_in_its_currency(value: float, currency: str, shown: str) -> None:
    assert money_label(value, currency) == shown


def test_money_never_shows_scientific_notation() -> None:
    assert "e+" not in money_label(1.5e15, "USD")
    assert money_label(float("inf"), "USD") == "inf USD"


def test_values_are_shown_by_kind() -> None:
    assert figure_value_label("money", 1.5e9, "USD", "$1.5 billion") == "$1.5bn"
    assert figure_value_label("percent", 5.1, "", "5.1%") == "5.1%"
    assert figure_value_label("date", 2, "day", "Jan 2") == "Jan 2"
    assert figure_value_label("count", 1250, "people", "1,250") == "1,250"
    assert figure_value_label("count", 3.2e9, "people", "3.2 billion") == "3.2 billion"


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("named_entities:7", "7 names"),
        ("named_entities:1", "1 name"),
        ("figures:2", "2 figures to compare"),
        ("attributed:the ministry", "attributed to the ministry"),
        ("hedge:may", "hedged (“may”)"),
        ("direct_quote", "a direct quote"),
        ("something_new", "something new"),
    ],
)
def test_reasons_are_in_words(key: str, words: str) -> None:
    assert reason_words(key) == words


def test_metric_slugs_are_in_words() -> None:
    assert metric_words("missiles_launched") == "missiles launched"


# --- On the pages ----------------------------------------------------------------------------------


@pytest.fixture
def budget_claim(db):  # type: ignore[no-untyped-def]
    from tests.views.builders import make_article, make_claim, make_figure, make_source

    sentence = "The ministry said the dam cost $1.5 billion and the missiles_launched count was 40."
    article = make_article(make_source("Money Wire"), sentence)
    claim = make_claim(
        article, sentence, speaker="The ministry", checkworthiness_reasons=["figures:2", "named_entities:7"]
    )
    make_figure(claim, "$1.5 billion", 1.5e9, kind="money", unit="USD", metric="cost")
    make_figure(claim, "40", 40, metric="missiles_launched", unit="missiles")
    return claim


def test_the_queue_shows_money_and_metrics_as_a_desk_writes_them(editor_client, budget_claim) -> None:
    from django.urls import reverse

    page = editor_client.get(reverse("review-queue")).content.decode()
    assert "<b>$1.5bn</b>" in page
    assert "1.5e+09" not in page and "USD" not in page
    assert "missiles launched" in page and "missiles_launched</li>" not in page


def test_the_claim_page_shows_reasons_and_figures_in_words(editor_client, budget_claim) -> None:
    page = editor_client.get(budget_claim.get_absolute_url()).content.decode()
    assert "<li>7 names</li>" in page and "named_entities:7" not in page
    assert "<li>2 figures to compare</li>" in page
    assert ">$1.5bn</td>" in page and "1500000000" not in page
    assert "<td>missiles launched</td>" in page


def test_the_queue_names_what_was_counted_once(editor_client, db) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    from tests.views.builders import make_article, make_claim, make_figure, make_source

    sentence = "The council said 300 houses were destroyed and 1,200 staff were laid off."
    claim = make_claim(make_article(make_source("Town Wire"), sentence), sentence, speaker="The council")
    make_figure(claim, "300 houses were destroyed", 300, metric="homes_destroyed", unit="houses")
    make_figure(claim, "1,200 staff were laid off", 1200, metric="laid_off", unit="people")
    page = editor_client.get(reverse("review-queue")).content.decode()
    assert "<b>300</b> homes destroyed</li>" in page  # not "homes destroyed houses"
    assert '<b>1,200</b> laid off <span class="unit">people</span></li>' in page
