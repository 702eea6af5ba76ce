"""Reads of referrals: a case's referrals, incoming and outgoing ones, and open referrals by
age (those past the waiting times in ``data/referrals.json`` are flagged as ageing)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from phlov.core.policies import grants_of
from phlov.protection import servicedata
from phlov.protection.models import Referral, ReferralKind, ReferralStatus
from phlov.protection.policies_services import ReferralPolicy

FILE = "referrals.json"


def visible_referrals(actor: Any) -> QuerySet[Referral]:
    return (
        ReferralPolicy()
        .restrict(actor)
        .select_related("case", "case__person", "from_organisation", "to_organisation", "sent_by")
    )


def _open() -> Q:
    return Q(status=ReferralStatus.SENT) | Q(status=ReferralStatus.ACCEPTED, kind=ReferralKind.REFERRAL)


def incoming(actor: Any) -> QuerySet[Referral]:
    paths = [g.organisation_path for g in grants_of(actor) if g.allows("protection.referral:view")]
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(to_organisation__path__startswith=path)
    return visible_referrals(actor).filter(q)


@dataclass(frozen=True)
class Ageing:
    referral: Referral
    days: int
    limit: int

    @property
    def is_ageing(self) -> bool:
        return self.days > self.limit


def waiting_limits() -> dict[str, tuple[int, str]]:
    return {
        ReferralStatus.SENT: (
            int(servicedata.setting(FILE, "answer_within_days")),
            servicedata.setting_source(FILE, "answer_within_days"),
        ),
        ReferralStatus.ACCEPTED: (
            int(servicedata.setting(FILE, "complete_within_days")),
            servicedata.setting_source(FILE, "complete_within_days"),
        ),
    }


def ageing(actor: Any, now: datetime.datetime | None = None, only_ageing: bool = False) -> list[Ageing]:
    """Open referrals the actor sees, oldest first, with their age in days: a sent one since it
    was sent, an accepted one since it was accepted."""

    moment = now or timezone.now()
    limits = waiting_limits()
    rows = []
    for referral in visible_referrals(actor).filter(_open()).order_by("sent_at", "pk"):
        since = referral.answered_at if referral.status == ReferralStatus.ACCEPTED else referral.sent_at
        row = Ageing(referral, (moment - (since or referral.sent_at)).days, limits[referral.status][0])
        if row.is_ageing or not only_ageing:
            rows.append(row)
    rows.sort(key=lambda r: (not r.is_ageing, -r.days))
    return rows
