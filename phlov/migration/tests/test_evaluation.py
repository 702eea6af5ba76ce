"""Evaluation (Prakas 251): criteria as data, weighted totals, ranking, bands, measures, indicators."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.migration.models import (
    AgencyMeasure,
    Complaint,
    Disappearance,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    Worker,
)
from phlov.migration.services import evaluation as service
from phlov.migration.tests import helpers as h

pytestmark = pytest.mark.django_db

CRITERIA = {
    "recruitment",
    "orientation",
    "sending",
    "placement",
    "contract_management",
    "problem_solving",
    "repatriation",
}


def _round(world: dict[str, Any]) -> EvaluationRound:
    return service.open_round(actor=world["inspector"], organisation=world["ministry"], data={
        "label": "2023-2024", "period_start": datetime.date(2023, 1, 1), "period_end": datetime.date(2025, 12, 31),
        "panel_government": "MoLVT", "panel_employers": "ACRA", "panel_workers": "CENTRAL",
    })  # fmt: skip


def _scores(value: Decimal | dict[str, Decimal]) -> dict[int, tuple[Decimal, str]]:
    rows = EvaluationCriterion.objects.filter(active=True)
    if isinstance(value, dict):
        return {c.pk: (value[c.code], "") for c in rows}
    return {c.pk: (value, "") for c in rows}


def test_criteria_and_bands_are_data_marked_unverified(db: Any) -> None:
    criteria = list(EvaluationCriterion.objects.all())
    assert {c.code for c in criteria} == CRITERIA
    assert all(c.confidence == "U" and "Prakas 251" in c.citation and c.name_km for c in criteria)
    assert sum(c.weight for c in criteria) == Decimal(100)
    assert EvaluationBand.objects.filter(outcome="reward").exists()
    assert EvaluationBand.objects.filter(outcome="penalty", min_total=0).exists()


def test_weighted_total() -> None:
    assert service.weighted_total([(Decimal(10), Decimal(10), Decimal(15))]) == Decimal("100.00")
    assert service.weighted_total(
        [(Decimal(5), Decimal(10), Decimal(30)), (Decimal(10), Decimal(10), Decimal(10))]
    ) == Decimal("62.50")
    assert service.weighted_total([]) == Decimal(0)


def test_scores_ranking_and_suggested_measure(world: dict[str, Any]) -> None:
    evaluation_round = _round(world)
    second = h.make_agency(world["inspector"], world["ministry"], name="Second", licence="PRA-002")
    third = h.make_agency(world["inspector"], world["ministry"], name="Third", licence="PRA-003")
    high = service.score_agency(
        actor=world["inspector"],
        evaluation_round=evaluation_round,
        agency=world["agency"],
        scores=_scores(Decimal(9)),
    )
    service.score_agency(
        actor=world["inspector"], evaluation_round=evaluation_round, agency=second, scores=_scores(Decimal(3))
    )
    service.score_agency(
        actor=world["inspector"], evaluation_round=evaluation_round, agency=third, scores=_scores(Decimal(3))
    )
    assert high.total == Decimal("90.00")
    ranked = service.ranking(evaluation_round)
    assert [(r.rank, r.evaluation.agency.name_en) for r in ranked] == [
        (1, "Angkor Manpower"),
        (2, "Second"),
        (2, "Third"),
    ]
    assert ranked[0].band is not None and ranked[0].band.outcome == "reward"
    assert ranked[1].band is not None and ranked[1].band.outcome == "penalty"
    # A later change of weight does not rewrite the score already given.
    EvaluationCriterion.objects.filter(code="repatriation").update(weight=Decimal(50))
    high.refresh_from_db()
    assert high.scores.get(criterion__code="repatriation").weight == Decimal(10)


def test_every_criterion_must_be_scored_within_its_scale(world: dict[str, Any]) -> None:
    evaluation_round = _round(world)
    partial = dict(list(_scores(Decimal(5)).items())[:3])
    with pytest.raises(ValidationError):
        service.score_agency(
            actor=world["inspector"],
            evaluation_round=evaluation_round,
            agency=world["agency"],
            scores=partial,
        )
    with pytest.raises(ValidationError):
        service.score_agency(
            actor=world["inspector"],
            evaluation_round=evaluation_round,
            agency=world["agency"],
            scores=_scores(Decimal(11)),
        )


def test_an_agency_is_not_scored_by_itself_or_another_ministry(world: dict[str, Any]) -> None:
    evaluation_round = _round(world)
    stranger = h.user_with("agency_inspector", h.ministry_named("Other"))
    with pytest.raises(PermissionDenied):
        service.score_agency(
            actor=stranger,
            evaluation_round=evaluation_round,
            agency=world["agency"],
            scores=_scores(Decimal(5)),
        )
    with pytest.raises(PermissionDenied):
        service.open_round(actor=world["officer"], organisation=world["ministry"], data={
            "label": "x", "period_start": datetime.date(2023, 1, 1), "period_end": datetime.date(2024, 1, 1),
            "panel_government": "a", "panel_employers": "b", "panel_workers": "c",
        })  # fmt: skip


def test_measure_needs_a_grant_over_its_source(world: dict[str, Any]) -> None:
    evaluation = service.score_agency(
        actor=world["inspector"],
        evaluation_round=_round(world),
        agency=world["agency"],
        scores=_scores(Decimal(9)),
    )
    data = {"kind": "reward", "reason": "Top of the ranking", "decided_on": datetime.date(2025, 1, 1)}
    with pytest.raises(PermissionDenied):
        service.record_measure(actor=world["officer"], agency=world["agency"], data=data, source=evaluation)
    measure = service.record_measure(
        actor=world["inspector"], agency=world["agency"], data=data, source=evaluation
    )
    assert measure.evaluation == evaluation and measure.source_label


def test_indicators_from_the_records(world: dict[str, Any]) -> None:
    agency, worker = world["agency"], world["worker"]  # paid 2025-03-01, left 2025-04-01
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    # A second worker paid long ago and never left: a deployment delay (deadline from the rule data).
    late_worker = Worker.objects.create(
        job_order=worker.job_order,
        person=worker.person,
        registered_by=world["officer"],
        fee_paid_at=datetime.date(2025, 1, 2),
    )
    for due, acknowledged in (
        (datetime.date(2025, 5, 1), None),
        (datetime.date(2099, 1, 1), None),
        (datetime.date(2025, 5, 1), datetime.datetime(2025, 5, 20, tzinfo=datetime.UTC)),
    ):
        Complaint.objects.create(
            organisation=world["ministry"],
            reference_hash=f"{due}{acknowledged}".ljust(64, "x")[:64],
            lodged_by="worker",
            complainant_name="A",
            respondent_kind="agency",
            agency=agency,
            category="wages",
            description="x",
            due_by=due,
            acknowledged_at=acknowledged,
        )
    Complaint.objects.update(created_at=timezone.make_aware(datetime.datetime(2025, 4, 20)))
    h.make_disappearance(worker, world["officer"])
    Disappearance.objects.update(created_at=timezone.make_aware(datetime.datetime(2025, 6, 1)))
    row = service.indicators([agency], start, end, today=datetime.date(2025, 9, 1))[0]
    assert row.workers_sent == 1 and row.complaints == 3 and row.complaints_per_1000 == Decimal("3000.0")
    assert row.disappearances == 1
    assert row.late_responses == 2  # one never acknowledged past its date, one acknowledged late
    assert row.deployment_delays == 1 and late_worker.departure_date is None
    empty = service.indicators(
        [agency], datetime.date(2010, 1, 1), datetime.date(2010, 12, 31), today=datetime.date(2025, 9, 1)
    )[0]
    assert empty.workers_sent == 0 and empty.complaints_per_1000 is None


def test_pages_show_the_unverified_weights(world: dict[str, Any], login: Any) -> None:
    client = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["inspector"])
    response = client.post(reverse("migration:evaluation_round_new"), {
        "label": "2024-2025", "period_start": "2024-01-01", "period_end": "2025-12-31",
        "panel_government": "MoLVT", "panel_employers": "ACRA and MAC", "panel_workers": "CENTRAL",
    })  # fmt: skip
    evaluation_round = EvaluationRound.objects.get(label="2024-2025")
    assert response.status_code == 302
    url = reverse("migration:evaluation_score", args=[evaluation_round.pk, world["agency"].pk])
    page = client.get(url).content.decode()
    assert "unverified" in page and "Prakas 251" in page
    data = {f"score_{c.pk}": "8" for c in EvaluationCriterion.objects.all()}
    assert client.post(url, data).status_code == 302
    round_page = client.get(
        reverse("migration:evaluation_round", args=[evaluation_round.pk])
    ).content.decode()
    assert "80.00" in round_page and "Complaints per 1,000 workers sent" in round_page
    evaluation = evaluation_round.evaluations.get()
    client.post(reverse("migration:evaluation_measure", args=[evaluation.pk]), {
        "kind": "reward", "reason": "Commended", "decided_on": "2025-12-31",
    })  # fmt: skip
    assert AgencyMeasure.objects.filter(evaluation=evaluation, kind="reward").exists()
    api = client.get(f"/api/v1/migration/evaluation-rounds/{evaluation_round.pk}/").json()
    assert api["ranking"] == [
        {"rank": 1, "agency": world["agency"].pk, "total": "80.00", "suggested_measure": "commendation"}
    ]
    assert (
        login(Client(HTTP_ACCEPT_LANGUAGE="en"), world["officer"])
        .get(reverse("migration:evaluation_round", args=[evaluation_round.pk]))
        .status_code
        == 404
    )
