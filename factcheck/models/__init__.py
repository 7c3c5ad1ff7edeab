"""The workbench's data: sources, articles, claims, figures, reviews, conflicts.

One-object behaviour is a model method (a verb); many-object selection is a
QuerySet method (an adjective).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models import Exists, F, Lookup, OuterRef, Q
from django.urls import reverse
from django.utils import timezone


def content_hash(text: str) -> str:
    """Hash of an article's text, insensitive to whitespace and case, for dedup."""
    normalised = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def sentence_key(text: str) -> str:
    """Key shared by word-for-word copies of one sentence (punctuation, case, quotes ignored)."""
    normalised = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:20]


QUEUE_GENERATION_KEY = "factcheck:queue-generation"


def queue_generation() -> int:
    """A number that changes whenever claims change: cached queue figures are keyed by it."""
    return int(cache.get_or_set(QUEUE_GENERATION_KEY, 1, timeout=None) or 1)


# Verdicts record which claim moved between statuses at the generation they made, so
# counts cached under a filter can be brought up to date without counting again.
STATUS_MOVES_KEY = "factcheck:queue-moves:{}"
STATUS_MOVES_KEPT = 200  # generations; further behind, counts are recounted


def bump_queue_generation(moves: list[tuple[int, str, str]] | None = None) -> int:
    """Move the generation on; ``moves`` (claim id, from, to) when only statuses changed.

    A change without moves (ingest, re-extraction, cross-check flags) cannot be replayed:
    counts cached before it are recounted.
    """
    try:
        generation = cache.incr(QUEUE_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        generation = 2
        cache.set(QUEUE_GENERATION_KEY, generation, timeout=None)
    if moves:
        cache.set(STATUS_MOVES_KEY.format(generation), moves, timeout=STATUS_TOTALS_TIMEOUT)
    return int(generation)


def status_moves_between(since: int, until: int) -> list[tuple[int, str, str]] | None:
    """The status moves of generations ``since`` (excluded) to ``until``, in order, or None
    when any of them changed more than statuses or is no longer known."""
    if not 0 <= until - since <= STATUS_MOVES_KEPT:
        return None
    keys = [STATUS_MOVES_KEY.format(generation) for generation in range(since + 1, until + 1)]
    found = cache.get_many(keys)
    if len(found) != len(keys):
        return None
    return [tuple(move) for key in keys for move in found[key]]  # type: ignore[misc]


STATUS_TOTAL_KEY = "factcheck:queue-total:{}"
STATUS_TOTALS_TIMEOUT = 600  # a recount at least this often corrects any drift


def status_totals() -> dict[str, int]:
    """Claims per review status over the whole queue, kept in the cache and adjusted on
    every verdict and ingest, so the queue's front page never counts a million rows."""
    keys = [STATUS_TOTAL_KEY.format(s) for s in Claim.Status.values]
    cached = cache.get_many(keys)
    if len(cached) == len(keys):
        return {s: int(cached[k]) for s, k in zip(Claim.Status.values, keys, strict=True)}
    counts = dict.fromkeys(Claim.Status.values, 0)
    counts.update(Claim.objects.order_by().values_list("status").annotate(n=models.Count("pk")))
    cache.set_many({STATUS_TOTAL_KEY.format(s): n for s, n in counts.items()}, timeout=STATUS_TOTALS_TIMEOUT)
    return counts


def forget_queue_counts() -> None:
    """After a change made outside the review actions (admin edits, deletions): every
    cached count is counted again on next use."""
    cache.delete_many([STATUS_TOTAL_KEY.format(s) for s in Claim.Status.values])
    bump_queue_generation()


def adjust_status_totals(changes: dict[str, int]) -> None:
    """Apply +/- changes to the cached totals; a missing total is simply recounted later."""
    for status, delta in changes.items():
        if not delta:
            continue
        try:
            cache.incr(STATUS_TOTAL_KEY.format(status), delta)
        except ValueError:
            cache.delete_many([STATUS_TOTAL_KEY.format(s) for s in Claim.Status.values])
            return


class Source(models.Model):
    class Kind(models.TextChoices):
        OUTLET = "outlet", "Outlet"
        AGENCY = "agency", "News agency"
        OFFICIAL = "official", "Official channel"
        SOCIAL = "social", "Social media"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OUTLET)
    homepage = models.URLField(blank=True)
    feed_url = models.URLField(blank=True, help_text="RSS or Atom feed polled every hour when the source is active.")
    language = models.CharField(max_length=12, default="en")
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_fetch_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def record_fetch(self, error: str = "") -> None:
        self.last_fetched_at = timezone.now()
        self.last_fetch_error = error
        self.save(update_fields=["last_fetched_at", "last_fetch_error"])


class ArticleQuerySet(models.QuerySet["Article"]):
    def failed(self) -> ArticleQuerySet:
        return self.filter(extraction_status=Article.Extraction.FAILED)


class Article(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    url = models.URLField(max_length=2000, null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    ingested_via = models.CharField(max_length=20, default="paste")
    extraction_status = models.CharField(max_length=10, choices=Extraction.choices, default=Extraction.PENDING)
    extraction_error = models.TextField(blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # The story this article reports (see factcheck/models/stories.py); set at ingest,
    # kept up by the nightly re-clustering unless an editor placed it (``story_pinned``).
    story = models.ForeignKey(
        "factcheck.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    story_pinned = models.BooleanField(
        default=False, help_text="An editor placed this article in its story: re-clustering keeps it there."
    )
    # What story clustering compares: the article's term counts (bounded), computed once.
    story_terms = models.JSONField(default=dict, blank=True, editable=False)
    # A near-copy of an earlier article (a republished wire story): one witness with it.
    copy_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    copy_containment = models.FloatField(null=True, blank=True, editable=False)
    copy_signature = models.JSONField(default=list, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=Q(url__isnull=False), name="article_url_unique"),
            # Same text from the same source is a duplicate; the same text from
            # another source is a syndicated copy, which cross-checking needs to see.
            models.UniqueConstraint(fields=["source", "content_hash"], name="article_text_unique_per_source"),
        ]
        indexes = [models.Index(fields=["content_hash"])]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("article-detail", args=[self.pk])

    def move_to_story(self, target: Any, user: Any, note: str = "") -> Any:
        """An editor moves this article into ``target`` (a Story), or out into a story of
        its own when ``target`` is None; pinned, so re-clustering keeps it there."""
        from factcheck.models.stories import _story_changed

        with transaction.atomic():
            current = Article.objects.select_for_update().get(pk=self.pk)
            previous = Story.objects.filter(pk=current.story_id).first()
            if target is None:
                target = Story.objects.create(title=current.title, last_activity=current.ingested_at)
            elif target.merged_into_id:
                raise ValueError(f"Story {target.pk} was merged into story {target.merged_into_id}.")
            Article.objects.filter(pk=self.pk).update(story=target, story_pinned=True)
            StoryEvent.objects.create(
                story=target, other_story=previous, article=current, action=StoryEvent.Action.MOVE, user=user, note=note
            )
            target.refresh_summary()
            if previous is not None and previous.pk != target.pk:
                previous.refresh_summary()
                transaction.on_commit(lambda: _story_changed(previous.pk))
            transaction.on_commit(lambda: _story_changed(target.pk))
        self.story, self.story_pinned = target, True
        return target


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=300, unique=True, help_text="Canonical name.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    aliases = models.JSONField(default=list, blank=True, help_text="Other spellings, one string each.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlaceAlias(models.Model):
    """Another spelling of a place ("Kiev" for "Kyiv"), edited in admin and handed to the
    matcher and the story clustering in their config."""

    name = models.CharField(max_length=200, unique=True, help_text="The spelling found in articles.")
    canonical = models.CharField(max_length=200, help_text="The place it names, as the desk writes it.")

    class Meta:
        ordering = ["canonical", "name"]
        verbose_name_plural = "place aliases"

    def __str__(self) -> str:
        return f"{self.name} → {self.canonical}"


# Selective filters on PostgreSQL (see ClaimQuerySet._narrowed): look the matching ids up
# first when there are at most this many; more mean a common value, and walking the queue
# order finds a page of matches quickly. Needles shorter than a trigram cannot use the index.
NARROW_ID_CAP = 5000
SEARCH_MIN_TRIGRAM = 3


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """``column = ANY(%s::type[])`` with one PostgreSQL array parameter.

    The cast to the column's own type matters: PostgreSQL hashes a constant array of the
    same type when it tests rows against it (6 ms where an int4 array against a bigint
    column scanned the list for every row, 2.3 s at a million claims).
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        column_type = self.lhs.output_field.cast_db_type(connection)
        # Sent as one array literal: adapting thousands of ints one by one costs more.
        literal = "{" + ",".join(str(int(pk)) for pk in self.rhs) + "}"
        return f"{lhs} = ANY(%s::{column_type}[])", [*lhs_params, literal]


class ClaimQuerySet(models.QuerySet["Claim"]):
    def pending_review(self) -> ClaimQuerySet:
        return self.filter(status=Claim.Status.PENDING)

    def in_queue_order(self) -> ClaimQuerySet:
        """Pending first, conflicts on top, possible conflicts next, then check-worthiness and recency."""
        return self.order_by("status_rank", "-conflict_level", "-checkworthiness", "-id")

    def copies_of(self, claim: Claim) -> ClaimQuerySet:
        return self.filter(sentence_key=claim.sentence_key).exclude(pk=claim.pk)

    def with_status(self, status: str) -> ClaimQuerySet:
        # The rank says the same as the status and leads the queue-order index: with it the
        # index walk starts at the first verified claim instead of reading past every
        # pending one (4 s -> a few ms at a million claims).
        return self.filter(status=status, status_rank=Claim.STATUS_RANK[status])

    def containing(self, needle: str) -> ClaimQuerySet:
        """Claims whose text contains ``needle``, ignoring case (a trigram index on PostgreSQL)."""
        return self._by_trigram(Q(text__icontains=needle), f"text:{needle.casefold()}", needle)

    def spoken_by(self, name: str) -> ClaimQuerySet:
        """Claims whose speaker (canonical name or as written) contains ``name``."""
        condition = Q(speaker__name__icontains=name) | Q(speaker_name__icontains=name)
        return self._by_trigram(condition, f"speaker:{name.casefold()}", name)

    def with_metric(self, metric: str) -> ClaimQuerySet:
        """Claims with at least one figure counting ``metric`` (a canonical identifier)."""
        ids = Figure.objects.using(self.db).filter(metric=metric).values_list("claim_id", flat=True).distinct()
        return self._narrowed(
            Exists(Figure.objects.filter(claim=OuterRef("pk"), metric=metric)), ids, f"metric:{metric}"
        )

    def _by_trigram(self, condition: Q, value: str, needle: str) -> ClaimQuerySet:
        """A "contains" filter: narrowed through a trigram index when the needle has a trigram."""
        if len(needle.strip()) < SEARCH_MIN_TRIGRAM:
            return self.filter(condition)
        ids = Claim.objects.using(self.db).filter(condition).values_list("pk", flat=True)
        return self._narrowed(condition, ids, value, seqscan=False)

    def _narrowed(self, condition: Q | Exists, ids: Any, value: str, *, seqscan: bool = True) -> ClaimQuerySet:
        """``self.filter(condition)``, made fast on PostgreSQL when few claims match.

        The planner cannot tell how rare a search word or a metric is, so it walks the
        queue-order index and tests every row: 50 ms for a rare word at 100k claims, 180 ms
        for a rare metric among conflicts at 1M, growing with the table. Looking up the
        matching ids first through their own index takes a few milliseconds; with up to
        NARROW_ID_CAP of them the page is built from those rows alone. A value found to be
        common is remembered for an hour, so the next pages skip the lookup (a stale mark
        costs time, never correctness).
        """
        connection = connections[self.db]
        common = f"narrow-common:{self.db}:" + hashlib.sha1(value.encode()).hexdigest()
        if connection.vendor != "postgresql" or cache.get(common):
            return self.filter(condition)
        lookup = ids.order_by()[: NARROW_ID_CAP + 1]
        if seqscan:
            found = list(lookup)
        else:
            # A trigram LIKE looks unselective to the planner: keep it on the index for this
            # one-table lookup, restoring the setting even inside an outer transaction.
            with transaction.atomic(using=self.db), connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
                (previous, _) = cursor.fetchone()
                found = list(lookup)
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])
        if len(found) > NARROW_ID_CAP:
            cache.set(common, True, timeout=3600)
            return self.filter(condition)
        # One array parameter: thousands of IN placeholders cost more to build and parse.
        return self.filter(_AnyOf(F("pk"), found))


class StaleClaim(Exception):
    """Raised when an editor acts on a claim someone else changed since they loaded it."""

    def __init__(self, claim: Claim, by: str, at: datetime | None) -> None:
        self.claim, self.by, self.at = claim, by, at
        when = timezone.localtime(at).strftime("%H:%M") if at else "an unknown time"
        super().__init__(f"Changed by {by} at {when} — reload to see the latest version.")


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        VERIFIED = "verified", "Verified"
        DISPUTED = "disputed", "Disputed"

    class ConflictLevel(models.IntegerChoices):
        NONE = 0, "None"
        POSSIBLE = 1, "Possible conflict"
        CONFLICT = 2, "Conflict"

    class Quote(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect (reported) speech"

    # Pending sorts first in the queue; stored so one index serves the main query.
    STATUS_RANK = {Status.PENDING: 0, Status.DISPUTED: 1, Status.VERIFIED: 2}
    # What a verdict is given on: a change to any of these (or to the figures) reopens it.
    CONTENT_FIELDS = frozenset({"text", "speaker", "speaker_name", "role", "quote", "location", "event_date"})
    # Kept by the review actions and the cross-check, not by admin forms: an admin save
    # takes them as they are now.
    REVIEW_STATE_FIELDS = (
        "status",
        "status_rank",
        "version",
        "reviewed_by",
        "reviewed_at",
        "in_conflict",
        "conflict_level",
    )

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    # The article's source (which never changes), copied here so that the queue filtered by
    # source walks its own index instead of joining and scanning (6 s -> ms at 1M claims).
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    sentence_key = models.CharField(max_length=20, db_index=True)
    speaker = models.ForeignKey(Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims")
    speaker_name = models.CharField(max_length=300, blank=True, help_text="As written in the article.")
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    role = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=100, blank=True)
    quote = models.CharField(max_length=10, choices=Quote.choices, blank=True)
    location = models.CharField(max_length=200, blank=True, db_index=True)
    event_date = models.DateField(null=True, blank=True)
    checkworthiness = models.FloatField(default=0.0)
    checkworthiness_reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    status_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    in_conflict = models.BooleanField(default=False)
    # What the queue sorts on: a conflict (2) above a possible conflict (1) above the rest.
    conflict_level = models.PositiveSmallIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change, for optimistic locking.")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(
                F("status_rank"),
                F("conflict_level").desc(),
                F("checkworthiness").desc(),
                F("id").desc(),
                name="claim_queue_order",
            ),
            models.Index(
                F("source"),
                F("status_rank"),
                F("conflict_level").desc(),
                F("checkworthiness").desc(),
                F("id").desc(),
                name="claim_source_queue_order",
            ),
            models.Index(fields=["status", "id"], name="claim_status"),
            # The claim page's "same metric, same place, same day" lookup.
            models.Index(fields=["location", "event_date"], name="claim_place_day"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.source_id is None and self.article_id is not None:
            self.source_id = self.article.source_id
        # The flag and the level say the same for conflicts (the level also ranks possible ones).
        if self.in_conflict:
            self.conflict_level = self.ConflictLevel.CONFLICT
        elif self.conflict_level == self.ConflictLevel.CONFLICT:
            self.conflict_level = self.ConflictLevel.NONE
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", args=[self.pk])

    def set_verdict(
        self, user: Any, status: str, note: str = "", evidence_url: str = "", expected_version: int | None = None
    ) -> ReviewEvent:
        """Change the review status, writing the audit event in the same transaction.

        With ``expected_version`` the change only lands if nobody changed the
        claim since that version was loaded; otherwise ``StaleClaim`` is raised
        and nothing is written.
        """
        if status not in self.Status.values:
            raise ValueError(f"Unknown status {status!r}")
        with transaction.atomic():
            current = Claim.objects.select_for_update().get(pk=self.pk)
            if expected_version is not None and current.version != expected_version:
                last = current.events.select_related("user").order_by("-created_at", "-id").first()
                who = last.user.get_username() if last and last.user else "another editor"
                raise StaleClaim(current, who, last.created_at if last else None)
            now = timezone.now()
            event = ReviewEvent.objects.create(
                claim=current,
                user=user,
                from_status=current.status,
                to_status=status,
                note=note,
                evidence_url=evidence_url,
            )
            Claim.objects.filter(pk=self.pk).update(
                status=status,
                status_rank=self.STATUS_RANK[status],
                version=F("version") + 1,
                reviewed_by=user,
                reviewed_at=now,
            )
            move = [(current.pk, current.status, status)]  # a note alone moves it to where it was
            transaction.on_commit(lambda: bump_queue_generation(move))
            if current.status != status:
                moved = {current.status: -1, status: +1}
                transaction.on_commit(lambda: adjust_status_totals(moved))
        self.refresh_from_db()
        return event

    def add_note(
        self, user: Any, note: str, evidence_url: str = "", expected_version: int | None = None
    ) -> ReviewEvent:
        """A note (and evidence) without a status change; still an audited, versioned change."""
        return self.set_verdict(user, self.status, note, evidence_url, expected_version)

    def record_admin_edit(self, user: Any, changes: list[str], content_changed: bool) -> ReviewEvent:
        """An admin changed this claim or its figures (``changes``: "field: before → after").

        The version moves on, so a verdict on what was there before is refused as stale,
        and the change shows in the claim's history. A reviewed claim whose content
        changed goes back to pending: its verdict was given on other text or figures.
        (The field-by-field record, with the admin as actor, is django-auditlog's.)
        """
        with transaction.atomic():
            current = Claim.objects.select_for_update().get(pk=self.pk)
            reopen = content_changed and current.status != self.Status.PENDING
            to_status = self.Status.PENDING if reopen else current.status
            note = "Changed in admin: " + "; ".join(changes) + "."
            if reopen:
                note += f" Back to pending: it was {current.status} on what was there before."
            event = ReviewEvent.objects.create(
                claim=current, user=user, from_status=current.status, to_status=to_status, note=note
            )
            current.version += 1
            update = ["version"]
            if reopen:
                current.status, current.status_rank = to_status, self.STATUS_RANK[to_status]
                current.reviewed_by, current.reviewed_at = user, timezone.now()
                update += ["status", "status_rank", "reviewed_by", "reviewed_at"]
            current.save(update_fields=update)  # a save, not an update: auditlog records it
            transaction.on_commit(forget_queue_counts)
        self.refresh_from_db()
        return event

    def mark_opened(self, user: Any) -> None:
        """Show other editors that ``user`` has this claim open, for a few minutes."""
        until = timezone.now() + timedelta(seconds=settings.REVIEW_LOCK_SECONDS)
        Claim.objects.filter(pk=self.pk).update(opened_by=user, opened_until=until)
        self.opened_by, self.opened_until = user, until

    def opened_by_other(self, user: Any) -> Any:
        if (
            self.opened_by_id
            and self.opened_by_id != user.pk
            and self.opened_until
            and self.opened_until > timezone.now()
        ):
            return self.opened_by
        return None


class FigureQuerySet(models.QuerySet["Figure"]):
    def comparable(self) -> FigureQuerySet:
        return self.filter(kind__in=Figure.COMPARABLE_KINDS).exclude(metric="")


class Figure(models.Model):
    COMPARABLE_KINDS = ("count", "money", "percent", "measure")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    value = models.FloatField()
    low = models.FloatField()
    high = models.FloatField(null=True, blank=True, help_text="Empty means unbounded.")
    qualifier = models.CharField(max_length=12, default="exact")
    kind = models.CharField(max_length=10, default="count")
    metric = models.CharField(max_length=80, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    change = models.CharField(max_length=4, blank=True)
    subset_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts")

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "start"]
        # (metric, claim) serves the queue's metric filter as an index-only semi-join.
        indexes = [models.Index(fields=["metric", "claim"], name="figure_metric_claim")]

    def __str__(self) -> str:
        return self.text

    @property
    def high_value(self) -> float:
        return math.inf if self.high is None else self.high

    def interval_display(self) -> str:
        left = "(" if self.qualifier == "more_than" else "["
        right = ")" if self.qualifier in ("fewer_than", "nearly") or self.high is None else "]"
        high = "∞" if self.high is None else f"{self.high:g}"
        return f"{left}{self.low:g}, {high}{right}"


class ReviewEvent(models.Model):
    """One change an editor made to a claim. Never updated, never deleted by the UI."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_events")
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["claim", "-created_at"], name="event_claim_time")]

    def __str__(self) -> str:
        return f"{self.user} {self.from_status} → {self.to_status}"


class ConflictQuerySet(models.QuerySet["Conflict"]):
    def open(self) -> ConflictQuerySet:
        return self.filter(status=Conflict.Status.OPEN)


class Conflict(models.Model):
    class Kind(models.TextChoices):
        CONFLICT = "conflict", "Conflict"
        POSSIBLE_CONFLICT = "possible_conflict", "Possible conflict"
        UPDATE = "update", "Update"
        COPY = "copy", "Syndicated copy"
        INTERNAL = "internal", "Inconsistent within one article"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Set for findings made inside one story (by comparing fact frames); empty for the
    # cross-story matcher's and within-article findings.
    story = models.ForeignKey(
        "factcheck.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    key = models.CharField(max_length=400, help_text="The fact key the members share.")
    signature = models.CharField(
        max_length=64, unique=True, help_text="Kind, key and members, hashed: makes reruns idempotent."
    )
    metric = models.CharField(max_length=80, blank=True)
    location = models.CharField(max_length=200, blank=True)
    explanation = models.TextField()
    members = models.ManyToManyField(Figure, related_name="conflicts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-id"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.key}"

    def decide(self, user: Any, same: bool, note: str = "") -> int:
        """An editor's word on this finding: its figures state one fact (``same``) or not.

        "Same fact" makes a possible conflict a conflict; "different facts" closes it, and
        the story comparison never raises those pairs again. Kept per pair of figures, by
        their stable identity, so it survives re-extraction and re-clustering. Returns how
        many pairs were decided.
        """
        from factcheck.models.stories import _story_changed, pair_key

        members = list(self.members.select_related("claim"))
        identities = [
            (f.claim.article_id, figure_identity(f.claim.article_id, f.claim.sentence_key, f.text)) for f in members
        ]
        pairs = {
            pair_key(a, b)
            for i, (article_a, a) in enumerate(identities)
            for article_b, b in identities[i + 1 :]
            if article_a != article_b
        }
        decision = FindingDecision.Decision.SAME if same else FindingDecision.Decision.DIFFERENT
        with transaction.atomic():
            # Two editors on one finding: the second sees the first's decision, never overwrites it.
            current = Conflict.objects.select_for_update().get(pk=self.pk)
            if (current.kind, current.status) != (self.kind, self.status):
                raise StaleFinding(current)
            FindingDecision.objects.bulk_create(
                FindingDecision(
                    pair=pair, decision=decision, conflict=self, story_id=self.story_id, user=user, note=note
                )
                for pair in sorted(pairs)
            )
            who = user.get_username() if user else "an editor"
            if same and self.kind == Conflict.Kind.POSSIBLE_CONFLICT:
                self.kind = Conflict.Kind.CONFLICT
                self.explanation = f"{self.explanation} Confirmed as one fact by {who}."
                # Now a conflict: news for the webhooks, as when the cross-check finds one.
                from factcheck.alerts import webhooks

                confirmed = self.signature
                transaction.on_commit(lambda: webhooks.conflicts_found([confirmed]))
            elif not same:
                self.status = Conflict.Status.CLOSED
                self.explanation = f"{self.explanation} Marked as different facts by {who}."
            self.last_seen = timezone.now()
            self.save(update_fields=["kind", "status", "explanation", "last_seen"])
            from factcheck.crosscheck import refresh_conflict_flags

            refresh_conflict_flags(Claim.objects.filter(pk__in={f.claim_id for f in members}))
            if self.story_id:
                story_id = self.story_id
                transaction.on_commit(lambda: _story_changed(story_id))
        return len(pairs)


class StaleFinding(Exception):
    """Raised when an editor decides a finding someone else decided since they loaded it."""

    def __init__(self, finding: Conflict) -> None:
        self.finding = finding
        super().__init__(f"This finding was decided meanwhile — {finding.explanation} Reload to see it.")


class CrosscheckRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused (another run in progress)"
        ABANDONED = "abandoned", "Abandoned (its workers stopped making progress)"
        CANCELLED = "cancelled", "Cancelled by an admin"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    trigger = models.CharField(max_length=20, default="manual")
    figures_scanned = models.PositiveIntegerField(default=0)
    conflicts_new = models.PositiveIntegerField(default=0)
    conflicts_updated = models.PositiveIntegerField(default=0)
    conflicts_closed = models.PositiveIntegerField(default=0)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of progress from a worker; a run silent too long is abandoned."
    )
    plan = models.JSONField(default=dict, blank=True, editable=False, help_text="Its chunks, by phase.")
    done_chunks = models.JSONField(default=list, blank=True, editable=False, help_text="Chunks counted, once each.")
    requeued_at = models.DateTimeField(null=True, blank=True, help_text="When the watchdog last queued chunks again.")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Cross-check {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def progress(self) -> float:
        return self.chunks_done / self.chunks_total if self.chunks_total else 0.0


@dataclass(frozen=True)
class Verdict:
    """What an editor asked for, validated by the form."""

    status: str
    note: str = ""
    evidence_url: str = ""


from factcheck.models.newsroom import ApiToken, DigestSent, Follow, Webhook, WebhookDelivery  # noqa: E402, F401
from factcheck.models.operations import BackgroundJob, PendingTask  # noqa: E402, F401
from factcheck.models.stories import (  # noqa: E402, F401 - one import path for every model
    FindingDecision,
    Story,
    StoryEvent,
    StoryTerm,
    TermStats,
    figure_identity,
)
