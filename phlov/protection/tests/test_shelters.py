from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.protection import selectors_shelters
from phlov.protection.closure import add_months
from phlov.protection.models import ShelterStay, StayStatus
from phlov.protection.services_shelters import (
    add_shelter,
    admit,
    ask_for_place,
    cancel_waiting,
    discharge,
    review_long_stay,
)
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _client() -> Client:
    client = Client()
    client.cookies["phlov_language"] = "en"  # the pages read in English here
    return client


TODAY = datetime.date.today()


@pytest.fixture
def shelter(make_user: Any) -> Any:
    return add_shelter(actor=make_user("supervisor"), name_en="Test shelter", name_km="មណ្ឌល", capacity=2)


def test_capacity_waiting_list_and_occupancy(
    shelter: Any, make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    cases = [make_case(make_person(organisation), caseworker=worker) for _ in range(3)]
    first = ask_for_place(actor=worker, case=cases[0], shelter=shelter, admit=True)
    ask_for_place(actor=worker, case=cases[1], shelter=shelter, admit=True)
    with pytest.raises(ValidationError, match="full"):
        ask_for_place(actor=worker, case=cases[2], shelter=shelter, admit=True)
    waiting = ask_for_place(actor=worker, case=cases[2], shelter=shelter)
    [row] = selectors_shelters.occupancy(worker)
    assert (row.occupied, row.free, row.waiting, row.full, row.percent) == (2, 0, 1, True, 100)
    assert list(selectors_shelters.waiting_list(worker, shelter)) == [waiting]
    with pytest.raises(ValidationError, match="full"):
        admit(actor=worker, stay=waiting)
    discharge(actor=worker, stay=first, destination="family")
    admit(actor=worker, stay=waiting)
    [row] = selectors_shelters.occupancy(worker)
    assert (row.occupied, row.waiting) == (2, 0)
    first.refresh_from_db()
    assert first.status == StayStatus.DISCHARGED and first.discharge_destination == "family"


def test_one_stay_at_a_time_and_ordered_dates(
    shelter: Any, make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    stay = ask_for_place(actor=worker, case=case, shelter=shelter, admit=True)
    other = add_shelter(actor=make_user("supervisor"), name_en="Second shelter", capacity=5)
    with pytest.raises(ValidationError, match="already staying"):
        ask_for_place(actor=worker, case=case, shelter=other, admit=True)
    with pytest.raises(ValidationError):
        discharge(actor=worker, stay=stay, destination="nowhere")
    with pytest.raises(ValidationError):
        discharge(
            actor=worker, stay=stay, destination="family", discharged_on=TODAY - datetime.timedelta(days=5)
        )
    waiting = ask_for_place(actor=worker, case=make_case(make_person(organisation)), shelter=other)
    cancel_waiting(actor=worker, stay=waiting, note="went home")
    assert ShelterStay.objects.get(pk=waiting.pk).status == StayStatus.CANCELLED


def _stay_since(shelter: Any, case: Any, user: Any, admitted_on: datetime.date) -> ShelterStay:
    return ShelterStay.objects.create(
        shelter=shelter, case=case, status=StayStatus.ADMITTED, requested_on=admitted_on, admitted_on=admitted_on,
        requested_by=user,
    )  # fmt: skip


def test_long_stays_surface_for_review(
    shelter: Any, make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    _min, longest, source = selectors_shelters.usual_stay()
    assert (_min, longest) == (6, 12) and "six months to one year" in source
    long = _stay_since(
        shelter, make_case(make_person(organisation)), worker, add_months(TODAY, -(longest + 1))
    )
    short = _stay_since(
        shelter, make_case(make_person(organisation)), worker, add_months(TODAY, -(longest - 1))
    )
    assert list(selectors_shelters.long_stays(worker, TODAY)) == [long]
    assert long.months_stayed(TODAY) == longest + 1
    with pytest.raises(ValidationError):
        review_long_stay(actor=worker, stay=long, note=" ")
    review_long_stay(actor=worker, stay=long, note="Waiting for a family assessment; stays two more months.")
    assert not selectors_shelters.long_stays(worker, TODAY).exists()
    # A review is good for a while; then the stay surfaces again (with the other one, grown long).
    assert set(selectors_shelters.long_stays(worker, add_months(TODAY, 4))) == {long, short}


def test_who_sees_a_stay(shelter: Any, make_user: Any, make_person: Any, organisation: Any) -> None:
    # A ministry caseworker places a person in the NGO's shelter: the shelter's staff and the
    # caseworker see the stay; a third organisation does not.
    ministry = Organisation.objects.create(kind=OrganisationKind.MINISTRY, name_en="Ministry")
    ministry_worker = make_user("caseworker", org=ministry)
    case = make_case(make_person(ministry), caseworker=ministry_worker)
    stay = ask_for_place(actor=ministry_worker, case=case, shelter=shelter)
    staff = make_user("shelter_staff")
    third = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Third")
    )
    assert list(selectors_shelters.visible_stays(staff)) == [stay]
    assert list(selectors_shelters.visible_stays(ministry_worker)) == [stay]
    assert not selectors_shelters.visible_stays(third).exists()
    admit(actor=staff, stay=stay)
    with pytest.raises(PermissionDenied):
        discharge(actor=third, stay=stay, destination="family")


def test_shelter_staff_pages(
    shelter: Any, make_user: Any, make_person: Any, organisation: Any, login: Any
) -> None:
    worker, staff = make_user("caseworker"), make_user("shelter_staff")
    case = make_case(make_person(organisation), caseworker=worker)
    client = login(_client(), worker)
    response = client.post(
        reverse("protection:stay_request", args=[case.pk]),
        {"shelter": shelter.pk, "requested_on": TODAY.isoformat(), "notes": ""},
    )
    stay = ShelterStay.objects.get(case=case)
    assert response.status_code == 302 and stay.status == StayStatus.WAITING
    assert "Test shelter" in client.get(reverse("protection:case", args=[case.pk])).content.decode()
    staff_client = login(_client(), staff)
    assert staff_client.get(reverse("protection:index"))["Location"] == reverse("protection:shelters")
    board = staff_client.get(reverse("protection:shelters")).content.decode()
    assert "Test shelter" in board and case.person.display_name in board
    staff_client.post(reverse("protection:stay_admit", args=[stay.pk]), {"admitted_on": TODAY.isoformat()})
    stay.refresh_from_db()
    assert stay.status == StayStatus.ADMITTED
    staff_client.post(
        reverse("protection:stay_discharge", args=[stay.pk]),
        {"discharged_on": TODAY.isoformat(), "destination": "family", "note": ""},
    )
    stay.refresh_from_db()
    assert stay.status == StayStatus.DISCHARGED
    assert staff_client.get(reverse("protection:shelter", args=[shelter.pk])).status_code == 200
    assert staff_client.get(reverse("protection:case", args=[case.pk])).status_code == 404
