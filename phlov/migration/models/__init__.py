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
from phlov.migration.models.joborders import (
    Contract,
    CostLine,
    Employer,
    JobOrder,
    JobOrderStatus,
    Payer,
)
from phlov.migration.models.rules import MinimumWage, RuleParameter
from phlov.migration.models.workers import Disappearance, DisappearanceNotice, Worker

__all__ = [
    "Agency",
    "AgencyOfficer",
    "AgencyStatus",
    "Branch",
    "Complaint",
    "ComplaintCategory",
    "ComplaintEvent",
    "ComplaintStatus",
    "Contract",
    "CostLine",
    "Disappearance",
    "DisappearanceNotice",
    "Employer",
    "JobOrder",
    "JobOrderStatus",
    "LicenceStatusChange",
    "MinimumWage",
    "Payer",
    "RuleParameter",
    "TrainingCentre",
    "Worker",
]
