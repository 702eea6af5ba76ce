"""Who may see and change people, and which of their fields.

A person belongs to the organisation that registered them and is placed in the province of
their village of origin: a grant reaches the person when it covers that organisation and,
for grants narrowed to provinces, that province. A person without a province of origin is
outside every province-narrowed grant.

Names, documents and phones are reached only through a visible person; documents and phones
also need the field group they belong to (identity_documents, contact_location).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db.models import Q

from phlov.core.policies import Action, Grant, OrganisationScopedPolicy, grants_of, register
from phlov.core.sensitivity import FieldGroup
from phlov.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    ImportJob,
    Person,
    PersonName,
    PersonSearchKey,
    PhoneNumber,
)

SENSITIVE_FIELDS: dict[str, tuple[str, ...]] = {
    FieldGroup.IDENTITY_DOCUMENTS: ("documents",),
    FieldGroup.CONTACT_LOCATION: ("phones", "origin_village", "household"),
    FieldGroup.NARRATIVE: ("notes",),
}


@register(Person)
class PersonPolicy(OrganisationScopedPolicy[Person]):
    audit_reads = True
    organisation_field = "organisation"
    province_field = "origin_province"
    sensitive_fields = SENSITIVE_FIELDS

    def field_groups(self, user: Any) -> set[str]:
        groups: set[str] = set()
        for grant in grants_of(user):
            groups |= grant.field_groups
        return groups


class PersonPartPolicy(OrganisationScopedPolicy[Any]):
    """Rows that hang off a person: the person's permissions, plus a field group if any."""

    organisation_field: ClassVar[str] = "person__organisation"
    province_field: ClassVar[str | None] = "person__origin_province"
    field_group: ClassVar[str | None] = None

    @classmethod
    def permission(cls, action: str) -> str:
        return f"people.person:{action}"

    def _grants(self, user: Any, action: str) -> Iterable[Grant]:
        grants = super()._grants(user, action)
        if self.field_group is None:
            return grants
        return [g for g in grants if self.field_group in g.field_groups]


@register(PersonName)
class PersonNamePolicy(PersonPartPolicy):
    pass


@register(PersonSearchKey)
class PersonSearchKeyPolicy(PersonPartPolicy):
    """The search keys of the people one may see (the search itself uses the copies of the
    scope the keys carry: ``selectors.key_scope``)."""


@register(IdentityDocument)
class IdentityDocumentPolicy(PersonPartPolicy):
    field_group = FieldGroup.IDENTITY_DOCUMENTS


@register(PhoneNumber)
class PhoneNumberPolicy(PersonPartPolicy):
    field_group = FieldGroup.CONTACT_LOCATION


@register(HouseholdMember)
class HouseholdMemberPolicy(PersonPartPolicy):
    field_group = FieldGroup.CONTACT_LOCATION


@register(Household)
class HouseholdPolicy(PersonPartPolicy):
    organisation_field = "organisation"
    province_field = None
    field_group = FieldGroup.CONTACT_LOCATION


@register(ImportJob)
class ImportJobPolicy(OrganisationScopedPolicy[ImportJob]):
    """An import is seen by the person who started it, while they may still register people in
    its organisation: its report names rows of their file and people it resembles."""

    organisation_field = "organisation"

    @classmethod
    def permission(cls, action: str) -> str:
        return f"people.person:{Action.ADD}"

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        return super().visible(user, action) & Q(started_by_id=getattr(user, "pk", None))

    def can(self, user: Any, action: str, obj: ImportJob) -> bool:
        return obj.started_by_id == getattr(user, "pk", None) and super().can(user, action, obj)
