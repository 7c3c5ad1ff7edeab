"""Roles are groups: Editors review claims, Viewers read. Staff use Django admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

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
