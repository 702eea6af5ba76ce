"""The complaints officer's pages (Prakas 249): the queue with ageing and overdue responses, a
complaint's file, and its steps (acknowledge, fact finding, conciliation, agreement, payment,
referral to trafficking screening, sanction, closure)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.migration import services
from phlov.migration.checks.base import param
from phlov.migration.forms.complaints import PersonForm, ReasonForm, StepForm
from phlov.migration.forms.evaluation import MeasureForm
from phlov.migration.models import Complaint, ComplaintStatus, RuleParameter
from phlov.migration.policies import ComplaintPolicy
from phlov.migration.selectors_oversight import complaint_measures, complaint_queue
from phlov.migration.services import complaints as complaint_services
from phlov.migration.services.evaluation import record_measure
from phlov.migration.views.agencies import form_errors
from phlov.people.policies import PersonPolicy

BY = "ComplaintPolicy"


def _response_rule() -> dict[str, Any]:
    """The response limit and its source, shown where the officer decides."""

    row = RuleParameter.objects.filter(key="complaint_response_days").first()
    return {"days": int(param("complaint_response_days")), "citation": row.citation if row else ""}


@protected(by=BY + " (list filtered by the policy)")
def complaint_list(request: HttpRequest) -> HttpResponse:
    if not ComplaintPolicy().can_any(request.user, Action.VIEW):
        raise Http404
    show_closed = request.GET.get("closed") == "1"
    rows = complaint_queue(request.user, show_closed=show_closed)
    return render(request, "migration/complaint_staff_list.html", {
        "rows": rows, "show_closed": show_closed, "overdue": sum(1 for r in rows if r.overdue), "rule": _response_rule(),
    })  # fmt: skip


def _detail_context(request: HttpRequest, complaint: Complaint, **forms: Any) -> dict[str, Any]:
    can_change = ComplaintPolicy().can(request.user, Action.CHANGE, complaint)
    today = timezone.localdate()
    return {
        "complaint": complaint, "events": complaint.events.select_related("author"), "can_change": can_change,
        "measures": complaint_measures(request.user, complaint), "rule": _response_rule(),
        "overdue": complaint.acknowledged_at is None and complaint.due_by < today and complaint.status != ComplaintStatus.CLOSED,
        "age_days": (today - timezone.localtime(complaint.created_at).date()).days,
        "person_visible": complaint.person is not None and PersonPolicy().can(request.user, Action.VIEW, complaint.person),
        "step_form": forms.get("step_form") or StepForm(initial={"happened_on": today}),
        "refer_form": forms.get("refer_form") or ReasonForm(prefix="refer"),
        "close_form": forms.get("close_form") or ReasonForm(prefix="close"),
        "person_form": forms.get("person_form") or PersonForm(),
        "measure_form": forms.get("measure_form") or MeasureForm(prefix="measure", initial={"decided_on": today}),
        "closed": complaint.status == ComplaintStatus.CLOSED,
    }  # fmt: skip


@protected(by=BY)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = ComplaintPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    return render(request, "migration/complaint_staff_detail.html", _detail_context(request, complaint))


def _person(actor: Any, number: int) -> Any:
    return PersonPolicy().get_or_404(actor, Action.VIEW, pk=number)


@protected(by=BY + " (change)")
@require_POST
def complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    complaint = ComplaintPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if action not in {"acknowledge", "step", "refer", "close", "person", "sanction"}:
        raise Http404
    forms: dict[str, Any] = {}
    form: Any = None
    try:
        if action == "acknowledge":
            services.acknowledge_complaint(actor=request.user, complaint=complaint)
        elif action == "step":
            form = forms["step_form"] = StepForm(request.POST)
            if form.is_valid():
                services.add_complaint_step(
                    actor=request.user,
                    complaint=complaint,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    amount=form.cleaned_data["amount"],
                    happened_on=form.cleaned_data["happened_on"],
                )
        elif action == "refer":
            form = forms["refer_form"] = ReasonForm(request.POST, prefix="refer")
            if form.is_valid():
                services.flag_for_trafficking_screening(
                    actor=request.user, complaint=complaint, reason=form.cleaned_data["reason"]
                )
        elif action == "close":
            form = forms["close_form"] = ReasonForm(request.POST, prefix="close")
            if form.is_valid():
                complaint_services.close_complaint(
                    actor=request.user, complaint=complaint, reason=form.cleaned_data["reason"]
                )
        elif action == "person":
            form = forms["person_form"] = PersonForm(request.POST)
            if form.is_valid():
                person = _person(request.user, form.cleaned_data["person"])
                complaint_services.link_person(actor=request.user, complaint=complaint, person=person)
        else:
            form = forms["measure_form"] = MeasureForm(request.POST, prefix="measure")
            if complaint.agency is None:
                form.add_error(None, _("Only a complaint against an agency feeds an agency's record."))
            elif form.is_valid():
                record_measure(
                    actor=request.user, agency=complaint.agency, data=form.cleaned_data, source=complaint
                )
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("migration:complaint", pk=complaint.pk)
        form_errors(form, error)
    except PermissionDenied as error:
        raise Http404 from error
    if any(not f.is_valid() for f in forms.values()):
        complaint.refresh_from_db()
        return render(
            request,
            "migration/complaint_staff_detail.html",
            _detail_context(request, complaint, **forms),
            status=400,
        )
    messages.success(request, _("Saved."))
    return redirect("migration:complaint", pk=complaint.pk)
