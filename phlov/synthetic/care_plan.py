"""Care plans and the family part of a case.

Care plan (``careplan.py``): an assessment across the seven reintegration domains of 001 when the
person enters recovery, a reintegration assessment when they enter pre-integration (the needs
met in recovery step down) and a last one at closing; a goal for each domain with a need, with
its service and provider, dated inside the stages it belongs to (health, counselling, legal
help and literacy in recovery; the job skill until integration; stigma and the family's safety
from pre-integration to integration), and the services delivered towards it about monthly.
The needs follow the case: literacy from the narrative's 001 answer, stigma and health from
sexual exploitation, legal help from earnings taken, safety from a relative recruiter.

Family (``services_family.py``): the household needs named by the root causes the narrative
holds (001 III-1-4), assessed in pre-integration, before integration; the support answering
each (skills training, micro-credit, a grant of the Family Supporting Foundation's US$25-50,
school supplies) given after integration, the need met by the closing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from phlov.protection import servicedata, vocab
from phlov.synthetic import calibration
from phlov.synthetic.care_cases import CaseRow, day_between

# Which stage a domain's goal belongs to: it starts when the case enters the first and is due when
# it enters the second (or after ``care_goal_days`` while that stage has not come).
PHASE = {
    "medical": ("recovery", "pre_integration"), "psychological": ("recovery", "pre_integration"),
    "legal": ("recovery", "pre_integration"), "education": ("recovery", "pre_integration"),
    "employment": ("recovery", "integration"), "stigma": ("pre_integration", "integration"),
    "social_safety": ("pre_integration", "integration"),
}  # fmt: skip
GOALS = {
    "medical": ("Health checked and treated", "Health check and treatment at the health centre", "Health centre"),
    "psychological": ("Recovers from the trauma", "Individual and group counselling", ""),
    "legal": ("Claims the wages withheld", "Legal advice and help with a complaint", "Legal aid lawyer"),
    "education": ("Reads and writes Khmer", "Literacy classes", ""),
    "employment": ("Learns a skill and finds work", "Vocational training and job placement", ""),
    "stigma": ("Welcomed back by family and community", "Family and community meetings", ""),
    "social_safety": ("Safe at home", "Home visit and safety plan with the family", ""),
}  # fmt: skip
DELIVERED = {
    "medical": "Health check at the health centre", "psychological": "Counselling session",
    "legal": "Meeting with the lawyer", "education": "Literacy class attended",
    "employment": "Training session", "stigma": "Meeting with the family and the village chief",
    "social_safety": "Home visit",
}  # fmt: skip
STEP_DOWN = {"high": "some", "some": "none", "none": "none"}


def intake_needs(case: CaseRow) -> dict[str, str]:
    sexual = "SexualExploitation" in case.forms
    poor = bool(case.causes) or case.land == "landless"
    return {
        "stigma": "high" if sexual else "some",
        "education": "high" if case.illiterate else ("some" if any(c.startswith("students") for c in case.causes) else "none"),
        "employment": "high" if poor else "some",
        "legal": "some" if "TakesEarnings" in case.means else "none",
        "medical": "high" if sexual else "some",
        "social_safety": "high" if "relative" in case.recruited else "some",
        "psychological": "high" if case.departure == "forced" or sexual else "some",
    }  # fmt: skip


def _reassessed(needs: dict[str, str]) -> dict[str, str]:
    """Before integration: what recovery answered steps down; the job, the family and the
    community are still ahead."""

    out = {d: STEP_DOWN[n] for d, n in needs.items()}
    for domain in ("employment", "stigma", "social_safety"):
        out[domain] = needs[domain]
    return out


def care_rows(case: CaseRow, rng: np.random.Generator, reference: datetime.date, ngos: list[int],
              ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    """Assessments, goals and deliveries of one case (empty before recovery)."""

    out: dict[str, list[dict[str, Any]]] = {"assessments": [], "items": [], "deliveries": []}
    recovery = case.entered.get("recovery")
    if recovery is None:
        return out
    figures = calibration.figures()
    after = figures["care_assessment_days"]["values"]
    goal_days = figures["care_goal_days"]["values"]
    every = int(figures["care_delivery_every_days"]["value"])
    most = int(figures["care_delivery_every_days"]["most"])
    end = case.end(reference)
    needs = intake_needs(case)
    first = min(day_between(rng, recovery, after[0], after[1]), end)
    assessments = [(first, needs, "Assessment on entering recovery.")]
    pre = case.entered.get("pre_integration")
    if pre is not None:
        assessments.append((min(day_between(rng, pre, after[0], after[1]), end), _reassessed(needs),
                            "Reintegration assessment before integration."))  # fmt: skip
    if case.closed is not None and case.closed <= reference and case.reason:
        last = case.visits[-1] if case.visits else None
        poor = last is not None and last.income is not None and last.income < last.food + last.rent
        final = {d: "none" for d in needs} | ({"employment": "some"} if poor else {})
        assessments.append((case.closed, final, "Assessment before closing."))
    for day, levels, note in assessments:
        out["assessments"].append({"id": _next(ids, "assessment"), "case_id": case.id, "assessed_on": day,
                                   "assessed_by_id": case.worker, "needs": levels, "notes": note})  # fmt: skip
    provider = case.org if case.org in ngos else ngos[case.id % len(ngos)]
    for term in vocab.terms("care_domains"):
        domain = term.code
        if needs[domain] == "none":
            continue
        opens, closes = PHASE[domain]
        begun = case.entered.get(opens)
        starts = (
            day_between(rng, begun, 0, 7) if begun else day_between(rng, first, goal_days[0], goal_days[1])
        )
        reached = case.entered.get(closes)
        due = (
            reached if reached and reached > starts else day_between(rng, starts, goal_days[0], goal_days[1])
        )
        status = "done" if due <= end else ("in_progress" if starts <= end else "planned")
        goal, service, other = GOALS[domain]
        item_id = _next(ids, "item")
        out["items"].append({
            "id": item_id, "case_id": case.id, "domain": domain, "goal": goal, "service": service,
            "provider_id": None if other else (case.org if domain == "social_safety" else provider),
            "provider_name": other, "starts_on": starts, "due_on": due, "status": status,
            "created_by_id": case.worker,
        })  # fmt: skip
        if status == "planned":
            continue
        day, count = starts, 0
        while day <= min(due, end) and count < most:
            out["deliveries"].append({"id": _next(ids, "delivery"), "item_id": item_id, "delivered_on": day,
                                      "recorded_by_id": case.worker, "description": DELIVERED[domain]})  # fmt: skip
            day += datetime.timedelta(days=every)
            count += 1
    return out


def family_rows(case: CaseRow, rng: np.random.Generator, reference: datetime.date, ngos: list[int],
                ids: dict[str, int]) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    """Household needs (assessed in pre-integration) and the support given after integration."""

    out: dict[str, list[dict[str, Any]]] = {"needs": [], "support": []}
    pre = case.entered.get("pre_integration")
    if pre is None:
        return out
    figures = calibration.figures()["care_family_needs"]
    named = [*case.causes, *(["landless"] if case.land == "landless" else [])]
    kinds = list(dict.fromkeys(figures["values"][c] for c in named if c in figures["values"]))
    if not kinds:
        return out
    integrated = case.entered.get("integration")
    end = case.end(reference)
    room = ((integrated - pre).days - 1) if integrated else 30
    assessed = min(day_between(rng, pre, 0, max(0, min(30, room))), end)
    low, high, _ = servicedata.family_support_range()
    closed = case.closed is not None and case.closed <= reference
    provider = case.org if case.org in ngos else ngos[case.id % len(ngos)]
    for kind in kinds:
        need_id = _next(ids, "need")
        given: datetime.date | None = None
        if integrated is not None:
            given = day_between(rng, integrated, *figures["support_after_days"])
            if given > end:
                given = end if closed else None
        out["needs"].append({"id": need_id, "case_id": case.id, "need": kind, "assessed_on": assessed,
                             "met_on": given if closed and given else None, "recorded_by_id": case.worker})  # fmt: skip
        if integrated is None:
            continue
        support = figures["support"][kind]
        amount = (Decimal(f"{rng.uniform(float(low), float(high)):.2f}")
                  if support in ("grant", "micro_credit") else None)  # fmt: skip
        out["support"].append({"id": _next(ids, "support"), "case_id": case.id, "kind": support, "need_id": need_id,
                               "provider_id": provider, "amount_usd": amount, "given_on": given,
                               "recorded_by_id": case.worker})  # fmt: skip
    return out


def _next(ids: dict[str, int], key: str) -> int:
    ids[key] += 1
    return ids[key] - 1
