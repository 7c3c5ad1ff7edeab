"""Telling the newsroom about new conflicts: follows, the daily digest, webhooks.

A reader follows a source or a speaker (``follow`` / ``unfollow``); a new conflict that
involves what someone follows reaches them in the next daily digest (``digest``) and, for
admin-managed webhooks, at once (``webhooks``). Who follows what is decided here; the
mail and the HTTP deliveries live in the submodules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from factcheck.models import Conflict, Follow, Source, Speaker


def follow(user: Any, target: Source | Speaker) -> tuple[Follow, bool]:
    """``user`` follows ``target``; (the follow, whether it is new). Following twice is one follow."""
    field = "source" if isinstance(target, Source) else "speaker"
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(user=user, **{field: target})
    except IntegrityError:  # the same follow, made at the same moment by another request
        return Follow.objects.get(user=user, **{field: target}), False


def unfollow(user: Any, target: Source | Speaker) -> bool:
    """``user`` no longer follows ``target``; whether they did. Deleted one by one, so the
    audit log records who stopped following what, and when."""
    field = "source" if isinstance(target, Source) else "speaker"
    found = list(Follow.objects.filter(user=user, **{field: target}))
    for one in found:
        one.delete()
    return bool(found)


def follows_of(user: Any) -> tuple[set[int], set[int]]:
    """(source ids, speaker ids) ``user`` follows."""
    sources: set[int] = set()
    speakers: set[int] = set()
    for source_id, speaker_id in Follow.objects.filter(user=user).values_list("source_id", "speaker_id"):
        if source_id:
            sources.add(source_id)
        if speaker_id:
            speakers.add(speaker_id)
    return sources, speakers


def involving(conflicts: Any, sources: Iterable[int], speakers: Iterable[int]) -> Any:
    """Those of ``conflicts`` with a member figure from one of ``sources`` or said by one of ``speakers``."""
    sources, speakers = set(sources), set(speakers)
    if not sources and not speakers:
        return conflicts.none()
    through = Conflict.members.through.objects
    matching = through.filter(
        Q(figure__claim__source_id__in=sources) | Q(figure__claim__speaker_id__in=speakers)
    ).values("conflict_id")
    return conflicts.filter(pk__in=matching)


def conflict_parties(conflict_ids: Iterable[int]) -> dict[int, tuple[set[int], set[int]]]:
    """For each conflict: (source ids, speaker ids) of its member figures' claims, in one query."""
    parties: dict[int, tuple[set[int], set[int]]] = {}
    rows = Conflict.members.through.objects.filter(conflict_id__in=list(conflict_ids)).values_list(
        "conflict_id", "figure__claim__source_id", "figure__claim__speaker_id"
    )
    for conflict_id, source_id, speaker_id in rows:
        sources, speakers = parties.setdefault(conflict_id, (set(), set()))
        sources.add(source_id)
        if speaker_id:
            speakers.add(speaker_id)
    return parties
