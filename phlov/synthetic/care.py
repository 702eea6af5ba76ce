"""Care plans, family needs and support, reintegration, training and work, re-trafficking
alerts and follow-up reminders, for the cases protection.py wrote (read back with their stage
changes and follow-up visits).

Order: first the persons trafficked again get their new case and the alert it raises
(``care_alerts``), so that every case, first or second, then gets the same care records: from
recovery on, an assessment across 001's seven reintegration domains with the goals and the
services delivered (``care_plan``); from pre-integration, the household's needs, and after
integration the support to the family; training interests, courses and enrolments, and at
integration the placement, the reintegration and the money given (``care_work``); last, the
reminders sent for visits made after their due day.

Calibration (``data/calibration-care.json``, each figure with its citation or modelling choice):
001 Table 3 (training wished, by sex) and the wish each narrative names; 001 III-4 (courses of
the NGO shelters, placements and their incomes and costs of Figures 8-10, one month of support,
start-up support under US$125, a year of follow-up); 001 III-1-4 (root causes, land) for the
household needs; 001's 87% never re-trafficked through the visits' risk rating.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from phlov.core.demo import load_organisations
from phlov.protection.models import (
    CareAssessment,
    CareItem,
    Case,
    Course,
    Enrolment,
    FamilyNeed,
    FamilySupport,
    FinancialSupport,
    Placement,
    Reintegration,
    ServiceDelivery,
    TrainingInterest,
    VisitReminder,
)
from phlov.synthetic import bulk, calibration
from phlov.synthetic.care_alerts import reminders, write_retrafficking
from phlov.synthetic.care_cases import load
from phlov.synthetic.care_plan import care_rows, family_rows
from phlov.synthetic.care_work import Courses, work_rows
from phlov.synthetic.context import Context
from phlov.synthetic.migration import MigrationPlan
from phlov.synthetic.people import Population
from phlov.synthetic.protection import ProtectionPlan

# Key of each kind of row -> its model, in the order they are written (referred rows first).
MODELS: dict[str, type[models.Model]] = {
    "assessments": CareAssessment, "items": CareItem, "deliveries": ServiceDelivery,
    "needs": FamilyNeed, "support": FamilySupport, "interests": TrainingInterest,
    "courses": Course, "enrolments": Enrolment, "placements": Placement,
    "reintegrations": Reintegration, "money": FinancialSupport,
}  # fmt: skip
ID_KEYS = {"assessment": CareAssessment, "item": CareItem, "delivery": ServiceDelivery, "need": FamilyNeed,
           "support": FamilySupport, "interest": TrainingInterest, "enrolment": Enrolment,
           "placement": Placement, "reintegration": Reintegration, "money": FinancialSupport}  # fmt: skip


def write(ctx: Context, pop: Population, prot: ProtectionPlan, mig: MigrationPlan) -> None:
    rng = ctx.rng("care")
    reference = calibration.reference_date()
    orgs = load_organisations()
    ngos = [orgs["cwcc"].pk, orgs["damnok_toek"].pk]
    names = {o.pk: o.name_en for o in (orgs["cwcc"], orgs["damnok_toek"])}
    first = load(prot.staff_of)
    new_from = bulk.next_id(Case)
    write_retrafficking(ctx, rng, first)
    # Only the new cases are read again: the first ones are as they were.
    cases = [*first, *load(prot.staff_of, since=new_from)]
    ctx.progress.start("care plans, training, reintegration", len(cases))
    ids = {key: bulk.next_id(model) for key, model in ID_KEYS.items()}
    courses = Courses(bulk.next_id(Course), names)
    rows: dict[str, list[dict[str, Any]]] = {key: [] for key in MODELS}

    def flush(key: str) -> None:
        # Foreign keys are checked at commit, so a batch may go before the rows it refers to:
        # writing as the rows come keeps a national run's memory to a batch per model.
        for _ in bulk.write_batches(MODELS[key], rows[key], batch=ctx.batch, detail=ctx.detail()):
            pass
        rows[key] = []

    for n, case in enumerate(cases):
        for part in (
            care_rows(case, rng, reference, ngos, ids),
            family_rows(case, rng, reference, ngos, ids),
            work_rows(case, rng, reference, ngos, courses, ids),
        ):
            for key, made in part.items():
                rows[key].extend(made)
                if len(rows[key]) >= ctx.batch:
                    flush(key)
        if (n + 1) % 5000 == 0:
            ctx.progress.advance(5000)
    ctx.progress.advance(len(cases) % 5000)
    rows["courses"] = courses.rows
    for key, model in MODELS.items():
        flush(key)
        ctx.written.append(model)
    for _ in bulk.write_batches(
        VisitReminder, reminders(cases, bulk.next_id(VisitReminder)), batch=ctx.batch, detail=ctx.detail()
    ):
        pass
    ctx.written.append(VisitReminder)
