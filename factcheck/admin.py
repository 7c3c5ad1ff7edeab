from __future__ import annotations

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from factcheck import crosscheck, outbox, pipeline, tasks, validation
from factcheck.models import (
    Article,
    BackgroundJob,
    Claim,
    Conflict,
    CrosscheckRun,
    Figure,
    FindingDecision,
    PendingTask,
    PlaceAlias,
    ReviewEvent,
    Source,
    Speaker,
    Story,
    StoryEvent,
    forget_queue_counts,
    sentence_key,
)


@admin.register(Source)
class SourceAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = (
        "name",
        "kind",
        "language",
        "active",
        "feed_url",
        "article_count",
        "last_fetched_at",
        "fetch_status",
        "track_record_link",
    )
    list_filter = ("kind", "active", "language")
    search_fields = ("name", "homepage", "feed_url", "notes")
    readonly_fields = ("created_at", "last_fetched_at", "last_fetch_error")
    actions = ("fetch_feed_now",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description="Articles", ordering="n_articles")
    def article_count(self, obj: Source) -> int:
        return obj.n_articles  # type: ignore[attr-defined]

    @admin.display(description="Track record")
    def track_record_link(self, obj: Source) -> str:
        return format_html('<a href="{}">figures, verdicts, conflicts</a>', reverse("source-record", args=[obj.pk]))

    @admin.display(description="Last fetch")
    def fetch_status(self, obj: Source) -> str:
        if not obj.last_fetched_at:
            return "—"
        return (
            format_html('<span style="color:#b91c1c">{}</span>', obj.last_fetch_error[:120])
            if obj.last_fetch_error
            else "OK"
        )

    @admin.action(description="Fetch feed now")
    def fetch_feed_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        # On a worker, not in this request: a slow feed would hold a web worker for its whole deadline.
        with_feed = list(queryset.exclude(feed_url=""))
        for source in with_feed:
            BackgroundJob.queue(
                BackgroundJob.Kind.FETCH_FEED, requested_by=request.user, source=source, target=source.feed_url
            )
        skipped = queryset.count() - len(with_feed)
        jobs = reverse("admin:factcheck_backgroundjob_changelist") + "?kind__exact=fetch_feed"
        self.message_user(
            request,
            format_html(
                'Fetching {} feed(s) in the background; <a href="{}">background jobs</a> shows how each ended.{}',
                len(with_feed),
                jobs,
                f" {skipped} without a feed URL skipped." if skipped else "",
            ),
        )


class ArticleIngestForm(forms.ModelForm):
    """Add an article by pasting text, uploading a file or giving a URL; saved through the pipeline."""

    ingest_source = forms.ModelChoiceField(Source.objects.all(), label="Source")
    ingest_url = forms.URLField(
        label="URL",
        required=False,
        assume_scheme="https",
        max_length=validation.MAX_URL_CHARS,
        help_text="With no text or file, the page is fetched and its main text extracted.",
    )
    ingest_title = forms.CharField(label="Title", required=False, max_length=validation.MAX_TITLE_CHARS)
    ingest_published = forms.DateTimeField(label="Published", required=False, help_text="YYYY-MM-DD HH:MM")
    ingest_text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 18, "cols": 100}))
    ingest_file = forms.FileField(label="…or a .txt / .html file", required=False)

    class Meta:
        model = Article
        fields: list[str] = []

    INGEST_FIELDS = {"url": "ingest_url", "title": "ingest_title", "published": "ingest_published"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        source, url = data["ingest_source"], data.get("ingest_url") or None
        text, html = data.get("ingest_text") or None, None
        upload = data.get("ingest_file")
        if upload is not None:
            if upload.size > settings.MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    f"The file is over the upload limit of {settings.MAX_UPLOAD_BYTES:,} bytes."
                )
            try:
                content = pipeline.decode_text(upload.read(), upload.name)
            except pipeline.IngestError as exc:
                raise forms.ValidationError(str(exc)) from None
            if upload.name.lower().endswith((".html", ".htm")):
                html = content
            else:
                text = content
        if text is None and html is None:
            if not url:
                raise forms.ValidationError("Paste the article text, upload a file, or give a URL to fetch.")
            return self._fetch_later(url, data)
        result = pipeline.ingest_article(
            source,
            text=text,
            html=html,
            url=url,
            title=data.get("ingest_title", ""),
            published_at=data.get("ingest_published"),
            via="admin",
        )
        if result.status == "duplicate":
            raise forms.ValidationError(f"Duplicate: {result.reason}. Nothing was changed.")
        if result.status == "rejected":
            # shown on the field at fault (validation.IngestError.field), else above the form
            field = self.INGEST_FIELDS.get(result.field or "")
            self.add_error(field, f"Rejected: {result.reason}. Nothing was saved.")
            return data
        self.ingested = result.article
        return data

    def _fetch_later(self, url: str, data: dict[str, Any]) -> dict[str, Any]:
        """A URL alone is fetched on a worker (ArticleAdmin.save_form queues it), never in this request."""
        try:
            validation.clean_url(url)
        except validation.IngestError as exc:
            self.add_error("ingest_url", f"Rejected: {exc}. Nothing was saved.")
            return data
        if existing := Article.objects.filter(url=url).first():
            raise forms.ValidationError(f"Duplicate: same URL as article {existing.pk}. Nothing was changed.")
        self.fetch_later = url
        return data


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ("text", "speaker_name", "role", "cue", "location", "event_date", "status", "checkworthiness")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "ingested_via", "extraction_status", "claim_count")
    list_filter = ("extraction_status", "source", "ingested_via")
    search_fields = ("title", "url", "text")
    date_hierarchy = "published_at"
    readonly_fields = (
        "source",
        "url",
        "text",
        "content_hash",
        "ingested_at",
        "ingested_via",
        "extraction_status",
        "extraction_error",
        "extracted_at",
    )
    fields = (
        "source",
        "title",
        "url",
        "published_at",
        "text",
        "content_hash",
        "ingested_at",
        "ingested_via",
        "extraction_status",
        "extraction_error",
        "extracted_at",
    )
    inlines = (ClaimInline,)
    actions = ("reextract_claims",)
    list_select_related = ("source",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(n_claims=Count("claims"))

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj: Article) -> int:
        return obj.n_claims  # type: ignore[attr-defined]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ArticleIngestForm
            kwargs["fields"] = [
                "ingest_source",
                "ingest_url",
                "ingest_title",
                "ingest_published",
                "ingest_text",
                "ingest_file",
            ]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["ingest_source", "ingest_url", "ingest_title", "ingest_published", "ingest_text", "ingest_file"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return () if obj is None else self.inlines

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        if not change and getattr(form, "fetch_later", None):
            return BackgroundJob.queue(
                BackgroundJob.Kind.FETCH_URL,
                requested_by=request.user,
                source=form.cleaned_data["ingest_source"],
                target=form.fetch_later,
            )
        if not change:
            return form.ingested
        return super().save_form(request, form, change)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        elif isinstance(obj, Article):
            messages.info(request, f"Ingested with {obj.claims.count()} claims.")

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> HttpResponse:
        if not isinstance(obj, BackgroundJob):
            return super().response_add(request, obj, post_url_continue)
        job_url = reverse("admin:factcheck_backgroundjob_change", args=[obj.pk])
        self.message_user(
            request,
            format_html(
                'Fetching {} in the background: <a href="{}">job {}</a> shows how it ended.',
                obj.target,
                job_url,
                obj.pk,
            ),
        )
        return redirect("admin:factcheck_article_add" if "_addanother" in request.POST else job_url)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:  # an added article was stored whole by the pipeline
            super().save_related(request, form, formsets, change)

    @admin.action(description="Re-extract claims")
    def reextract_claims(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        for article_id in ids:
            outbox.send(tasks.extract_article, article_id)
        self.message_user(request, f"Re-extracting claims of {len(ids)} article(s). Reviewed claims are kept.")


class FigureInline(admin.TabularInline):
    """A claim's figures, correctable here; a change reopens a reviewed claim (ClaimAdmin.save_related)."""

    model = Figure
    fk_name = "claim"
    fields = ("text", "value", "low", "high", "qualifier", "kind", "metric", "unit", "change")
    readonly_fields = ("text",)
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewEventInline(admin.TabularInline):
    model = ReviewEvent
    fields = ("created_at", "user", "from_status", "to_status", "note", "evidence_url")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _shown(value: Any) -> str:
    text = "(empty)" if value is None or value == "" else str(value)
    return f"“{text[:120]}…”" if len(text) > 120 else f"“{text}”"


def form_changes(form: Any, prefix: str = "") -> list[str]:
    """What a bound admin form changed, one "field: before → after" each, for a claim's history."""
    changes = []
    for name in form.changed_data:
        if name == "DELETE":
            continue
        field = form.fields[name]
        before = form.initial.get(name)
        if isinstance(field, forms.ModelChoiceField) and before is not None:
            before = field.queryset.filter(pk=before).first()
        changes.append(f"{prefix}{name}: {_shown(before)} → {_shown(form.cleaned_data.get(name))}")
    return changes


@admin.register(Claim)
class ClaimAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("text_short", "speaker_name", "article", "status", "in_conflict", "checkworthiness")
    list_filter = ("status", "in_conflict", "quote", "article__source")
    search_fields = ("text", "speaker_name", "location")
    raw_id_fields = ("article", "speaker", "reviewed_by", "opened_by")
    readonly_fields = ("status", "version", "reviewed_by", "reviewed_at", "in_conflict", "sentence_key")
    inlines = (FigureInline, ReviewEventInline)
    list_select_related = ("article",)
    show_auditlog_history_link = True

    @admin.display(description="Claim")
    def text_short(self, obj: Claim) -> str:
        return obj.text[:100]

    # Edits here bypass the review actions: the queue's cached counts are counted again.
    def save_model(self, request: HttpRequest, obj: Claim, form: Any, change: bool) -> None:
        if change:
            # Locked until this change commits (admin saves in one transaction): a verdict
            # landing meanwhile waits, and the review state, which the form only shows, is
            # saved as it is now rather than as it was when the form was read.
            current = Claim.objects.select_for_update().get(pk=obj.pk)
            for name in Claim.REVIEW_STATE_FIELDS:
                attname = Claim._meta.get_field(name).attname
                setattr(obj, attname, getattr(current, attname))
        super().save_model(request, obj, form, change)
        transaction.on_commit(forget_queue_counts)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """After the claim and its figures are saved: an edit bumps the version and is
        written to the claim's history; one to what was reviewed reopens the claim."""
        super().save_related(request, form, formsets, change)
        if not change:
            return
        changes = form_changes(form)
        content_changed = bool(Claim.CONTENT_FIELDS.intersection(form.changed_data))
        for formset in formsets:
            if formset.model is not Figure:
                continue
            for figure_form in formset.forms:
                label = f"figure {_shown(figure_form.instance.text)} "
                if figure_form in formset.deleted_forms:
                    changes.append(label + "deleted")
                    content_changed = True
                elif figure_form.has_changed():
                    changes += form_changes(figure_form, label)
                    content_changed = True
        if changes:
            claim = form.instance
            claim.record_admin_edit(request.user, changes, content_changed)
            if content_changed:
                # What the cross-check compares changed: the copy key follows the text, and
                # the article is checked again instead of waiting for the nightly run.
                Claim.objects.filter(pk=claim.pk).update(sentence_key=sentence_key(claim.text))
                article_id = claim.article_id
                transaction.on_commit(lambda: outbox.send(tasks.crosscheck_article, article_id))

    def delete_model(self, request: HttpRequest, obj: Claim) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(forget_queue_counts)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(forget_queue_counts)


@admin.register(Speaker)
class SpeakerAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ("name", "kind", "aliases", "track_record_link")
    list_filter = ("kind",)
    search_fields = ("name", "aliases")

    @admin.display(description="Track record")
    def track_record_link(self, obj: Speaker) -> str:
        return format_html('<a href="{}">figures, verdicts, conflicts</a>', reverse("speaker-record", args=[obj.pk]))


class AuditTrailAdmin(admin.ModelAdmin):
    """A record of who did what and when: shown in admin, never added, changed or deleted there."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(AuditTrailAdmin):
    """The audit trail: read-only, never deleted."""

    list_display = ("created_at", "user", "claim", "from_status", "to_status", "note")
    list_filter = ("to_status", "user")
    search_fields = ("note", "claim__text")
    list_select_related = ("user", "claim")


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ("kind", "metric", "location", "status", "explanation", "last_seen")
    list_filter = ("kind", "status", "metric")
    search_fields = ("key", "explanation")
    readonly_fields = (
        "kind",
        "key",
        "signature",
        "metric",
        "location",
        "explanation",
        "members",
        "first_seen",
        "last_seen",
    )


@admin.register(CrosscheckRun)
class CrosscheckRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "finished_at",
        "trigger",
        "status",
        "figures_scanned",
        "conflicts_new",
        "conflicts_updated",
        "conflicts_closed",
        "progress_display",
        "heartbeat_display",
    )
    list_filter = ("status", "trigger")
    actions = ("run_crosscheck_now", "cancel_runs")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        run = self.admin_site.admin_view(self.run_now_view)
        return [path("run/", run, name="factcheck_crosscheckrun_run"), *super().get_urls()]

    def run_now_view(self, request: HttpRequest) -> HttpResponse:
        """The "Run the cross-check now" button above the list of runs (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("factcheck.view_crosscheckrun"):
            raise PermissionDenied
        outbox.send(tasks.crosscheck, trigger="admin")
        self.message_user(request, "Cross-check started; its progress shows in this list.")
        return redirect("admin:factcheck_crosscheckrun_changelist")

    @admin.display(description="Progress")
    def progress_display(self, obj: CrosscheckRun) -> str:
        return f"{obj.chunks_done}/{obj.chunks_total}"

    @admin.display(description="Last progress")
    def heartbeat_display(self, obj: CrosscheckRun) -> str:
        """A running run silent for half the stall time is stuck: the watchdog is queueing its chunks again."""
        if obj.status != CrosscheckRun.Status.RUNNING:
            return "-"
        silent = crosscheck.silent_for(obj)
        if silent < settings.CROSSCHECK_STALL_SECONDS / 2:
            return f"{silent:.0f} s ago"
        return format_html('<strong style="color:#ba2121">STUCK: no progress for {} min</strong>', f"{silent / 60:.1f}")

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        # Runs are read-only records here, so has_change_permission says no: ask for the real one.
        return request.user.has_perm("factcheck.change_crosscheckrun")

    @admin.action(description="Cancel run", permissions=["cancel"])
    def cancel_runs(self, request: HttpRequest, queryset: QuerySet[CrosscheckRun]) -> None:
        running = list(queryset.filter(status=CrosscheckRun.Status.RUNNING).values_list("pk", flat=True))
        cancelled = [pk for pk in running if crosscheck.cancel_run(pk, by=request.user.get_username())]
        if cancelled:
            self.message_user(request, f"Cancelled {len(cancelled)} run(s); a new run may start.")
        else:
            self.message_user(request, "None of the selected runs was running.", messages.WARNING)

    @admin.action(description="Run the cross-check now")
    def run_crosscheck_now(self, request: HttpRequest, queryset: QuerySet[CrosscheckRun]) -> None:
        outbox.send(tasks.crosscheck, trigger="admin")
        self.message_user(request, "Cross-check started; its progress shows in this list.")


class StoryArticleInline(admin.TabularInline):
    model = Article
    fk_name = "story"
    fields = ("title", "source", "published_at", "copy_of", "copy_containment", "story_pinned")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("published_at", "id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).select_related("source").defer("text", "story_terms", "copy_signature")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Stories are made by clustering and changed by editors on the story page: read here."""

    list_display = (
        "title",
        "first_published",
        "last_published",
        "article_count",
        "source_count",
        "fact_count",
        "conflict_count",
        "merged_into",
    )
    list_filter = (("merged_into", admin.EmptyFieldListFilter),)
    search_fields = ("title",)
    date_hierarchy = "last_activity"
    fields = (
        "title",
        "first_published",
        "last_published",
        "last_activity",
        "article_count",
        "source_count",
        "fact_count",
        "conflict_count",
        "merged_into",
        "created_at",
    )
    readonly_fields = fields
    inlines = (StoryArticleInline,)
    list_select_related = ("merged_into",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Story]:
        return super().get_queryset(request).defer("centroid", "merged_into__centroid")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def view_on_site(self, obj: Story) -> str:
        return obj.get_absolute_url()


@admin.register(StoryEvent)
class StoryEventAdmin(AuditTrailAdmin):
    """Editors' merges and moves: read-only, never deleted."""

    list_display = ("created_at", "user", "action", "story", "other_story", "article", "articles", "note")
    list_filter = ("action", "user")
    search_fields = ("note", "story__title", "article__title")
    list_select_related = ("user", "story", "other_story", "article")

    def get_queryset(self, request: HttpRequest) -> QuerySet[StoryEvent]:
        return (
            super()
            .get_queryset(request)
            .defer("story__centroid", "other_story__centroid", "article__text", "article__story_terms")
        )


@admin.register(FindingDecision)
class FindingDecisionAdmin(AuditTrailAdmin):
    """Editors' "same fact" / "different facts", one row per pair of figures: read-only, never deleted."""

    list_display = ("created_at", "user", "decision", "conflict", "story", "note")
    list_filter = ("decision", "user")
    search_fields = ("note", "pair", "conflict__key")
    list_select_related = ("user", "conflict", "story")

    def get_queryset(self, request: HttpRequest) -> QuerySet[FindingDecision]:
        return super().get_queryset(request).defer("story__centroid")


@admin.register(PlaceAlias)
class PlaceAliasAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Other spellings of places, handed to the matcher and the story comparison."""

    show_auditlog_history_link = True

    list_display = ("name", "canonical")
    list_editable = ("canonical",)
    search_fields = ("name", "canonical")


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """The outbox: work the broker could not take, sent at the next beat tick or worker start.

    Its list page opens with the health of the database, the cache and the broker.
    """

    list_display = ("created_at", "task", "args", "state", "attempts", "sent_at", "last_error_short")
    list_filter = (("sent_at", admin.EmptyFieldListFilter), "task")
    readonly_fields = ("task", "args", "kwargs", "reason", "created_at", "attempts", "last_error", "sent_at")
    actions = ("send_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="State")
    def state(self, obj: PendingTask) -> str:
        return "sent" if obj.sent_at else "waiting"

    @admin.display(description="Last error")
    def last_error_short(self, obj: PendingTask) -> str:
        return obj.last_error[:120]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        from factcheck.health import report

        health = [{"part": part, "error": error} for part, error in report()]
        return super().changelist_view(request, {**(extra_context or {}), "health": health})

    @admin.action(description="Send the waiting tasks now")
    def send_now(self, request: HttpRequest, queryset: QuerySet[PendingTask]) -> None:
        sent = outbox.flush()
        waiting = PendingTask.objects.filter(sent_at__isnull=True).count()
        level = messages.WARNING if waiting else messages.SUCCESS
        self.message_user(request, f"{sent} sent; {waiting} still waiting.", level)


@admin.register(BackgroundJob)
class BackgroundJobAdmin(AuditTrailAdmin):
    """Admin work done on a worker (add by URL, fetch a feed now): what, who, when, and how it ended."""

    list_display = ("created_at", "kind", "what", "requested_by", "status", "outcome", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("target", "message", "source__name")
    list_select_related = ("requested_by", "source")
    readonly_fields = (
        "kind",
        "status",
        "requested_by",
        "source",
        "target",
        "created_at",
        "started_at",
        "finished_at",
        "outcome",
        "result",
    )
    fields = readonly_fields

    @admin.display(description="What")
    def what(self, obj: BackgroundJob) -> str:
        return obj.target or (obj.source.name if obj.source else "—")

    @admin.display(description="Outcome")
    def outcome(self, obj: BackgroundJob) -> str:
        if obj.status in (BackgroundJob.Status.QUEUED, BackgroundJob.Status.RUNNING):
            return f"{obj.get_status_display()}…"
        article = (obj.result or {}).get("article")
        if article:
            link = reverse("admin:factcheck_article_change", args=[article])
            return format_html('{} <a href="{}">Open the article</a>', obj.message, link)
        return obj.message


from factcheck.alerts import admin as alerts_admin  # noqa: E402, F401 - webhooks and follows in admin
from factcheck.api import admin as api_admin  # noqa: E402, F401 - API tokens in admin
