"""The only bridge from the pure core to the database.

Every way an article comes in (admin, ``manage.py ingest``, feeds) goes
through :func:`ingest_article`, which validates, stores the article and its
claims and figures in one transaction, and enqueues follow-up work on commit.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from factcheck import core
from factcheck.bulk_update import insert_rows, update_rows
from factcheck.currencies import extraction_config
from factcheck.fetching import check_url, fetch_url  # noqa: F401 - check_url: also used from here
from factcheck.models import (
    Article,
    Claim,
    Conflict,
    Figure,
    Source,
    Speaker,
    adjust_status_totals,
    bump_queue_generation,
    content_hash,
    sentence_key,
)
from factcheck.validation import (  # noqa: F401 - IngestError, check_text, parse_published: also used from here
    MAX_TITLE_CHARS,
    IngestError,
    check_text,
    clean_article,
    clean_title,
    clean_url,
    parse_published,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    status: str  # "ingested" | "duplicate" | "rejected"
    article: Article | None = None
    reason: str = ""
    field: str | None = None  # the input field a rejection is about ("url", "published", ...)

    @property
    def ok(self) -> bool:
        return self.status == "ingested"


# ---------------------------------------------------------------- validation


def decode_text(data: bytes, what: str = "input", charset: str | None = None) -> str:
    """Bytes to text: refuse binary data and invalid encodings with a clear message."""
    if b"\x00" in data[:8192]:
        raise IngestError(f"{what} looks like binary data (it contains NUL bytes), not text")
    try:
        return data.decode(charset or "utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{what} is not valid {charset or 'UTF-8'} (bad byte at position {exc.start}); save it as UTF-8 and retry"
        ) from None
    except LookupError:
        raise IngestError(f"{what} declares an unknown character set {charset!r}") from None


def html_to_text(html: str) -> tuple[str, str]:
    """Main text and title of an HTML page, without markup, scripts or boilerplate."""
    import trafilatura

    if not html.strip():
        raise IngestError("the HTML page is empty")
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise IngestError(f"could not read the HTML page: {exc}") from None
    if not text.strip():
        raise IngestError("found no article text in the HTML page")
    return text, (meta.title if meta and meta.title else "") or ""


# ---------------------------------------------------------------- ingestion


def ingest_article(
    source: Source,
    *,
    text: str | None = None,
    html: str | None = None,
    url: str | None = None,
    title: str = "",
    published_at: datetime | date | str | None = None,
    via: str = "paste",
) -> IngestResult:
    """Store one article with its claims and figures, or say why not.

    Duplicates (same URL, or the same text from the same source) change
    nothing. On success, the article, its claims and figures are written in
    one transaction, and the incremental cross-check is enqueued on commit.
    """
    try:
        text, url, title, published = checked_fields(text, html, url, title, published_at)
    except IngestError as exc:
        return IngestResult("rejected", reason=str(exc), field=exc.field)

    digest = content_hash(text)
    if url and (existing := Article.objects.filter(url=url).first()):
        return IngestResult("duplicate", existing, f"same URL as article {existing.pk}")
    if existing := Article.objects.filter(source=source, content_hash=digest).first():
        return IngestResult("duplicate", existing, f"same text as article {existing.pk} from {source.name}")

    claims, failures = extract(text, timezone.localtime(published).date() if published else None)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source,
                url=url,
                title=title,
                published_at=published,
                text=text,
                content_hash=digest,
                ingested_via=via,
            )
            extracted = ExtractedArticle(article, claims, failures)
            store_claims([extracted])
            from factcheck.stories import assign_story

            assign_story(article, extracted.stored)
            transaction.on_commit(lambda: _enqueue_crosscheck(article.pk))
    except IntegrityError:
        # Another process stored the same article between our check and our insert.
        existing = Article.objects.filter(url=url).first() if url else None
        existing = existing or Article.objects.filter(source=source, content_hash=digest).first()
        return IngestResult("duplicate", existing, "stored by another process a moment ago")
    return IngestResult("ingested", article)


def checked_fields(
    text: str | None, html: str | None, url: str | None, title: str, published: datetime | date | str | None
) -> tuple[str, str | None, str, datetime | None]:
    """(text, url, title, published) after the same field checks as every other way in
    (factcheck/validation.py); an HTML page gives its text and, without a title, its own."""
    checked = clean_article(text=text, html=html, url=url, title=title, published=published)
    text, title = checked.text, checked.title
    if text is None:
        text, html_title = html_to_text(checked.html or "")
        text = check_text(text)
        title = title or " ".join(html_title.split())[:MAX_TITLE_CHARS]
    return text, checked.url, title, checked.published


def _enqueue_crosscheck(article_id: int) -> None:
    from factcheck import outbox, tasks

    outbox.send(tasks.crosscheck_article, article_id)


def for_review(extracted: tuple[core.Claim, ...]) -> tuple[core.Claim, ...]:
    """One claim per sentence and speaker for editors to review.

    The extractor reports every attribution ("X denounced ... and said ..." is two, each
    with its cue, as PolNeAR annotates them); when both cover the same text and the later
    one adds no figure, an editor would review the same sentence twice.
    """
    kept: list[core.Claim] = []
    for claim in extracted:
        last = kept[-1] if kept else None
        if (
            last is not None
            and (last.start, last.end, last.speaker) == (claim.start, claim.end, claim.speaker)
            and {f.start for f in claim.figures} <= {f.start for f in last.figures}
        ):
            continue
        kept.append(claim)
    return tuple(kept)


def extract(text: str, published: date | None) -> tuple[tuple[core.Claim, ...], tuple[core.ExtractionFailure, ...]]:
    """The claims of a text, and the parts of it that could not be read.

    The extractor is pure; a crash is a bug. It costs only the paragraph or sentence it
    happened in: the rest keeps its claims, and the failed parts are reported.
    """
    try:
        found, failures = core.extract_claims_isolated(text, published=published, config=extraction_config())
    except Exception as exc:  # noqa: BLE001 - even splitting the text failed
        found, failures = (), (core.ExtractionFailure(0, len(text), f"{type(exc).__name__}: {exc}"),)
    return for_review(found), failures


def published_day(article: Article) -> date | None:
    return timezone.localtime(article.published_at).date() if article.published_at else None


@dataclass
class ExtractedArticle:
    """One article's extraction, before and after its claims are stored (see :func:`store_claims`)."""

    article: Article
    claims: tuple[core.Claim, ...]
    failures: tuple[core.ExtractionFailure, ...]
    stored: list[Claim] = field(default_factory=list)  # the new Claim rows, once stored

    @property
    def failed(self) -> bool:
        return bool(self.failures) and not self.claims


def save_claims(article: Article) -> int:
    """Run the extractor on ``article`` and store its claims and figures.

    Runs inside the caller's transaction (ingest) or its own (re-extraction). Claims an
    editor has already reviewed are kept as they are: re-extraction never loses a verdict.
    """
    claims, failures = extract(article.text, published_day(article))
    with transaction.atomic():
        item = ExtractedArticle(article, claims, failures)
        if item.failed:
            _record_extraction([item])
            return 0
        reviewed = {(c.start, c.end, c.text) for c in article.claims.filter(events__isnull=False).distinct()}
        # Claims without a review event are pending: their replacements are too.
        kept = article.claims.filter(events__isnull=False).values("pk")
        _, deleted = article.claims.exclude(pk__in=kept).delete()
        store_claims([item], skip=reviewed, dropped=deleted.get(Claim._meta.label, 0))
    return len(item.stored)


def store_claims(items: list[ExtractedArticle], skip: set[tuple[int, int, str]] | None = None, dropped: int = 0) -> int:
    """Store the claims and figures of already extracted articles, a few queries for all of them.

    The single place claims and figures are created: one speaker lookup, one insert of
    claims and one of figures for the whole list, then each article's own findings
    (figures of one article that cannot all hold). ``skip`` are claims (start, end, text)
    kept from an earlier extraction (one article only); ``dropped`` the pending claims
    deleted before. Runs in the caller's transaction.
    """
    _record_extraction([item for item in items if item.failed])
    items = [item for item in items if not item.failed]
    speakers = _speakers_for(c.speaker for item in items for c in item.claims if c.speaker)
    new_claims: list[Claim] = []
    placed: list[tuple[ExtractedArticle, int, Claim]] = []  # (article, position in its claims, row)
    for item in items:
        article = item.article
        for position, found in enumerate(item.claims):
            if skip and (found.start, found.end, found.text) in skip:
                continue
            claim = Claim(
                article=article,
                source_id=article.source_id,
                start=found.start,
                end=found.end,
                text=found.text,
                sentence_key=sentence_key(found.text),
                speaker=speakers.get(found.speaker) if found.speaker else None,
                speaker_name=(found.speaker or "")[:300],
                speaker_start=found.speaker_start,
                speaker_end=found.speaker_end,
                role=(found.speaker_role or "")[:300],
                cue=(found.cue or "")[:100],
                quote=found.quote or "",
                location=(found.location or "")[:200],
                event_date=found.event_date,
                checkworthiness=found.checkworthiness,
                checkworthiness_reasons=list(found.reasons),
            )
            new_claims.append(claim)
            placed.append((item, position, claim))
            item.stored.append(claim)
    insert_rows(new_claims)
    figure_rows: list[Figure] = []
    parents: list[Figure] = []
    # per article: (claim position, figure index) -> stored row, for within-article findings
    row_of: dict[int, dict[tuple[int, int], Figure]] = defaultdict(dict)
    for item, position, claim in placed:
        figures = item.claims[position].figures
        rows = [_figure_row(claim, f) for f in figures]
        for fi, (row, f) in enumerate(zip(rows, figures, strict=True)):
            row_of[id(item)][(position, fi)] = row
            if f.subset_of is not None and 0 <= f.subset_of < len(rows):
                row._parent = rows[f.subset_of]  # type: ignore[attr-defined]
                parents.append(row)
        figure_rows.extend(rows)
    insert_rows(figure_rows)
    if parents:
        for row in parents:
            row.subset_of = row._parent  # type: ignore[attr-defined]
        update_rows(parents, ["subset_of"])
    for item in items:
        _store_internal_findings(item.article, item.claims, row_of[id(item)], fresh=skip is None)
    transaction.on_commit(bump_queue_generation)
    pending_delta = {Claim.Status.PENDING: len(new_claims) - dropped}
    transaction.on_commit(lambda: adjust_status_totals(pending_delta))
    _record_extraction(items)
    return len(new_claims)


def _record_extraction(items: list[ExtractedArticle]) -> None:
    """Each article's extraction status and the parts that could not be read, one update per status."""
    now = timezone.now()
    for item in items:
        article = item.article
        if item.failures:
            log.error("extraction failed for article %s: %s", article.pk, _failure_note(item.failures))
        article.extraction_status = Article.Extraction.FAILED if item.failed else Article.Extraction.DONE
        article.extraction_error = _failure_note(item.failures)
        if not item.failed:
            article.extracted_at = now
    update_rows([item.article for item in items], ["extraction_status", "extraction_error", "extracted_at"])


def _failure_note(failures: tuple[core.ExtractionFailure, ...]) -> str:
    """What ``extraction_error`` says: which parts of the text have no claims, and why."""
    if not failures:
        return ""
    parts = "; ".join(f.describe() for f in failures[:20])
    more = f"; and {len(failures) - 20} more" if len(failures) > 20 else ""
    return f"{len(failures)} part(s) of the text could not be read, their claims are missing: {parts}{more}"


def _store_internal_findings(
    article: Article, extracted: tuple[core.Claim, ...], row_of: dict[tuple[int, int], Figure], fresh: bool = False
) -> None:
    """Figures of one article that cannot all hold ("72 of which" > 99; parts over a total).

    ``row_of`` maps (claim index in ``extracted``, figure index) to the stored figure row;
    ``fresh``: the article is new, so it has no earlier findings to replace.
    """
    from factcheck.core.article_check import check_article

    if not fresh:
        Conflict.objects.filter(kind=Conflict.Kind.INTERNAL, key=f"article:{article.pk}").delete()
    for finding in check_article(extracted):
        members = [row_of[ref] for ref in finding.figures if ref in row_of]
        if len(members) < 2:
            continue
        ids = sorted(m.pk for m in members)
        digest = hashlib.sha256(f"internal|{article.pk}|{ids}".encode()).hexdigest()
        conflict = Conflict.objects.create(
            kind=Conflict.Kind.INTERNAL,
            key=f"article:{article.pk}",
            signature=digest,
            metric=members[0].metric,
            location=members[0].claim.location,
            explanation=finding.explanation,
        )
        conflict.members.set(members)
        Claim.objects.filter(pk__in={m.claim_id for m in members}).update(
            in_conflict=True, conflict_level=Claim.ConflictLevel.CONFLICT
        )


def _figure_row(claim: Claim, f: Any) -> Figure:
    high = None if f.high == float("inf") else f.high
    return Figure(
        claim=claim,
        start=f.start,
        end=f.end,
        text=f.text[:500],
        value=f.value,
        low=f.low,
        high=high,
        qualifier=f.qualifier,
        kind=f.kind,
        metric=(f.metric or "")[:80],
        unit=(f.unit or "")[:40],
        change=f.change or "",
    )


_ORG_WORDS = {
    "military",
    "ministry",
    "army",
    "police",
    "authorities",
    "government",
    "office",
    "service",
    "council",
    "forces",
    "force",
    "command",
    "administration",
    "agency",
    "journalists",
    "department",
    "committee",
    "kremlin",
    "moscow",
    "kyiv",
    "kiev",
    "washington",
    "nato",
    "un",
    "spokesman",
    "spokeswoman",
}


def speaker_kind(name: str) -> str:
    words = {w.strip(".,").casefold() for w in name.split()}
    if words & _ORG_WORDS or name[:1].islower() or len(words) == 1:
        return Speaker.Kind.ORGANISATION
    return Speaker.Kind.PERSON


def _speakers_for(names: Iterable[str]) -> dict[str, Speaker]:
    """Speaker rows for extracted names: by canonical name, then by alias; new names are added."""
    wanted = {n.strip()[:300] for n in names if n and n.strip()}
    found = {speaker.name: speaker for speaker in Speaker.objects.filter(name__in=wanted)}
    missing = wanted - found.keys()
    if missing:
        # Aliases are few (kept by admins): one query for all of them, not one per name.
        aliased = {str(a).casefold(): s for s in Speaker.objects.exclude(aliases=[]) for a in s.aliases}
        found.update({name: aliased[name.casefold()] for name in missing if name.casefold() in aliased})
        new = sorted(missing - found.keys())
        if new:
            # Another ingest may add the same name meanwhile: ignore_conflicts, then read them back.
            Speaker.objects.bulk_create([Speaker(name=n, kind=speaker_kind(n)) for n in new], ignore_conflicts=True)
            found.update({s.name: s for s in Speaker.objects.filter(name__in=new)})
    return found


def reextract(articles: Iterable[Article]) -> tuple[int, int]:
    """Re-run extraction over ``articles``; returns (articles, claims)."""
    n_articles = n_claims = 0
    for article in articles:
        n_claims += save_claims(article)
        n_articles += 1
    return n_articles, n_claims


# ---------------------------------------------------------------- fetching
# Fetching itself (one deadline, pinned addresses, public hosts only) is in factcheck.fetching.


def ingest_url(source: Source, url: str, via: str = "url") -> IngestResult:
    """Fetch a web page and ingest its main text."""
    try:
        if Article.objects.filter(url=url).exists():
            existing = Article.objects.get(url=url)
            return IngestResult("duplicate", existing, f"same URL as article {existing.pk}")
        body, charset = fetch_url(url)
        html = decode_text(body, url, charset)
    except IngestError as exc:
        return IngestResult("rejected", reason=str(exc))
    return ingest_article(source, html=html, url=url, via=via)


def fetch_feed(source: Source) -> list[IngestResult]:
    """Poll one source's RSS/Atom feed; the error, if any, is recorded on the source."""
    import feedparser

    results: list[IngestResult] = []
    try:
        body, _ = fetch_url(source.feed_url)
        feed = feedparser.parse(body)
        usable = [e for e in feed.entries if e.get("link") or e.get("content") or e.get("summary")]
        if feed.bozo and not usable:
            raise IngestError(f"the feed is malformed: {feed.get('bozo_exception', 'unreadable')}")
        results = _ingest_feed_entries(source, feed.entries)
    except IngestError as exc:
        source.record_fetch(str(exc))
        return results
    rejected = [r.reason for r in results if r.status == "rejected"]
    source.record_fetch(f"{len(rejected)} entries rejected; first: {rejected[0]}" if rejected else "")
    return results


def _ingest_feed_entries(source: Source, entries: list[Any]) -> list[IngestResult]:
    """A feed's entries, stored as one batch (factcheck/ingest_batch.py); a result each, in order."""
    from factcheck.ingest_batch import Incoming, ingest_batch

    prepared = [_feed_entry(source, entry) for entry in entries]
    batch = [item for item in prepared if isinstance(item, Incoming)]
    stored = iter(ingest_batch(batch))
    return [next(stored) if isinstance(item, Incoming) else item for item in prepared]


def _feed_entry(source: Source, entry: Any) -> Any:
    """What to store for one feed entry (an ``Incoming``), or its result when there is nothing to store."""
    from factcheck.ingest_batch import Incoming

    title = entry.get("title", "")
    try:
        # The entry's fields meet the same checks as every other way in, before any query or fetch.
        link = clean_url(entry.get("link") or None)
        title = clean_title(title)
        published = _feed_published(entry)
    except IngestError as exc:
        return IngestResult("rejected", reason=f"feed entry {str(title)[:80]!r}: {exc}", field=exc.field)
    html = ""
    if entry.get("content"):
        html = entry["content"][0].get("value", "")
    html = html or entry.get("summary", "")
    if link and Article.objects.filter(url=link).exists():
        return IngestResult("duplicate", Article.objects.get(url=link), "same URL")
    if html:
        html = f"<html><body><article>{html}</article></body></html>"
    if len(html) < 400 and link:
        # Feeds often carry only a teaser: read the page itself.
        try:
            body, charset = fetch_url(link)
            html = decode_text(body, link, charset)
        except IngestError as exc:
            if not html:
                return IngestResult("rejected", reason=str(exc))
    if not html:
        return IngestResult("rejected", reason=f"feed entry {title!r} has no text and no link")
    return Incoming(source, html=html, url=link, title=title, published_at=published, via="feed")


def _feed_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            try:
                when = datetime(*entry[key][:6], tzinfo=UTC)
            except (TypeError, ValueError, OverflowError) as exc:  # a leap second, year 0, garbage
                raise IngestError(f"published is not a valid date ({exc})", "published") from None
            return parse_published(when)
    return None


def fetch_all_feeds() -> dict[str, int]:
    """Poll every active source with a feed; one failing feed never stops the others."""
    totals = {"sources": 0, "ingested": 0, "duplicate": 0, "rejected": 0, "failed_sources": 0}
    for source in Source.objects.filter(active=True).exclude(feed_url=""):
        totals["sources"] += 1
        try:
            results = fetch_feed(source)
        except Exception as exc:  # noqa: BLE001 - recorded, and the next feed goes on
            log.exception("feed of %s failed", source)
            source.record_fetch(f"{type(exc).__name__}: {exc}")
            totals["failed_sources"] += 1
            continue
        if source.last_fetch_error and not results:
            totals["failed_sources"] += 1
        for result in results:
            totals[result.status] += 1
    return totals
