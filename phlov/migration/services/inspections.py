"""Inspections of agencies (Prakas 250): plan or record a visit, findings per checklist item,
corrective actions with deadlines, and follow-up visits that verify them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phlov.audit.services import record, register_action
from phlov.core.policies import Action
from phlov.migration.models import (
    Agency,
    ChecklistItem,
    CorrectiveAction,
    Inspection,
    InspectionFinding,
    InspectionKind,
)
from phlov.migration.policies import InspectionPolicy

register_action("migration.inspection_findings", gettext_lazy("record inspection findings"))
register_action("migration.corrective_action", gettext_lazy("set or close a corrective action"))


def _require(actor: Any, action: str, inspection: Inspection) -> None:
    if not InspectionPolicy().can(actor, action, inspection):
        raise PermissionDenied


def checklist_for(inspection: Inspection) -> QuerySet[ChecklistItem]:
    """The items in use that apply to the site visited."""

    return ChecklistItem.objects.filter(active=True, site__in=[ChecklistItem.Site.ANY, inspection.site_kind])


def plan_inspection(
    *, actor: Any, agency: Agency, data: Mapping[str, Any], follow_up_of: Inspection | None = None
) -> Inspection:
    """Plan (or record) a visit of the agency, one of its branches or training centres."""

    inspection = Inspection(agency=agency, inspector=actor, follow_up_of=follow_up_of, **dict(data))
    if follow_up_of is not None:
        inspection.kind = InspectionKind.FOLLOW_UP
        if follow_up_of.agency_id != agency.pk:
            raise ValidationError(_("A follow-up visits the same agency."))
    for site in (inspection.branch, inspection.training_centre):
        if site is not None and site.agency_id != agency.pk:
            raise ValidationError(_("The site visited belongs to another agency."))
    if inspection.branch_id and inspection.training_centre_id:
        raise ValidationError(_("Choose a branch or a training centre, not both."))
    _require(actor, Action.ADD, inspection)
    inspection.full_clean()
    with transaction.atomic():
        inspection.save()
        record(actor=actor, action="create", obj=inspection, detail={"kind": inspection.kind})
    return inspection


def record_findings(
    *,
    actor: Any,
    inspection: Inspection,
    results: Mapping[int, tuple[str, str]],
    visited_on: datetime.date | None = None,
    summary: str | None = None,
) -> list[InspectionFinding]:
    """Set the result and note of each checklist item (by item id); the visit date is required."""

    _require(actor, Action.CHANGE, inspection)
    visited_on = visited_on or inspection.visited_on
    if visited_on is None:
        raise ValidationError({"visited_on": _("Say when the visit took place.")})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it takes place.")})
    items = {item.pk: item for item in checklist_for(inspection)}
    unknown = set(results) - set(items)
    if unknown:
        raise ValidationError(_("An item does not apply to this site."))
    saved: list[InspectionFinding] = []
    with transaction.atomic():
        inspection.visited_on = visited_on
        if summary is not None:
            inspection.summary = summary
        inspection.save(update_fields=["visited_on", "summary", "updated_at"])
        for item_id, (result, note) in results.items():
            if result not in InspectionFinding.Result.values:
                raise ValidationError(_("Unknown result."))
            finding, _created = InspectionFinding.objects.update_or_create(
                inspection=inspection, item=items[item_id], defaults={"result": result, "note": note}
            )
            saved.append(finding)
        failed = sorted(f.item.code for f in saved if f.result == InspectionFinding.Result.NON_COMPLIANT)
        record(
            actor=actor,
            action="migration.inspection_findings",
            obj=inspection,
            detail={"not_compliant": failed},
        )
    return saved


def add_corrective_action(
    *,
    actor: Any,
    inspection: Inspection,
    description: str,
    due_on: datetime.date,
    finding: InspectionFinding | None = None,
) -> CorrectiveAction:
    _require(actor, Action.CHANGE, inspection)
    if finding is not None and finding.inspection_id != inspection.pk:
        raise ValidationError(_("The finding belongs to another inspection."))
    if not description.strip():
        raise ValidationError({"description": _("Say what the agency must do.")})
    base = inspection.visited_on or inspection.planned_for
    if due_on < base:
        raise ValidationError({"due_on": _("The deadline cannot be before the visit.")})
    with transaction.atomic():
        action = CorrectiveAction.objects.create(
            inspection=inspection, finding=finding, description=description, due_on=due_on
        )
        record(actor=actor, action="migration.corrective_action", obj=inspection,
               detail={"action": action.pk, "due_on": due_on.isoformat()})  # fmt: skip
    return action


def report_action_done(*, actor: Any, action: CorrectiveAction, done_on: datetime.date) -> None:
    """The agency says the work is done (recorded by the inspector); a follow-up still verifies it."""

    _require(actor, Action.CHANGE, action.inspection)
    if action.status != CorrectiveAction.Status.OPEN:
        raise ValidationError(_("Only an open action can be reported done."))
    with transaction.atomic():
        action.status = CorrectiveAction.Status.DONE
        action.done_on = done_on
        action.save(update_fields=["status", "done_on", "updated_at"])
        record(actor=actor, action="migration.corrective_action", obj=action.inspection,
               detail={"action": action.pk, "status": action.status})  # fmt: skip


def verify_action(*, actor: Any, action: CorrectiveAction, follow_up: Inspection) -> None:
    """A follow-up visit confirms the work; only a visit of the same agency, already made, can."""

    _require(actor, Action.CHANGE, follow_up)
    if follow_up.agency_id != action.inspection.agency_id or follow_up.visited_on is None:
        raise ValidationError(_("Verify in a follow-up visit of the same agency, once made."))
    with transaction.atomic():
        action.status = CorrectiveAction.Status.VERIFIED
        action.verified_in = follow_up
        action.done_on = action.done_on or follow_up.visited_on
        action.save(update_fields=["status", "verified_in", "done_on", "updated_at"])
        record(actor=actor, action="migration.corrective_action", obj=action.inspection,
               detail={"action": action.pk, "status": action.status, "follow_up": follow_up.pk})  # fmt: skip


def overdue_actions(
    actions: QuerySet[CorrectiveAction], day: datetime.date | None = None
) -> QuerySet[CorrectiveAction]:
    """Open past their deadline (the same rule as ``CorrectiveAction.overdue_on``)."""

    day = day or timezone.localdate()
    return actions.filter(status=CorrectiveAction.Status.OPEN, due_on__lt=day)
