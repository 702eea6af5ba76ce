"""The worker's journey: registration from the registry, papers, orientation, contracts, the state machine."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from phlov.audit.models import AuditEvent
from phlov.migration import services
from phlov.migration.models import JobOrderStatus, OrientationTopic, Worker, WorkerEvent
from phlov.migration.services import journey
from phlov.migration.tests import helpers as h

World = dict[str, Any]


def _registered(world: World, make_person: Any) -> Worker:
    person = make_person(
        world["agency"].organisation, given_name_latin="Dara", birth_date=datetime.date(1996, 1, 1)
    )
    return journey.register_from_registry(actor=world["officer"], order=world["order"], person=person)


def _prepare(world: World, worker: Worker) -> None:
    """Everything a departure needs, through the services."""

    officer = world["officer"]
    today = timezone.localdate()
    for kind in ("passport", "visa", "work_permit", "ocwc"):
        journey.add_document(actor=officer, worker=worker, data={
            "kind": kind, "number": f"{kind}-1", "expires_on": today + datetime.timedelta(days=800)})  # fmt: skip
    journey.record_health_check(actor=officer, worker=worker, data={
        "examined_on": today, "clinic": "Calmette", "fit": True})  # fmt: skip
    journey.record_orientation(actor=officer, worker=worker, data={
        "started_on": today, "completed_on": today, "hours_attended": Decimal("16"), "topics": list(OrientationTopic.values),
        "identity_verified": True})  # fmt: skip
    for kind in ("placement", "employment"):
        journey.add_contract(actor=officer, worker=worker, kind=kind, data={
            **journey.terms_of(worker.job_order), "delivered_at": today - datetime.timedelta(days=10), "signed_at": today})  # fmt: skip
    worker.refresh_from_db()


def test_registration_needs_an_approved_job_order(world: World, make_person: Any) -> None:
    person = make_person(world["agency"].organisation, given_name_latin="Dara")
    draft = h.make_job_order(world["officer"], world["agency"])
    with pytest.raises(services.Blocked) as refused:
        journey.register_from_registry(actor=world["officer"], order=draft, person=person)
    assert [f.rule for f in refused.value.findings] == ["FR-18"]
    worker = journey.register_from_registry(actor=world["officer"], order=world["order"], person=person)
    assert worker.status == "registered"
    with pytest.raises(ValidationError):
        journey.register_from_registry(actor=world["officer"], order=world["order"], person=person)


def test_a_person_outside_the_registry_scope_cannot_be_registered(world: World, make_person: Any) -> None:
    elsewhere = h.ministry_named("Elsewhere")
    person = make_person(elsewhere, given_name_latin="Hidden")
    with pytest.raises(PermissionDenied):
        journey.register_from_registry(actor=world["officer"], order=world["order"], person=person)


def test_orientation_counts_only_with_hours_topics_and_identity(world: World, make_person: Any) -> None:
    worker = _registered(world, make_person)
    today = timezone.localdate()
    short = journey.record_orientation(actor=world["officer"], worker=worker, data={
        "started_on": today, "completed_on": today, "hours_attended": Decimal("2"), "topics": ["process"],
        "identity_verified": True})  # fmt: skip
    assert len(journey.orientation_gaps(short)) == 2
    worker.refresh_from_db()
    assert worker.orientation_completed_at is None
    journey.record_orientation(actor=world["officer"], worker=worker, data={
        "started_on": today, "completed_on": today, "hours_attended": Decimal("8"),
        "topics": list(OrientationTopic.values), "identity_verified": True})  # fmt: skip
    worker.refresh_from_db()
    assert worker.orientation_completed_at == today


def test_a_substituted_contract_is_refused(world: World, make_person: Any) -> None:
    worker = _registered(world, make_person)
    terms = {
        **journey.terms_of(world["order"]),
        "delivered_at": timezone.localdate(),
        "signed_at": timezone.localdate(),
    }
    with pytest.raises(services.Blocked) as refused:
        journey.add_contract(actor=world["officer"], worker=worker, kind="employment",
                             data={**terms, "wage_amount": Decimal("300"), "worksite": "Chonburi"})  # fmt: skip
    assert "FR-10" in [f.rule for f in refused.value.findings]
    assert not worker.contracts.exists()
    contract, _findings = journey.add_contract(
        actor=world["officer"], worker=worker, kind="employment", data=terms
    )
    assert contract.pk


def test_departure_waits_for_every_paper_then_the_journey_runs_to_return(
    world: World, make_person: Any
) -> None:
    worker = _registered(world, make_person)
    officer = world["officer"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        journey.move(actor=officer, worker=worker, action="depart")
    text = " ".join(refused.value.messages)
    assert "FR-25" in text and "health check" in text and "placement-service contract" in text
    with pytest.raises(ValidationError):
        journey.move(actor=officer, worker=worker, action="arrive")  # not allowed from 'registered'
    _prepare(world, worker)
    assert journey.departure_problems(worker, timezone.localdate()) == []
    journey.move(actor=officer, worker=worker, action="depart")
    journey.move(actor=officer, worker=worker, action="arrive")
    worker.refresh_from_db()
    assert worker.status == "abroad" and worker.contract_ends_on is not None
    journey.record_event(actor=officer, worker=worker, kind="welfare_check", by="embassy", on=timezone.localdate(),
                         note="Visited the dormitory; wages paid.")  # fmt: skip
    journey.move(actor=officer, worker=worker, action="early_return", note="Employer closed the factory")
    worker.refresh_from_db()
    assert worker.status == "returned" and worker.early_return
    moves = list(worker.events.filter(kind=WorkerEvent.Kind.TRANSITION).values_list("action", flat=True))
    assert sorted(moves) == ["arrive", "depart", "early_return"]
    assert AuditEvent.objects.filter(action="migration.worker_move", object_id=str(worker.pk)).count() == 3
    assert journey.allowed_moves(worker) == []


def test_contract_end_renewal_and_repatriation(world: World, make_person: Any) -> None:
    worker = _registered(world, make_person)
    _prepare(world, worker)
    officer = world["officer"]
    for step in ("depart", "arrive", "end_contract", "renew", "repatriate", "return"):
        journey.move(actor=officer, worker=worker, action=step)
    worker.refresh_from_db()
    assert worker.status == "returned"
    with pytest.raises(ValidationError):
        journey.record_event(actor=officer, worker=worker, kind="incident", by="agency", on=timezone.localdate(),
                             note="too late")  # fmt: skip


def test_another_agency_cannot_touch_the_worker(world: World, make_person: Any) -> None:
    worker = _registered(world, make_person)
    other = h.make_agency(world["inspector"], world["ministry"], name="Other", licence="PRA-002")
    staff = h.user_with("agency_staff", other.organisation)
    with pytest.raises(PermissionDenied):
        journey.move(actor=staff, worker=worker, action="withdraw")


def test_worker_pages_register_and_move(world: World, make_person: Any, login: Any) -> None:
    staff = h.user_with("agency_staff", world["agency"].organisation)
    person = make_person(
        world["agency"].organisation, given_name_latin="Sophea", birth_date=datetime.date(1997, 2, 2)
    )
    client = login(Client(), staff)
    page = client.post(reverse("migration:workers"), {"person": person.pk, "job_order": world["order"].pk})
    assert page.status_code == 302
    worker = Worker.objects.get(person=person)
    detail = client.get(reverse("migration:worker", args=[worker.pk]))
    assert detail.status_code == 200 and "FR-25" in detail.content.decode()
    refused = client.post(
        reverse("migration:worker_move", args=[worker.pk, "depart"]), {"on": timezone.localdate()}
    )
    assert refused.status_code == 400
    done = client.post(reverse("migration:worker_record", args=[worker.pk, "document"]), {
        "kind": "passport", "number": "N123", "expires_on": "2099-01-01"})  # fmt: skip
    assert done.status_code == 302 and worker.documents.count() == 1
    outsider = h.user_with(
        "agency_staff",
        h.make_agency(world["inspector"], world["ministry"], name="B", licence="PRA-003").organisation,
    )
    assert login(Client(), outsider).get(reverse("migration:worker", args=[worker.pk])).status_code == 404


def test_job_order_fixed_on_the_edit_page_then_approved(world: World, login: Any) -> None:
    staff = h.user_with("agency_staff", world["agency"].organisation)
    order = h.make_job_order(world["officer"], world["agency"], passport_custody="employer")
    client = login(Client(), staff)
    refused = client.post(reverse("migration:job_order_action", args=[order.pk, "submit"]))
    assert refused.status_code == 409 and "FR-14" in refused.content.decode()
    form = client.get(reverse("migration:job_order_edit", args=[order.pk]))
    assert form.status_code == 200 and "FR-14" in form.content.decode()
    data = {
        name: ("" if value is None else value)
        for name, value in journey.terms_of(order).items()
        if name != "employer_name"
    }
    data.update({"sector_isic": order.sector_isic, "positions_count": order.positions_count, "min_age": "",
                 "passport_custody": "worker"})  # fmt: skip
    data = {k: v for k, v in data.items() if v is not False}
    assert client.post(reverse("migration:job_order_edit", args=[order.pk]), data).status_code == 302
    order.refresh_from_db()
    assert order.passport_custody == "worker"
    assert AuditEvent.objects.filter(action="update", object_id=str(order.pk)).exists()
    assert client.post(reverse("migration:job_order_action", args=[order.pk, "submit"])).status_code == 302
    officer = login(Client(), world["officer"])
    assert officer.post(reverse("migration:job_order_action", args=[order.pk, "approve"])).status_code == 302
    order.refresh_from_db()
    assert order.status == JobOrderStatus.APPROVED
    assert client.get(reverse("migration:job_order_edit", args=[order.pk])).status_code == 409


def test_api_shows_the_journey_through_the_policy(world: World, make_person: Any) -> None:
    from rest_framework.test import APIClient

    worker = _registered(world, make_person)
    journey.move(actor=world["officer"], worker=worker, action="withdraw", note="Changed her mind")
    client = APIClient()
    client.force_authenticate(world["officer"])
    found = client.get(f"/api/v1/migration/workers/{worker.pk}/").json()
    assert found["status"] == "withdrawn" and found["events"][0]["action"] == "withdraw"
    outsider = h.user_with("labour_officer", h.ministry_named("Elsewhere"))
    client.force_authenticate(outsider)
    assert client.get(f"/api/v1/migration/workers/{worker.pk}/").status_code == 404
