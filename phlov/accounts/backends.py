"""The sign-in backend: Django's own, with the user of each request read with its organisation
and the id of its confirmed TOTP device."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from phlov.accounts.models import User


class UserBackend(ModelBackend):
    """Every audited request names the actor's organisation in its audit event, and every
    request of a user with a second factor checks that the session's device still exists and is
    confirmed: reading both with the user saves two statements on each such request
    (``accounts.middleware.OTPMiddleware`` uses the device id)."""

    def get_user(self, user_id: Any) -> User | None:
        first_device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk")
        try:
            user = (
                User._default_manager.select_related("organisation")
                .annotate(confirmed_totp_id=Subquery(first_device.values("pk")[:1]))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
