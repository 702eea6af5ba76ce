"""Writes of the protection module: screening, opening and editing cases, trafficking events.
Each takes the acting user, runs in one transaction and writes its audit row inside it.
Stage changes, closure and follow-up are in ``workflow.py``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action, policy_for
from phlov.people.models import Person
from phlov.protection import vocab
from phlov.protection.models import Case, Screening, SourceKind, TraffickingEvent
from phlov.protection.screening import Outcome, propose

CASE_FIELDS = (
    "caseworker", "identified_abroad", "exploitation_forms", "sexual_exploitation_details", "means_of_control",
    "recruitment_methods", "recruited_by", "departure", "narrative",
)  # fmt: skip
LISTS = {
    "exploitation_forms": "exploitation_forms",
    "means_of_control": "means_of_control",
    "recruitment_methods": "recruitment_methods",
    "recruited_by": "recruiter_relations",
}


def _check(actor: Any, action: str, obj: Any) -> None:
    if not policy_for(obj).can(actor, action, obj):
        raise PermissionDenied


def _codes(values: Iterable[str], vocabulary: str, field: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = sorted(set(values) - vocab.codes(vocabulary))
    if unknown:
        raise ValidationError({field: _("Unknown values: %(values)s") % {"values": ", ".join(unknown)}})
    return values


def screen(
    *,
    actor: Any,
    person: Person,
    acts: Iterable[str] = (),
    means: Iterable[str] = (),
    purposes: Iterable[str] = (),
    ilo_indicators: Iterable[str] = (),
    outcome: str = "",
    decision_reason: str = "",
    screened_on: datetime.date | None = None,
    source_kind: str = SourceKind.PERSON,
    source_id: str = "",
    notes: str = "",
) -> Screening:
    """Record a screening: the proposal is computed here; the worker's ``outcome`` (empty: the
    proposal) may differ from it only with a reason."""

    _check(actor, Action.VIEW, person)
    day = screened_on or datetime.date.today()
    age = person.age_on(day)
    acts_l = _codes(acts, "palermo_acts", "acts")
    means_l = _codes(means, "palermo_means", "means")
    purposes_l = _codes(purposes, "palermo_purposes", "purposes")
    ilo_l = _codes(ilo_indicators, "ilo_indicators", "ilo_indicators")
    proposal = propose(age=age, acts=acts_l, means=means_l, purposes=purposes_l, ilo_indicators=ilo_l)
    decided = outcome or proposal.outcome
    if decided not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if decided != proposal.outcome and not decision_reason.strip():
        raise ValidationError({"decision_reason": _("Say why the decision differs from the proposal.")})
    screening = Screening(
        organisation=actor.organisation, person=person, source_kind=source_kind,
        source_id=source_id or (str(person.pk) if source_kind == SourceKind.PERSON else ""),
        screened_on=day, screened_by=actor, age_at_screening=age, acts=acts_l, means=means_l,
        purposes=purposes_l, ilo_indicators=ilo_l, proposed_outcome=proposal.outcome,
        proposal_reasons=proposal.reasons, outcome=decided, decision_reason=decision_reason.strip(), notes=notes,
    )  # fmt: skip
    _check(actor, Action.ADD, screening)
    with transaction.atomic():
        screening.save()
        record(
            actor=actor, action="protection.screening", obj=screening,
            detail={"proposed": proposal.outcome, "decided": decided, "differs": decided != proposal.outcome},
        )  # fmt: skip
    return screening


def _clean_case_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    for field, vocabulary in LISTS.items():
        if field in fields:
            fields[field] = _codes(fields[field] or [], vocabulary, field)
    return fields


def open_case(
    *,
    actor: Any,
    person: Person,
    opened_on: datetime.date | None = None,
    screening: Screening | None = None,
    organisation: Any = None,
    **fields: Any,
) -> Case:
    _check(actor, Action.VIEW, person)
    fields = _clean_case_fields(fields)
    fields.setdefault("caseworker", actor)
    case = Case(person=person, organisation=organisation or actor.organisation,
                opened_on=opened_on or datetime.date.today(), **fields)  # fmt: skip
    _check(actor, Action.ADD, case)
    with transaction.atomic():
        case.full_clean()
        case.save()
        if screening is not None:
            _check(actor, Action.CHANGE, screening)
            if screening.person_id != person.pk:
                raise ValidationError(_("The screening is of another person."))
            screening.case = case
            screening.save(update_fields=["case", "updated_at"])
        record(actor=actor, action="create", obj=case, detail={"stage": case.stage})
        from phlov.protection import retrafficking  # an earlier case of this person raises an alert

        retrafficking.check_case(case, actor=actor)
    return case


def update_case(*, actor: Any, case: Case, **fields: Any) -> Case:
    _check(actor, Action.CHANGE, case)
    fields = _clean_case_fields(fields)
    with transaction.atomic():
        before = snapshot(case, fields)
        for name, value in fields.items():
            setattr(case, name, value)
        _check(actor, Action.CHANGE, case)
        case.full_clean()
        case.save()
        record_change(actor=actor, before=before, after=snapshot(case, fields), obj=case)
    return case


EVENT_FIELDS = {
    "kind", "place", "started_on", "ended_on", "border_crossing", "crossing_point", "travel_mode",
    "earnings_usd", "earnings_kept_by", "description",
}  # fmt: skip


def add_event(*, actor: Any, case: Case, **fields: Any) -> TraffickingEvent:
    _check(actor, Action.CHANGE, case)
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"not event fields: {sorted(unknown)}")
    event = TraffickingEvent(case=case, **fields)
    if event.started_on and event.ended_on and event.ended_on < event.started_on:
        raise ValidationError({"ended_on": _("The end is before the start.")})
    with transaction.atomic():
        event.full_clean()
        event.save()
        record(actor=actor, action="create", obj=event, detail={"case": case.pk, "kind": event.kind})
    return event
