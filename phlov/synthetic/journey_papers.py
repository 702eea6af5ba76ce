"""The worker's papers, health checks, orientations and journey events (see ``journey.py``).

Columns are built with numpy from the worker rows read back in one query; rows are yielded as
dicts to ``bulk.write_batches``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from django.db import connection

from phlov.migration.checks.base import param
from phlov.migration.models import (
    HealthCheck,
    JobOrder,
    Orientation,
    OrientationTopic,
    TrainingCentre,
    Worker,
    WorkerDocument,
    WorkerEvent,
    WorkerStatus,
)
from phlov.migration.services.journey import TRANSITIONS
from phlov.places.models import Place
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context
from phlov.synthetic.migration import MigrationPlan

if TYPE_CHECKING:
    from phlov.synthetic.journey_missing import Outcome

NAT = np.datetime64("NaT", "D")


@dataclass
class Workers:
    """One entry per worker record of the synthetic agencies, in id order."""

    ids: np.ndarray
    order: np.ndarray
    author: np.ndarray  # the agency staff account that registered the worker
    agency: np.ndarray
    destination: np.ndarray
    months: np.ndarray  # the job order's contract length
    fee: np.ndarray
    docs: np.ndarray
    orientation: np.ndarray
    departure: np.ndarray
    arrived: np.ndarray
    status: np.ndarray
    ends: np.ndarray
    returned: np.ndarray
    placement_delivered: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[D]"))


def days(rng: np.random.Generator, bounds: list[int], size: int) -> np.ndarray:
    return rng.integers(bounds[0], bounds[1] + 1, size=size).astype("timedelta64[D]")


@cache
def stamp(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """The moment a record dated ``day`` was entered (office hours, UTC)."""

    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def _dates(values: list[Any]) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")  # None (a NULL) is NaT


def read_workers(agencies: list[int]) -> Workers:
    worker, order, place = Worker._meta.db_table, JobOrder._meta.db_table, Place._meta.db_table
    marks = ", ".join(["%s"] * len(agencies))
    # Tables are the models' own; the agency ids are passed as parameters.
    # Dates as ISO text (the same on PostgreSQL and SQLite): numpy parses text in C, where
    # converting a million date objects one by one takes seconds.
    dates = ", ".join(
        f"CAST(w.{c} AS TEXT)"
        for c in (
            "fee_paid_at",
            "documents_collected_at",
            "orientation_completed_at",
            "departure_date",
            "arrived_at",
        )
    )
    ends = "CAST(w.contract_ends_on AS TEXT), CAST(w.returned_at AS TEXT)"
    sql = (
        f"SELECT w.id, w.job_order_id, w.registered_by_id, j.agency_id, p.code, j.contract_months, {dates}, "  # noqa: S608
        f'w.status, {ends} FROM "{worker}" w JOIN "{order}" j ON j.id = w.job_order_id '
        f'JOIN "{place}" p ON p.id = j.destination_id '
        f"WHERE w.historical_source = '' AND w.departure_date IS NOT NULL AND j.agency_id IN ({marks}) ORDER BY w.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, agencies)
        rows = cursor.fetchall()
    cols: list[Any] = list(zip(*rows, strict=True)) if rows else [() for _ in range(14)]
    return Workers(
        ids=np.array(cols[0], dtype=np.int64), order=np.array(cols[1], dtype=np.int64),
        author=np.array(cols[2], dtype=np.int64), agency=np.array(cols[3], dtype=np.int64),
        destination=np.array(cols[4], dtype=object), months=np.array([m or 0 for m in cols[5]], dtype=np.int64),
        fee=_dates(list(cols[6])), docs=_dates(list(cols[7])), orientation=_dates(list(cols[8])),
        departure=_dates(list(cols[9])), arrived=_dates(list(cols[10])), status=np.array(cols[11], dtype=object),
        ends=_dates(list(cols[12])), returned=_dates(list(cols[13])),
    )  # fmt: skip


def _month_end(start: np.ndarray, months: np.ndarray) -> np.ndarray:
    """The first day of the month after ``start`` + ``months`` (at least that many months later)."""

    return (start.astype("datetime64[M]") + months.astype("timedelta64[M]") + np.timedelta64(1, "M")).astype(
        "datetime64[D]"
    )


def _write(ctx: Context, model: type[Any], rows: Iterator[dict[str, Any]], label: str, total: int) -> None:
    ctx.progress.start(label, total)
    for size in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
        ctx.progress.advance(size)
    ctx.written.append(model)


def write_papers(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers, mig: MigrationPlan
) -> None:
    _documents(ctx, rng, figures, w)
    _health_checks(ctx, rng, figures, w)
    _orientations(ctx, rng, figures, w, mig)


def _documents(ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers) -> None:
    """Passport, visa, work permit and OCWC, each valid past departure + the rule's margin."""

    spec = figures["journey_documents"]["values"]
    margin = int(param("document_valid_months_after_departure"))
    n = len(w.ids)
    passport_on = w.docs - days(rng, spec["passport_issued_before_collection_days"], n)
    passport_end = _month_end(passport_on, np.full(n, 12 * int(spec["passport_years"]) - 1))
    issued = np.maximum(w.departure - days(rng, spec["issued_before_departure_days"], n), w.docs)
    issued = np.minimum(issued, w.departure)
    valid_to = _month_end(w.departure, w.months + margin)
    kinds = [
        ("passport", "N%08d", passport_on, passport_end, w.docs),
        ("visa", "V%08d", issued, valid_to, issued),
        ("work_permit", "WP%08d", issued, valid_to, issued),
        ("ocwc", "OCWC%08d", issued, valid_to, issued),
    ]
    first = bulk.next_id(WorkerDocument)
    columns = [
        (kind, np.char.mod(pattern, rng.integers(0, 10**8, size=n)).tolist(), on.tolist(), end.tolist(),
         recorded.tolist())
        for kind, pattern, on, end, recorded in kinds
    ]  # fmt: skip
    ids, authors = w.ids.tolist(), w.author.tolist()

    def rows() -> Iterator[dict[str, Any]]:
        pk = first
        for kind, numbers, on, end, recorded in columns:
            for worker, author, number, issued_on, expires, at in zip(
                ids, authors, numbers, on, end, recorded, strict=True
            ):
                when = stamp(at)
                yield {"id": pk, "worker_id": worker, "kind": kind, "number": number, "issued_on": issued_on,
                       "expires_on": expires, "recorded_by_id": author, "created_at": when, "updated_at": when}  # fmt: skip
                pk += 1

    _write(ctx, WorkerDocument, rows(), "worker documents", 4 * n)


def _health_checks(ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers) -> None:
    spec = figures["journey_health_check"]["values"]
    n = len(w.ids)
    examined = np.maximum(w.departure - days(rng, spec["before_departure_days"], n), w.placement_delivered)
    examined = np.minimum(examined, w.departure)
    valid = examined + np.timedelta64(int(spec["valid_days"]), "D")
    first = bulk.next_id(HealthCheck)
    columns = (w.ids.tolist(), w.author.tolist(), w.agency.tolist(), examined.tolist(), valid.tolist())

    def rows() -> Iterator[dict[str, Any]]:
        for k, (worker, author, agency, on, until) in enumerate(zip(*columns, strict=True)):
            when = stamp(on, 15)
            yield {"id": first + k, "worker_id": worker, "examined_on": on, "clinic": f"Invented medical clinic {agency}",
                   "fit": True, "valid_until": until, "recorded_by_id": author, "created_at": when, "updated_at": when}  # fmt: skip

    _write(ctx, HealthCheck, rows(), "health checks", n)


def _centres(ctx: Context, figures: dict[str, Any], mig: MigrationPlan) -> dict[int, list[int]]:
    """Each agency's training centres: those the oversight module wrote, and one created here for
    an agency that has none (registered, no restrictions, so FR-27 accepts it)."""

    longest = int(figures["journey_orientation"]["values"]["days"][1])
    have: dict[int, list[int]] = {}
    for pk, agency in (
        TrainingCentre.objects.filter(agency__in=mig.agencies).order_by("pk").values_list("pk", "agency_id")
    ):
        have.setdefault(agency, []).append(pk)
    first = bulk.next_id(TrainingCentre)
    made: list[dict[str, Any]] = [
        {"id": first + k, "agency_id": a.pk, "name": f"{a.name_en} training centre (invented)",
         "address": "Phnom Penh (invented)", "registered": True, "longest_stay_days": longest}
        for k, a in enumerate(x for x in mig.agencies if x.pk not in have)
    ]  # fmt: skip
    if made:
        _write(ctx, TrainingCentre, iter(made), "training centres", len(made))
        for row in made:
            have[row["agency_id"]] = [row["id"]]
    return have


def _orientations(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers, mig: MigrationPlan
) -> None:
    """One completed orientation per worker, ending on the worker's ``orientation_completed_at``."""

    spec = figures["journey_orientation"]["values"]
    least = param("orientation_min_hours")
    centres = _centres(ctx, figures, mig)
    n = len(w.ids)
    length = rng.integers(spec["days"][0], spec["days"][1] + 1, size=n)
    hours = np.maximum(length * float(spec["hours_per_day"]), float(least))
    started = w.orientation - (length - 1).astype("timedelta64[D]")
    pick = rng.random(n)
    centre = [
        centres[a][int(p * len(centres[a]))] for a, p in zip(w.agency.tolist(), pick.tolist(), strict=True)
    ]
    topics = list(OrientationTopic.values)
    first = bulk.next_id(Orientation)
    columns = (
        w.ids.tolist(),
        w.author.tolist(),
        centre,
        started.tolist(),
        w.orientation.tolist(),
        hours.tolist(),
    )

    def rows() -> Iterator[dict[str, Any]]:
        for k, (worker, author, at, start, end, spent) in enumerate(zip(*columns, strict=True)):
            when = stamp(end, 17)
            yield {"id": first + k, "worker_id": worker, "centre_id": at, "started_on": start, "completed_on": end,
                   "hours_attended": f"{spent:.1f}", "topics": topics, "identity_verified": True,
                   "trainer": "Agency trainer (invented)", "recorded_by_id": author, "created_at": when,
                   "updated_at": when}  # fmt: skip

    _write(ctx, Orientation, rows(), "orientations", n)


# --- journey events ----------------------------------------------------------------------------


def write_events(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], w: Workers, outcome: Outcome
) -> None:
    """The moves the state machine records (``TRANSITIONS``), on the worker's own dates, and a
    share of welfare checks by the agency's representative while the worker is away."""

    reference = np.datetime64(calibration.reference_date())
    share = float(figures["journey_welfare_check_share"]["value"])
    n = len(w.ids)
    everyone = np.ones(n, dtype=bool)
    arrived = ~np.isnat(w.arrived)
    ended = (w.status == WorkerStatus.RETURNED) & ~outcome.gone
    missing = ~np.isnat(outcome.missing_on)
    found = ~np.isnat(outcome.found_on)
    steps = [
        ("depart", everyone, w.departure, WorkerStatus.REGISTERED),
        ("arrive", arrived, w.arrived, WorkerStatus.DEPARTED),
        ("missing", missing, outcome.missing_on, WorkerStatus.ABROAD),
        ("found", found, outcome.found_on, WorkerStatus.MISSING),
        ("end_contract", ended, w.ends, WorkerStatus.ABROAD),
        ("return", ended, w.returned, WorkerStatus.CONTRACT_ENDED),
    ]
    away_end = np.fmin(np.fmin(w.ends, reference), np.where(missing, outcome.missing_on, NAT))
    window = (away_end - w.arrived).astype(np.int64)
    visit = arrived & (window > 1) & (rng.random(n) < share)
    visit_on = (
        w.arrived
        + (rng.random(n) * np.where(visit, window - 1, 0)).astype(np.int64).astype("timedelta64[D]")
        + np.timedelta64(1, "D")
    )
    first = bulk.next_id(WorkerEvent)
    ids, authors = w.ids.tolist(), w.author.tolist()
    total = int(sum(int(mask.sum()) for _a, mask, _d, _s in steps) + visit.sum())

    def rows() -> Iterator[dict[str, Any]]:
        pk = first
        for action, mask, dates, source in steps:
            move = TRANSITIONS[action]
            on = dates.tolist()
            for i in np.flatnonzero(mask).tolist():
                yield {"id": pk, "worker_id": ids[i], "kind": WorkerEvent.Kind.TRANSITION, "action": action,
                       "from_status": str(source), "to_status": str(move.target), "happened_on": on[i],
                       "author_id": authors[i], "created_at": stamp(on[i], 16)}  # fmt: skip
                pk += 1
        on = visit_on.tolist()
        for i in np.flatnonzero(visit).tolist():
            yield {"id": pk, "worker_id": ids[i], "kind": WorkerEvent.Kind.WELFARE_CHECK, "by": WorkerEvent.By.AGENCY,
                   "happened_on": on[i], "note": "Visited at the worksite by the agency's representative; no problem reported.",
                   "author_id": authors[i], "created_at": stamp(on[i], 16)}  # fmt: skip
            pk += 1

    _write(ctx, WorkerEvent, rows(), "journey events", total)
