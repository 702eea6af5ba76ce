"""Inspection pages (Prakas 250): the list with overdue corrective actions, plan or record an
inspection, findings per checklist item, corrective actions, follow-up visits, measures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.migration.forms.evaluation import MeasureForm
from phlov.migration.forms.inspections import (
    ActionDoneForm,
    CorrectiveActionForm,
    FindingsForm,
    FollowUpForm,
    InspectionForm,
)
from phlov.migration.models import CorrectiveAction
from phlov.migration.policies import AgencyPolicy, CorrectiveActionPolicy, InspectionPolicy
from phlov.migration.selectors_oversight import overdue_actions, visible_inspections
from phlov.migration.services import inspections as service
from phlov.migration.services.evaluation import record_measure
from phlov.migration.views.agencies import form_errors

BY = "InspectionPolicy"


@protected(by=BY + " (list filtered by the policy)")
def inspection_list(request: HttpRequest) -> HttpResponse:
    if not InspectionPolicy().can_any(request.user, Action.VIEW):
        raise Http404
    return render(request, "migration/inspection_list.html", {
        "inspections": visible_inspections(request.user)[:200],
        "overdue": overdue_actions(request.user)[:200], "today": timezone.localdate(),
    })  # fmt: skip


@protected(by=BY + " (add: a grant above the agency)")
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest, pk: int) -> HttpResponse:
    agency = AgencyPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    if not InspectionPolicy().can_inspect(request.user, agency):
        raise Http404
    form = InspectionForm(request.POST or None, agency=agency, initial={"planned_for": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = service.plan_inspection(actor=request.user, agency=agency, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            return redirect("migration:inspection", pk=inspection.pk)
    return render(
        request,
        "migration/inspection_form.html",
        {"form": form, "agency": agency, "title": _("Plan or record an inspection")},
    )


@protected(by=BY)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = InspectionPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    today = timezone.localdate()
    actions = inspection.actions.select_related("finding__item", "verified_in")
    return render(request, "migration/inspection_detail.html", {
        "inspection": inspection, "findings": inspection.findings.select_related("item"),
        "actions": [(a, a.overdue_on(today)) for a in actions], "today": today,
        "follow_ups": inspection.follow_ups.all(),
        "can_change": InspectionPolicy().can(request.user, Action.CHANGE, inspection),
        "action_form": CorrectiveActionForm(inspection=inspection, prefix="action"),
        "done_form": ActionDoneForm(initial={"done_on": today}),
        "measure_form": MeasureForm(prefix="measure", initial={"decided_on": today}),
        "measures": inspection.measures.all(),
        # Open actions of earlier visits of this agency that this follow-up may verify.
        "verifiable": (
            CorrectiveAction.objects.filter(inspection__agency=inspection.agency, status__in=["open", "done"])
            .exclude(inspection=inspection) if inspection.visited_on else []
        ),
    })  # fmt: skip


@protected(by=BY + " (change)")
@require_http_methods(["GET", "POST"])
def inspection_findings(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = InspectionPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    if not InspectionPolicy().can(request.user, Action.CHANGE, inspection):
        raise Http404
    items = list(service.checklist_for(inspection))
    current = {f.item_id: f for f in inspection.findings.all()}
    initial = {"visited_on": inspection.visited_on or timezone.localdate(), "summary": inspection.summary}
    form = FindingsForm(request.POST or None, items=items, current=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.record_findings(
                actor=request.user,
                inspection=inspection,
                results=form.results(),
                visited_on=form.cleaned_data["visited_on"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Findings saved."))
            return redirect("migration:inspection", pk=inspection.pk)
    return render(request, "migration/inspection_findings.html", {"form": form, "inspection": inspection})


@protected(by=BY + " (change)")
@require_http_methods(["GET", "POST"])
def inspection_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = InspectionPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    if not InspectionPolicy().can(request.user, Action.CHANGE, inspection):
        raise Http404
    due = inspection.actions.order_by("due_on").values_list("due_on", flat=True).first()
    form = FollowUpForm(request.POST or None, initial={"planned_for": due or timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "kind": "follow_up", "branch": inspection.branch,
                "training_centre": inspection.training_centre}  # fmt: skip
        try:
            follow_up = service.plan_inspection(
                actor=request.user, agency=inspection.agency, data=data, follow_up_of=inspection
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            return redirect("migration:inspection", pk=follow_up.pk)
    return render(request, "migration/inspection_form.html", {
        "form": form, "agency": inspection.agency, "title": _("Plan a follow-up visit"), "follow_up_of": inspection,
    })  # fmt: skip


@protected(by=BY + " (change)")
@require_POST
def inspection_post(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Add a corrective action, or record a measure on the agency's record after this inspection."""

    inspection = InspectionPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    if action not in {"action", "measure"} or not InspectionPolicy().can(
        request.user, Action.CHANGE, inspection
    ):
        raise Http404
    form: CorrectiveActionForm | MeasureForm
    try:
        if action == "action":
            form = CorrectiveActionForm(request.POST, inspection=inspection, prefix="action")
            if form.is_valid():
                service.add_corrective_action(actor=request.user, inspection=inspection, **form.cleaned_data)
        else:
            form = MeasureForm(request.POST, prefix="measure")
            if form.is_valid():
                record_measure(
                    actor=request.user, agency=inspection.agency, data=form.cleaned_data, source=inspection
                )
    except ValidationError as error:
        form_errors(form, error)
    except PermissionDenied as error:
        raise Http404 from error
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        messages.success(request, _("Saved."))
    return redirect("migration:inspection", pk=inspection.pk)


@protected(by="CorrectiveActionPolicy (change)")
@require_POST
def corrective_action(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    action = CorrectiveActionPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    try:
        if step == "done":
            form = ActionDoneForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say when the work was done."))
            service.report_action_done(
                actor=request.user, action=action, done_on=form.cleaned_data["done_on"]
            )
            back = action.inspection_id
        elif step == "verify":
            follow_up = InspectionPolicy().get_or_404(
                request.user, Action.VIEW, pk=request.POST.get("follow_up") or 0
            )
            service.verify_action(actor=request.user, action=action, follow_up=follow_up)
            back = follow_up.pk
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = action.inspection_id
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("migration:inspection", pk=back)
