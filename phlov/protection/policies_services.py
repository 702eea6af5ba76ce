"""Policies of repatriation, shelters, referrals, the family and re-trafficking alerts.

Repatriations and their steps, household needs and family support are parts of the case file:
they use the case's permissions (``protection.case:view|add|change``) and reach, for viewing,
an organisation that holds an accepted referral of the case (``referral_access``).

A shelter belongs to its organisation (``protection.shelter:*``). A stay
(``protection.shelterstay:*``) is seen by the shelter's organisation and by the case's: the
shelter must know who sleeps there, the caseworker where their person is. A referral
(``protection.referral:*``) is seen by the sending and the receiving organisation, before and
after it is answered (the history of a transfer stays with both).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from phlov.core.policies import Action, OrganisationScopedPolicy, Policy, break_glass_ids, grants_of, register
from phlov.core.sensitivity import FieldGroup
from phlov.protection import referral_access
from phlov.protection.models import (
    FamilyNeed,
    FamilySupport,
    Referral,
    Repatriation,
    RepatriationStep,
    RetraffickingAlert,
    Shelter,
    ShelterStay,
)
from phlov.protection.policies import CASE_PERMISSION, CasePartPolicy, grant_reaches_case


class ReferredCasePartPolicy(CasePartPolicy):
    """A part of the case file, also seen (never changed) by a receiver of an accepted referral."""

    case_field: ClassVar[str] = "case"

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = super().visible(user, action)
        if action == Action.VIEW:
            q |= referral_access.cases_q(
                self._grants(user, action), case_field=self.case_field,
                province_field=f"{self.case_field}__person__origin_province",
            )  # fmt: skip
        return q

    def _case(self, obj: Any) -> Any:
        node = obj
        for part in self.case_field.split("__"):
            node = getattr(node, part, None)
        return node

    def can(self, user: Any, action: str, obj: Any) -> bool:
        if super().can(user, action, obj):
            return True
        return action == Action.VIEW and referral_access.reaches(self._grants(user, action), self._case(obj))


@register(Repatriation)
class RepatriationPolicy(ReferredCasePartPolicy):
    audit_reads = True
    sensitive_fields = {FieldGroup.NARRATIVE: ("notes",)}


@register(RepatriationStep)
class RepatriationStepPolicy(ReferredCasePartPolicy):
    organisation_field = "repatriation__case__organisation"
    province_field = "repatriation__case__person__origin_province"
    case_field = "repatriation__case"


@register(FamilyNeed)
class FamilyNeedPolicy(ReferredCasePartPolicy):
    owner_field = "recorded_by"
    sensitive_fields = {FieldGroup.NARRATIVE: ("description",)}


@register(FamilySupport)
class FamilySupportPolicy(ReferredCasePartPolicy):
    owner_field = "recorded_by"


@register(Shelter)
class ShelterPolicy(OrganisationScopedPolicy[Shelter]):
    organisation_field = "organisation"


@register(ShelterStay)
class ShelterStayPolicy(Policy[ShelterStay]):
    """Reached from the shelter's organisation or from the case's (provinces narrow the latter)."""

    audit_reads = True
    owner_field = "requested_by"
    sensitive_fields = {FieldGroup.NARRATIVE: ("notes", "discharge_note", "review_note")}

    def _grants(self, user: Any, action: str) -> list[Any]:
        permission = self.permission(action)
        return [g for g in grants_of(user) if g.allows(permission)]

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = Q(pk__in=[])
        if action == Action.VIEW:
            opened = break_glass_ids(user, ShelterStay)
            if opened:
                q |= Q(pk__in=sorted(opened))
        for grant in self._grants(user, action):
            q |= Q(shelter__organisation__path__startswith=grant.organisation_path)
            case_term = Q(case__organisation__path__startswith=grant.organisation_path)
            if grant.province_ids:
                case_term &= Q(case__person__origin_province__in=sorted(grant.province_ids))
            q |= case_term
        return q

    def of_case(self, user: Any, case: Any) -> QuerySet[ShelterStay]:
        """The stays of ``case`` the user may see: all of them when a grant reaches the case
        (the statement then has no policy joins), else through ``restrict``."""

        stays = ShelterStay.objects.filter(case=case)
        if grant_reaches_case(user, self.permission(Action.VIEW), case):
            return stays
        return self.restrict(user, stays)

    def can(self, user: Any, action: str, obj: ShelterStay) -> bool:
        if action == Action.VIEW and str(obj.pk) in break_glass_ids(user, ShelterStay):
            return True
        shelter_path = obj.shelter.organisation.path
        case_path = obj.case.organisation.path
        province_id = obj.case.person.origin_province_id
        for grant in self._grants(user, action):
            if shelter_path.startswith(grant.organisation_path):
                return True
            if case_path.startswith(grant.organisation_path) and (
                not grant.province_ids or province_id in grant.province_ids
            ):
                return True
        return False

    def owning_organisation_path(self, obj: ShelterStay) -> str | None:
        return str(obj.shelter.organisation.path)

    def responsible_users(self, obj: ShelterStay) -> list[Any]:
        return [obj.requested_by]


@register(Referral)
class ReferralPolicy(Policy[Referral]):
    """Seen and acted on by the sending and the receiving organisation."""

    audit_reads = True
    sensitive_fields = {FieldGroup.NARRATIVE: ("details", "note")}

    def _grants(self, user: Any, action: str) -> list[Any]:
        permission = self.permission(action)
        return [g for g in grants_of(user) if g.allows(permission)]

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = Q(pk__in=[])
        for grant in self._grants(user, action):
            q |= Q(from_organisation__path__startswith=grant.organisation_path)
            q |= Q(to_organisation__path__startswith=grant.organisation_path)
        return q

    def can(self, user: Any, action: str, obj: Referral) -> bool:
        return any(self.side(g.organisation_path, obj) for g in self._grants(user, action))

    @staticmethod
    def side(path: str, obj: Referral) -> str:
        """``from``, ``to`` or empty: which end of the referral an organisation path is on."""

        if obj.to_organisation.path.startswith(path):
            return "to"
        if obj.from_organisation.path.startswith(path):
            return "from"
        return ""

    def sides(self, user: Any, action: str, obj: Referral) -> set[str]:
        return {s for g in self._grants(user, action) if (s := self.side(g.organisation_path, obj))}

    def owning_organisation_path(self, obj: Referral) -> str | None:
        return str(obj.from_organisation.path)

    def responsible_users(self, obj: Referral) -> list[Any]:
        return [obj.sent_by]


@register(RetraffickingAlert)
class RetraffickingAlertPolicy(Policy[RetraffickingAlert]):
    """Seen by those who see either case (the alert is for the earlier caseworker)."""

    @classmethod
    def permission(cls, action: str) -> str:
        return f"{CASE_PERMISSION}:{action}"

    def _grants(self, user: Any, action: str) -> list[Any]:
        permission = self.permission(action)
        return [g for g in grants_of(user) if g.allows(permission)]

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        q = Q(pk__in=[])
        for grant in self._grants(user, action):
            for field in ("case", "earlier_case"):
                term = Q(**{f"{field}__organisation__path__startswith": grant.organisation_path})
                if grant.province_ids:
                    term &= Q(**{f"{field}__person__origin_province__in": sorted(grant.province_ids)})
                q |= term
        return q

    def of_case(self, user: Any, case: Any) -> QuerySet[RetraffickingAlert]:
        """The alerts on ``case`` (as the later or the earlier case) the user may see: all of
        them when a grant reaches the case, since either case of an alert opens it."""

        alerts = RetraffickingAlert.objects.filter(Q(case=case) | Q(earlier_case=case))
        if grant_reaches_case(user, self.permission(Action.VIEW), case):
            return alerts
        return self.restrict(user, alerts)

    def can(self, user: Any, action: str, obj: RetraffickingAlert) -> bool:
        return type(obj)._default_manager.filter(pk=obj.pk).filter(self.visible(user, action)).exists()
