from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.notifications.models import Notification
from phlov.protection import retrafficking
from phlov.protection.models import RetraffickingAlert
from phlov.protection.models.retrafficking import AlertSource, AlertStatus
from phlov.protection.services import open_case
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _client() -> Client:
    client = Client()
    client.cookies["phlov_language"] = "en"  # the pages read in English here
    return client


D = datetime.date


def test_a_new_case_alerts_the_earlier_caseworker(
    make_user: Any, make_person: Any, organisation: Any
) -> None:
    earlier_worker, new_worker = make_user("caseworker"), make_user("caseworker")
    person = make_person(organisation)
    earlier = make_case(person, caseworker=earlier_worker, stage="closed", closed_on=D(2024, 6, 1))
    new = open_case(actor=new_worker, person=person, opened_on=D(2025, 3, 1))
    [alert] = RetraffickingAlert.objects.all()
    assert (alert.case, alert.earlier_case, alert.alerted, alert.status) == (
        new,
        earlier,
        earlier_worker,
        "open",
    )
    assert Notification.objects.filter(recipient=earlier_worker, kind="alert").exists()
    assert not Notification.objects.filter(recipient=new_worker, kind="alert").exists()
    # A first case raises nothing.
    open_case(actor=new_worker, person=make_person(organisation), opened_on=D(2025, 3, 1))
    assert RetraffickingAlert.objects.count() == 1


def test_a_merge_joins_cases_and_raises_the_alert(
    make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    survivor, duplicate = make_person(organisation), make_person(organisation, given_name_latin="Chendaa")
    earlier = make_case(
        duplicate, caseworker=worker, stage="closed", opened_on=D(2023, 1, 1), closed_on=D(2023, 9, 1)
    )
    later = make_case(survivor, caseworker=worker, opened_on=D(2025, 1, 1))
    assert not RetraffickingAlert.objects.exists()
    duplicate.merged_into = survivor
    duplicate.save()
    [alert] = RetraffickingAlert.objects.all()
    assert (alert.case, alert.earlier_case, alert.source) == (later, earlier, AlertSource.MERGE)
    duplicate.save()  # saving again raises nothing twice
    assert RetraffickingAlert.objects.count() == 1


def test_a_returnee_record_alerts_without_a_case(make_user: Any, make_person: Any, organisation: Any) -> None:
    worker = make_user("caseworker")
    person = make_person(organisation)
    earlier = make_case(person, caseworker=worker)
    [alert] = retrafficking.check_record(person=person, source=AlertSource.RETURNEE, source_ref="returnee:7")
    assert alert.case is None and alert.earlier_case == earlier
    assert (
        retrafficking.check_record(person=person, source=AlertSource.RETURNEE, source_ref="returnee:7") == []
    )


def test_rate(make_user: Any, make_person: Any, organisation: Any) -> None:
    worker = make_user("caseworker")
    again, once, open_only, merged = (make_person(organisation) for _ in range(4))
    make_case(again, stage="closed", opened_on=D(2022, 1, 1), closed_on=D(2023, 1, 1))
    make_case(again, opened_on=D(2024, 1, 1))
    make_case(once, stage="closed", opened_on=D(2022, 1, 1), closed_on=D(2023, 1, 1))
    make_case(open_only, opened_on=D(2022, 1, 1))
    # Two records of one person, each with a case: counted once, as re-trafficked.
    twin = make_person(organisation)
    make_case(merged, stage="closed", opened_on=D(2021, 1, 1), closed_on=D(2021, 6, 1))
    make_case(twin, opened_on=D(2022, 5, 1))
    twin.merged_into = merged
    twin.save()
    rate = retrafficking.retrafficking_rate(worker)
    assert (rate.retrafficked, rate.with_closed_case) == (2, 3) and rate.rate == pytest.approx(2 / 3)
    stranger = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other")
    )
    assert retrafficking.retrafficking_rate(stranger).rate is None
    assert retrafficking.retrafficking_rate(worker, since=D(2022, 1, 1)).with_closed_case == 2


def test_decide_and_page(make_user: Any, make_person: Any, organisation: Any, login: Any) -> None:
    worker = make_user("caseworker")
    person = make_person(organisation)
    make_case(person, caseworker=worker, stage="closed", closed_on=D(2024, 6, 1))
    new = open_case(actor=worker, person=person, opened_on=D(2025, 3, 1))
    alert = RetraffickingAlert.objects.get()
    client = login(_client(), worker)
    assert "Possible re-trafficking" in client.get(reverse("protection:case", args=[new.pk])).content.decode()
    with pytest.raises(ValidationError):
        retrafficking.decide(actor=worker, alert=alert, confirmed=False)
    client.post(reverse("protection:retrafficking_decide", args=[alert.pk]), {"confirmed": "1", "note": ""})
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CONFIRMED and alert.decided_by == worker


def test_a_migrant_worker_registration_alerts(make_user: Any, make_person: Any, organisation: Any) -> None:
    from phlov.migration.models import Worker
    from phlov.migration.tests import helpers

    worker = make_user("caseworker")
    person = make_person(organisation)
    earlier = make_case(person, caseworker=worker, stage="closed", closed_on=D(2024, 6, 1))
    ministry = helpers.ministry()
    agency = helpers.make_agency(helpers.user_with("agency_inspector", ministry), ministry, licence="RT-1")
    officer = helpers.user_with("labour_officer", ministry)
    registration = Worker.objects.create(person=person, job_order=helpers.make_job_order(officer, agency),
                                         registered_by=officer)  # fmt: skip
    [alert] = RetraffickingAlert.objects.all()
    assert alert.earlier_case == earlier and alert.case is None
    assert (alert.source, alert.source_ref) == (
        AlertSource.WORKER_RECORD,
        f"migration.worker:{registration.pk}",
    )
    assert Notification.objects.filter(recipient=worker, kind="alert").exists()
