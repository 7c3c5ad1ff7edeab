"""Who may read and who may change claims: the checks every view starts from.

Editors review; viewers (and staff) read; any other signed-in user sees nothing.
The checks return querysets so each view's query already carries the permission.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from factcheck.accounts import is_editor, is_viewer
from factcheck.models import Article, Claim, ClaimQuerySet, Conflict, Story


def can_edit(request: HttpRequest) -> bool:
    """Memoised per request: templates and views ask more than once."""
    if not hasattr(request, "_can_edit"):
        request._can_edit = is_editor(request.user)  # type: ignore[attr-defined]
    return request._can_edit  # type: ignore[attr-defined]


def can_read(request: HttpRequest) -> bool:
    return can_edit(request) or request.user.is_staff or is_viewer(request.user)


def readable_claims(request: HttpRequest) -> ClaimQuerySet:
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can see the review queue.")
    return Claim.objects.all()


def editable_claims(request: HttpRequest) -> ClaimQuerySet:
    if not can_edit(request):
        raise PermissionDenied("Only editors can review claims.")
    return Claim.objects.all()


def readable_articles(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can read articles.")
    return Article.objects.all()


def editable_articles(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not can_edit(request):
        raise PermissionDenied("Only editors can move articles between stories.")
    return Article.objects.all()


def readable_stories(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can see stories.")
    return Story.objects.all()


def editable_stories(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not can_edit(request):
        raise PermissionDenied("Only editors can merge stories.")
    return Story.objects.all()


def editable_findings(request: HttpRequest):  # type: ignore[no-untyped-def]
    if not can_edit(request):
        raise PermissionDenied("Only editors can decide on findings.")
    return Conflict.objects.all()
