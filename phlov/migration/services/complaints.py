"""Complaints (Prakas 249): lodged by anyone without an account, handled by complaints officers."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.migration.checks.base import param
from phlov.migration.models import Complaint, ComplaintEvent, ComplaintStatus
from phlov.migration.services.common import require
from phlov.notifications.services import notify

# No 0/O or 1/I: the reference is read aloud over the phone.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def hash_reference(reference: str) -> str:
    cleaned = "".join(ch for ch in reference.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest()


def new_reference() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receiving_organisation(agency: Any, province: Any = None) -> Organisation:
    """The licensing authority above the agency, else the ministry that licenses agencies, else the top
    ministry; and within it, the provincial department of the complainant's province where there is one
    (complaints are lodged at provincial departments and their Migrant Resource Centres)."""

    office: Organisation | None = None
    if agency is not None and agency.organisation.parent_id:
        office = agency.organisation.parent
    if office is None:
        licensing = Organisation.objects.filter(children__kind=OrganisationKind.RECRUITMENT_AGENCY)
        office = (
            Organisation.objects.filter(kind=OrganisationKind.MINISTRY, parent__isnull=True, pk__in=licensing)
            .order_by("pk")
            .first()
            or Organisation.objects.filter(kind=OrganisationKind.MINISTRY, parent__isnull=True)
            .order_by("pk")
            .first()
        )
    if office is None:
        raise ValidationError(_("No office receives complaints yet."))
    if province is not None:
        local = (
            Organisation.objects.filter(
                kind=OrganisationKind.PROVINCIAL_DEPARTMENT, province=province, path__startswith=office.path
            )
            .order_by("pk")
            .first()
        )
        if local is not None:
            return local
    return office


def lodge_complaint(*, actor: Any, data: Mapping[str, Any]) -> tuple[Complaint, str]:
    """Lodge a complaint; returns it and the reference, which is shown once and never stored."""

    reference = new_reference()
    complaint = Complaint(**dict(data), reference_hash=hash_reference(reference))
    complaint.organisation = receiving_organisation(complaint.agency, complaint.complainant_province)
    days = int(param("complaint_response_days"))
    complaint.due_by = timezone.localdate() + datetime.timedelta(days=days)
    complaint.full_clean()
    with transaction.atomic():
        complaint.save()
        record(actor=actor, action="create", obj=complaint, organisation=complaint.organisation)
    return complaint, reference


def status_for_reference(reference: str) -> str | None:
    """The status of the complaint with this reference (for the public follow-up): nothing else."""

    found = (
        Complaint.objects.filter(reference_hash=hash_reference(reference))
        .values_list("status", flat=True)
        .first()
    )
    return found


def acknowledge_complaint(*, actor: Any, complaint: Complaint) -> None:
    require(actor, Action.CHANGE, complaint)
    with transaction.atomic():
        complaint.status = ComplaintStatus.ACKNOWLEDGED
        complaint.acknowledged_at = timezone.now()
        complaint.save(update_fields=["status", "acknowledged_at", "updated_at"])
        record(actor=actor, action="update", obj=complaint, detail={"status": complaint.status})


# A step moves the complaint to this status.
STEP_STATUS = {
    ComplaintEvent.Kind.NOTE: ComplaintStatus.FACT_FINDING,
    ComplaintEvent.Kind.MEETING: ComplaintStatus.CONCILIATION,
    ComplaintEvent.Kind.AGREEMENT: ComplaintStatus.SETTLED,
    ComplaintEvent.Kind.PAYMENT: ComplaintStatus.PAID,
    ComplaintEvent.Kind.REFERRAL: ComplaintStatus.REFERRED,
}


def add_complaint_step(
    *,
    actor: Any,
    complaint: Complaint,
    kind: str,
    text: str = "",
    amount: Decimal | None = None,
    happened_on: datetime.date | None = None,
    close: bool = False,
) -> ComplaintEvent:
    require(actor, Action.CHANGE, complaint)
    with transaction.atomic():
        event = ComplaintEvent.objects.create(
            complaint=complaint, kind=kind, text=text, amount=amount, happened_on=happened_on, author=actor
        )
        if kind in STEP_STATUS:
            complaint.status = STEP_STATUS[ComplaintEvent.Kind(kind)]
        if kind == ComplaintEvent.Kind.AGREEMENT:
            complaint.compensation_agreed = amount
        if kind == ComplaintEvent.Kind.PAYMENT:
            complaint.compensation_paid = (complaint.compensation_paid or Decimal(0)) + (amount or Decimal(0))
        if close:
            complaint.status = ComplaintStatus.CLOSED
            complaint.closed_at = timezone.now()
        complaint.save()
        record(
            actor=actor,
            action="migration.complaint_step",
            obj=complaint,
            detail={"kind": kind, "status": complaint.status},
        )
    return event


def flag_for_trafficking_screening(*, actor: Any, complaint: Complaint, reason: str) -> None:
    """Trafficking indicators: flag the file and tell the police liaison officers over its office."""

    require(actor, Action.CHANGE, complaint)
    path = complaint.organisation.path
    liaisons = [
        user
        for user in User.objects.filter(is_active=True, assignments__role__code="police_liaison").distinct()
        if any(path.startswith(a.organisation.path) for a in user.active_assignments())
    ]
    with transaction.atomic():
        complaint.trafficking_flag = True
        complaint.save(update_fields=["trafficking_flag", "updated_at"])
        ComplaintEvent.objects.create(
            complaint=complaint, kind=ComplaintEvent.Kind.REFERRAL, text=reason, author=actor
        )
        notify(
            recipients=liaisons,
            subject=_("A migrant worker's complaint shows trafficking indicators"),
            body=reason,
            link=f"/migration/complaints/{complaint.pk}/",
            kind="alert",
        )
        record(actor=actor, action="migration.trafficking_flag", obj=complaint, reason=reason)


def link_person(*, actor: Any, complaint: Complaint, person: Any) -> None:
    """Link the worker in the registry (found or registered by the officer), so screening can start from it."""

    from phlov.core.policies import policy_for

    require(actor, Action.CHANGE, complaint)
    if not policy_for(person).can(actor, Action.VIEW, person):
        raise PermissionDenied
    with transaction.atomic():
        complaint.person = person
        complaint.save(update_fields=["person", "updated_at"])
        record(actor=actor, action="update", obj=complaint, detail={"person": person.pk})


def close_complaint(*, actor: Any, complaint: Complaint, reason: str) -> ComplaintEvent:
    """Close with a reason (settled and paid, referred, withdrawn, no merit ...)."""

    if not reason.strip():
        raise ValidationError({"reason": _("Say why the complaint is closed.")})
    if complaint.status == ComplaintStatus.CLOSED:
        raise ValidationError(_("The complaint is already closed."))
    return add_complaint_step(
        actor=actor, complaint=complaint, kind=ComplaintEvent.Kind.STATUS, text=reason, close=True
    )
