"""Reads of repatriation: a case's repatriations, overdue steps, and the time from
identification abroad to return (a measure statistics uses)."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phlov.protection.models import Repatriation, RepatriationStep
from phlov.protection.policies_services import RepatriationPolicy, RepatriationStepPolicy
from phlov.protection.stages import Stage


def visible_repatriations(actor: Any) -> QuerySet[Repatriation]:
    return RepatriationPolicy().restrict(actor).select_related("case", "case__person", "host_country")


def overdue_steps(
    actor: Any, today: datetime.date | None = None, mine: bool = False
) -> QuerySet[RepatriationStep]:
    """Steps past their due date and not done, on open cases (the caseworker's home list)."""

    qs = (
        RepatriationStepPolicy()
        .restrict(actor)
        .filter(done_on__isnull=True, due_on__lt=today or datetime.date.today())
        .exclude(repatriation__case__stage=Stage.CLOSED)
    )
    if mine:
        qs = qs.filter(repatriation__case__caseworker=actor)
    return qs.select_related("repatriation", "repatriation__case", "repatriation__case__person").order_by(
        "due_on", "pk"
    )


@dataclass(frozen=True)
class ReturnTimes:
    """Days from identification abroad to hand-over, for the repatriations that returned."""

    days: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.days) if self.days else None


def return_times(
    actor: Any, since: datetime.date | None = None, until: datetime.date | None = None, country: str = ""
) -> ReturnTimes:
    """Time from identification to return, over the repatriations the actor may see whose
    hand-over falls in [since, until]; ``country`` narrows to a host country (ISO alpha-2)."""

    qs = visible_repatriations(actor).filter(handover_on__isnull=False)
    if since:
        qs = qs.filter(handover_on__gte=since)
    if until:
        qs = qs.filter(handover_on__lte=until)
    if country:
        qs = qs.filter(host_country__code=country)
    pairs = qs.values_list("identified_on", "handover_on")
    return ReturnTimes(tuple(sorted((h - i).days for i, h in pairs if h is not None)))
