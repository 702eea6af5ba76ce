"""Reads of the migration app; each takes the acting user (or says why it is public)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from phlov.core.policies import Action
from phlov.migration.models import (
    Agency,
    AgencyStatus,
    Complaint,
    Disappearance,
    DisappearanceNotice,
    JobOrder,
    LicenceStatusChange,
    Worker,
)
from phlov.migration.policies import (
    AgencyPolicy,
    ComplaintPolicy,
    DisappearancePolicy,
    JobOrderPolicy,
    WorkerPolicy,
)


def public_agency_search(query: str) -> QuerySet[Agency]:
    """The public register (MoLVT publishes the list of licensed agencies): names, licences, destinations."""

    query = query.strip()
    if len(query) < 2:
        return Agency.objects.none()
    return (
        Agency.objects.filter(
            Q(name_en__icontains=query) | Q(name_km__icontains=query) | Q(licence_number__iexact=query)
        )
        .prefetch_related("destinations")
        .order_by("name_en")[:20]
    )


def public_suspensions(agency: Agency) -> QuerySet[LicenceStatusChange]:
    return agency.status_changes.filter(new_status__in=[AgencyStatus.SUSPENDED, AgencyStatus.REVOKED])


def visible_agencies(actor: Any) -> QuerySet[Agency]:
    return AgencyPolicy().restrict(actor).order_by("name_en")


def visible_job_orders(actor: Any, action: str = Action.VIEW) -> QuerySet[JobOrder]:
    return JobOrderPolicy().restrict(actor, action=action).select_related("agency", "employer", "destination")


def visible_workers(actor: Any, action: str = Action.VIEW) -> QuerySet[Worker]:
    return (
        WorkerPolicy().restrict(actor, action=action)
        .filter(historical_source="")
        .select_related("person", "job_order__agency", "job_order__destination", "job_order__employer")
    )  # fmt: skip


def visible_disappearances(actor: Any) -> QuerySet[Disappearance]:
    return (
        DisappearancePolicy()
        .restrict(actor)
        .select_related("worker__person", "worker__job_order__destination")
    )


def notices_sent_to(actor: Any) -> QuerySet[DisappearanceNotice]:
    """Disappearance notices the actor was told of (their desk's party), whatever their grants."""

    return (
        DisappearanceNotice.objects.filter(notifications__recipient_id=actor.pk)
        .distinct()
        .select_related("disappearance__worker__person", "disappearance__worker__job_order__destination")
    )  # fmt: skip


def visible_complaints(actor: Any) -> QuerySet[Complaint]:
    return ComplaintPolicy().restrict(actor).select_related("agency")
