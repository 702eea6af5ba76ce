"""Writes of shelters: facilities and their capacity, the waiting list, admission (never past
capacity), discharge, and the review of a stay longer than usual."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action, policy_for
from phlov.protection import servicedata
from phlov.protection.models import Case, Shelter, ShelterStay, StayStatus

SHELTER_FIELDS = ("name_en", "name_km", "kind", "province", "capacity", "is_active")


def _check(actor: Any, action: str, obj: Any) -> None:
    if not policy_for(obj).can(actor, action, obj):
        raise PermissionDenied


def _not_future(day: datetime.date, field: str) -> None:
    if day > datetime.date.today():
        raise ValidationError({field: _("This date is in the future.")})


def add_shelter(*, actor: Any, organisation: Any = None, **fields: Any) -> Shelter:
    unknown = set(fields) - set(SHELTER_FIELDS)
    if unknown:
        raise ValueError(f"not shelter fields: {sorted(unknown)}")
    shelter = Shelter(organisation=organisation or actor.organisation, **fields)
    _check(actor, Action.ADD, shelter)
    with transaction.atomic():
        shelter.full_clean()
        shelter.save()
        record(actor=actor, action="create", obj=shelter, detail={"capacity": shelter.capacity})
    return shelter


def update_shelter(*, actor: Any, shelter: Shelter, **fields: Any) -> Shelter:
    _check(actor, Action.CHANGE, shelter)
    unknown = set(fields) - set(SHELTER_FIELDS)
    if unknown:
        raise ValueError(f"not shelter fields: {sorted(unknown)}")
    with transaction.atomic():
        before = snapshot(shelter, fields)
        for name, value in fields.items():
            setattr(shelter, name, value)
        shelter.full_clean()
        shelter.save()
        record_change(actor=actor, before=before, after=snapshot(shelter, fields), obj=shelter)
    return shelter


def occupied(shelter: Shelter) -> int:
    return shelter.stays.filter(status=StayStatus.ADMITTED).count()


def _admit(stay: ShelterStay, day: datetime.date) -> None:
    # Lock the shelter so two admissions cannot both take its last place.
    shelter = Shelter.objects.select_for_update().get(pk=stay.shelter_id)
    if not shelter.is_active:
        raise ValidationError(_("This shelter is closed."))
    if occupied(shelter) >= shelter.capacity:
        raise ValidationError(
            _("%(shelter)s is full (%(capacity)d places). Keep the person on the waiting list.")
            % {"shelter": shelter.name, "capacity": shelter.capacity}
        )
    if ShelterStay.objects.filter(case=stay.case, status=StayStatus.ADMITTED).exclude(pk=stay.pk).exists():
        raise ValidationError(_("This person is already staying in a shelter; discharge them first."))
    stay.status, stay.admitted_on = StayStatus.ADMITTED, day


def ask_for_place(
    *,
    actor: Any,
    case: Case,
    shelter: Shelter,
    requested_on: datetime.date | None = None,
    admit: bool = False,
    notes: str = "",
) -> ShelterStay:
    """Put the person on the shelter's waiting list, or admit them at once when ``admit``."""

    _check(actor, Action.VIEW, case)
    day = requested_on or datetime.date.today()
    _not_future(day, "requested_on")
    stay = ShelterStay(shelter=shelter, case=case, requested_on=day, requested_by=actor, notes=notes)
    _check(actor, Action.ADD, stay)
    if ShelterStay.objects.filter(case=case, shelter=shelter, status=StayStatus.WAITING).exists():
        raise ValidationError(_("This person is already on this shelter's waiting list."))
    with transaction.atomic():
        if admit:
            _admit(stay, day)
        stay.full_clean()
        stay.save()
        record(actor=actor, action="protection.shelter_stay", obj=stay,
               detail={"shelter": shelter.pk, "case": case.pk, "status": stay.status})  # fmt: skip
    return stay


def admit(*, actor: Any, stay: ShelterStay, admitted_on: datetime.date | None = None) -> ShelterStay:
    _check(actor, Action.CHANGE, stay)
    if stay.status != StayStatus.WAITING:
        raise ValidationError(_("Only a person on the waiting list can be admitted."))
    day = admitted_on or datetime.date.today()
    _not_future(day, "admitted_on")
    if day < stay.requested_on:
        raise ValidationError({"admitted_on": _("The admission is before the place was asked for.")})
    with transaction.atomic():
        _admit(stay, day)
        stay.save(update_fields=["status", "admitted_on", "updated_at"])
        record(actor=actor, action="protection.shelter_stay", obj=stay,
               detail={"status": stay.status, "admitted_on": day.isoformat()})  # fmt: skip
    return stay


def discharge(
    *,
    actor: Any,
    stay: ShelterStay,
    destination: str,
    discharged_on: datetime.date | None = None,
    note: str = "",
) -> ShelterStay:
    _check(actor, Action.CHANGE, stay)
    if stay.status != StayStatus.ADMITTED or stay.admitted_on is None:
        raise ValidationError(_("Only a person staying in the shelter can be discharged."))
    if destination not in {i.code for i in servicedata.items("shelters.json", "discharge_destinations")}:
        raise ValidationError({"destination": _("Choose where the person goes.")})
    day = discharged_on or datetime.date.today()
    _not_future(day, "discharged_on")
    if day < stay.admitted_on:
        raise ValidationError({"discharged_on": _("The discharge is before the admission.")})
    with transaction.atomic():
        stay.status, stay.discharged_on = StayStatus.DISCHARGED, day
        stay.discharge_destination, stay.discharge_note = destination, note.strip()
        stay.save()
        record(actor=actor, action="protection.shelter_stay", obj=stay,
               detail={"status": stay.status, "destination": destination, "months": stay.months_stayed()})  # fmt: skip
    return stay


def cancel_waiting(*, actor: Any, stay: ShelterStay, note: str = "") -> ShelterStay:
    _check(actor, Action.CHANGE, stay)
    if stay.status != StayStatus.WAITING:
        raise ValidationError(_("Only a person on the waiting list can be taken off it."))
    with transaction.atomic():
        stay.status = StayStatus.CANCELLED
        if note.strip():
            stay.notes = f"{stay.notes}\n{note.strip()}".strip()
        stay.save(update_fields=["status", "notes", "updated_at"])
        record(actor=actor, action="protection.shelter_stay", obj=stay, detail={"status": stay.status})
    return stay


def review_long_stay(
    *, actor: Any, stay: ShelterStay, note: str, reviewed_on: datetime.date | None = None
) -> ShelterStay:
    _check(actor, Action.CHANGE, stay)
    if stay.status != StayStatus.ADMITTED:
        raise ValidationError(_("Only a current stay can be reviewed."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the review decided.")})
    day = reviewed_on or datetime.date.today()
    _not_future(day, "reviewed_on")
    with transaction.atomic():
        before = snapshot(stay, ["reviewed_on", "review_note"])
        stay.reviewed_on, stay.review_note = day, note.strip()
        stay.save(update_fields=["reviewed_on", "review_note", "updated_at"])
        record_change(actor=actor, before=before, after=snapshot(stay, ["reviewed_on", "review_note"]), obj=stay,
                      reason=note.strip())  # fmt: skip
    return stay
