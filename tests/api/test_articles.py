"""POST /api/articles: who may send, one article or a batch, the command's checks and messages."""

from __future__ import annotations

import pytest
from django.test import override_settings

from factcheck.models import Article
from tests.conftest import make_user

from .conftest import api_client_for

pytestmark = pytest.mark.django_db

STORY = (
    "Flooding closed the harbour road on Monday. The port authority said 14 boats were damaged "
    "and 3 people were hurt, according to a statement posted on X."
)


def article(**fields):
    return {
        "source": "Wire Agency",
        "title": "Harbour flood",
        "published": "2026-11-30T08:00:00Z",
        "text": STORY,
        **fields,
    }


def test_it_ingests_one_article_from_an_admin(admin_api, source):
    response = admin_api.post("/api/articles", article())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["ingested"], body["duplicates"], body["rejected"]) == (1, 0, 0)
    [result] = body["results"]
    stored = Article.objects.get(pk=result["article"])
    assert stored.source == source and stored.ingested_via == "api" and stored.title == "Harbour flood"
    assert result["claims"] == stored.claims.count() > 0


def test_it_answers_a_duplicate_with_the_article_it_duplicates(admin_api, source):
    first = admin_api.post("/api/articles", article()).json()["results"][0]["article"]
    response = admin_api.post("/api/articles", article())
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["status"] == "duplicate" and result["article"] == first
    assert result["reason"] == f"same text as article {first} from Wire Agency"
    assert Article.objects.count() == 1


def test_it_ingests_the_good_articles_of_a_batch_and_rejects_the_bad_one_by_index(admin_api, source):
    batch = [
        article(url="https://wire.example/flood-1"),
        article(url=42, text="Another report of the flood said 15 boats."),
        article(text="The port authority later said 16 boats were damaged.", url="https://wire.example/flood-2"),
        article(source="Nobody Knows This Outlet", text="Something else."),
        {"source": "Wire Agency"},
    ]
    response = admin_api.post("/api/articles", batch)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ingested"], body["duplicates"], body["rejected"]) == (2, 0, 3)
    results = body["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["status"] for r in results] == ["ingested", "rejected", "ingested", "rejected", "rejected"]
    assert results[1]["reason"] == "url must be a string, not a number" and results[1]["field"] == "url"
    assert results[3]["reason"].startswith("unknown source 'Nobody Knows This Outlet'")
    assert results[4]["reason"] == 'needs a "text" or an "html" field'
    assert set(Article.objects.values_list("url", flat=True)) == {
        "https://wire.example/flood-1",
        "https://wire.example/flood-2",
    }


def test_it_rejects_a_single_bad_article_with_422_and_saves_nothing(admin_api, source):
    response = admin_api.post("/api/articles", article(published="next Tuesday-ish"))
    assert response.status_code == 422
    [result] = response.json()["results"]
    assert result["status"] == "rejected" and result["field"] == "published"
    assert not Article.objects.exists()


def test_it_lets_a_token_allowed_to_ingest_send_articles_whatever_the_role(source):
    robot = make_user("wire-robot")  # no role at all
    response = api_client_for(robot, can_ingest=True).post("/api/articles", article())
    assert response.status_code == 201
    assert api_client_for(robot, can_ingest=True).get("/api/claims").status_code == 403  # ingest only


@pytest.mark.parametrize("persona", ["editor_api", "viewer_api", "nobody_api"])
def test_it_refuses_articles_from_editors_and_readers(request, persona, source):
    response = request.getfixturevalue(persona).post("/api/articles", article())
    assert response.status_code == 403
    assert "can_ingest" in response.json()["detail"]
    assert not Article.objects.exists()


def test_it_refuses_anonymous_articles(anonymous_api, source):
    assert anonymous_api.post("/api/articles", article()).status_code == 401


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "The request body is empty"),
        (b"[{]", "the request body is malformed JSON"),
        (b'"just a string"', "not a string"),
        (b"[]", "The list is empty"),
        (b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_it_explains_a_body_it_cannot_read(admin_api, source, body, message):
    response = admin_api.post("/api/articles", body)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_it_refuses_a_body_over_the_upload_limit(admin_api, source):
    with override_settings(MAX_UPLOAD_BYTES=1000, DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = admin_api.post("/api/articles", [article(text=STORY * 10)])
    assert response.status_code == 413
    assert "MAX_UPLOAD_BYTES" in response.json()["detail"]
    assert not Article.objects.exists()


def test_it_refuses_a_batch_over_the_batch_limit_and_saves_nothing(admin_api, source):
    with override_settings(API_MAX_BATCH=2):
        response = admin_api.post("/api/articles", [article(url=f"https://wire.example/{i}") for i in range(3)])
    assert response.status_code == 413
    assert "API_MAX_BATCH" in response.json()["detail"]
    assert not Article.objects.exists()
