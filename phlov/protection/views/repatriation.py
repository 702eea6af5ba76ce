"""Repatriation pages: start one on a case, its steps with due dates and sources, its dates,
and the list of overdue steps."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import selectors_repatriation, servicedata, services_repatriation
from phlov.protection.forms.repatriation import RepatriationForm, RepatriationStartForm, StepDoneForm
from phlov.protection.models import Repatriation, RepatriationStep
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import RepatriationPolicy, RepatriationStepPolicy
from phlov.protection.views import _errors


@protected(by="CasePolicy (change)")
def start(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = RepatriationStartForm(request.POST or None, initial={"identified_on": case.opened_on})
    if request.method == "POST" and form.is_valid():
        try:
            rep = services_repatriation.start_repatriation(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:repatriation", rep.pk)
    return render(
        request, "protection/repatriation_form.html",
        {"form": form, "case": case, "title": _("Start a repatriation"), "procedures": servicedata.procedures()},
    )  # fmt: skip


@protected(by="RepatriationPolicy")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = RepatriationPolicy()
    rep: Repatriation = policy.get_or_404(request.user, pk=pk)
    today = datetime.date.today()
    steps = [(s, s.definition(), s.is_overdue(today)) for s in RepatriationStepPolicy().restrict(request.user).filter(
        repatriation=rep)]  # fmt: skip
    return render(
        request, "protection/repatriation_detail.html",
        {"rep": rep, "case": rep.case, "steps": steps, "procedure": rep.get_procedure(),
         "hidden": policy.hidden_fields(request.user), "can_change": policy.can(request.user, Action.CHANGE, rep),
         "border_points": {b.code: b for b in servicedata.border_points()}, "today": today},
    )  # fmt: skip


@protected(by="RepatriationPolicy (change)")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = RepatriationPolicy()
    rep: Repatriation = policy.get_or_404(request.user, Action.CHANGE, pk=pk)
    form = RepatriationForm(request.POST or None, instance=rep, hidden=policy.hidden_fields(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        rep.refresh_from_db()
        try:
            services_repatriation.update_repatriation(actor=request.user, repatriation=rep, **fields)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:repatriation", rep.pk)
    return render(
        request, "protection/repatriation_form.html",
        {"form": form, "case": rep.case, "title": _("Repatriation dates")},
    )  # fmt: skip


@require_POST
@protected(by="RepatriationStepPolicy (change)")
def step_done(request: HttpRequest, pk: int, step_pk: int) -> HttpResponse:
    step: RepatriationStep = RepatriationStepPolicy().get_or_404(
        request.user, Action.CHANGE, pk=step_pk, repatriation_id=pk
    )
    form = StepDoneForm(request.POST)
    if form.is_valid():
        try:
            services_repatriation.complete_step(actor=request.user, step=step, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
    else:
        messages.error(request, _("Give the date the step was done."))
    return redirect("protection:repatriation", pk)


@protected(by="RepatriationStepPolicy")
def overdue(request: HttpRequest) -> HttpResponse:
    if not CasePolicy().can_any(request.user, Action.VIEW):
        raise Http404
    today = datetime.date.today()
    mine = request.GET.get("all") != "1"
    steps = selectors_repatriation.overdue_steps(request.user, today=today, mine=mine)[:300]
    return render(
        request, "protection/repatriation_list.html",
        {"steps": [(s, s.definition()) for s in steps], "mine": mine, "today": today,
         "times": selectors_repatriation.return_times(request.user)},
    )  # fmt: skip
