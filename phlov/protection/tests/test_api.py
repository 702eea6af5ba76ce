from __future__ import annotations

from typing import Any

import pytest

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def test_cases_through_policy_and_hidden_fields(client: Any, organisation: Any, make_user: Any, make_person: Any,
                                                login: Any) -> None:  # fmt: skip
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other", name_km="ផ្សេង")
    mine = make_case(make_person(organisation), narrative="secret")
    make_case(make_person(other))
    login(client, make_user("shelter_staff"))
    assert client.get("/api/v1/protection/cases/").status_code in (200, 403)
    client.logout()
    login(client, make_user("caseworker"))
    data = client.get("/api/v1/protection/cases/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [r["id"] for r in rows] == [mine.pk] and rows[0]["narrative"] == "secret"


def test_stage_endpoint(client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    login(client, worker)
    url = f"/api/v1/protection/cases/{case.pk}/stage/"
    bad = client.post(url, {"to_stage": Stage.FOLLOW_UP}, content_type="application/json")
    assert bad.status_code == 400
    good = client.post(url, {"to_stage": Stage.RECOVERY}, content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "done"
    closing = client.post(url, {"to_stage": Stage.CLOSED, "closure_reason": "ministry_ran_away"},
                          content_type="application/json")  # fmt: skip
    assert closing.json()["status"] == "pending"
