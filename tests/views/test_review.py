"""Review actions: verdict, note, bulk and apply-to-copies, with optimistic locking."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from factcheck.models import Claim, ReviewEvent

from .builders import hx, make_article, make_claim, make_queue, make_source


@pytest.fixture
def claim(source):
    return make_queue(source, 1)[0]


def verdict(client, claim, status="verified", version=None, **extra):
    data = {"status": status, "version": claim.version if version is None else version, **extra}
    headers = extra.pop("headers", None)
    data.pop("headers", None)
    return client.post(reverse("claim-verdict", args=[claim.pk]), data, **(headers or {}))


def test_it_records_a_verdict_and_redirects_back_with_a_message(editor_client, editor, claim):
    response = verdict(
        editor_client,
        claim,
        note="Matches the ministry",
        evidence_url="https://example.org/report",
        next=reverse("review-queue") + "?q=x",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue") + "?q=x"
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.reviewed_by) == ("verified", 2, editor)
    event = ReviewEvent.objects.get()
    assert (event.from_status, event.to_status, event.note, event.evidence_url) == (
        "pending",
        "verified",
        "Matches the ministry",
        "https://example.org/report",
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Claim #{claim.pk} marked verified."]


def test_it_redirects_to_the_claim_when_next_points_elsewhere(editor_client, claim):
    response = verdict(editor_client, claim, next="https://evil.example/")
    assert response["Location"] == claim.get_absolute_url()


def test_it_swaps_the_row_and_triggers_queue_changed_for_htmx(editor_client, claim):
    response = verdict(editor_client, claim, status="disputed", headers=hx())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="claim-row-{claim.pk}"')
    assert "status-disputed" in body and 'value="2"' in body
    assert json.loads(response["HX-Trigger"]) == {"queue-changed": {}}


def test_it_swaps_the_review_panel_on_the_claim_page(editor_client, claim):
    response = verdict(editor_client, claim, note="checked", headers=hx("review-panel"))
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="review-panel"')
    assert "checked" in body and "History" in body
    assert "queue-changed" in response["HX-Trigger"]


def test_it_moves_a_claim_back_to_pending(editor_client, claim):
    verdict(editor_client, claim)
    claim.refresh_from_db()
    verdict(editor_client, claim, status="pending")
    claim.refresh_from_db()
    assert (claim.status, claim.status_rank) == ("pending", 0)
    assert ReviewEvent.objects.count() == 2


def test_it_refuses_a_stale_version_for_htmx_with_409_and_keeps_the_other_change(editor_client, second_editor, claim):
    claim.set_verdict(second_editor, "disputed", note="bob's finding")
    response = verdict(editor_client, claim, status="verified", version=1, note="mine", headers=hx())
    assert response.status_code == 409
    body = response.content.decode()
    assert "Changed by bob at" in body and "reload" in body
    assert "HX-Trigger" not in response
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("disputed", 2)
    assert list(ReviewEvent.objects.values_list("note", flat=True)) == ["bob's finding"]


def test_it_refuses_a_stale_version_without_javascript_with_a_message(editor_client, second_editor, claim):
    claim.set_verdict(second_editor, "disputed")
    response = verdict(editor_client, claim, version=1)
    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert str(message).startswith("Changed by bob at ")
    claim.refresh_from_db()
    assert claim.status == "disputed"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "not a url"])
def test_it_refuses_evidence_that_is_not_a_web_link(editor_client, claim, url):
    plain = verdict(editor_client, claim, evidence_url=url)
    assert plain.status_code == 400
    assert "Enter a valid URL" in plain.content.decode()
    htmx = verdict(editor_client, claim, evidence_url=url, headers=hx())
    assert htmx.status_code == 422
    assert not ReviewEvent.objects.exists()


def test_it_refuses_an_unknown_status(editor_client, claim):
    assert verdict(editor_client, claim, status="true").status_code == 400
    assert not ReviewEvent.objects.exists()


def test_it_adds_a_note_without_changing_the_status(editor_client, claim):
    response = editor_client.post(
        reverse("claim-note", args=[claim.pk]), {"note": "Called the ministry", "version": 1}, **hx("review-panel")
    )
    assert response.status_code == 200
    assert "Called the ministry" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("pending", 2)
    assert ReviewEvent.objects.get().to_status == "pending"


def test_it_adds_a_note_without_javascript(editor_client, claim):
    response = editor_client.post(reverse("claim-note", args=[claim.pk]), {"note": "n", "version": 1})
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()


def test_it_refuses_an_empty_note(editor_client, claim):
    assert editor_client.post(reverse("claim-note", args=[claim.pk]), {"note": "", "version": 1}).status_code == 400
    assert not ReviewEvent.objects.exists()


def test_it_refuses_a_stale_note(editor_client, second_editor, claim):
    claim.add_note(second_editor, "first")
    response = editor_client.post(reverse("claim-note", args=[claim.pk]), {"note": "second", "version": 1}, **hx())
    assert response.status_code == 409
    assert ReviewEvent.objects.count() == 1


def bulk(client, claims, status="verified", versions=None, query="", **headers):
    data = {"status": status, "note": "bulk", "claim": [c.pk for c in claims]}
    for claim in claims:
        data[f"version-{claim.pk}"] = (versions or {}).get(claim.pk, claim.version)
    return client.post(reverse("claim-bulk-verdict") + query, data, **headers)


def test_it_applies_a_bulk_verdict_logging_each_claim(editor_client, source):
    claims = make_queue(source, 3)
    response = bulk(editor_client, claims, query="?location=Kyiv")
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue") + "?location=Kyiv"
    assert set(Claim.objects.values_list("status", flat=True)) == {"verified"}
    assert ReviewEvent.objects.count() == 3
    [message] = get_messages(response.wsgi_request)
    assert str(message) == "3 claims marked verified."


def test_it_refuses_stale_claims_in_a_bulk_verdict_and_says_which(editor_client, second_editor, source):
    fresh, stale, other = make_queue(source, 3)
    stale.set_verdict(second_editor, "disputed")
    response = bulk(editor_client, [fresh, stale, other], versions={stale.pk: 1}, **hx())
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="queue-results"')
    assert f"#{stale.pk}: Changed by bob at" in body
    assert "2 claims marked verified." in body
    assert "queue-changed" in response["HX-Trigger"]
    assert dict(Claim.objects.values_list("pk", "status")) == {
        fresh.pk: "verified",
        stale.pk: "disputed",
        other.pk: "verified",
    }


def test_it_refuses_a_bulk_verdict_without_ticked_claims(editor_client, source):
    make_queue(source, 1)
    response = editor_client.post(reverse("claim-bulk-verdict"), {"status": "verified"}, **hx())
    assert response.status_code == 422
    assert "Tick at least one claim." in response.content.decode()
    assert not ReviewEvent.objects.exists()


@pytest.fixture
def syndicated(source):
    sentence = "Officials said 12 people were killed in the strike."
    copies = []
    for name in ("Wire Agency", "Daily Planet", "Evening Star"):
        article = make_article(make_source(name), f"Intro from {name}. {sentence}")
        copies.append(make_claim(article, sentence))
    unrelated = make_claim(make_article(source, "Police said 3 were hurt."), "Police said 3 were hurt.")
    return copies, unrelated


def copies_data(claim, copies, status="verified"):
    data = {"status": status, "version": claim.version, "note": "same wire copy"}
    for copy in copies:
        if copy.pk != claim.pk:
            data[f"copy-version-{copy.pk}"] = copy.version
    return data


def test_it_lists_syndicated_copies_on_the_claim_page(editor_client, syndicated):
    copies, _ = syndicated
    page = editor_client.get(copies[0].get_absolute_url()).content.decode()
    assert "Syndicated copies of this sentence (2)" in page
    assert f'name="copy-version-{copies[1].pk}"' in page


def test_it_applies_a_verdict_to_all_copies_logging_each(editor_client, syndicated):
    copies, unrelated = syndicated
    response = editor_client.post(reverse("claim-copies-verdict", args=[copies[0].pk]), copies_data(copies[0], copies))
    assert response.status_code == 302
    assert set(Claim.objects.filter(pk__in=[c.pk for c in copies]).values_list("status", flat=True)) == {"verified"}
    assert ReviewEvent.objects.filter(note="same wire copy").count() == 3
    unrelated.refresh_from_db()
    assert unrelated.status == "pending"


def test_it_refuses_copies_changed_meanwhile_and_applies_the_rest(editor_client, second_editor, syndicated):
    copies, _ = syndicated
    data = copies_data(copies[0], copies)
    copies[2].set_verdict(second_editor, "disputed")
    response = editor_client.post(reverse("claim-copies-verdict", args=[copies[0].pk]), data, **hx("review-panel"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"#{copies[2].pk}: Changed by bob" in body
    assert "queue-changed" in response["HX-Trigger"]
    assert dict(Claim.objects.filter(pk__in=[c.pk for c in copies]).values_list("pk", "status")) == {
        copies[0].pk: "verified",
        copies[1].pk: "verified",
        copies[2].pk: "disputed",
    }
