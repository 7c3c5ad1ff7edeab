"""Hostile markup in article text, notes and speaker names renders as text."""

from __future__ import annotations

from django.urls import reverse

from factcheck.views.highlight import Span, highlight

from .builders import make_article, make_claim, make_figure

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def make_hostile(source, editor):
    text = f"Intro {PAYLOAD}. {PAYLOAD} said 3 people were killed {PAYLOAD}."
    article = make_article(source, text, title=PAYLOAD, url="javascript:alert(1)")
    sentence = f"{PAYLOAD} said 3 people were killed {PAYLOAD}."
    claim = make_claim(article, sentence, speaker=PAYLOAD, location=PAYLOAD)
    make_figure(claim, "3 people were killed", 3, metric=PAYLOAD)
    claim.set_verdict(editor, "disputed", note=PAYLOAD)
    return claim


def assert_inert(page: str) -> None:
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page


def test_it_renders_payloads_inert_in_the_queue(editor_client, editor, source):
    make_hostile(source, editor)
    assert_inert(editor_client.get(reverse("review-queue")).content.decode())


def test_it_renders_payloads_inert_on_the_claim_page(editor_client, editor, source):
    claim = make_hostile(source, editor)
    assert_inert(editor_client.get(claim.get_absolute_url()).content.decode())


def test_it_renders_payloads_inert_on_the_article_page(editor_client, editor, source):
    claim = make_hostile(source, editor)
    assert_inert(editor_client.get(claim.article.get_absolute_url()).content.decode())


def test_it_escapes_every_text_segment_when_highlighting():
    html = str(highlight("a<b>c&d", [Span(1, 4, "x"), Span(2, 3, "y")]))
    assert html == 'a<mark class="x">&lt;<mark class="y">b</mark>&gt;</mark>c&amp;d'


def test_it_escapes_span_attributes():
    html = str(highlight("abc", [Span(0, 3, "x", attrs={"title": '"><script>'})]))
    assert html == '<mark class="x" title="&quot;&gt;&lt;script&gt;">abc</mark>'


def test_it_drops_spans_that_cross_or_fall_outside_the_text():
    html = str(highlight("abcdef", [Span(0, 4, "a"), Span(2, 6, "b"), Span(5, 99, "c"), Span(3, 3, "d")]))
    assert html == '<mark class="a">abcd</mark>ef'
