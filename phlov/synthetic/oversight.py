"""Agency oversight: owners and directors, branches, pre-departure training centres, licence
renewals and status changes (suspensions, reinstatements, revocations), inspections with their
findings, corrective actions and follow-up visits, the two-yearly evaluation rounds with their
scores, and the rewards and sanctions on each agency's record.

Calibration (``data/calibration-oversight.json``; Prakas 047, 250 and 251 could not be retrieved,
so most figures are modelling choices saying what they rest on): every agency keeps a training
centre (MoLVT's 2016 standards), a few confine trainees (HRW, LICADHO); a planned inspection a
year, and unannounced visits after complaints (more complaints, more visits, likelier findings
on the items the complaints point to); failed items get corrective actions and a follow-up;
serious items still failing lead to a 45-day suspension and, once suspended before, to
revocation (the Cambodia Daily case: "withdrawn only when there are violations again and
again"); evaluations score the criteria of the app's data around a mean lowered by the
agency's complaints per 1,000 workers sent and its findings. Licences are renewed at expiry.
The checklist, criteria, weights and bands are the app's own rows (loaded by migration 0003).

An agency's training centres: ``TrainingCentre.objects.filter(agency=...)``, the first by id in
Phnom Penh; the centres where FR-27 fails (unregistered, confining, long stays) are the ones the
inspections found not compliant on TC-01/TC-02.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import models
from django.db.models import Count, Max
from django.db.models.functions import ExtractYear

from phlov.migration.checks.base import param
from phlov.migration.models import (
    Agency,
    AgencyMeasure,
    AgencyOfficer,
    Branch,
    ChecklistItem,
    Complaint,
    CorrectiveAction,
    Evaluation,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    EvaluationScore,
    Inspection,
    InspectionFinding,
    JobOrder,
    LicenceStatusChange,
    TrainingCentre,
    Worker,
)
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context, ministry, province_of
from phlov.synthetic.migration import MigrationPlan
from phlov.synthetic.oversight_story import DAY, Ids, Rows, Story, World, at, plus_years
from phlov.synthetic.oversight_story import Agency as Inputs
from phlov.synthetic.people import Population
from phlov.synthetic.protection import ProtectionPlan


def _write(ctx: Context, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    clean = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
    for _ in bulk.write_batches(model, clean, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(model)


def _name_pool(pop: Population) -> tuple[np.ndarray, np.ndarray]:
    family = pop.records["family_name_latin"].dropna()
    given = pop.records["given_name_latin"].dropna()
    return family[family != ""].unique(), given[given != ""].unique()


def _names(pool: tuple[np.ndarray, np.ndarray], rng: np.random.Generator, bounds: list[int]) -> list[str]:
    """Invented names: a family name and a given name of two different registry records."""

    family, given = pool
    size = int(rng.integers(bounds[0], bounds[1] + 1))
    return [f"{family[i]} {given[j]}".upper() for i, j in
            zip(rng.integers(len(family), size=size), rng.integers(len(given), size=size), strict=True)]  # fmt: skip


def _phone(rng: np.random.Generator) -> str:
    return f"0{int(rng.choice([12, 15, 16, 17, 77, 78, 85, 92, 96, 97]))}{int(rng.integers(100000, 999999))}"


def _sites(ctx: Context, rng: np.random.Generator, pop: Population, mig: MigrationPlan,
           abuse: dict[int, int]) -> tuple[dict[int, list[dict[str, Any]]], dict[int, list[int]], list[dict[str, Any]]]:  # fmt: skip
    """Officers, branches and training centres of every agency (written here: stories refer to them)."""

    figures = calibration.figures()
    capital = province_of("Phnom Penh")
    origin: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for agency_id, code in zip(
        mig.workers["agency"], pop.records.loc[mig.workers.index, "province_code"], strict=True
    ):
        if code:
            origin[int(agency_id)][str(code)] += 1
    officers_n = figures["oversight_officers_per_agency"]
    branches_n = figures["oversight_branches_per_agency"]["values"]
    centres_n = figures["oversight_training_centres_per_agency"]["values"]
    problem = figures["oversight_centre_problem_share"]
    stay = figures["oversight_centre_stay_days"]
    reference = calibration.reference_date()
    limit = int(param("training_max_stay_days"))
    ids = {m: bulk.next_id(m) for m in (AgencyOfficer, Branch, TrainingCentre)}
    pool = _name_pool(pop)
    # Abuse complaints raise a centre's odds of confining trainees, relative to the average agency.
    mean_abuse = sum(abuse.values()) / max(len(mig.agencies), 1)
    officers: list[dict[str, Any]] = []
    branches: list[dict[str, Any]] = []
    centres: list[dict[str, Any]] = []
    centre_of: dict[int, list[dict[str, Any]]] = {}
    branch_of: dict[int, list[int]] = {}
    for agency in mig.agencies:
        number = agency.licence_number.rsplit("-", 1)[-1]
        owners = _names(pool, rng, officers_n["values"]["owner"])
        directors = _names(pool, rng, officers_n["values"]["director"])
        if rng.random() < float(officers_n["director_is_owner_share"]):
            directors[0] = owners[0]
        people: dict[str, tuple[str, str]] = {}
        for kind, names in (("owner", owners), ("director", directors)):
            for name in names:
                id_number, phone = people.setdefault(
                    name, (f"{int(rng.integers(10**8, 10**9))}", _phone(rng))
                )
                officers.append({"id": ids[AgencyOfficer] + len(officers), "agency_id": agency.pk, "kind": kind,
                                 "name": name, "id_number": id_number, "phone": phone})  # fmt: skip
        counts = origin.get(agency.pk, {})
        codes = sorted(counts)
        weights = np.array([counts[c] for c in codes], dtype=float)
        picks = ([str(c) for c in rng.choice(codes, size=min(len(codes), 3), replace=False, p=weights / weights.sum())]
                 if codes else [])  # fmt: skip
        branch_of[agency.pk] = []
        for k, code in enumerate(picks[: int(rng.integers(branches_n[0], branches_n[1] + 1))]):
            province = ctx.provinces[code]
            pk = ids[Branch] + len(branches)
            branches.append({"id": pk, "agency_id": agency.pk, "province_id": province.pk,
                             "name": f"{agency.name_en.split(' Co.')[0]}, {province.name_en} branch",
                             "address": f"No. {int(rng.integers(1, 300))}, Street {k + 1}, {province.name_en}"})  # fmt: skip
            branch_of[agency.pk].append(pk)
        relative = abuse.get(agency.pk, 0) / mean_abuse if mean_abuse else 1.0
        odds = float(problem["value"]) * min(max(relative, 0.25), float(problem["abuse_complaint_odds"]))
        centre_of[agency.pk] = []
        for k in range(int(rng.integers(centres_n[0], centres_n[1] + 1))):
            place = capital if k == 0 or not picks else ctx.provinces[picks[0]]
            bad = bool(rng.random() < odds)
            leaving = phones = False
            if bad:  # confining: kept in, or phones taken, or both
                leaving = bool(rng.random() < 0.5)
                phones = not leaving or bool(rng.random() < 0.5)
            centre = {
                "id": ids[TrainingCentre] + len(centres), "agency_id": agency.pk,
                "name": f"Training centre {number}-{k + 1} ({place.name_en})",
                "address": f"No. {int(rng.integers(1, 300))}, Street {int(rng.integers(1, 600))}, {place.name_en}",
                "registered": not (bad and rng.random() < float(problem["unregistered_share"])),
                "longest_stay_days": limit + int(rng.integers(stay["beyond_limit"][0], stay["beyond_limit"][1] + 1))
                if bad else int(rng.integers(stay["values"][0], stay["values"][1] + 1)),
                "restricts_leaving": leaving, "restricts_phones": phones,
                "_since": agency.licence_issued + int(rng.integers(0, max((reference - agency.licence_issued).days, 1))) * DAY,
            }  # fmt: skip
            centres.append(centre)
            centre_of[agency.pk].append(centre)
    _write(ctx, Branch, branches)
    _write(ctx, TrainingCentre, centres)
    return centre_of, branch_of, officers


def _rounds(ctx: Context, reference: datetime.date) -> list[dict[str, Any]]:
    figures = calibration.figures()
    ev = figures["oversight_evaluation"]
    panel = figures["oversight_evaluation_panel"]["values"]
    first, _last = figures["period"]["recent_years"]
    years = int(ev["period_years"])
    org = ministry("molvt").pk
    rows: list[dict[str, Any]] = []
    start = datetime.date(int(first), 1, 1)
    pk = bulk.next_id(EvaluationRound)
    while start <= reference:
        end = plus_years(start, years) - DAY
        closed = end + int(ev["close_after_days"]) * DAY
        rows.append({
            "id": pk + len(rows), "organisation_id": org, "label": f"Evaluation {start.year}-{end.year}",
            "period_start": start, "period_end": end, "panel_government": panel["government"],
            "panel_employers": panel["employers"], "panel_workers": panel["workers"],
            "closed_at": at(closed, 17) if closed <= reference else None, "created_at": at(start, 9),
            "updated_at": at(closed, 17) if closed <= reference else at(start, 9),
            "closed": closed if closed <= reference else None,
        })  # fmt: skip
        start = plus_years(start, years)
    return rows


def write(ctx: Context, pop: Population, prot: ProtectionPlan, mig: MigrationPlan) -> None:
    rng = ctx.rng("oversight")
    figures = calibration.figures()
    reference = calibration.reference_date()
    response = int(param("complaint_response_days"))
    ctx.progress.start("agency oversight", len(mig.agencies))
    complaints: dict[int, list[tuple[datetime.date, str, int]]] = defaultdict(list)
    paid: list[tuple[int, int, str, datetime.date, Any, Any]] = []
    for pk, against, category, status, due, amount, closed in Complaint.objects.filter(agency__isnull=False).values_list(
        "id", "agency_id", "category", "status", "due_by", "compensation_paid", "closed_at"
    ).order_by("id"):  # fmt: skip
        lodged = due - response * DAY  # not created_at: other databases than PostgreSQL stamp it "now"
        complaints[against].append((lodged, category, pk))
        if status == "paid" and amount is not None and closed is not None:
            paid.append((pk, against, category, lodged, amount, closed.date()))
    for rows in complaints.values():
        rows.sort()
    sent: dict[int, dict[int, int]] = defaultdict(dict)
    for sender, year, n in (
        Worker.objects.annotate(y=ExtractYear("departure_date")).values("job_order__agency_id", "y")
        .annotate(n=Count("id")).values_list("job_order__agency_id", "y", "n")
    ):  # fmt: skip
        if year is not None:
            sent[sender][int(year)] = n
    last: dict[int, datetime.date] = dict(
        Worker.objects.values("job_order__agency_id").annotate(d=Max("departure_date")).values_list("job_order__agency_id", "d")
    )  # fmt: skip
    windows: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for order_agency, submitted, decided in JobOrder.objects.exclude(decided_at=None).order_by("id").values_list(
        "agency_id", "submitted_at", "decided_at"
    ):  # fmt: skip
        if decided is None:
            continue
        windows[order_agency].append(((submitted or decided).date(), decided.date()))
        last[order_agency] = max(last.get(order_agency) or decided.date(), decided.date())
    abuse = {a: sum(1 for c in rows if c[1] == "abuse") for a, rows in complaints.items()}
    centre_of, branch_of, officers = _sites(ctx, rng, pop, mig, abuse)
    rounds = _rounds(ctx, reference)
    mean_rate = {}
    for rnd in rounds:
        n_sent = sum(
            n
            for by in sent.values()
            for y, n in by.items()
            if rnd["period_start"].year <= y <= rnd["period_end"].year
        )
        n_comp = sum(
            1
            for rows in complaints.values()
            for c in rows
            if rnd["period_start"] <= c[0] <= rnd["period_end"]
        )
        mean_rate[rnd["id"]] = 1000 * n_comp / n_sent if n_sent else 0.0
    world = World(
        figures=figures, reference=reference, officer=mig.officer,
        items=[dict(i) for i in ChecklistItem.objects.filter(active=True).order_by("position", "code").values("id", "code", "site", "text_en")],
        criteria=[dict(c) for c in EvaluationCriterion.objects.filter(active=True).order_by("position").values("id", "weight", "max_score")],
        bands=list(EvaluationBand.objects.order_by("-min_total").values_list("min_total", "outcome")),
        rounds=rounds, mean_rate=mean_rate, response_days=response, stay_limit=int(param("training_max_stay_days")),
    )  # fmt: skip
    agency_years = sum(max((reference - a.licence_issued).days, 0) / 365.25 for a in mig.agencies)
    countable = sum(1 for a in mig.agencies for c in complaints.get(a.pk, []) if c[0] >= a.licence_issued)
    trigger = min(
        1.0,
        float(figures["oversight_unannounced_per_agency_year"]["value"]) * agency_years / max(countable, 1),
    )
    ids = Ids({
        "inspection": bulk.next_id(Inspection), "finding": bulk.next_id(InspectionFinding),
        "action": bulk.next_id(CorrectiveAction), "evaluation": bulk.next_id(Evaluation),
        "score": bulk.next_id(EvaluationScore), "measure": bulk.next_id(AgencyMeasure),
        "change": bulk.next_id(LicenceStatusChange),
    })  # fmt: skip
    out = Rows()
    conduct = rng.normal(size=len(mig.agencies))
    for i, agency in enumerate(mig.agencies):
        inputs = Inputs(
            id=agency.pk, issued=agency.licence_issued, conduct=float(conduct[i]), complaints=complaints.get(agency.pk, []),
            sent_by_year=sent.get(agency.pk, {}), order_windows=windows.get(agency.pk, []),
            last_activity=last.get(agency.pk), centres=centre_of[agency.pk], branches=branch_of[agency.pk],
        )  # fmt: skip
        story = Story(world, inputs, rng, ids, out)
        story.schedule(agency_years, trigger)
        story.run()
        story.close()
        ctx.progress.advance(1)
    ctx.progress.start("agency oversight records", 1)
    _repayments(
        rng, figures, paid, {a.pk: a.licence_issued for a in mig.agencies}, ids, out, mig.officer, response
    )
    revoked = [a for a in mig.agencies if out.agency[a.pk]["status"] == "revoked"]
    _renting(rng, figures, officers, revoked, mig.agencies)
    _write(ctx, AgencyOfficer, officers)
    _write(
        ctx,
        EvaluationRound,
        [{k: v for k, v in r.items() if k != "closed"} for r in rounds],
    )
    _write(ctx, Inspection, out.inspections)
    _write(ctx, InspectionFinding, out.findings)
    _write(ctx, CorrectiveAction, out.actions)
    _write(ctx, Evaluation, out.evaluations)
    _write(ctx, EvaluationScore, out.scores)
    _write(ctx, AgencyMeasure, out.measures)
    _write(ctx, LicenceStatusChange, out.changes)
    _licences(mig.agencies, out, reference, int(figures["licence_years"]["value"]))
    ctx.progress.advance(1)


def _repayments(rng: np.random.Generator, figures: dict[str, Any], paid: list[tuple[int, int, str, datetime.date, Any, Any]],
                issued: dict[int, datetime.date], ids: Ids, out: Rows, officer: int, response: int) -> None:  # fmt: skip
    """Orders to repay, on the complaints about fees or jobs that never existed whose money was paid."""

    order = figures["oversight_repayment_order"]
    for pk, agency, category, lodged, amount, closed in paid:
        if category not in order["categories"] or rng.random() >= float(order["share"]):
            continue
        start = max(lodged + response * DAY, issued[agency])
        if closed <= start:
            continue
        day = start + int(rng.integers(0, (closed - start).days + 1)) * DAY
        out.measures.append({
            "id": ids.take("measure"), "agency_id": agency, "kind": "repayment", "amount": Decimal(amount),
            "reason": "Ordered to repay the worker the fees taken.", "decided_on": day, "decided_by_id": officer,
            "complaint_id": pk, "evaluation_id": None, "inspection_id": None,
            "created_at": at(day, 15), "updated_at": at(day, 15),
        })  # fmt: skip


def _renting(rng: np.random.Generator, figures: dict[str, Any], officers: list[dict[str, Any]],
             revoked: list[Agency], agencies: list[Agency]) -> None:  # fmt: skip
    """Some revoked agencies' owners or directors direct another agency (what FR-30 flags)."""

    share = float(figures["oversight_revoked_officer_elsewhere_share"]["value"])
    gone = {a.pk for a in revoked}
    others = [a.pk for a in agencies if a.pk not in gone]
    first = max((o["id"] for o in officers), default=0) + 1
    for agency in revoked:
        if not others or rng.random() >= share:
            continue
        theirs = [o for o in officers if o["agency_id"] == agency.pk]
        person = theirs[int(rng.integers(len(theirs)))]
        officers.append(
            {**person, "id": first, "agency_id": others[int(rng.integers(len(others)))], "kind": "director"}
        )
        first += 1


def _licences(agencies: list[Agency], out: Rows, reference: datetime.date, years: int) -> None:
    """Renewal at each expiry (the licence keeps its first date, as ``update_licence`` allows) up to the
    reference date or the revocation; the status fields are those of the last licence change."""

    for agency in agencies:
        state = out.agency[agency.pk]
        end = state["revoked_on"] or reference
        expires = agency.licence_expires
        while expires < end:
            expires = plus_years(expires, years)
        agency.licence_expires = expires
        agency.status = state["status"]
        agency.suspended_until = state["suspended_until"]
        agency.updated_at = state["updated_at"] or agency.updated_at
    Agency.objects.bulk_update(
        agencies, ["licence_expires", "status", "suspended_until", "updated_at"], batch_size=500
    )
