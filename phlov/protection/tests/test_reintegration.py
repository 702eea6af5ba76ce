"""Reintegration and follow-up: destinations and money given, the follow-up schedule made when
follow-up starts (monthly x 12 by default, a setting), overdue visits and their reminders."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from phlov.notifications.models import Notification
from phlov.protection import reintegration
from phlov.protection.models import FollowUpVisit, VisitReminder
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case
from phlov.protection.workflow import change_stage

pytestmark = pytest.mark.django_db
START = datetime.date(2024, 1, 31)


@pytest.fixture
def worker(make_user: Any) -> Any:
    return make_user("caseworker")


@pytest.fixture
def case(organisation: Any, make_person: Any, worker: Any) -> Any:
    return make_case(make_person(organisation), caseworker=worker, stage=Stage.INTEGRATION)


def test_entering_follow_up_schedules_twelve_monthly_visits(case: Any, worker: Any) -> None:
    change_stage(actor=worker, case=case, to_stage=Stage.FOLLOW_UP, on=START)
    due = list(FollowUpVisit.objects.filter(case=case).values_list("due_on", flat=True))
    assert len(due) == 12
    assert (
        due[0] == datetime.date(2024, 2, 29)
        and due[1] == datetime.date(2024, 3, 31)
        and due[-1] == datetime.date(2025, 1, 31)
    )
    # Going back to integration and into follow-up again does not double the schedule.
    change_stage(actor=worker, case=case, to_stage=Stage.INTEGRATION, on=START)
    change_stage(actor=worker, case=case, to_stage=Stage.FOLLOW_UP, on=START)
    assert FollowUpVisit.objects.filter(case=case).count() == 12


@override_settings(PHLOV_PROTECTION_FOLLOW_UP_VISITS=6, PHLOV_PROTECTION_FOLLOW_UP_INTERVAL_MONTHS=2)
def test_schedule_is_a_setting(case: Any, worker: Any) -> None:
    change_stage(actor=worker, case=case, to_stage=Stage.FOLLOW_UP, on=datetime.date(2024, 1, 15))
    due = list(FollowUpVisit.objects.filter(case=case).values_list("due_on", flat=True))
    assert due == [datetime.date(2024, m, 15) for m in (3, 5, 7, 9, 11)] + [datetime.date(2025, 1, 15)]


def test_reintegration_and_support_recorded(case: Any, worker: Any) -> None:
    reintegration.record_reintegration(actor=worker, case=case, destination="half_way_house", reintegrated_on=START,
                                       cost_food=Decimal(25), cost_rent=Decimal(40))  # fmt: skip
    reintegration.give_support(
        actor=worker, case=case, kind="one_month_support", amount=Decimal(60), given_on=START
    )
    reintegration.give_support(actor=worker, case=case, kind="startup_grant", amount=Decimal(120), given_on=START,
                               description="Sewing machine for a tailor shop")  # fmt: skip
    assert reintegration.living_costs(case) == {"cost_food": Decimal(25), "cost_rent": Decimal(40)}
    assert sorted(reintegration.visible_support(worker).values_list("kind", flat=True)) == [
        "one_month_support", "startup_grant",
    ]  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        reintegration.give_support(
            actor=worker, case=case, kind="startup_grant", amount=Decimal(0), given_on=START
        )
    with pytest.raises(ValidationError):
        reintegration.record_reintegration(actor=worker, case=case, destination="moon", reintegrated_on=START)


def _overdue_case(case: Any, worker: Any) -> None:
    change_stage(actor=worker, case=case, to_stage=Stage.FOLLOW_UP, on=datetime.date(2024, 1, 1))


def test_reminder_command_notifies_once_then_after_a_week(case: Any, worker: Any) -> None:
    _overdue_case(case, worker)
    out = io.StringIO()
    call_command("protection_reminders", "--today", "2024-04-15", stdout=out)
    assert "Reminded 1 caseworkers of 3 overdue visits." in out.getvalue()
    notice = Notification.objects.get(recipient=worker)
    assert notice.kind == Notification.Kind.REMINDER and notice.link == reverse("protection:my_work")
    assert notice.body.count("2024-0") == 3
    call_command("protection_reminders", "--today", "2024-04-16", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=worker).count() == 1  # reminded yesterday: not again
    call_command("protection_reminders", "--today", "2024-04-22", stdout=io.StringIO())
    assert Notification.objects.filter(recipient=worker).count() == 2
    assert VisitReminder.objects.count() == 3 + 3


def test_no_reminder_for_made_visits_closed_cases_or_lost_access(case: Any, worker: Any) -> None:
    from phlov.protection.workflow import record_visit

    _overdue_case(case, worker)
    for visit in FollowUpVisit.objects.filter(case=case, due_on__lt=datetime.date(2024, 4, 15)):
        record_visit(actor=worker, case=case, visit=visit, visited_on=visit.due_on)
    assert reintegration.send_reminders(today=datetime.date(2024, 4, 15)) == []
    assert len(reintegration.send_reminders(today=datetime.date(2024, 6, 15))) == 2
    Notification.objects.all().delete()
    VisitReminder.objects.all().delete()
    worker.assignments.all().delete()
    assert reintegration.send_reminders(today=datetime.date(2024, 6, 15)) == []
    case.stage = Stage.CLOSED
    case.save()
    assert reintegration.send_reminders(today=datetime.date(2024, 6, 15)) == []


def test_reintegration_page(client: Any, case: Any, worker: Any, login: Any) -> None:
    client.cookies["phlov_language"] = "en"
    login(client, worker)
    response = client.post(reverse("protection:reintegration_add", args=[case.pk]),
                           {"destination": "family", "reintegrated_on": "2024-01-31", "cost_food": "30"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("protection:reintegration_support", args=[case.pk]),
                           {"kind": "one_month_support", "amount": "50", "given_on": "2024-01-31", "months": "1"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(reverse("protection:reintegration", args=[case.pk])).content.decode()
    assert "one-month financial support" in html and "0 of the 12 months" in html
    assert "Successful reintegration needs an income check" in html
