"""Writes of the family part of a case: household needs, and support given to the family
(skills training, micro-credit, grants)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action, policy_for
from phlov.protection.models import Case, FamilyNeed, FamilySupport
from phlov.protection.policies_services import FamilyNeedPolicy, FamilySupportPolicy

NEED_FIELDS = ("need", "description", "assessed_on", "met_on")
SUPPORT_FIELDS = ("kind", "need", "provider", "description", "amount_usd", "given_on")


def _check(actor: Any, action: str, obj: Any) -> None:
    if not policy_for(obj).can(actor, action, obj):
        raise PermissionDenied


def _dates(obj: Any, names: tuple[str, ...]) -> None:
    today = datetime.date.today()
    errors = {n: _("This date is in the future.") for n in names if (v := getattr(obj, n)) and v > today}
    if errors:
        raise ValidationError(errors)


def add_need(*, actor: Any, case: Case, **fields: Any) -> FamilyNeed:
    _check(actor, Action.CHANGE, case)
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise ValueError(f"not need fields: {sorted(unknown)}")
    fields.setdefault("assessed_on", datetime.date.today())
    need = FamilyNeed(case=case, recorded_by=actor, **fields)
    _dates(need, ("assessed_on", "met_on"))
    if need.met_on and need.met_on < need.assessed_on:
        raise ValidationError({"met_on": _("The need was met before it was assessed.")})
    with transaction.atomic():
        need.full_clean()
        need.save()
        record(actor=actor, action="create", obj=need, detail={"case": case.pk, "need": need.need})
    return need


def mark_need_met(*, actor: Any, need: FamilyNeed, met_on: datetime.date | None = None) -> FamilyNeed:
    _check(actor, Action.CHANGE, need.case)
    with transaction.atomic():
        before = snapshot(need, ["met_on"])
        need.met_on = met_on or datetime.date.today()
        _dates(need, ("met_on",))
        if need.met_on < need.assessed_on:
            raise ValidationError({"met_on": _("The need was met before it was assessed.")})
        need.save(update_fields=["met_on"])
        record_change(actor=actor, before=before, after=snapshot(need, ["met_on"]), obj=need)
    return need


def add_support(*, actor: Any, case: Case, **fields: Any) -> FamilySupport:
    _check(actor, Action.CHANGE, case)
    unknown = set(fields) - set(SUPPORT_FIELDS)
    if unknown:
        raise ValueError(f"not support fields: {sorted(unknown)}")
    support = FamilySupport(case=case, recorded_by=actor, **fields)
    if support.need is not None and support.need.case_id != case.pk:
        raise ValidationError({"need": _("This need is of another case.")})
    if support.amount_usd is not None and support.amount_usd < Decimal(0):
        raise ValidationError({"amount_usd": _("An amount cannot be negative.")})
    _dates(support, ("given_on",))
    with transaction.atomic():
        support.full_clean()
        support.save()
        record(actor=actor, action="create", obj=support,
               detail={"case": case.pk, "kind": support.kind, "given": support.given_on is not None})  # fmt: skip
    return support


def needs_of(actor: Any, case: Case) -> QuerySet[FamilyNeed]:
    return FamilyNeedPolicy().of_case(actor, case)


def support_of(actor: Any, case: Case) -> QuerySet[FamilySupport]:
    return FamilySupportPolicy().of_case(actor, case).select_related("provider", "need")
