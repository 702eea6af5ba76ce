from __future__ import annotations

import datetime
from typing import Any

import pytest

from phlov.migration.tests import helpers as h


@pytest.fixture
def world(db: Any, make_person: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr("phlov.migration.checks.base.today", lambda: h.TODAY)
    for module in ("agency", "terms", "people"):
        monkeypatch.setattr(f"phlov.migration.checks.{module}.today", lambda: h.TODAY)
    moltv = h.ministry()
    inspector = h.user_with("agency_inspector", moltv)
    officer = h.user_with("labour_officer", moltv)
    agency = h.make_agency(inspector, moltv)
    order = h.approve(h.make_job_order(officer, agency), officer)
    person = make_person(agency.organisation, birth_date=datetime.date(1995, 5, 5))
    worker = h.make_worker(order, officer, person)
    return {"ministry": moltv, "inspector": inspector, "officer": officer, "agency": agency, "order": order,
            "person": person, "worker": worker}  # fmt: skip
