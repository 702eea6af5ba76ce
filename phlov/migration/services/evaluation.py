"""The two-yearly tripartite evaluation (Prakas 251): rounds, scores, ranking, suggested measures;
the indicators computed from the records beside it; and the agency's record of measures."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phlov.accounts.models import Organisation
from phlov.audit.services import record, register_action
from phlov.core.policies import Action, grants_of, policy_for
from phlov.migration.checks.base import param
from phlov.migration.models import (
    Agency,
    AgencyMeasure,
    Complaint,
    Disappearance,
    Evaluation,
    EvaluationBand,
    EvaluationCriterion,
    EvaluationRound,
    EvaluationScore,
    Worker,
)
from phlov.migration.policies import EvaluationRoundPolicy, _above

register_action("migration.evaluation_score", gettext_lazy("score an agency"))
register_action("migration.agency_measure", gettext_lazy("record a reward or sanction"))

HUNDRED = Decimal(100)


def open_round(*, actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> EvaluationRound:
    evaluation_round = EvaluationRound(organisation=organisation, **dict(data))
    if not EvaluationRoundPolicy().can(actor, Action.ADD, evaluation_round):
        raise PermissionDenied
    if evaluation_round.period_end <= evaluation_round.period_start:
        raise ValidationError({"period_end": _("The period ends after it starts.")})
    evaluation_round.full_clean()
    with transaction.atomic():
        evaluation_round.save()
        record(actor=actor, action="create", obj=evaluation_round)
    return evaluation_round


def weighted_total(scores: Iterable[tuple[Decimal, Decimal, Decimal]]) -> Decimal:
    """Out of 100: each (score, highest score, weight) counts score/highest x weight, over the weights' sum."""

    rows = list(scores)
    weights = sum((w for _s, _m, w in rows), Decimal(0))
    if not weights:
        return Decimal(0)
    earned = sum((s / m * w for s, m, w in rows if m), Decimal(0))
    return (earned / weights * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_agency(
    *,
    actor: Any,
    evaluation_round: EvaluationRound,
    agency: Agency,
    scores: Mapping[int, tuple[Decimal, str]],
    note: str = "",
) -> Evaluation:
    """Record the panel's score for every criterion in use (by criterion id); the weights in use are kept."""

    if not EvaluationRoundPolicy().can(actor, Action.CHANGE, evaluation_round):
        raise PermissionDenied
    if evaluation_round.closed_at is not None:
        raise ValidationError(_("This round is closed."))
    if not _above(actor, "migration.evaluation:change", agency.organisation.path):
        raise PermissionDenied
    criteria = {c.pk: c for c in EvaluationCriterion.objects.filter(active=True)}
    if set(scores) != set(criteria):
        raise ValidationError(_("Score every criterion."))
    for criterion_id, (score, _note) in scores.items():
        if not Decimal(0) <= score <= criteria[criterion_id].max_score:
            raise ValidationError(
                _("%(criterion)s: a score is between 0 and %(max)s.")
                % {"criterion": criteria[criterion_id].name, "max": criteria[criterion_id].max_score}
            )
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            round=evaluation_round, agency=agency, defaults={"note": note, "scored_by": actor}
        )
        evaluation.scores.all().delete()
        rows = [
            EvaluationScore(
                evaluation=evaluation,
                criterion=criteria[cid],
                score=score,
                weight=criteria[cid].weight,
                max_score=criteria[cid].max_score,
                note=text,
            )
            for cid, (score, text) in scores.items()
        ]
        EvaluationScore.objects.bulk_create(rows)
        evaluation.total = weighted_total((r.score, r.max_score, r.weight) for r in rows)
        evaluation.save(update_fields=["total", "updated_at"])
        record(
            actor=actor,
            action="migration.evaluation_score",
            obj=evaluation,
            detail={"total": str(evaluation.total)},
        )
    return evaluation


def close_round(*, actor: Any, evaluation_round: EvaluationRound) -> None:
    if not EvaluationRoundPolicy().can(actor, Action.CHANGE, evaluation_round):
        raise PermissionDenied
    with transaction.atomic():
        evaluation_round.closed_at = timezone.now()
        evaluation_round.save(update_fields=["closed_at", "updated_at"])
        record(actor=actor, action="update", obj=evaluation_round, detail={"closed": True})


def band_for(total: Decimal) -> EvaluationBand | None:
    return EvaluationBand.objects.filter(min_total__lte=total).order_by("-min_total").first()


@dataclass(frozen=True)
class Ranked:
    rank: int
    evaluation: Evaluation
    band: EvaluationBand | None


def ranking(evaluation_round: EvaluationRound) -> list[Ranked]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4)."""

    bands = list(EvaluationBand.objects.order_by("-min_total"))
    ranked: list[Ranked] = []
    evaluations = evaluation_round.evaluations.select_related("agency").order_by("-total", "agency__name_en")
    for position, evaluation in enumerate(evaluations, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].evaluation.total == evaluation.total else position
        band = next((b for b in bands if b.min_total <= evaluation.total), None)
        ranked.append(Ranked(rank, evaluation, band))
    return ranked


# -- the agency's record ----------------------------------------------------------------------


def record_measure(*, actor: Any, agency: Agency, data: Mapping[str, Any], source: Any) -> AgencyMeasure:
    """A reward or sanction: the actor must be allowed to change its source (evaluation, inspection, complaint)."""

    source_field = {"evaluation": "evaluation", "inspection": "inspection", "complaint": "complaint"}[
        source._meta.model_name
    ]
    if not policy_for(source).can(actor, Action.CHANGE, source):
        raise PermissionDenied
    if getattr(source, "agency_id", None) != agency.pk:
        raise ValidationError(_("The measure concerns the agency of its source."))
    measure = AgencyMeasure(agency=agency, decided_by=actor, **{source_field: source}, **dict(data))
    if not measure.reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        record(actor=actor, action="migration.agency_measure", obj=agency,
               detail={"kind": measure.kind, "source": source_field}, reason=measure.reason)  # fmt: skip
    return measure


# -- indicators from the records --------------------------------------------------------------


@dataclass
class Indicators:
    agency: Agency
    workers_sent: int = 0
    complaints: int = 0
    disappearances: int = 0
    late_responses: int = 0
    deployment_delays: int = 0

    @property
    def complaints_per_1000(self) -> Decimal | None:
        if not self.workers_sent:
            return None
        return (Decimal(self.complaints) * 1000 / self.workers_sent).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _counts(rows: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    return {row["key"]: row["n"] for row in rows}


def indicators(
    agencies: Iterable[Agency], start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[Indicators]:
    """Per agency, for workers who left / complaints lodged / disappearances reported between start and end.

    Late response: a complaint acknowledged after its due date, or still not acknowledged past it
    (the due date came from ``complaint_response_days`` when it was lodged). Deployment delay: a
    worker who paid and left, or still waits, more than ``deployment_deadline_days`` after paying.
    """

    today = today or timezone.localdate()
    chosen = list(agencies)
    ids = [a.pk for a in chosen]
    deadline = datetime.timedelta(days=int(param("deployment_deadline_days")))
    workers = Worker.objects.filter(job_order__agency__in=ids)
    sent = _counts(
        workers.filter(departure_date__range=(start, end))
        .values(key=F("job_order__agency"))
        .annotate(n=Count("pk"))
    )
    complaints = Complaint.objects.filter(agency__in=ids, created_at__date__range=(start, end))
    lodged = _counts(complaints.values(key=F("agency_id")).annotate(n=Count("pk")))
    late = _counts(
        complaints.filter(
            Q(acknowledged_at__isnull=False, acknowledged_at__date__gt=F("due_by"))
            | Q(acknowledged_at__isnull=True, due_by__lt=today)
        )
        .values(key=F("agency_id"))
        .annotate(n=Count("pk"))
    )
    missing = _counts(
        Disappearance.objects.filter(worker__job_order__agency__in=ids, created_at__date__range=(start, end))
        .values(key=F("worker__job_order__agency"))
        .annotate(n=Count("pk"))
    )
    delayed: dict[int, int] = {}
    paid = workers.filter(fee_paid_at__range=(start, end)).values_list(
        "job_order__agency", "fee_paid_at", "departure_date"
    )
    for agency_id, fee_paid_at, departure_date in paid:
        if fee_paid_at is not None and (departure_date or today) - fee_paid_at > deadline:
            delayed[agency_id] = delayed.get(agency_id, 0) + 1
    return [
        Indicators(
            a,
            sent.get(a.pk, 0),
            lodged.get(a.pk, 0),
            missing.get(a.pk, 0),
            late.get(a.pk, 0),
            delayed.get(a.pk, 0),
        )
        for a in chosen
    ]


def may_score(actor: Any) -> bool:
    return any(g.allows("migration.evaluation:change") for g in grants_of(actor))
