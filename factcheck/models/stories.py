"""Stories: the reports of one event across outlets, and the editors' decisions about them.

An article belongs to exactly one story (most stories have one article). Stories are
assigned at ingest and kept up by the nightly re-clustering (``factcheck.stories``);
an editor's merge or move pins the articles it touched, so re-clustering keeps them.
Inside a story, figures are compared by their fact frame; an editor confirms a
possible conflict ("same fact") or rejects it ("different facts"), and that decision is
keyed by the figures' stable identity so it survives re-extraction and re-clustering.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone


def figure_identity(article_id: int, sentence_key: str, figure_text: str) -> str:
    """Who a figure is across re-extraction: its article, its sentence and its own words.

    Figure rows get new ids when an article is extracted again; an editor's decision about
    a pair of figures must still find them.
    """
    words = " ".join(unicodedata.normalize("NFKC", figure_text).casefold().split())
    return f"{article_id}:{sentence_key}:{words}"


def pair_key(a: str, b: str) -> str:
    """One key for an unordered pair of figure identities."""
    first, second = sorted((a, b))
    return hashlib.sha256(f"{first}|{second}".encode()).hexdigest()


class StoryQuerySet(models.QuerySet["Story"]):
    def live(self) -> StoryQuerySet:
        """Stories that still hold articles (a merged story is kept, empty, for its history)."""
        return self.filter(merged_into__isnull=True, article_count__gt=0)

    def active_since(self, moment: Any) -> StoryQuerySet:
        """Stories an article received after ``moment`` may still join."""
        return self.live().filter(last_activity__gte=moment)

    def refresh_summaries(self) -> int:
        """``refresh_summary`` for many stories at once (see :func:`write_summaries`)."""
        return write_summaries(
            list(Story.objects.filter(pk__in=self.values("pk")).only("pk", "title", "last_activity"))
        )


SUMMARY_FIELDS = ["article_count", "source_count", "first_published", "last_published", "last_activity", "title"]


def write_summaries(stories: list[Story], retitle: set[int] | None = None, *, empty_too: bool = True) -> int:
    """Counts, publication span, last activity and title of many stories: one aggregate over
    their articles, one query for titles, one statement run many times; returns the stories written.

    Titles are read again for the stories in ``retitle`` (all when None) and for untitled
    ones. A story with no article left is written with zero counts, or skipped when not
    ``empty_too`` (at ingest every story written holds the article just placed).
    """
    from factcheck.bulk_update import update_rows
    from factcheck.models import Article

    found = {
        row["story_id"]: row
        for row in Article.objects.filter(story_id__in=[story.pk for story in stories])
        .values("story_id")
        .annotate(
            n=Count("pk"),
            sources=Count("source", distinct=True),
            first=Min("published_at"),
            last=Max("published_at"),
            received=Max("ingested_at"),
        )
        .order_by()
    }
    kept = [story for story in stories if empty_too or story.pk in found]
    wanted = {story.pk for story in kept if retitle is None or story.pk in retitle or not story.title}
    titles: dict[int, str] = {}
    if wanted:
        for story_id, title in (
            Article.objects.filter(story_id__in=wanted)
            .exclude(title="")
            .order_by("story_id", models.F("published_at").asc(nulls_last=True), "pk")
            .values_list("story_id", "title")
        ):
            titles.setdefault(story_id, title)
    for story in kept:
        row = found.get(story.pk, {})
        story.article_count = row.get("n", 0)
        story.source_count = row.get("sources", 0)
        story.first_published, story.last_published = row.get("first"), row.get("last")
        if row.get("received") and row["received"] > story.last_activity:
            story.last_activity = row["received"]
        if story.pk in wanted:
            story.title = (titles.get(story.pk) or story.title or "")[:500]
    # One statement run many times: bulk_update's CASE costs more than the write.
    update_rows(kept, SUMMARY_FIELDS)
    return len(kept)


class Story(models.Model):
    title = models.CharField(max_length=500, blank=True)
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True)
    # When the story last received an article (undated articles included): what the
    # join window of ingest and the nightly re-clustering look at.
    last_activity = models.DateTimeField(default=timezone.now)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    fact_count = models.PositiveIntegerField(default=0)
    conflict_count = models.PositiveIntegerField(default=0)
    # Sum of the member articles' tf-idf vectors, truncated (factcheck.core.stories).
    centroid = models.JSONField(default=dict, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="absorbed", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity", "-id"]
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["last_activity", "id"], name="story_activity"),
            models.Index(fields=["-last_published", "-id"], name="story_published"),
        ]

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("story-detail", args=[self.pk])

    def refresh_summary(self) -> None:
        """Recount articles and sources, dates and title from the member articles."""
        from factcheck.models import Article

        articles = Article.objects.filter(story=self)
        summary = articles.aggregate(
            n=Count("pk"),
            sources=Count("source", distinct=True),
            first=Min("published_at"),
            last=Max("published_at"),
            received=Max("ingested_at"),
        )
        self.article_count = summary["n"]
        self.source_count = summary["sources"]
        self.first_published, self.last_published = summary["first"], summary["last"]
        if summary["received"] and summary["received"] > self.last_activity:
            self.last_activity = summary["received"]
        # The title of its earliest article that has one: usually the first report (the wire).
        first = (
            articles.exclude(title="")
            .order_by(models.F("published_at").asc(nulls_last=True), "pk")
            .values_list("title", flat=True)
            .first()
        )
        self.title = (first or self.title or "")[:500]
        self.save(
            update_fields=[
                "article_count",
                "source_count",
                "first_published",
                "last_published",
                "last_activity",
                "title",
            ]
        )

    def merge_into(self, target: Story, user: Any, note: str = "") -> None:
        """Move every article of this story into ``target`` and pin them there (an editor's merge).

        This story is kept, empty, pointing at ``target``, so links to it and its history hold.
        """
        from factcheck.models import Article

        if target.pk == self.pk:
            raise ValueError("A story cannot be merged into itself.")
        if target.merged_into_id:
            raise ValueError(f"Story {target.pk} was itself merged into story {target.merged_into_id}.")
        with transaction.atomic():
            moved = Article.objects.filter(Q(story=self) | Q(story=target)).update(story=target, story_pinned=True)
            Story.objects.filter(pk=self.pk).update(merged_into=target, article_count=0, centroid={})
            StoryTerm.objects.filter(story=self).delete()
            StoryEvent.objects.create(
                story=target, other_story=self, action=StoryEvent.Action.MERGE, user=user, note=note, articles=moved
            )
            self.merged_into = target
            target.refresh_summary()
            transaction.on_commit(lambda: _story_changed(target.pk))

    def fact_rows(self) -> Any:
        """The figures of the story's claims, for the fact table (see views.stories)."""
        from factcheck.models import Figure

        return Figure.objects.filter(claim__article__story=self)


def _story_changed(story_id: int) -> None:
    """After an editor's change: compare the story's figures again (in the background)."""
    from factcheck import outbox, tasks

    outbox.send(tasks.compare_story, story_id)


class StoryTerm(models.Model):
    """The inverted index of story centroids: an arriving article looks up the stories that
    share one of its top terms, instead of scoring every recent story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["term", "story"], name="storyterm_term")]
        constraints = [models.UniqueConstraint(fields=["story", "term"], name="storyterm_unique")]

    def __str__(self) -> str:
        return f"{self.term} → story {self.story_id}"


class TermStats(models.Model):
    """Document frequencies of story terms over the recent window (the idf of tf-idf).

    One row, written by the nightly re-clustering and read at ingest.
    """

    n_docs = models.PositiveIntegerField(default=0)
    df = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "term stats"

    def __str__(self) -> str:
        return f"Term stats over {self.n_docs} articles ({self.computed_at:%Y-%m-%d %H:%M})"


class StoryEvent(models.Model):
    """An editor's change to stories (merge, move), kept with who and when. Never updated."""

    class Action(models.TextChoices):
        MERGE = "merge", "Merged stories"
        MOVE = "move", "Moved an article"

    story = models.ForeignKey(Story, on_delete=models.SET_NULL, null=True, related_name="events")
    other_story = models.ForeignKey(Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    article = models.ForeignKey(
        "factcheck.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="story_events"
    )
    articles = models.PositiveIntegerField(default=1)
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="story_events")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class FindingDecision(models.Model):
    """An editor's word on a pair of figures: one fact, or two. Never updated; the latest wins.

    Keyed by the pair's stable identity (``pair_key`` of two ``figure_identity`` values), so
    it holds when the article is extracted again or its story re-clustered.
    """

    class Decision(models.TextChoices):
        SAME = "same", "Same fact"
        DIFFERENT = "different", "Different facts"

    pair = models.CharField(max_length=64, db_index=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    conflict = models.ForeignKey(
        "factcheck.Conflict", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    story = models.ForeignKey(Story, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="finding_decisions")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_decision_display()}"
