"""Safe labour migration: agencies and licences, job orders, workers, complaints, rule data."""

from phlov.migration.models.agencies import (
    Agency,
    AgencyOfficer,
    AgencyStatus,
    Branch,
    LicenceStatusChange,
    TrainingCentre,
)
from phlov.migration.models.complaints import (
    Complaint,
    ComplaintCategory,
    ComplaintEvent,
    ComplaintStatus,
)
from phlov.migration.models.deployments import PublishedDeploymentFigure
from phlov.migration.models.disappearance import DisappearanceContact, DisappearanceUpdate
from phlov.migration.models.evaluation import (
    AgencyMeasure,
    Evaluation,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    EvaluationScore,
    MeasureKind,
)
from phlov.migration.models.inspections import (
    ChecklistItem,
    CorrectiveAction,
    Inspection,
    InspectionFinding,
    InspectionKind,
)
from phlov.migration.models.joborders import (
    Contract,
    CostLine,
    Employer,
    JobOrder,
    JobOrderStatus,
    Payer,
)
from phlov.migration.models.journey import (
    HealthCheck,
    Orientation,
    OrientationTopic,
    WorkerDocument,
    WorkerEvent,
)
from phlov.migration.models.rules import MinimumWage, RuleParameter
from phlov.migration.models.workers import (
    Disappearance,
    DisappearanceNotice,
    SearchStatus,
    Worker,
    WorkerStatus,
)

__all__ = [
    "Agency",
    "AgencyMeasure",
    "AgencyOfficer",
    "AgencyStatus",
    "Branch",
    "ChecklistItem",
    "Complaint",
    "ComplaintCategory",
    "ComplaintEvent",
    "ComplaintStatus",
    "Contract",
    "CorrectiveAction",
    "CostLine",
    "Disappearance",
    "DisappearanceContact",
    "DisappearanceNotice",
    "DisappearanceUpdate",
    "Employer",
    "Evaluation",
    "EvaluationBand",
    "EvaluationCriterion",
    "EvaluationRound",
    "EvaluationScore",
    "HealthCheck",
    "Inspection",
    "InspectionFinding",
    "InspectionKind",
    "JobOrder",
    "JobOrderStatus",
    "LicenceStatusChange",
    "MeasureKind",
    "MinimumWage",
    "Orientation",
    "OrientationTopic",
    "Payer",
    "PublishedDeploymentFigure",
    "RuleParameter",
    "SearchStatus",
    "TrainingCentre",
    "Worker",
    "WorkerDocument",
    "WorkerEvent",
    "WorkerStatus",
]
