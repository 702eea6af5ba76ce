"""Demo records of the migration app, loaded by ``phlov demo`` through ``MigrationConfig.load_demo``.

Everything here is invented. Each concern has its own function, and each is idempotent (the
demo runs again on an existing database): it looks its records up by a natural key first.
"""

from __future__ import annotations

import datetime
from typing import Any

from phlov.places.models import Place

# (licence number, English name, Khmer name, destinations) -- invented agencies.
DEMO_AGENCIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("DEMO-PRA-101", "Mekong Bridge Manpower (invented)", "ក្រុមហ៊ុនស្ពានមេគង្គ (សាកល្បង)", ("TH", "MY")),
    ("DEMO-PRA-102", "Angkor Skills Overseas (invented)", "ក្រុមហ៊ុនជំនាញអង្គរ (សាកល្បង)", ("JP",)),
)


def load_agencies(*, users: dict[str, Any], organisations: dict[str, Any]) -> dict[str, Any]:
    """Licensed agencies below the labour ministry (licensed by the demo agency inspector)."""

    from phlov.migration.models import Agency
    from phlov.migration.services import create_agency

    inspector = users.get("agency_inspector")
    ministry = organisations.get("molvt")
    made: dict[str, Any] = {}
    if inspector is None or ministry is None:
        return made
    for licence, name_en, name_km, countries in DEMO_AGENCIES:
        agency = Agency.objects.filter(licence_number=licence).first()
        if agency is None:
            agency = create_agency(
                actor=inspector, parent=ministry,
                data={"name_en": name_en, "name_km": name_km, "licence_number": licence,
                      "licence_issued": datetime.date(2024, 1, 1), "licence_expires": datetime.date(2029, 12, 31),
                      "address": "Phnom Penh (invented)", "phone": "023 000 000"},
                destinations=list(Place.objects.filter(kind="country", code__in=countries)),
            )  # fmt: skip
        made[licence] = agency
    return made


# --- the worker's journey and disappearance notices ----------------------------------------

DEMO_TERMS: dict[str, Any] = {
    "position": "Factory worker (invented)", "worksite": "Rayong", "wage_amount": "400", "wage_currency": "THB",
    "wage_period": "day", "pay_frequency_days": 30, "paid_to_own_account": True, "hours_per_day": "8",
    "days_per_week": 6, "overtime_rate": "1.5", "leave_days": 6, "contract_months": 24,
    "accommodation": "Dormitory provided free", "insurance": "Thai social security", "languages": "km,th",
    "notice_days": 30, "return_travel_payer": "employer", "grievance_channels": "MoLVT hotline 1297; embassy; MRC",
}  # fmt: skip

# (party, organisation key or None, e-mail address, destination code or None, escalation only)
DEMO_CONTACTS: tuple[tuple[str, str | None, str, str | None, bool], ...] = (
    ("labour", "molvt", "migration.desk@molvt.example.org", None, False),
    ("interior", "mol", "duty.officer@interior.example.org", None, False),
    ("embassy", None, "labour.attache@bangkok-embassy.example.org", "TH", False),
    ("labour", None, "director.migration@molvt.example.org", None, True),
)


def load_disappearance_contacts(*, organisations: dict[str, Any]) -> None:
    """Who is told when a worker goes missing: each party's desk, configured as data."""

    from phlov.migration.models import DisappearanceContact

    for party, org_key, email, country, escalation in DEMO_CONTACTS:
        DisappearanceContact.objects.get_or_create(
            party=party, email=email, escalation=escalation,
            defaults={"organisation": organisations.get(org_key) if org_key else None,
                      "destination": Place.objects.filter(kind="country", code=country).first() if country else None},
        )  # fmt: skip


def load_worker_journey(*, users: dict[str, Any], organisations: dict[str, Any], agency: Any) -> None:
    """A job order with a blocking finding to fix (passport kept by the employer, FR-14), a person in
    the registry to register against it once approved, and a worker already abroad (to report missing).
    The demo agency staff member also works for the first demo agency, so they draft and fix its job orders."""

    from django.utils import timezone

    from phlov.accounts.models import Role, RoleAssignment
    from phlov.migration.models import Employer, JobOrder, Worker
    from phlov.people.models import Person

    staff, officer = users.get("agency_staff"), users.get("labour_officer")
    if staff is None or officer is None or agency is None:
        return
    RoleAssignment.objects.get_or_create(
        user=staff, role=Role.objects.get(code="agency_staff"), organisation=agency.organisation
    )
    thailand = Place.objects.get(kind="country", code="TH")
    employer, _made = Employer.objects.get_or_create(
        name="Rayong Plastics Co. (invented)", country=thailand,
        defaults={"address": "1 Industrial Road, Rayong", "verified_by": "Labour attaché, Bangkok",
                  "verified_on": datetime.date(2025, 1, 10)},
    )  # fmt: skip
    base = {
        "agency": agency,
        "destination": thailand,
        "employer": employer,
        "sector_isic": "2220",
        **DEMO_TERMS,
    }
    if not JobOrder.objects.filter(
        agency=agency, position=DEMO_TERMS["position"], positions_count=25
    ).exists():
        JobOrder.objects.create(**base, positions_count=25, passport_custody="employer")
    Person.objects.get_or_create(
        organisation=agency.organisation, family_name_latin="Nhem", given_name_latin="Sreyneang",
        defaults={"family_name_km": "ញឹម", "given_name_km": "ស្រីនាង", "sex": "female",
                  "birth_date": datetime.date(1998, 3, 14)},
    )  # fmt: skip
    abroad, _made = Person.objects.get_or_create(
        organisation=agency.organisation, family_name_latin="Chea", given_name_latin="Sokha",
        defaults={"family_name_km": "ជា", "given_name_km": "សុខា", "sex": "male", "birth_date": datetime.date(1994, 8, 2)},
    )  # fmt: skip
    if not Worker.objects.filter(person=abroad).exists():
        approved = JobOrder.objects.create(
            **base, positions_count=10, status="approved", decided_at=timezone.now() - datetime.timedelta(days=200),
            decided_by=officer,
        )  # fmt: skip
        today = timezone.localdate()
        Worker.objects.create(
            person=abroad, job_order=approved, registered_by=staff, status="abroad", data_transfer_consent=True,
            orientation_completed_at=today - datetime.timedelta(days=120), orientation_identity_verified=True,
            departure_date=today - datetime.timedelta(days=100), arrived_at=today - datetime.timedelta(days=99),
        )  # fmt: skip


# --- oversight: an inspection with an overdue corrective action, an evaluation round -------


def load_oversight(*, users: dict[str, Any], organisations: dict[str, Any], agencies: dict[str, Any]) -> None:
    """One unannounced inspection of the first demo agency (passports found, action overdue) and a
    scored 2024-2025 evaluation round, so the inspector's pages are not empty."""

    from decimal import Decimal

    from django.utils import timezone

    from phlov.migration.models import EvaluationCriterion, EvaluationRound, Inspection
    from phlov.migration.services import evaluation, inspections

    inspector, ministry = users.get("agency_inspector"), organisations.get("molvt")
    first, second = agencies.get(DEMO_AGENCIES[0][0]), agencies.get(DEMO_AGENCIES[1][0])
    if inspector is None or ministry is None or first is None or second is None:
        return
    today = timezone.localdate()
    if not Inspection.objects.filter(agency=first, team="Demo inspection team (invented)").exists():
        visit = inspections.plan_inspection(
            actor=inspector, agency=first,
            data={"kind": "unannounced", "planned_for": today - datetime.timedelta(days=30),
                  "team": "Demo inspection team (invented)"},
        )  # fmt: skip
        items = {item.code: item for item in inspections.checklist_for(visit)}
        results = {item.pk: ("compliant", "") for item in items.values()}
        results[items["PRA-07"].pk] = ("non_compliant", "Nine workers' passports kept in the office safe.")
        findings = inspections.record_findings(
            actor=inspector,
            inspection=visit,
            results=results,
            visited_on=today - datetime.timedelta(days=30),
            summary="Passports kept by the agency; otherwise compliant.",
        )
        failed = next(f for f in findings if f.result == "non_compliant")
        inspections.add_corrective_action(
            actor=inspector,
            inspection=visit,
            finding=failed,
            description="Return every passport to its worker.",
            due_on=today - datetime.timedelta(days=16),
        )
    if not EvaluationRound.objects.filter(organisation=ministry, label="2024-2025 (demo)").exists():
        period = evaluation.open_round(actor=inspector, organisation=ministry, data={
            "label": "2024-2025 (demo)", "period_start": datetime.date(2024, 1, 1),
            "period_end": datetime.date(2025, 12, 31), "panel_government": "MoLVT",
            "panel_employers": "ACRA (invented delegate)", "panel_workers": "Trade union (invented delegate)",
        })  # fmt: skip
        criteria = list(EvaluationCriterion.objects.filter(active=True))
        for agency, value in ((first, Decimal(6)), (second, Decimal(9))):
            evaluation.score_agency(
                actor=inspector,
                evaluation_round=period,
                agency=agency,
                scores={c.pk: (value, "") for c in criteria},
            )


def load(*, users: dict[str, Any], organisations: dict[str, Any]) -> None:
    agencies = load_agencies(users=users, organisations=organisations)
    load_oversight(users=users, organisations=organisations, agencies=agencies)
    load_disappearance_contacts(organisations=organisations)
    load_worker_journey(users=users, organisations=organisations, agency=agencies.get(DEMO_AGENCIES[0][0]))
