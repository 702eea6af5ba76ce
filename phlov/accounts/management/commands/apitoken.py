"""``phlov apitoken USER``: issue (or replace) a user's API token and show it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Issue a new API token for a user (any earlier token of theirs stops working)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="remove the user's token and issue none")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        with transaction.atomic():
            Token.objects.filter(user=user).delete()
            if options["revoke"]:
                self.stdout.write(f"API token of {user.username} revoked.")
                return
            token = Token.objects.create(user=user)
        self.stdout.write(f"API token for {user.username} (shown once): {token.key}")
        self.stdout.write("Send it as the header 'Authorization: Token <token>'.")
