from phlov.protection.models.case import Case, StageChange, TraffickingEvent
from phlov.protection.models.followup import FollowUpVisit
from phlov.protection.models.screening import Screening, SourceKind

__all__ = ["Case", "FollowUpVisit", "Screening", "SourceKind", "StageChange", "TraffickingEvent"]

from phlov.protection.models.careplan import CareAssessment, CareItem, ServiceDelivery
from phlov.protection.models.htcds import HtcdsImport, HtcdsRecord
from phlov.protection.models.reintegration import FinancialSupport, Reintegration, VisitReminder
from phlov.protection.models.training import Course, Enrolment, Placement, TrainingInterest

__all__ += [
    "CareAssessment", "CareItem", "Course", "Enrolment", "FinancialSupport", "HtcdsImport", "HtcdsRecord",
    "Placement", "Reintegration", "ServiceDelivery", "TrainingInterest", "VisitReminder",
]  # fmt: skip

from phlov.protection.models.family import FamilyNeed, FamilySupport  # noqa: E402
from phlov.protection.models.referrals import Referral, ReferralKind, ReferralStatus  # noqa: E402
from phlov.protection.models.repatriation import Repatriation, RepatriationStep  # noqa: E402
from phlov.protection.models.retrafficking import RetraffickingAlert  # noqa: E402
from phlov.protection.models.shelters import Shelter, ShelterStay, StayStatus  # noqa: E402

__all__ += [
    "FamilyNeed", "FamilySupport", "Referral", "ReferralKind", "ReferralStatus", "Repatriation", "RepatriationStep",
    "RetraffickingAlert", "Shelter", "ShelterStay", "StayStatus",
]  # fmt: skip
