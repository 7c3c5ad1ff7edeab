"""Fetching pages and feeds: timeouts, size caps, schemes, private addresses, per-feed errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from factcheck import pipeline
from factcheck.models import Article, Source

PAGES: dict[str, tuple[int, str, bytes]] = {}

ARTICLE_HTML = (
    b"<html><head><title>Strikes on Kharkiv</title></head><body><article><h1>Strikes on Kharkiv</h1>"
    b"<p>More than 50 people were injured in Kharkiv, including six children, the regional governor said on Tuesday."
    b"</p>"
    b"<p>A 91-year-old woman was among those who died, officials added, as rescuers searched the rubble for hours.</p>"
    b"<p>Firefighters said they had put out 12 blazes across the city by the evening.</p>"
    b"</article></body></html>"
)


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Strikes on Kharkiv</title><link>{base}/kharkiv</link><pubDate>Tue, 02 Jan 2024 09:00:00 GMT</pubDate>
<description>Short teaser.</description></item>
<item><title>Power cuts</title><link>{base}/power</link><pubDate>Tue, 02 Jan 2024 11:00:00 GMT</pubDate>
<description>Short teaser.</description></item>
</channel></rss>""".encode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        status, ctype, body = PAGES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    PAGES.clear()
    PAGES["/kharkiv"] = (200, "text/html; charset=utf-8", ARTICLE_HTML)
    PAGES["/power"] = (200, "text/html; charset=utf-8", ARTICLE_HTML.replace(b"Kharkiv", b"Odesa"))
    PAGES["/feed"] = (200, "application/rss+xml", rss(base))
    PAGES["/broken"] = (200, "application/rss+xml", b"<rss><channel><item><title>unclosed")
    PAGES["/binary"] = (200, "text/html", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    yield base
    httpd.shutdown()


def test_it_refuses_private_addresses_unless_allowed(source: Source, server: str) -> None:
    result = pipeline.ingest_url(source, server + "/kharkiv")
    assert result.status == "rejected" and "private or loopback" in result.reason
    assert not Article.objects.exists()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "javascript:alert(1)"])
def test_it_refuses_non_http_schemes(source: Source, url: str) -> None:
    result = pipeline.ingest_url(source, url)
    assert result.status == "rejected" and "only http and https" in result.reason


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_ingests_a_web_page(source: Source, server: str) -> None:
    result = pipeline.ingest_url(source, server + "/kharkiv")
    assert result.status == "ingested", result.reason
    assert result.article is not None and "six children" in result.article.text
    assert result.article.url == server + "/kharkiv"


@override_settings(FETCH_ALLOW_PRIVATE=True, FETCH_MAX_BYTES=100)
def test_it_caps_the_size_of_a_fetch(source: Source, server: str) -> None:
    result = pipeline.ingest_url(source, server + "/kharkiv")
    assert result.status == "rejected" and "over the fetch limit of 100" in result.reason


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_rejects_binary_pages_and_missing_ones(source: Source, server: str) -> None:
    assert "binary" in pipeline.ingest_url(source, server + "/binary").reason
    assert "HTTP 404" in pipeline.ingest_url(source, server + "/missing").reason
    assert not Article.objects.exists()


@override_settings(FETCH_ALLOW_PRIVATE=True)
def test_it_polls_every_feed_and_records_each_error_on_its_source(db: None, server: str) -> None:
    good = Source.objects.create(name="Good wire", feed_url=server + "/feed")
    broken = Source.objects.create(name="Broken feed", feed_url=server + "/broken")
    gone = Source.objects.create(name="Gone feed", feed_url=server + "/nothing-here")
    Source.objects.create(name="Inactive", feed_url=server + "/feed", active=False)
    totals = pipeline.fetch_all_feeds()
    assert totals["sources"] == 3
    assert totals["ingested"] == 2
    assert Article.objects.filter(source=good).count() == 2
    for source in (good, broken, gone):
        source.refresh_from_db()
        assert source.last_fetched_at is not None
    assert good.last_fetch_error == ""
    assert "malformed" in broken.last_fetch_error
    assert "HTTP 404" in gone.last_fetch_error
    article = Article.objects.get(url=server + "/kharkiv")
    assert article.published_at is not None and article.published_at.isoformat().startswith("2024-01-02T09:00")
    assert article.title == "Strikes on Kharkiv"
    # Polling again changes nothing.
    again = pipeline.fetch_all_feeds()
    assert again["ingested"] == 0 and again["duplicate"] == 2
