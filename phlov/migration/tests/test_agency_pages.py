"""Staff pages for agencies: license, amend, suspend / revoke / reinstate, history, the agency's record."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from phlov.migration.models import Agency, AgencyStatus, LicenceStatusChange
from phlov.migration.tests import helpers as h
from phlov.places.models import Place

pytestmark = pytest.mark.django_db


def _register(client: Client, **changes: Any) -> Any:
    data = {
        "name_en": "Tonle Sap Recruitment", "name_km": "ទន្លេសាប", "licence_number": "PRA-777",
        "licence_issued": "2025-01-01", "licence_expires": "2030-12-31", "address": "Phnom Penh", "phone": "012",
        "destinations": [Place.objects.get(kind="country", code="MY").pk, Place.objects.get(kind="country", code="JP").pk],
        **changes,
    }  # fmt: skip
    return client.post(reverse("migration:agency_new"), data)


def test_inspector_licenses_an_agency_below_their_ministry(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    response = _register(client)
    agency = Agency.objects.get(licence_number="PRA-777")
    assert response.status_code == 302 and response["Location"] == reverse(
        "migration:agency", args=[agency.pk]
    )
    assert agency.organisation.parent == world["ministry"]
    assert set(agency.destinations.values_list("code", flat=True)) == {"MY", "JP"}
    # The public register shows it for its destinations.
    public = (
        Client(HTTP_ACCEPT_LANGUAGE="en")
        .get(reverse("migration:agency_register"), {"q": "PRA-777"})
        .content.decode()
    )
    assert "Tonle Sap" in public or "ទន្លេសាប" in public


def test_a_licence_number_is_unique_and_errors_stay_on_the_form(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    response = _register(client, licence_number=world["agency"].licence_number)
    assert response.status_code == 200 and Agency.objects.count() == 1


def test_suspend_revoke_and_reinstate_with_history(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    agency = world["agency"]
    url = reverse("migration:agency_status", args=[agency.pk])
    # A suspension without an end date is refused.
    assert client.post(url, {"status": "suspended", "reason": "Deployment delays"}).status_code == 200
    until = datetime.date.today() + datetime.timedelta(days=45)
    assert (
        client.post(
            url, {"status": "suspended", "until": until.isoformat(), "reason": "Deployment delays"}
        ).status_code
        == 302
    )
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.SUSPENDED and agency.suspended_until == until
    client.post(url, {"status": "active", "reason": "Workers repaid"})
    client.post(url, {"status": "revoked", "reason": "Repeated violations"})
    history = list(
        LicenceStatusChange.objects.filter(agency=agency)
        .order_by("pk")
        .values_list("old_status", "new_status")
    )
    assert history == [("active", "suspended"), ("suspended", "active"), ("active", "revoked")]
    page = client.get(reverse("migration:agency", args=[agency.pk])).content.decode()
    assert "Workers repaid" in page and "Repeated violations" in page
    public = (
        Client(HTTP_ACCEPT_LANGUAGE="en")
        .get(reverse("migration:agency_register"), {"q": agency.licence_number})
        .content.decode()
    )
    assert "may not recruit" in public or "មិនអាច" in public


def test_amend_licence_destinations(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    agency = world["agency"]
    response = client.post(reverse("migration:agency_licence", args=[agency.pk]), {
        "licence_issued": "2020-01-01", "licence_expires": "2031-01-01",
        "destinations": [Place.objects.get(kind="country", code="KR").pk],
    })  # fmt: skip
    assert response.status_code == 302
    assert list(agency.destinations.values_list("code", flat=True)) == ["KR"]


def test_add_sites_and_officers(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    agency = world["agency"]
    client.post(reverse("migration:agency_site", args=[agency.pk, "training_centre"]), {
        "name": "Kandal centre", "address": "Kandal", "registered": "on", "longest_stay_days": "30",
    })  # fmt: skip
    client.post(
        reverse("migration:agency_site", args=[agency.pk, "officer"]), {"kind": "director", "name": "Mr Dara"}
    )
    assert agency.training_centres.get().name == "Kandal centre"
    assert agency.officers.get().name == "Mr Dara"
    assert client.get(reverse("migration:agency_site", args=[agency.pk, "nothing"])).status_code == 404


def test_who_may_use_the_pages(world: dict[str, Any], login: Any) -> None:
    agency = world["agency"]
    officer = login(
        Client(HTTP_ACCEPT_LANGUAGE="en"), world["officer"]
    )  # labour officer: may view, not change
    assert officer.get(reverse("migration:agency", args=[agency.pk])).status_code == 200
    assert officer.get(reverse("migration:agency_status", args=[agency.pk])).status_code == 404
    assert officer.get(reverse("migration:agency_new")).status_code == 404
    staff = login(Client(HTTP_ACCEPT_LANGUAGE="en"), h.user_with("agency_staff", agency.organisation))
    assert staff.get(reverse("migration:agencies")).status_code == 404
    caseworker = login(Client(HTTP_ACCEPT_LANGUAGE="en"), h.user_with("caseworker", world["ministry"]))
    assert caseworker.get(reverse("migration:agency", args=[agency.pk])).status_code == 404


def test_a_name_already_registered_is_refused_on_the_form(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    response = _register(client, name_en=world["agency"].name_en, licence_number="PRA-888")
    assert response.status_code == 200 and "already registered" in response.content.decode()
    assert not Agency.objects.filter(licence_number="PRA-888").exists()
