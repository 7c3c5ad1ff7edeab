"""The pages on data made the way the app makes it: through pipeline.ingest_article."""

from __future__ import annotations

import re

from django.urls import reverse

from factcheck.models import Claim
from factcheck.pipeline import ingest_article

TEXT = (
    "Missiles struck the capital overnight. In Kyiv, two people were killed and 49 injured, "
    "its mayor, Vitali Klitschko, said on Tuesday. <script>alert(1)</script> Repairs began."
)


def test_it_highlights_an_ingested_claim_at_its_real_offsets(editor_client, source):
    result = ingest_article(source, text=TEXT, title="Night of strikes", published_at="2024-01-02T10:00:00Z")
    assert result.status == "ingested", result.reason
    claim = Claim.objects.get(article=result.article, text__contains="Klitschko")
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    marked = re.search(r'<mark class="claim" id="the-claim">(.*?)</mark>\s*&lt;script', page, re.S)
    assert marked, "the claim sentence is marked in the article"
    assert '<mark class="figure"' in marked.group(1)
    assert "<script>alert(1)</script>" not in page


def test_it_lists_ingested_claims_in_the_queue(editor_client, source):
    ingest_article(source, text=TEXT, title="Night of strikes", published_at="2024-01-02T10:00:00Z")
    page = editor_client.get(reverse("review-queue"), {"q": "Klitschko"}).content.decode()
    assert page.count('class="claim-row') == 1
    assert "Vitali Klitschko" in page
