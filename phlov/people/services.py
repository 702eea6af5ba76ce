"""Writes to the people registry. Each function takes the acting user first, checks the
person policy (raising PermissionDenied), runs in one transaction and writes its audit event
inside it; the search keys are rebuilt in the same transaction.

The audit trail says which fields changed, never the values of the identifying or sensitive
ones (names, date of birth, documents, phones, village, household, notes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from phlov.audit.services import REDACTED, record, record_change, snapshot
from phlov.core.policies import Action
from phlov.core.sensitivity import FieldGroup
from phlov.people.duplicates import Match, find_likely_duplicates
from phlov.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    Person,
    PersonName,
    PhoneNumber,
    Relationship,
)
from phlov.people.policies import SENSITIVE_FIELDS, PersonPolicy
from phlov.people.search_index import rebuild_keys

EDITABLE_FIELDS: tuple[str, ...] = (
    "family_name_km",
    "given_name_km",
    "family_name_latin",
    "given_name_latin",
    "sex",
    "birth_date",
    "birth_date_precision",
    "estimated_age",
    "age_estimated_on",
    "nationality",
    "ethnicity",
    "origin_village",
    "origin_province",
    "notes",
    "household",
)
AUDITED_FIELDS: tuple[str, ...] = ("organisation", *EDITABLE_FIELDS, "birth_year")
# Identifying values stay out of the trail as well as the sensitive groups' fields.
REDACTED_FIELDS: frozenset[str] = frozenset(
    {
        "family_name_km", "given_name_km", "family_name_latin", "given_name_latin", "birth_date",
        "estimated_age", "age_estimated_on", "birth_year",
        *(f for fields in SENSITIVE_FIELDS.values() for f in fields),
    }
)  # fmt: skip
LINKED_AT_CREATION = "linked to existing at creation"


class PossibleDuplicates(Exception):
    """The person looks like people already registered; the caller must link or confirm."""

    def __init__(self, matches: list[Match]):
        super().__init__(f"{len(matches)} likely duplicates")
        self.matches = matches


def _policy() -> PersonPolicy:
    return PersonPolicy()


def _require(actor: Any, action: str, person: Person) -> None:
    if not _policy().can(actor, action, person):
        raise PermissionDenied


def _require_group(actor: Any, group: str) -> None:
    if group not in _policy().field_groups(actor):
        raise PermissionDenied


def _assign(person: Person, data: Mapping[str, Any], actor: Any) -> None:
    hidden = _policy().hidden_fields(actor)
    for name, value in data.items():
        if name not in EDITABLE_FIELDS:
            raise ValidationError({name: "not a field that can be set"})
        field = Person._meta.get_field(name)
        assert isinstance(field, models.Field)
        current = getattr(person, field.attname)
        new = getattr(value, "pk", value)
        if name in hidden and current != new and not (current in (None, "") and new in (None, "")):
            raise PermissionDenied  # a field the actor may not see is not theirs to change
        if field.is_relation:
            setattr(person, field.attname, new if new not in ("",) else None)
        else:
            setattr(person, name, "" if value is None and not field.null else value)
    person.derive()


def build_name(person: Person, data: Mapping[str, Any]) -> PersonName:
    name = PersonName(
        person=person,
        **{k: v for k, v in data.items() if k in ("script", "family", "given", "kind", "source")},
    )
    if not name.script:
        from phlov.people.names import is_khmer

        name.script = "km" if is_khmer(f"{name.family}{name.given}") else "latin"
    name.full_clean(exclude=["person"])
    return name


def build_document(person: Person, data: Mapping[str, Any]) -> IdentityDocument:
    fields = {k: v for k, v in data.items() if k in ("kind", "number", "issued_on", "expires_on")}
    country = data.get("issuing_country")
    document = IdentityDocument(
        person=person, issuing_country_id=getattr(country, "pk", country) or None, **fields
    )
    document.full_clean(exclude=["person"])
    return document


def build_phone(person: Person, data: Mapping[str, Any] | str) -> PhoneNumber:
    if isinstance(data, str):
        data = {"number": data}
    phone = PhoneNumber(
        person=person, number=str(data.get("number", "")), note=str(data.get("note", "") or "")
    )
    phone.full_clean(exclude=["person"])
    return phone


def create_person(
    *,
    actor: Any,
    data: Mapping[str, Any],
    names: Iterable[Mapping[str, Any]] = (),
    documents: Iterable[Mapping[str, Any]] = (),
    phones: Iterable[Mapping[str, Any] | str] = (),
    confirmed_new: bool = False,
    link_to: Person | None = None,
) -> Person:
    """Register a person, or link to an existing one.

    With ``link_to`` (a person the actor may see) nothing is created: the decision is audited
    and that person returned. Otherwise likely duplicates raise :class:`PossibleDuplicates`
    unless ``confirmed_new`` (the audit event then says how many candidates were set aside).
    """

    if link_to is not None:
        _require(actor, Action.VIEW, link_to)
        with transaction.atomic():
            record(actor=actor, action="other", obj=link_to, detail={"note": LINKED_AT_CREATION})
        return link_to
    data = dict(data)
    organisation = data.pop("organisation", None) or getattr(actor, "organisation", None)
    if organisation is None:
        raise PermissionDenied
    person = Person(organisation=organisation)
    _assign(person, data, actor)
    names, documents, phones = list(names), list(documents), list(phones)
    if documents:
        _require_group(actor, FieldGroup.IDENTITY_DOCUMENTS)
    if phones:
        _require_group(actor, FieldGroup.CONTACT_LOCATION)
    person.full_clean(exclude=["household"])
    _require(actor, Action.ADD, person)
    built_names = [build_name(person, n) for n in names]
    built_documents = [build_document(person, d) for d in documents]
    built_phones = [build_phone(person, p) for p in phones]
    matches = find_likely_duplicates(actor=actor, data=data, phones=phones, documents=documents, names=names)
    if matches and not confirmed_new:
        raise PossibleDuplicates(matches)
    with transaction.atomic():
        person.save()
        for child in (*built_names, *built_documents, *built_phones):
            child.person = person  # type: ignore[attr-defined]
            child.save()
        rebuild_keys(person)
        detail = {"note": f"confirmed new despite {len(matches)} candidates"} if matches else None
        after = snapshot(person, AUDITED_FIELDS)
        if built_documents:
            after["documents"] = len(built_documents)
        if built_phones:
            after["phones"] = len(built_phones)
        record_change(
            actor=actor,
            before={},
            after=after,
            obj=person,
            sensitive=REDACTED_FIELDS,
            action="create",
            detail=detail,
        )
    return person


def update_person(*, actor: Any, person: Person, data: Mapping[str, Any]) -> Person:
    """Change a person's fields; the person must stay within the actor's reach."""

    _require(actor, Action.CHANGE, person)
    before = snapshot(person, AUDITED_FIELDS)
    _assign(person, data, actor)
    person.full_clean()
    _require(actor, Action.CHANGE, person)
    with transaction.atomic():
        person.save()
        rebuild_keys(person)
        record_change(
            actor=actor,
            before=before,
            after=snapshot(person, AUDITED_FIELDS),
            obj=person,
            sensitive=REDACTED_FIELDS,
        )
    return person


def _touched(actor: Any, person: Person, part: str, change: str) -> None:
    rebuild_keys(person)
    record(actor=actor, action="update", obj=person, changes={part: dict(REDACTED)}, detail={change: part})


def add_name(*, actor: Any, person: Person, data: Mapping[str, Any]) -> PersonName:
    _require(actor, Action.CHANGE, person)
    name = build_name(person, data)
    with transaction.atomic():
        name.save()
        _touched(actor, person, "names", "added")
    return name


def remove_name(*, actor: Any, name: PersonName) -> None:
    person = name.person
    _require(actor, Action.CHANGE, person)
    with transaction.atomic():
        name.delete()
        _touched(actor, person, "names", "removed")


def add_document(*, actor: Any, person: Person, data: Mapping[str, Any]) -> IdentityDocument:
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.IDENTITY_DOCUMENTS)
    document = build_document(person, data)
    with transaction.atomic():
        document.save()
        _touched(actor, person, "documents", "added")
    return document


def remove_document(*, actor: Any, document: IdentityDocument) -> None:
    person = document.person
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.IDENTITY_DOCUMENTS)
    with transaction.atomic():
        document.delete()
        _touched(actor, person, "documents", "removed")


def add_phone(*, actor: Any, person: Person, number: str, note: str = "") -> PhoneNumber:
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    phone = build_phone(person, {"number": number, "note": note})
    with transaction.atomic():
        phone.save()
        _touched(actor, person, "phones", "added")
    return phone


def remove_phone(*, actor: Any, phone: PhoneNumber) -> None:
    person = phone.person
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    with transaction.atomic():
        phone.delete()
        _touched(actor, person, "phones", "removed")


def _require_household(actor: Any, household: Household) -> None:
    from phlov.people.policies import HouseholdPolicy

    if not HouseholdPolicy().can(actor, Action.CHANGE, household):
        raise PermissionDenied


def _household_event(actor: Any, household: Household, change: str, person: Person) -> None:
    # Who was added or removed is named by id only: the names stay out of the trail.
    record(
        actor=actor,
        action="update",
        obj=household,
        changes={"members": dict(REDACTED)},
        detail={change: person.pk},
    )


def create_household(*, actor: Any, head: Person, village: Any = None, idpoor_number: str = "") -> Household:
    """A household headed by ``head`` (who becomes its first member)."""

    _require(actor, Action.CHANGE, head)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    if HouseholdMember.objects.filter(person=head).exists():
        raise ValidationError(_("This person is already a member of a household."))
    with transaction.atomic():
        household = Household(
            organisation=head.organisation,
            head=head,
            village=village or head.origin_village,
            idpoor_number=idpoor_number,
        )
        household.full_clean()
        household.save()
        HouseholdMember.objects.create(household=household, person=head, relationship=Relationship.HEAD)
        head.household = household
        head.save(update_fields=["household", "updated_at"])
        record(actor=actor, action="create", obj=household, changes={"head": dict(REDACTED)})
    return household


def add_household_member(
    *, actor: Any, household: Household, person: Person, relationship: str
) -> HouseholdMember:
    """Add ``person`` with their ``relationship`` to the head (not "head": see :func:`set_household_head`)."""

    _require_household(actor, household)
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    if relationship == Relationship.HEAD:
        raise ValidationError(
            {"relationship": _("A household has one head; make this member the head instead.")}
        )
    if HouseholdMember.objects.filter(person=person).exclude(household=household).exists():
        raise ValidationError(_("This person is already a member of another household."))
    with transaction.atomic():
        member = HouseholdMember(household=household, person=person, relationship=relationship)
        member.full_clean()
        member.save()
        person.household = household
        person.save(update_fields=["household", "updated_at"])
        record(actor=actor, action="update", obj=person, changes={"household": dict(REDACTED)})
        _household_event(actor, household, "added", person)
    return member


def remove_household_member(*, actor: Any, member: HouseholdMember) -> None:
    """Take a member out of their household; the head stays until another member is made head."""

    household, person = member.household, member.person
    _require_household(actor, household)
    _require(actor, Action.CHANGE, person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    if household.head_id == person.pk and household.members.count() > 1:
        raise ValidationError(_("Make another member the head before removing the head."))
    with transaction.atomic():
        member.delete()
        if household.head_id == person.pk:
            household.head = None
            household.save(update_fields=["head", "updated_at"])
        if person.household_id == household.pk:
            person.household = None
            person.save(update_fields=["household", "updated_at"])
            record(actor=actor, action="update", obj=person, changes={"household": dict(REDACTED)})
        _household_event(actor, household, "removed", person)


def set_household_head(
    *, actor: Any, member: HouseholdMember, former_head_relationship: str = Relationship.OTHER
) -> Household:
    """Make ``member`` the head. Relationships are to the head: the former head's becomes
    ``former_head_relationship``; the others' should be checked by the user (the page says so)."""

    household = member.household
    _require_household(actor, household)
    _require(actor, Action.CHANGE, member.person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    if former_head_relationship == Relationship.HEAD:
        raise ValidationError({"former_head_relationship": _("A household has one head.")})
    with transaction.atomic():
        household.members.filter(relationship=Relationship.HEAD).exclude(pk=member.pk).update(
            relationship=former_head_relationship
        )
        member.relationship = Relationship.HEAD
        member.save(update_fields=["relationship"])
        household.head = member.person
        household.save(update_fields=["head", "updated_at"])
        record(
            actor=actor,
            action="update",
            obj=household,
            changes={"head": dict(REDACTED)},
            detail={"head": member.person.pk},
        )
    return household


def change_household_relationship(
    *, actor: Any, member: HouseholdMember, relationship: str
) -> HouseholdMember:
    """Correct a member's relationship to the head."""

    _require_household(actor, member.household)
    _require(actor, Action.CHANGE, member.person)
    _require_group(actor, FieldGroup.CONTACT_LOCATION)
    if (relationship == Relationship.HEAD) != (member.household.head_id == member.person_id):
        raise ValidationError(
            {"relationship": _("Only the head is the head; make this member the head instead.")}
        )
    with transaction.atomic():
        member.relationship = relationship
        member.full_clean()
        member.save(update_fields=["relationship"])
        record(actor=actor, action="update", obj=member.household, changes={"relationship": dict(REDACTED)})
    return member
