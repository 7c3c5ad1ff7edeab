"""Admin for webhooks (with their recent deliveries and a "send test event" action) and follows.

Imported by ``factcheck.admin``, which Django's admin autodiscovery loads.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from factcheck import fetching
from factcheck.models import Follow, Webhook, WebhookDelivery
from factcheck.validation import IngestError

from . import webhooks

RECENT_DELIVERIES = 20


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, assume_scheme="https", help_text="Where each new conflict is POSTed.")

    class Meta:
        model = Webhook
        fields = ("name", "url", "secret", "owner", "active", "options")
        widgets = {"secret": forms.PasswordInput(render_value=True)}

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            fetching.check_url(url, resolve=False)  # the address itself is judged at each delivery
        except IngestError as exc:
            raise forms.ValidationError(str(exc)) from None
        return url

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"]
        if len(secret) < 16:
            raise forms.ValidationError(
                "Use a secret of at least 16 characters: it is what makes a signature trustworthy."
            )
        return secret


class RecentDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    max_num = 0
    fields = ("created_at", "event", "conflict", "status", "attempts", "response_status", "last_error", "delivered_at")
    readonly_fields = fields
    verbose_name_plural = f"recent deliveries (the last {RECENT_DELIVERIES})"

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        queryset = super().get_queryset(request)
        # An inline's queryset cannot be sliced (the formset filters it): keep the newest ids.
        recent: dict[int, list[int]] = {}
        for webhook_id, pk in queryset.order_by("webhook_id", "-created_at", "-pk").values_list("webhook_id", "pk"):
            recent.setdefault(webhook_id, []).append(pk)
        keep = [pk for pks in recent.values() for pk in pks[:RECENT_DELIVERIES]]
        return queryset.filter(pk__in=keep)


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("name", "url", "owner", "active", "created_at", "created_by", "deliveries_link")
    list_filter = ("active",)
    search_fields = ("name", "url")
    readonly_fields = ("created_at", "created_by")
    inlines = (RecentDeliveryInline,)
    actions = ("send_test_event",)

    def save_model(self, request: HttpRequest, obj: Webhook, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Deliveries")
    def deliveries_link(self, obj: Webhook) -> str:
        url = reverse("admin:factcheck_webhookdelivery_changelist") + f"?webhook__id__exact={obj.pk}"
        return format_html('<a href="{}">all deliveries</a>', url)

    @admin.action(description="Send a test event to the selected webhooks")
    def send_test_event(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        sent = [webhooks.send_test(webhook) for webhook in queryset]
        self.message_user(
            request,
            f"Test event queued for {len(sent)} webhook(s); see each one's recent deliveries for the outcome.",
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "webhook", "event", "conflict", "status", "attempts", "response_status", "last_error")
    list_filter = ("status", "event", "webhook")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    list_select_related = ("webhook", "conflict")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "source", "speaker", "created_at")
    list_filter = ("created_at",)
    search_fields = ("user__username", "source__name", "speaker__name")
    list_select_related = ("user", "source", "speaker")
    raw_id_fields = ("user", "source", "speaker")
