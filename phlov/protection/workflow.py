"""Writes that move a case: stage changes (the state machine in ``stages.py``), supervisor
approval, closure under the closure rules, and the follow-up schedule and visits."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action
from phlov.notifications.services import notify
from phlov.protection import vocab
from phlov.protection.closure import add_months, closure_problems, may_override
from phlov.protection.models import Case, FollowUpVisit, StageChange
from phlov.protection.policies import APPROVE, CasePolicy
from phlov.protection.stages import Stage, rule


class TransitionRefused(ValidationError):
    """A stage change the table does not allow, or whose conditions are not met."""


def _stage_label(code: str) -> str:
    return str(Stage(code).label)


def _validate(case: Case, to_stage: str, closure_reason: str, closure_override: str) -> None:
    if to_stage not in Stage.values:
        raise TransitionRefused(_("Unknown stage."))
    found = rule(case.stage, to_stage)
    if found is None:
        raise TransitionRefused(
            _("A case cannot move from %(from)s to %(to)s.")
            % {"from": _stage_label(case.stage), "to": _stage_label(to_stage)}
        )
    if found.needs_abroad and not case.identified_abroad:
        raise TransitionRefused(_("Repatriation is only for a person identified abroad."))
    if found.needs_closure_reason:
        problems = closure_problems(case, closure_reason)
        # An override answers the evidence rules only, never a missing or unknown reason.
        if problems and not (closure_override.strip() and may_override(closure_reason)):
            raise TransitionRefused(problems)


def _apply(case: Case, change: StageChange, actor: Any, on: datetime.date) -> None:
    before = snapshot(case, ["stage", "closed_on", "closure_reason"])
    case.stage = change.to_stage
    if change.to_stage == Stage.CLOSED:
        case.closed_on = on
        case.closure_reason = change.closure_reason
        case.closure_note = change.reason
        case.closure_override = change.closure_override
    elif change.from_stage == Stage.CLOSED:
        case.closed_on = None
        case.closure_reason = ""
        case.closure_override = ""
    case.save()
    if change.to_stage == Stage.FOLLOW_UP and not case.visits.filter(visited_on__isnull=True).exists():
        _schedule(case, on)
    record_change(
        actor=actor, before=before, after=snapshot(case, ["stage", "closed_on", "closure_reason"]), obj=case,
        action="protection.transition", reason=change.reason,
        detail={"from": change.from_stage, "to": change.to_stage, "override": bool(change.closure_override)},
    )  # fmt: skip


def change_stage(
    *,
    actor: Any,
    case: Case,
    to_stage: str,
    reason: str = "",
    closure_reason: str = "",
    closure_override: str = "",
    on: datetime.date | None = None,
) -> StageChange:
    """Move ``case`` to ``to_stage``, or ask a supervisor to when the move needs approval.

    Returns the change: ``done``, or ``pending`` until :func:`decide_stage_change`. Refuses a
    move the table does not allow with :class:`TransitionRefused`. Overriding the closure rules
    is a supervisor's decision and needs a reason.
    """

    policy = CasePolicy()
    if not policy.can(actor, Action.CHANGE, case):
        raise PermissionDenied
    found = rule(case.stage, to_stage)
    may_approve = policy.can(actor, APPROVE, case)
    # A caseworker may ask for an override of the closure rules; closing needs approval, so it
    # is the supervisor's approval that grants it.
    _validate(case, to_stage, closure_reason, closure_override)
    assert found is not None
    now = timezone.now()
    with transaction.atomic():
        if StageChange.objects.filter(case=case, status=StageChange.Status.PENDING).exists():
            raise TransitionRefused(_("A stage change of this case is already waiting for approval."))
        change = StageChange.objects.create(
            case=case, from_stage=case.stage, to_stage=to_stage, requested_by=actor, requested_at=now,
            reason=reason.strip(), closure_reason=closure_reason, closure_override=closure_override.strip(),
            status=StageChange.Status.PENDING if found.needs_approval and not may_approve else StageChange.Status.DONE,
        )  # fmt: skip
        if change.status == StageChange.Status.DONE:
            if found.needs_approval:
                change.decided_by, change.decided_at = actor, now
                change.save(update_fields=["decided_by", "decided_at"])
            _apply(case, change, actor, on or datetime.date.today())
        else:
            record(
                actor=actor, action="protection.transition_request", obj=case, reason=change.reason,
                detail={"from": change.from_stage, "to": to_stage, "change": change.pk},
            )  # fmt: skip
            supervisors = [u for u in policy.responsible_users(case) if policy.can(u, APPROVE, case)]
            notify(
                recipients=supervisors,
                subject=_("A stage change waits for your approval"),
                link=reverse("protection:case", args=[case.pk]),
            )
    return change


def decide_stage_change(
    *, actor: Any, change: StageChange, approve: bool, reason: str = "", on: datetime.date | None = None
) -> StageChange:
    case = change.case
    policy = CasePolicy()
    if not policy.can(actor, APPROVE, case):
        raise PermissionDenied
    if change.status != StageChange.Status.PENDING:
        raise TransitionRefused(_("This stage change was already decided."))
    with transaction.atomic():
        change.decided_by, change.decided_at = actor, timezone.now()
        if approve:
            if case.stage != change.from_stage:
                raise TransitionRefused(_("The case has moved since this change was asked for."))
            _validate(case, change.to_stage, change.closure_reason, change.closure_override)
            change.status = StageChange.Status.DONE
            change.save()
            _apply(case, change, actor, on or datetime.date.today())
        else:
            change.status = StageChange.Status.REJECTED
            change.save()
        record(
            actor=actor, action="protection.transition_decision", obj=case, reason=reason,
            detail={"change": change.pk, "approved": approve, "to": change.to_stage},
        )  # fmt: skip
    return change


def _schedule(case: Case, start: datetime.date) -> list[FollowUpVisit]:
    every = int(vocab.setting("follow_up_interval_months"))
    count = int(vocab.setting("follow_up_visits"))
    return FollowUpVisit.objects.bulk_create(
        FollowUpVisit(case=case, due_on=add_months(start, every * n)) for n in range(1, count + 1)
    )


def schedule_follow_up(*, actor: Any, case: Case, start: datetime.date) -> list[FollowUpVisit]:
    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied
    with transaction.atomic():
        visits = _schedule(case, start)
        record(actor=actor, action="update", obj=case, detail={"scheduled_visits": len(visits)})
    return visits


VISIT_FIELDS = (
    "visited_on", "safety", "housing", "schooling", "wellbeing", "retrafficking_risk", "notes",
    "monthly_income", "cost_food", "cost_rent", "cost_family_support", "sector",
)  # fmt: skip


def record_visit(
    *, actor: Any, case: Case, visit: FollowUpVisit | None = None, **findings: Any
) -> FollowUpVisit:
    """Record what was found at a visit (a scheduled one, or an extra one when ``visit`` is None)."""

    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied
    unknown = set(findings) - set(VISIT_FIELDS)
    if unknown:
        raise ValueError(f"not visit fields: {sorted(unknown)}")
    if visit is not None and visit.case_id != case.pk:
        raise PermissionDenied
    day = findings.get("visited_on") or datetime.date.today()
    if day > datetime.date.today():
        raise ValidationError({"visited_on": _("A visit cannot be recorded in the future.")})
    findings["visited_on"] = day
    with transaction.atomic():
        if visit is None:
            visit = FollowUpVisit(case=case, due_on=day)
        before = snapshot(visit, VISIT_FIELDS) if visit.pk else {}
        for name, value in findings.items():
            setattr(visit, name, value)
        visit.visited_by = actor
        visit.full_clean()
        visit.save()
        record_change(actor=actor, before=before, after=snapshot(visit, VISIT_FIELDS), obj=visit,
                      action="update" if before else "create")  # fmt: skip
    return visit
