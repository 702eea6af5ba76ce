"""Training and work: interests before training, places, the match between wish and course,
placements and the income check of their wage."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from phlov.protection import training
from phlov.protection.models import Enrolment
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def worker(make_user: Any) -> Any:
    return make_user("caseworker")


@pytest.fixture
def case(organisation: Any, make_person: Any, worker: Any) -> Any:
    return make_case(make_person(organisation), caseworker=worker, stage=Stage.RECOVERY)


@pytest.fixture
def courses(worker: Any) -> dict[str, Any]:
    return {
        kind: training.add_course(actor=worker, kind=kind, name=kind.title(), places=places, starts_on=DAY)
        for kind, places in (("sewing", 10), ("beauty_salon", 1), ("motorcycle_repair", 5))
    }


def test_enrolment_needs_interests_recorded_before(case: Any, worker: Any, courses: Any) -> None:
    with pytest.raises(ValidationError, match="before enrolling"):
        training.enrol(actor=worker, case=case, course=courses["sewing"], enrolled_on=DAY)
    # Recorded after the enrolment date: still not "before training".
    training.record_interests(
        actor=worker, case=case, interests=["beauty_salon"], recorded_on=DAY + datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="before enrolling"):
        training.enrol(actor=worker, case=case, course=courses["sewing"], enrolled_on=DAY)


def test_course_not_wanted_needs_a_reason_and_is_counted_as_such(
    case: Any, worker: Any, courses: Any
) -> None:
    training.record_interests(actor=worker, case=case, interests=["beauty_salon"], aptitudes="good with hands",
                              recorded_on=DAY)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        training.enrol(actor=worker, case=case, course=courses["sewing"], enrolled_on=DAY)
    assert "not_wanted_reason" in error.value.message_dict
    enrolment = training.enrol(actor=worker, case=case, course=courses["sewing"], enrolled_on=DAY,
                               not_wanted_reason="Beauty salon class full")  # fmt: skip
    assert enrolment.wanted is False
    figure = training.match_figure(worker)
    rows = {r.kind: r for r in figure.rows}
    assert rows["beauty_salon"].wanted == 1 and rows["beauty_salon"].trained == 0
    assert (
        rows["sewing"].wanted == 0 and rows["sewing"].trained == 1 and rows["sewing"].trained_as_wished == 0
    )
    assert figure.match_pct == 0


def test_wanted_course_matches_and_places_are_limited(
    case: Any, worker: Any, courses: Any, make_person: Any, organisation: Any
) -> None:
    training.record_interests(
        actor=worker, case=case, interests=["beauty_salon", "computing"], recorded_on=DAY
    )
    first = training.enrol(actor=worker, case=case, course=courses["beauty_salon"], enrolled_on=DAY)
    assert first.wanted and first.not_wanted_reason == ""
    other = make_case(make_person(organisation, given_name_latin="Srey"), caseworker=worker)
    training.record_interests(actor=worker, case=other, interests=["beauty_salon"], recorded_on=DAY)
    with pytest.raises(ValidationError, match="no place left"):
        training.enrol(actor=worker, case=other, course=courses["beauty_salon"], enrolled_on=DAY)
    training.set_enrolment_status(actor=worker, enrolment=first, status="dropped")
    assert training.enrol(actor=worker, case=other, course=courses["beauty_salon"], enrolled_on=DAY).wanted
    figure = training.match_figure(worker)
    assert figure.match_pct == 100 and figure.enrolments == 1


def test_unknown_interest_refused(case: Any, worker: Any) -> None:
    with pytest.raises(ValidationError):
        training.record_interests(actor=worker, case=case, interests=["astronaut"])
    with pytest.raises(ValidationError):
        training.record_interests(actor=worker, case=case, interests=[])


def test_placement_pages_show_wage_against_living_costs(client: Any, case: Any, worker: Any, login: Any,
                                                        courses: Any) -> None:  # fmt: skip
    from phlov.protection.reintegration import record_reintegration

    record_reintegration(actor=worker, case=case, destination="workplace", reintegrated_on=DAY,
                         cost_food=Decimal(20), cost_rent=Decimal(20), cost_family_support=Decimal(10))  # fmt: skip
    client.cookies["phlov_language"] = "en"
    login(client, worker)
    response = client.post(reverse("protection:placement_add", args=[case.pk]),
                           {"kind": "garment_factory", "employer": "Factory", "sector": "garment",
                            "starts_on": "2008-03-01", "monthly_wage": "45"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(reverse("protection:training", args=[case.pk])).content.decode()
    # Seed 001: US$45 against food, rent and family support of US$50; the 2006 minimum wage was US$50.
    assert "does not cover life" in html and "US$5.00 short" in html and "below the minimum wage" in html


def test_pages_interest_enrol_and_figure(
    client: Any, case: Any, worker: Any, login: Any, courses: Any
) -> None:
    client.cookies["phlov_language"] = "en"
    login(client, worker)
    response = client.post(reverse("protection:training_interests", args=[case.pk]),
                           {"recorded_on": "2024-03-01", "interests": ["motorcycle_repair"]})  # fmt: skip
    assert response.status_code == 302
    html = client.get(reverse("protection:training_enrol", args=[case.pk])).content.decode()
    assert "motorcycle repair" in html
    response = client.post(reverse("protection:training_enrol", args=[case.pk]),
                           {"course": courses["motorcycle_repair"].pk, "enrolled_on": "2024-03-02"})  # fmt: skip
    assert response.status_code == 302 and Enrolment.objects.get().wanted
    html = client.get(reverse("protection:courses")).content.decode()
    assert "100% of 1 enrolments" in html and "<progress" in html
