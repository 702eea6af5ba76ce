"""The worker's journey: contracts and cost lines, papers, health checks, orientations, journey
events, and the notices, contacts and search updates of disappearances.

Every worker the migration module wrote gets what the journey services would have recorded
before letting them leave (``phlov.migration.services.journey.departure_problems``): a
placement-service and an employment contract copied from the approved job order's terms
(``terms_of``), a passport, visa, work permit and OCWC valid long enough (Notification 24), a
fit-to-work health check and a completed pre-departure orientation at the agency's training
centre, ending on the worker's ``orientation_completed_at``; then the status moves the state
machine makes (depart, arrive, end_contract, return; missing and found for disappearances) and a
share of welfare checks. Job orders get itemised cost lines paid by the employer.

Calibration (``data/calibration-journey.json``): cost items and amounts from the 2014 Thai flat
fee and the agency's one month's wage (labour-migration-rules.md 1.3); documents from Notification
24; contract timing from Notification 24's Japan sequence; disappearance reports three days after
the last contact (the Taiwan comparator of SD 190 Arts 31-32, 1.10); the application's own rule
parameters (contract lead days, orientation hours, document margin, notice and escalation hours,
minimum wages) read from its rule data. The rest are modelling choices, each in the file.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
from django.utils import timezone

from phlov.migration.checks.base import param
from phlov.migration.models import Contract, CostLine, Employer, JobOrder, MinimumWage
from phlov.migration.services.journey import CONTRACT_TERMS
from phlov.synthetic import bulk, calibration, journey_missing, journey_papers
from phlov.synthetic.context import Context
from phlov.synthetic.journey_papers import Workers, days, stamp
from phlov.synthetic.migration import MigrationPlan
from phlov.synthetic.people import Population
from phlov.synthetic.protection import ProtectionPlan


def write(ctx: Context, pop: Population, prot: ProtectionPlan, mig: MigrationPlan) -> None:
    rng = ctx.rng("journey")
    figures = calibration.figures()
    agencies = [a.pk for a in mig.agencies]
    orders = _complete_job_orders(ctx, rng, figures, agencies)
    _write_cost_lines(ctx, figures, orders)
    workers = journey_papers.read_workers(agencies)
    _write_contracts(ctx, rng, figures, workers, orders)
    journey_papers.write_papers(ctx, rng, figures, workers, mig)
    outcome = journey_missing.plan(ctx, rng, figures, workers, agencies)
    journey_papers.write_events(ctx, rng, figures, workers, outcome)
    journey_missing.write(ctx, rng, figures, outcome, mig)


# --- job orders: the terms a contract copies ---------------------------------------------------


def _thai_minimums() -> dict[str, Decimal]:
    """Area -> the daily minimum FR-11 compares with today (the latest row in force)."""

    today = timezone.localdate()
    found: dict[str, tuple[datetime.date, Decimal]] = {}
    for area, amount, currency, since in MinimumWage.objects.filter(
        country__code="TH", valid_from__lte=today
    ).values_list("area", "amount", "currency", "valid_from"):
        if currency == "THB" and (area not in found or since > found[area][0]):
            found[area] = (since, amount)
    return {area: amount for area, (_since, amount) in sorted(found.items())}


def _complete_job_orders(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], agencies: list[int]
) -> dict[int, dict[str, Any]]:
    """Fill the terms the migration module leaves empty on its job orders (only where empty, so
    a job order that already carries them keeps its own), and return each order's contract terms."""

    terms = figures["journey_terms"]["values"]
    languages = figures["journey_languages"]["values"]
    sites = figures["journey_worksites"]["values"]
    ours = JobOrder.objects.filter(agency_id__in=agencies)
    for name, value in terms.items():
        field = JobOrder._meta.get_field(name)
        unset: Any = False if field.get_internal_type() == "BooleanField" else ""
        empty = {f"{name}__isnull": True} if field.null else {name: unset}
        ours.filter(**empty).update(**{name: value})
    for code, value in languages.items():
        ours.filter(destination__code=code, languages="").update(languages=value)
    thai = _thai_minimums()
    by_site: dict[str, list[int]] = {}
    no_site = (
        ours.filter(worksite="")
        .order_by("pk")
        .values_list("pk", "destination__code", "wage_amount", "wage_period")
    )
    for pk, code, wage, period in no_site:
        if code == "TH":
            options = [a for a, least in thai.items() if period != "day" or least <= wage] or list(thai)
        else:
            options = list(sites.get(code, [])) or [str(code)]
        by_site.setdefault(options[int(rng.integers(len(options)))], []).append(pk)
    for site, pks in sorted(by_site.items()):
        for start in range(0, len(pks), 5000):
            JobOrder.objects.filter(pk__in=pks[start : start + 5000]).update(worksite=site)
    for employer, country in (
        Employer.objects.filter(job_orders__agency_id__in=agencies, address="")
        .values_list("pk", "country__name_en")
        .distinct()
    ):
        Employer.objects.filter(pk=employer).update(address=f"Invented address, {country}")
    fields = [*CONTRACT_TERMS, "employer__name", "decided_at", "agency_id", "destination__code"]
    orders: dict[int, dict[str, Any]] = {}
    for row in ours.values("pk", *fields):
        pk = row.pop("pk")
        row["employer_name"] = row.pop("employer__name")
        orders[pk] = row
    return orders


def _write_cost_lines(ctx: Context, figures: dict[str, Any], orders: dict[int, dict[str, Any]]) -> None:
    """Itemised costs of each job order (FR-04), paid by the employer (FR-01, FR-02)."""

    items = figures["journey_cost_items"]["values"]
    per_month = param("days_per_month")
    done = set(CostLine.objects.filter(job_order_id__in=list(orders)).values_list("job_order_id", flat=True))
    first = bulk.next_id(CostLine)

    def rows() -> Iterator[dict[str, Any]]:
        pk = first
        for order_id, order in sorted(orders.items()):
            if order_id in done:
                continue
            wage = Decimal(order["wage_amount"]) * (per_month if order["wage_period"] == "day" else 1)
            for item in items:
                if "months_of_wage" in item:
                    amount, currency = (
                        (wage * Decimal(item["months_of_wage"])).quantize(Decimal("0.01")),
                        order["wage_currency"],
                    )
                else:
                    amount, currency = Decimal(str(item["usd"])), "USD"
                yield {"id": pk, "job_order_id": order_id, "category": item["category"], "purpose": item["purpose"],
                       "amount": amount, "currency": currency, "payer": item["payer"]}  # fmt: skip
                pk += 1

    for _ in bulk.write_batches(CostLine, rows(), batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(CostLine)


# --- contracts ---------------------------------------------------------------------------------


def _write_contracts(
    ctx: Context,
    rng: np.random.Generator,
    figures: dict[str, Any],
    w: Workers,
    orders: dict[int, dict[str, Any]],
) -> None:
    """A placement-service contract and an employment contract per worker, both with the job
    order's terms (FR-10), given before any fee or paper is taken (FR-08), signed after."""

    spans = figures["journey_contract_days"]["values"]
    lead = int(param("contract_lead_days"))
    n = len(w.ids)
    keys = np.array(sorted(orders), dtype=np.int64)
    decided = np.array(
        [timezone.localdate(orders[int(k)]["decided_at"]) for k in keys], dtype="datetime64[D]"
    )
    approved = decided[np.searchsorted(keys, w.order)]
    collected = np.fmin(w.fee, w.docs)
    latest = np.fmin(collected, w.departure - np.timedelta64(lead, "D"))
    placement = latest - days(rng, spans["placement_before_collection"], n)
    # Not before the approval; but never after departure, which the migration module's dates
    # sometimes put before the approval (FR-08 then flags the contract, as FR-18 the worker).
    placement = np.minimum(np.maximum(placement, approved), w.departure)
    employment = np.minimum(
        placement + days(rng, spans["employment_after_placement"], n), np.maximum(latest, placement)
    )
    signed_p = np.minimum(placement + days(rng, spans["signed_after_delivery"], n), w.departure)
    signed_e = np.minimum(employment + days(rng, spans["signed_after_delivery"], n), w.departure)
    w.placement_delivered = placement
    terms = {
        o: {k: v for k, v in t.items() if k in CONTRACT_TERMS or k == "employer_name"}
        for o, t in orders.items()
    }
    first = bulk.next_id(Contract)
    columns = (w.ids.tolist(), w.order.tolist(), placement.tolist(), signed_p.tolist(), employment.tolist(),
               signed_e.tolist())  # fmt: skip
    ctx.progress.start("worker contracts", 2 * n)

    def rows() -> Iterator[dict[str, Any]]:
        pk = first
        for worker, order, p_on, p_signed, e_on, e_signed in zip(*columns, strict=True):
            base = terms[order]
            for kind, delivered, signed in (("placement", p_on, p_signed), ("employment", e_on, e_signed)):
                at = stamp(delivered)
                yield {**base, "id": pk, "kind": kind, "worker_id": worker, "job_order_id": order,
                       "delivered_at": delivered, "signed_at": signed, "created_at": at, "updated_at": stamp(signed)}  # fmt: skip
                pk += 1

    for size in bulk.write_batches(Contract, rows(), batch=ctx.batch, detail=ctx.detail()):
        ctx.progress.advance(size)
    ctx.written.append(Contract)
