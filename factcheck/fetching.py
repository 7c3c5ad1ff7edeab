"""Fetching web pages and feeds: one deadline per fetch, pinned addresses, public hosts only.

Three things make a fetch safe to run on behalf of anyone who can type a URL:

- **One deadline.** ``FETCH_TIMEOUT_SECONDS`` bounds the whole fetch: name lookup, connect,
  TLS handshake, every read, and every redirect hop. Before each read the socket's timeout
  is set to the time left, so a server dripping one byte at a time cannot stretch it.
- **Pinned addresses.** The name is resolved once; every address is judged, and the
  connection goes to an address that was judged, never to the name again, so a DNS answer
  that changes in between (rebinding) cannot reach a private host. The Host header, SNI and
  the certificate check use the name.
- **Public hosts only** (unless ``FETCH_ALLOW_PRIVATE``). An IPv6 address that carries an
  IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible ``::a.b.c.d``, NAT64
  ``64:ff9b::/96``, 6to4 ``2002::/16``) is judged as the IPv4 address it reaches.

The body is capped at ``FETCH_MAX_BYTES`` and never decompressed here (we ask for
``identity``), so a gzip bomb stays the few bytes it was sent as.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from factcheck.validation import IngestError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 10
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# RFC 8215's local-use NAT64 prefix may embed the IPv4 address anywhere: never public.
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
READ_SIZE = 64 * 1024
PRINTABLE = "".join(chr(c) for c in range(33, 127))


class OutOfTime(TimeoutError):
    """The fetch's deadline passed."""


class Deadline:
    """A point on the monotonic clock that a whole fetch must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises ``OutOfTime`` when there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise OutOfTime(f"no complete answer within {self.seconds:g} s")
        return left


# ---------------------------------------------------------------- addresses


def reached_address(address: IPAddress) -> IPAddress:
    """The address a connection to ``address`` really reaches, for judging.

    >>> str(reached_address(ipaddress.ip_address("64:ff9b::7f00:1")))
    '127.0.0.1'
    """
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if int(address) >> 32 == 0:  # IPv4-compatible ::a.b.c.d (and :: and ::1, which stay not public)
        return ipaddress.IPv4Address(int(address))
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    return address


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` (as what it reaches) is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address in NAT64_LOCAL:
        return False
    reached = reached_address(address)
    return reached.is_global and not reached.is_multicast and not reached.is_reserved


def _parse_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, or IngestError."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise IngestError(f"{url!r} is not a valid URL ({exc})", "url") from None
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}", "url")
    if not host:
        raise IngestError(f"{url!r} has no host name", "url")
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


def _resolve(host: str, port: int, deadline: Deadline) -> list[Any]:
    """``getaddrinfo`` once, within the deadline (the lookup itself has no timeout, so it runs aside)."""
    box: dict[str, Any] = {}

    def lookup() -> None:
        try:
            box["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except Exception as exc:  # noqa: BLE001 - handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise OutOfTime(f"looking up {host} took longer than {deadline.seconds:g} s")
    if isinstance(box.get("error"), socket.gaierror | UnicodeError):
        raise IngestError(f"cannot resolve host {host!r}: {box['error']}") from None
    if "error" in box:
        raise box["error"]
    return box["infos"]


def checked_addresses(host: str, port: int, deadline: Deadline) -> list[str]:
    """The addresses of ``host`` to connect to, each judged; refuses the host if any is not public."""
    addresses: list[str] = []
    for family, _, _, _, sockaddr in _resolve(host, port, deadline):
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        text = str(sockaddr[0])
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if not settings.FETCH_ALLOW_PRIVATE and not is_public(address):
            shown = (
                f"{address}, reaching {reached_address(address)}" if reached_address(address) != address else address
            )
            raise IngestError(
                f"refusing to fetch {host} ({shown}): private or loopback address "
                "(set FETCH_ALLOW_PRIVATE=true to allow)"
            )
        if text not in addresses:
            addresses.append(text)
    if not addresses:
        raise IngestError(f"cannot resolve host {host!r}: no address")
    return addresses


def check_url(url: str, resolve: bool = True) -> None:
    """Refuse non-http(s) schemes and, unless allowed, hosts with a private or loopback address."""
    _, host, port = _parse_url(url)
    if resolve and not settings.FETCH_ALLOW_PRIVATE:
        checked_addresses(host, port, Deadline(settings.FETCH_TIMEOUT_SECONDS))


# ---------------------------------------------------------------- connections


class _DeadlineSocket:
    """A connected socket whose timeout is set to the deadline's time left before every read and write."""

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self._sock = sock
        self._deadline = deadline
        self._io_refs = 0
        self._closed = False

    def _arm(self) -> None:
        self._sock.settimeout(self._deadline.left())

    def recv_into(self, buffer: Any, *args: Any) -> int:
        self._arm()
        return self._sock.recv_into(buffer, *args)

    def recv(self, size: int, *args: Any) -> bytes:
        self._arm()
        return self._sock.recv(size, *args)

    def sendall(self, data: Any, *args: Any) -> None:
        self._arm()  # since Python 3.5 a sendall's timeout bounds the whole call
        self._sock.sendall(data, *args)

    def makefile(self, mode: str = "rb", buffering: int | None = None, **kwargs: Any) -> io.BufferedReader:
        # http.client reads the answer through this file: its reads come back to recv_into.
        assert mode == "rb", mode
        self._io_refs += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"), buffering or io.DEFAULT_BUFFER_SIZE)  # type: ignore[arg-type]

    def _decref_socketios(self) -> None:
        self._io_refs -= 1
        if self._closed and self._io_refs <= 0:
            self._sock.close()

    def close(self) -> None:
        self._closed = True
        if self._io_refs <= 0:
            self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _tls_context() -> ssl.SSLContext:
    """The certificate checks of every HTTPS fetch (a seam for tests with their own CA)."""
    return ssl.create_default_context()


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to ``host`` (Host header) over a TCP connection to ``address``, a checked address."""

    def __init__(self, host: str, port: int, *, addresses: list[str], deadline: Deadline) -> None:
        super().__init__(host, port)
        self.addresses = addresses
        self.deadline = deadline

    def _open(self) -> socket.socket:
        error: OSError | None = None
        for address in self.addresses:
            try:
                return socket.create_connection((address, self.port), timeout=self.deadline.left())
            except TimeoutError:
                raise
            except OSError as exc:  # refused, unreachable: the next checked address
                error = exc
        assert error is not None
        raise error

    def connect(self) -> None:
        self.sock = _DeadlineSocket(self._open(), self.deadline)  # type: ignore[assignment]


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """HTTPS: TLS over the pinned connection; SNI and the certificate check use the name."""

    default_port = http.client.HTTPS_PORT

    def connect(self) -> None:
        raw = self._open()
        try:
            raw.settimeout(self.deadline.left())  # the handshake's timeout bounds the whole handshake
            tls = _tls_context().wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise
        self.sock = _DeadlineSocket(tls, self.deadline)  # type: ignore[assignment]


# ---------------------------------------------------------------- fetching


def _get(url: str, deadline: Deadline) -> tuple[PinnedHTTPConnection, http.client.HTTPResponse]:
    scheme, host, port = _parse_url(url)
    addresses = checked_addresses(host, port, deadline)
    kind = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = kind(host, port, addresses=addresses, deadline=deadline)
    parts = urlsplit(url)
    # Spaces and non-ASCII characters cannot go into the request line as they are.
    target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=PRINTABLE)
    try:
        connection.request(
            "GET",
            target,
            headers={"User-Agent": settings.FETCH_USER_AGENT, "Accept": "*/*", "Connection": "close"},
        )
        return connection, connection.getresponse()
    except BaseException:
        connection.close()
        raise


def _read_body(url: str, response: http.client.HTTPResponse, limit: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise IngestError(f"{url} is {int(declared):,} bytes, over the fetch limit of {limit:,} (FETCH_MAX_BYTES)")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(min(READ_SIZE, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise IngestError(f"{url} is over the fetch limit of {limit:,} bytes (FETCH_MAX_BYTES)")
    return b"".join(chunks)


def fetch_url(url: str) -> tuple[bytes, str | None]:
    """GET ``url`` within one deadline and a size cap; returns (body, declared charset).

    Redirects are followed here, each hop checked like the first and counted, all within
    the same deadline.
    """
    deadline = Deadline(settings.FETCH_TIMEOUT_SECONDS)
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            connection, response = _get(current, deadline)
            try:
                if response.status in REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise IngestError(f"{current} answered HTTP {response.status} without a Location")
                    current = urljoin(current, location.strip()).split("#", 1)[0]
                    continue
                if not 200 <= response.status < 300:
                    raise IngestError(f"{url} answered HTTP {response.status} {response.reason}")
                body = _read_body(url, response, settings.FETCH_MAX_BYTES)
                return body, response.headers.get_content_charset()
            finally:
                response.close()
                connection.close()
        raise IngestError(f"{url} redirects more than {MAX_REDIRECTS} times")
    except IngestError:
        raise
    except TimeoutError as exc:
        detail = str(exc) if isinstance(exc, OutOfTime) else f"no complete answer within {deadline.seconds:g} s"
        raise IngestError(f"could not fetch {url}: {detail} (FETCH_TIMEOUT_SECONDS)") from None
    except ssl.SSLError as exc:
        raise IngestError(f"could not fetch {url}: TLS failed ({exc.reason or exc})") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise IngestError(f"could not fetch {url}: {exc or type(exc).__name__}") from None
