"""Following a source or a speaker from the claim page, and the "What I follow" page."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from factcheck import alerts
from factcheck.models import Follow, Speaker

from .builders import hx, make_article, make_claim, make_figure, make_source
from .conftest import logged_in


@pytest.fixture
def claim(db: None):  # type: ignore[no-untyped-def]
    source = make_source("Health Ministry")
    article = make_article(source, "The minister said 12 clinics reopened in Kharkiv.")
    claim = make_claim(article, article.text, speaker="The minister", location="Kharkiv")
    make_figure(claim, "12 clinics", 12, metric="reopened", unit="clinics")
    return claim


def follow(client: Client, kind: str, pk: int, action: str = "follow", **extra: object):  # type: ignore[no-untyped-def]
    headers = extra.pop("headers", None) or {}
    data = {"action": action, **extra}
    return client.post(reverse(f"follow-{kind}", args=[pk]), data, **headers)  # type: ignore[arg-type]


def test_an_editor_follows_a_source_and_is_sent_back_with_a_message(editor_client, editor, claim) -> None:  # type: ignore[no-untyped-def]
    response = follow(editor_client, "source", claim.source_id, next=claim.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert Follow.objects.get(user=editor).source_id == claim.source_id
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("You follow Health Ministry")


def test_it_swaps_the_button_and_triggers_follows_changed_for_htmx(editor_client, editor, claim) -> None:  # type: ignore[no-untyped-def]
    response = follow(editor_client, "speaker", claim.speaker_id, headers=hx(), next=claim.get_absolute_url())
    assert response.status_code == 200 and "follows-changed" in json.loads(response["HX-Trigger"])
    body = response.content.decode()
    assert body.lstrip().startswith(f'<form id="follow-speaker-{claim.speaker_id}"')
    assert 'value="unfollow"' in body and "<html" not in body
    response = follow(editor_client, "speaker", claim.speaker_id, "unfollow", headers=hx())
    assert 'value="follow"' in response.content.decode()
    assert not Follow.objects.filter(user=editor).exists()


def test_a_viewer_may_follow_too(viewer_client, viewer, claim) -> None:  # type: ignore[no-untyped-def]
    assert follow(viewer_client, "source", claim.source_id).status_code == 302
    assert Follow.objects.filter(user=viewer).count() == 1


def test_a_user_without_a_role_cannot_follow(db: None, claim) -> None:  # type: ignore[no-untyped-def]
    client = logged_in(User.objects.create_user("nobody", password="pw"))
    assert follow(client, "source", claim.source_id).status_code == 403
    assert client.get(reverse("follow-list")).status_code == 403
    assert not Follow.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(claim) -> None:  # type: ignore[no-untyped-def]
    response = follow(Client(), "source", claim.source_id)
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not Follow.objects.exists()


def test_following_is_post_only(editor_client, claim) -> None:  # type: ignore[no-untyped-def]
    assert editor_client.get(reverse("follow-source", args=[claim.source_id])).status_code == 405
    assert not Follow.objects.exists()


def test_it_refuses_a_post_without_the_csrf_token(editor, claim) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert follow(client, "source", claim.source_id).status_code == 403
    assert not Follow.objects.exists()


def test_it_says_what_is_wrong_with_an_unknown_action_and_changes_nothing(editor_client, claim) -> None:  # type: ignore[no-untyped-def]
    response = follow(editor_client, "source", claim.source_id, "subscribe", headers=hx())
    assert response.status_code == 400 and b"Choose follow or unfollow." in response.content
    assert not Follow.objects.exists()


def test_it_answers_404_for_a_source_that_does_not_exist(editor_client, db: None) -> None:  # type: ignore[no-untyped-def]
    assert follow(editor_client, "source", 999_999).status_code == 404


def test_the_claim_page_shows_follow_buttons_that_know_what_is_followed(editor_client, editor, claim) -> None:  # type: ignore[no-untyped-def]
    alerts.follow(editor, Speaker.objects.get(pk=claim.speaker_id))
    body = editor_client.get(claim.get_absolute_url()).content.decode()
    source_form = body.split(f'id="follow-source-{claim.source_id}"')[1].split("</form>")[0]
    speaker_form = body.split(f'id="follow-speaker-{claim.speaker_id}"')[1].split("</form>")[0]
    assert 'value="follow"' in source_form and 'value="unfollow"' in speaker_form
    assert 'name="csrfmiddlewaretoken"' in source_form  # a plain form: works without JavaScript
    assert reverse("source-record", args=[claim.source_id]) in body


def test_the_follow_page_lists_what_i_follow_with_unfollow_buttons(editor_client, editor, second_editor, claim) -> None:  # type: ignore[no-untyped-def]
    alerts.follow(editor, claim.article.source)
    alerts.follow(second_editor, Speaker.objects.get(pk=claim.speaker_id))  # someone else's follow
    body = editor_client.get(reverse("follow-list")).content.decode()
    assert "Health Ministry" in body and 'value="unfollow"' in body
    assert "The minister" not in body
    assert reverse("source-record", args=[claim.source_id]) in body


def test_the_follow_page_asks_a_fixed_number_of_queries(editor_client, editor, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for n in range(8):
        alerts.follow(editor, make_source(f"Outlet {n}"))
        alerts.follow(editor, Speaker.objects.create(name=f"Speaker {n}"))
    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("follow-list"))
    assert response.content.decode().count('value="unfollow"') == 16
