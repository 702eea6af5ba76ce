"""What the care module reads back: every generated case with the dates it entered each stage,
its follow-up visits and the survey answers its narrative holds, and each case's reintegration
placement (read from its visits' income and rent, which protection.py draws from one 001
placement per case)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from phlov.protection.models import Case, FollowUpVisit, StageChange
from phlov.synthetic import calibration

WISH = re.compile(r"Training wished: (.+?); job hoped for")
CAUSES = re.compile(r"Why they left: (.+?)\.")
LAND = re.compile(r"Family land: (.+?)\.")


@dataclass
class Visit:
    id: int
    due: datetime.date
    visited: datetime.date | None
    income: Decimal | None
    food: Decimal
    rent: Decimal
    sector: str
    risk: str


@dataclass
class CaseRow:
    id: int
    person: int
    org: int
    worker: int
    supervisor: int
    stage: str
    opened: datetime.date
    closed: datetime.date | None
    reason: str
    abroad: bool
    narrative: str
    forms: list[str]
    means: list[str]
    recruited: list[str]
    departure: str
    sex: str
    province: int | None
    birth_year: int | None
    entered: dict[str, datetime.date] = field(default_factory=dict)  # stage -> first day in it
    visits: list[Visit] = field(default_factory=list)

    @property
    def wish(self) -> str:
        found = WISH.search(self.narrative)
        return found.group(1) if found else ""

    @property
    def causes(self) -> list[str]:
        found = CAUSES.search(self.narrative)
        if not found or found.group(1) == "not said":
            return []
        return [c.strip() for c in found.group(1).split(",")]

    @property
    def land(self) -> str:
        found = LAND.search(self.narrative)
        return found.group(1) if found else ""

    @property
    def illiterate(self) -> bool:
        return self.narrative.startswith("Cannot read")

    def end(self, reference: datetime.date) -> datetime.date:
        """The last day the case is worked on (its closing, or the reference date)."""

        return min(self.closed or reference, reference)


def load(staff_of: dict[int, tuple[int, int]], since: int = 0) -> list[CaseRow]:
    """The generated cases (those whose caseworker is a synthetic account) from id ``since``, in
    id order."""

    supervisor_of = {worker: sup for worker, sup in staff_of.values()}
    rows: dict[int, CaseRow] = {}
    fields = ("id", "person_id", "organisation_id", "caseworker_id", "stage", "opened_on", "closed_on",
              "closure_reason", "identified_abroad", "narrative", "exploitation_forms", "means_of_control",
              "recruited_by", "departure", "person__sex", "person__origin_province_id", "person__birth_year")  # fmt: skip
    ours = Case.objects.filter(caseworker_id__in=list(supervisor_of), pk__gte=since).order_by("pk")
    query = ours.values_list(*fields)
    for (
        pk,
        person,
        org,
        worker,
        stage,
        opened,
        closed,
        reason,
        abroad,
        text,
        forms,
        means,
        by,
        dep,
        sex,
        prov,
        born,
    ) in query:
        rows[pk] = CaseRow(
            pk, person, org, worker, supervisor_of[worker], stage, opened, closed, reason, abroad, text,
            list(forms or []), list(means or []), list(by or []), dep, sex, prov, born,
        )  # fmt: skip
    changes = StageChange.objects.filter(case_id__in=list(rows), status="done").order_by("requested_at", "pk")
    for case_id, to_stage, at in changes.values_list("case_id", "to_stage", "requested_at").iterator(20000):
        rows[case_id].entered.setdefault(to_stage, at.date())
    visits = FollowUpVisit.objects.filter(case_id__in=list(rows)).order_by("due_on", "pk")
    for pk, case_id, due, visited, income, food, rent, sector, risk in visits.values_list(
        "id", "case_id", "due_on", "visited_on", "monthly_income", "cost_food", "cost_rent", "sector",
        "retrafficking_risk",
    ).iterator(20000):  # fmt: skip
        rows[case_id].visits.append(Visit(pk, due, visited, income, food, rent, sector, risk))
    return list(rows.values())


def placement_of(case: CaseRow, rng: np.random.Generator) -> calibration.Placement:
    """The 001 placement protection.py drew for the case, read from its first visit's income and
    rent (the bands do not overlap on both); drawn with 001's shares when there is no visit yet."""

    places = calibration.placements()
    for visit in case.visits:
        if visit.income is None:
            continue
        income, rent = float(visit.income), float(visit.rent)
        for place in places:
            if place.income[0] <= income <= place.income[1] and place.rent[0] <= rent <= place.rent[1]:
                return place
    weights = np.array([p.share for p in places])
    return places[int(rng.choice(len(places), p=weights / weights.sum()))]


def placement_rule(place: calibration.Placement) -> dict[str, Any]:
    """How a 001 placement is read (calibration-care.json ``care_placements``)."""

    rules = calibration.figures()["care_placements"]["values"]
    for prefix, rule in rules.items():
        if place.name.startswith(prefix):
            return dict(rule)
    raise LookupError(f"no care_placements rule for {place.name!r}")


def day_between(rng: np.random.Generator, start: datetime.date, low: int, high: int) -> datetime.date:
    return start + datetime.timedelta(days=int(rng.integers(low, high + 1)))
