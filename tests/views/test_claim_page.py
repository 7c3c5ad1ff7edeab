"""The claim page and the article page: highlighting, comparison, history, review marker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.models import Claim

from .builders import hx, make_article, make_claim, make_conflict, make_figure, make_source

TEXT = "Missiles hit the city overnight. According to the mayor, 2 people were killed and 49 injured. Repairs began."
SENTENCE = "According to the mayor, 2 people were killed and 49 injured."


@pytest.fixture
def claim(source):
    article = make_article(source, TEXT, published_at=timezone.make_aware(dt.datetime(2024, 1, 2, 10)))
    claim = make_claim(
        article,
        SENTENCE,
        speaker="the mayor",
        location="Kyiv",
        checkworthiness=0.9,
        checkworthiness_reasons=["has a casualty figure", "attributed"],
    )
    make_figure(claim, "2 people were killed", 2)
    make_figure(claim, "49 injured", 49, metric="injured")
    return claim


def test_it_highlights_the_sentence_and_its_figures_in_the_article(editor_client, claim):
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert (
        'Missiles hit the city overnight. <mark class="claim" id="the-claim">'
        'According to <span class="speaker">the mayor</span>, '
        '<mark class="figure" title="killed [2, 2]">2 people were killed</mark> and '
        '<mark class="figure" title="injured [49, 49]">49 injured</mark>.</mark> Repairs began.'
    ) in page


def test_it_shows_the_claims_attribution_and_checkworthiness(editor_client, claim):
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    for fragment in ("the mayor", "Kyiv", "0.90", "has a casualty figure", "attributed"):
        assert fragment in page


def test_it_marks_the_claim_opened_by_an_editor(editor_client, editor, claim):
    editor_client.get(claim.get_absolute_url())
    claim.refresh_from_db()
    assert claim.opened_by == editor and claim.opened_until > timezone.now()


def test_it_does_not_mark_the_claim_opened_by_a_viewer(viewer_client, claim):
    viewer_client.get(claim.get_absolute_url())
    claim.refresh_from_db()
    assert claim.opened_by is None


def test_it_tells_a_second_editor_who_is_reviewing(editor_client, second_editor_client, claim):
    editor_client.get(claim.get_absolute_url())
    page = second_editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Also being reviewed by alice" in page


def test_it_renders_only_the_review_panel_for_htmx(editor_client, claim):
    response = editor_client.get(claim.get_absolute_url(), **hx("review-panel"))
    assert response.content.decode().lstrip().startswith('<section id="review-panel"')


def test_it_shows_the_conflicting_sources_side_by_side_with_a_chart(editor_client, claim):
    other = make_article(
        make_source("Daily Planet"),
        "The ministry said at least 5 people were killed in Kyiv.",
        published_at=timezone.make_aware(dt.datetime(2024, 1, 2, 12)),
    )
    their = make_claim(other, other.text, speaker="The ministry", location="Kyiv")
    theirs = make_figure(their, "at least 5 people were killed", 5, low=5, high=None, qualifier="at_least")
    make_conflict(
        [claim.figures.get(metric="killed"), theirs], explanation="Mayor says 2 killed; the ministry at least 5."
    )
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Mayor says 2 killed; the ministry at least 5." in page
    assert "Daily Planet" in page and "[5, ∞)" in page
    assert "<svg" in page and 'marker-end="url(#arrow-1)"' in page
    assert page.index(">Wire Agency</text>") < page.index(">Daily Planet</text>"), "ordered by time"


def test_it_compares_same_metric_and_place_when_no_conflict_is_recorded(editor_client, claim):
    # Extraction stores places title-cased ("kyiv" -> "Kyiv"), so the lookup matches exactly (and uses an index).
    other = make_article(make_source("Daily Planet"), "Police said 3 people were killed.")
    make_figure(make_claim(other, other.text, location="Kyiv"), "3 people were killed", 3)
    elsewhere = make_article(make_source("Gazette"), "Police said 7 people were killed.")
    make_figure(make_claim(elsewhere, elsewhere.text, location="Lviv"), "7 people were killed", 7)
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "Same metric and place" in page
    assert "Daily Planet" in page and "Gazette" not in page


def test_it_shows_the_claims_history(editor_client, second_editor, claim):
    claim.set_verdict(second_editor, "disputed", note="Toll differs", evidence_url="https://example.org/toll")
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "bob" in page and "Toll differs" in page
    assert 'href="https://example.org/toll"' in page
    assert "pending</span> → <span" in page


def test_it_returns_404_for_a_missing_claim(editor_client, db):
    assert editor_client.get(reverse("claim-detail", args=[999])).status_code == 404


def test_it_shows_the_article_with_its_claims_linked(editor_client, claim):
    response = editor_client.get(claim.article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a class="claim status-pending" href="{claim.get_absolute_url()}"' in page
    assert '<mark class="figure" title="injured [49, 49]">49 injured</mark>' in page


def test_it_survives_offsets_that_no_longer_match_the_text(editor_client, claim):
    Claim.objects.filter(pk=claim.pk).update(start=0, end=5)
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert '<mark class="claim" id="the-claim">According to' in page
