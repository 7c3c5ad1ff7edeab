"""GET /api/claims and /api/claims/{id}: rights, the queue's filters and order, keyset pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from factcheck.models import Claim
from tests.views.builders import (
    make_article,
    make_claim,
    make_conflict,
    make_figure,
    make_queue,
    make_source,
    make_story,
)

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def walk(api, path: str, **params) -> tuple[list[int], int]:
    """Every id the pages give, following ``next`` to the end, and how many pages it took."""
    seen, pages = [], 0
    response = api.get(path, params)
    while True:
        assert response.status_code == 200, response.content
        seen += ids(response)
        pages += 1
        following = response.json()["next"]
        if not following:
            return seen, pages
        parts = urlsplit(following)
        response = api.client.get(f"{parts.path}?{parts.query}", **api.headers)


@pytest.mark.parametrize("persona", ["viewer_api", "editor_api", "admin_api"])
def test_it_lets_viewers_editors_and_admins_read_claims(request, persona, source):
    claim = make_queue(source, 1)[0]
    api = request.getfixturevalue(persona)
    assert ids(api.get("/api/claims")) == [claim.pk]
    assert api.get(f"/api/claims/{claim.pk}").json()["id"] == claim.pk


def test_it_refuses_a_user_in_no_role(nobody_api, source):
    claim = make_queue(source, 1)[0]
    for path in ("/api/claims", f"/api/claims/{claim.pk}"):
        response = nobody_api.get(path)
        assert response.status_code == 403
        assert "editors and viewers" in response.json()["detail"]


def test_it_refuses_anonymous_readers(anonymous_api, source):
    claim = make_queue(source, 1)[0]
    assert anonymous_api.get("/api/claims").status_code == 401
    assert anonymous_api.get(f"/api/claims/{claim.pk}").status_code == 401


def test_it_lists_claims_in_the_queues_order(viewer_api, source):
    a = make_article(source, "A said one. B said two. C said three. D said four.")
    verified = make_claim(a, "A said one.", checkworthiness=0.99, status="verified")
    worthy = make_claim(a, "B said two.", checkworthiness=0.9)
    conflict = make_claim(a, "C said three.", checkworthiness=0.1, in_conflict=True)
    dull = make_claim(a, "D said four.", checkworthiness=0.2)
    assert ids(viewer_api.get("/api/claims")) == [conflict.pk, worthy.pk, dull.pk, verified.pk]


def test_it_walks_every_claim_exactly_once_through_next_links(viewer_api, editor, source):
    claims = make_queue(source, 23)
    # ties in worthiness, a verdict and a conflict, so the cursor crosses every part of the order
    Claim.objects.filter(pk__in=[c.pk for c in claims[:6]]).update(checkworthiness=0.5)
    claims[7].set_verdict(editor, "verified")
    Claim.objects.filter(pk=claims[9].pk).update(in_conflict=True, conflict_level=2)
    seen, pages = walk(viewer_api, "/api/claims", limit=5)
    assert sorted(seen) == sorted(c.pk for c in claims) and len(seen) == len(set(seen))
    assert pages == 5
    assert seen == list(Claim.objects.in_queue_order().values_list("pk", flat=True))


def test_it_keeps_the_filters_in_the_next_link(viewer_api, source):
    other = make_source("The Morning Ledger")
    make_queue(other, 3, prefix="Other")
    wanted = make_queue(source, 7)
    seen, _ = walk(viewer_api, "/api/claims", source=source.pk, limit=3)
    assert sorted(seen) == sorted(c.pk for c in wanted)


def test_it_applies_the_queues_filters(viewer_api, editor, source):
    article = make_article(
        source, "The mayor said 2 people were killed in Kyiv. The army said 40 tanks were lost in Lviv."
    )
    kyiv = make_claim(article, "The mayor said 2 people were killed in Kyiv.", speaker="The mayor", location="Kyiv")
    lviv = make_claim(article, "The army said 40 tanks were lost in Lviv.", speaker="The army", location="Lviv")
    make_figure(kyiv, "2 people were killed", 2)
    make_figure(lviv, "40 tanks were lost", 40, metric="tanks_lost", unit="tanks")
    lviv.set_verdict(editor, "disputed")
    assert ids(viewer_api.get("/api/claims", {"q": "tanks"})) == [lviv.pk]
    assert ids(viewer_api.get("/api/claims", {"speaker": "mayor"})) == [kyiv.pk]
    assert ids(viewer_api.get("/api/claims", {"metric": "tanks lost"})) == [lviv.pk]
    assert ids(viewer_api.get("/api/claims", {"location": "kyiv"})) == [kyiv.pk]
    assert ids(viewer_api.get("/api/claims", {"status": "disputed"})) == [lviv.pk]
    assert ids(viewer_api.get("/api/claims", {"status": "pending", "q": "tanks"})) == []


def test_it_answers_400_with_the_forms_message_for_a_bad_filter(viewer_api, source):
    make_queue(source, 1)
    response = viewer_api.get("/api/claims", {"published_from": "2024-02-30"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Invalid filter: Published from: Give a date, like 2024-01-31."
    response = viewer_api.get("/api/claims", {"status": "maybe"})
    assert response.status_code == 400 and "Status:" in response.json()["detail"]


def test_it_answers_400_for_a_cursor_it_did_not_give(viewer_api, source):
    make_queue(source, 1)
    for cursor in ("garbage", "9_0_0.5_1", "0_0_0.5_" + "9" * 30, "0_0_nan_1"):
        response = viewer_api.get("/api/claims", {"after": cursor})
        assert response.status_code == 400, cursor
        assert "cursor" in response.json()["detail"]


def test_it_refuses_a_page_size_over_the_maximum(viewer_api, source):
    response = viewer_api.get("/api/claims", {"limit": 201})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("limit:")


def test_it_lists_a_page_in_a_constant_number_of_queries(viewer_api, source, django_assert_max_num_queries):
    make_queue(source, 30)
    with django_assert_max_num_queries(8):  # token, last-used, roles, the page, its figures
        assert len(ids(viewer_api.get("/api/claims", {"limit": 30}))) == 30


def test_it_gives_a_claim_with_figures_speaker_story_findings_and_history(viewer_api, editor, source):
    ledger = make_source("The Morning Ledger")
    wire = make_article(source, "The mayor said 2 people were killed in Kyiv.")
    later = make_article(ledger, "The ministry said 5 people were killed in Kyiv.")
    claim = make_claim(wire, wire.text, speaker="The mayor", location="Kyiv")
    other = make_claim(later, later.text, speaker="The ministry", location="Kyiv")
    figures = [make_figure(claim, "2 people were killed", 2), make_figure(other, "5 people were killed", 5)]
    story = make_story(wire, later)
    finding = make_conflict(figures, story=story, explanation="2 and 5 killed cannot both hold.")
    claim.refresh_from_db()
    claim.set_verdict(editor, "disputed", note="The ministry says 5.")
    body = viewer_api.get(f"/api/claims/{claim.pk}").json()
    assert body["speaker"] == "The mayor" and body["location"] == "Kyiv"
    assert body["article"]["story"] == story.pk and body["article"]["source"] == "Wire Agency"
    assert [(f["text"], f["value"], f["metric"]) for f in body["figures"]] == [("2 people were killed", 2.0, "killed")]
    assert body["in_conflict"] is True and body["conflict_level"] == "conflict"
    [found] = body["findings"]
    assert found["id"] == finding.pk and found["kind"] == "conflict"
    assert sorted((f["source"], f["value"]) for f in found["figures"]) == [
        ("The Morning Ledger", 5.0),
        ("Wire Agency", 2.0),
    ]
    assert body["history"][0]["user"] == "alice" and body["history"][0]["note"] == "The ministry says 5."
    assert body["status"] == "disputed" and body["reviewed_by"] == "alice"


def test_it_gives_an_unbounded_figure_as_null_not_infinity(viewer_api, source):
    article = make_article(source, "Officials said more than 50 people were hurt.")
    claim = make_claim(article, article.text)
    make_figure(claim, "more than 50 people", 50, high=None, qualifier="more_than", metric="injured")
    figure = viewer_api.get(f"/api/claims/{claim.pk}").json()["figures"][0]
    assert figure["high"] is None and figure["low"] == 50.0


def test_it_answers_404_for_a_claim_that_does_not_exist(viewer_api):
    response = viewer_api.get("/api/claims/424242")
    assert response.status_code == 404
    assert response.json()["detail"] == "No claim #424242."


def test_it_answers_422_not_500_for_an_id_past_64_bits(viewer_api):
    assert viewer_api.get(f"/api/claims/{2**63}").status_code == 422


def test_it_gives_a_claim_in_the_same_number_of_queries_however_many_findings(viewer_api, source, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(findings: int) -> int:
        article = make_article(source, f"Officials said {findings + 2} people were killed in Kyiv.")
        claim = make_claim(article, article.text, location="Kyiv")
        mine = make_figure(claim, f"{findings + 2} people were killed", findings + 2)
        for index in range(findings):
            other = make_article(make_source(f"Outlet {findings}-{index}"), f"Medics said {index + 90} were killed.")
            theirs = make_claim(other, other.text, location="Kyiv")
            make_conflict([mine, make_figure(theirs, f"{index + 90} were killed", index + 90)])
            claim.refresh_from_db()
            claim.add_note(editor, f"note {index}")
        with CaptureQueriesContext(connection) as captured:
            assert viewer_api.get(f"/api/claims/{claim.pk}").status_code == 200
        return len(captured)

    viewer_api.get("/api/stories")  # the token's first use writes last_used_at; not part of the count
    assert queries_for(1) == queries_for(5)
