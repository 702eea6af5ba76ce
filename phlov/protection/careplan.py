"""Assessment and care plan (writes and reads): needs in the seven reintegration domains, goals
with their services and providers, and the log of services delivered. Each write takes the acting
user, runs in one transaction and writes its audit row inside it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action
from phlov.protection import vocab
from phlov.protection.models import CareAssessment, CareItem, Case, ServiceDelivery
from phlov.protection.policies import CareAssessmentPolicy, CareItemPolicy, CasePolicy, ServiceDeliveryPolicy

ITEM_FIELDS = ("domain", "goal", "service", "provider", "provider_name", "starts_on", "due_on", "status")


def _may_change(actor: Any, case: Case) -> None:
    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied


def assess(
    *,
    actor: Any,
    case: Case,
    needs: dict[str, str],
    assessed_on: datetime.date | None = None,
    notes: str = "",
) -> CareAssessment:
    """Record the needs in every domain (a domain left out is 'not assessed')."""

    _may_change(actor, case)
    domains, levels = vocab.codes("care_domains"), vocab.codes("care_needs")
    unknown = sorted(set(needs) - domains) + sorted(v for v in needs.values() if v not in levels)
    if unknown:
        raise ValidationError(_("Unknown values: %(values)s") % {"values": ", ".join(unknown)})
    full = {t.code: needs.get(t.code) or "unknown" for t in vocab.terms("care_domains")}
    assessment = CareAssessment(case=case, assessed_on=assessed_on or datetime.date.today(), assessed_by=actor,
                                needs=full, notes=notes)  # fmt: skip
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
        record(actor=actor, action="create", obj=assessment, detail={"case": case.pk, "needs": full})
    return assessment


def _clean_item(item: CareItem) -> None:
    if item.starts_on and item.due_on and item.due_on < item.starts_on:
        raise ValidationError({"due_on": _("The end is before the start.")})
    item.full_clean()


def add_item(*, actor: Any, case: Case, **fields: Any) -> CareItem:
    _may_change(actor, case)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not care plan fields: {sorted(unknown)}")
    item = CareItem(case=case, created_by=actor, **fields)
    with transaction.atomic():
        _clean_item(item)
        item.save()
        record(actor=actor, action="create", obj=item, detail={"case": case.pk, "domain": item.domain})
    return item


def update_item(*, actor: Any, item: CareItem, **fields: Any) -> CareItem:
    _may_change(actor, item.case)
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"not care plan fields: {sorted(unknown)}")
    with transaction.atomic():
        before = snapshot(item, list(fields))
        for name, value in fields.items():
            setattr(item, name, value)
        _clean_item(item)
        item.save()
        record_change(actor=actor, before=before, after=snapshot(item, list(fields)), obj=item)
    return item


def log_delivery(
    *, actor: Any, item: CareItem, description: str, delivered_on: datetime.date | None = None
) -> ServiceDelivery:
    """Log a service delivered; a planned goal is then in progress."""

    _may_change(actor, item.case)
    day = delivered_on or datetime.date.today()
    if day > datetime.date.today():
        raise ValidationError({"delivered_on": _("A service cannot be logged in the future.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what was delivered.")})
    delivery = ServiceDelivery(
        item=item, delivered_on=day, recorded_by=actor, description=description.strip()
    )
    with transaction.atomic():
        delivery.full_clean()
        delivery.save()
        if item.status == "planned":
            item.status = "in_progress"
            item.save(update_fields=["status"])
        record(actor=actor, action="create", obj=delivery, detail={"case": item.case_id, "item": item.pk})
    return delivery


# --- reads ---------------------------------------------------------------------------------------


@dataclass
class DomainRow:
    code: str
    label: str
    need: str = "unknown"
    items: list[CareItem] = field(default_factory=list)

    @property
    def need_label(self) -> str:
        return str(vocab.label("care_needs", self.need))

    @property
    def delivered(self) -> int:
        return sum(len(getattr(i, "delivered_list", [])) for i in self.items)

    @property
    def uncovered(self) -> bool:
        """A need was assessed but no goal answers it."""

        return self.need in {"some", "high"} and not any(i.status != "cancelled" for i in self.items)


def plan(actor: Any, case: Case) -> list[DomainRow]:
    """The care plan of ``case`` by domain: the last assessed need, the goals, their deliveries."""

    latest = CareAssessmentPolicy().restrict(actor).filter(case=case).first()
    items = list(CareItemPolicy().restrict(actor).filter(case=case).select_related("provider"))
    deliveries = ServiceDeliveryPolicy().restrict(actor).filter(item__case=case).select_related("recorded_by")
    by_item: dict[int, list[ServiceDelivery]] = {}
    for delivery in deliveries:
        by_item.setdefault(delivery.item_id, []).append(delivery)
    rows = []
    for term in vocab.terms("care_domains"):
        row = DomainRow(term.code, term.label, (latest.needs.get(term.code) if latest else None) or "unknown")
        for item in items:
            if item.domain == term.code:
                item.delivered_list = by_item.get(item.pk, [])
                row.items.append(item)
        rows.append(row)
    return rows


def visible_items(actor: Any, action: str = Action.VIEW) -> QuerySet[CareItem]:
    return CareItemPolicy().restrict(actor, action=action).select_related("case", "case__person", "provider")
