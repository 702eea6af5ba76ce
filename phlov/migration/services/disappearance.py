"""Disappearance (SD 190 Arts 31-32, per the brief): the agency reports a worker missing; the
embassy, the Ministry of Interior and the Ministry of Labour are told at once, in the application
and by e-mail; each party's acknowledgement is tracked and, when it does not come within
``disappearance_escalate_hours``, the notice is escalated. The report opens a search record."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phlov.accounts.models import User
from phlov.audit.services import record, register_action
from phlov.core.policies import Action
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Disappearance,
    DisappearanceContact,
    DisappearanceNotice,
    DisappearanceUpdate,
    SearchStatus,
    Worker,
)
from phlov.migration.services.common import require
from phlov.migration.services.journey import move
from phlov.notifications.models import Notification
from phlov.notifications.services import acknowledge, notify

register_action("migration.disappearance_notice", gettext_lazy("acknowledge a disappearance notice"))
register_action(
    "migration.disappearance_escalate", gettext_lazy("escalate an unacknowledged disappearance notice")
)
register_action("migration.search_update", gettext_lazy("record a search update"))


def contacts_for(worker: Worker, party: str, *, escalation: bool = False) -> list[DisappearanceContact]:
    return list(
        DisappearanceContact.objects.filter(party=party, active=True, escalation=escalation)
        .filter(Q(destination__isnull=True) | Q(destination=worker.job_order.destination_id))
        .select_related("organisation")
    )


def users_of(contacts: list[DisappearanceContact]) -> list[User]:
    """Active users with a current role in a contact's organisation (the desk itself, not those below)."""

    now = timezone.now()
    orgs = [c.organisation_id for c in contacts if c.organisation_id]
    return list(
        User.objects.filter(
            is_active=True, assignments__organisation_id__in=orgs, assignments__starts_at__lte=now
        )
        .filter(Q(assignments__expires_at__isnull=True) | Q(assignments__expires_at__gt=now))
        .distinct()
        .order_by("pk")
    )


def _message(case: Disappearance) -> tuple[str, str]:
    worker = case.worker
    subject = _("Migrant worker missing: %(name)s in %(country)s") % {
        "name": worker.person, "country": worker.job_order.destination}  # fmt: skip
    body = _("Reported by %(agency)s. Last contact: %(when)s. Last seen: %(place)s. %(circumstances)s") % {
        "agency": worker.job_order.agency, "when": timezone.localtime(case.last_contact_at).strftime("%Y-%m-%d %H:%M"),
        "place": case.last_seen_place or "-", "circumstances": case.circumstances,
    }  # fmt: skip
    return subject, body


def _send(
    notice: DisappearanceNotice, contacts: list[DisappearanceContact], prefix: str = ""
) -> list[Notification]:
    subject, body = _message(notice.disappearance)
    link = reverse("migration:disappearance_notice", args=[notice.pk])
    made = notify(
        recipients=users_of(contacts), emails=[c.email for c in contacts if c.email],
        subject=f"{prefix}{subject}", body=body, link=link, kind=Notification.Kind.ALERT,
    )  # fmt: skip
    notice.notifications.add(*made)
    return made


def report_missing(*, actor: Any, worker: Worker, data: Mapping[str, Any]) -> Disappearance:
    """Open the notice and the search; tell every party at once (a party with no contact
    configured stays unsent, which FR-29 and the page show)."""

    require(actor, Action.CHANGE, worker)
    if worker.disappearances.exclude(status=SearchStatus.CLOSED).filter(found_at__isnull=True).exists():
        raise ValidationError(_("A search for this worker is already open."))
    case = Disappearance(worker=worker, reported_by=actor, **dict(data))
    case.full_clean(exclude=["worker", "reported_by"])
    with transaction.atomic():
        case.save()
        move(actor=actor, worker=worker, action="missing", on=timezone.localdate(case.last_contact_at),
             note=case.circumstances)  # fmt: skip
        for party in DisappearanceNotice.Party.values:
            contacts = contacts_for(worker, party)
            address = next((c.email for c in contacts if c.email), "")
            notice = DisappearanceNotice.objects.create(disappearance=case, party=party, email=address)
            if contacts and _send(notice, contacts):
                notice.sent_at = timezone.now()
                notice.save(update_fields=["sent_at"])
        record(actor=actor, action="create", obj=case, detail={"worker": worker.pk})
    return case


def refresh_acknowledgements(case: Disappearance | None = None) -> int:
    """A notice counts as acknowledged once any of its recipients acknowledged its notification
    (on the notice page or in their notifications)."""

    pending = DisappearanceNotice.objects.filter(acknowledged_at__isnull=True)
    if case is not None:
        pending = pending.filter(disappearance=case)
    done = 0
    for notice in pending:
        first = notice.notifications.filter(acknowledged_at__isnull=False).order_by("acknowledged_at").first()
        if first is not None:
            notice.acknowledged_at = first.acknowledged_at
            notice.save(update_fields=["acknowledged_at"])
            done += 1
    return done


def notice_recipient_notifications(actor: Any, notice: DisappearanceNotice) -> list[Notification]:
    return list(notice.notifications.filter(recipient_id=actor.pk))


def acknowledge_notice(*, actor: Any, notice: DisappearanceNotice) -> None:
    """Only someone the notice was sent to acknowledges it for their party."""

    mine = notice_recipient_notifications(actor, notice)
    if not mine:
        raise PermissionDenied
    with transaction.atomic():
        for notification in mine:
            acknowledge(actor=actor, notification=notification)
        if notice.acknowledged_at is None:
            notice.acknowledged_at = timezone.now()
            notice.save(update_fields=["acknowledged_at"])
        record(actor=actor, action="migration.disappearance_notice", obj=notice.disappearance,
               detail={"party": notice.party}, organisation=getattr(actor, "organisation", None))  # fmt: skip


def escalate_overdue(*, now: datetime.datetime | None = None) -> list[DisappearanceNotice]:
    """Notices sent more than ``disappearance_escalate_hours`` ago and not acknowledged: told
    again, and to the party's escalation contacts. Run by ``phlov migration escalate``."""

    now = now or timezone.now()
    refresh_acknowledgements()
    limit = now - datetime.timedelta(hours=float(param("disappearance_escalate_hours")))
    overdue = DisappearanceNotice.objects.filter(
        acknowledged_at__isnull=True, escalated_at__isnull=True, sent_at__lte=limit,
        disappearance__status=SearchStatus.SEARCHING,
    ).select_related("disappearance__worker__job_order")  # fmt: skip
    escalated = []
    for notice in overdue:
        worker = notice.disappearance.worker
        contacts = contacts_for(worker, notice.party) + contacts_for(worker, notice.party, escalation=True)
        with transaction.atomic():
            _send(notice, contacts, prefix=_("NOT ACKNOWLEDGED: "))
            notice.escalated_at = now
            notice.save(update_fields=["escalated_at"])
            record(actor=None, action="migration.disappearance_escalate", obj=notice.disappearance,
                   detail={"party": notice.party}, organisation=worker.job_order.agency.organisation)  # fmt: skip
        escalated.append(notice)
    return escalated


def add_search_update(*, actor: Any, case: Disappearance, text: str, status: str = "") -> DisappearanceUpdate:
    """A step of the search; ``found`` brings the worker back to 'abroad', ``closed`` ends the search."""

    require(actor, Action.CHANGE, case)
    if not text.strip():
        raise ValidationError({"text": _("Say what was done or learnt.")})
    if status and status not in SearchStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if case.status == SearchStatus.CLOSED:
        raise ValidationError(_("The search is closed."))
    with transaction.atomic():
        update = DisappearanceUpdate.objects.create(
            disappearance=case, text=text, status=status, author=actor
        )
        fields = ["updated_at"]
        if status == SearchStatus.FOUND and case.found_at is None:
            case.found_at = timezone.now()
            fields.append("found_at")
            if case.worker.status == "missing":
                move(actor=actor, worker=case.worker, action="found", note=text)
        if status == SearchStatus.CLOSED:
            case.closed_at = timezone.now()
            fields.append("closed_at")
        if status:
            case.status = status
            fields.append("status")
        case.save(update_fields=fields)
        record(
            actor=actor, action="migration.search_update", obj=case, detail={"status": status or case.status}
        )
    return update
