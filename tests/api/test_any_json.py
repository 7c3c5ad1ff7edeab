"""Any JSON body, any query value: the API answers 4xx with a message, never 5xx, never half-saves."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.models import Article, ReviewEvent
from tests.views.builders import make_queue

from .conftest import api_client_for

pytestmark = pytest.mark.django_db

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        ["Wire Agency", "https://wire.example/x", "2024-02-30", "9999-12-31T23:59:59+14:00", "\x00", "\ud800"]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELD_NAMES = st.sampled_from(
    ["source", "text", "html", "url", "title", "published", "version", "status", "note", "evidence_url"]
)
ARTICLE = st.dictionaries(FIELD_NAMES, JSON, max_size=6).map(
    lambda d: {"source": "Wire Agency", "text": "A dog bit 2 men.", **d}
)
BODIES = st.one_of(JSON, ARTICLE, st.lists(ARTICLE, max_size=4), st.binary(max_size=30))
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def encode(body) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")


@FUZZ
@given(body=BODIES)
def test_it_answers_any_articles_body_without_5xx_or_a_partial_save(admin_user, source, body):
    before = Article.objects.count()
    response = api_client_for(admin_user).post("/api/articles", encode(body))
    assert response.status_code < 500, response.content[:500]
    answer = response.json()
    assert isinstance(answer.get("detail", ""), str)
    ingested = answer.get("ingested", 0)
    assert Article.objects.count() - before == ingested
    for result in answer.get("results", []):
        assert result["status"] in ("ingested", "duplicate", "rejected")
        assert result["status"] != "rejected" or result["reason"]


@pytest.fixture
def claim(source):
    return make_queue(source, 1)[0]


@FUZZ
@given(body=BODIES)
def test_it_answers_any_verdict_body_without_5xx(editor, claim, body):
    before = ReviewEvent.objects.filter(claim=claim).count()
    response = api_client_for(editor).post(f"/api/claims/{claim.pk}/verdict", encode(body))
    assert response.status_code < 500, response.content[:500]
    if response.status_code != 200:
        assert ReviewEvent.objects.filter(claim=claim).count() == before
        assert response.json()["detail"]
