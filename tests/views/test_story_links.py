"""Stories seen from the rest of the workbench: queue rows and filters, the claim page, admin."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.models import Claim, Conflict, FindingDecision, PlaceAlias, StaleFinding

from .builders import hx, make_article, make_claim, make_conflict, make_figure, make_queue, make_source, make_story


def row_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="claim-row-(\d+)"', response.content.decode())]


@pytest.fixture
def two_stories(source):
    """Three claims in a two-source story, two in a story of their own."""
    kyiv = make_queue(source, 2, prefix="Kyiv") + make_queue(make_source("Daily Planet"), 1, prefix="Planet")
    harvest = make_queue(source, 2, prefix="Harvest")
    first = make_story(*(c.article for c in kyiv), title="Strikes on Kyiv")
    second = make_story(*(c.article for c in harvest), title="Harvest report")
    return first, second, kyiv, harvest


@pytest.fixture
def possible(source):
    """Two sources' tolls that may be one fact, as a story comparison records it."""
    a = make_article(source, "The mayor said 2 people were killed in Kyiv.")
    b = make_article(make_source("Daily Planet"), "Officials said 5 people were killed.")
    mayor = make_figure(make_claim(a, a.text, speaker="The mayor", location="Kyiv"), "2 people were killed", 2)
    officials = make_figure(make_claim(b, b.text, speaker="Officials"), "5 people were killed", 5)
    story = make_story(a, b)
    finding = make_conflict(
        [mayor, officials], kind="possible_conflict", story=story, explanation="Officials name no place."
    )
    return finding, mayor.claim, officials.claim


# --- Queue ---------------------------------------------------------------------------------------


def test_it_shows_each_claims_story_in_its_row(editor_client, two_stories):
    first, _, kyiv, _ = two_stories
    body = editor_client.get(reverse("review-queue")).content.decode()
    row = re.search(rf'id="claim-row-{kyiv[0].pk}".*?</tr>', body, re.S).group(0)
    assert f'href="{first.get_absolute_url()}"' in row
    assert "Story: Strikes on Kyiv (2 sources)" in row


def test_it_adds_no_queries_per_row_for_the_story_column(editor_client, source, django_assert_num_queries):
    claims = make_queue(source, 5)
    make_story(*(c.article for c in claims))
    editor_client.get(reverse("review-queue"))
    with CaptureQueriesContext(connection) as few:
        editor_client.get(reverse("review-queue"))
    for index, claim in enumerate(make_queue(make_source("Second"), 20, prefix="More")):
        make_story(claim.article, title=f"Story {index}")
    with django_assert_num_queries(len(few)):
        response = editor_client.get(reverse("review-queue"))
    assert len(row_ids(response)) == 25
    assert response.content.decode().count('class="story-link"') == 25


@pytest.mark.parametrize("headers", [{}, hx("queue-results")])
def test_it_filters_the_queue_by_story(editor_client, two_stories, headers):
    first, _, kyiv, _ = two_stories
    response = editor_client.get(reverse("review-queue"), {"story": first.pk}, **headers)
    assert sorted(row_ids(response)) == sorted(c.pk for c in kyiv)
    assert f'Claims of <a href="{first.get_absolute_url()}">story #{first.pk}' in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "Give a story number, like 42."), ("0", "Story numbers start at 1."), ("9" * 25, "number that large")],
)
def test_it_shows_a_bad_story_filter_as_an_error_and_lists_nothing(editor_client, two_stories, value, message):
    for headers in ({}, hx("queue-results")):
        response = editor_client.get(reverse("review-queue"), {"story": value}, **headers)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert row_ids(response) == []  # not every story's claims, as if no filter had been given


def test_it_shows_and_filters_possible_conflicts_apart_from_conflicts(editor_client, possible, source):
    _, mayor, officials = possible
    conflict = make_queue(source, 1, prefix="Clash")[0]
    make_conflict([conflict.figures.first(), conflict.figures.last()])
    body = editor_client.get(reverse("review-queue")).content.decode()
    assert body.count('class="badge possible"') == 2 and body.count('class="badge conflict"') == 1
    assert row_ids(editor_client.get(reverse("review-queue")))[0] == conflict.pk, "conflicts sort first"
    possible_rows = row_ids(editor_client.get(reverse("review-queue"), {"conflict": "possible"}))
    assert sorted(possible_rows) == sorted([mayor.pk, officials.pk])
    assert row_ids(editor_client.get(reverse("review-queue"), {"conflict": "yes"})) == [conflict.pk]


# --- Claim page ----------------------------------------------------------------------------------


def test_it_links_a_claim_to_its_story(editor_client, possible):
    finding, mayor, _ = possible
    body = editor_client.get(mayor.get_absolute_url()).content.decode()
    assert f'<a href="{finding.story.get_absolute_url()}">' in body
    assert "2 articles from 2 sources" in body


def test_it_offers_the_decision_on_a_claims_possible_conflict(editor_client, possible):
    finding, mayor, _ = possible
    body = editor_client.get(mayor.get_absolute_url()).content.decode()
    assert "Officials name no place." in body
    assert f'id="decision-{finding.pk}"' in body
    assert f'hx-target="#decision-{finding.pk}"' in body
    assert 'value="same"' in body and 'value="different"' in body


def test_it_hides_the_decision_from_viewers_on_the_claim_page(viewer_client, possible):
    finding, mayor, _ = possible
    body = viewer_client.get(mayor.get_absolute_url()).content.decode()
    assert "Officials name no place." in body
    assert reverse("finding-decision", args=[finding.pk]) not in body


def test_it_shows_the_decision_history_on_the_claim_page(editor_client, second_editor, possible):
    finding, mayor, officials = possible
    finding.decide(second_editor, same=False, note="Different days")
    for claim in (mayor, officials):
        body = editor_client.get(claim.get_absolute_url()).content.decode()
        assert "Decisions on these findings" in body
        assert "<b>bob</b>" in body and "Different facts" in body and "Different days" in body
    assert FindingDecision.objects.count() == 1


def test_a_second_editor_on_a_stale_page_never_overwrites_the_first_decision(editor, second_editor, possible):
    finding, mayor, _ = possible
    stale_copy = Conflict.objects.get(pk=finding.pk)  # loaded by the second editor before the first decided
    finding.decide(editor, same=False, note="Different days")
    with pytest.raises(StaleFinding, match="decided meanwhile"):
        stale_copy.decide(second_editor, same=True)
    current = Conflict.objects.get(pk=finding.pk)
    assert current.status == Conflict.Status.CLOSED
    assert list(FindingDecision.objects.values_list("decision", flat=True)) == [FindingDecision.Decision.DIFFERENT]
    assert Claim.objects.get(pk=mayor.pk).conflict_level == Claim.ConflictLevel.NONE


def test_it_decides_from_the_claim_page_and_returns_there(editor_client, possible):
    finding, mayor, _ = possible
    response = editor_client.post(
        reverse("finding-decision", args=[finding.pk]), {"decision": "same", "next": mayor.get_absolute_url()}
    )
    assert response["Location"] == mayor.get_absolute_url()
    assert Claim.objects.get(pk=mayor.pk).conflict_level == Claim.ConflictLevel.CONFLICT


def test_it_links_an_article_to_its_story(editor_client, possible):
    finding, mayor, _ = possible
    body = editor_client.get(mayor.article.get_absolute_url()).content.decode()
    assert f'href="{finding.story.get_absolute_url()}"' in body


# --- Admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_it_shows_stories_and_their_audit_read_only_in_admin(admin_client_, editor, possible):
    finding, _, _ = possible
    finding.decide(editor, same=True)
    story = finding.story
    for name in ("story", "storyevent", "findingdecision", "placealias"):
        assert admin_client_.get(reverse(f"admin:factcheck_{name}_changelist")).status_code == 200, name
    page = admin_client_.get(reverse("admin:factcheck_story_change", args=[story.pk]))
    assert page.status_code == 200 and "Daily Planet" in page.content.decode()
    assert admin_client_.get(reverse("admin:factcheck_story_changelist"), {"q": "killed"}).status_code == 200
    decision = FindingDecision.objects.first()
    assert admin_client_.post(reverse("admin:factcheck_findingdecision_delete", args=[decision.pk])).status_code == 403
    assert admin_client_.post(reverse("admin:factcheck_story_delete", args=[story.pk])).status_code == 403


def test_it_edits_place_aliases_in_admin(admin_client_, db):
    response = admin_client_.post(reverse("admin:factcheck_placealias_add"), {"name": "Kiew", "canonical": "kyiv"})
    assert response.status_code == 302
    assert PlaceAlias.objects.get(name="Kiew").canonical == "kyiv"
