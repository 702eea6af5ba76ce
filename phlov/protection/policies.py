"""Who may see and change protection records, and which of their fields.

A case belongs to its lead organisation (a grant reaches it when it covers that organisation
and, for grants narrowed to provinces, the person's province of origin); its caseworker is its
owner. Screenings, stage changes, trafficking events and follow-up visits are parts of the case
file and use the case's permissions (``protection.case:view|add|change|approve``), so no new
permission strings are needed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from phlov.core.policies import OrganisationScopedPolicy, register
from phlov.core.sensitivity import FieldGroup
from phlov.protection.models import Case, FollowUpVisit, Screening, StageChange, TraffickingEvent

APPROVE = "approve"

CASE_PERMISSION = "protection.case"


@register(Case)
class CasePolicy(OrganisationScopedPolicy[Case]):
    organisation_field = "organisation"
    province_field = "person__origin_province"
    owner_field = "caseworker"
    sensitive_fields = {
        FieldGroup.SEXUAL_EXPLOITATION: ("sexual_exploitation_details",),
        FieldGroup.NARRATIVE: ("narrative", "closure_note"),
    }


class CasePartPolicy(OrganisationScopedPolicy[Any]):
    organisation_field: ClassVar[str] = "case__organisation"
    province_field: ClassVar[str | None] = "case__person__origin_province"

    @classmethod
    def permission(cls, action: str) -> str:
        return f"{CASE_PERMISSION}:{action}"


@register(Screening)
class ScreeningPolicy(CasePartPolicy):
    organisation_field = "organisation"
    province_field = "person__origin_province"
    owner_field = "screened_by"
    sensitive_fields = {FieldGroup.NARRATIVE: ("notes",)}


@register(StageChange)
class StageChangePolicy(CasePartPolicy):
    pass


@register(TraffickingEvent)
class TraffickingEventPolicy(CasePartPolicy):
    sensitive_fields = {FieldGroup.NARRATIVE: ("description",)}


@register(FollowUpVisit)
class FollowUpVisitPolicy(CasePartPolicy):
    owner_field = "visited_by"
    sensitive_fields = {FieldGroup.HEALTH: ("wellbeing",), FieldGroup.NARRATIVE: ("notes",)}
