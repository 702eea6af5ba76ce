"""Victims' files: cases with their stage changes and trafficking events, screenings of every
record of a victim, shelter stays, and follow-up visits with the income check.

Calibration: destinations and years of return from 000 Table 2 (its cohort is reproduced
exactly: one case per true person, the repatriation stage change dated in the printed year);
jobs, earnings, forms of exploitation, voluntariness and companions from 001 Tables 1-2; the
survey's education, land, root causes and training wishes (001 text and Table 3) in the
case narrative, as the protection models have no fields for them yet; reintegration
placements, incomes and living costs from 001 Figures 8-10 in the follow-up visits; the
share of returned victims who stay in a shelter from 001's sample (30 of 50), for 001's six to
twelve months, in shelters of 001's 40 places.
"""

from __future__ import annotations

import datetime
import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from django.db import models

from phlov.accounts.models import OrganisationKind
from phlov.core.demo import load_organisations
from phlov.protection import servicedata, vocab
from phlov.protection.closure import follow_up_span_months
from phlov.protection.income import last_check
from phlov.protection.models import (
    Case,
    FollowUpVisit,
    Repatriation,
    Screening,
    Shelter,
    ShelterStay,
    StageChange,
    TraffickingEvent,
)
from phlov.protection.screening import propose
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context, ministry, provincial_department, staff
from phlov.synthetic.people import Population

STAGE_PATH = ("repatriation", "reception", "recovery", "pre_integration", "integration", "follow_up")
COUNTRY_CODES = {"Thailand": "TH", "Vietnam": "VN", "Malaysia": "MY", "Cambodia": "KH"}
# 001 Table 1 has jobs and earnings for Thailand and Vietnam only: Malaysia takes Thailand's,
# the Vietnamese victims found in Cambodia take Vietnam's (calibration.json recent_victim_destinations).
JOB_TABLE = {"TH": "Thailand", "MY": "Thailand", "VN": "Vietnam", "KH": "Vietnam"}
# The ILO indicator a caseworker ticks for each means of control the case records.
ILO_OF_CONTROL = {"FalsePromises": "deception", "TakesEarnings": "withholding_of_wages",
                  "ExcessiveWorkingHours": "excessive_overtime"}  # fmt: skip
PURPOSE_OF_FORM = {"SexualExploitation": "sexual_exploitation", "ForcedLabour": "forced_labour"}


@dataclass
class ProtectionPlan:
    victims: pd.DataFrame  # one row per victim cluster
    record_orgs: dict[int, int]  # cluster -> organisation of its records (first record)
    other_orgs: list[int]  # organisations that hold the duplicate records
    staff_of: dict[int, tuple[int, int]]  # organisation -> (caseworker id, supervisor id)


def _pick(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = list(weights)
    w = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=w / w.sum())]


def prepare(ctx: Context, pop: Population) -> ProtectionPlan:
    """Organisations and staff, and each victim's destination, job, departure and lead organisation."""

    rng = ctx.rng("protection")
    figures = calibration.figures()
    demo_orgs = load_organisations()
    ngos = [demo_orgs[k] for k in ("cwcc", "damnok_toek")]
    mosvy = ministry("mosvy")
    victims = pop.clusters[pop.clusters["role"].isin(["victim_t2", "victim"])].copy()
    t2 = pop.t2
    is_t2 = (victims["role"] == "victim_t2").to_numpy()
    rows = victims["role_row"].to_numpy().clip(min=0)
    cambodian = [r for r in calibration.repatriations() if r.nationality == "Cambodian"]
    totals: dict[str, float] = {}
    for r in cambodian:
        totals[COUNTRY_CODES[r.from_country]] = totals.get(COUNTRY_CODES[r.from_country], 0) + r.number
    recent_dest = _pick(rng, totals, len(victims))
    t2_dest = t2["from_country"].map(COUNTRY_CODES).to_numpy()
    victims["destination"] = np.where(is_t2, t2_dest[rows % len(t2)], recent_dest)
    victims["foreign"] = victims["foreign"].astype(bool)
    forms = figures["job_exploitation_form"]["values"]
    jobs = calibration.jobs_by_destination()
    victims["job"] = ""
    for code, table in JOB_TABLE.items():
        mask = (victims["destination"] == code).to_numpy()
        victims.loc[mask, "job"] = _pick(
            rng, {k: v for k, v in jobs[table].items() if v > 0}, int(mask.sum())
        )
    victims["form"] = victims["job"].map(forms)
    company = calibration.departure_and_company()
    voluntary = company["Voluntary"]["share_of_victims"] / (
        company["Voluntary"]["share_of_victims"] + company["Involuntary"]["share_of_victims"]
    )
    victims["departure"] = np.where(rng.random(len(victims)) < voluntary, "voluntary", "forced")
    relation = figures["recruiter_relation"]["values"]
    victims["recruited_by"] = ""
    for kind, label in (("voluntary", "Voluntary"), ("forced", "Involuntary")):
        mask = (victims["departure"] == kind).to_numpy()
        weights = {k: v for k, v in company[label].items() if k in relation and v > 0}
        victims.loc[mask, "recruited_by"] = (
            pd.Series(_pick(rng, weights, int(mask.sum()))).map(relation).to_numpy()
        )
    lead = _pick(rng, figures["case_lead"]["values"], len(victims))
    orgs: list[int] = []
    staff_of: dict[int, tuple[int, int]] = {}

    def remember(org: Any) -> int:
        if org.pk not in staff_of:
            staff_of[org.pk] = (staff(org, "caseworker").pk, staff(org, "supervisor").pk)
        return int(org.pk)

    departments = {code: provincial_department("mosvy", p) for code, p in ctx.provinces.items()}
    ngo_pick = rng.integers(len(ngos), size=len(victims))
    for province, kind, ngo in zip(victims["province"], lead, ngo_pick, strict=True):
        if kind == "provincial_department" and province:
            orgs.append(remember(departments[province]))
        elif kind == "provincial_department":
            orgs.append(remember(mosvy))
        else:
            orgs.append(remember(ngos[ngo]))
    victims["organisation"] = orgs
    others = [remember(demo_orgs["iom"]), *(remember(o) for o in ngos)]
    assert all(o.kind in {OrganisationKind.NGO, OrganisationKind.IGO} for o in ngos)
    return ProtectionPlan(
        victims=victims, record_orgs=dict(zip(victims["cluster"], victims["organisation"], strict=True)),
        other_orgs=others, staff_of=staff_of,
    )  # fmt: skip


def _day(rng: np.random.Generator, start: datetime.date, low: int, high: int) -> datetime.date:
    return start + datetime.timedelta(days=int(rng.integers(low, high + 1)))


def write(ctx: Context, pop: Population, plan: ProtectionPlan) -> None:
    rng = ctx.rng("protection")
    figures = calibration.figures()
    reference = calibration.reference_date()
    stage_days = figures["stage_days"]["values"]
    every = int(figures["follow_up_every_days"]["value"])
    offsets = figures["follow_up_visit_offset_days"]["values"]
    exploited = figures["exploitation_days"]["values"]
    crossing = figures["crossing_points"]["values"]
    rate = float(figures["riel_per_usd"]["value"])
    earnings = calibration.earnings_by_destination()
    placements = calibration.placements()
    place_w = np.array([p.share for p in placements]) / sum(p.share for p in placements)
    never_again = calibration.survey_share("re_trafficking", "returned victims never")
    means_map = figures["survey_means_of_control"]["values"]
    means_share = {code: calibration.survey_share("exploitation", text) for text, code in means_map.items()}
    profile = _profiles(rng, plan.victims)
    t2 = pop.t2
    firsts = pop.records[pop.records["first"]].set_index("cluster")
    person_of = firsts["person_id"]
    province_place = {code: p.pk for code, p in ctx.provinces.items()}

    case_id = bulk.next_id(Case)
    ids: dict[type[models.Model], int] = {
        m: bulk.next_id(m) for m in (StageChange, TraffickingEvent, FollowUpVisit, Screening, Repatriation)
    }
    procedure_of = {p.country: p.code for p in servicedata.procedures()}
    border_of = {"TH": "poipet", "VN": "bavet", "MY": "phnom_penh_airport"}
    cases: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    visits: list[dict[str, Any]] = []
    repatriations: list[dict[str, Any]] = []
    case_of_cluster: dict[int, tuple[int, datetime.date, int, str, list[str]]] = {}
    received: list[tuple[int, datetime.date, int, str]] = []  # (case, reception, caseworker, province)

    def next_of(model: type[models.Model]) -> int:
        ids[model] += 1
        return ids[model] - 1

    ctx.progress.start("protection cases", len(plan.victims))
    for i, v in enumerate(plan.victims.itertuples(index=False)):
        cid = case_id + i
        worker, supervisor = plan.staff_of[v.organisation]
        dest = v.destination
        if v.role == "victim_t2":
            year = int(t2["year"].iat[v.role_row])
            opened = _day(rng, datetime.date(year, 1, 1), 0, 250)
        else:
            opened = _day(rng, datetime.date(int(v.event_year), 1, 1), 0, 364)
        abroad = not v.foreign
        path = STAGE_PATH if abroad else ("reception",)
        stage, day = "identification", opened
        integrated: datetime.date | None = None
        for to in path:
            low, high = stage_days.get(stage, (0, 3))
            when = _day(rng, day, low, high)
            if v.role == "victim_t2" and to in ("repatriation", "reception"):
                when = min(when, datetime.date(day.year, 12, 31))  # returned in the printed year
            if when > reference:
                break
            changes.append(_change(next_of(StageChange), cid, stage, to, when, worker))
            if stage == "repatriation":  # handed over: the case's repatriation record
                repatriations.append({
                    "id": next_of(Repatriation), "case_id": cid, "procedure": procedure_of.get(dest, ""),
                    "host_country_id": ctx.countries[dest].pk, "identified_on": opened, "handover_on": when,
                    "border_point": border_of.get(dest, ""), "family_assessment_result": "suitable",
                })  # fmt: skip
            if to == "recovery" and abroad:  # received, and stayed on for recovery
                received.append((cid, day, worker, v.province))
            stage, day = to, when
            if to == "integration":
                integrated = when
        if stage == "repatriation":  # still abroad on the reference day: the return under way
            repatriations.append({
                "id": next_of(Repatriation), "case_id": cid, "procedure": procedure_of.get(dest, ""),
                "host_country_id": ctx.countries[dest].pk, "identified_on": opened, "handover_on": None,
                "border_point": border_of.get(dest, ""), "family_assessment_result": "pending",
            })  # fmt: skip
        closure = ""
        low, high = stage_days.get(stage, (30, 120))
        closing = _day(rng, day, low, high)
        case_visits: list[dict[str, Any]] = []
        if abroad and integrated is not None:
            place = placements[int(rng.choice(len(placements), p=place_w))]
            follow = _FollowUp(rng, cid, worker, place, never_again, every, offsets, reference)
            case_visits, found = follow.visits(integrated, closing if stage == "follow_up" else None, next_of)
            closing = found or closing
            visits.extend(case_visits)
        if not abroad:
            back = figures["foreign_victim_return_days"]["values"]
            closing = min(_day(rng, day, back[0], back[1]), datetime.date(day.year, 12, 31))
        if closing <= reference and (stage == "follow_up" or not abroad):
            closure = "transferred" if not abroad else _closure_reason(case_visits)
            changes.append(
                _change(next_of(StageChange), cid, stage, "closed", closing, worker, supervisor, closure)
            )
            stage = "closed"
            if not abroad:  # a foreign victim sent home from Cambodia
                repatriations.append({
                    "id": next_of(Repatriation), "case_id": cid, "procedure": procedure_of.get(dest, ""),
                    "host_country_id": ctx.countries["KH"].pk, "identified_on": opened, "handover_on": closing,
                    "border_point": border_of.get(dest, ""), "family_assessment_result": "suitable",
                })  # fmt: skip
        cases.append({
            "id": cid, "person_id": int(person_of[v.cluster]), "organisation_id": int(v.organisation),
            "caseworker_id": worker, "stage": stage, "opened_on": opened,
            "closed_on": closing if stage == "closed" else None, "identified_abroad": abroad,
            "exploitation_forms": [v.form], "means_of_control": _means(rng, means_share),
            "recruitment_methods": ["ThroughFamilyOrFamilyEvents"] if v.recruited_by == "relative" else [],
            "recruited_by": [v.recruited_by], "departure": v.departure, "narrative": profile[i],
            "closure_reason": closure,
        })  # fmt: skip
        case_of_cluster[int(v.cluster)] = (
            cid,
            opened,
            int(v.age),
            v.departure,
            cases[-1]["means_of_control"],
        )
        left = opened - datetime.timedelta(days=int(rng.integers(exploited[0], exploited[1] + 1)))
        band = earnings[JOB_TABLE[dest]]
        weights = np.array([b[2] for b in band]) / sum(b[2] for b in band)
        low_r, high_r, _ = band[int(rng.choice(len(band), p=weights))]
        daily = rng.uniform(low_r, high_r) / rate
        country = ctx.countries[dest].pk
        events.extend([
            _event(next_of(TraffickingEvent), cid, "Recruitment", province_place.get(v.province), left, left),
            _event(next_of(TraffickingEvent), cid, "Transit", None, left, left + datetime.timedelta(days=1),
                   border="informal", point=crossing[dest]),
            _event(next_of(TraffickingEvent), cid, "Exploitation", country, left + datetime.timedelta(days=1),
                   opened, earnings=Decimal(f"{daily * (opened - left).days:.2f}"),
                   kept="broker" if "TakesEarnings" in cases[-1]["means_of_control"] else "victim"),
        ])  # fmt: skip
        if (i + 1) % 5000 == 0:
            ctx.progress.advance(5000)
    ctx.progress.advance(len(plan.victims) % 5000)
    for model, rows in (
        (Case, cases),
        (StageChange, changes),
        (TraffickingEvent, events),
        (FollowUpVisit, visits),
        (Repatriation, repatriations),
    ):
        for _ in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
    _write_shelter_stays(ctx, ctx.rng("shelters"), received, reference)
    _write_screenings(ctx, rng, pop, plan, case_of_cluster, ids[Screening])


def _write_shelter_stays(
    ctx: Context,
    rng: np.random.Generator,
    received: list[tuple[int, datetime.date, int, str]],
    reference: datetime.date,
) -> None:
    """A stay for the calibrated share of the victims received home, in a shelter of 40 places
    opened where the first victim who found no free place came from, so that no shelter is
    ever over capacity (calibration.json ``sheltered_share``)."""

    share = float(calibration.figures()["sheltered_share"]["value"])
    low = int(servicedata.setting("shelters.json", "usual_stay_min_months"))
    high = int(servicedata.setting("shelters.json", "usual_stay_max_months"))
    capacity = int(servicedata.setting("shelters.json", "example_capacity"))
    runners = [load_organisations()[key] for key in ("cwcc", "damnok_toek")]
    chosen = [r for r, stays in zip(received, rng.random(len(received)) < share, strict=True) if stays]
    waits = rng.integers(0, 8, size=len(chosen))
    months = rng.uniform(low, high, size=len(chosen))
    stays = sorted(
        (
            (
                reception + datetime.timedelta(days=int(wait)),
                int(30.44 * float(month) + 0.5),
                case,
                worker,
                province,
            )
            for (case, reception, worker, province), wait, month in zip(chosen, waits, months, strict=True)
        ),
        key=lambda stay: (stay[0], stay[2]),
    )
    shelters: list[dict[str, Any]] = []
    leaving: list[list[datetime.date]] = []  # per shelter: a heap of its residents' last days
    by_province: dict[str, list[int]] = {}
    first_id, stay_id = bulk.next_id(Shelter), bulk.next_id(ShelterStay)
    rows: list[dict[str, Any]] = []
    for admitted, days, case, worker, province in stays:
        out = admitted + datetime.timedelta(days=days)
        place = None
        nearby = by_province.get(province, [])
        # The province's own shelters first, then any other (each looked at once).
        for index in [*nearby, *(i for i in range(len(shelters)) if i not in nearby)]:
            while leaving[index] and leaving[index][0] <= admitted:
                heapq.heappop(leaving[index])
            if len(leaving[index]) < capacity:
                place = index
                break
        if place is None:
            place = len(shelters)
            runner = runners[place % len(runners)]
            where = ctx.provinces.get(province)
            number = len(by_province.get(province, [])) + 1
            shelters.append({
                "id": first_id + place, "organisation_id": runner.pk, "province_id": where.pk if where else None,
                "name_en": f"{runner.name_en} shelter {where.name_en if where else ''} {number}".replace("  ", " "),
                "name_km": f"{runner.name_km or runner.name_en} {where.name_km if where else ''} {number}",
                "kind": "shelter", "capacity": capacity, "is_active": True,
            })  # fmt: skip
            leaving.append([])
            by_province.setdefault(province, []).append(place)
        heapq.heappush(leaving[place], out)
        gone = out <= reference
        rows.append({
            "id": stay_id + len(rows), "shelter_id": first_id + place, "case_id": case, "requested_by_id": worker,
            "status": "discharged" if gone else "admitted", "requested_on": admitted, "admitted_on": admitted,
            "discharged_on": out if gone else None, "discharge_destination": "family" if gone else "",
        })  # fmt: skip
    for model, records in ((Shelter, shelters), (ShelterStay, rows)):
        for _ in bulk.write_batches(model, records, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)


def _change(pk: int, case: int, from_stage: str, to: str, day: datetime.date, by: int,
            decider: int | None = None, closure: str = "") -> dict[str, Any]:  # fmt: skip
    at = datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)
    return {"id": pk, "case_id": case, "from_stage": from_stage, "to_stage": to, "status": "done",
            "requested_by_id": by, "requested_at": at, "decided_by_id": decider or by, "decided_at": at,
            "closure_reason": closure}  # fmt: skip


def _event(pk: int, case: int, kind: str, place: int | None, start: datetime.date, end: datetime.date, *,
           border: str = "unknown", point: str = "", earnings: Decimal | None = None, kept: str = "") -> dict[str, Any]:  # fmt: skip
    return {"id": pk, "case_id": case, "kind": kind, "place_id": place, "started_on": start, "ended_on": end,
            "border_crossing": border, "crossing_point": point, "travel_mode": "land" if point else "unknown",
            "earnings_usd": earnings, "earnings_kept_by": kept}  # fmt: skip


def _means(rng: np.random.Generator, shares: dict[str, float]) -> list[str]:
    return [code for code, share in shares.items() if rng.random() < share]


class _FollowUp:
    """A case's follow-up visits from integration on, every ``every`` days, each made some days
    before or after it is due (``follow_up_visit_offset_days``); none after the reference date."""

    def __init__(self, rng: np.random.Generator, case: int, by: int, place: calibration.Placement,
                 never_again: float, every: int, offsets: list[int], reference: datetime.date) -> None:  # fmt: skip
        self.rng, self.case, self.by, self.place, self.never_again = rng, case, by, place, never_again
        self.every, self.offsets, self.reference = datetime.timedelta(days=every), offsets, reference

    def visits(self, integrated: datetime.date, closing: datetime.date | None,
               next_id: Callable[[type[models.Model]], int]) -> tuple[list[dict[str, Any]], datetime.date | None]:  # fmt: skip
        """The visits until ``closing`` (or the reference date), and the day the case may close:
        not before the closure rule has its months of visits, so a case closes after the visit
        that completes them (past the reference date: the case stays open)."""

        wanted = int(vocab.setting("success_follow_up_months"))
        made: list[dict[str, Any]] = []
        due = integrated + self.every
        end = min(closing or self.reference, self.reference)
        while due <= end or (closing is not None and due <= self.reference and _span(made) < wanted):
            visit = self._visit(next_id(FollowUpVisit), due)
            if visit["visited_on"] > self.reference:
                break
            made.append(visit)
            due += self.every
        if closing is not None and made and _span(made) >= wanted:
            closing = max(
                closing, made[-1]["visited_on"] + datetime.timedelta(days=int(self.rng.integers(1, 15)))
            )
        elif closing is not None:
            closing = self.reference + self.every  # not closable yet
        return made, closing

    def _visit(self, pk: int, due: datetime.date) -> dict[str, Any]:
        rng, place = self.rng, self.place

        def money(bounds: tuple[float, float]) -> Decimal:
            return Decimal(f"{rng.uniform(bounds[0], bounds[1]):.2f}")

        ratings = ("good", "fair", "poor")
        shift = int(rng.integers(self.offsets[0], self.offsets[1] + 1))
        return {
            "id": pk, "case_id": self.case, "due_on": due, "visited_on": due + datetime.timedelta(days=shift),
            "visited_by_id": self.by, "safety": ratings[int(rng.integers(3))], "housing": ratings[int(rng.integers(3))],
            "wellbeing": ratings[int(rng.integers(3))],
            "retrafficking_risk": "low" if rng.random() < self.never_again else "high",
            "monthly_income": money(place.income), "cost_food": money(place.food), "cost_rent": money(place.rent),
            "sector": "garment" if "garment" in place.name.lower() else "other",
        }  # fmt: skip


def _span(visits: list[dict[str, Any]]) -> int:
    return follow_up_span_months([SimpleNamespace(**v) for v in visits[:1] + visits[-1:]])


def _closure_reason(visits: list[dict[str, Any]]) -> str:
    """Success when the last income check covers the person's living costs (the closure rule's
    test); otherwise the ministry's first condition, a year in the reintegration place."""

    result = last_check([SimpleNamespace(**v) for v in visits[-1:]])
    return "reintegrated" if result is not None and result.sufficient else "ministry_stayed_beyond_year"


def _profiles(rng: np.random.Generator, victims: pd.DataFrame) -> list[str]:
    """The survey's answers a caseworker would note: literacy, land, root causes, training wish
    and the job hoped for (001 III-1 and Table 3), drawn with the survey's shares."""

    illiterate = calibration.survey_share("education", "illiterate")
    land = calibration.land_shares()
    causes = calibration.root_causes()
    wishes = calibration.training_wishes()
    land_keys = list(land)
    land_w = np.array([land[k] for k in land_keys]) / sum(land.values())
    out: list[str] = []
    for sex in victims["sex"]:
        table = "Female" if sex == "female" else "Male"
        training = {k: v for k, v in wishes["vocational_training"][table].items() if v > 0}
        job = {k: v for k, v in wishes["job_expectation"][table].items() if v > 0}
        named = [c for c, share in causes.items() if rng.random() < share]
        parts = [
            "Cannot read or write." if rng.random() < illiterate else "Can read and write.",
            f"Family land: {land_keys[int(rng.choice(len(land_keys), p=land_w))].replace('_', ' ')}.",
            f"Why they left: {', '.join(named) or 'not said'}.",
            f"Training wished: {_choose(rng, training)}; job hoped for: {_choose(rng, job)}.",
        ]
        out.append(" ".join(parts))
    return out


def _choose(rng: np.random.Generator, weights: dict[str, float]) -> str:
    keys = list(weights)
    w = np.array([weights[k] for k in keys]) / sum(weights.values())
    return str(keys[int(rng.choice(len(keys), p=w))])


def _write_screenings(ctx: Context, rng: np.random.Generator, pop: Population, plan: ProtectionPlan,
                      case_of_cluster: dict[int, tuple[int, datetime.date, int, str, list[str]]], first_id: int) -> None:  # fmt: skip
    """A screening of every record of a victim: the first one opened the case; the others are
    the same person screened again by another organisation under another record."""

    forms = plan.victims.set_index("cluster")["form"]
    again = calibration.figures()["rescreen_days"]["values"]
    records = pop.records[pop.records["cluster"].isin(case_of_cluster)]

    def rows() -> Iterator[dict[str, Any]]:
        for n, (cluster, person, first, org) in enumerate(
            zip(
                records["cluster"],
                records["person_id"],
                records["first"],
                records["organisation_id"],
                strict=True,
            )
        ):
            cid, opened, age, departure, control = case_of_cluster[int(cluster)]
            form = forms[cluster]
            # 001: every victim was moved across the border irregularly and kept at work there.
            acts = ["recruitment", "transportation", "harbouring"]
            means = ["coercion"] if departure == "forced" else ["deception", "abuse_of_vulnerability"]
            purposes = [PURPOSE_OF_FORM.get(form, "other")]
            ilo = [indicator for code, indicator in ILO_OF_CONTROL.items() if code in control] or [
                "deception"
            ]
            proposal = propose(age=age, acts=acts, means=means, purposes=purposes, ilo_indicators=ilo)
            on = (
                opened
                if first
                else opened + datetime.timedelta(days=int(rng.integers(again[0], again[1] + 1)))
            )
            by = plan.staff_of.get(int(org), next(iter(plan.staff_of.values())))[0]
            yield {
                "id": first_id + n, "organisation_id": int(org), "person_id": int(person), "source_kind": "person",
                "screened_on": on, "screened_by_id": by, "age_at_screening": age, "acts": acts, "means": means,
                "purposes": purposes, "ilo_indicators": ilo, "proposed_outcome": proposal.outcome,
                "proposal_reasons": proposal.reasons, "outcome": proposal.outcome, "case_id": cid if first else None,
            }  # fmt: skip

    for _ in bulk.write_batches(Screening, rows(), batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(Screening)
