"""Reads of the ministry's oversight pages (agencies, inspections, evaluation, complaints), each
through the policies of the models it returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from phlov.core.policies import Action
from phlov.migration.models import (
    Agency,
    AgencyMeasure,
    Complaint,
    ComplaintStatus,
    CorrectiveAction,
    Evaluation,
    EvaluationRound,
    Inspection,
)
from phlov.migration.policies import (
    AgencyMeasurePolicy,
    AgencyPolicy,
    ComplaintPolicy,
    CorrectiveActionPolicy,
    EvaluationPolicy,
    EvaluationRoundPolicy,
    InspectionPolicy,
    LicenceStatusChangePolicy,
)


def visible_agency_list(actor: Any) -> QuerySet[Agency]:
    return AgencyPolicy().restrict(actor).prefetch_related("destinations").order_by("name_en")


def visible_inspections(actor: Any) -> QuerySet[Inspection]:
    return InspectionPolicy().restrict(actor).select_related("agency", "branch", "training_centre")


def visible_actions(actor: Any) -> QuerySet[CorrectiveAction]:
    return CorrectiveActionPolicy().restrict(actor).select_related("inspection__agency", "finding__item")


def overdue_actions(actor: Any, day: datetime.date | None = None) -> QuerySet[CorrectiveAction]:
    day = day or timezone.localdate()
    return (
        visible_actions(actor).filter(status=CorrectiveAction.Status.OPEN, due_on__lt=day).order_by("due_on")
    )


def visible_rounds(actor: Any) -> QuerySet[EvaluationRound]:
    return EvaluationRoundPolicy().restrict(actor)


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str
    label: str
    text: str
    link: str = ""


def agency_timeline(actor: Any, agency: Agency) -> list[TimelineEntry]:
    """The agency's record, newest first: licence changes, sanctions and rewards, inspections,
    evaluations and complaints, each only when the reader's grants let them see it."""

    from django.urls import reverse

    entries: list[TimelineEntry] = []
    for change in LicenceStatusChangePolicy().restrict(actor).filter(agency=agency):
        label = f"{change.get_old_status_display()} → {change.get_new_status_display()}"
        if change.until:
            label += f" ({change.until:%Y-%m-%d})"
        entries.append(
            TimelineEntry(timezone.localtime(change.changed_at).date(), "licence", label, change.reason)
        )
    for measure in AgencyMeasurePolicy().restrict(actor).filter(agency=agency):
        label = f"{measure.get_kind_display()} · {measure.source_label}"
        if measure.amount is not None:
            label += f" · US${measure.amount}"
        entries.append(TimelineEntry(measure.decided_on, "measure", label, measure.reason))
    for inspection in InspectionPolicy().restrict(actor).filter(agency=agency):
        failed = inspection.findings.filter(result="non_compliant").count()
        entries.append(TimelineEntry(
            inspection.visited_on or inspection.planned_for, "inspection",
            f"{inspection.get_kind_display()} · {inspection.site_name}", str(failed) if inspection.visited_on else "",
            reverse("migration:inspection", args=[inspection.pk]),
        ))  # fmt: skip
    for evaluation in EvaluationPolicy().restrict(actor).filter(agency=agency).select_related("round"):
        entries.append(TimelineEntry(
            evaluation.round.period_end, "evaluation", f"{evaluation.round.label} · {evaluation.total}", evaluation.note,
            reverse("migration:evaluation_round", args=[evaluation.round_id]),
        ))  # fmt: skip
    for complaint in ComplaintPolicy().restrict(actor).filter(agency=agency):
        entries.append(TimelineEntry(
            timezone.localtime(complaint.created_at).date(), "complaint",
            f"{complaint.get_category_display()} · {complaint.get_status_display()}", "",
            reverse("migration:complaint", args=[complaint.pk]),
        ))  # fmt: skip
    return sorted(entries, key=lambda e: e.day, reverse=True)


# -- complaints --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    age_days: int
    overdue: bool


def complaint_queue(
    actor: Any, *, show_closed: bool = False, day: datetime.date | None = None
) -> list[ComplaintRow]:
    """The officer's list: open complaints oldest first, with their age and whether their response is overdue.

    Overdue: not acknowledged by its due date (set from ``complaint_response_days`` when lodged).
    """

    day = day or timezone.localdate()
    complaints = (
        ComplaintPolicy()
        .restrict(actor)
        .select_related("agency", "organisation")
        .order_by("created_at", "pk")
    )
    if not show_closed:
        complaints = complaints.exclude(status=ComplaintStatus.CLOSED)
    rows = []
    for complaint in complaints[:500]:
        rows.append(ComplaintRow(
            complaint, (day - timezone.localtime(complaint.created_at).date()).days,
            complaint.acknowledged_at is None and complaint.due_by < day and complaint.status != ComplaintStatus.CLOSED,
        ))  # fmt: skip
    return rows


def complaint_measures(actor: Any, complaint: Complaint) -> QuerySet[AgencyMeasure]:
    return (
        AgencyMeasure.objects.filter(complaint=complaint)
        if ComplaintPolicy().can(actor, Action.VIEW, complaint)
        else AgencyMeasure.objects.none()
    )


def evaluations_of_round(actor: Any, evaluation_round: EvaluationRound) -> QuerySet[Evaluation]:
    return EvaluationPolicy().restrict(actor).filter(round=evaluation_round)
