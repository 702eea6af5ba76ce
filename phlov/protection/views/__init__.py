"""The protection pages: the caseworker's home, screening, a case's file, stage changes,
trafficking events and follow-up visits. Thin: forms in, services and selectors do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.paging import first, page_number, page_of
from phlov.core.policies import Action
from phlov.people.policies import PersonPolicy
from phlov.protection import selectors, services, workflow
from phlov.protection.forms import CaseForm, EventForm, ScreeningForm, TransitionForm, VisitForm
from phlov.protection.income import check_visit
from phlov.protection.models import FollowUpVisit, Screening, StageChange
from phlov.protection.policies import (
    APPROVE,
    CasePolicy,
    FollowUpVisitPolicy,
    ScreeningPolicy,
    StageChangePolicy,
)
from phlov.protection.stages import allowed_targets

BY = "CasePolicy"
INDEX_LIST = 20
# What the case page shows of the records a case points to.
CASE_PAGE_RELATED = ("person", "person__nationality", "organisation", "caseworker")
CASE_PAGE = 25


def _require_any(request: HttpRequest, action: str) -> CasePolicy:
    policy = CasePolicy()
    if not policy.can_any(request.user, action):
        raise Http404  # forbidden looks like missing
    return policy


def _errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


@protected(by=BY)
def index(request: HttpRequest) -> HttpResponse:
    from phlov.protection.policies_services import ShelterStayPolicy

    if not CasePolicy().can_any(request.user, Action.VIEW) and ShelterStayPolicy().can_any(
        request.user, Action.VIEW
    ):
        return redirect("protection:shelters")  # shelter staff see no cases; their page is the board
    _require_any(request, Action.VIEW)
    user = request.user
    rows = selectors.case_rows(user)  # the policy's filter built once for both lists
    cases = page_of(rows, page_number(request.GET.get("page")), CASE_PAGE)
    context: dict[str, Any] = {"cases": cases}
    if cases.number == 1:
        # Short lists with a way further, above the first page only: hundreds of rows would
        # cost every visit a second of rendering and a cheap phone its data plan.
        context |= {
            "my_cases": first(selectors.my_cases(user, rows), INDEX_LIST),
            "overdue": first(selectors.overdue_visits(user), INDEX_LIST),
            "due": first(selectors.due_visits(user), INDEX_LIST),
            "pending": (
                first(selectors.pending_changes(user), INDEX_LIST)
                if CasePolicy().can_any(user, APPROVE)
                else ()
            ),
        }
    return render(request, "protection/index.html", context)


@protected(by="ScreeningPolicy and PersonPolicy")
def screening_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    _require_any(request, Action.ADD)
    person = PersonPolicy().get_or_404(request.user, pk=person_pk)
    form = ScreeningForm(request.POST or None, initial={"screened_on": None})
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screen(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:screening", screening.pk)
    return render(request, "protection/screening_form.html", {"form": form, "person": person})


@protected(by="ScreeningPolicy")
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = ScreeningPolicy()
    screening: Screening = policy.get_or_404(request.user, pk=pk)
    return render(
        request, "protection/screening_detail.html",
        {"screening": screening, "hidden": policy.hidden_fields(request.user),
         "can_open": CasePolicy().can_any(request.user, Action.ADD) and screening.case_id is None},
    )  # fmt: skip


@protected(by=BY)
def case_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    _require_any(request, Action.ADD)
    person = PersonPolicy().get_or_404(request.user, pk=person_pk)
    screening = None
    if request.GET.get("screening") or request.POST.get("screening"):
        screening = ScreeningPolicy().get_or_404(
            request.user, pk=request.GET.get("screening") or request.POST.get("screening"), person=person
        )
    hidden = CasePolicy().hidden_fields(request.user)
    form = CaseForm(request.POST or None, hidden=hidden)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                actor=request.user, person=person, screening=screening, **form.cleaned_data
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:case", case.pk)
    return render(
        request, "protection/case_form.html", {"form": form, "person": person, "screening": screening}
    )


@protected(by=BY)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, related=CASE_PAGE_RELATED, pk=pk)
    user = request.user
    visits = list(FollowUpVisitPolicy().of_case(user, case))
    context = {
        "case": case,
        "hidden": policy.hidden_fields(user),
        "can_change": policy.can(user, Action.CHANGE, case),
        "can_approve": policy.can(user, APPROVE, case),
        "events": case.events.select_related("place"),
        "visits": [(v, check_visit(v)) for v in visits],
        "changes": StageChangePolicy().of_case(user, case).select_related("requested_by", "decided_by"),
        "transition_form": TransitionForm(targets=allowed_targets(case.stage)),
    }
    return render(request, "protection/case_detail.html", context)


@protected(by=BY)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = CasePolicy()
    case = policy.get_or_404(request.user, Action.CHANGE, pk=pk)
    form = CaseForm(request.POST or None, instance=case, hidden=policy.hidden_fields(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        case.refresh_from_db()
        try:
            services.update_case(actor=request.user, case=case, **fields)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:case", case.pk)
    return render(request, "protection/case_form.html", {"form": form, "person": case.person, "case": case})


@require_POST
@protected(by=BY)
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            change = workflow.change_stage(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if change.status == StageChange.Status.PENDING:
                messages.info(request, _("The change waits for a supervisor's approval."))
            else:
                messages.success(request, _("The stage was changed."))
    else:
        messages.error(request, _("Choose a stage."))
    return redirect("protection:case", case.pk)


@require_POST
@protected(by="StageChangePolicy (approve)")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    change: StageChange = StageChangePolicy().get_or_404(request.user, pk=pk)
    try:
        workflow.decide_stage_change(
            actor=request.user, change=change, approve=request.POST.get("approve") == "1",
            reason=request.POST.get("reason", ""),
        )  # fmt: skip
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("protection:case", change.case_id)


@protected(by=BY)
def event_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_event(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:case", case.pk)
    return render(
        request, "protection/part_form.html", {"form": form, "case": case, "title": _("Add an event")}
    )


@protected(by=BY)
def visit_record(request: HttpRequest, pk: int, visit_pk: int | None = None) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    visit: FollowUpVisit | None = None
    if visit_pk is not None:
        visit = FollowUpVisitPolicy().get_or_404(request.user, Action.CHANGE, pk=visit_pk, case=case)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_visit(actor=request.user, case=case, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:case", case.pk)
    return render(
        request, "protection/part_form.html", {"form": form, "case": case, "title": _("Record a visit")}
    )
