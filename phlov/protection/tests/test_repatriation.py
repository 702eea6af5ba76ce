from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.places.models import Place
from phlov.protection import selectors_repatriation, servicedata
from phlov.protection.models import Repatriation
from phlov.protection.services_repatriation import complete_step, start_repatriation, update_repatriation
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _client() -> Client:
    client = Client()
    client.cookies["phlov_language"] = "en"  # the pages read in English here
    return client


TODAY = datetime.date.today()
TH = "th_mou_2014_sop_2019"


def _country(code: str) -> Place:
    return Place.objects.get(kind="country", code=code)


def _start(worker: Any, person: Any, days_ago: int = 10) -> Repatriation:
    case = make_case(person, caseworker=worker, stage="repatriation", identified_abroad=True)
    return start_repatriation(
        actor=worker, case=case, procedure=TH, host_country=_country("TH"), host_agency="MSDHS",
        identified_on=TODAY - datetime.timedelta(days=days_ago),
    )  # fmt: skip


def test_every_procedure_step_says_where_it_comes_from() -> None:
    assert {p.country for p in servicedata.procedures()} == {"TH", "VN", "MY"}
    for procedure in servicedata.procedures():
        codes = [s.code for s in procedure.steps]
        assert len(codes) == len(set(codes)) and procedure.source
        for step in procedure.steps:
            assert step.source and step.days > 0 and step.en and step.km
            assert step.after == "identified" or step.after in codes[: codes.index(step.code)]
    assert "poipet" in {b.code for b in servicedata.border_points()}


def test_steps_get_due_dates_from_the_time_limits(
    make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    rep = _start(worker, make_person(organisation))
    steps = list(rep.steps.order_by("order"))
    definition = servicedata.procedure(TH)
    assert definition is not None and [s.code for s in steps] == [s.code for s in definition.steps]
    first = definition.steps[0]
    assert steps[0].due_on == rep.identified_on + datetime.timedelta(days=first.days)
    # Each later step is due its time limit after the one before it is due (nothing done yet).
    assert steps[1].due_on == steps[0].due_on + datetime.timedelta(days=definition.steps[1].days)


def test_overdue_steps_are_flagged_and_move_when_done(
    make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    rep = _start(worker, make_person(organisation), days_ago=40)
    overdue = list(selectors_repatriation.overdue_steps(worker, today=TODAY, mine=True))
    assert [s.code for s in overdue][:1] == ["case_documented"] and overdue[0].is_overdue(TODAY)
    complete_step(actor=worker, step=overdue[0], done_on=TODAY - datetime.timedelta(days=39))
    after = {s.code: s for s in rep.steps.all()}
    assert after["case_documented"].done_on is not None and not after["case_documented"].is_overdue(TODAY)
    # The next step is now due from the day the first was done.
    assert after["family_tracing_requested"].due_on == TODAY - datetime.timedelta(days=39 - 7)
    assert "family_tracing_requested" in {
        s.code for s in selectors_repatriation.overdue_steps(worker, mine=True)
    }
    # Someone of another organisation sees none of it.
    stranger = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other")
    )
    assert not selectors_repatriation.overdue_steps(stranger).exists()


def test_a_closed_case_has_no_overdue_steps(make_user: Any, make_person: Any, organisation: Any) -> None:
    worker = make_user("caseworker")
    rep = _start(worker, make_person(organisation), days_ago=60)
    assert selectors_repatriation.overdue_steps(worker).exists()
    rep.case.stage = "closed"
    rep.case.save()
    assert not selectors_repatriation.overdue_steps(worker).exists()


def test_dates_fill_their_steps_and_time_to_return_is_measured(
    make_user: Any, make_person: Any, organisation: Any
) -> None:
    worker = make_user("caseworker")
    rep = _start(worker, make_person(organisation), days_ago=50)
    update_repatriation(
        actor=worker, repatriation=rep, family_tracing_requested_on=TODAY - datetime.timedelta(days=45),
        family_tracing_done_on=TODAY - datetime.timedelta(days=30), family_assessment_on=TODAY - datetime.timedelta(days=20),
        family_assessment_result="suitable", handover_on=TODAY - datetime.timedelta(days=5), border_point="poipet",
        escort="DoSVY social worker",
    )  # fmt: skip
    steps = {s.code: s for s in rep.steps.all()}
    assert steps["handover"].done_on == rep.handover_on
    assert steps["family_assessed"].done_on == rep.family_assessment_on
    assert rep.days_to_return == 45
    times = selectors_repatriation.return_times(worker)
    assert times.days == (45,) and times.median == 45
    assert selectors_repatriation.return_times(worker, country="VN").count == 0


def test_refusals(make_user: Any, make_person: Any, organisation: Any) -> None:
    worker = make_user("caseworker")
    home = make_case(make_person(organisation), caseworker=worker)
    with pytest.raises(ValidationError):
        start_repatriation(actor=worker, case=home, procedure=TH, host_country=_country("TH"))
    abroad = make_case(make_person(organisation), caseworker=worker, identified_abroad=True)
    with pytest.raises(ValidationError):  # a Thai procedure for a person found in Malaysia
        start_repatriation(actor=worker, case=abroad, procedure=TH, host_country=_country("MY"))
    rep = start_repatriation(actor=worker, case=abroad, procedure="my_mfaic", host_country=_country("MY"))
    with pytest.raises(ValidationError):
        update_repatriation(actor=worker, repatriation=rep, handover_on=TODAY + datetime.timedelta(days=3))
    with pytest.raises(ValidationError):
        update_repatriation(
            actor=worker, repatriation=rep, handover_on=rep.identified_on - datetime.timedelta(days=3)
        )


def test_pages(make_user: Any, make_person: Any, organisation: Any, login: Any) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker, identified_abroad=True)
    client = login(_client(), worker)
    page = client.get(reverse("protection:case", args=[case.pk]))
    assert reverse("protection:repatriation_start", args=[case.pk]) in page.content.decode()
    form = client.get(reverse("protection:repatriation_start", args=[case.pk]))
    assert "to verify" in form.content.decode()
    response = client.post(
        reverse("protection:repatriation_start", args=[case.pk]),
        {"procedure": TH, "host_country": _country("TH").pk, "host_agency": "MSDHS",
         "identified_on": (TODAY - datetime.timedelta(days=30)).isoformat()},
    )  # fmt: skip
    rep = Repatriation.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == reverse(
        "protection:repatriation", args=[rep.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "overdue" in detail and "to verify" in detail
    step = rep.steps.get(code="case_documented")
    client.post(
        reverse("protection:repatriation_step", args=[rep.pk, step.pk]), {"done_on": TODAY.isoformat()}
    )
    step.refresh_from_db()
    assert step.done_on == TODAY
    edit = client.post(
        reverse("protection:repatriation_edit", args=[rep.pk]),
        {"host_agency": "MSDHS", "identified_on": rep.identified_on.isoformat(), "family_assessment_result": "pending",
         "handover_on": TODAY.isoformat(), "border_point": "poipet", "escort": "IOM"},
    )  # fmt: skip
    assert edit.status_code == 302
    rep.refresh_from_db()
    assert rep.handover_on == TODAY and rep.days_to_return == 30
    assert "30" in client.get(reverse("protection:repatriations") + "?all=1").content.decode()
    other = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere")
    )
    assert login(_client(), other).get(reverse("protection:repatriation", args=[rep.pk])).status_code == 404


def test_api(make_user: Any, make_person: Any, organisation: Any, login: Any) -> None:
    worker = make_user("caseworker")
    rep = _start(worker, make_person(organisation), days_ago=40)
    data = login(_client(), worker).get(f"/api/v1/protection/repatriations/{rep.pk}/").json()
    first = data["steps"][0]
    assert data["procedure"] == TH and data["host_country"] == "TH"
    assert first["code"] == "case_documented" and first["overdue"] is True and first["verified"] is False
    assert first["time_limit_days"] == 14 and first["citation"]
