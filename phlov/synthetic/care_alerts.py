"""Re-trafficking and follow-up reminders.

A person whose last follow-up visit before closing rated the risk of re-trafficking high
(protection.py draws that rating with 001's 87% never re-trafficked) is trafficked again: a new
case is opened some time after the closing (``care_retrafficked_after_days``), with the screening
that opened it, its stage changes, its repatriation and its follow-up visits, and closed on the
ministry's first condition once a year of visits is in. Opening it raises what
``retrafficking.check_case`` raises: an alert on the earlier case for its caseworker, confirmed
by them some days later (``care_alert_decided_days``) or still open near the reference date.

Reminders are what ``reintegration.send_reminders`` leaves: a visit made after its due day was
overdue from the next day, so its caseworker was reminded then and again every
``reminder_repeat_days`` while it stayed overdue.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from phlov.protection import vocab
from phlov.protection.models import (
    Case,
    FollowUpVisit,
    Repatriation,
    RetraffickingAlert,
    Screening,
    StageChange,
)
from phlov.protection.screening import propose
from phlov.synthetic import bulk, calibration
from phlov.synthetic.care_cases import CaseRow, day_between, placement_of
from phlov.synthetic.context import Context

PATH = ("repatriation", "reception", "recovery", "pre_integration", "integration", "follow_up")
# The closing reason of a second case: the ministry's first condition, evidenced by a year of visits.
SECOND_CLOSURE = "ministry_stayed_beyond_year"


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _change(pk: int, case: int, frm: str, to: str, day: datetime.date, by: int, decider: int | None = None,
            closure: str = "") -> dict[str, Any]:  # fmt: skip
    return {"id": pk, "case_id": case, "from_stage": frm, "to_stage": to, "status": "done", "requested_by_id": by,
            "requested_at": _at(day), "decided_by_id": decider or by, "decided_at": _at(day),
            "closure_reason": closure}  # fmt: skip


def write_retrafficking(ctx: Context, rng: np.random.Generator, cases: list[CaseRow]) -> int:
    """New cases for the persons trafficked again, and the alerts they raise; returns how many."""

    figures = calibration.figures()
    reference = calibration.reference_date()
    stage_days = figures["stage_days"]["values"]
    every = int(figures["follow_up_every_days"]["value"])
    after = figures["care_retrafficked_after_days"]["values"]
    decided = figures["care_alert_decided_days"]["values"]
    never_again = calibration.survey_share("re_trafficking", "returned victims never")
    wanted_months = int(vocab.setting("success_follow_up_months"))
    oldest = max(g[1] for g in calibration.age_groups())
    earlier_ids = [c.id for c in cases if c.closed is not None and c.abroad and c.visits]
    repatriated = {
        case: (host, procedure, border)
        for case, host, procedure, border in Repatriation.objects.filter(case_id__in=earlier_ids).values_list(
            "case_id", "host_country_id", "procedure", "border_point"
        )
    }  # fmt: skip
    ids = {
        m: bulk.next_id(m)
        for m in (Case, StageChange, Screening, Repatriation, FollowUpVisit, RetraffickingAlert)
    }

    def take(model: type[Any]) -> int:
        ids[model] += 1
        return ids[model] - 1

    rows: dict[type[Any], list[dict[str, Any]]] = {m: [] for m in ids}
    for case in cases:
        if case.closed is None or not case.abroad or case.id not in repatriated:
            continue
        before = [v for v in case.visits if v.visited is not None and v.visited <= case.closed]
        if not before or before[-1].risk != "high":
            continue
        opened = day_between(rng, case.closed, after[0], after[1])
        # The survey's ages are those of a first trafficking; a person far older than its oldest
        # band is left out (test_generate checks every case's age against the bands).
        if opened > reference or (case.birth_year and opened.year - case.birth_year > oldest + 1):
            continue
        cid = take(Case)
        host, procedure, border = repatriated[case.id]
        stage, day = "identification", opened
        integrated: datetime.date | None = None
        for to in PATH:
            low, high = stage_days.get(stage, (0, 3))
            when = day_between(rng, day, low, high)
            if when > reference:
                break
            rows[StageChange].append(_change(take(StageChange), cid, stage, to, when, case.worker))
            if stage == "repatriation":
                rows[Repatriation].append({
                    "id": take(Repatriation), "case_id": cid, "procedure": procedure, "host_country_id": host,
                    "identified_on": opened, "handover_on": when, "border_point": border,
                    "family_assessment_result": "suitable",
                })  # fmt: skip
            stage, day = to, when
            if to == "integration":
                integrated = when
        closing: datetime.date | None = None
        if stage == "follow_up" and integrated is not None:
            low, high = stage_days["follow_up"]
            # Closed on the ministry's first condition only with its evidence: a year of visits.
            closing = max(day_between(rng, day, low, high),
                          integrated + datetime.timedelta(days=every * (2 + (wanted_months * 31) // every)))  # fmt: skip
            if closing > reference:
                closing = None
            else:
                rows[StageChange].append(
                    _change(take(StageChange), cid, stage, "closed", closing, case.worker, case.supervisor, SECOND_CLOSURE)
                )  # fmt: skip
                stage = "closed"
        if integrated is not None:
            place = placement_of(case, rng)
            due = integrated + datetime.timedelta(days=every)
            end = min(closing or reference, reference)
            while due <= end:
                visited = min(due + datetime.timedelta(days=int(rng.integers(0, 10))), end)
                rows[FollowUpVisit].append({
                    "id": take(FollowUpVisit), "case_id": cid, "due_on": due, "visited_on": visited,
                    "visited_by_id": case.worker, "safety": "good", "housing": "fair", "wellbeing": "fair",
                    "retrafficking_risk": "low" if rng.random() < never_again else "high",
                    "monthly_income": _money(rng, place.income), "cost_food": _money(rng, place.food),
                    "cost_rent": _money(rng, place.rent),
                    "sector": "garment" if "garment" in place.name.lower() else "other",
                })  # fmt: skip
                due += datetime.timedelta(days=every)
        age = opened.year - case.birth_year if case.birth_year else None
        means = ["coercion"] if case.departure == "forced" else ["deception", "abuse_of_vulnerability"]
        purposes = ["sexual_exploitation" if "SexualExploitation" in case.forms else "forced_labour"]
        acts = ["recruitment", "transportation", "harbouring"]
        proposal = propose(age=age, acts=acts, means=means, purposes=purposes, ilo_indicators=["deception"])
        rows[Screening].append({
            "id": take(Screening), "organisation_id": case.org, "person_id": case.person, "source_kind": "person",
            "screened_on": opened, "screened_by_id": case.worker, "age_at_screening": age, "acts": acts,
            "means": means, "purposes": purposes, "ilo_indicators": ["deception"],
            "proposed_outcome": proposal.outcome, "proposal_reasons": proposal.reasons, "outcome": proposal.outcome,
            "case_id": cid,
        })  # fmt: skip
        rows[Case].append({
            "id": cid, "person_id": case.person, "organisation_id": case.org, "caseworker_id": case.worker,
            "stage": stage, "opened_on": opened, "closed_on": closing, "identified_abroad": True,
            "exploitation_forms": case.forms, "means_of_control": case.means, "recruited_by": case.recruited,
            "departure": case.departure, "closure_reason": SECOND_CLOSURE if closing else "",
            "narrative": f"Trafficked again after case {case.id} was closed on {case.closed.isoformat()}. "
                         + case.narrative,
        })  # fmt: skip
        raised = _at(opened, 11)
        decided_on = day_between(rng, opened, decided[0], decided[1])
        done = decided_on <= reference
        rows[RetraffickingAlert].append({
            "id": take(RetraffickingAlert), "case_id": cid, "earlier_case_id": case.id, "source": "new_case",
            "source_ref": "", "raised_at": raised, "alerted_id": case.worker,
            "status": "confirmed" if done else "open", "decided_by_id": case.worker if done else None,
            "decided_at": _at(decided_on, 15) if done else None,
        })  # fmt: skip
    # Cases first: the other rows refer to them.
    for model in (Case, StageChange, Screening, Repatriation, FollowUpVisit, RetraffickingAlert):
        for _ in bulk.write_batches(model, rows[model], batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
    return len(rows[Case])


def _money(rng: np.random.Generator, bounds: tuple[float, float]) -> Decimal:
    return Decimal(f"{rng.uniform(bounds[0], bounds[1]):.2f}")


def reminders(cases: list[CaseRow], first_id: int) -> list[dict[str, Any]]:
    """The reminders the daily job sent for visits made after their due day."""

    repeat = datetime.timedelta(days=int(vocab.setting("reminder_repeat_days")))
    rows: list[dict[str, Any]] = []
    for case in cases:
        for visit in case.visits:
            if visit.visited is None or visit.visited <= visit.due:
                continue
            sent = visit.due + datetime.timedelta(days=1)
            while sent < visit.visited:
                rows.append({"id": first_id + len(rows), "visit_id": visit.id, "sent_on": sent,
                             "recipient_id": case.worker})  # fmt: skip
                sent += repeat
    return rows
