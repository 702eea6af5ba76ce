"""FR-16, FR-18, FR-20, FR-25, FR-28 (a worker) and FR-29 (a disappearance)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.migration.checks.base import Severity, param, rule, today

WORKER = ("worker",)


@rule(
    "FR-16",
    _("Minimum age"),
    Severity.BLOCKING,
    "IRIS A.3 [V]; corridor minimums (e.g. Malaysia domestic work 21) [V]",
    WORKER,
)
def minimum_age(worker: Any) -> str | Promise | None:
    born = worker.person.birth_date
    if born is None:
        return _("The worker's date of birth is unknown.")
    on = worker.departure_date or today()
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    least = max(int(param("minimum_age")), worker.job_order.min_age or 0)
    if age < least:
        return _("The worker is %(age)s; the minimum is %(least)s.") % {"age": age, "least": least}
    return None


@rule(
    "FR-18",
    _("Job order approved before recruitment"),
    Severity.BLOCKING,
    "Thailand MoU abuse pattern [V]; Nepal pre-approval [V]",
    WORKER,
)
def approved_first(worker: Any) -> str | Promise | None:
    order = worker.job_order
    if order.status != "approved" or order.decided_at is None:
        return _("The job order is not approved.")
    approved_on = timezone.localdate(order.decided_at)
    for day in (worker.fee_paid_at, worker.documents_collected_at):
        if day and day < approved_on:
            return _("Fees or documents were taken before the job order was approved.")
    if worker.pk and timezone.localdate(worker.created_at) < approved_on:
        return _("The worker was registered before the job order was approved.")
    return None


@rule(
    "FR-20",
    _("Deployment deadline"),
    Severity.REVIEW,
    "61% of Cambodian complaints are deployment delays [V]; MoLVT Notification 24 timelines [V]",
    WORKER,
)
def deployed_in_time(worker: Any) -> str | Promise | None:
    late = worker.fee_paid_at and (today() - worker.fee_paid_at).days > param("deployment_deadline_days")
    if late and worker.departure_date is None:
        return _("Not deployed within the deadline after payment.")
    return None


@rule(
    "FR-25",
    _("Orientation completed by the person deployed"),
    Severity.BLOCKING,
    "Prakas 46/13 [U details]; Nepal NIDMIS [V]; Philippines PEOS [V]",
    WORKER,
)
def oriented(worker: Any) -> str | Promise | None:
    if worker.orientation_completed_at is None or not worker.orientation_identity_verified:
        return _("Pre-departure orientation is not completed by this person.")
    return None


@rule("FR-28", _("Consent to share data"), Severity.REVIEW, "IRIS F [V principle]", WORKER)
def consent(worker: Any) -> str | Promise | None:
    if not worker.data_transfer_consent:
        return _("No consent to share the worker's data with the employer.")
    return None


@rule(
    "FR-29",
    _("Disappearance notified in time"),
    Severity.BLOCKING,
    "SD 190 Arts 31-32 [U]; Taiwan Employment Service Act Art. 56 (3 days) [V]",
    ("disappearance",),
)
def notified(disappearance: Any) -> str | Promise | None:
    limit = datetime.timedelta(hours=float(param("disappearance_notify_hours")))
    parties = {"embassy", "interior", "labour"}
    sent = {
        n.party
        for n in disappearance.notices.all()
        if n.sent_at and n.sent_at - disappearance.created_at <= limit
    }
    if parties - sent:
        return _("Not every party was notified in time.")
    return None
