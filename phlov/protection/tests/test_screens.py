"""Work screens: the caseworker's (my cases, due and overdue follow-ups) and the supervisor's
(approvals waiting, caseload per caseworker)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from phlov.protection.models import FollowUpVisit
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case
from phlov.protection.workflow import change_stage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Any) -> None:
    client.cookies["phlov_language"] = "en"


def test_my_work_lists_overdue_and_due_visits_of_my_cases(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    worker, colleague = make_user("caseworker"), make_user("caseworker")
    mine = make_case(
        make_person(organisation, given_name_latin="Mine"), caseworker=worker, stage=Stage.FOLLOW_UP
    )
    theirs = make_case(
        make_person(organisation, given_name_latin="Theirs"), caseworker=colleague, stage=Stage.FOLLOW_UP
    )
    today = datetime.date.today()
    FollowUpVisit.objects.create(case=mine, due_on=today - datetime.timedelta(days=40))
    FollowUpVisit.objects.create(case=mine, due_on=today + datetime.timedelta(days=5))
    FollowUpVisit.objects.create(case=theirs, due_on=today - datetime.timedelta(days=3))
    login(client, worker)
    index = client.get(reverse("protection:index")).content.decode()
    assert reverse("protection:my_work") in index
    html = client.get(reverse("protection:my_work")).content.decode()
    overdue = html.split('id="overdue-visits"')[1].split("</section>")[0]
    due = html.split('id="due-visits"')[1].split("</section>")[0]
    assert "Mine" in overdue and "Theirs" not in overdue
    assert str(today - datetime.timedelta(days=40)) in overdue
    assert "Mine" in due and str(today + datetime.timedelta(days=5)) in due


def test_supervision_shows_approvals_and_caseload(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    supervisor = make_user("supervisor")
    busy, idle = (
        make_user("caseworker", username="busy.worker"),
        make_user("caseworker", username="idle.worker"),
    )
    for n in range(3):
        make_case(make_person(organisation, given_name_latin=f"P{n}"), caseworker=busy, stage=Stage.RECOVERY)
    make_case(make_person(organisation, given_name_latin="Closed"), caseworker=idle, stage=Stage.CLOSED)
    one = make_case(
        make_person(organisation, given_name_latin="Ready"), caseworker=idle, stage=Stage.FOLLOW_UP
    )
    FollowUpVisit.objects.create(case=one, due_on=datetime.date.today() - datetime.timedelta(days=2))
    change_stage(actor=idle, case=one, to_stage=Stage.CLOSED, closure_reason="lost_contact")
    login(client, supervisor)
    html = client.get(reverse("protection:supervision")).content.decode()
    approvals = html.split('id="approvals"')[1].split("</section>")[0]
    caseload = html.split('id="caseload"')[1].split("</section>")[0]
    assert "Ready" in approvals and "idle.worker" in approvals
    rows = {row.split("</td>")[0].split("<td>")[-1]: row for row in caseload.split("<tr>")[2:]}
    assert "<td>3</td>" in rows["busy.worker"] and "recovery in a shelter: 3" in rows["busy.worker"]
    assert "<td>1</td>" in rows["idle.worker"] and '<strong class="error">1</strong>' in rows["idle.worker"]


def test_supervision_is_for_supervisors(client: Any, make_user: Any, login: Any) -> None:
    login(client, make_user("caseworker"))
    assert client.get(reverse("protection:supervision")).status_code == 404
    assert client.get(reverse("protection:my_work")).status_code == 200
    login(client, make_user("analyst"))
    assert client.get(reverse("protection:my_work")).status_code == 404
