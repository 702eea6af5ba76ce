"""The family part of a case: household needs and support to the family."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import services_family
from phlov.protection.forms.family import FamilyNeedForm, FamilySupportForm
from phlov.protection.models import FamilyNeed
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import FamilyNeedPolicy
from phlov.protection.views import _errors


@protected(by="CasePolicy, FamilyNeedPolicy, FamilySupportPolicy")
def family(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, pk=pk)
    return render(
        request, "protection/family.html",
        {"case": case, "needs": services_family.needs_of(request.user, case),
         "support": services_family.support_of(request.user, case),
         "hidden": FamilyNeedPolicy().hidden_fields(request.user),
         "can_change": policy.can(request.user, Action.CHANGE, case)},
    )  # fmt: skip


@protected(by="CasePolicy (change)")
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = FamilyNeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_family.add_need(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:family", case.pk)
    return render(
        request, "protection/family_form.html", {"form": form, "case": case, "title": _("Household need")}
    )


@require_POST
@protected(by="FamilyNeedPolicy (change)")
def need_met(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    need: FamilyNeed = FamilyNeedPolicy().get_or_404(request.user, Action.CHANGE, pk=need_pk, case_id=pk)
    try:
        services_family.mark_need_met(actor=request.user, need=need)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("protection:family", pk)


@protected(by="CasePolicy (change)")
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = FamilySupportForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services_family.add_support(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:family", case.pk)
    return render(
        request,
        "protection/family_form.html",
        {"form": form, "case": case, "title": _("Support to the family")},
    )
