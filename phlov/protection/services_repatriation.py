"""Writes of repatriation: start one under a bilateral procedure, record its dates and steps.
Each step's due date follows from the procedure's time limits (``data/repatriation.json``)
and moves when an earlier step is done."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action, policy_for
from phlov.places.models import Place
from phlov.protection import servicedata
from phlov.protection.models import Case, Repatriation, RepatriationStep

FIELDS = (
    "host_agency", "identified_on", "family_tracing_requested_on", "family_tracing_done_on",
    "family_assessment_on", "family_assessment_result", "handover_on", "border_point", "escort",
    "escort_organisation", "notes",
)  # fmt: skip
DATES = ("family_tracing_requested_on", "family_tracing_done_on", "family_assessment_on", "handover_on")


def _check(actor: Any, action: str, obj: Any) -> None:
    if not policy_for(obj).can(actor, action, obj):
        raise PermissionDenied


def _validate(rep: Repatriation) -> None:
    today = datetime.date.today()
    errors: dict[str, str] = {}
    for name in ("identified_on", *DATES):
        value = getattr(rep, name)
        if value is not None and value > today:
            errors[name] = _("This date is in the future.")
        elif value is not None and name != "identified_on" and value < rep.identified_on:
            errors[name] = _("This date is before the person was identified abroad.")
    if (
        rep.family_assessment_on
        and rep.family_tracing_done_on
        and rep.family_assessment_on < rep.family_tracing_done_on
    ):
        errors["family_assessment_on"] = _("The family was assessed before it was traced.")
    if errors:
        raise ValidationError(errors)


def _recompute(rep: Repatriation, steps: list[RepatriationStep]) -> None:
    """Set each step's due date: the end of the step it follows (done, else due) plus its days."""

    found = rep.get_procedure()
    if found is None:
        return
    by_code = {s.code: s for s in steps}
    for step in sorted(steps, key=lambda s: s.order):
        definition = found.step(step.code)
        if definition is None:
            continue
        if definition.field:
            value = getattr(rep, definition.field)
            if value is not None and step.done_on != value:
                step.done_on = value
        if definition.after == "identified":
            anchor: datetime.date | None = rep.identified_on
        else:
            before = by_code.get(definition.after)
            anchor = (before.done_on or before.due_on) if before else None
        step.due_on = servicedata.add_days(anchor, definition.days) if anchor else None
    RepatriationStep.objects.bulk_update(steps, ["due_on", "done_on"])


def start_repatriation(
    *,
    actor: Any,
    case: Case,
    procedure: str,
    host_country: Place,
    identified_on: datetime.date | None = None,
    **fields: Any,
) -> Repatriation:
    _check(actor, Action.CHANGE, case)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not repatriation fields: {sorted(unknown)}")
    found = servicedata.procedure(procedure)
    if found is None:
        raise ValidationError({"procedure": _("Choose a procedure from the list.")})
    if not case.identified_abroad:
        raise ValidationError(_("Repatriation is only for a person identified abroad."))
    if host_country.kind != "country" or (found.country and host_country.code != found.country):
        raise ValidationError({"host_country": _("This procedure is for another country.")})
    rep = Repatriation(
        case=case, procedure=procedure, host_country=host_country,
        identified_on=identified_on or case.opened_on, **fields,
    )  # fmt: skip
    _validate(rep)
    with transaction.atomic():
        rep.full_clean()
        rep.save()
        steps = RepatriationStep.objects.bulk_create(
            RepatriationStep(repatriation=rep, code=s.code, order=n)
            for n, s in enumerate(found.steps, start=1)
        )
        _recompute(rep, list(rep.steps.all()) or steps)
        record(actor=actor, action="create", obj=rep,
               detail={"case": case.pk, "procedure": procedure, "country": host_country.code})  # fmt: skip
    return rep


def update_repatriation(*, actor: Any, repatriation: Repatriation, **fields: Any) -> Repatriation:
    _check(actor, Action.CHANGE, repatriation)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not repatriation fields: {sorted(unknown)}")
    with transaction.atomic():
        before = snapshot(repatriation, fields)
        for name, value in fields.items():
            setattr(repatriation, name, value)
        _validate(repatriation)
        repatriation.full_clean()
        repatriation.save()
        _recompute(repatriation, list(repatriation.steps.all()))
        record_change(actor=actor, before=before, after=snapshot(repatriation, fields), obj=repatriation)
    return repatriation


def complete_step(
    *, actor: Any, step: RepatriationStep, done_on: datetime.date | None = None, note: str = ""
) -> RepatriationStep:
    rep = step.repatriation
    _check(actor, Action.CHANGE, rep)
    day = done_on or datetime.date.today()
    if day > datetime.date.today():
        raise ValidationError({"done_on": _("This date is in the future.")})
    if day < rep.identified_on:
        raise ValidationError({"done_on": _("This date is before the person was identified abroad.")})
    definition = step.definition()
    with transaction.atomic():
        step.done_on, step.done_by, step.note = day, actor, note.strip()[:300]
        step.save(update_fields=["done_on", "done_by", "note"])
        if definition is not None and definition.field:
            setattr(rep, definition.field, day)
            _validate(rep)
            rep.save(update_fields=[definition.field, "updated_at"])
        _recompute(rep, list(rep.steps.all()))
        record(actor=actor, action="update", obj=rep, detail={"step": step.code, "done_on": day.isoformat()})
    step.refresh_from_db()
    return step
