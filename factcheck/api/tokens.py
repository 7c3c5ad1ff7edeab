"""Per-user API keys: issued once, stored only as a SHA-256 digest, revoked with who and when.

A key is ``fcw_`` and 43 URL-safe characters (256 random bits); its first characters are
kept as ``prefix`` so an admin can tell tokens apart without the key.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from factcheck.models import ApiToken

KEY_PREFIX = "fcw_"
PREFIX_CHARS = 12
# ``last_used_at`` is written at most this often per token: a robot calling many times a
# second should not cost a write per call.
LAST_USED_EVERY = timedelta(minutes=1)


class TokenRefused(Exception):
    """A Bearer token that does not let anyone in; the message says why."""


def digest_of(key: str) -> str:
    """What is stored of a key: its SHA-256, in hex.

    >>> digest_of("fcw_x")[:12]
    'fdb86ced63dd'
    """
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: Any, name: str, *, can_ingest: bool = False, created_by: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``, and its key: the only time the key exists outside the caller."""
    name = name.strip()
    if not name:
        raise ValueError("Give the token a name (what it is for, e.g. 'CMS robot').")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValueError("The name is over 100 characters.")
    if not user.is_active:
        raise ValueError(f"User {user.get_username()!r} is deactivated: a token for them would not work.")
    token = ApiToken(user=user, name=name, can_ingest=can_ingest, created_by=created_by)
    key = give_key(token)
    token.save()
    return token, key


def give_key(token: ApiToken) -> str:
    """A fresh key for an unsaved token: its prefix and digest set, the key returned."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token.prefix, token.digest = key[:PREFIX_CHARS], digest_of(key)
    return key


def revoke_tokens(tokens: Any, by: Any) -> int:
    """Revoke the not yet revoked of ``tokens`` (a queryset), recording who and when."""
    with transaction.atomic():
        return int(tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_by=by))


def token_for_key(key: str) -> ApiToken:
    """The live token whose key this is, with its user; ``TokenRefused`` says why not."""
    key = key.strip()
    if not key:
        raise TokenRefused("Empty Bearer token: send Authorization: Bearer <your API key>.")
    if len(key) > 200 or not key.isascii():
        raise TokenRefused("Unknown API token.")
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
    if token is None:
        raise TokenRefused("Unknown API token: check the key, or ask an admin for a new one.")
    if token.revoked_at is not None:
        raise TokenRefused(
            f"This API token ({token.prefix}…) was revoked on {token.revoked_at:%Y-%m-%d %H:%M} UTC;"
            " ask an admin for a new one."
        )
    if not token.user.is_active:
        raise TokenRefused("This API token's user is deactivated.")
    note_use(token)
    return token


def note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
