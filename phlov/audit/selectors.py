"""Reading the audit trail: only the events the acting user's grants reach."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phlov.audit.models import AuditEvent
from phlov.core.policies import Action, policy_for

FILTERS = ("actor", "action", "object_type", "object_id", "date_from", "date_to")


def _start_of(day: dt.date) -> dt.datetime:
    # Days are Phnom Penh days (TIME_ZONE); a range on ``at`` keeps the index in use.
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_for(
    *, actor: Any, filters: Mapping[str, Any] | None = None, action: str = Action.VIEW
) -> QuerySet[AuditEvent]:
    """Events ``actor`` may ``action`` (view or export), filtered, newest first.

    ``filters`` are the cleaned values of the filter form (:data:`FILTERS`); empty ones are
    ignored. The user name matches in part and ignoring case, the rest exactly.
    """

    filters = filters or {}
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown audit filters: {sorted(unknown)}")
    qs = policy_for(AuditEvent).restrict(actor, action=action)
    if filters.get("actor"):
        qs = qs.filter(actor_username__icontains=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("object_type"):
        qs = qs.filter(object_type=str(filters["object_type"]).lower())
    if filters.get("object_id"):
        qs = qs.filter(object_id=str(filters["object_id"]))
    if filters.get("date_from"):
        qs = qs.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(at__lt=_start_of(filters["date_to"] + dt.timedelta(days=1)))
    return qs.order_by("-seq")
