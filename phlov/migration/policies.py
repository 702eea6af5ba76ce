"""Who may see and change migration records.

Agency organisations sit below the licensing ministry: a ministry grant reaches every agency
below it, an agency staff grant only its own agency. Rows hanging off an agency, job order,
worker or complaint take that parent's permission and organisation.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q

from phlov.core.policies import Action, OrganisationScopedPolicy, Policy, grants_of, register
from phlov.migration.models import (
    Agency,
    AgencyMeasure,
    AgencyOfficer,
    Branch,
    ChecklistItem,
    Complaint,
    ComplaintEvent,
    Contract,
    CorrectiveAction,
    CostLine,
    Disappearance,
    DisappearanceNotice,
    Employer,
    Evaluation,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    EvaluationScore,
    Inspection,
    InspectionFinding,
    JobOrder,
    LicenceStatusChange,
    MinimumWage,
    RuleParameter,
    TrainingCentre,
    Worker,
)


class PartPolicy(OrganisationScopedPolicy[Any]):
    """A row that takes another model's permission (``permission_model``)."""

    permission_model: ClassVar[str] = ""

    @classmethod
    def permission(cls, action: str) -> str:
        return f"migration.{cls.permission_model}:{action}"


@register(Agency)
class AgencyPolicy(OrganisationScopedPolicy[Agency]):
    organisation_field = "organisation"


@register(LicenceStatusChange)
class LicenceStatusChangePolicy(PartPolicy):
    permission_model = "agency"
    organisation_field = "agency__organisation"


@register(AgencyOfficer)
class AgencyOfficerPolicy(PartPolicy):
    permission_model = "agency"
    organisation_field = "agency__organisation"


@register(Branch)
class BranchPolicy(PartPolicy):
    permission_model = "agency"
    organisation_field = "agency__organisation"


@register(TrainingCentre)
class TrainingCentrePolicy(PartPolicy):
    permission_model = "agency"
    organisation_field = "agency__organisation"


@register(JobOrder)
class JobOrderPolicy(OrganisationScopedPolicy[JobOrder]):
    organisation_field = "agency__organisation"

    def can_decide(self, user: Any, order: JobOrder) -> bool:
        """Approve or return: a labour officer of an organisation above the agency, never the agency itself."""

        path = order.agency.organisation.path
        return any(
            g.allows(self.permission(Action.CHANGE))
            and path.startswith(g.organisation_path)
            and path != g.organisation_path
            for g in grants_of(user)
        )


@register(CostLine)
class CostLinePolicy(PartPolicy):
    permission_model = "joborder"
    organisation_field = "job_order__agency__organisation"


@register(Worker)
class WorkerPolicy(OrganisationScopedPolicy[Worker]):
    audit_reads = True
    organisation_field = "job_order__agency__organisation"


@register(Contract)
class ContractPolicy(PartPolicy):
    permission_model = "worker"
    organisation_field = "worker__job_order__agency__organisation"


@register(Disappearance)
class DisappearancePolicy(PartPolicy):
    audit_reads = True
    permission_model = "worker"
    organisation_field = "worker__job_order__agency__organisation"


@register(DisappearanceNotice)
class DisappearanceNoticePolicy(PartPolicy):
    permission_model = "worker"
    organisation_field = "disappearance__worker__job_order__agency__organisation"


@register(Complaint)
class ComplaintPolicy(OrganisationScopedPolicy[Complaint]):
    audit_reads = True
    organisation_field = "organisation"


@register(ComplaintEvent)
class ComplaintEventPolicy(PartPolicy):
    permission_model = "complaint"
    organisation_field = "complaint__organisation"


class SharedReferencePolicy(Policy[Any]):
    """Rows every holder of a migration permission reads (employers, rule data); written by services only."""

    def _reaches(self, user: Any) -> bool:
        return any(p.startswith("migration.") for g in grants_of(user) for p in g.permissions)

    def visible(self, user: Any, action: str = Action.VIEW) -> Q:
        return Q() if action == Action.VIEW and self._reaches(user) else Q(pk__in=[])

    def can(self, user: Any, action: str, obj: Any) -> bool:
        return action == Action.VIEW and self._reaches(user)


@register(Employer)
class EmployerPolicy(SharedReferencePolicy):
    pass


@register(RuleParameter)
class RuleParameterPolicy(SharedReferencePolicy):
    pass


@register(MinimumWage)
class MinimumWagePolicy(SharedReferencePolicy):
    pass


# -- Inspections (Prakas 250), evaluation and the agency's record (Prakas 251) ---------------


def _above(user: Any, permission: str, path: str) -> bool:
    """A grant of an organisation strictly above ``path``: an agency never inspects or rates itself."""

    return any(
        g.allows(permission) and path.startswith(g.organisation_path) and path != g.organisation_path
        for g in grants_of(user)
    )


@register(Inspection)
class InspectionPolicy(OrganisationScopedPolicy[Inspection]):
    organisation_field = "agency__organisation"

    def can(self, user: Any, action: str, obj: Inspection) -> bool:
        if action in (Action.ADD, Action.CHANGE):
            return _above(user, self.permission(action), obj.agency.organisation.path)
        return super().can(user, action, obj)

    def can_inspect(self, user: Any, agency: Agency) -> bool:
        return _above(user, self.permission(Action.ADD), agency.organisation.path)


@register(InspectionFinding)
class InspectionFindingPolicy(PartPolicy):
    permission_model = "inspection"
    organisation_field = "inspection__agency__organisation"


@register(CorrectiveAction)
class CorrectiveActionPolicy(PartPolicy):
    permission_model = "inspection"
    organisation_field = "inspection__agency__organisation"


@register(EvaluationRound)
class EvaluationRoundPolicy(PartPolicy):
    permission_model = "evaluation"
    organisation_field = "organisation"


@register(Evaluation)
class EvaluationPolicy(PartPolicy):
    permission_model = "evaluation"
    organisation_field = "round__organisation"


@register(EvaluationScore)
class EvaluationScorePolicy(PartPolicy):
    permission_model = "evaluation"
    organisation_field = "evaluation__round__organisation"


@register(AgencyMeasure)
class AgencyMeasurePolicy(PartPolicy):
    """On the agency's record: seen by whoever sees the agency; written by the services of its source."""

    permission_model = "agency"
    organisation_field = "agency__organisation"


@register(ChecklistItem)
class ChecklistItemPolicy(SharedReferencePolicy):
    pass


@register(EvaluationCriterion)
class EvaluationCriterionPolicy(SharedReferencePolicy):
    pass


@register(EvaluationBand)
class EvaluationBandPolicy(SharedReferencePolicy):
    pass
