"""Small helpers shared by the views: safe redirects and htmx response shapes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event

from factcheck.forms import MAX_ID

QUEUE_CHANGED = "queue-changed"
STORY_CHANGED = "story-changed"


def whole_number(raw: str | None, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An id or version sent by a form or link: ASCII digits in range, else None.

    ``str.isdigit()`` is not enough: ``"²".isdigit()`` is true and ``int("²")`` fails, while
    ``int("١٢")`` is 12, so a number no page of ours sends would be taken as one.

    >>> whole_number("42"), whole_number("²"), whole_number("-1"), whole_number("9" * 40)
    (42, None, None, None)
    """
    if not raw or len(raw) > len(str(maximum)) or not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if minimum <= number <= maximum else None


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
