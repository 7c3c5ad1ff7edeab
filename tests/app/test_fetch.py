"""Fetching pages and feeds: one deadline, size caps, schemes, private addresses, pinned connections, feeds."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import override_settings

from factcheck import fetching, pipeline
from factcheck.models import Article, Source

PAGES: dict[str, tuple[int, str, bytes]] = {}
# Paths answered by a function of the handler instead (slow servers, redirects).
ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
SEEN_HOSTS: list[str] = []

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
        SEEN_HOSTS.append(self.headers.get("Host", ""))
        if route := ROUTES.get(self.path.split("?")[0]):
            route(self)
            return
        status, ctype, body = PAGES.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve() -> Iterator[str]:
    """A loopback web site with articles and feeds; yields its base URL (also used by other test files)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    PAGES.clear()
    ROUTES.clear()
    SEEN_HOSTS.clear()
    PAGES["/kharkiv"] = (200, "text/html; charset=utf-8", ARTICLE_HTML)
    PAGES["/power"] = (200, "text/html; charset=utf-8", ARTICLE_HTML.replace(b"Kharkiv", b"Odesa"))
    PAGES["/feed"] = (200, "application/rss+xml", rss(base))
    PAGES["/broken"] = (200, "application/rss+xml", b"<rss><channel><item><title>unclosed")
    PAGES["/binary"] = (200, "text/html", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server() -> Iterator[str]:
    yield from serve()


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


# ---------------------------------------------------------------- one deadline per fetch


def drip(handler: BaseHTTPRequestHandler, raw: bytes, every: float = 0.5) -> None:
    """Send ``raw`` one byte at a time: each read is quick, the whole answer is not."""
    try:
        for byte in raw:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(every)
    except OSError:  # the fetch gave up and closed the connection
        pass


def drip_body(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 30\r\n\r\n")
    drip(handler, b"<html><body>slow</body></html>")


def drip_headers(handler: BaseHTTPRequestHandler) -> None:
    drip(handler, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok")


def slow_hop(handler: BaseHTTPRequestHandler) -> None:
    """/hop?n: 0.4 s, then a redirect to the next hop; the sixth answers."""
    n = int(handler.path.split("?")[1])
    time.sleep(0.4)
    if n >= 6:
        handler.send_response(200)
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"ok")
        return
    handler.send_response(302)
    handler.send_header("Location", f"/hop?{n + 1}")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


@pytest.mark.parametrize("route", [drip_body, drip_headers], ids=["body", "headers"])
@override_settings(FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT_SECONDS=1.5)
def test_it_gives_up_on_a_server_dripping_bytes_at_the_deadline(server: str, route: Callable[..., None]) -> None:
    ROUTES["/slow"] = route
    started = time.monotonic()
    with pytest.raises(pipeline.IngestError, match=r"within 1\.5 s \(FETCH_TIMEOUT_SECONDS\)"):
        fetching.fetch_url(server + "/slow")
    # A behaviour bound, not a speed target: per-read timeouts let this run for 15 s or more.
    assert time.monotonic() - started < 1.5 + 2


@override_settings(FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT_SECONDS=1.5)
def test_it_counts_every_redirect_hop_within_the_same_deadline(server: str) -> None:
    ROUTES["/hop"] = slow_hop
    started = time.monotonic()
    # Each hop answers in 0.4 s, well within 1.5 s; the six together do not.
    with pytest.raises(pipeline.IngestError, match=r"within 1\.5 s"):
        fetching.fetch_url(server + "/hop?1")
    assert time.monotonic() - started < 1.5 + 2


@override_settings(FETCH_ALLOW_PRIVATE=True, FETCH_TIMEOUT_SECONDS=5)
def test_it_follows_redirects_and_counts_them(server: str) -> None:
    ROUTES["/moved"] = redirect_to("/kharkiv")
    ROUTES["/loop"] = redirect_to("/loop")
    body, charset = fetching.fetch_url(server + "/moved")
    assert b"six children" in body and charset == "utf-8"
    with pytest.raises(pipeline.IngestError, match="redirects more than 10 times"):
        fetching.fetch_url(server + "/loop")


# ---------------------------------------------------------------- pinned to the checked address

PUBLIC = "93.184.215.14"


def answer_names(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> list[str]:
    """``socket.getaddrinfo`` answering each name with the next of its addresses; returns the names asked."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:  # type: ignore[type-arg]
        if host not in answers:  # the test's own loopback connections
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        asked.append(host)
        address = answers[host][min(asked.count(host), len(answers[host])) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def route_connections_to(monkeypatch: pytest.MonkeyPatch, port: int | None) -> list[tuple[str, int]]:
    """``socket.create_connection`` recording where it was asked to go, then reaching loopback ``port``."""
    targets: list[tuple[str, int]] = []
    real = socket.create_connection

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        targets.append(address)
        if port is None:
            raise AssertionError(f"no connection should be made, not even to {address}")
        return real(("127.0.0.1", port), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return targets


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_it_connects_to_the_address_it_checked_not_to_a_second_answer(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = port_of(server)
    # DNS rebinding: a public answer for the check, loopback for anyone who asks again.
    asked = answer_names(monkeypatch, {"rebind.example": [PUBLIC, "127.0.0.1"]})
    targets = route_connections_to(monkeypatch, port)
    body, _ = fetching.fetch_url(f"http://rebind.example:{port}/kharkiv")
    assert b"six children" in body
    assert targets == [(PUBLIC, port)]
    assert asked == ["rebind.example"]
    assert [f"rebind.example:{port}"] == SEEN_HOSTS


def test_it_checks_every_redirect_hop_and_pins_each(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = port_of(server)
    ROUTES["/away"] = redirect_to(f"http://inside.example:{port}/kharkiv")
    answer_names(monkeypatch, {"outside.example": [PUBLIC], "inside.example": ["10.0.0.7"]})
    targets = route_connections_to(monkeypatch, port)
    with pytest.raises(pipeline.IngestError, match=r"inside\.example \(10\.0\.0\.7\): private or loopback"):
        fetching.fetch_url(f"http://outside.example:{port}/away")
    assert targets == [(PUBLIC, port)]


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:127.0.0.1",  # IPv4-mapped
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "::ffff:169.254.169.254",  # the cloud metadata service, mapped
        "224.0.1.1",
        "ff0e::1",
        "::",
    ],
)
def test_it_judges_an_ipv6_form_of_an_ipv4_address_as_that_address(
    db: None, monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    answer_names(monkeypatch, {"sneaky.example": [address]})
    route_connections_to(monkeypatch, None)
    with pytest.raises(pipeline.IngestError, match="private or loopback"):
        fetching.fetch_url("http://sneaky.example/page")


@pytest.mark.parametrize("url", ["http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[::ffff:7f00:1]/"])
def test_it_refuses_the_same_forms_written_in_the_url(source: Source, url: str) -> None:
    result = pipeline.ingest_url(source, url)
    assert result.status == "rejected" and "private or loopback" in result.reason


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "64:ff9b::808:808", "::ffff:8.8.8.8"])
def test_it_takes_public_addresses_in_every_form_as_public(address: str) -> None:
    import ipaddress

    assert fetching.is_public(ipaddress.ip_address(address))


# ---------------------------------------------------------------- HTTPS: SNI, Host and certificate use the name


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path, list[str]]]:
    """An HTTPS server on loopback with a certificate for news.example; yields (port, CA file, SNI names seen)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: cannot make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name or "")  # type: ignore[assignment,func-returns-value]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    PAGES.clear()
    ROUTES.clear()
    SEEN_HOSTS.clear()
    PAGES["/kharkiv"] = (200, "text/html; charset=utf-8", ARTICLE_HTML)
    yield httpd.server_address[1], cert, names
    httpd.shutdown()
    httpd.server_close()


def test_it_sends_the_name_as_sni_and_host_and_checks_the_certificate_against_it(
    tls_server: tuple[int, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, ca, names = tls_server
    monkeypatch.setattr(fetching, "_tls_context", lambda: ssl.create_default_context(cafile=str(ca)))
    answer_names(monkeypatch, {"news.example": [PUBLIC], "other.example": [PUBLIC]})
    targets = route_connections_to(monkeypatch, port)
    body, _ = fetching.fetch_url(f"https://news.example:{port}/kharkiv")
    assert b"six children" in body
    assert targets == [(PUBLIC, port)]
    assert names == ["news.example"]
    assert [f"news.example:{port}"] == SEEN_HOSTS
    # The certificate is checked against the name asked for, not the address connected to.
    with pytest.raises(pipeline.IngestError, match="TLS failed"):
        fetching.fetch_url(f"https://other.example:{port}/kharkiv")
