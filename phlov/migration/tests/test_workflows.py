"""Agencies and licences, the job-order workflow, worker registration, complaints; pages and scope."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.migration import services
from phlov.migration.models import Complaint, ComplaintStatus, CostLine, JobOrderStatus, LicenceStatusChange
from phlov.migration.policies import AgencyPolicy, JobOrderPolicy
from phlov.migration.tests import helpers as h
from phlov.notifications.models import Notification

World = dict[str, Any]


def test_licence_suspension_is_recorded_and_shown_publicly(world: World) -> None:
    agency = world["agency"]
    services.change_licence_status(
        actor=world["inspector"],
        agency=agency,
        status="suspended",
        until=datetime.date(2099, 3, 1),
        reason="Fees taken for jobs that never existed",
    )
    change = LicenceStatusChange.objects.get(agency=agency)
    assert (change.changed_by, change.old_status, change.new_status) == (
        world["inspector"],
        "active",
        "suspended",
    )
    page = Client().get(reverse("migration:agency_register"), {"q": "PRA-001"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        page.status_code == 200
        and b"Suspended until 2099-03-01" in page.content
        and b"Thailand" not in page.content
    )


def test_public_register_shows_destinations_in_khmer_first(world: World) -> None:
    page = Client().get(reverse("migration:agency_register"), {"q": "angkor"})
    text = page.content.decode()
    assert page.status_code == 200 and "ថៃ" in text and "PRA-001" in text


def test_suspension_needs_an_end_date_and_a_reason(world: World) -> None:
    with pytest.raises(ValidationError):
        services.change_licence_status(
            actor=world["inspector"], agency=world["agency"], status="suspended", reason="x"
        )
    with pytest.raises(ValidationError):
        services.change_licence_status(
            actor=world["inspector"], agency=world["agency"], status="revoked", reason=" "
        )


def test_agency_staff_see_only_their_own_agency(world: World) -> None:
    other = h.make_agency(world["inspector"], world["ministry"], name="Other", licence="PRA-002")
    staff = h.user_with("agency_staff", world["agency"].organisation)
    assert not AgencyPolicy().restrict(staff).exists() or list(AgencyPolicy().restrict(staff)) == [
        world["agency"]
    ]
    assert set(AgencyPolicy().restrict(world["inspector"])) == {world["agency"], other}
    with pytest.raises(PermissionDenied):
        services.change_licence_status(actor=staff, agency=other, status="revoked", reason="x")


def test_submit_refused_with_blocking_finding_then_approved_by_officer(world: World) -> None:
    order = h.make_job_order(world["officer"], world["agency"])
    CostLine.objects.create(
        job_order=order, category="placement_fee", purpose="fee", amount=100, currency="THB", payer="worker"
    )
    with pytest.raises(services.Blocked) as refused:
        services.submit_job_order(actor=world["officer"], order=order)
    assert "FR-01" in [f.rule for f in refused.value.findings]
    CostLine.objects.filter(job_order=order, payer="worker").update(payer="employer")
    services.submit_job_order(actor=world["officer"], order=order)
    services.approve_job_order(actor=world["officer"], order=order, note="ok")
    order.refresh_from_db()
    assert order.status == JobOrderStatus.APPROVED and order.decided_by == world["officer"]


def test_agency_cannot_approve_its_own_job_order(world: World) -> None:
    order = h.make_job_order(world["officer"], world["agency"])
    services.submit_job_order(actor=world["officer"], order=order)
    own_officer = h.user_with("labour_officer", world["agency"].organisation)
    assert JobOrderPolicy().can(own_officer, "change", order)
    with pytest.raises(PermissionDenied):
        services.approve_job_order(actor=own_officer, order=order)


def test_approval_refused_when_licence_suspended(world: World) -> None:
    order = h.make_job_order(world["officer"], world["agency"])
    services.submit_job_order(actor=world["officer"], order=order)
    services.change_licence_status(
        actor=world["inspector"],
        agency=world["agency"],
        status="suspended",
        until=datetime.date(2099, 1, 1),
        reason="inspection",
    )
    order.agency.refresh_from_db()
    with pytest.raises(services.Blocked):
        services.approve_job_order(actor=world["officer"], order=order)


def test_worker_registration_only_against_an_approved_job_order(world: World, make_person: Any) -> None:
    draft = h.make_job_order(world["officer"], world["agency"])
    person = make_person(world["agency"].organisation)
    with pytest.raises(services.Blocked):
        services.register_worker(actor=world["officer"], order=draft, person=person)
    worker = services.register_worker(actor=world["officer"], order=world["order"], person=person)
    assert worker.pk


def test_officer_sees_findings_with_severity_and_source(world: World, login: Any) -> None:
    order = h.make_job_order(world["officer"], world["agency"], passport_custody="employer")
    client = login(Client(), world["officer"])
    page = client.get(reverse("migration:job_order", args=[order.pk]))
    assert b"FR-14" in page.content and b"blocking" in page.content and b"Dhaka" in page.content
    refused = client.post(reverse("migration:job_order_action", args=[order.pk, "submit"]))
    assert refused.status_code == 409
    stranger = login(Client(), h.user_with("labour_officer", h.ministry_named("Other ministry")))
    assert stranger.get(reverse("migration:job_order", args=[order.pk])).status_code == 404


COMPLAINT = {
    "lodged_by": "family", "complainant_name": "Sok Dara", "complainant_phone": "012345678", "worker_name": "Sok Mony",
    "group_size": "3", "respondent_kind": "agency", "respondent_name": "", "category": "passport_kept",
    "description": "They kept his passport.",
}  # fmt: skip


def test_public_complaint_gives_a_reference_once_and_status_only(world: World, settings: Any) -> None:
    settings.PHLOV_PUBLIC_FORM_LIMIT = 100
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("migration:complaint_new"))
    token = form.cookies["csrftoken"].value
    response = client.post(reverse("migration:complaint_new"), {**COMPLAINT, "agency": world["agency"].pk,
                           "csrfmiddlewaretoken": token}, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 200
    reference = response.context["reference"]
    complaint = Complaint.objects.get()
    assert complaint.organisation == world["ministry"] and reference not in str(complaint.__dict__)
    # The due date counts from the day in Cambodia, not in UTC (they differ from 17:00 UTC).
    assert complaint.due_by == timezone.localdate(complaint.created_at) + datetime.timedelta(days=10)
    status = client.post(reverse("migration:complaint_status"), {"reference": reference.lower(), "csrfmiddlewaretoken": token},
                         HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    text = status.content.decode()
    assert "received" in text and "Sok" not in text and "passport" not in text and "Angkor" not in text
    missing = client.post(reverse("migration:complaint_status"), {"reference": "AAAA-BBBB-CCCC", "csrfmiddlewaretoken": token},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert b"No complaint has this reference" in missing.content


def test_public_complaint_needs_csrf_and_is_rate_limited(world: World, settings: Any) -> None:
    settings.PHLOV_PUBLIC_FORM_LIMIT = 2
    cache.clear()
    assert (
        Client(enforce_csrf_checks=True).post(reverse("migration:complaint_new"), COMPLAINT).status_code
        == 403
    )
    client = Client()
    codes = [client.post(reverse("migration:complaint_new"), COMPLAINT).status_code for _ in range(3)]
    assert codes == [200, 200, 429] and Complaint.objects.count() == 2


def test_complaint_handling_to_closure_with_trafficking_referral(world: World) -> None:
    officer = h.user_with("complaints_officer", world["ministry"])
    liaison = h.user_with("police_liaison", world["ministry"])
    complaint, _ = services.lodge_complaint(
        actor=None, data={**COMPLAINT, "group_size": 3, "agency": world["agency"]}
    )
    services.acknowledge_complaint(actor=officer, complaint=complaint)
    services.add_complaint_step(
        actor=officer, complaint=complaint, kind="note", text="Agency holds 3 passports"
    )
    services.add_complaint_step(
        actor=officer, complaint=complaint, kind="meeting", happened_on=datetime.date(2025, 6, 3)
    )
    services.add_complaint_step(actor=officer, complaint=complaint, kind="agreement", amount=Decimal(300))
    assert complaint.status == ComplaintStatus.SETTLED
    services.add_complaint_step(
        actor=officer, complaint=complaint, kind="payment", amount=Decimal(300), close=True
    )
    services.flag_for_trafficking_screening(
        actor=officer, complaint=complaint, reason="Passports withheld; debt"
    )
    complaint.refresh_from_db()
    assert (
        complaint.status == ComplaintStatus.CLOSED
        and complaint.compensation_paid == 300
        and complaint.trafficking_flag
    )
    assert Notification.objects.filter(recipient=liaison, kind="alert").exists()
    with pytest.raises(PermissionDenied):
        services.acknowledge_complaint(actor=world["officer"], complaint=complaint)


def test_api_lists_through_the_policy_with_findings(world: World) -> None:
    from rest_framework.test import APIClient

    other = h.user_with("labour_officer", h.ministry_named("Elsewhere"))
    client = APIClient()
    client.force_authenticate(world["inspector"])
    assert client.get("/api/v1/migration/agencies/").json()["results"][0]["licence_number"] == "PRA-001"
    client.force_authenticate(world["officer"])
    findings = client.get(f"/api/v1/migration/job-orders/{world['order'].pk}/findings/").json()
    assert findings == []
    client.force_authenticate(other)
    assert client.get(f"/api/v1/migration/job-orders/{world['order'].pk}/").status_code == 404
