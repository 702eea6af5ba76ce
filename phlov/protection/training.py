"""Training and work (writes and reads): interests and aptitudes before training, courses with
their places, enrolments that record whether the course is what the person asked for, placements,
and the figure comparing what people wanted with what they got (seed 001, Table 3)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from phlov.audit.services import record, record_change, snapshot
from phlov.core.policies import Action
from phlov.protection import vocab
from phlov.protection.models import Case, Course, Enrolment, Placement, TrainingInterest
from phlov.protection.policies import (
    CasePolicy,
    CoursePolicy,
    EnrolmentPolicy,
    PlacementPolicy,
    TrainingInterestPolicy,
)

COURSE_FIELDS = ("kind", "name", "provider", "provider_name", "location", "places", "starts_on", "ends_on")
PLACEMENT_FIELDS = (
    "kind", "employer", "sector", "starts_on", "ends_on", "monthly_wage", "startup_support", "notes",
)  # fmt: skip
TAKING_PLACES = ("enrolled", "completed")


def _may_change(actor: Any, case: Case) -> None:
    if not CasePolicy().can(actor, Action.CHANGE, case):
        raise PermissionDenied


def record_interests(
    *,
    actor: Any,
    case: Case,
    interests: list[str],
    aptitudes: str = "",
    notes: str = "",
    recorded_on: datetime.date | None = None,
) -> TrainingInterest:
    _may_change(actor, case)
    wanted = list(dict.fromkeys(interests))
    unknown = sorted(set(wanted) - vocab.codes("course_kinds"))
    if unknown:
        raise ValidationError({"interests": _("Unknown values: %(values)s") % {"values": ", ".join(unknown)}})
    if not wanted:
        raise ValidationError({"interests": _("Record at least one training the person wants.")})
    interest = TrainingInterest(case=case, recorded_by=actor, interests=wanted, aptitudes=aptitudes, notes=notes,
                                recorded_on=recorded_on or datetime.date.today())  # fmt: skip
    with transaction.atomic():
        interest.full_clean()
        interest.save()
        record(actor=actor, action="create", obj=interest, detail={"case": case.pk, "interests": wanted})
    return interest


def add_course(*, actor: Any, **fields: Any) -> Course:
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"not course fields: {sorted(unknown)}")
    course = Course(organisation=actor.organisation, **fields)
    if not CoursePolicy().can(actor, Action.CHANGE, course):
        raise PermissionDenied
    if course.ends_on and course.starts_on and course.ends_on < course.starts_on:
        raise ValidationError({"ends_on": _("The end is before the start.")})
    with transaction.atomic():
        course.full_clean()
        course.save()
        record(
            actor=actor, action="create", obj=course, detail={"kind": course.kind, "places": course.places}
        )
    return course


def interests_on(case: Case, day: datetime.date) -> TrainingInterest | None:
    """The interests recorded last on or before ``day``."""

    return case.interests.filter(recorded_on__lte=day).order_by("-recorded_on", "-pk").first()


def places_taken(course: Course) -> int:
    return course.enrolments.filter(status__in=TAKING_PLACES).count()


def enrol(
    *,
    actor: Any,
    case: Case,
    course: Course,
    enrolled_on: datetime.date | None = None,
    not_wanted_reason: str = "",
) -> Enrolment:
    """Enrol the person in a course. Their interests must have been recorded before; a course they
    did not ask for needs a reason, and is counted as such in the figure."""

    _may_change(actor, case)
    if not CoursePolicy().can(actor, Action.VIEW, course):
        raise PermissionDenied
    day = enrolled_on or datetime.date.today()
    interest = interests_on(case, day)
    if interest is None:
        raise ValidationError(_("Record what training the person wants before enrolling them."))
    wanted = course.kind in interest.interests
    if not wanted and not not_wanted_reason.strip():
        raise ValidationError(
            {
                "not_wanted_reason": _(
                    "The person did not ask for this training: say why they are enrolled in it."
                )
            }
        )
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        if places_taken(locked) >= locked.places:
            raise ValidationError(_("The course has no place left."))
        if Enrolment.objects.filter(case=case, course=course).exists():
            raise ValidationError(_("The person is already enrolled in this course."))
        enrolment = Enrolment(case=case, course=course, enrolled_on=day, wanted=wanted, enrolled_by=actor,
                              not_wanted_reason="" if wanted else not_wanted_reason.strip())  # fmt: skip
        enrolment.full_clean()
        enrolment.save()
        record(actor=actor, action="create", obj=enrolment,
               detail={"case": case.pk, "course": course.pk, "wanted": wanted})  # fmt: skip
    return enrolment


def set_enrolment_status(*, actor: Any, enrolment: Enrolment, status: str) -> Enrolment:
    _may_change(actor, enrolment.case)
    if status not in vocab.codes("enrolment_statuses"):
        raise ValidationError({"status": _("Unknown values: %(values)s") % {"values": status}})
    with transaction.atomic():
        before = snapshot(enrolment, ["status"])
        enrolment.status = status
        enrolment.save(update_fields=["status"])
        record_change(actor=actor, before=before, after=snapshot(enrolment, ["status"]), obj=enrolment)
    return enrolment


def add_placement(*, actor: Any, case: Case, **fields: Any) -> Placement:
    _may_change(actor, case)
    unknown = set(fields) - set(PLACEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not placement fields: {sorted(unknown)}")
    placement = Placement(case=case, recorded_by=actor, **fields)
    if placement.ends_on and placement.ends_on < placement.starts_on:
        raise ValidationError({"ends_on": _("The end is before the start.")})
    with transaction.atomic():
        placement.full_clean()
        placement.save()
        record(actor=actor, action="create", obj=placement, detail={"case": case.pk, "kind": placement.kind})
    return placement


# --- reads ---------------------------------------------------------------------------------------


def visible_courses(actor: Any) -> QuerySet[Course]:
    return CoursePolicy().restrict(actor).select_related("provider", "organisation")


def visible_enrolments(actor: Any) -> QuerySet[Enrolment]:
    return EnrolmentPolicy().restrict(actor).select_related("course", "case", "case__person")


def visible_placements(actor: Any) -> QuerySet[Placement]:
    return PlacementPolicy().restrict(actor)


def visible_interests(actor: Any) -> QuerySet[TrainingInterest]:
    return TrainingInterestPolicy().restrict(actor)


@dataclass(frozen=True)
class MatchRow:
    kind: str
    label: str
    wanted: int  # people whose last recorded interests name this training
    trained: int  # enrolments in a course of this kind
    trained_as_wished: int  # of which the person had asked for it

    @property
    def wanted_pct(self) -> int:
        return 0 if not self.wanted else min(100, round(100 * self.trained_as_wished / self.wanted))


@dataclass(frozen=True)
class MatchFigure:
    rows: list[MatchRow]
    enrolments: int
    as_wished: int

    @property
    def match_pct(self) -> int | None:
        return None if not self.enrolments else round(100 * self.as_wished / self.enrolments)

    @property
    def scale(self) -> int:
        return max([1, *(max(r.wanted, r.trained) for r in self.rows)])


def match_figure(actor: Any, cases: QuerySet[Case] | None = None) -> MatchFigure:
    """What people wanted against what they got, by kind of training, over the cases the actor sees."""

    interests = visible_interests(actor)
    enrolments = visible_enrolments(actor).exclude(status="dropped")
    if cases is not None:
        interests, enrolments = interests.filter(case__in=cases), enrolments.filter(case__in=cases)
    latest: dict[int, list[str]] = {}
    for interest in interests.order_by("case_id", "recorded_on", "pk"):
        latest[interest.case_id] = list(interest.interests)
    wanted = Counter(kind for kinds in latest.values() for kind in kinds)
    trained: Counter[str] = Counter()
    as_wished: Counter[str] = Counter()
    for enrolment in enrolments:
        trained[enrolment.course.kind] += 1
        as_wished[enrolment.course.kind] += int(enrolment.wanted)
    rows = [
        MatchRow(t.code, t.label, wanted[t.code], trained[t.code], as_wished[t.code])
        for t in vocab.terms("course_kinds")
        if wanted[t.code] or trained[t.code]
    ]
    return MatchFigure(rows, sum(trained.values()), sum(as_wished.values()))
