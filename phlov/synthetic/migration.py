"""Labour migration: licensed agencies, employers, approved job orders, the workers deployed
under them (with disappearances), and complaints.

Calibration: 003's deployments to Malaysia, South Korea and Saudi Arabia by year, sector and
sex are reproduced exactly (one worker per true person of that cohort, as printed); the recent
years follow MoLVT's stock by destination and by sector and the share of women of 2024
(labour-migration-rules.md 4.1-4.2); agencies' destinations the 2025 list (4.3); complaints
the yearly volume and the share of deployment delays (4.5); disappearances the TITP share (4.2).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from phlov.accounts.models import OrganisationKind
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Agency,
    Complaint,
    ComplaintEvent,
    Disappearance,
    Employer,
    JobOrder,
    Worker,
)
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context, ministry, organisation, staff
from phlov.synthetic.people import Population


@dataclass
class MigrationPlan:
    workers: (
        pd.DataFrame
    )  # one row per worker record: cluster, person record index, destination, sector, year, agency
    agencies: list[Agency]
    agency_staff: dict[int, int]  # agency id -> staff user id
    agency_org: dict[int, int]  # agency id -> organisation id
    officer: int  # the labour ministry's staff user (decisions, complaint events)


def _pick(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = list(weights)
    w = np.array([weights[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=w / w.sum())]


def _agencies(ctx: Context, rng: np.random.Generator, needed: set[str]) -> list[Agency]:
    """Licensed agencies (invented names), each authorised for one to three destinations."""

    figures = calibration.figures()
    molvt = ministry("molvt")
    count = int(ctx.settings["agencies"])
    primary = _pick(rng, figures["agencies_by_destination"]["values"], count)
    extra_w = figures["worker_destination_shares"]["values"]
    years = int(figures["licence_years"]["value"])
    reference = calibration.reference_date()
    first_year = int(figures["period"]["recent_years"][0])
    destinations: list[set[str]] = []
    for code in primary:
        more = int(rng.integers(0, 3))
        destinations.append({str(code), *(str(c) for c in _pick(rng, extra_w, more))})
    for i, code in enumerate(sorted(needed - set().union(*destinations))):
        destinations[i % count].add(code)
    made: list[Agency] = []
    for i, dests in enumerate(destinations):
        number = f"{i + 1:03d}"
        name_en = f"Synthetic Manpower {number} Co., Ltd. (invented)"
        org = organisation(name_en, f"ក្រុមហ៊ុនសំយោគ {number}", OrganisationKind.RECRUITMENT_AGENCY, parent=molvt)
        agency = Agency.objects.filter(organisation=org).first()
        if agency is None:
            issued = datetime.date(first_year, 1, 1) + datetime.timedelta(
                days=int(rng.integers(0, (reference - datetime.date(first_year, 1, 1)).days))
            )
            agency = Agency.objects.create(
                organisation=org, name_en=name_en, name_km=org.name_km, licence_number=f"SYN-{ctx.seed}-{number}",
                licence_issued=issued, licence_expires=issued.replace(year=issued.year + years),
            )  # fmt: skip
            agency.destinations.set([ctx.countries[c] for c in sorted(dests)])
        made.append(agency)
    return made


def approved_on(year: int) -> datetime.datetime:
    """When the job orders of the workers who leave in ``year`` were approved: before the earliest
    fee any of them pays (``worker_journey_days``), so that no fee or paper is taken before the
    order is approved (FR-18); submitted 14 days before that."""

    fee_lead = int(calibration.figures()["worker_journey_days"]["values"]["fee_paid_before_departure"][1])
    return datetime.datetime(year, 1, 1, 10, tzinfo=datetime.UTC) - datetime.timedelta(days=fee_lead + 1)


SUBMITTED_BEFORE_DECISION = datetime.timedelta(days=14)


def _licensed_before_first_order(rng: np.random.Generator, agencies: list[Agency], rec: pd.DataFrame) -> None:
    """An agency whose drawn licence date falls after its first job order's submission is licensed
    some months before it instead: only a licensed
    agency may send workers, under Sub-decree 190 as under Sub-decree 57 before it
    (labour-migration-rules.md 1.1)."""

    years = int(calibration.figures()["licence_years"]["value"])
    first_year = rec.groupby("agency")["year"].min()
    for agency in agencies:
        if agency.pk not in first_year.index:
            continue
        first_order = (approved_on(int(first_year[agency.pk])) - SUBMITTED_BEFORE_DECISION).date()
        if agency.licence_issued <= first_order:
            continue
        issued = first_order - datetime.timedelta(days=int(rng.integers(30, 366)))
        agency.licence_issued, agency.licence_expires = issued, issued.replace(year=issued.year + years)
        Agency.objects.filter(pk=agency.pk).update(
            licence_issued=agency.licence_issued, licence_expires=agency.licence_expires
        )


def prepare(ctx: Context, pop: Population) -> MigrationPlan:
    rng = ctx.rng("migration")
    figures = calibration.figures()
    first_year, last_year = figures["period"]["recent_years"]
    clusters = pop.clusters
    records = pop.records
    worker_cluster = clusters["role"].isin(["worker", "worker_hist"]).to_numpy()
    rec = records[worker_cluster[records["cluster"].to_numpy()]].copy()
    n = len(rec)
    dest = _pick(rng, figures["worker_destination_shares"]["values"], n)
    sector = _pick(rng, figures["worker_sector_shares"]["values"], n)
    cl = rec["cluster"].to_numpy()
    year = np.where(rec["first"].to_numpy(), clusters["event_year"].to_numpy()[cl],
                    rng.integers(first_year, last_year + 1, size=n))  # fmt: skip
    hist_first = (clusters["role"].to_numpy()[cl] == "worker_hist") & rec["first"].to_numpy()
    if hist_first.any():
        rows = clusters["role_row"].to_numpy()[cl[hist_first]]
        names = pop.hist["destination"].to_numpy()[rows]
        code_of = {name: ctx.country(name).code for name in set(names)}
        dest[hist_first] = [code_of[x] for x in names]
        sector[hist_first] = pop.hist["sector"].to_numpy()[rows]
    rec["destination"] = dest
    rec["sector"] = sector
    rec["year"] = year
    agencies = _agencies(ctx, rng, set(dest))
    by_dest: dict[str, list[int]] = {}
    for a in agencies:
        for code in a.destinations.values_list("code", flat=True):
            by_dest.setdefault(code, []).append(a.pk)
    choice = rng.random(n)
    rec["agency"] = [by_dest[d][int(c * len(by_dest[d]))] for d, c in zip(dest, choice, strict=True)]
    _licensed_before_first_order(rng, agencies, rec)
    agency_staff = {a.pk: staff(a.organisation, "agency_staff").pk for a in agencies}
    return MigrationPlan(
        workers=rec, agencies=agencies, agency_staff=agency_staff,
        agency_org={a.pk: a.organisation_id for a in agencies}, officer=staff(ministry("molvt"), "labour_officer").pk,
    )  # fmt: skip


def _employers(
    ctx: Context, rng: np.random.Generator, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str], list[int]]:
    per = int(calibration.figures()["employers_per_destination_sector"]["value"])
    first = bulk.next_id(Employer)
    rows: list[dict[str, Any]] = []
    out: dict[tuple[str, str], list[int]] = {}
    for dest, sector in sorted(pairs):
        for k in range(per):
            pk = first + len(rows)
            rows.append({"id": pk, "name": f"Synthetic {sector.replace('_', ' ')} employer {k + 1} ({dest})",
                         "country_id": ctx.countries[dest].pk})  # fmt: skip
            out.setdefault((dest, sector), []).append(pk)
    bulk.write(Employer, rows)
    bulk.audit_batch(Employer, first=first, last=first + len(rows) - 1, count=len(rows), detail=ctx.detail())
    ctx.written.append(Employer)
    return out


def write(ctx: Context, pop: Population, plan: MigrationPlan) -> None:
    rng = ctx.rng("migration")
    figures = calibration.figures()
    wages = figures["wages"]["values"]
    isic = figures["sector_isic"]["values"]
    journey = figures["worker_journey_days"]["values"]
    min_age = int(param("minimum_age"))
    rec = plan.workers
    employers = _employers(ctx, rng, set(zip(rec["destination"], rec["sector"], strict=True)))
    groups = rec.groupby(["agency", "destination", "sector", "year"], sort=True).size()
    order_id = bulk.next_id(JobOrder)
    orders: list[dict[str, Any]] = []
    key_to_order: dict[tuple[int, str, str, int], int] = {}
    for (agency, dest, sector, year), size in groups.items():
        pk = order_id + len(orders)
        wage = wages[dest]
        low, high = wage["amount"]
        decided = approved_on(int(year))
        options = employers[(dest, sector)]
        orders.append({
            "id": pk, "agency_id": int(agency), "destination_id": ctx.countries[dest].pk,
            "employer_id": options[int(rng.integers(len(options)))], "sector_isic": isic[sector],
            "positions_count": int(size), "status": "approved", "submitted_at": decided - SUBMITTED_BEFORE_DECISION,
            "decided_at": decided, "decided_by_id": plan.officer, "position": sector.replace("_", " "),
            "wage_amount": Decimal(f"{rng.uniform(low, high):.2f}"), "wage_currency": wage["currency"],
            "wage_period": wage["period"], "min_age": min_age,
            "contract_months": int(rng.integers(journey["contract_months"][0], journey["contract_months"][1] + 1)),
        })  # fmt: skip
        key_to_order[(int(agency), str(dest), str(sector), int(year))] = pk
    for _ in bulk.write_batches(JobOrder, orders, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(JobOrder)
    months = {order["id"]: order["contract_months"] for order in orders}
    _write_workers(ctx, rng, plan, key_to_order, months)


def _days(rng: np.random.Generator, bounds: list[int], size: int) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1] + 1, size=size).astype("timedelta64[D]")


def _write_workers(ctx: Context, rng: np.random.Generator, plan: MigrationPlan,
                   key_to_order: dict[tuple[int, str, str, int], int], months_of: dict[int, int]) -> None:  # fmt: skip
    """The workers, on their own dates: registered after their job order's approval and before
    paying or handing over papers, the contract running from arrival for the order's months
    (as ``migration.services.journey`` computes it), returned when it has ended by the reference
    date; and the disappearances (2.5% of the workers in Japan), last heard of by that date."""

    figures = calibration.figures()
    journey = figures["worker_journey_days"]["values"]
    reference = np.datetime64(calibration.reference_date())
    rec = plan.workers
    n = len(rec)
    start = np.array([f"{int(y)}-01-01" for y in rec["year"]], dtype="datetime64[D]")
    departure = start + rng.integers(0, 365, size=n).astype("timedelta64[D]")
    departure = np.minimum(departure, reference)
    fee = departure - _days(rng, journey["fee_paid_before_departure"], n)
    docs = departure - _days(rng, journey["documents_before_departure"], n)
    orientation = departure - _days(rng, journey["orientation_before_departure"], n)
    arrived = np.minimum(departure + _days(rng, journey["travel"], n), reference)
    order = np.array([key_to_order[(int(a), d, s, int(y))] for a, d, s, y in
                      zip(rec["agency"], rec["destination"], rec["sector"], rec["year"], strict=True)])  # fmt: skip
    ends = [a.item() + relativedelta(months=months_of[int(o)]) for a, o in zip(arrived, order, strict=True)]
    returned = np.array(ends, dtype="datetime64[D]") <= reference
    approval = np.array([approved_on(int(y)).date() for y in rec["year"]], dtype="datetime64[D]")
    registered = np.maximum(np.minimum(fee, docs) - _days(rng, [1, 14], n), approval + np.timedelta64(1, "D"))
    fields = {f.name for f in Worker._meta.concrete_fields}
    first = bulk.next_id(Worker)
    ctx.progress.start("migrant workers", n)

    def rows() -> Iterator[dict[str, Any]]:
        for i, (pid, agency) in enumerate(zip(rec["person_id"], rec["agency"], strict=True)):
            on = datetime.datetime.combine(registered[i].item(), datetime.time(9), tzinfo=datetime.UTC)
            row: dict[str, Any] = {
                "id": first + i, "person_id": int(pid), "job_order_id": int(order[i]), "created_at": on,
                "updated_at": on,
                "registered_by_id": plan.agency_staff[int(agency)], "fee_paid_at": fee[i].item(),
                "documents_collected_at": docs[i].item(), "orientation_completed_at": orientation[i].item(),
                "orientation_identity_verified": True, "data_transfer_consent": True,
                "departure_date": departure[i].item(), "arrived_at": arrived[i].item(),
            }  # fmt: skip
            if "status" in fields:
                row["status"] = "returned" if returned[i] else "abroad"
            if "contract_ends_on" in fields:
                row["contract_ends_on"] = ends[i]
            if "returned_at" in fields and returned[i]:
                row["returned_at"] = ends[i]
            yield row

    for size in bulk.write_batches(Worker, rows(), batch=ctx.batch, detail=ctx.detail()):
        ctx.progress.advance(size)
    ctx.written.append(Worker)
    share = float(figures["worker_disappearance_share"]["value"])
    contact = figures["disappearance_contact_days"]["values"]
    gone = np.flatnonzero((rec["destination"].to_numpy() == "JP") & (rng.random(n) < share))
    first_gone = bulk.next_id(Disappearance)
    missing = [
        {
            "id": first_gone + k,
            "worker_id": first + int(i),
            "reported_by_id": plan.agency_staff[int(rec["agency"].iat[i])],
            "last_contact_at": datetime.datetime.combine(
                min(
                    arrived[i].item()
                    + datetime.timedelta(days=int(rng.integers(contact[0], contact[1] + 1))),
                    reference.item(),
                ),
                datetime.time(12),
                tzinfo=datetime.UTC,
            ),
        }
        for k, i in enumerate(gone)
    ]
    for _ in bulk.write_batches(Disappearance, missing, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(Disappearance)


def write_complaints(ctx: Context, pop: Population, plan: MigrationPlan) -> None:
    """Complaints of the recent years: the yearly volume scaled to the scale, deployment delays
    at their share and the other categories sharing the rest, against the workers' agencies."""

    rng = ctx.rng("complaints")
    figures = calibration.figures()
    first_year, last_year = figures["period"]["recent_years"]
    reference = calibration.reference_date()
    per_year = round(float(figures["complaints_per_year"]["value"]) * float(ctx.settings["complaint_share"]))
    delay = float(figures["complaint_deployment_delay_share"]["value"])
    categories = [
        c for c in Complaint._meta.get_field("category").choices or [] if c[0] != "deployment_delay"
    ]
    weights = {"deployment_delay": delay, **{str(c[0]): (1 - delay) / len(categories) for c in categories}}
    outcomes = figures["complaint_outcomes"]
    claim = figures["complaint_fee_claim_usd"]["values"]
    days = int(param("complaint_response_days"))
    settled_after = int(figures["complaint_settled_after_days"]["value"])
    by_worker = float(figures["complaint_lodged_by_worker_share"]["value"])
    workers = plan.workers
    names = pop.records.set_index("person_id")[["family_name_latin", "given_name_latin", "family_name_km",
                                                   "given_name_km"]]  # fmt: skip
    total = per_year * (last_year - first_year + 1)
    picks = rng.integers(len(workers), size=total)
    category = _pick(rng, weights, total)
    outcome = _pick(rng, outcomes["values"], total)
    receiving = {a.pk: int(a.organisation.parent_id or a.organisation_id) for a in plan.agencies}
    first = bulk.next_id(Complaint)
    event_first = bulk.next_id(ComplaintEvent)
    complaints: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for i in range(total):
        year = first_year + i // per_year
        lodged = datetime.date(year, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 365)))
        lodged = min(lodged, reference)
        w = workers.iloc[int(picks[i])]
        person = names.loc[w["person_id"]]
        name = " ".join(p for p in (person.iloc[0], person.iloc[1]) if p) or " ".join(
            p for p in (person.iloc[2], person.iloc[3]) if p
        )
        agency = int(w["agency"])
        old = (reference - lodged).days > settled_after
        status = str(outcome[i]) if old else ("acknowledged" if (reference - lodged).days > 2 else "received")
        amount = (
            Decimal(f"{rng.uniform(claim[0], claim[1]):.2f}") if category[i] in {"fees", "wages"} else None
        )
        agreed = (
            Decimal(f"{float(amount) * rng.uniform(*outcomes['share_agreed_of_claim']):.2f}")
            if amount is not None and status in {"settled", "paid"} else None
        )  # fmt: skip
        at = datetime.datetime.combine(lodged, datetime.time(9), tzinfo=datetime.UTC)
        pk = first + i
        complaints.append({
            "id": pk, "organisation_id": receiving[agency], "created_at": at, "updated_at": at,
            "reference_hash": hashlib.sha256(f"synthetic:{ctx.seed}:{ctx.scale}:{pk}".encode()).hexdigest(),
            "lodged_by": "worker" if rng.random() < by_worker else "family", "complainant_name": name, "worker_name": name,
            "respondent_kind": "agency", "agency_id": agency, "destination_id": ctx.countries[w["destination"]].pk,
            "category": category[i], "description": f"Synthetic complaint: {category[i].replace('_', ' ')}.",
            "amount_claimed": amount, "status": status, "due_by": lodged + datetime.timedelta(days=days),
            "acknowledged_at": at + datetime.timedelta(days=1) if status != "received" else None,
            "compensation_agreed": agreed, "compensation_paid": agreed if status == "paid" else None,
            "trafficking_flag": category[i] in {"abuse", "missing_person"},
            "closed_at": at + datetime.timedelta(days=int(rng.integers(days, settled_after))) if old else None,
        })  # fmt: skip
        if status != "received":
            events.append({"id": event_first + len(events), "complaint_id": pk, "kind": "status", "text": status,
                           "happened_on": lodged + datetime.timedelta(days=1), "author_id": plan.officer})  # fmt: skip
    for model, rows in ((Complaint, complaints), (ComplaintEvent, events)):
        for _ in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
