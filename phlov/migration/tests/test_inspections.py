"""Inspections (Prakas 250): checklist data, findings, corrective actions, overdue, follow-up, pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from phlov.audit.models import AuditEvent
from phlov.migration.models import AgencyMeasure, ChecklistItem, CorrectiveAction, Inspection
from phlov.migration.selectors_oversight import overdue_actions
from phlov.migration.services import inspections as service
from phlov.migration.tests import helpers as h

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _inspection(world: dict[str, Any], **data: Any) -> Inspection:
    values = {"kind": "unannounced", "planned_for": TODAY - datetime.timedelta(days=20), **data}
    return service.plan_inspection(actor=world["inspector"], agency=world["agency"], data=values)


def test_checklist_is_data_with_a_source_for_every_item(db: Any) -> None:
    items = list(ChecklistItem.objects.all())
    assert len(items) >= 10
    assert all(
        item.citation.strip() and item.confidence in {"V", "S", "U"} and item.text_km for item in items
    )
    # Prakas 250's own list was not obtained: every item says so.
    assert all("[U]" in item.citation for item in items)


def test_site_decides_which_items_apply(world: dict[str, Any]) -> None:
    office = _inspection(world)
    centre = h.make_centre(world["agency"])
    at_centre = _inspection(world, training_centre=centre)
    office_codes = {i.code for i in service.checklist_for(office)}
    centre_codes = {i.code for i in service.checklist_for(at_centre)}
    assert "TC-01" in centre_codes and "TC-01" not in office_codes
    assert "PRA-01" in office_codes and "PRA-01" not in centre_codes
    assert "PRA-07" in office_codes & centre_codes  # passports: every site


def test_only_an_inspector_above_the_agency_inspects(world: dict[str, Any]) -> None:
    staff = h.user_with("agency_staff", world["agency"].organisation)
    with pytest.raises(PermissionDenied):
        service.plan_inspection(
            actor=staff, agency=world["agency"], data={"kind": "planned", "planned_for": TODAY}
        )
    other = h.user_with("agency_inspector", h.ministry_named("Another ministry"))
    with pytest.raises(PermissionDenied):
        service.plan_inspection(
            actor=other, agency=world["agency"], data={"kind": "planned", "planned_for": TODAY}
        )


def test_a_site_of_another_agency_is_refused(world: dict[str, Any]) -> None:
    other = h.make_agency(world["inspector"], world["ministry"], name="Other", licence="PRA-002")
    with pytest.raises(ValidationError):
        _inspection(world, training_centre=h.make_centre(other))


def test_findings_actions_overdue_and_follow_up(world: dict[str, Any]) -> None:
    inspection = _inspection(world)
    items = {i.code: i for i in service.checklist_for(inspection)}
    with pytest.raises(ValidationError):  # no visit date yet
        service.record_findings(actor=world["inspector"], inspection=inspection, results={})
    findings = service.record_findings(
        actor=world["inspector"],
        inspection=inspection,
        visited_on=TODAY - datetime.timedelta(days=19),
        results={
            items["PRA-07"].pk: ("non_compliant", "12 passports in the safe"),
            items["PRA-01"].pk: ("compliant", ""),
        },
    )
    assert {f.item.code: f.result for f in findings} == {"PRA-07": "non_compliant", "PRA-01": "compliant"}
    failed = next(f for f in findings if f.result == "non_compliant")
    late = service.add_corrective_action(
        actor=world["inspector"],
        inspection=inspection,
        finding=failed,
        description="Return every passport",
        due_on=TODAY - datetime.timedelta(days=5),
    )
    on_time = service.add_corrective_action(
        actor=world["inspector"],
        inspection=inspection,
        description="Post the complaint hotline",
        due_on=TODAY + datetime.timedelta(days=5),
    )
    assert list(overdue_actions(world["inspector"])) == [late]
    assert late.overdue_on(TODAY) and not on_time.overdue_on(TODAY)
    # Another ministry's inspector does not see it.
    assert list(overdue_actions(h.user_with("agency_inspector", h.ministry_named("Elsewhere")))) == []

    service.report_action_done(
        actor=world["inspector"], action=late, done_on=TODAY - datetime.timedelta(days=1)
    )
    assert list(overdue_actions(world["inspector"])) == []
    follow_up = service.plan_inspection(
        actor=world["inspector"],
        agency=world["agency"],
        follow_up_of=inspection,
        data={"kind": "planned", "planned_for": TODAY},
    )
    assert follow_up.kind == "follow_up"
    with pytest.raises(ValidationError):  # not visited yet
        service.verify_action(actor=world["inspector"], action=late, follow_up=follow_up)
    service.record_findings(actor=world["inspector"], inspection=follow_up, visited_on=TODAY, results={})
    service.verify_action(actor=world["inspector"], action=late, follow_up=follow_up)
    late.refresh_from_db()
    assert late.status == CorrectiveAction.Status.VERIFIED and late.verified_in == follow_up
    assert (
        AuditEvent.objects.filter(action="migration.corrective_action", object_id=str(inspection.pk)).count()
        == 4
    )  # two added, one done, one verified


def test_deadline_before_the_visit_is_refused(world: dict[str, Any]) -> None:
    inspection = _inspection(world)
    with pytest.raises(ValidationError):
        service.add_corrective_action(
            actor=world["inspector"],
            inspection=inspection,
            description="x",
            due_on=inspection.planned_for - datetime.timedelta(days=1),
        )


def test_pages_plan_record_and_act(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    agency = world["agency"]
    response = client.post(reverse("migration:inspection_new", args=[agency.pk]), {
        "kind": "unannounced", "planned_for": (TODAY - datetime.timedelta(days=3)).isoformat(), "team": "Team A",
    })  # fmt: skip
    inspection = Inspection.objects.get(agency=agency)
    assert response.status_code == 302 and response["Location"] == reverse(
        "migration:inspection", args=[inspection.pk]
    )
    page = client.get(reverse("migration:inspection_findings", args=[inspection.pk]))
    assert page.status_code == 200 and "PRA-07" in page.content.decode()
    items = list(service.checklist_for(inspection))
    data = {"visited_on": (TODAY - datetime.timedelta(days=2)).isoformat(), "summary": "Passports found"}
    for item in items:
        data[f"result_{item.pk}"] = "non_compliant" if item.code == "PRA-07" else "compliant"
        data[f"note_{item.pk}"] = ""
    assert (
        client.post(reverse("migration:inspection_findings", args=[inspection.pk]), data).status_code == 302
    )
    finding = inspection.findings.get(result="non_compliant")
    client.post(reverse("migration:inspection_post", args=[inspection.pk, "action"]), {
        "action-finding": finding.pk, "action-description": "Return passports", "action-due_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
    })  # fmt: skip
    client.post(reverse("migration:inspection_post", args=[inspection.pk, "measure"]), {
        "measure-kind": "warning", "measure-reason": "Passports kept", "measure-decided_on": TODAY.isoformat(),
    })  # fmt: skip
    assert AgencyMeasure.objects.get(agency=agency).inspection == inspection
    listing = client.get(reverse("migration:inspections")).content.decode()
    assert "Return passports" in listing  # overdue, shown on the list
    detail = client.get(reverse("migration:agency", args=[agency.pk])).content.decode()
    assert "Passports kept" in detail  # the sanction is on the agency's record
    # The labour officer (no inspection grant) cannot open it.
    officer = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["officer"])
    assert officer.get(reverse("migration:inspection", args=[inspection.pk])).status_code == 404


def test_api_lists_inspections_through_the_policy(world: dict[str, Any], login: Any) -> None:
    inspection = _inspection(world)
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    body = client.get("/api/v1/migration/inspections/").json()
    assert [row["id"] for row in body["results"]] == [inspection.pk]
    other = login(
        Client(HTTP_ACCEPT_LANGUAGE="en"), h.user_with("agency_inspector", h.ministry_named("Far away"))
    )
    assert other.get(f"/api/v1/migration/inspections/{inspection.pk}/").status_code == 404


def test_demo_oversight_records_load_once(world: dict[str, Any]) -> None:
    from phlov.migration import demo
    from phlov.migration.models import EvaluationRound

    users, organisations = {"agency_inspector": world["inspector"]}, {"molvt": world["ministry"]}
    for _ in range(2):
        agencies = demo.load_agencies(users=users, organisations=organisations)
        demo.load_oversight(users=users, organisations=organisations, agencies=agencies)
    assert Inspection.objects.filter(team__startswith="Demo").count() == 1
    assert list(overdue_actions(world["inspector"]).values_list("description", flat=True)) == [
        "Return every passport to its worker."
    ]
    assert EvaluationRound.objects.get().evaluations.count() == 2
