"""Evaluating the indicator registry (``data/indicators.json``) on the records.

Each definition names a measure; this module computes it for the filters. A definition whose
records have no model yet (shelters, suspects while those modules are being built) is shown as
"awaiting data", never as a zero.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from phlov.stats.conf import Indicator, indicators, suppression_threshold
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, counts, filtered


@dataclass
class Result:
    indicator: Indicator
    status: str  # "ok", "awaiting" (no model yet), "empty" (no records in the filters)
    value: str = ""
    persons: int | None = None
    records: int | None = None
    note: str = ""
    drill: str = ""

    @property
    def awaiting(self) -> bool:
        return self.status == "awaiting"


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _count(measure: str, filters: Filters, exact: bool) -> tuple[str, int, int, str]:
    persons, records = counts(MEASURES[measure], filters, ()).get((), (0, 0))
    hidden = not exact and 0 < persons < suppression_threshold()
    return (
        ("<11" if hidden else str(persons)),
        persons,
        records,
        filters.query(measure=measure) if exact else "",
    )


def _rate(part: int, whole: int, exact: bool) -> str:
    if not whole:
        return ""
    if not exact and (0 < whole < suppression_threshold() or 0 < part < suppression_threshold()):
        return "<11"
    return f"{100 * part / whole:.1f}%"


def _median_days(pairs: list[tuple[Any, Any]], exact: bool) -> tuple[str, int]:
    days = []
    for end, start in pairs:
        if end is None or start is None:
            continue
        if isinstance(end, datetime.datetime):
            end = timezone.localtime(end).date() if timezone.is_aware(end) else end.date()
        if isinstance(start, datetime.datetime):
            start = start.date()
        days.append((end - start).days)
    if not days or (not exact and len(days) < suppression_threshold()):
        return ("<11" if days else ""), len(days)
    return f"{statistics.median(days):g}", len(days)


def _period(qs: Any, field: str, filters: Filters) -> Any:
    if filters.year_from:
        qs = qs.filter(**{f"{field}__year__gte": filters.year_from})
    if filters.year_to:
        qs = qs.filter(**{f"{field}__year__lte": filters.year_to})
    return qs


def _person_q(prefix: str, filters: Filters) -> Q:
    q = Q()
    if filters.sex:
        q &= Q(**{f"{prefix}sex": filters.sex})
    if filters.province:
        q &= Q(**{f"{prefix}origin_province__code": filters.province})
    return q


def evaluate(indicator: Indicator, filters: Filters, *, exact: bool) -> Result:
    result = Result(indicator, "ok")
    m = indicator.measure
    if m in MEASURES:
        if not MEASURES[m].available:
            return Result(
                indicator, "awaiting", note=_("The records this indicator counts are not kept yet.")
            )
        result.value, result.persons, result.records, result.drill = _count(m, filters, exact)
    elif m == "days_to_return":
        measure = MEASURES["repatriations"]
        ends = (
            ("handover_on", "identified_on")
            if measure.code == "repatriations"
            else ("requested_at", "case__opened_on")
        )
        pairs = list(filtered(measure, filters).values_list(*ends))
        result.value, result.records = _median_days(pairs, exact)
    elif m == "followup_completion":
        Visit = _model("protection.FollowUpVisit")
        due = _period(Visit.objects.filter(due_on__lte=datetime.date.today()), "due_on", filters)
        due = due.filter(_person_q("case__person__", filters))
        total = due.count()
        done = due.filter(visited_on__isnull=False, visited_on__lte=F("due_on")).count()
        result.value, result.records = _rate(done, total, exact), total
    elif m == "reintegration_success":
        person = Coalesce(F("person__merged_into_id"), F("person_id"), output_field=IntegerField())
        closed = _period(MEASURES["cases"].queryset().filter(stage="closed"), "closed_on", filters)
        closed = closed.filter(_person_q("person__", filters))
        row = closed.aggregate(
            all=Count(person, distinct=True),
            ok=Count(person, distinct=True, filter=Q(closure_reason="reintegrated")),
        )
        result.value, result.persons = _rate(row["ok"], row["all"], exact), row["all"]
    elif m == "retrafficking":
        Case = _model("protection.Case")
        later = Case.objects.filter(person=OuterRef("person"), opened_on__gt=OuterRef("closed_on"))
        closed = _period(Case.objects.filter(closed_on__isnull=False), "closed_on", filters)
        closed = closed.filter(_person_q("person__", filters)).exclude(closure_reason="not_a_victim")
        person = Coalesce(F("person__merged_into_id"), F("person_id"), output_field=IntegerField())
        row = closed.aggregate(
            all=Count(person, distinct=True),
            # The condition itself, not an annotation: PostgreSQL cannot see an annotation of the
            # inner query from the aggregate Django wraps around it.
            again=Count(person, distinct=True, filter=Exists(later)),
        )
        result.value, result.persons = _rate(row["again"], row["all"], exact), row["all"]
    elif m in ("complaints", "complaint_days", "agency_complaints"):
        Complaint = _model("migration.Complaint")
        complaints = _period(Complaint.objects.all(), "created_at", filters)
        if m == "complaints":
            total = complaints.count()
            hidden = not exact and 0 < total < suppression_threshold()
            result.value, result.records = ("<11" if hidden else str(total)), total
            result.note = _("Complaints are not linked to persons; records only.")
        elif m == "complaint_days":
            closed = list(complaints.filter(closed_at__isnull=False).values_list("closed_at", "created_at"))
            result.value, result.records = _median_days(closed, exact)
        else:
            workers = MEASURES["deployments"].queryset().filter(job_order__agency__isnull=False)
            sent = workers.aggregate(n=Count("person", distinct=True))["n"]
            against = complaints.filter(agency__isnull=False).count()
            result.records = against
            result.value = (
                f"{1000 * against / sent:.1f}" if sent and (exact or sent >= suppression_threshold()) else ""
            )
    else:
        registry: dict[str, str] = {
            "suspects": "prosecution.Suspect",
            "shelter_occupancy": "protection.Shelter",
        }
        label = registry.get(m)
        model = _model(label) if label else None
        if model is None:
            return Result(
                indicator, "awaiting", note=_("The records this indicator counts are not kept yet.")
            )
        evaluator = EXTRA.get(m)
        if evaluator is None:
            return Result(
                indicator, "awaiting", note=_("The records exist; their indicator is not computed yet.")
            )
        return evaluator(indicator, filters, exact)
    if not result.value:
        result.status = "empty"
    return result


def _shelter_occupancy(indicator: Indicator, filters: Filters, exact: bool) -> Result:
    """People staying today / places, in the open shelters (of the province, when filtered)."""

    shelters = _model("protection.Shelter").objects.filter(is_active=True)
    if filters.province:
        shelters = shelters.filter(province__code=filters.province)
    places = shelters.aggregate(n=Sum("capacity"))["n"] or 0
    stays = _model("protection.ShelterStay").objects.filter(shelter__in=shelters, status="admitted")
    staying = stays.filter(_person_q("case__person__", filters)).count()
    value = _rate(staying, places, exact)
    return Result(indicator, "ok" if value else "empty", value=value, records=staying)


# Evaluators of indicators whose models arrived with other modules.
EXTRA: dict[str, Callable[[Indicator, Filters, bool], Result]] = {"shelter_occupancy": _shelter_occupancy}


def evaluate_all(filters: Filters, *, exact: bool) -> list[Result]:
    return [evaluate(indicator, filters, exact=exact) for indicator in indicators()]
