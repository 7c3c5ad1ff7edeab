"""CSV and ClaimReview JSON-LD exports of the current filter."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from factcheck.models import Claim
from factcheck.views import queue as queue_views

from .builders import make_article, make_claim, make_figure, make_queue, make_source


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


HOSTILE = "</script><script>alert(1)</script><!-- & \u2028\u2029 -->"


def test_it_escapes_json_ld_so_a_claim_cannot_end_the_script_it_is_pasted_into(editor_client, editor, source):
    # The export is made to be pasted into <script type="application/ld+json">; "</script>" in a
    # source's sentence, headline, outlet or speaker would end that element and run what follows.
    outlet = make_source(f"Outlet {HOSTILE}")
    sentence = f"The mayor {HOSTILE} said 3 people were killed."
    article = make_article(outlet, f"Intro. {sentence}", title=f"Headline {HOSTILE}", url="https://x.example/a?b=1&c=2")
    claim = make_claim(article, sentence, speaker=f"Mayor {HOSTILE}", location=f"Kyiv {HOSTILE}")
    make_figure(claim, "3 people were killed", 3, metric=f"killed {HOSTILE}")
    claim.set_verdict(editor, "disputed")
    body = streamed(editor_client.get(reverse("queue-export-claimreview")))
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in body
    assert "\\u003c/script\\u003e" in body and "\\u0026" in body and "\\u2028\\u2029" in body
    [review] = json.loads(body)["@graph"]
    assert review["claimReviewed"] == sentence
    assert review["itemReviewed"]["author"]["name"] == f"Mayor {HOSTILE}"
    assert review["itemReviewed"]["appearance"]["headline"] == f"Headline {HOSTILE}"
    assert review["itemReviewed"]["appearance"]["url"] == "https://x.example/a?b=1&c=2"
    assert review["itemReviewed"]["appearance"]["publisher"]["name"] == f"Outlet {HOSTILE}"
    assert review["itemReviewed"]["spatialCoverage"]["name"] == f"Kyiv {HOSTILE}"
    assert review["fcw:figures"][0]["metric"] == f"killed {HOSTILE}"


def test_it_escapes_json_ld_the_same_way_as_djangos_json_script():
    from django.utils.html import json_script

    value = {"text": HOSTILE, "n": -3, "x": [1.5, None]}
    assert queue_views.embeddable_json(value).lower() in json_script(value).lower()
    assert json.loads(queue_views.embeddable_json(value)) == value


TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]
AS_GIVEN = ["speaker", "role", "cue", "quote", "location", "source", "article_title", "article_url"]


@pytest.mark.parametrize("trigger", TRIGGERS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_it_defuses_formula_cells_in_every_text_column(editor_client, editor, trigger):
    payload = f'{trigger}HYPERLINK("http://x")'
    source = make_source(payload)
    sentence = f"{payload} said 3 people were killed."
    article = make_article(source, sentence, title=payload, url=payload)
    claim = make_claim(article, sentence, speaker=payload, location=payload, checkworthiness=0.5)
    Claim.objects.filter(pk=claim.pk).update(role=payload, cue=payload, quote=payload[:10])
    make_figure(claim, f"{payload} said 3", 3)
    [row] = list(csv.DictReader(io.StringIO(streamed(editor_client.get(reverse("queue-export-csv"))))))
    for column in AS_GIVEN:
        expected = payload[:10] if column == "quote" else payload  # a short choice column, written past its form
        assert row[column] == "'" + expected, column  # defused, the rest kept as it was
    assert row["claim"] == "'" + sentence
    assert row["figures"][:1] not in TRIGGERS  # "= [3, 3] exact killed people" follows the figure's text
    # Numeric columns stay numbers a spreadsheet can sum: nothing in them is text to defuse.
    assert row["id"] == str(claim.pk) and row["checkworthiness"] == "0.5"
    assert row["in_conflict"] == "0" and row["possible_conflict"] == "0"


def test_it_keeps_negative_numbers_numeric_and_quotes_them_only_in_text_columns(editor_client):
    article = make_article(make_source("-3"), "Officials said -3 degrees.", title="-3")
    claim = make_claim(article, article.text, speaker="-3")
    Claim.objects.filter(pk=claim.pk).update(checkworthiness=-0.25)
    [row] = list(csv.DictReader(io.StringIO(streamed(editor_client.get(reverse("queue-export-csv"))))))
    assert row["checkworthiness"] == "-0.25"  # a number column: left a number
    assert row["speaker"] == row["source"] == row["article_title"] == "'-3"  # text that a spreadsheet would compute
