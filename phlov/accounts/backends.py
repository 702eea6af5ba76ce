"""The sign-in backend: Django's own, with the user of each request read with its organisation."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from phlov.accounts.models import User


class UserBackend(ModelBackend):
    """Every audited request names the actor's organisation in its audit event: reading it
    with the user (one join) saves a statement on each of those requests."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
