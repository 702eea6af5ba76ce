from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.audit.services import record
from phlov.core.policies import Action, grants_of
from phlov.migration.models import Agency, AgencyStatus, LicenceStatusChange
from phlov.migration.policies import AgencyPolicy
from phlov.migration.services.common import require
from phlov.places.models import Place


def create_agency(
    *, actor: Any, parent: Organisation, data: Mapping[str, Any], destinations: Iterable[Place] = ()
) -> Agency:
    """License an agency: its organisation is created below ``parent`` (the licensing authority)."""

    permission = AgencyPolicy.permission(Action.ADD)
    if not any(
        g.allows(permission) and parent.path.startswith(g.organisation_path) for g in grants_of(actor)
    ):
        raise PermissionDenied
    if Organisation.objects.filter(parent=parent, name_en=data["name_en"]).exists():
        raise ValidationError({"name_en": _("An organisation with this name is already registered here.")})
    with transaction.atomic():
        organisation = Organisation.objects.create(
            kind=OrganisationKind.RECRUITMENT_AGENCY,
            name_en=data["name_en"],
            name_km=data.get("name_km", ""),
            parent=parent,
        )
        agency = Agency(organisation=organisation, **dict(data))
        agency.full_clean(exclude=["organisation"])
        agency.save()
        agency.destinations.set(list(destinations))
        record(actor=actor, action="create", obj=agency, detail={"licence": agency.licence_number})
    return agency


def change_licence_status(
    *, actor: Any, agency: Agency, status: str, reason: str, until: datetime.date | None = None
) -> LicenceStatusChange:
    require(actor, Action.CHANGE, agency)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    if status == AgencyStatus.SUSPENDED and until is None:
        raise ValidationError({"until": _("A suspension needs an end date.")})
    with transaction.atomic():
        change = LicenceStatusChange.objects.create(
            agency=agency,
            old_status=agency.status,
            new_status=status,
            until=until,
            reason=reason,
            changed_by=actor,
        )
        agency.status = status
        agency.suspended_until = until if status == AgencyStatus.SUSPENDED else None
        agency.save(update_fields=["status", "suspended_until", "updated_at"])
        record(
            actor=actor, action="migration.licence_status", obj=agency, detail={"to": status}, reason=reason
        )
    return change


def update_licence(
    *, actor: Any, agency: Agency, data: Mapping[str, Any], destinations: Iterable[Place] | None = None
) -> Agency:
    """Renew or amend a licence: its dates and the countries it may send workers to."""

    require(actor, Action.CHANGE, agency)
    before = {"issued": str(agency.licence_issued), "expires": str(agency.licence_expires),
              "destinations": sorted(agency.destinations.values_list("code", flat=True))}  # fmt: skip
    for field, value in data.items():
        setattr(agency, field, value)
    agency.full_clean(exclude=["organisation"])
    with transaction.atomic():
        agency.save()
        if destinations is not None:
            agency.destinations.set(list(destinations))
        after = {"issued": str(agency.licence_issued), "expires": str(agency.licence_expires),
                 "destinations": sorted(agency.destinations.values_list("code", flat=True))}  # fmt: skip
        record(
            actor=actor,
            action="update",
            obj=agency,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    return agency


def add_site(*, actor: Any, agency: Agency, kind: str, data: Mapping[str, Any]) -> Any:
    """Add a branch, a training centre, or an owner or director to the agency's file."""

    from phlov.migration.models import AgencyOfficer, Branch, TrainingCentre

    require(actor, Action.CHANGE, agency)
    model = {"branch": Branch, "training_centre": TrainingCentre, "officer": AgencyOfficer}[kind]
    site = model(agency=agency, **dict(data))
    site.full_clean()
    with transaction.atomic():
        site.save()
        record(
            actor=actor,
            action="create",
            obj=site,
            organisation=agency.organisation.parent or agency.organisation,
        )
    return site
