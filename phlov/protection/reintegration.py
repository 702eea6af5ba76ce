"""Reintegration and follow-up (writes and reads): where the person goes, the money given at
reintegration, and the reminders for overdue follow-up visits (sent by
``phlov protection_reminders``). The follow-up schedule itself is made in ``workflow.py`` when a
case enters follow-up (``follow_up_interval_months`` x ``follow_up_visits`` in ``data/settings.json``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.notifications.models import Notification
from phlov.notifications.services import notify
from phlov.protection import vocab
from phlov.protection.models import Case, FinancialSupport, FollowUpVisit, Reintegration, VisitReminder
from phlov.protection.policies import CasePolicy, FinancialSupportPolicy, ReintegrationPolicy
from phlov.protection.stages import Stage

REINTEGRATION_FIELDS = (
    "destination", "place", "reintegrated_on", "cost_food", "cost_rent", "cost_family_support", "notes",
)  # fmt: skip
SUPPORT_FIELDS = ("kind", "amount", "given_on", "months", "description")


def _may_change(actor: Any, case: Case) -> None:
    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied


def record_reintegration(*, actor: Any, case: Case, **fields: Any) -> Reintegration:
    _may_change(actor, case)
    unknown = set(fields) - set(REINTEGRATION_FIELDS)
    if unknown:
        raise ValueError(f"not reintegration fields: {sorted(unknown)}")
    reintegration = Reintegration(case=case, recorded_by=actor, **fields)
    with transaction.atomic():
        reintegration.full_clean()
        reintegration.save()
        record(actor=actor, action="create", obj=reintegration,
               detail={"case": case.pk, "destination": reintegration.destination})  # fmt: skip
    return reintegration


def give_support(*, actor: Any, case: Case, **fields: Any) -> FinancialSupport:
    _may_change(actor, case)
    unknown = set(fields) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"not support fields: {sorted(unknown)}")
    support = FinancialSupport(case=case, recorded_by=actor, **fields)
    if support.amount is not None and support.amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    with transaction.atomic():
        support.full_clean()
        support.save()
        record(actor=actor, action="create", obj=support,
               detail={"case": case.pk, "kind": support.kind, "amount": str(support.amount)})  # fmt: skip
    return support


def visible_reintegrations(actor: Any) -> QuerySet[Reintegration]:
    return ReintegrationPolicy().restrict(actor).select_related("place")


def visible_support(actor: Any) -> QuerySet[FinancialSupport]:
    return FinancialSupportPolicy().restrict(actor)


def living_costs(case: Case) -> dict[str, Any]:
    """The monthly costs expected at the last reintegration: the starting values of a visit's income check."""

    last = case.reintegrations.order_by("-reintegrated_on", "-pk").first()
    if last is None:
        return {}
    costs = {
        "cost_food": last.cost_food,
        "cost_rent": last.cost_rent,
        "cost_family_support": last.cost_family_support,
    }
    return {k: v for k, v in costs.items() if v is not None}


# --- reminders -----------------------------------------------------------------------------------


def overdue_for_reminder(today: datetime.date) -> QuerySet[FollowUpVisit]:
    """Every overdue visit on an open case with a caseworker (the system's view, for the reminder job)."""

    return (
        FollowUpVisit.objects.filter(
            visited_on__isnull=True, due_on__lt=today, case__caseworker__isnull=False
        )
        .exclude(case__stage=Stage.CLOSED)
        .select_related("case", "case__caseworker")
        .order_by("case__caseworker_id", "due_on", "pk")
    )


def send_reminders(*, today: datetime.date | None = None) -> list[VisitReminder]:
    """Remind each caseworker of their overdue visits: one notice per caseworker listing them, again
    after ``reminder_repeat_days`` while a visit stays overdue. Run daily (``phlov protection_reminders``)."""

    day = today or datetime.date.today()
    repeat = int(vocab.setting("reminder_repeat_days"))
    recent = set(
        VisitReminder.objects.filter(sent_on__gt=day - datetime.timedelta(days=repeat)).values_list(
            "visit_id", flat=True
        )
    )
    by_worker: dict[Any, list[FollowUpVisit]] = {}
    workers: dict[int | None, Any] = {}  # one object per caseworker: their grants are computed once
    for visit in overdue_for_reminder(day):
        worker: Any = workers.setdefault(visit.case.caseworker_id, visit.case.caseworker)
        if visit.pk in recent or worker is None or not worker.is_active:
            continue
        # The caseworker may since have lost access to the case: remind only what they may change.
        if not CasePolicy().can(worker, Action.CHANGE, visit.case):
            continue
        by_worker.setdefault(worker, []).append(visit)
    made: list[VisitReminder] = []
    for worker, visits in by_worker.items():
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            notify(
                recipients=[worker],
                kind=Notification.Kind.REMINDER,
                subject=_("%(count)d follow-up visits are overdue") % {"count": len(visits)},
                body="\n".join(
                    _("Visit due on %(day)s (case %(case)s)")
                    % {"day": v.due_on.isoformat(), "case": v.case_id}
                    for v in visits
                ),
                link=reverse("protection:my_work"),
            )
            batch = VisitReminder.objects.bulk_create(
                VisitReminder(visit=v, sent_on=day, recipient=worker) for v in visits
            )
            record(actor=None, action="protection.visit_reminder", organisation=worker.organisation,
                   detail={"recipient": worker.pk, "visits": [v.pk for v in visits]})  # fmt: skip
            made.extend(batch)
    return made
