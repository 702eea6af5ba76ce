"""The steps of every generated repatriation, as ``services_repatriation`` would hold them once a
caseworker had ticked each one off (``complete_step``): done in the procedure's order, the steps
before the hand-over between identification and hand-over, the hand-over step on the hand-over
day, the steps after it only when done by the reference date; each due date computed as
``services_repatriation._recompute`` computes it; the repatriation's family-tracing and
assessment dates set from the steps that carry them (``Step.field``), as ``complete_step`` does.

The spread of the steps is a modelling choice (calibration-referrals.json
``repatriation_step_spread``); the steps and their time limits are the application's
(``phlov/protection/data/repatriation.json``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from phlov.protection import servicedata
from phlov.protection.models import Repatriation, RepatriationStep
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context

# The date fields of a repatriation a step may set (``Step.field``), besides the hand-over.
STEP_FIELDS = ("family_tracing_requested_on", "family_tracing_done_on", "family_assessment_on")


@dataclass
class RepatriationDates:
    """What the referrals need of a repatriation: the day each step was done."""

    case_id: int
    host: str
    done: dict[str, datetime.date] = field(default_factory=dict)


def _plan(
    rng: np.random.Generator,
    found: servicedata.Procedure,
    identified: datetime.date,
    handover: datetime.date | None,
    reference: datetime.date,
    spread: tuple[float, float],
) -> list[tuple[servicedata.Step, datetime.date | None, datetime.date | None]]:
    """(step, due, done) in the procedure's order."""

    steps = list(found.steps)
    cut = next((n for n, s in enumerate(steps) if s.code == "handover"), len(steps))
    factors = rng.uniform(spread[0], spread[1], size=len(steps))
    done: dict[str, datetime.date | None] = {}
    if handover is not None:
        # In proportion to the (randomly weighted) time limits, the hand-over's own included so
        # that the last step before it falls before the hand-over day.
        weights = np.array([max(s.days, 1) for s in steps[: cut + 1]], dtype=float) * factors[: cut + 1]
        share = np.cumsum(weights) / weights.sum()
        span = (handover - identified).days
        for step, part in zip(steps[:cut], share[:cut], strict=True):
            done[step.code] = identified + datetime.timedelta(days=int(part * span))
        if cut < len(steps):
            done[steps[cut].code] = handover
        later = steps[cut + 1 :]
        later_factors = factors[cut + 1 :]
    else:  # still abroad: the steps before the hand-over done one after another, up to today
        reached = identified
        for step, factor in zip(steps[:cut], factors[:cut], strict=True):
            reached += datetime.timedelta(days=round(max(step.days, 1) * factor))
            if reached > reference:
                break
            done[step.code] = reached
        later, later_factors = [], factors[:0]
    for step, factor in zip(later, later_factors, strict=True):
        anchor = identified if step.after == "identified" else done.get(step.after)
        day = anchor + datetime.timedelta(days=round(step.days * factor)) if anchor else None
        done[step.code] = day if day is not None and day <= reference else None
    planned: list[tuple[servicedata.Step, datetime.date | None, datetime.date | None]] = []
    for step in steps:
        # As services_repatriation._recompute: the end of the step it follows (done, else due).
        if step.after == "identified":
            anchor_due: datetime.date | None = identified
        else:
            before = next((p for p in planned if p[0].code == step.after), None)
            anchor_due = (before[2] or before[1]) if before else None
        due = servicedata.add_days(anchor_due, step.days) if anchor_due else None
        planned.append((step, due, done.get(step.code)))
    return planned


def write_steps(
    ctx: Context, rng: np.random.Generator, reference: datetime.date, worker_of_case: dict[int, int]
) -> dict[int, RepatriationDates]:
    """Write the steps of every repatriation that has a procedure; returns, by repatriation id,
    the days its steps were done."""

    spread = [float(v) for v in calibration.figures()["repatriation_step_spread"]["values"]]
    reps = Repatriation.objects.order_by("pk").values_list(
        "pk", "case_id", "procedure", "identified_on", "handover_on", "host_country__code"
    )
    first = bulk.next_id(RepatriationStep)
    rows: list[dict[str, Any]] = []
    updates: list[tuple[Any, ...]] = []
    dates: dict[int, RepatriationDates] = {}
    for pk, case_id, code, identified, handover, host in reps:
        found = servicedata.procedure(code)
        if found is None:  # no bilateral procedure recorded: nothing to tick off
            continue
        by = worker_of_case.get(case_id)
        got = RepatriationDates(case_id=case_id, host=host or "")
        fields: dict[str, datetime.date | None] = dict.fromkeys(STEP_FIELDS)
        for order, (step, due, done) in enumerate(
            _plan(rng, found, identified, handover, reference, (spread[0], spread[1])), start=1
        ):
            rows.append({
                "id": first + len(rows), "repatriation_id": pk, "code": step.code, "order": order,
                "due_on": due, "done_on": done, "done_by_id": by if done else None,
            })  # fmt: skip
            if done is not None:
                got.done[step.code] = done
                if step.field in fields:
                    fields[step.field] = done
        dates[pk] = got
        # A family assessed (or a person already handed over) was found suitable to return to.
        result = "suitable" if handover is not None or fields["family_assessment_on"] else "pending"
        updates.append((*(fields[f] for f in STEP_FIELDS), result, pk))
    for _ in bulk.write_batches(RepatriationStep, rows, batch=ctx.batch, detail=ctx.detail()):
        pass
    ctx.written.append(RepatriationStep)
    _set_dates(updates)
    return dates


def _set_dates(updates: list[tuple[Any, ...]]) -> None:
    """The repatriation's dates that ``complete_step`` sets from its steps (one statement, many
    parameter rows: a pipeline on PostgreSQL)."""

    if not updates:
        return
    table = Repatriation._meta.db_table
    sets = ", ".join(f'"{name}" = %s' for name in (*STEP_FIELDS, "family_assessment_result"))
    with connection.cursor() as cursor:
        # the table and column names are the model's own, never input
        cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE "id" = %s', updates)  # noqa: S608
