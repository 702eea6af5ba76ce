"""The worker's journey: registration from the registry, papers, health, orientation, contracts,
and every status move through one state machine, each move audited with a journey event."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phlov.audit.services import record, register_action
from phlov.core.policies import Action
from phlov.migration import checks
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Contract,
    HealthCheck,
    JobOrder,
    Orientation,
    OrientationTopic,
    Worker,
    WorkerDocument,
    WorkerEvent,
    WorkerStatus,
)
from phlov.migration.services.common import Blocked, require
from phlov.migration.services.joborders import register_worker

register_action("migration.worker_move", gettext_lazy("move a migrant worker's journey on"))
register_action("migration.worker_event", gettext_lazy("record a welfare check or incident"))

S = WorkerStatus


@dataclass(frozen=True)
class Move:
    label: str | Promise
    sources: frozenset[str]
    target: str
    offered: bool = True  # False: only another service makes it (a disappearance report, a search update)


TRANSITIONS: dict[str, Move] = {
    "depart": Move(gettext_lazy("Departed"), frozenset({S.REGISTERED}), S.DEPARTED),
    "withdraw": Move(gettext_lazy("Withdrew before departure"), frozenset({S.REGISTERED}), S.WITHDRAWN),
    "arrive": Move(gettext_lazy("Arrived at the worksite"), frozenset({S.DEPARTED}), S.ABROAD),
    "end_contract": Move(gettext_lazy("Contract ended"), frozenset({S.ABROAD}), S.CONTRACT_ENDED),
    "renew": Move(gettext_lazy("Contract renewed"), frozenset({S.ABROAD, S.CONTRACT_ENDED}), S.ABROAD),
    "return": Move(gettext_lazy("Returned home"), frozenset({S.CONTRACT_ENDED, S.REPATRIATING}), S.RETURNED),
    "early_return": Move(gettext_lazy("Returned early"), frozenset({S.DEPARTED, S.ABROAD}), S.RETURNED),
    "repatriate": Move(
        gettext_lazy("Repatriation started"), frozenset({S.DEPARTED, S.ABROAD, S.MISSING}), S.REPATRIATING
    ),
    "missing": Move(
        gettext_lazy("Reported missing"), frozenset({S.DEPARTED, S.ABROAD}), S.MISSING, offered=False
    ),
    "found": Move(gettext_lazy("Found"), frozenset({S.MISSING}), S.ABROAD, offered=False),
}
# Welfare checks and incidents are recorded while the worker is away (Prakas 252 on-site service).
AWAY = frozenset({S.DEPARTED, S.ABROAD, S.MISSING, S.REPATRIATING})


def allowed_moves(worker: Worker) -> list[tuple[str, Move]]:
    return [
        (name, move) for name, move in TRANSITIONS.items() if move.offered and worker.status in move.sources
    ]


def register_from_registry(*, actor: Any, order: JobOrder, person: Any) -> Worker:
    """A person already in the registry, against an approved job order only (FR-18)."""

    from phlov.people.selectors import visible_people

    if not visible_people(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if Worker.objects.filter(person=person, job_order=order).exists():
        raise ValidationError(_("This person is already registered against this job order."))
    return register_worker(actor=actor, order=order, person=person)


def add_document(*, actor: Any, worker: Worker, data: Mapping[str, Any]) -> WorkerDocument:
    require(actor, Action.CHANGE, worker)
    document = WorkerDocument(worker=worker, recorded_by=actor, **dict(data))
    document.full_clean()
    with transaction.atomic():
        document.save()
        record(actor=actor, action="create", obj=document, detail={"kind": document.kind})
    return document


def record_health_check(*, actor: Any, worker: Worker, data: Mapping[str, Any]) -> HealthCheck:
    require(actor, Action.CHANGE, worker)
    check = HealthCheck(worker=worker, recorded_by=actor, **dict(data))
    check.full_clean()
    with transaction.atomic():
        check.save()
        record(actor=actor, action="create", obj=check, detail={"fit": check.fit})
    return check


def orientation_gaps(orientation: Orientation) -> list[str]:
    """What keeps an orientation from counting as completed: hours below the minimum, topics left out."""

    gaps = []
    least = param("orientation_min_hours")
    if orientation.hours_attended < least:
        gaps.append(_("%(hours)s hours attended; the minimum is %(least)s.") % {
            "hours": orientation.hours_attended, "least": least})  # fmt: skip
    missing = [str(OrientationTopic(t).label) for t in OrientationTopic.values if t not in orientation.topics]
    if missing:
        gaps.append(_("Topics not covered: %(topics)s.") % {"topics": "; ".join(missing)})
    if not orientation.identity_verified:
        gaps.append(_("The person attending was not identified."))
    return gaps


def record_orientation(*, actor: Any, worker: Worker, data: Mapping[str, Any]) -> Orientation:
    """Attendance of the pre-departure orientation; the worker counts as oriented (FR-25) only when
    the hours, the topics and the attendee's identity are all there."""

    require(actor, Action.CHANGE, worker)
    orientation = Orientation(worker=worker, recorded_by=actor, **dict(data))
    orientation.full_clean()
    if orientation.completed_on < orientation.started_on:
        raise ValidationError({"completed_on": _("The orientation ends before it starts.")})
    complete = not orientation_gaps(orientation)
    with transaction.atomic():
        orientation.save()
        if complete:
            worker.orientation_completed_at = orientation.completed_on
            worker.orientation_identity_verified = True
            worker.save(
                update_fields=["orientation_completed_at", "orientation_identity_verified", "updated_at"]
            )
        record(actor=actor, action="create", obj=orientation, detail={"complete": complete})
    return orientation


CONTRACT_TERMS = (
    "position", "worksite", "wage_amount", "wage_currency", "wage_period", "pay_frequency_days", "paid_to_own_account",
    "deductions", "hours_per_day", "days_per_week", "overtime_rate", "leave_days", "contract_months",
    "accommodation", "insurance", "languages", "passport_custody", "worker_penalty_clause",
    "change_employer_needs_permission", "notice_days", "return_travel_payer", "grievance_channels", "loan_amount",
    "loan_monthly_repayment", "loan_interest_percent",
)  # fmt: skip


def terms_of(order: JobOrder) -> dict[str, Any]:
    """The approved job order's terms, to start a contract from (the officer changes only what differs)."""

    return {name: getattr(order, name) for name in CONTRACT_TERMS} | {"employer_name": order.employer.name}


def add_contract(
    *, actor: Any, worker: Worker, kind: str, data: Mapping[str, Any]
) -> tuple[Contract, list[checks.Finding]]:
    """A placement-service or employment contract, checked against the job order (FR-07..FR-24):
    refused while a blocking finding remains, so no substituted contract is ever recorded."""

    require(actor, Action.CHANGE, worker)
    contract = Contract(kind=kind, worker=worker, job_order=worker.job_order, **dict(data))
    contract.full_clean(exclude=["worker", "job_order"])
    findings = checks.run(contract)
    if checks.blocking(findings):
        raise Blocked(checks.blocking(findings))
    with transaction.atomic():
        contract.save()
        record(
            actor=actor,
            action="create",
            obj=contract,
            detail={"kind": kind, "findings": [f.rule for f in findings]},
        )
    return contract, findings


def departure_problems(worker: Worker, on: datetime.date) -> list[str]:
    """Why the worker may not leave on ``on``: blocking checks, papers, health, orientation, contracts."""

    problems = [f"{f.rule}: {f.message}" for f in checks.blocking(checks.run(worker))]
    margin = on + relativedelta(months=int(param("document_valid_months_after_departure")))
    for kind, label in WorkerDocument.Kind.choices:
        if not worker.documents.filter(kind=kind, expires_on__gte=margin).exists():
            problems.append(
                _("No %(document)s valid until %(date)s.") % {"document": label, "date": margin.isoformat()}
            )
    health = worker.health_checks.filter(examined_on__lte=on).first()
    if health is None or not health.fit or (health.valid_until and health.valid_until < on):
        problems.append(_("No valid health check finding the worker fit."))
    for kind, label in Contract.Kind.choices:
        contract = worker.contracts.filter(kind=kind, signed_at__isnull=False).order_by("-pk").first()
        if contract is None:
            problems.append(_("No signed %(contract)s.") % {"contract": label})
        elif checks.blocking(checks.run(contract)):
            problems.append(_("The %(contract)s has blocking findings.") % {"contract": label})
    return problems


def move(
    *,
    actor: Any,
    worker: Worker,
    action: str,
    on: datetime.date | None = None,
    note: str = "",
    contract_ends_on: datetime.date | None = None,
) -> WorkerEvent:
    """Move the worker's status along an allowed transition; refused otherwise."""

    require(actor, Action.CHANGE, worker)
    step = TRANSITIONS.get(action)
    if step is None or worker.status not in step.sources:
        raise ValidationError(_("This step is not allowed from the worker's present status."))
    on = on or timezone.localdate()
    if action == "depart":
        problems = departure_problems(worker, on)
        if problems:
            raise ValidationError(problems)
    before = worker.status
    with transaction.atomic():
        worker.status = step.target
        fields = ["status", "updated_at"]
        if action == "depart":
            worker.departure_date = on
            fields.append("departure_date")
        elif action == "arrive":
            worker.arrived_at = on
            fields.append("arrived_at")
        elif action in ("return", "early_return"):
            worker.returned_at = on
            worker.early_return = action == "early_return" or (
                worker.contract_ends_on is not None and on < worker.contract_ends_on
            )
            fields += ["returned_at", "early_return"]
        if action in ("arrive", "renew") and contract_ends_on is None and worker.job_order.contract_months:
            start = on if action == "arrive" else (worker.contract_ends_on or on)
            contract_ends_on = start + relativedelta(months=worker.job_order.contract_months)
        if contract_ends_on is not None:
            worker.contract_ends_on = contract_ends_on
            fields.append("contract_ends_on")
        worker.save(update_fields=fields)
        event = WorkerEvent.objects.create(
            worker=worker, kind=WorkerEvent.Kind.TRANSITION, action=action, from_status=before,
            to_status=step.target, happened_on=on, note=note, author=actor,
        )  # fmt: skip
        record(actor=actor, action="migration.worker_move", obj=worker,
               detail={"move": action, "from": before, "to": step.target}, reason=note)  # fmt: skip
    return event


def record_event(
    *, actor: Any, worker: Worker, kind: str, by: str, on: datetime.date, note: str
) -> WorkerEvent:
    """A welfare check by the agency or the embassy, or an incident, while the worker is away."""

    require(actor, Action.CHANGE, worker)
    if kind not in (WorkerEvent.Kind.WELFARE_CHECK, WorkerEvent.Kind.INCIDENT):
        raise ValidationError(_("Unknown kind of event."))
    if worker.status not in AWAY:
        raise ValidationError(_("Welfare checks and incidents are recorded while the worker is away."))
    if not note.strip():
        raise ValidationError({"note": _("Say what was found or what happened.")})
    with transaction.atomic():
        event = WorkerEvent.objects.create(
            worker=worker, kind=kind, by=by, happened_on=on, note=note, author=actor
        )
        record(actor=actor, action="migration.worker_event", obj=worker, detail={"kind": kind, "by": by})
    return event


def journey_summary(workers: Iterable[Worker]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for worker in workers:
        counts[worker.status] = counts.get(worker.status, 0) + 1
    return counts


def edit_job_order(*, actor: Any, order: JobOrder, data: Mapping[str, Any]) -> list[checks.Finding]:
    """Correct a draft or returned job order (the agency's fix after a blocking finding); the
    checks run again on the saved terms and are returned for the page."""

    from phlov.audit.services import record_change, snapshot
    from phlov.migration.models import JobOrderStatus

    require(actor, Action.CHANGE, order)
    if order.status not in (JobOrderStatus.DRAFT, JobOrderStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned job order can be changed."))
    fields = list(data)
    before = snapshot(order, fields)
    for name, value in data.items():
        setattr(order, name, value)
    order.full_clean()
    with transaction.atomic():
        order.save()
        record_change(actor=actor, before=before, after=snapshot(order, fields), obj=order)
    return checks.run(order)
