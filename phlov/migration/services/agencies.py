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
    if not any(g.allows(permission) and parent.path.startswith(g.organisation_path) for g in grants_of(actor)):
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation.objects.create(
            kind=OrganisationKind.RECRUITMENT_AGENCY, name_en=data["name_en"], name_km=data.get("name_km", ""),
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
            agency=agency, old_status=agency.status, new_status=status, until=until, reason=reason, changed_by=actor
        )
        agency.status = status
        agency.suspended_until = until if status == AgencyStatus.SUSPENDED else None
        agency.save(update_fields=["status", "suspended_until", "updated_at"])
        record(actor=actor, action="migration.licence_status", obj=agency, detail={"to": status}, reason=reason)
    return change
