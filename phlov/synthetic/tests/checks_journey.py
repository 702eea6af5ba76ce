"""Checks of the generated journey records, run by test_generate.test_demo_scale: every worker
has what ``departure_problems`` asks before leaving, the contracts are the job order's terms and
pass the application's fair-recruitment checks, the journey events replay through the state
machine to the worker's status, and disappearance notices went out as the service sends them."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from django.db.models import Count, F, Q
from django.utils import timezone

from phlov.migration import checks
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Contract,
    CostLine,
    Disappearance,
    DisappearanceNotice,
    HealthCheck,
    JobOrder,
    Orientation,
    PublishedDeploymentFigure,
    Worker,
    WorkerDocument,
    WorkerEvent,
    WorkerStatus,
)
from phlov.migration.services.disappearance import contacts_for
from phlov.migration.services.journey import TRANSITIONS, departure_problems, orientation_gaps
from phlov.synthetic import calibration

COST_RULES = {"FR-01", "FR-02", "FR-03", "FR-04", "FR-05", "FR-06"}
SAMPLE = 60


def _workers() -> list[Worker]:
    return list(
        Worker.objects.filter(historical_source="", departure_date__isnull=False)
        .select_related("job_order", "person")
        .order_by("pk")
    )


def check() -> None:
    workers = _workers()
    assert workers, "no workers to check"
    _every_worker_has_the_papers_departure_asks_for(workers)
    _contracts_are_the_job_orders_terms_and_pass_the_checks(workers)
    _cost_lines_are_itemised_and_paid_by_the_employer()
    _orientations_match_the_worker_rows()
    _events_replay_through_the_state_machine(workers)
    _disappearances_are_notified_as_the_service_does()
    assert not PublishedDeploymentFigure.objects.exists()  # loaded by `phlov migration`, not generated


def _every_worker_has_the_papers_departure_asks_for(workers: list[Worker]) -> None:
    ids = [w.pk for w in workers]
    counts = {
        "contracts": Counter(Contract.objects.filter(worker_id__in=ids).values_list("worker_id", "kind")),
        "documents": Counter(
            WorkerDocument.objects.filter(worker_id__in=ids).values_list("worker_id", "kind")
        ),
    }
    health = Counter(HealthCheck.objects.filter(worker_id__in=ids).values_list("worker_id", flat=True))
    oriented = Counter(Orientation.objects.filter(worker_id__in=ids).values_list("worker_id", flat=True))
    for w in workers:
        assert all(counts["contracts"][(w.pk, k)] == 1 for k in Contract.Kind.values), w.pk
        assert all(counts["documents"][(w.pk, k)] == 1 for k in WorkerDocument.Kind.values), w.pk
        assert health[w.pk] == 1 and oriented[w.pk] == 1, w.pk
    # Dates in order with the worker's own.
    assert not WorkerDocument.objects.filter(
        worker_id__in=ids, issued_on__gt=F("worker__departure_date")
    ).exists()
    assert not HealthCheck.objects.filter(
        Q(examined_on__gt=F("worker__departure_date")) | Q(valid_until__lt=F("worker__departure_date")),
        worker_id__in=ids,
    ).exists()
    assert not HealthCheck.objects.filter(worker_id__in=ids, fit=False).exists()
    assert not Contract.objects.filter(
        Q(signed_at__lt=F("delivered_at")) | Q(signed_at__gt=F("worker__departure_date")), worker_id__in=ids
    ).exists()
    # What the departure service would still refuse comes only from the worker rows themselves
    # (FR-16 age, FR-18 fees before approval: the migration module's dates), never from the
    # papers, the health check, the orientation or the contracts written here.
    for w in workers[:: max(1, len(workers) // SAMPLE)]:
        assert w.departure_date is not None
        problems = departure_problems(w, w.departure_date)
        assert all(p.split(":")[0] in {"FR-16", "FR-18"} for p in problems), (w.pk, problems)


def _fees_before_approval(worker: Worker) -> bool:
    approved = timezone.localdate(worker.job_order.decided_at)
    return any(d is not None and d < approved for d in (worker.fee_paid_at, worker.documents_collected_at))


def _contracts_are_the_job_orders_terms_and_pass_the_checks(workers: list[Worker]) -> None:
    ids = [w.pk for w in workers]
    mine = Contract.objects.filter(worker_id__in=ids)
    assert not mine.exclude(job_order_id=F("worker__job_order_id")).exists()
    for name in ("position", "worksite", "wage_amount", "wage_currency", "wage_period", "contract_months"):
        assert not mine.exclude(**{name: F(f"job_order__{name}")}).exists(), name
    lead = int(param("contract_lead_days"))
    late = 0
    sample = list(mine.select_related("worker__job_order", "job_order__employer", "job_order__destination")
                  .order_by("pk")[:: max(1, mine.count() // SAMPLE)])  # fmt: skip
    for contract in sample:
        findings = checks.run(contract)
        assert not checks.blocking(findings), (contract.pk, findings)
        rules = {f.rule for f in findings}
        # The only rule a generated contract breaks is FR-08, and exactly where the migration
        # module's worker took fees or papers before the job order was approved.
        assert rules <= {"FR-08"}, (contract.pk, rules)
        inherited = _fees_before_approval(contract.worker)
        assert ("FR-08" in rules) == inherited, (contract.pk, rules)
        late += inherited
        departed, delivered = contract.worker.departure_date, contract.delivered_at
        if not inherited:
            assert departed is not None and delivered is not None and (departed - delivered).days >= lead
    figures = calibration.figures()
    assert float(figures["journey_rule_breaking_share"]["value"]) == 0
    assert late < len(sample)


def _cost_lines_are_itemised_and_paid_by_the_employer() -> None:
    items = calibration.figures()["journey_cost_items"]["values"]
    orders = JobOrder.objects.filter(workers__historical_source="").distinct().annotate(lines=Count("costs"))
    assert orders.exists() and not orders.filter(lines__lt=len(items)).exists()
    assert not CostLine.objects.filter(payer="worker").exists()
    for order in list(orders.order_by("pk"))[:: max(1, orders.count() // SAMPLE)]:
        assert not {f.rule for f in checks.run(order)} & COST_RULES, order.pk


def _orientations_match_the_worker_rows() -> None:
    rows = Orientation.objects.filter(worker__historical_source="")
    assert not rows.exclude(completed_on=F("worker__orientation_completed_at")).exists()
    assert not rows.filter(started_on__gt=F("completed_on")).exists()
    assert not rows.exclude(centre__agency_id=F("worker__job_order__agency_id")).exists()
    assert not rows.filter(completed_on__gt=F("worker__departure_date")).exists()
    for orientation in rows.order_by("pk")[:SAMPLE]:
        assert orientation_gaps(orientation) == [], orientation.pk


def _events_replay_through_the_state_machine(workers: list[Worker]) -> None:
    figures = calibration.figures()
    events: dict[int, list[WorkerEvent]] = defaultdict(list)
    for event in WorkerEvent.objects.filter(worker__in=workers).order_by("happened_on", "pk"):
        events[event.worker_id].append(event)
    visited = 0
    for w in workers:
        status: str = WorkerStatus.REGISTERED
        away = False
        for event in events[w.pk]:
            if event.kind == WorkerEvent.Kind.TRANSITION:
                move = TRANSITIONS[event.action]
                assert event.from_status == status and status in move.sources, (w.pk, event.action, status)
                status = event.to_status
                away = status in {WorkerStatus.DEPARTED, WorkerStatus.ABROAD, WorkerStatus.MISSING}
            else:
                assert away and event.note.strip(), (w.pk, event.kind)
                visited += 1
        assert status == w.status, (w.pk, status, w.status)
        moves = {e.action: e.happened_on for e in events[w.pk] if e.action}
        assert moves["depart"] == w.departure_date and moves.get("arrive") == w.arrived_at, w.pk
        if w.status == WorkerStatus.RETURNED:
            assert moves["return"] == w.returned_at, w.pk
    share = float(figures["journey_welfare_check_share"]["value"])
    n = len(workers)
    # Not every worker has room for a visit (arrived the last day), hence the one-sided slack.
    assert visited <= n * share + 4 * math.sqrt(n * share * (1 - share)) + 1
    assert visited >= n * share * 0.5 - 4 * math.sqrt(n * share * (1 - share)) - 1


def _disappearances_are_notified_as_the_service_does() -> None:
    parties = set(DisappearanceNotice.Party.values)
    for case in Disappearance.objects.select_related("worker__job_order").prefetch_related(
        "notices__notifications", "updates"
    ):
        notices = list(case.notices.all())
        assert {n.party for n in notices} == parties and len(notices) == len(parties), case.pk
        assert not checks.run(case), case.pk  # FR-29: every party told in time
        for notice in notices:
            assert notice.sent_at == case.created_at and notice.notifications.exists(), notice.pk
            addresses = {c.email for c in contacts_for(case.worker, notice.party) if c.email}
            assert addresses <= {n.email for n in notice.notifications.all()}, notice.pk
            if notice.escalated_at is not None:
                assert notice.escalated_at > notice.sent_at
        missing = WorkerEvent.objects.filter(worker=case.worker, action="missing")
        assert [e.happened_on for e in missing] == [timezone.localdate(case.last_contact_at)], case.pk
        updates = list(case.updates.all())
        assert updates and all(u.created_at > case.created_at for u in updates), case.pk
        if case.status == "found":
            assert case.found_at is not None and case.worker.status != WorkerStatus.MISSING
            assert WorkerEvent.objects.filter(worker=case.worker, action="found").count() == 1
        else:
            assert case.status == "searching" and case.worker.status == WorkerStatus.MISSING, case.pk
