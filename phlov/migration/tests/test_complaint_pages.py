"""The complaints officer's pages (Prakas 249): routing, queue with overdue, steps, referral, sanction, closure."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.migration.models import AgencyMeasure, Complaint, ComplaintStatus
from phlov.migration.selectors_oversight import complaint_queue
from phlov.migration.services import complaints as service
from phlov.migration.tests import helpers as h
from phlov.places.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world: dict[str, Any]) -> dict[str, Any]:
    province = Place.objects.get(kind="province", code="14")
    department = Organisation.objects.create(
        kind=OrganisationKind.PROVINCIAL_DEPARTMENT,
        name_en="PDoLVT Prey Veng",
        parent=world["ministry"],
        province=province,
    )
    return {
        "province": province,
        "department": department,
        "officer": h.user_with("complaints_officer", department),
    }


def _lodge(world: dict[str, Any], province: Place | None = None, **changes: Any) -> tuple[Complaint, str]:
    data = {"lodged_by": "family", "complainant_name": "Sok Mom", "complainant_phone": "012 345 678",
            "worker_name": "Sok Dara", "respondent_kind": "agency", "agency": world["agency"], "category": "wages",
            "description": "No wages for three months", "amount_claimed": Decimal("900"),
            "complainant_province": province, **changes}  # fmt: skip
    return service.lodge_complaint(actor=None, data=data)


def test_routed_to_the_provincial_department_of_the_complainant(
    world: dict[str, Any], office: dict[str, Any]
) -> None:
    local, _ = _lodge(world, office["province"])
    assert local.organisation == office["department"]
    elsewhere, _ = _lodge(world, Place.objects.get(kind="province", code="01"))
    assert elsewhere.organisation == world["ministry"]  # no department there: the licensing ministry
    against_broker, _ = _lodge(world, None, respondent_kind="broker", agency=None, respondent_name="Mr X")
    # Without an agency: the ministry that licenses agencies, not merely the first ministry.
    Organisation.objects.create(kind=OrganisationKind.MINISTRY, name_en="Zzz ministry")
    assert against_broker.organisation == world["ministry"]


def test_queue_shows_age_and_overdue(world: dict[str, Any], office: dict[str, Any]) -> None:
    old, _ = _lodge(world, office["province"])
    fresh, _ = _lodge(world, office["province"])
    Complaint.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15),
        due_by=timezone.localdate() - datetime.timedelta(days=5),
    )
    rows = complaint_queue(office["officer"])
    assert [(r.complaint.pk, r.overdue) for r in rows] == [(old.pk, True), (fresh.pk, False)]
    assert rows[0].age_days == 15
    # The licensing ministry's officers above see them too; another department does not.
    other = Organisation.objects.create(
        kind=OrganisationKind.PROVINCIAL_DEPARTMENT, name_en="Other", parent=world["ministry"]
    )
    assert complaint_queue(h.user_with("complaints_officer", other)) == []


def test_officer_conciliates_and_closes_with_compensation(
    world: dict[str, Any], office: dict[str, Any], login: Any
) -> None:
    complaint, reference = _lodge(world, office["province"])
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), office["officer"])
    listing = client.get(reverse("migration:complaints")).content.decode()
    assert "Sok Mom" in listing and "10" in listing  # the response limit shown with its source
    url = lambda action: reverse("migration:complaint_action", args=[complaint.pk, action])  # noqa: E731
    assert client.post(url("acknowledge")).status_code == 302
    today = timezone.localdate().isoformat()
    client.post(url("step"), {"kind": "note", "happened_on": today, "text": "Agency asked for pay slips"})
    client.post(url("step"), {"kind": "meeting", "happened_on": today, "text": "Both parties met"})
    # An agreement needs its amount.
    assert (
        client.post(url("step"), {"kind": "agreement", "happened_on": today, "text": "Agreed"}).status_code
        == 400
    )
    client.post(url("step"), {"kind": "agreement", "happened_on": today, "text": "Agreed", "amount": "600"})
    client.post(
        url("step"), {"kind": "payment", "happened_on": today, "text": "Paid in cash", "amount": "600"}
    )
    complaint.refresh_from_db()
    assert (
        complaint.status == ComplaintStatus.PAID
        and complaint.compensation_agreed == complaint.compensation_paid == Decimal(600)
    )
    client.post(
        url("sanction"),
        {"measure-kind": "warning", "measure-reason": "Wages withheld", "measure-decided_on": today},
    )
    assert AgencyMeasure.objects.get(complaint=complaint).agency == world["agency"]
    assert client.post(url("close"), {"close-reason": ""}).status_code == 400
    client.post(url("close"), {"close-reason": "Settled and paid"})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    status = (
        Client(HTTP_ACCEPT_LANGUAGE="en")
        .post(reverse("migration:complaint_status"), {"reference": reference})
        .content.decode()
    )
    assert str(ComplaintStatus.CLOSED.label) in status or "បិទ" in status
    page = client.get(reverse("migration:complaint", args=[complaint.pk])).content.decode()
    assert "Settled and paid" in page and "600" in page


def test_referral_to_screening_links_the_person(
    world: dict[str, Any], office: dict[str, Any], login: Any, make_person: Any
) -> None:
    complaint, _ = _lodge(world, office["province"], category="missing_person")
    person = make_person(office["department"])
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), office["officer"])
    url = lambda action: reverse("migration:complaint_action", args=[complaint.pk, action])  # noqa: E731
    client.post(url("person"), {"person": person.pk})
    client.post(url("refer"), {"refer-reason": "Worker unreachable, employer keeps passport"})
    complaint.refresh_from_db()
    assert complaint.trafficking_flag and complaint.person == person
    page = client.get(reverse("migration:complaint", args=[complaint.pk])).content.decode()
    assert reverse("protection:screen", args=[person.pk]) in page
    # A person the officer cannot see cannot be linked (answers like a missing one).
    hidden = make_person(Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Far NGO"))
    other, _ = _lodge(world, office["province"])
    assert (
        client.post(
            reverse("migration:complaint_action", args=[other.pk, "person"]), {"person": hidden.pk}
        ).status_code
        == 404
    )


def test_others_cannot_act_on_a_complaint(world: dict[str, Any], office: dict[str, Any], login: Any) -> None:
    complaint, _ = _lodge(world, office["province"])
    for user in (world["officer"], h.user_with("agency_staff", world["agency"].organisation)):
        client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), user)
        assert client.get(reverse("migration:complaint", args=[complaint.pk])).status_code == 404
        assert (
            client.post(reverse("migration:complaint_action", args=[complaint.pk, "acknowledge"])).status_code
            == 404
        )
    api = (
        login(Client(HTTP_ACCEPT_LANGUAGE="en"), office["officer"])
        .get("/api/v1/migration/complaints/")
        .json()
    )
    assert [row["id"] for row in api["results"]] == [complaint.pk]
    assert "complainant_name" not in api["results"][0]
