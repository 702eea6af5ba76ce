"""FR-17, FR-19, FR-26 (a job order's agency and employer), FR-27 (training centre), FR-30 (agency)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.migration.checks.base import Severity, param, rule, today


@rule(
    "FR-17",
    _("Licence valid for the date and destination"),
    Severity.BLOCKING,
    "MoLVT per-destination list of licensed agencies (2025) [V]",
    ("joborder",),
)
def licensed(order: Any) -> str | Promise | None:
    if not order.agency.licensed_for(order.destination_id, today()):
        return _("The agency is not licensed for this destination today.")
    return None


@rule(
    "FR-19",
    _("Employer verified"),
    Severity.BLOCKING,
    "Philippines MWO/POLO [V]; Nepal attestation [V]; UN SR blacklist [V]",
    ("joborder",),
)
def employer_verified(order: Any) -> str | Promise | None:
    if order.employer.verified_on is None or order.employer.blacklisted:
        return _("The employer is not verified, or is blacklisted.")
    return None


@rule(
    "FR-26", _("Advertisement approved"), Severity.REVIEW, "MoLVT notices of 2016 and 2025 [V]", ("joborder",)
)
def advert(order: Any) -> str | Promise | None:
    published, approved = order.advert_published_at, order.advert_approved_at
    if published and (approved is None or approved > published):
        return _("The job was advertised without the ministry's approval.")
    return None


@rule(
    "FR-27",
    _("Trainee welfare in the training centre"),
    Severity.REVIEW,
    "MoLVT 2016 standards [V]; HRW and LICADHO on confinement [V]",
    ("trainingcentre",),
)
def welfare(centre: Any) -> str | Promise | None:
    if (
        not centre.registered
        or centre.restricts_leaving
        or centre.restricts_phones
        or (centre.longest_stay_days > param("training_max_stay_days"))
    ):
        return _("The centre is unregistered, keeps trainees too long, or restricts leaving or phones.")
    return None


@rule(
    "FR-30",
    _("Repeat offender"),
    Severity.REVIEW,
    "UN Special Rapporteur A/78/180 [V]; Cambodian licence renting [V]",
    ("agency",),
)
def repeat_offender(agency: Any) -> str | Promise | None:
    from phlov.migration.models import AgencyOfficer, AgencyStatus

    revoked = AgencyOfficer.objects.filter(agency__status=AgencyStatus.REVOKED).exclude(agency=agency)
    for officer in agency.officers.all():
        same = Q(name__iexact=officer.name)
        if officer.id_number:
            same |= Q(id_number=officer.id_number)
        if officer.phone:
            same |= Q(phone=officer.phone)
        if revoked.filter(same).exists():
            return _("An owner or director was an officer of a revoked agency.")
    others = type(agency).objects.filter(status=AgencyStatus.REVOKED).exclude(pk=agency.pk)
    if agency.address and others.filter(address__iexact=agency.address).exists():
        return _("The address is that of a revoked agency.")
    if agency.phone and others.filter(phone=agency.phone).exists():
        return _("The phone is that of a revoked agency.")
    return None
