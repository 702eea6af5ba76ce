"""Reintegration pages: where the person went, the money given, the follow-up schedule with the
income checks, and whether the case may close as a success."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import reintegration, vocab
from phlov.protection.closure import closure_problems, follow_up_span_months
from phlov.protection.forms.reintegration import ReintegrationForm, SupportForm
from phlov.protection.income import check_visit, last_check
from phlov.protection.policies import CasePolicy, FollowUpVisitPolicy, ReintegrationPolicy
from phlov.protection.views import _errors


@protected(by="CasePolicy, ReintegrationPolicy, FollowUpVisitPolicy")
def case_reintegration(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, pk=pk)
    user = request.user
    visits = list(FollowUpVisitPolicy().restrict(user).filter(case=case))
    context = {
        "case": case,
        "can_change": policy.can(user, Action.CHANGE, case),
        "reintegrations": reintegration.visible_reintegrations(user).filter(case=case),
        "support": reintegration.visible_support(user).filter(case=case),
        "visits": [(v, check_visit(v)) for v in visits],
        "span": follow_up_span_months(visits),
        "wanted_months": int(vocab.setting("success_follow_up_months")),
        "schedule": {
            "every": vocab.setting("follow_up_interval_months"),
            "count": vocab.setting("follow_up_visits"),
        },
        "last_check": last_check(visits),
        "success_problems": closure_problems(case, "reintegrated"),
        "hidden": ReintegrationPolicy().hidden_fields(user),
        "today": datetime.date.today(),
    }
    return render(request, "protection/reintegration.html", context)


@protected(by="CasePolicy (change)")
def reintegration_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = ReintegrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reintegration.record_reintegration(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:reintegration", case.pk)
    return render(request, "protection/reintegration_form.html",
                  {"form": form, "case": case, "title": _("Record where the person goes")})  # fmt: skip


@protected(by="CasePolicy (change)")
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = SupportForm(request.POST or None, initial={"months": 1})
    if request.method == "POST" and form.is_valid():
        try:
            reintegration.give_support(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:reintegration", case.pk)
    return render(request, "protection/reintegration_form.html",
                  {"form": form, "case": case, "title": _("Record financial support")})  # fmt: skip
