"""Writes of the migration app: each takes the acting user, runs in one transaction and audits inside it."""

from phlov.migration.services.agencies import change_licence_status, create_agency
from phlov.migration.services.common import Blocked
from phlov.migration.services.complaints import (
    acknowledge_complaint,
    add_complaint_step,
    flag_for_trafficking_screening,
    lodge_complaint,
)
from phlov.migration.services.joborders import (
    approve_job_order,
    create_job_order,
    register_worker,
    return_job_order,
    submit_job_order,
)

__all__ = [
    "Blocked",
    "acknowledge_complaint",
    "add_complaint_step",
    "approve_job_order",
    "change_licence_status",
    "create_agency",
    "create_job_order",
    "flag_for_trafficking_screening",
    "lodge_complaint",
    "register_worker",
    "return_job_order",
    "submit_job_order",
]
