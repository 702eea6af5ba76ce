"""Disappearance: notify every party at once, track delivery and acknowledgement, escalate, search."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.audit.models import AuditEvent
from phlov.migration import checks
from phlov.migration.models import DisappearanceContact, DisappearanceNotice, Worker
from phlov.migration.services import disappearance as service
from phlov.migration.tests import helpers as h
from phlov.notifications.models import Notification

World = dict[str, Any]


@pytest.fixture
def desks(world: World) -> dict[str, Any]:
    """The three parties' desks, configured as data: MoI and MoLVT by organisation, the embassy by address."""

    interior = h.ministry_named("Ministry of Interior")
    interior_officer = h.user_with("police_liaison", interior)
    interior_officer.email = "duty@interior.example"
    interior_officer.save()
    DisappearanceContact.objects.create(party="interior", organisation=interior)
    DisappearanceContact.objects.create(
        party="labour", organisation=world["ministry"], email="migration@molvt.example"
    )
    DisappearanceContact.objects.create(party="embassy", email="attache.bangkok@embassy.example",
                                        destination=h.country("TH"))  # fmt: skip
    DisappearanceContact.objects.create(
        party="embassy", email="attache.kl@embassy.example", destination=h.country("MY")
    )
    DisappearanceContact.objects.create(party="interior", email="director@interior.example", escalation=True)
    return {"interior": interior, "interior_officer": interior_officer}


def _abroad(world: World) -> Worker:
    worker: Worker = world["worker"]
    Worker.objects.filter(pk=worker.pk).update(status="abroad")
    worker.refresh_from_db()
    return worker


REPORT = {"last_contact_at": timezone.now() - datetime.timedelta(hours=30), "last_seen_place": "Rayong market",
          "circumstances": "Did not come back to the dormitory."}  # fmt: skip


def test_report_notifies_every_party_at_once_in_app_and_by_email(
    world: World, desks: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    worker = _abroad(world)
    with django_capture_on_commit_callbacks(execute=True):
        case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    notices = {n.party: n for n in case.notices.all()}
    assert set(notices) == {"embassy", "interior", "labour"}
    assert all(n.sent_at is not None for n in notices.values())
    addressed = sorted(address for m in mail.outbox for address in m.to)
    # Thailand's desk only, not Malaysia's; the escalation contact not yet.
    assert addressed == [
        "attache.bangkok@embassy.example",
        "duty@interior.example",
        "migration@molvt.example",
    ]
    assert Notification.objects.filter(recipient=desks["interior_officer"]).count() == 1
    assert (
        Notification.objects.filter(recipient=world["officer"]).count() == 1
    )  # MoLVT's desk, in the application
    assert all(n.emailed_at for n in Notification.objects.exclude(email=""))
    worker.refresh_from_db()
    assert worker.status == "missing"
    assert checks.run(case, only="FR-29") == []


def test_a_party_without_a_contact_stays_unsent_and_fr29_says_so(world: World) -> None:
    worker = _abroad(world)
    case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    assert case.notices.filter(sent_at__isnull=True).count() == 3
    assert [f.rule for f in checks.run(case, only="FR-29")] == ["FR-29"]


def test_only_a_recipient_acknowledges_and_the_notice_records_it(
    world: World, desks: dict[str, Any], login: Any
) -> None:
    worker = _abroad(world)
    case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    notice = case.notices.get(party="interior")
    stranger = h.user_with("labour_officer", h.ministry_named("Elsewhere"))
    with pytest.raises(PermissionDenied):
        service.acknowledge_notice(actor=stranger, notice=notice)
    assert (
        login(Client(), stranger).get(reverse("migration:disappearance_notice", args=[notice.pk])).status_code
        == 404
    )
    client = login(Client(), desks["interior_officer"])
    page = client.get(reverse("migration:disappearance_notice", args=[notice.pk]))
    assert page.status_code == 200 and "Rayong market" in page.content.decode()
    assert client.post(reverse("migration:disappearance_notice", args=[notice.pk])).status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_at is not None
    assert Notification.objects.get(recipient=desks["interior_officer"]).acknowledged_at is not None
    assert AuditEvent.objects.filter(action="migration.disappearance_notice").exists()


def test_acknowledging_in_the_notifications_page_counts_too(
    world: World, desks: dict[str, Any], login: Any
) -> None:
    worker = _abroad(world)
    case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    mine = Notification.objects.get(recipient=desks["interior_officer"])
    login(Client(), desks["interior_officer"]).post(reverse("notifications:acknowledge", args=[mine.pk]))
    assert service.refresh_acknowledgements(case) == 1
    assert case.notices.get(party="interior").acknowledged_at is not None


def test_escalation_after_the_configured_time_by_the_command(
    world: World, desks: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PHLOV_MIGRATION_PARAMETERS = {"disappearance_escalate_hours": 6}
    worker = _abroad(world)
    case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    service.acknowledge_notice(actor=world["officer"], notice=case.notices.get(party="labour"))
    assert service.escalate_overdue() == []  # nothing is overdue yet
    DisappearanceNotice.objects.filter(disappearance=case).update(
        sent_at=timezone.now() - datetime.timedelta(hours=7)
    )
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("migration", "escalate", stdout=out)
    assert "escalated 2 notice(s)" in out.getvalue()
    escalated = {n.party for n in case.notices.filter(escalated_at__isnull=False)}
    assert escalated == {"embassy", "interior"}  # labour had acknowledged
    assert "director@interior.example" in {a for m in mail.outbox for a in m.to}
    assert AuditEvent.objects.filter(action="migration.disappearance_escalate").count() == 2
    out = StringIO()
    call_command("migration", "escalate", stdout=out)
    assert "escalated 0 notice(s)" in out.getvalue()  # once only


def test_search_found_brings_the_worker_back_and_closing_ends_it(
    world: World, desks: dict[str, Any], login: Any
) -> None:
    worker = _abroad(world)
    case = service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    with pytest.raises(ValidationError):
        service.report_missing(actor=world["officer"], worker=worker, data=REPORT)
    page = login(Client(), world["officer"]).get(reverse("migration:disappearance", args=[case.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("protection:screen", kwargs={"person_pk": worker.person_id}) in body
    service.add_search_update(actor=world["officer"], case=case, text="Embassy called the employer.")
    service.add_search_update(
        actor=world["officer"], case=case, text="Found at a friend's house.", status="found"
    )
    worker.refresh_from_db()
    assert worker.status == "abroad"
    service.add_search_update(actor=world["officer"], case=case, text="Closed.", status="closed")
    with pytest.raises(ValidationError):
        service.add_search_update(actor=world["officer"], case=case, text="again")
    assert case.updates.count() == 3


def test_agency_reports_on_the_page(world: World, desks: dict[str, Any], login: Any) -> None:
    worker = _abroad(world)
    staff = h.user_with("agency_staff", world["agency"].organisation)
    client = login(Client(), staff)
    assert client.get(reverse("migration:disappearance_report", args=[worker.pk])).status_code == 200
    response = client.post(reverse("migration:disappearance_report", args=[worker.pk]), {
        "last_contact_at": "2025-05-30T08:00", "last_seen_place": "Rayong", "circumstances": "Phone off"})  # fmt: skip
    assert response.status_code == 302
    assert worker.disappearances.count() == 1
    journey_steps = list(worker.events.values_list("action", flat=True))
    assert journey_steps == ["missing"]
