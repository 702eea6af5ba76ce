"""Care plan pages: the plan by domain on a case, the assessment, goals and the services log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import careplan
from phlov.protection.forms.careplan import AssessmentForm, CareItemForm, DeliveryForm
from phlov.protection.policies import CareAssessmentPolicy, CareItemPolicy, CasePolicy
from phlov.protection.views import _errors


@protected(by="CasePolicy, CareItemPolicy")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, pk=pk)
    context = {
        "case": case,
        "rows": careplan.plan(request.user, case),
        "assessments": CareAssessmentPolicy()
        .restrict(request.user)
        .filter(case=case)
        .select_related("assessed_by"),
        "can_change": policy.can(request.user, Action.CHANGE, case),
        "hidden": CareAssessmentPolicy().hidden_fields(request.user),
    }
    return render(request, "protection/careplan.html", context)


@protected(by="CasePolicy (change)")
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            careplan.assess(actor=request.user, case=case, needs=form.needs(),
                            assessed_on=form.cleaned_data["assessed_on"], notes=form.cleaned_data["notes"])  # fmt: skip
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:careplan", case.pk)
    return render(request, "protection/careplan_form.html",
                  {"form": form, "case": case, "title": _("Assess needs in the seven domains")})  # fmt: skip


@protected(by="CasePolicy (change), CareItemPolicy")
def item(request: HttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    found = None
    if item_pk is not None:
        found = CareItemPolicy().get_or_404(request.user, Action.CHANGE, pk=item_pk, case=case)
    form = CareItemForm(request.POST or None, instance=found, initial={"domain": request.GET.get("domain")})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if found is None:
                careplan.add_item(actor=request.user, case=case, **fields)
            else:
                found.refresh_from_db()
                careplan.update_item(actor=request.user, item=found, **fields)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:careplan", case.pk)
    title = _("Add a goal to the care plan") if found is None else _("Change a goal of the care plan")
    return render(request, "protection/careplan_form.html", {"form": form, "case": case, "title": title})


@protected(by="CasePolicy (change), CareItemPolicy")
def deliver(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    found = CareItemPolicy().get_or_404(request.user, Action.CHANGE, pk=item_pk, case=case)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            careplan.log_delivery(actor=request.user, item=found, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:careplan", case.pk)
    return render(request, "protection/careplan_form.html",
                  {"form": form, "case": case, "item": found, "title": _("Log a service delivered")})  # fmt: skip
