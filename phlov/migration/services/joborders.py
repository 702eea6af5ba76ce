from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.migration import checks
from phlov.migration.models import CostLine, JobOrder, JobOrderStatus, Worker
from phlov.migration.policies import JobOrderPolicy
from phlov.migration.services.common import Blocked, require


def create_job_order(
    *, actor: Any, data: Mapping[str, Any], costs: Iterable[Mapping[str, Any]] = ()
) -> JobOrder:
    order = JobOrder(**dict(data), status=JobOrderStatus.DRAFT)
    if not JobOrderPolicy().can(actor, Action.ADD, order):
        raise PermissionDenied
    order.full_clean()
    with transaction.atomic():
        order.save()
        for line in costs:
            CostLine.objects.create(job_order=order, **dict(line))
        record(actor=actor, action="create", obj=order)
    return order


def submit_job_order(*, actor: Any, order: JobOrder) -> list[checks.Finding]:
    """Send for approval; refused while a blocking finding remains. Returns every finding."""

    require(actor, Action.CHANGE, order)
    if order.status not in (JobOrderStatus.DRAFT, JobOrderStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned job order can be submitted."))
    findings = checks.run(order)
    if checks.blocking(findings):
        raise Blocked(checks.blocking(findings))
    with transaction.atomic():
        order.status = JobOrderStatus.SUBMITTED
        order.submitted_at = timezone.now()
        order.save(update_fields=["status", "submitted_at", "updated_at"])
        record(
            actor=actor, action="migration.submit", obj=order, detail={"findings": [f.rule for f in findings]}
        )
    return findings


def _decide(actor: Any, order: JobOrder, status: str, note: str, action: str) -> None:
    if not JobOrderPolicy().can_decide(actor, order):
        raise PermissionDenied
    if order.status != JobOrderStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted job order can be decided."))
    with transaction.atomic():
        order.status = status
        order.decided_at = timezone.now()
        order.decided_by = actor
        order.decision_note = note
        order.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
        record(actor=actor, action=action, obj=order, reason=note)


def approve_job_order(*, actor: Any, order: JobOrder, note: str = "") -> None:
    """A labour officer above the agency approves; the checks run again and blocking findings refuse it."""

    blocking = checks.blocking(checks.run(order))
    if blocking:
        raise Blocked(blocking)
    _decide(actor, order, JobOrderStatus.APPROVED, note, "approve")


def return_job_order(*, actor: Any, order: JobOrder, note: str) -> None:
    if not note.strip():
        raise ValidationError({"note": _("Say what must change.")})
    _decide(actor, order, JobOrderStatus.RETURNED, note, "migration.return")


def register_worker(
    *, actor: Any, order: JobOrder, person: Any, data: Mapping[str, Any] | None = None
) -> Worker:
    """Register a worker against an approved job order only (FR-18)."""

    worker = Worker(job_order=order, person=person, registered_by=actor, **dict(data or {}))
    if not JobOrderPolicy().can(actor, Action.VIEW, order):
        raise PermissionDenied
    require(actor, Action.ADD, worker)
    blocking = checks.run(worker, only="FR-18")
    if blocking:
        raise Blocked(blocking)
    with transaction.atomic():
        worker.save()
        record(actor=actor, action="create", obj=worker)
    return worker
