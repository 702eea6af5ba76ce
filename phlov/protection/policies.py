"""Who may see and change protection records, and which of their fields.

A case belongs to its lead organisation (a grant reaches it when it covers that organisation
and, for grants narrowed to provinces, the person's province of origin); its caseworker is its
owner. Screenings, stage changes, trafficking events and follow-up visits are parts of the case
file and use the case's permissions (``protection.case:view|add|change|approve``), so no new
permission strings are needed.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from phlov.core.policies import Action, OrganisationScopedPolicy, grants_of, register
from phlov.core.sensitivity import FieldGroup
from phlov.protection import referral_access
from phlov.protection.models import Case, FollowUpVisit, Screening, StageChange, TraffickingEvent

APPROVE = "approve"

CASE_PERMISSION = "protection.case"


@register(Case)
class CasePolicy(OrganisationScopedPolicy[Case]):
    audit_reads = True
    organisation_field = "organisation"
    province_field = "person__origin_province"
    owner_field = "caseworker"
    sensitive_fields = {
        FieldGroup.SEXUAL_EXPLOITATION: ("sexual_exploitation_details",),
        FieldGroup.NARRATIVE: ("narrative", "closure_note"),
    }

    # An accepted referral lets the receiving organisation view the case (rules in
    # ``referral_access``); it never lets it change the case.
    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = super().visible(user, action)
        if action == Action.VIEW:
            q |= referral_access.cases_q(self._grants(user, action))
        return q

    def can(self, user: Any, action: str, obj: Case) -> bool:
        if super().can(user, action, obj):
            return True
        return action == Action.VIEW and referral_access.reaches(self._grants(user, action), obj)


def grant_reaches_case(user: Any, permission: str, case: Case) -> bool:
    """Whether a grant of ``permission`` reaches ``case`` by the case's own rule (its lead
    organisation and the person's province of origin), not by a referral or a broken glass."""

    path, province_id = case.organisation.path, case.person.origin_province_id
    return any(
        g.allows(permission)
        and path.startswith(g.organisation_path)
        and (not g.province_ids or province_id in g.province_ids)
        for g in grants_of(user)
    )


class CasePartPolicy(OrganisationScopedPolicy[Any]):
    organisation_field: ClassVar[str] = "case__organisation"
    province_field: ClassVar[str | None] = "case__person__origin_province"
    # ``of_case`` relies on it: a part is visible whenever a grant reaches its case's own
    # organisation and province; subclasses may only add ways in (referrals), never narrow it.
    # A subclass whose ``visible`` narrows that rule must set this to False.
    follows_case: ClassVar[bool] = True

    @classmethod
    def permission(cls, action: str) -> str:
        return f"{CASE_PERMISSION}:{action}"

    def of_case(self, user: Any, case: Case, action: str = Action.VIEW) -> QuerySet[Any]:
        """The parts of ``case`` the user may ``action``. A grant that reaches the case through
        its organisation and province reaches every part of it by the same rule: the parts are
        then read by the case alone, a statement without the policy's joins and subqueries (the
        case page reads several); otherwise through ``restrict``."""

        parts = self.model._default_manager.filter(case=case)
        if self._reaches_every_part(user, action, case):
            return parts
        return self.restrict(user, parts, action)

    def _reaches_every_part(self, user: Any, action: str, case: Case) -> bool:
        own_rule = (CasePartPolicy.organisation_field, CasePartPolicy.province_field)
        if not self.follows_case or (self.organisation_field, self.province_field) != own_rule:
            return False
        # The grants alone: a broken glass opens single parts, not the case's.
        return grant_reaches_case(user, self.permission(action), case)


@register(Screening)
class ScreeningPolicy(CasePartPolicy):
    audit_reads = True
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


# --- care plan, training and work, reintegration, HTCDS -----------------------------------
# Parts of the case file: the case's permissions, like the visits above.
from phlov.protection.models import (  # noqa: E402
    CareAssessment,
    CareItem,
    Course,
    Enrolment,
    FinancialSupport,
    HtcdsImport,
    HtcdsRecord,
    Placement,
    Reintegration,
    ServiceDelivery,
    TrainingInterest,
    VisitReminder,
)

EXPORT = "export"


@register(CareAssessment)
class CareAssessmentPolicy(CasePartPolicy):
    owner_field = "assessed_by"
    sensitive_fields = {FieldGroup.NARRATIVE: ("notes",)}


@register(CareItem)
class CareItemPolicy(CasePartPolicy):
    owner_field = "created_by"


@register(ServiceDelivery)
class ServiceDeliveryPolicy(CasePartPolicy):
    organisation_field = "item__case__organisation"
    province_field = "item__case__person__origin_province"
    owner_field = "recorded_by"
    sensitive_fields = {FieldGroup.NARRATIVE: ("description",)}


@register(TrainingInterest)
class TrainingInterestPolicy(CasePartPolicy):
    owner_field = "recorded_by"


@register(Course)
class CoursePolicy(CasePartPolicy):
    """A course is offered by an organisation; whoever works on its cases sees and fills it."""

    organisation_field = "organisation"
    province_field = None


@register(Enrolment)
class EnrolmentPolicy(CasePartPolicy):
    owner_field = "enrolled_by"


@register(Placement)
class PlacementPolicy(CasePartPolicy):
    owner_field = "recorded_by"


@register(Reintegration)
class ReintegrationPolicy(CasePartPolicy):
    owner_field = "recorded_by"
    sensitive_fields = {FieldGroup.CONTACT_LOCATION: ("place",)}


@register(FinancialSupport)
class FinancialSupportPolicy(CasePartPolicy):
    owner_field = "recorded_by"


@register(VisitReminder)
class VisitReminderPolicy(CasePartPolicy):
    organisation_field = "visit__case__organisation"
    province_field = "visit__case__person__origin_province"
    owner_field = "recipient"


@register(HtcdsImport)
class HtcdsImportPolicy(CasePartPolicy):
    organisation_field = "organisation"
    province_field = None
    owner_field = "imported_by"


@register(HtcdsRecord)
class HtcdsRecordPolicy(CasePartPolicy):
    pass
