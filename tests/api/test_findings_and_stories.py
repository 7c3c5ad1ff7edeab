"""GET /api/conflicts and /api/stories: rights, filters, keyset pages."""

from __future__ import annotations

import pytest

from tests.views.builders import make_article, make_claim, make_conflict, make_figure, make_source, make_story

from .test_claims import ids, walk

pytestmark = pytest.mark.django_db


def make_findings(source, count: int) -> list:
    ledger = make_source("The Morning Ledger")
    findings = []
    for index in range(count):
        ours = make_article(source, f"Report {index}: the mayor said {index + 2} people were killed in Kyiv.")
        theirs = make_article(ledger, f"Report {index}: the ministry said {index + 9} people were killed in Kyiv.")
        a = make_claim(ours, ours.text.split(": ", 1)[1], location="Kyiv")
        b = make_claim(theirs, theirs.text.split(": ", 1)[1], location="Kyiv")
        figures = [make_figure(a, f"{index + 2} people", index + 2), make_figure(b, f"{index + 9} people", index + 9)]
        findings.append(make_conflict(figures, kind="conflict" if index % 2 else "possible_conflict"))
    return findings


@pytest.mark.parametrize("persona", ["viewer_api", "editor_api", "admin_api"])
def test_it_lets_readers_list_findings_with_their_figures(request, persona, source):
    finding = make_findings(source, 1)[0]
    body = request.getfixturevalue(persona).get("/api/conflicts").json()
    [item] = body["items"]
    assert item["id"] == finding.pk and item["kind"] == "possible_conflict" and item["status"] == "open"
    assert sorted(f["value"] for f in item["figures"]) == [2.0, 9.0]


def test_it_refuses_findings_and_stories_to_a_user_in_no_role_and_to_anonymous(nobody_api, anonymous_api):
    for path in ("/api/conflicts", "/api/stories"):
        assert nobody_api.get(path).status_code == 403
        assert anonymous_api.get(path).status_code == 401


def test_it_walks_every_finding_once_and_filters_by_kind(viewer_api, source):
    findings = make_findings(source, 7)
    seen, pages = walk(viewer_api, "/api/conflicts", limit=3)
    assert seen == sorted((f.pk for f in findings), reverse=True) and pages == 3
    conflicts, _ = walk(viewer_api, "/api/conflicts", kind="conflict", limit=2)
    assert sorted(conflicts) == sorted(f.pk for f in findings if f.kind == "conflict")


def test_it_answers_400_for_an_unknown_kind(viewer_api):
    response = viewer_api.get("/api/conflicts", {"kind": "feud"})
    assert response.status_code == 400 and "kind: one of" in response.json()["detail"]


def test_it_walks_every_live_story_once(viewer_api, source):
    stories = [
        make_story(make_article(source, f"Story {i}: a ferry ran aground with {i + 20} on board.")) for i in range(5)
    ]
    make_story(title="An empty one")  # no articles: not a live story
    seen, pages = walk(viewer_api, "/api/stories", limit=2)
    assert seen == sorted((s.pk for s in stories), reverse=True) and pages == 3
    assert ids(viewer_api.get("/api/stories", {"min_articles": 2})) == []
