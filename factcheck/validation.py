"""What an incoming article may look like: every field type- and length-checked.

Every way an article comes in (a JSONL line, the admin form, a feed entry, the JSON
API) meets the same checks here, and a refusal is an :class:`IngestError` whose
message names the field. :func:`validate_article` takes any JSON value (one parsed
line, one request body); :func:`clean_article` takes the Python values the admin form
and the feed reader already have. ``pipeline.ingest_article`` runs ``clean_article``
on whatever it is given, so nothing reaches the database unchecked.

>>> validate_article({"source": "Wire", "text": "Two people died.", "published": "2024-01-02"}).published.year
2024
>>> validate_article({"source": "Wire", "text": "x", "url": 42})
Traceback (most recent call last):
...
factcheck.validation.IngestError: url must be a string, not a number
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

# Characters below U+0020 other than tab, newline and form feed: a text full of them is binary.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")

# The columns' sizes (Article.url, Article.title, Source.name): longer values are refused
# here with a message, instead of failing in the database (PostgreSQL) or being cut.
MAX_URL_CHARS = 2000
MAX_TITLE_CHARS = 500
MAX_SOURCE_CHARS = 200
MAX_PUBLISHED_CHARS = 64
# A publication date outside these bounds is a mistake in the input, not a news article.
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)
LATEST_PUBLISHED_AHEAD = timedelta(days=7)  # feeds with a fast clock, time zones
FIELDS = ("source", "url", "title", "published", "text", "html")


class IngestError(ValueError):
    """Input we refuse, with a message an editor or admin can act on.

    ``field`` names the input field at fault ("url", "published", ...), when one is.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ArticleInput:
    """An article that passed every check: ready for ``pipeline.ingest_article``.

    ``text`` is the stripped text; when it is ``None``, ``html`` holds the page to
    extract the text from.
    """

    source: str | None
    url: str | None
    title: str
    published: datetime | None
    text: str | None
    html: str | None


def load_json(data: bytes | str, what: str = "") -> Any:
    """Parse JSON, refusing what ``json.loads`` cannot take without a traceback.

    >>> load_json('[' * 100_000)
    Traceback (most recent call last):
    ...
    factcheck.validation.IngestError: malformed JSON (nested too deeply)
    """
    prefix = f"{what} is " if what else ""
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{prefix}malformed JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise IngestError(f"{prefix}malformed JSON (nested too deeply)") from None
    except ValueError as exc:  # integers of more than 4,300 digits, undecodable bytes
        raise IngestError(f"{prefix}malformed JSON ({exc})") from None


def validate_article(data: Any, *, default_source: str | None = None) -> ArticleInput:
    """One article as a JSON value (a JSONL line, an API body) to a checked record.

    Fields: ``source``, ``url``, ``title``, ``published`` (ISO-8601), and ``text`` or
    ``html``; each a string or null. Other keys are ignored. ``default_source`` stands in
    for a missing or null ``source``.
    """
    if not isinstance(data, dict):
        raise IngestError(f"an article must be a JSON object, not {json_kind(data)}")
    for name in FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"{name} must be a string, not {json_kind(value)}", name)
    if data.get("text") is None and data.get("html") is None:
        raise IngestError('needs a "text" or an "html" field', "text")
    source = data.get("source")
    return clean_article(
        source=default_source if source is None else source,
        text=data.get("text"),
        html=data.get("html"),
        url=data.get("url"),
        title=data.get("title") or "",
        published=data.get("published"),
    )


def clean_article(
    *,
    source: str | None = None,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str | None = "",
    published: datetime | date | str | None = None,
) -> ArticleInput:
    """The checks every path shares, on Python values; ``text`` wins over ``html``."""
    if text is not None:
        text, html = check_text(text, "text"), None
    elif html is not None:
        html = check_html(html)
    else:
        raise IngestError("no text given: give the article text or its HTML", "text")
    return ArticleInput(
        source=clean_source(source),
        url=clean_url(url),
        title=clean_title(title),
        published=parse_published(published),
        text=text,
        html=html,
    )


def json_kind(value: Any) -> str:
    """What a JSON value is, in words, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_string(value: Any, field: str, limit: int) -> str:
    """A single-line string of at most ``limit`` characters that the database can store."""
    if not isinstance(value, str):
        raise IngestError(f"{field} must be a string, not {json_kind(value)}", field)
    value = value.strip()
    if len(value) > limit:
        raise IngestError(f"{field} is {len(value):,} characters, over the limit of {limit:,}", field)
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise IngestError(f"{field} contains control characters (such as NUL or a line break)", field)
    _check_encodable(value, field)
    return value


def _check_encodable(value: str, field: str, what: str | None = None) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise IngestError(
            f"{what or field} contains invalid characters (unpaired surrogates); it is not valid UTF-8", field
        ) from None


def clean_source(value: Any) -> str | None:
    """A source's name, or ``None`` when none is given (the caller has a default or refuses)."""
    if value is None:
        return None
    return _check_string(value, "source", MAX_SOURCE_CHARS) or None


def clean_url(value: Any) -> str | None:
    """An http(s) URL with a host, that fits the column; ``None`` or blank is no URL."""
    if value is None:
        return None
    url = _check_string(value, "url", MAX_URL_CHARS)
    if not url:
        return None
    if any(ch.isspace() for ch in url):
        raise IngestError("url contains spaces", "url")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as exc:
        raise IngestError(f"url is not a valid URL ({exc})", "url") from None
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"url must be an http or https URL, not {parts.scheme or 'a bare path'!r}", "url")
    if not host:
        raise IngestError("url has no host name", "url")
    return url


def clean_title(value: Any) -> str:
    """A title, stripped; its line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = " ".join(value.split("\n"))
    return _check_string(value, "title", MAX_TITLE_CHARS)


def check_html(html: Any) -> str:
    """A page to extract an article from: a string, not empty, not binary, of sane size."""
    if not isinstance(html, str):
        raise IngestError(f"html must be a string, not {json_kind(html)}", "html")
    if not html.strip():
        raise IngestError("html is empty: there is no page to read", "html")
    limit = settings.FETCH_MAX_BYTES
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise IngestError(f"html is {size:,} bytes, over the limit of {limit:,} (FETCH_MAX_BYTES)", "html")
    if "\x00" in html:
        raise IngestError("html looks like binary data (it contains NUL characters), not text", "html")
    _check_encodable(html, "html")
    return html


def check_text(text: Any, what: str = "article") -> str:
    """Strip and validate article text; returns the text to store."""
    field = "text"
    if not isinstance(text, str):
        raise IngestError(f"text must be a string, not {json_kind(text)}", field)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise IngestError(f"{what} is empty: there is no text to check", field)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > settings.MAX_ARTICLE_BYTES:
        raise IngestError(
            f"{what} is {size:,} bytes, over the limit of {settings.MAX_ARTICLE_BYTES:,} (MAX_ARTICLE_BYTES)", field
        )
    if "\x00" in text:
        raise IngestError(f"{what} looks like binary data (it contains NUL characters), not text", field)
    controls = len(_CONTROL_CHARACTER.findall(text, 0, 20000))
    if controls > max(3, len(text[:20000]) // 100):
        raise IngestError(f"{what} looks like binary data ({controls} control characters), not text", field)
    _check_encodable(text, field, what)
    return text


def parse_published(value: Any) -> datetime | None:
    """ISO-8601 date or date-time to an aware datetime (naive ones are taken as UTC).

    Refused: other types, offsets of a day or more, and dates before 1800 or more than a
    week ahead (a mistake, not a news article).

    >>> parse_published("2024-01-02T10:00:00+02:00").isoformat()
    '2024-01-02T10:00:00+02:00'
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_PUBLISHED_CHARS:
            raise IngestError(f"published is {len(text):,} characters: not an ISO-8601 date", "published")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise IngestError(
                f"published must be an ISO-8601 date or date-time, not {shown!r} ({exc})", "published"
            ) from None
    else:
        raise IngestError(f"published must be an ISO-8601 date or date-time, not {json_kind(value)}", "published")
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    try:
        in_utc = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise IngestError(f"published {parsed.isoformat()} is out of range", "published") from None
    latest = timezone.now() + LATEST_PUBLISHED_AHEAD
    if not EARLIEST_PUBLISHED <= in_utc <= latest:
        raise IngestError(
            f"published {parsed.date().isoformat()} is out of range: give a date from "
            f"{EARLIEST_PUBLISHED.year} up to a week from now",
            "published",
        )
    return parsed
