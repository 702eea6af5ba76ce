"""Re-trafficking: alert the earlier caseworker when a person with a case turns up again, and
the re-trafficking rate.

A person's records are the person, the record they were merged into and every record merged
into that one (merges point at the survivor, ``Person.merged_into``). A new case for any of
them, a merge that joins records with cases, or a migrant-worker registration (``migration.Worker``), or
(``check_record``, for other modules) a returnee record, raises an alert on each earlier case: its caseworker is notified, the new case is
marked as a possible re-trafficking until someone confirms or dismisses it.

The rate (for statistics): persons with a case opened after an earlier case of theirs was
closed, over persons with a closed case.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.notifications.models import Notification
from phlov.notifications.services import notify
from phlov.people.models import Person
from phlov.protection.models import Case, RetraffickingAlert
from phlov.protection.models.retrafficking import AlertSource, AlertStatus
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import RetraffickingAlertPolicy


def person_ids(person_id: int) -> set[int]:
    """The ids of every record of this person (through merges)."""

    root = Person.objects.filter(pk=person_id).values_list("merged_into_id", flat=True).first() or person_id
    return {root, *Person.objects.filter(merged_into_id=root).values_list("pk", flat=True)}


def _earlier(case: Case) -> QuerySet[Case]:
    return (
        Case.objects.filter(person_id__in=person_ids(case.person_id))
        .exclude(pk=case.pk)
        .filter(Q(opened_on__lt=case.opened_on) | Q(opened_on=case.opened_on, pk__lt=case.pk))
    )


def _raise(
    *, earlier: Case, case: Case | None, source: str, actor: Any, source_ref: str = ""
) -> RetraffickingAlert | None:
    alert, created = RetraffickingAlert.objects.get_or_create(
        case=case, earlier_case=earlier, source_ref=source_ref,
        defaults={"source": source, "raised_at": timezone.now(), "alerted": earlier.caseworker},
    )  # fmt: skip
    if not created:
        return None
    record(
        actor=actor, action="protection.retrafficking_alert", obj=earlier,
        detail={"alert": alert.pk, "new_case": case.pk if case else None, "source": source},
    )  # fmt: skip
    recipients = [earlier.caseworker] if earlier.caseworker else CasePolicy().responsible_users(earlier)
    notify(
        recipients=recipients,
        subject=_("A person from one of your cases may have been trafficked again"),
        link=reverse("protection:case", args=[case.pk if case else earlier.pk]),
        kind=Notification.Kind.ALERT,
    )
    return alert


def check_case(
    case: Case, *, actor: Any = None, source: str = AlertSource.NEW_CASE
) -> list[RetraffickingAlert]:
    """Alert on every earlier case of the person of ``case``; returns the new alerts."""

    with transaction.atomic():
        made = [_raise(earlier=e, case=case, source=source, actor=actor) for e in _earlier(case)]
    return [a for a in made if a is not None]


def check_record(
    *, person: Person, source: str, source_ref: str, actor: Any = None
) -> list[RetraffickingAlert]:
    """For a returnee or migrant-worker record of ``person`` (no case of its own yet)."""

    if source not in (AlertSource.RETURNEE, AlertSource.WORKER_RECORD):
        raise ValueError(source)
    with transaction.atomic():
        made = [
            _raise(earlier=e, case=None, source=source, actor=actor, source_ref=source_ref)
            for e in Case.objects.filter(person_id__in=person_ids(person.pk))
        ]
    return [a for a in made if a is not None]


def check_person(person_id: int, *, actor: Any = None) -> list[RetraffickingAlert]:
    """After records were merged: every case of the person against the cases before it."""

    made: list[RetraffickingAlert] = []
    for case in Case.objects.filter(person_id__in=person_ids(person_id)).order_by("opened_on", "pk"):
        made += check_case(case, actor=actor, source=AlertSource.MERGE)
    return made


def _on_person_saved(sender: Any, instance: Person, created: bool, **kwargs: Any) -> None:
    # A merge points the duplicate at the survivor; linkage knows nothing of cases (the layer
    # rule), so protection listens. Alerts are unique, so a later save raises nothing twice.
    # The merge's own audit event names who merged; these alerts are the system's.
    if instance.merged_into_id and not kwargs.get("raw"):
        check_person(instance.merged_into_id)


def _on_worker_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # A migrant-worker registration for a person with a case: the earlier caseworker should know
    # before the person leaves again. Records loaded from published tables stand for counts.
    if created and not kwargs.get("raw") and not getattr(instance, "historical_source", ""):
        check_record(
            person=instance.person,
            source=AlertSource.WORKER_RECORD,
            source_ref=f"migration.worker:{instance.pk}",
        )


def connect() -> None:
    post_save.connect(_on_person_saved, sender=Person, dispatch_uid="protection.retrafficking.merge")
    post_save.connect(
        _on_worker_saved, sender="migration.Worker", dispatch_uid="protection.retrafficking.worker"
    )


def decide(*, actor: Any, alert: RetraffickingAlert, confirmed: bool, note: str = "") -> RetraffickingAlert:
    if not RetraffickingAlertPolicy().can(actor, Action.CHANGE, alert):
        raise PermissionDenied
    if alert.status != AlertStatus.OPEN:
        raise ValidationError(_("This alert was already decided."))
    if not confirmed and not note.strip():
        raise ValidationError({"note": _("Say why this is not a re-trafficking.")})
    with transaction.atomic():
        alert.status = AlertStatus.CONFIRMED if confirmed else AlertStatus.DISMISSED
        alert.decided_by, alert.decided_at, alert.note = actor, timezone.now(), note.strip()
        alert.save()
        record(actor=actor, action="protection.retrafficking_alert", obj=alert.earlier_case, reason=note.strip(),
               detail={"alert": alert.pk, "status": alert.status})  # fmt: skip
    return alert


# -- reads -------------------------------------------------------------------------------------


def alerts_of_case(actor: Any, case: Case) -> QuerySet[RetraffickingAlert]:
    # Nearly every case has none: the alert's own columns only, so the statement is cheap to
    # build; the cases of the few there are, when shown, are read then.
    return RetraffickingAlertPolicy().of_case(actor, case)


def open_alerts(actor: Any, mine: bool = False) -> QuerySet[RetraffickingAlert]:
    qs = RetraffickingAlertPolicy().restrict(actor).filter(status=AlertStatus.OPEN)
    if mine:
        qs = qs.filter(Q(alerted=actor) | Q(earlier_case__caseworker=actor))
    return qs.select_related("case", "case__person", "earlier_case")


@dataclass(frozen=True)
class Rate:
    retrafficked: int  # persons with a case opened after an earlier one was closed
    with_closed_case: int  # persons with a closed case

    @property
    def rate(self) -> float | None:
        return self.retrafficked / self.with_closed_case if self.with_closed_case else None


def retrafficking_rate(
    actor: Any = None, since: datetime.date | None = None, until: datetime.date | None = None
) -> Rate:
    """The re-trafficking rate over the cases the actor may see (all cases when ``actor`` is
    None, for a statistics job that applies its own disclosure rules). ``since``/``until``
    narrow the earlier case's closing date."""

    cases = CasePolicy().restrict(actor) if actor is not None else Case.objects.all()
    rows = list(cases.values_list("person_id", "person__merged_into_id", "opened_on", "closed_on"))
    by_person: dict[int, list[tuple[datetime.date, datetime.date | None]]] = {}
    for person_id, merged_into, opened, closed in rows:
        by_person.setdefault(merged_into or person_id, []).append((opened, closed))
    retrafficked = closed_persons = 0
    for cases_of in by_person.values():
        closings = [c for _, c in cases_of if c is not None and (since is None or c >= since)
                    and (until is None or c <= until)]  # fmt: skip
        if not closings:
            continue
        closed_persons += 1
        first_closed = min(closings)
        if any(opened > first_closed for opened, _ in cases_of):
            retrafficked += 1
    return Rate(retrafficked, closed_persons)
