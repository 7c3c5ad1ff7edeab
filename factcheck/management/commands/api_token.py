"""manage.py api_token USERNAME [--name NAME] [--ingest]: print a new API key for a user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck.api.tokens import issue_token


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print its key (only once: just its digest is kept). "
        "The token acts with the user's rights; --ingest also lets it send articles. Revoke it in admin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for, e.g. 'CMS robot'")
        parser.add_argument("--ingest", action="store_true", help="The token may send articles (POST /api/articles)")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: options["username"]})
        except user_model.DoesNotExist:
            raise CommandError(
                f"No user {options['username']!r}. Create them first (createsuperuser, or admin)."
            ) from None
        try:
            token, key = issue_token(user, options["name"], can_ingest=options["ingest"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        # The key alone on standard output, so a script can capture it; the rest on standard error.
        self.stdout.write(key)
        rights = " It may send articles." if token.can_ingest else ""
        self.stderr.write(
            f"API token {token.name!r} for {user.get_username()} ({token.prefix}…) created.{rights} "
            "Send it as 'Authorization: Bearer <key>'; it is not shown again."
        )
