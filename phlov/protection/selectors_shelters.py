"""Reads of shelters: occupancy and waiting list per shelter, and stays longer than usual
(``usual_stay_max_months`` in ``data/shelters.json``) that wait for a review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from phlov.protection import servicedata
from phlov.protection.closure import add_months
from phlov.protection.models import Shelter, ShelterStay, StayStatus
from phlov.protection.policies_services import ShelterPolicy, ShelterStayPolicy

FILE = "shelters.json"


def visible_shelters(actor: Any) -> QuerySet[Shelter]:
    return ShelterPolicy().restrict(actor).select_related("province", "organisation")


def shelters_to_choose() -> QuerySet[Shelter]:
    """Open shelters of every organisation, for a caseworker asking for a place: a shelter's
    name, place and capacity are directory information, like a place name; who stays there
    is not (stays go through ``ShelterStayPolicy``)."""

    return Shelter.objects.filter(is_active=True).select_related("organisation", "province")


def visible_stays(actor: Any) -> QuerySet[ShelterStay]:
    return ShelterStayPolicy().restrict(actor).select_related("shelter", "case", "case__person")


@dataclass(frozen=True)
class Occupancy:
    shelter: Shelter
    occupied: int
    waiting: int

    @property
    def free(self) -> int:
        return max(self.shelter.capacity - self.occupied, 0)

    @property
    def full(self) -> bool:
        return self.occupied >= self.shelter.capacity

    @property
    def percent(self) -> int:
        return round(100 * self.occupied / self.shelter.capacity) if self.shelter.capacity else 0


def occupancy(actor: Any) -> list[Occupancy]:
    shelters = visible_shelters(actor).annotate(
        n_admitted=Count("stays", filter=Q(stays__status=StayStatus.ADMITTED)),
        n_waiting=Count("stays", filter=Q(stays__status=StayStatus.WAITING)),
    )
    return [Occupancy(s, s.n_admitted, s.n_waiting) for s in shelters]


def waiting_list(actor: Any, shelter: Shelter | None = None) -> QuerySet[ShelterStay]:
    qs = visible_stays(actor).filter(status=StayStatus.WAITING)
    if shelter is not None:
        qs = qs.filter(shelter=shelter)
    return qs.order_by("requested_on", "pk")


def current_stays(actor: Any, shelter: Shelter | None = None) -> QuerySet[ShelterStay]:
    qs = visible_stays(actor).filter(status=StayStatus.ADMITTED)
    if shelter is not None:
        qs = qs.filter(shelter=shelter)
    return qs.order_by("admitted_on", "pk")


def usual_stay() -> tuple[int, int, str]:
    """The usual length of a stay in months (from, to) with its source."""

    return (
        int(servicedata.setting(FILE, "usual_stay_min_months")),
        int(servicedata.setting(FILE, "usual_stay_max_months")),
        servicedata.setting_source(FILE, "usual_stay_min_months"),
    )


def long_stays(
    actor: Any, today: datetime.date | None = None, shelter: Shelter | None = None
) -> QuerySet[ShelterStay]:
    """Current stays longer than the usual maximum that were not reviewed recently."""

    day = today or datetime.date.today()
    _, longest, _ = usual_stay()
    every = int(servicedata.setting(FILE, "long_stay_review_every_months"))
    qs = current_stays(actor, shelter).filter(admitted_on__lt=add_months(day, -longest))
    return qs.filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lte=add_months(day, -every)))
