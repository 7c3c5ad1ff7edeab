"""API tokens in Django admin: create one (its key shown once), revoke (who and when kept).

A token is never edited or deleted: its record stays, so who could call the API, from
when to when, can always be told. The key is shown on the page that answers the "Save",
never put in a message cookie or the session.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils.html import format_html

from factcheck.models import ApiToken

from .tokens import give_key, revoke_tokens

KEY_ONCE = Template(
    """{% extends "admin/base_site.html" %}
{% block content %}
<h1>API token “{{ token.name }}” for {{ token.user }}</h1>
<p>Copy the key now: it is shown only this once, and only its digest is kept.</p>
<p><code id="api-key" style="font-size:1.2em;user-select:all">{{ key }}</code></p>
<p>Send it as <code>Authorization: Bearer {{ key_hint }}…</code>.
{% if token.can_ingest %}It may send articles.{% endif %}</p>
<p><a href="{{ list_url }}">Back to the API tokens</a></p>
{% endblock %}"""
)


class ApiTokenCreationForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ("user", "name", "can_ingest")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "can_ingest", "created_at", "created_by", "last_used_at", "state")
    list_filter = ("can_ingest", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user", "created_by", "revoked_by")
    actions = ("revoke",)
    readonly_fields = (
        "user",
        "name",
        "prefix",
        "can_ingest",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ApiTokenCreationForm.Meta.fields

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # shown read-only: a token is revoked, never edited

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the record of who could call the API stays

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("factcheck.change_apitoken"))

    @admin.display(description="State")
    def state(self, obj: ApiToken) -> str:
        if obj.revoked_at is None:
            return "Active"
        return format_html("Revoked {:%Y-%m-%d %H:%M} by {}", obj.revoked_at, obj.revoked_by or "—")

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user
            request._new_api_key = give_key(obj)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue: str | None = None) -> HttpResponse:
        key = getattr(request, "_new_api_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, f"API token “{obj.name}” created for {obj.user}. Copy its key below.")
        context = {
            **self.admin_site.each_context(request),
            "title": "Copy the new key",
            "token": obj,
            "key": key,
            "key_hint": key[:8],
            "list_url": reverse("admin:factcheck_apitoken_changelist"),
        }
        response = HttpResponse(KEY_ONCE.render(RequestContext(request, context)))
        response["Cache-Control"] = "no-store"  # the key must not stay in a cache
        return response

    @admin.action(description="Revoke the selected tokens", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = revoke_tokens(queryset, request.user)
        self.message_user(request, f"{count} token{'s' if count != 1 else ''} revoked.", messages.SUCCESS)
