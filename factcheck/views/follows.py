"""Following sources and speakers: the button on the claim page, and "What I follow".

Any reader (editor, viewer, staff) may follow: a follow is theirs alone, changes nothing
others see, and only chooses what their daily digest tells them about. Webhooks, which
reach outside systems, are for admins (in Django admin).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import trigger_client_event

from factcheck import alerts, track_record
from factcheck.models import Claim, Follow, Source, Speaker

from .access import can_read
from .common import redirect_back, safe_next

FOLLOWS_CHANGED = "follows-changed"


def _reader(request: HttpRequest) -> None:
    if not can_read(request):
        raise PermissionDenied("Only editors and viewers can follow sources and speakers.")


def button(request: HttpRequest, target: Source | Speaker, following: bool, return_to: str) -> dict[str, Any]:
    """What the follow button partial needs for one source or speaker."""
    kind = "source" if isinstance(target, Source) else "speaker"
    return {
        "kind": kind,
        "target": target,
        "following": following,
        "action_url": reverse(f"follow-{kind}", args=[target.pk]),
        "record_url": reverse(f"{kind}-record", args=[target.pk]),
        "return_to": return_to,
    }


def claim_buttons(request: HttpRequest, claim: Claim) -> dict[str, Any]:
    """The claim page's follow buttons for its source and speaker: one query."""
    if not can_read(request):
        return {}
    condition = Q(source_id=claim.source_id)
    if claim.speaker_id:
        condition |= Q(speaker_id=claim.speaker_id)
    followed = set(Follow.objects.filter(condition, user=request.user).values_list("source_id", "speaker_id"))
    here = claim.get_absolute_url()
    context = {
        "follow_source": button(request, claim.article.source, (claim.source_id, None) in followed, here),
    }
    if claim.speaker is not None:
        context["follow_speaker"] = button(request, claim.speaker, (None, claim.speaker_id) in followed, here)
    return context


def _toggle(request: HttpRequest, target: Source | Speaker) -> HttpResponse:
    action = request.POST.get("action")
    if action not in ("follow", "unfollow"):
        message = "Choose follow or unfollow."
        if request.htmx:
            return HttpResponse(message, status=400)
        messages.error(request, message)
        return redirect_back(request, reverse("follow-list"))
    if action == "follow":
        alerts.follow(request.user, target)
        done = f"You follow {target}: new conflicts on it come in your daily digest."
    else:
        alerts.unfollow(request.user, target)
        done = f"You no longer follow {target}."
    if request.htmx:
        context = button(request, target, action == "follow", safe_next(request, ""))
        response = render(request, "follows.html#follow-button", {"b": context, "message": done})
        return trigger_client_event(response, FOLLOWS_CHANGED)
    messages.success(request, done)
    return redirect_back(request, reverse("follow-list"))


@require_POST
def follow_source(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _toggle(request, get_object_or_404(Source, pk=pk))


@require_POST
def follow_speaker(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _toggle(request, get_object_or_404(Speaker, pk=pk))


@require_safe
def follow_list(request: HttpRequest) -> HttpResponse:
    """What I follow: each with its last 30 days' record (one query for all) and an unfollow button."""
    _reader(request)
    follows = list(Follow.objects.filter(user=request.user).select_related("source", "speaker"))
    counts = track_record.recent_counts(
        {f.source_id for f in follows if f.source_id}, {f.speaker_id for f in follows if f.speaker_id}
    )
    here = reverse("follow-list")
    rows = []
    for one in follows:
        target = one.source or one.speaker
        assert target is not None  # the check constraint: exactly one of the two
        key = ("source", target.pk) if one.source_id else ("speaker", target.pk)
        rows.append(
            {
                "follow": one,
                "tally": counts.get(key, track_record.Tally()),
                "button": button(request, target, True, here),
            }
        )
    context = {
        "sources": [r for r in rows if r["follow"].source_id],
        "speakers": [r for r in rows if r["follow"].speaker_id],
        "days": track_record.RECENT_DAYS,
    }
    return render(request, "follows.html", context)
