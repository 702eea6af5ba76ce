"""Training and work pages: a case's interests, enrolments and placements; the courses and the
figure of what people wanted against what they got."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import training
from phlov.protection.forms.training import (
    CourseForm,
    EnrolForm,
    EnrolmentStatusForm,
    InterestForm,
    PlacementForm,
)
from phlov.protection.income import check_income
from phlov.protection.policies import CasePolicy, CoursePolicy, EnrolmentPolicy
from phlov.protection.views import _errors


@protected(by="CasePolicy, EnrolmentPolicy, PlacementPolicy")
def case_training(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, pk=pk)
    user = request.user
    placements = list(training.visible_placements(user).filter(case=case))
    checks = []
    for placement in placements:
        costs = case.reintegrations.order_by("-reintegrated_on", "-pk").first()
        check = None
        if placement.monthly_wage is not None:
            check = check_income(
                income=placement.monthly_wage, on=placement.starts_on, sector=placement.sector,
                food=getattr(costs, "cost_food", None) or Decimal(0),
                rent=getattr(costs, "cost_rent", None) or Decimal(0),
                family_support=getattr(costs, "cost_family_support", None) or Decimal(0),
            )  # fmt: skip
        checks.append((placement, check))
    context = {
        "case": case,
        "can_change": policy.can(user, Action.CHANGE, case),
        "interests": training.visible_interests(user).filter(case=case).select_related("recorded_by"),
        "enrolments": training.visible_enrolments(user)
        .filter(case=case)
        .select_related("course", "course__provider"),
        "placements": checks,
        "figure": training.match_figure(user, cases=policy.restrict(user).filter(pk=case.pk)),
        "status_form": EnrolmentStatusForm(),
    }
    return render(request, "protection/training_case.html", context)


@protected(by="CasePolicy (change)")
def interests(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training.record_interests(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:training", case.pk)
    return render(request, "protection/training_form.html",
                  {"form": form, "case": case, "title": _("Interests and aptitudes")})  # fmt: skip


@protected(by="CasePolicy (change), CoursePolicy")
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    courses = training.visible_courses(request.user).order_by("kind", "name")
    latest = training.interests_on(case, datetime.date.today())
    form = EnrolForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            training.enrol(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:training", case.pk)
    wanted = set(latest.interests) if latest else set()
    rows = [(c, c.kind in wanted, training.places_taken(c)) for c in courses]
    return render(request, "protection/training_enrol.html",
                  {"form": form, "case": case, "latest": latest, "courses": rows, "title": _("Enrol in a course")})  # fmt: skip


@require_POST
@protected(by="CasePolicy (change), EnrolmentPolicy")
def enrolment_status(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    enrolment = EnrolmentPolicy().get_or_404(request.user, Action.CHANGE, pk=enrolment_pk, case=case)
    form = EnrolmentStatusForm(request.POST)
    if form.is_valid():
        training.set_enrolment_status(
            actor=request.user, enrolment=enrolment, status=form.cleaned_data["status"]
        )
    else:
        messages.error(request, _("Choose a status."))
    return redirect("protection:training", case.pk)


@protected(by="CasePolicy (change)")
def placement_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training.add_placement(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:training", case.pk)
    return render(
        request, "protection/placement_form.html", {"form": form, "case": case, "title": _("Add a placement")}
    )


@protected(by="CoursePolicy")
def courses(request: HttpRequest) -> HttpResponse:
    policy = CoursePolicy()
    if not policy.can_any(request.user, Action.VIEW):
        raise Http404
    found = training.visible_courses(request.user).order_by("-starts_on", "name")
    context = {
        "courses": [(c, training.places_taken(c)) for c in found],
        "figure": training.match_figure(request.user),
        "can_add": policy.can_any(request.user, Action.CHANGE),
    }
    return render(request, "protection/training_courses.html", context)


@protected(by="CoursePolicy (change)")
def course_add(request: HttpRequest) -> HttpResponse:
    if not CoursePolicy().can_any(request.user, Action.CHANGE):
        raise Http404
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            training.add_course(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:courses")
    return render(request, "protection/training_course_form.html", {"form": form, "title": _("Add a course")})
