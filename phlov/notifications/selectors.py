from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from phlov.notifications.models import Notification


def notifications_for(*, actor: Any, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    return qs.filter(read_at__isnull=True) if unread_only else qs
