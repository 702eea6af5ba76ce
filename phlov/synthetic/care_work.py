"""Training and work, and the reintegration itself.

Interests (``training.py``) are recorded when the person enters recovery: the training their
case narrative names (001 Table 3, drawn by protection.py) first, then, as Table 3 counts them,
one skill and English or Khmer literacy on top. Courses are three-month cohorts of the lead
organisation, given by one of the two NGOs (001: CCPCR's and CWCC's shelter courses); a person is
enrolled in the course that leads to their placement (001: sewing for the garment factories and
tailor shops, craft work for the NGO businesses, hairdressing) and in literacy when they cannot
read, so that wish and course differ as 001 found. The placement is the one protection.py gave
the follow-up visits (read from their income and rent); the reintegration is recorded on the day
of integration with the living costs the first visit checked; the money given then is one month
of support where the placement does not lodge and feed the person, and a start-up grant below
CCPCR's US$125 for the self-employed of the half-way houses.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from phlov.synthetic import calibration
from phlov.synthetic.care_cases import CaseRow, day_between, placement_of, placement_rule

TABLE_SEX = {"female": "Female", "male": "Male"}


def interests_of(case: CaseRow, rng: np.random.Generator) -> list[str]:
    """The narrative's wish first, then Table 3's other answers of the person's sex."""

    figure = calibration.figures()["care_training_kinds"]
    kinds, on_top = figure["values"], set(figure["on_top"])
    table = TABLE_SEX.get(case.sex, "Female")
    counts = calibration.training_wishes()["vocational_training"][table]
    base = calibration.sheltered_by_sex()[table]
    wish = case.wish if case.wish in kinds else ""
    chosen = [wish] if wish else []
    if not wish or wish in on_top:
        skills = {k: v for k, v in counts.items() if k not in on_top and v > 0}
        names = list(skills)
        weights = np.array([skills[n] for n in names])
        chosen.append(names[int(rng.choice(len(names), p=weights / weights.sum()))])
    for extra in sorted(on_top):
        if extra not in chosen and rng.random() < counts.get(extra, 0) / base:
            chosen.append(extra)
    return [kinds[c] for c in chosen]


class Courses:
    """Cohorts of a course kind, by lead organisation and provider, started every
    ``every_months`` and never enrolled past their places."""

    def __init__(self, first_id: int, provider_names: dict[int, str]) -> None:
        figure = calibration.figures()["care_course"]
        self.months, self.places = int(figure["months"]), int(figure["places"])
        self.every = int(figure["every_months"])
        self.on_site = set(figure["on_site"])
        self.next_id = first_id
        self.provider_names = provider_names
        self.rows: list[dict[str, Any]] = []
        # (organisation, provider, kind, start) -> (course id, places taken, last day)
        self.taken: dict[tuple[int, int, str, datetime.date], tuple[int, int, datetime.date]] = {}

    def enrol(
        self, org: int, provider: int, kind: str, after: datetime.date
    ) -> tuple[int, datetime.date, datetime.date]:
        """The first cohort starting after ``after`` with a free place: (course id, start, end)."""

        start = _add_months(after.replace(day=1), 1)
        while (start.month - 1) % self.every:
            start = _add_months(start, 1)
        while True:
            key = (org, provider, kind, start)
            course, enrolled, ends = self.taken.get(key, (0, 0, start))
            if not course:
                course = self.next_id
                self.next_id += 1
                ends = _add_months(start, self.months) - datetime.timedelta(days=1)
                self.rows.append({
                    "id": course, "organisation_id": org, "kind": kind, "provider_id": provider,
                    "name": f"{kind.replace('_', ' ').capitalize()} {start:%Y-%m}",
                    "location": ("At the shelter" if kind in self.on_site else "Workshop in town")
                    + f" ({self.provider_names.get(provider, '')})",
                    "places": self.places, "starts_on": start, "ends_on": ends,
                })  # fmt: skip
            if enrolled < self.places:
                self.taken[key] = (course, enrolled + 1, ends)
                return course, start, ends
            self.taken[key] = (course, enrolled, ends)
            start = _add_months(start, self.every)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1, day=1)


def work_rows(case: CaseRow, rng: np.random.Generator, reference: datetime.date, ngos: list[int],
              courses: Courses, ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    out: dict[str, list[dict[str, Any]]] = {
        "interests": [], "enrolments": [], "placements": [], "reintegrations": [], "money": []
    }  # fmt: skip
    recovery = case.entered.get("recovery")
    if recovery is None:
        return out
    end = case.end(reference)
    place = placement_of(case, rng)
    rule = placement_rule(place)
    wanted = interests_of(case, rng)
    recorded = min(day_between(rng, recovery, 0, 14), end)
    out["interests"].append({
        "id": _next(ids, "interest"), "case_id": case.id, "recorded_on": recorded, "recorded_by_id": case.worker,
        "interests": wanted, "aptitudes": "Cannot read or write." if case.illiterate else "Can read and write.",
    })  # fmt: skip
    provider = case.org if case.org in ngos else ngos[case.id % len(ngos)]
    taught = [rule["course"], *(["khmer_literacy"] if case.illiterate else [])]
    for kind in taught:
        enrolled = day_between(rng, recorded, 1, 20)
        if enrolled > end:
            break
        course, _starts, ends = courses.enrol(case.org, provider, kind, enrolled)
        fits = kind in wanted
        out["enrolments"].append({
            "id": _next(ids, "enrolment"), "case_id": case.id, "course_id": course, "enrolled_on": enrolled,
            "status": "completed" if ends <= end else "enrolled", "wanted": fits,
            "not_wanted_reason": "" if fits else "The course that leads to the work the organisation can place the person in.",
            "enrolled_by_id": case.worker,
        })  # fmt: skip
    integrated = case.entered.get("integration")
    if integrated is None:
        return out
    first = next((v for v in case.visits if v.income is not None), None)
    food = first.food if first else Decimal(f"{rng.uniform(*place.food):.2f}")
    rent = first.rent if first else Decimal(f"{rng.uniform(*place.rent):.2f}")
    wage = first.income if first else Decimal(f"{rng.uniform(*place.income):.2f}")
    grant_range = calibration.figures()["care_startup_grant_usd"]["values"]
    grant = Decimal(f"{rng.uniform(grant_range[0], grant_range[1]):.2f}") if rule["startup_grant"] else None
    out["reintegrations"].append({
        "id": _next(ids, "reintegration"), "case_id": case.id, "destination": rule["destination"],
        "place_id": case.province, "reintegrated_on": integrated, "cost_food": food, "cost_rent": rent,
        "notes": place.name, "recorded_by_id": case.worker,
    })  # fmt: skip
    out["placements"].append({
        "id": _next(ids, "placement"), "case_id": case.id, "kind": rule["kind"],
        "employer": place.name, "sector": "garment" if rule["kind"] == "garment_factory" else "other",
        "starts_on": integrated, "monthly_wage": wage, "startup_support": grant, "recorded_by_id": case.worker,
    })  # fmt: skip
    if rule["one_month_support"] and food + rent > 0:
        out["money"].append({
            "id": _next(ids, "money"), "case_id": case.id, "kind": "one_month_support", "amount": food + rent,
            "given_on": integrated, "months": 1, "description": "Food and rent for the first month",
            "recorded_by_id": case.worker,
        })  # fmt: skip
    if grant is not None:
        out["money"].append({
            "id": _next(ids, "money"), "case_id": case.id, "kind": "startup_grant", "amount": grant,
            "given_on": min(day_between(rng, integrated, 0, 30), end), "months": 1,
            "description": "Start-up support for a small business", "recorded_by_id": case.worker,
        })  # fmt: skip
    return out


def _next(ids: dict[str, int], key: str) -> int:
    ids[key] += 1
    return ids[key] - 1
