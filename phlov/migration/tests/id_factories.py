"""Out-of-scope objects for ``tests/security/test_id_walk.py``: every migration URL with an id.

Each factory makes an object of another organisation (an agency licensed by another ministry,
a complaint received by the stranger office, a round run by it) and returns the URL kwargs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from phlov.accounts.models import Organisation, OrganisationKind, User


def _other_ministry() -> tuple[Organisation, User]:
    from phlov.migration.tests import helpers

    ministry = Organisation.objects.create(
        kind=OrganisationKind.MINISTRY, name_en=f"Walk labour ministry {Organisation.objects.count()}"
    )
    return ministry, helpers.user_with("agency_inspector", ministry)


def _agency() -> Any:
    from phlov.migration.tests import helpers

    ministry, inspector = _other_ministry()
    return helpers.make_agency(inspector, ministry, licence=f"WALK-H1-{Organisation.objects.count()}")


def _inspection() -> Any:
    from phlov.migration.models import Inspection

    agency = _agency()
    inspector = User.objects.filter(assignments__organisation=agency.organisation.parent).get()
    return Inspection.objects.create(
        agency=agency,
        kind="planned",
        planned_for=datetime.date(2025, 1, 1),
        visited_on=datetime.date(2025, 1, 2),
        inspector=inspector,
    )


def _corrective_action() -> Any:
    from phlov.migration.models import CorrectiveAction

    return CorrectiveAction.objects.create(
        inspection=_inspection(), description="Return the passports", due_on=datetime.date(2025, 2, 1)
    )


def _round(stranger: Organisation) -> Any:
    from phlov.migration.models import EvaluationRound

    return EvaluationRound.objects.create(
        organisation=stranger,
        label="2023-2024",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        panel_government="MoLVT",
        panel_employers="ACRA",
        panel_workers="union",
    )


def _evaluation(stranger: Organisation, stranger_user: User) -> Any:
    from phlov.migration.models import Evaluation

    return Evaluation.objects.create(
        round=_round(stranger), agency=_agency(), total=Decimal("50"), scored_by=stranger_user
    )


def _complaint(stranger: Organisation) -> Any:
    from phlov.migration.models import Complaint

    return Complaint.objects.create(
        organisation=stranger,
        reference_hash=f"walk{Complaint.objects.count()}".ljust(64, "0"),
        lodged_by="family",
        complainant_name="Walk",
        respondent_kind="broker",
        category="wages",
        description="x",
        due_by=datetime.date(2025, 1, 10),
    )


def _worker(stranger_user: User) -> Any:
    """A worker of an agency licensed by another ministry."""

    from phlov.migration.models import Employer, JobOrder, Worker
    from phlov.people.models import Person
    from phlov.places.models import Place

    agency = _agency()
    thailand = Place.objects.get(kind="country", code="TH")
    employer = Employer.objects.create(name="Walk employer", country=thailand)
    order = JobOrder.objects.create(
        agency=agency, destination=thailand, employer=employer, sector_isic="2220", positions_count=1,
        position="Walk", wage_amount=Decimal("400"), wage_currency="THB", status="approved",
    )  # fmt: skip
    person = Person.objects.create(organisation=agency.organisation, family_name_latin="Walk")
    return Worker.objects.create(person=person, job_order=order, registered_by=stranger_user)


def _disappearance(stranger_user: User) -> Any:
    from django.utils import timezone

    from phlov.migration.models import Disappearance, DisappearanceNotice

    case = Disappearance.objects.create(
        worker=_worker(stranger_user), last_contact_at=timezone.now(), reported_by=stranger_user
    )
    DisappearanceNotice.objects.create(disappearance=case, party="labour", email="walk@example.org")
    return case


def factories(stranger: Organisation, stranger_user: User) -> dict[str, Callable[[], dict[str, Any]]]:
    def agency() -> dict[str, Any]:
        return {"pk": _agency().pk}

    def inspection() -> dict[str, Any]:
        return {"pk": _inspection().pk}

    def complaint() -> dict[str, Any]:
        return {"pk": _complaint(stranger).pk}

    def evaluation_round() -> dict[str, Any]:
        return {"pk": _round(stranger).pk}

    return {
        # agencies
        "migration:agency": agency,
        "migration:agency_licence": agency,
        "migration:agency_status": agency,
        "migration:agency_site": lambda: {"pk": _agency().pk, "kind": "branch"},
        "migration:inspection_new": agency,
        # inspections
        "migration:inspection": inspection,
        "migration:inspection_findings": inspection,
        "migration:inspection_follow_up": inspection,
        "migration:inspection_post": lambda: {"pk": _inspection().pk, "action": "action"},
        "migration:corrective_action": lambda: {"pk": _corrective_action().pk, "step": "done"},
        "v1:migration-inspections-detail": inspection,
        # evaluation
        "migration:evaluation_round": evaluation_round,
        "migration:evaluation_close": evaluation_round,
        "migration:evaluation_score": lambda: {"pk": _round(stranger).pk, "agency_pk": _agency().pk},
        "migration:evaluation_measure": lambda: {"pk": _evaluation(stranger, stranger_user).pk},
        "v1:migration-evaluation-rounds-detail": evaluation_round,
        # complaints, staff side
        "migration:complaint": complaint,
        "migration:complaint_action": lambda: {"pk": _complaint(stranger).pk, "action": "acknowledge"},
        "v1:migration-complaints-detail": complaint,
        # the worker's journey, disappearances
        "migration:job_order_edit": lambda: {"pk": _worker(stranger_user).job_order_id},
        "migration:worker": lambda: {"pk": _worker(stranger_user).pk},
        "migration:worker_record": lambda: {"pk": _worker(stranger_user).pk, "what": "document"},
        "migration:worker_move": lambda: {"pk": _worker(stranger_user).pk, "action": "withdraw"},
        "migration:worker_event": lambda: {"pk": _worker(stranger_user).pk},
        "migration:disappearance_report": lambda: {"pk": _worker(stranger_user).pk},
        "migration:disappearance": lambda: {"pk": _disappearance(stranger_user).pk},
        "migration:disappearance_update": lambda: {"pk": _disappearance(stranger_user).pk},
        "migration:disappearance_notice": lambda: {"pk": _disappearance(stranger_user).notices.get().pk},
        "v1:migration-workers-detail": lambda: {"pk": _worker(stranger_user).pk},
    }
