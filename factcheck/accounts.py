"""Roles are groups: Editors review claims, Viewers read. Staff use Django admin.

Logins are throttled by django-axes (see settings); its lockout page and the client
address it counts by are defined here.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

EDITORS = "Editors"
VIEWERS = "Viewers"


def ensure_groups() -> None:
    """Create the role groups (idempotent); editors get the claim review permission."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    Group.objects.get_or_create(name=VIEWERS)
    review = Permission.objects.filter(content_type__app_label="factcheck", codename="change_claim").first()
    if review:
        editors.permissions.add(review)


def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.groups.filter(name=EDITORS).exists()))


def is_viewer(user: Any) -> bool:
    return bool(
        user.is_authenticated and (is_editor(user) or user.groups.filter(name=VIEWERS).exists() or user.is_staff)
    )


def client_ip(request: HttpRequest) -> str | None:
    """The address a login came from, for counting failures per address.

    Behind ``TRUSTED_PROXY_COUNT`` proxies it is the address the outermost of them saw:
    X-Forwarded-For read from the right, where each proxy appends and a client cannot
    write. Anything that is not an address falls back to REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page a locked-out login gets instead of the form: why, for how long, whom to ask."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
