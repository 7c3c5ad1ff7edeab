"""POST /api/claims/{id}/verdict: editors only, the page's stale-version refusal, clear errors."""

from __future__ import annotations

import pytest

from factcheck.models import Claim, ReviewEvent
from tests.views.builders import make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(source) -> Claim:
    return make_queue(source, 1)[0]


def verdict(api, claim, **fields):
    body = {
        "status": "verified",
        "note": "Matches the ministry.",
        "evidence_url": "https://example.org/a",
        "version": claim.version,
    }
    return api.post(f"/api/claims/{claim.pk}/verdict", {**body, **fields})


def test_it_records_an_editors_verdict_with_who_and_the_new_version(editor_api, editor, claim):
    response = verdict(editor_api, claim)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "verified" and body["version"] == claim.version + 1
    assert body["reviewed_by"] == "alice"
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.user, event.to_status, event.note, event.evidence_url) == (
        editor,
        "verified",
        "Matches the ministry.",
        "https://example.org/a",
    )


def test_it_answers_409_with_the_pages_message_for_a_stale_version(editor_api, second_editor, claim):
    claim.set_verdict(second_editor, "disputed", expected_version=claim.version)
    response = verdict(editor_api, claim, version=claim.version - 1)
    assert response.status_code == 409
    body = response.json()
    assert body["detail"].startswith("Changed by bob at ") and body["detail"].endswith(
        "reload to see the latest version."
    )
    assert body["version"] == claim.version and body["changed_by"] == "bob"
    claim.refresh_from_db()
    assert claim.status == "disputed" and ReviewEvent.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize("persona", ["viewer_api", "nobody_api"])
def test_it_refuses_a_verdict_from_a_reader(request, persona, claim):
    response = verdict(request.getfixturevalue(persona), claim)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only editors can review claims."
    assert not ReviewEvent.objects.filter(claim=claim).exists()


def test_it_refuses_an_anonymous_verdict(anonymous_api, claim):
    assert verdict(anonymous_api, claim).status_code == 401


def test_it_lets_an_admin_give_a_verdict(admin_api, claim):
    assert verdict(admin_api, claim).status_code == 200


def test_it_refuses_an_unknown_status_with_the_forms_message(editor_api, claim):
    response = verdict(editor_api, claim, status="true-ish")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["status"] == ["Select a valid choice. true-ish is not one of the available choices."]
    assert body["detail"].startswith("status: Select a valid choice.")
    assert not ReviewEvent.objects.filter(claim=claim).exists()


def test_it_refuses_an_evidence_link_that_is_not_http(editor_api, claim):
    response = verdict(editor_api, claim, evidence_url="javascript:alert(1)")
    assert response.status_code == 422
    assert "evidence_url" in response.json()["errors"]


def test_it_refuses_a_verdict_without_a_version(editor_api, claim):
    response = editor_api.post(f"/api/claims/{claim.pk}/verdict", {"status": "verified"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"version": ["Field required"]}


def test_it_refuses_malformed_json(editor_api, claim):
    response = editor_api.post(f"/api/claims/{claim.pk}/verdict", b"{not json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "the request body is malformed JSON (Expecting property name enclosed in double quotes"
        " at column 2); nothing was saved."
    }
    assert not ReviewEvent.objects.filter(claim=claim).exists()


def test_it_answers_404_for_a_verdict_on_a_missing_claim(editor_api):
    response = editor_api.post("/api/claims/987654/verdict", {"status": "verified", "version": 1})
    assert response.status_code == 404


def test_it_answers_405_to_get_on_the_verdict(editor_api, claim):
    assert editor_api.get(f"/api/claims/{claim.pk}/verdict").status_code == 405
