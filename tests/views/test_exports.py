"""CSV and ClaimReview JSON-LD exports of the current filter."""

from __future__ import annotations

import csv
import io
import json

from django.http import StreamingHttpResponse
from django.urls import reverse

from factcheck.views import queue as queue_views

from .builders import make_article, make_claim, make_figure, make_queue


def streamed(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def test_it_streams_the_filtered_claims_as_csv(editor_client, source):
    make_queue(source, 3)
    make_queue(source, 2, prefix="Other", metric="injured-only")
    response = editor_client.get(reverse("queue-export-csv"), {"q": "Other"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert len(rows) == 2
    assert rows[0]["source"] == "Wire Agency" and rows[0]["speaker"] == "officials"
    assert "killed" in rows[0]["figures"] and rows[0]["claim_url"].startswith("http://testserver/claims/")


def test_it_exports_every_row_without_a_cap(editor_client, source, monkeypatch):
    monkeypatch.setattr(queue_views, "EXPORT_CHUNK", 2)
    make_queue(source, 7)
    rows = list(csv.reader(io.StringIO(streamed(editor_client.get(reverse("queue-export-csv"))))))
    assert len(rows) == 1 + 7


def test_it_defuses_spreadsheet_formulas_in_csv(editor_client, source):
    article = make_article(source, '=HYPERLINK("http://x") said 2 were killed.')
    make_claim(article, article.text)
    [row] = list(csv.DictReader(io.StringIO(streamed(editor_client.get(reverse("queue-export-csv"))))))
    assert row["claim"].startswith("'=")


def test_it_exports_claimreview_json_ld_for_claims_with_verdicts(editor_client, editor, source):
    article = make_article(
        source, "The governor said more than 52 people were injured in Kharkiv.", url="https://wire.example/a"
    )
    claim = make_claim(article, article.text, speaker="The governor", location="Kharkiv")
    make_figure(claim, "more than 52 people were injured", 52, high=None, qualifier="more_than", metric="injured")
    claim.set_verdict(editor, "verified", note="ok")
    disputed, pending = make_queue(source, 2)
    disputed.set_verdict(editor, "disputed")

    response = editor_client.get(reverse("queue-export-claimreview"))
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(streamed(response))
    assert data["@context"][0] == "https://schema.org" and "fcw" in data["@context"][1]
    reviews = {r["claimReviewed"]: r for r in data["@graph"]}
    assert set(reviews) == {claim.text, disputed.text}
    review = reviews[claim.text]
    assert review["@type"] == "ClaimReview"
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"] == "The governor"
    assert review["itemReviewed"]["appearance"]["url"] == "https://wire.example/a"
    assert review["reviewRating"]["alternateName"] == "Verified"
    assert reviews[disputed.text]["reviewRating"]["alternateName"] == "Disputed"
    assert review["fcw:figures"] == [
        {
            "text": "more than 52 people were injured",
            "value": 52,
            "low": 52,
            "high": None,
            "qualifier": "more_than",
            "kind": "count",
            "metric": "injured",
            "unit": "people",
        },
    ]


def test_it_exports_an_empty_graph_when_nothing_has_a_verdict(editor_client, source):
    make_queue(source, 2)
    data = json.loads(streamed(editor_client.get(reverse("queue-export-claimreview"))))
    assert data["@graph"] == []


def test_it_applies_the_filters_to_json_ld(editor_client, editor, source):
    kyiv, other = make_queue(source, 2)
    kyiv.set_verdict(editor, "verified")
    other.set_verdict(editor, "verified")
    data = json.loads(streamed(editor_client.get(reverse("queue-export-claimreview"), {"q": kyiv.text[:9]})))
    assert [r["claimReviewed"] for r in data["@graph"]] == [kyiv.text]
