"""Checks of the generated oversight records (officers, sites, licence changes, inspections,
evaluations, measures), run by test_generate.test_demo_scale on the demo scale: references hold,
dates run in order with the agency's own, statuses agree with their history, and the app's own
code (services, rules, selectors, stats) reads them as it would read records it wrote."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from phlov.accounts.models import Role, RoleAssignment, User
from phlov.migration.checks.agency import licensed, repeat_offender, welfare
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Agency,
    AgencyMeasure,
    AgencyOfficer,
    AgencyStatus,
    ChecklistItem,
    Complaint,
    CorrectiveAction,
    Evaluation,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    Inspection,
    InspectionFinding,
    JobOrder,
    LicenceStatusChange,
    TrainingCentre,
    Worker,
)
from phlov.migration.selectors_oversight import (
    agency_timeline,
    evaluations_of_round,
    overdue_actions,
    visible_inspections,
)
from phlov.migration.services.evaluation import band_for, indicators, ranking, weighted_total
from phlov.migration.services.inspections import checklist_for
from phlov.synthetic import calibration
from phlov.synthetic.context import ministry

DAY = datetime.timedelta(days=1)


def check() -> None:
    reference = calibration.reference_date()
    # The reference tables come with the migrations, not from the generator.
    assert (
        ChecklistItem.objects.exists()
        and EvaluationCriterion.objects.exists()
        and EvaluationBand.objects.exists()
    )
    _sites()
    _licences(reference)
    _inspections(reference)
    _evaluations(reference)
    _measures(reference)
    _complaints_lead_to_oversight()
    _pages_and_indicators_read_them()


def _sites() -> None:
    agencies = list(Agency.objects.annotate(
        owners=Count("officers", filter=Q(officers__kind="owner"), distinct=True),
        centres=Count("training_centres", distinct=True)))  # fmt: skip
    assert all(a.owners >= 1 and a.centres >= 1 for a in agencies)
    sending = set(Worker.objects.values_list("job_order__agency_id", flat=True).distinct())
    assert sending <= set(TrainingCentre.objects.values_list("agency_id", flat=True))
    centres = list(TrainingCentre.objects.all())
    failing = [c for c in centres if welfare(c) is not None]  # FR-27, the app's rule
    assert len(failing) <= len(centres) / 2, (len(failing), len(centres))
    limit = param("training_max_stay_days")
    assert all(c.longest_stay_days <= limit for c in centres if welfare(c) is None)
    # TC-01/TC-02 are found not compliant only in centres that the app's FR-27 rule flags.
    for finding in InspectionFinding.objects.filter(
        item__code__in=["TC-01", "TC-02"], result="non_compliant"
    ):
        centre = finding.inspection.training_centre
        assert centre is not None and welfare(centre) is not None, finding.pk


def _licences(reference: datetime.date) -> None:
    changes = LicenceStatusChange.objects.order_by("agency_id", "changed_at", "pk")
    by_agency = {k: list(g) for k, g in itertools.groupby(changes, key=lambda c: c.agency_id)}
    for agency in Agency.objects.all():
        history = by_agency.get(agency.pk, [])
        status: str = AgencyStatus.ACTIVE
        for change in history:
            assert change.old_status == status, change.pk
            assert change.reason.strip() and change.changed_by_id
            assert agency.licence_issued <= change.changed_at.date() <= reference
            if change.new_status == AgencyStatus.SUSPENDED:
                assert change.until and change.until > change.changed_at.date()
            status = change.new_status
        # The agency's own fields are those its last change left (as change_licence_status sets them).
        assert agency.status == status, agency.pk
        last = history[-1] if history else None
        assert agency.suspended_until == (last.until if last and status == AgencyStatus.SUSPENDED else None)
        # Renewed at each expiry: on the reference date the app computes the status of the record.
        assert agency.status_on(reference) == status, (agency.pk, agency.status_on(reference), status)
        orders = JobOrder.objects.filter(agency=agency, decided_at__isnull=False)
        for start, end in itertools.zip_longest(history, history[1:]):
            if start.new_status == AgencyStatus.SUSPENDED:
                until = end.changed_at.date() if end else start.until
                # No job order submitted or approved while the agency may not recruit.
                assert not orders.filter(
                    decided_at__date__gte=start.changed_at.date(), submitted_at__date__lte=until
                ).exists()
        if status == AgencyStatus.REVOKED:
            day = history[-1].changed_at.date()
            assert not orders.filter(decided_at__date__gte=day).exists()
            assert not Worker.objects.filter(job_order__agency=agency, departure_date__gte=day).exists()
            # FR-17: the agency is no longer offered for a new job order.
            order = orders.first()
            if order is not None:
                assert licensed(order) is not None
            assert not agency.inspections.filter(planned_for__gt=day).exists()


def _inspections(reference: datetime.date) -> None:
    inspections = list(
        Inspection.objects.select_related("agency", "branch", "training_centre", "follow_up_of")
    )
    assert inspections
    for inspection in inspections:
        assert inspection.planned_for >= inspection.agency.licence_issued
        assert not (inspection.branch_id and inspection.training_centre_id)
        for site in (inspection.branch, inspection.training_centre):
            assert site is None or site.agency_id == inspection.agency_id
        assert (inspection.kind == "follow_up") == (inspection.follow_up_of_id is not None)
        if inspection.follow_up_of is not None:
            original = inspection.follow_up_of
            assert original.agency_id == inspection.agency_id and original.visited_on
            assert inspection.planned_for > original.visited_on
        if inspection.visited_on is None:
            assert not inspection.findings.exists()
            continue
        assert inspection.planned_for <= inspection.visited_on <= reference
        assert inspection.created_at.date() <= inspection.visited_on
    # Each finding is of an item the service offers for the site visited; a new visit checks them all.
    for inspection in Inspection.objects.filter(visited_on__isnull=False).prefetch_related("findings"):
        items = {f.item_id for f in inspection.findings.all()}
        offered = set(checklist_for(inspection).values_list("pk", flat=True))
        assert items and items <= offered, inspection.pk
        if inspection.follow_up_of_id is None:
            assert items == offered, inspection.pk
    failed = InspectionFinding.objects.filter(result="non_compliant")
    assert not failed.filter(actions__isnull=True).exists()
    for action in CorrectiveAction.objects.select_related("inspection", "finding", "verified_in"):
        assert action.finding is not None and action.finding.inspection_id == action.inspection_id
        visited = action.inspection.visited_on
        assert visited is not None and action.due_on >= visited
        if action.status == CorrectiveAction.Status.VERIFIED:
            follow_up = action.verified_in
            assert follow_up is not None and follow_up.follow_up_of_id == action.inspection_id
            assert follow_up.visited_on and visited < action.done_on <= follow_up.visited_on  # type: ignore[operator]
        elif action.status == CorrectiveAction.Status.DONE:
            assert action.done_on and visited < action.done_on <= reference
        else:
            assert action.done_on is None and action.verified_in_id is None
    share_failed = failed.count() / max(InspectionFinding.objects.count(), 1)
    assert 0.01 < share_failed < 0.4, share_failed


def _evaluations(reference: datetime.date) -> None:
    criteria = set(EvaluationCriterion.objects.filter(active=True).values_list("pk", flat=True))
    rounds = list(EvaluationRound.objects.order_by("period_start"))
    assert rounds and all(r.period_end > r.period_start for r in rounds)
    assert all(b.period_start == a.period_end + DAY for a, b in itertools.pairwise(rounds))
    evaluations = list(Evaluation.objects.select_related("round", "agency").prefetch_related("scores"))
    assert evaluations
    for evaluation in evaluations:
        scores = list(evaluation.scores.all())
        assert {s.criterion_id for s in scores} == criteria
        assert all(Decimal(0) <= s.score <= s.max_score for s in scores)
        assert evaluation.total == weighted_total((s.score, s.max_score, s.weight) for s in scores)
        scored = evaluation.created_at.date()
        assert evaluation.round.period_end < scored <= reference
        assert evaluation.round.closed_at is None or scored <= evaluation.round.closed_at.date()
        assert evaluation.agency.licence_issued < evaluation.round.period_end
    bands = Counter(row.band.outcome for r in rounds for row in ranking(r) if row.band)
    total = sum(bands.values())
    assert bands["none"] > total / 3, bands
    assert bands["reward"] < total / 2 and bands["penalty"] < total / 2, bands


def _measures(reference: datetime.date) -> None:
    days = int(param("complaint_response_days"))
    for measure in AgencyMeasure.objects.select_related("evaluation__round", "inspection", "complaint"):
        measure.full_clean()
        assert measure.reason.strip() and measure.decided_on <= reference
        sources = [s for s in (measure.evaluation, measure.inspection, measure.complaint) if s is not None]
        assert len(sources) == 1 and sources[0].agency_id == measure.agency_id  # as record_measure requires
        if measure.inspection is not None:
            assert measure.inspection.visited_on and measure.decided_on > measure.inspection.visited_on
        if measure.evaluation is not None:
            assert measure.decided_on > measure.evaluation.created_at.date()
            band = band_for(measure.evaluation.total)
            assert band is not None and band.outcome == ("reward" if measure.kind == "reward" else "penalty")
        if measure.complaint is not None:
            assert (
                measure.complaint.status == "paid" and measure.amount == measure.complaint.compensation_paid
            )
            assert measure.decided_on >= measure.complaint.due_by - days * DAY
    # Every suspension or revocation follows a proposal on the agency's record.
    for change in LicenceStatusChange.objects.filter(new_status__in=["suspended", "revoked"]):
        kind = "suspension_proposed" if change.new_status == "suspended" else "revocation_proposed"
        assert AgencyMeasure.objects.filter(agency=change.agency_id, kind=kind,
                                            decided_on__lte=change.changed_at.date()).exists()  # fmt: skip


def _complaints_lead_to_oversight() -> None:
    """The agencies with more complaints are visited unannounced more often and found failing more."""

    complaints = Counter(Complaint.objects.filter(agency__isnull=False).values_list("agency_id", flat=True))
    agencies = sorted(Agency.objects.values_list("pk", flat=True), key=lambda a: (complaints.get(a, 0), a))
    half = len(agencies) // 2
    low, high = set(agencies[:half]), set(agencies[-half:])
    visits = Counter(Inspection.objects.filter(kind="unannounced").values_list("agency_id", flat=True))
    assert sum(visits[a] for a in high) > sum(visits[a] for a in low), visits
    failed = Counter(
        InspectionFinding.objects.filter(result="non_compliant").values_list(
            "inspection__agency_id", flat=True
        )
    )
    assert sum(failed[a] for a in high) > sum(failed[a] for a in low), failed


def _pages_and_indicators_read_them() -> None:
    from phlov.stats.conf import indicators as registry
    from phlov.stats.filters import Filters
    from phlov.stats.indicators import evaluate

    molvt = ministry("molvt")
    inspector = User.objects.create_user(username="check.oversight", password="x" * 20, organisation=molvt)
    RoleAssignment.objects.create(
        user=inspector, role=Role.objects.get(code="agency_inspector"), organisation=molvt
    )
    assert visible_inspections(inspector).count() == Inspection.objects.count()
    assert (
        overdue_actions(inspector, calibration.reference_date() + DAY).count()
        == CorrectiveAction.objects.filter(status="open", due_on__lte=calibration.reference_date()).count()
    )
    agency = (
        Agency.objects.annotate(n=Count("inspections", distinct=True) + Count("evaluations", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    assert agency is not None
    # The agency page shows its owners, directors, branches and centres; the inspection and round pages open.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(inspector)
    page = client.get(reverse("migration:agency", args=[agency.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    names = [o.name for o in agency.officers.all()] + [c.name for c in agency.training_centres.all()]
    assert names and all(escape(name) in text for name in names)
    for inspection in agency.inspections.order_by("pk")[:3]:
        assert client.get(reverse("migration:inspection", args=[inspection.pk])).status_code == 200
    for evaluation_round in EvaluationRound.objects.all():
        assert (
            client.get(reverse("migration:evaluation_round", args=[evaluation_round.pk])).status_code == 200
        )
    kinds = {entry.kind for entry in agency_timeline(inspector, agency)}
    assert {"inspection", "evaluation"} <= kinds, kinds
    changed = LicenceStatusChange.objects.values_list("agency_id", flat=True).first()
    if changed is not None:
        assert "licence" in {e.kind for e in agency_timeline(inspector, Agency.objects.get(pk=changed))}
    # The round page's indicators count the records the scores were drawn from.
    for evaluation_round in EvaluationRound.objects.filter(evaluations__isnull=False).distinct():
        scored = evaluations_of_round(inspector, evaluation_round)
        rows = indicators(
            [e.agency for e in scored], evaluation_round.period_start, evaluation_round.period_end
        )
        assert sum(r.workers_sent for r in rows) > 0
    # FR-30 flags an agency sharing an owner or director with a revoked one.
    revoked = AgencyOfficer.objects.filter(agency__status="revoked")
    for officer in AgencyOfficer.objects.exclude(agency__status="revoked").filter(
        id_number__in=revoked.values("id_number")
    ):
        assert repeat_offender(officer.agency) is not None
    # The stats hub's agency indicator is computed on the generated complaints and workers.
    code = next(i for i in registry() if i.measure == "agency_complaints")
    assert evaluate(code, Filters(), exact=True).value
