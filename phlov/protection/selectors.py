"""Reads of the protection module; each takes the acting user and returns only what they may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet

from phlov.core.policies import Action
from phlov.protection.models import Case, FollowUpVisit, Screening, StageChange
from phlov.protection.policies import (
    CasePolicy,
    FollowUpVisitPolicy,
    ScreeningPolicy,
    StageChangePolicy,
)
from phlov.protection.stages import Stage


def visible_cases(actor: Any, action: str = Action.VIEW) -> QuerySet[Case]:
    return CasePolicy().restrict(actor, action=action).select_related("person", "organisation", "caseworker")


# What a list of cases shows (protection/_cases.html); the rest of the case, its caseworker
# (password hash included) and the person's other fields are left unread.
CASE_ROW_FIELDS = (
    "stage", "opened_on", "person_id", "organisation_id",
    "person__family_name_km", "person__given_name_km", "person__family_name_latin", "person__given_name_latin",
    "organisation__name_en", "organisation__name_km",
)  # fmt: skip


def case_rows(actor: Any) -> QuerySet[Case]:
    """The cases the actor may see, with only what a list of them shows."""

    return CasePolicy().restrict(actor).select_related("person", "organisation").only(*CASE_ROW_FIELDS)


def my_cases(actor: Any, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The actor's open cases, of ``cases`` (all they may see by default)."""

    return (
        (cases if cases is not None else visible_cases(actor))
        .filter(caseworker=actor)
        .exclude(stage=Stage.CLOSED)
    )


def visible_screenings(actor: Any) -> QuerySet[Screening]:
    return ScreeningPolicy().restrict(actor).select_related("person", "screened_by")


def overdue_visits(
    actor: Any, today: datetime.date | None = None, mine: bool = False
) -> QuerySet[FollowUpVisit]:
    """Scheduled visits past their due date and not yet made, on open cases."""

    qs = (
        FollowUpVisitPolicy()
        .restrict(actor)
        .filter(visited_on__isnull=True, due_on__lt=today or datetime.date.today())
        .exclude(case__stage=Stage.CLOSED)
    )
    if mine:
        qs = qs.filter(case__caseworker=actor)
    return qs.select_related("case", "case__person").order_by("due_on", "pk")


def due_visits(
    actor: Any, within_days: int = 14, today: datetime.date | None = None
) -> QuerySet[FollowUpVisit]:
    day = today or datetime.date.today()
    return (
        FollowUpVisitPolicy()
        .restrict(actor)
        .filter(
            visited_on__isnull=True, due_on__gte=day, due_on__lte=day + datetime.timedelta(days=within_days)
        )
        .filter(case__caseworker=actor)
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case", "case__person")
    )


def pending_changes(actor: Any) -> QuerySet[StageChange]:
    """Stage changes waiting for a decision, on the cases the actor may approve."""

    approvable = CasePolicy().restrict(actor, action="approve").values("pk")
    return (
        StageChangePolicy()
        .restrict(actor)
        .filter(status=StageChange.Status.PENDING, case__in=approvable)
        .select_related("case", "case__person", "requested_by")
    )
