"""A consistent world where every fair-recruitment check passes; tests spoil one thing at a time."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.migration import services
from phlov.migration.models import (
    Agency,
    AgencyOfficer,
    Contract,
    Disappearance,
    DisappearanceNotice,
    Employer,
    JobOrder,
    JobOrderStatus,
    TrainingCentre,
    Worker,
)
from phlov.places.models import Place

TODAY = datetime.date(2025, 6, 1)


def country(code: str) -> Place:
    return Place.objects.get(kind="country", code=code)


def ministry() -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.MINISTRY, name_en="MoLVT", name_km="ក្រសួងការងារ")


def user_with(role: str, org: Organisation) -> User:
    user = User.objects.create_user(
        username=f"{role}.{org.pk}.{User.objects.count()}", password="x" * 20, organisation=org
    )
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role), organisation=org)
    return user


def make_agency(
    inspector: User,
    parent: Organisation,
    name: str = "Angkor Manpower",
    licence: str = "PRA-001",
    destinations: tuple[str, ...] = ("TH",),
) -> Agency:
    return services.create_agency(
        actor=inspector, parent=parent,
        data={"name_en": name, "name_km": "អង្គរ", "licence_number": licence,
              "licence_issued": datetime.date(2020, 1, 1), "licence_expires": datetime.date(2099, 1, 1),
              "address": f"{licence} Street 1, Phnom Penh", "phone": f"0{licence[-3:]}000"},
        destinations=[country(c) for c in destinations],
    )  # fmt: skip


GOOD_TERMS: dict[str, Any] = {
    "position": "Factory worker", "worksite": "Rayong", "wage_amount": Decimal("400"), "wage_currency": "THB",
    "wage_period": "day", "pay_frequency_days": 30, "paid_to_own_account": True, "hours_per_day": Decimal("8"),
    "days_per_week": 6, "overtime_rate": Decimal("1.5"), "leave_days": 6, "contract_months": 24,
    "accommodation": "Dormitory provided free", "insurance": "Thai social security", "languages": "km,th",
    "passport_custody": "worker", "notice_days": 30, "return_travel_payer": "employer",
    "grievance_channels": "MoLVT hotline 1297; embassy; MRC",
}  # fmt: skip


def make_job_order(officer: User, agency: Agency, **changes: Any) -> JobOrder:
    employer = Employer.objects.create(
        name="Rayong Plastics Co.",
        address="1 Industrial Rd, Rayong",
        country=country("TH"),
        verified_by="Labour attaché, Bangkok",
        verified_on=datetime.date(2025, 1, 10),
    )
    data = {
        "agency": agency,
        "destination": country("TH"),
        "employer": employer,
        "sector_isic": "2220",
        "positions_count": 20,
        **GOOD_TERMS,
        **changes,
    }
    costs = [
        {
            "category": "recruitment_fee",
            "purpose": "Agency service",
            "amount": Decimal("3000"),
            "currency": "THB",
            "payer": "employer",
        },
        {
            "category": "related_cost",
            "purpose": "Visa",
            "amount": Decimal("2000"),
            "currency": "THB",
            "payer": "employer",
        },
    ]
    return services.create_job_order(actor=officer, data=data, costs=costs)  # fmt: skip


def approve(order: JobOrder, officer: User) -> JobOrder:
    JobOrder.objects.filter(pk=order.pk).update(
        status=JobOrderStatus.APPROVED,
        decided_at=timezone.make_aware(datetime.datetime(2025, 2, 1)),
        decided_by=officer,
    )
    order.refresh_from_db()
    return order


def make_worker(order: JobOrder, officer: User, person: Any) -> Worker:
    worker = Worker.objects.create(
        job_order=order,
        person=person,
        registered_by=officer,
        fee_paid_at=datetime.date(2025, 3, 1),
        documents_collected_at=datetime.date(2025, 3, 1),
        orientation_completed_at=datetime.date(2025, 3, 20),
        orientation_identity_verified=True,
        data_transfer_consent=True,
        departure_date=datetime.date(2025, 4, 1),
    )
    Worker.objects.filter(pk=worker.pk).update(created_at=timezone.make_aware(datetime.datetime(2025, 2, 15)))
    worker.refresh_from_db()
    return worker


def make_contract(worker: Worker, **changes: Any) -> Contract:
    data = {
        **GOOD_TERMS,
        "employer_name": "Rayong Plastics Co.",
        "delivered_at": datetime.date(2025, 2, 20),
        "signed_at": datetime.date(2025, 2, 25),
        **changes,
    }
    return Contract.objects.create(kind="employment", worker=worker, job_order=worker.job_order, **data)


def make_centre(agency: Agency, **changes: Any) -> TrainingCentre:
    data = {"name": "Centre", "address": "Kandal", "registered": True, "longest_stay_days": 60, **changes}
    return TrainingCentre.objects.create(agency=agency, **data)


def make_disappearance(worker: Worker, officer: User, late: bool = False) -> Disappearance:
    case = Disappearance.objects.create(worker=worker, last_contact_at=timezone.now(), reported_by=officer)
    when = case.created_at + datetime.timedelta(hours=100 if late else 1)
    for party in ("embassy", "interior", "labour"):
        DisappearanceNotice.objects.create(
            disappearance=case, party=party, email=f"{party}@example.org", sent_at=when
        )
    return case


def add_officer(agency: Agency, name: str, id_number: str = "") -> AgencyOfficer:
    return AgencyOfficer.objects.create(agency=agency, kind="director", name=name, id_number=id_number)


def ministry_named(name: str) -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.MINISTRY, name_en=name, name_km=name)
