"""Assessment and care plan across the seven reintegration domains: services, pages, access."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.audit.models import AuditEvent
from phlov.protection import careplan
from phlov.protection.models import CareItem, ServiceDelivery
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db

SEVEN = ["stigma", "education", "employment", "legal", "medical", "social_safety", "psychological"]


@pytest.fixture
def worker(make_user: Any) -> Any:
    return make_user("caseworker")


@pytest.fixture
def case(organisation: Any, make_person: Any, worker: Any) -> Any:
    return make_case(make_person(organisation), caseworker=worker, stage=Stage.RECOVERY)


def test_the_seven_domains_of_seed_001() -> None:
    from phlov.protection import vocab

    assert [t.code for t in vocab.terms("care_domains")] == SEVEN
    assert "Asia Foundation" in vocab.source("care_domains")


def test_assessment_covers_every_domain_and_plan_shows_uncovered_needs(case: Any, worker: Any) -> None:
    careplan.assess(actor=worker, case=case, needs={"employment": "high", "medical": "some"})
    rows = {r.code: r for r in careplan.plan(worker, case)}
    assert list(rows) == SEVEN
    assert rows["employment"].need == "high" and rows["stigma"].need == "unknown"
    assert rows["employment"].uncovered and rows["medical"].uncovered and not rows["legal"].uncovered
    careplan.add_item(actor=worker, case=case, domain="employment", goal="A job that covers her costs",
                      service="Vocational training", provider=case.organisation, starts_on=datetime.date(2024, 2, 1))  # fmt: skip
    rows = {r.code: r for r in careplan.plan(worker, case)}
    assert not rows["employment"].uncovered and rows["medical"].uncovered


def test_unknown_domain_or_need_refused(case: Any, worker: Any) -> None:
    with pytest.raises(ValidationError):
        careplan.assess(actor=worker, case=case, needs={"housing": "high"})
    with pytest.raises(ValidationError):
        careplan.assess(actor=worker, case=case, needs={"legal": "urgent"})
    with pytest.raises(ValidationError):
        careplan.add_item(actor=worker, case=case, domain="housing", goal="x")


def test_delivery_logged_moves_a_planned_goal_into_progress_and_is_audited(case: Any, worker: Any) -> None:
    item = careplan.add_item(actor=worker, case=case, domain="psychological", goal="Counselling weekly",
                             provider_name="TPO Cambodia")  # fmt: skip
    assert item.status == "planned" and item.provider_label == "TPO Cambodia"
    careplan.log_delivery(
        actor=worker, item=item, description="First session", delivered_on=datetime.date(2024, 3, 1)
    )
    item.refresh_from_db()
    assert item.status == "in_progress" and ServiceDelivery.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(object_type="protection.servicedelivery").exists()
    rows = {r.code: r for r in careplan.plan(worker, case)}
    assert rows["psychological"].delivered == 1
    with pytest.raises(ValidationError):
        careplan.log_delivery(actor=worker, item=item, description="later",
                              delivered_on=datetime.date.today() + datetime.timedelta(days=2))  # fmt: skip
    with pytest.raises(ValidationError):
        careplan.update_item(actor=worker, item=item, starts_on=datetime.date(2024, 5, 1),
                             due_on=datetime.date(2024, 4, 1))  # fmt: skip


def test_other_organisation_may_not_plan_or_see(case: Any, make_user: Any, make_person: Any) -> None:
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other", name_km="ផ្សេង")
    stranger = make_user("caseworker", org=other)
    with pytest.raises(PermissionDenied):
        careplan.add_item(actor=stranger, case=case, domain="legal", goal="x")
    careplan.add_item(actor=case.caseworker, case=case, domain="legal", goal="Lawyer")
    assert not careplan.visible_items(stranger).exists()
    analyst = make_user("analyst")
    with pytest.raises(PermissionDenied):
        careplan.assess(actor=analyst, case=case, needs={})


def test_pages(client: Any, case: Any, worker: Any, login: Any, make_user: Any) -> None:
    client.cookies["phlov_language"] = "en"
    login(client, worker)
    page = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert reverse("protection:careplan", args=[case.pk]) in page
    data = {"assessed_on": "2024-02-01", "notes": ""} | {f"need_{d}": "some" for d in SEVEN}
    assert client.post(reverse("protection:careplan_assess", args=[case.pk]), data).status_code == 302
    response = client.post(reverse("protection:careplan_add", args=[case.pk]),
                           {"domain": "legal", "goal": "Testimony support", "status": "planned"})  # fmt: skip
    assert response.status_code == 302
    item = CareItem.objects.get()
    response = client.post(reverse("protection:careplan_deliver", args=[case.pk, item.pk]),
                           {"delivered_on": "2024-02-10", "description": "Went to court with her"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(reverse("protection:careplan", args=[case.pk])).content.decode()
    assert (
        "Testimony support" in html
        and "Went to court with her" in html
        and "no goal answers this need" in html
    )
    other_org = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="O", name_km="O")
    client.force_login(make_user("caseworker", org=other_org))
    assert client.get(reverse("protection:careplan", args=[case.pk])).status_code in (302, 404)


def test_api_lists_adds_and_delivers(client: Any, case: Any, worker: Any, login: Any, make_user: Any) -> None:
    login(client, worker)
    url = reverse("v1:protection-care-item-list")
    response = client.post(url, {"case": case.pk, "domain": "medical", "goal": "Health check"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    item = response.json()["id"]
    response = client.post(reverse("v1:protection-care-item-deliver", args=[item]),
                           {"delivered_on": "2024-02-02", "description": "Clinic visit"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 201
    listed = client.get(url).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["deliveries"][0]["description"] == "Clinic visit"
    bad = client.post(
        url, {"case": case.pk, "domain": "housing", "goal": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="O2", name_km="O2")
    login(client, make_user("caseworker", org=other))
    assert client.get(url).json() in ([], {"count": 0, "next": None, "previous": None, "results": []})
