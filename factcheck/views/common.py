"""Small helpers shared by the views: safe redirects and htmx response shapes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event

QUEUE_CHANGED = "queue-changed"
STORY_CHANGED = "story-changed"


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` the form carried, if it points back into this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next(request, default))


def queue_changed(response: HttpResponse) -> HttpResponse:
    """Tell every listener (the status counters) that claims changed."""
    return trigger_client_event(response, QUEUE_CHANGED)


def story_changed(response: HttpResponse) -> HttpResponse:
    """Tell the story page's listeners (summary, fact table, history) to load themselves again."""
    return trigger_client_event(response, STORY_CHANGED)


def htmx_target(request: HttpRequest) -> str:
    """The id htmx will swap into, or "" for a plain request or a history restore."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return ""
    return htmx.target or ""
