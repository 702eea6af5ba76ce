from phlov.protection.models.case import Case, StageChange, TraffickingEvent
from phlov.protection.models.followup import FollowUpVisit
from phlov.protection.models.screening import Screening, SourceKind

__all__ = ["Case", "FollowUpVisit", "Screening", "SourceKind", "StageChange", "TraffickingEvent"]
