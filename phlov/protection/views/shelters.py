"""Shelter pages: the shelter staff's board (occupancy, waiting list, long stays), a shelter,
asking for a place from a case, admission, discharge, review of a long stay."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import selectors_shelters, services_shelters
from phlov.protection.forms.shelters import (
    AdmitForm,
    CancelForm,
    DischargeForm,
    ReviewForm,
    ShelterForm,
    StayRequestForm,
)
from phlov.protection.models import Shelter, ShelterStay, StayStatus
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import ShelterPolicy, ShelterStayPolicy
from phlov.protection.views import _errors


def _usual() -> dict[str, Any]:
    shortest, longest, source = selectors_shelters.usual_stay()
    return {"usual_min": shortest, "usual_max": longest, "usual_source": source}


@protected(by="ShelterPolicy, ShelterStayPolicy")
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (ShelterPolicy().can_any(user, Action.VIEW) or ShelterStayPolicy().can_any(user, Action.VIEW)):
        raise Http404
    today = datetime.date.today()
    context = {
        "rows": selectors_shelters.occupancy(user),
        "waiting": selectors_shelters.waiting_list(user)[:200],
        "long_stays": [(s, s.months_stayed(today)) for s in selectors_shelters.long_stays(user, today)[:200]],
        "can_add": ShelterPolicy().can_any(user, Action.ADD),
        "today": today,
        **_usual(),
    }
    return render(request, "protection/shelter_board.html", context)


@protected(by="ShelterPolicy (add)")
def shelter_add(request: HttpRequest) -> HttpResponse:
    if not ShelterPolicy().can_any(request.user, Action.ADD):
        raise Http404
    form = ShelterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shelter = services_shelters.add_shelter(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:shelter", shelter.pk)
    return render(request, "protection/shelter_form.html", {"form": form, "title": _("Add a shelter")})


@protected(by="ShelterPolicy (change)")
def shelter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shelter: Shelter = ShelterPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = ShelterForm(request.POST or None, instance=shelter)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        shelter.refresh_from_db()
        try:
            services_shelters.update_shelter(actor=request.user, shelter=shelter, **fields)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:shelter", shelter.pk)
    return render(
        request, "protection/shelter_form.html", {"form": form, "title": shelter.name, "shelter": shelter}
    )


@protected(by="ShelterPolicy, ShelterStayPolicy")
def shelter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    shelter: Shelter = ShelterPolicy().get_or_404(user, pk=pk)
    today = datetime.date.today()
    occupied = services_shelters.occupied(shelter)
    long_ids = set(selectors_shelters.long_stays(user, today, shelter).values_list("pk", flat=True))
    context = {
        "shelter": shelter,
        "occupied": occupied,
        "free": max(shelter.capacity - occupied, 0),
        "stays": [
            (s, s.months_stayed(today), s.pk in long_ids)
            for s in selectors_shelters.current_stays(user, shelter)
        ],
        "waiting": selectors_shelters.waiting_list(user, shelter),
        "can_change": ShelterPolicy().can(user, Action.CHANGE, shelter),
        "today": today,
        **_usual(),
    }
    return render(request, "protection/shelter_detail.html", context)


@protected(by="CasePolicy, ShelterStayPolicy (add)")
def stay_request(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, pk=pk)
    if not ShelterStayPolicy().can_any(request.user, Action.ADD):
        raise Http404
    form = StayRequestForm(request.POST or None, shelters=selectors_shelters.shelters_to_choose(),
                           initial={"requested_on": datetime.date.today()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            stay = services_shelters.ask_for_place(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("protection:stay", stay.pk)
    board = {o.shelter.pk: o for o in selectors_shelters.occupancy(request.user)}
    return render(
        request, "protection/shelter_request.html",
        {"form": form, "case": case, "title": _("Ask for a shelter place"), "board": board.values()},
    )  # fmt: skip


@protected(by="ShelterStayPolicy")
def stay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = ShelterStayPolicy()
    stay: ShelterStay = policy.get_or_404(request.user, pk=pk)
    today = datetime.date.today()
    context = {
        "stay": stay,
        "months": stay.months_stayed(today),
        "hidden": policy.hidden_fields(request.user),
        "can_change": policy.can(request.user, Action.CHANGE, stay),
        "can_see_case": CasePolicy().can(request.user, Action.VIEW, stay.case),
        "admit_form": AdmitForm(initial={"admitted_on": today}),
        "discharge_form": DischargeForm(initial={"discharged_on": today}),
        "review_form": ReviewForm(),
        "cancel_form": CancelForm(),
        "is_long": stay.status == StayStatus.ADMITTED
        and selectors_shelters.long_stays(request.user, today).filter(pk=stay.pk).exists(),
        **_usual(),
    }
    return render(request, "protection/shelter_stay.html", context)


def _stay_action(
    request: HttpRequest, pk: int, form_class: Any, action: Any, field_map: dict[str, str]
) -> HttpResponse:
    stay: ShelterStay = ShelterStayPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(
                actor=request.user,
                stay=stay,
                **{field_map.get(k, k): v for k, v in form.cleaned_data.items()},
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("protection:stay", stay.pk)


@require_POST
@protected(by="ShelterStayPolicy (change)")
def stay_admit(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(request, pk, AdmitForm, services_shelters.admit, {})


@require_POST
@protected(by="ShelterStayPolicy (change)")
def stay_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(request, pk, DischargeForm, services_shelters.discharge, {})


@require_POST
@protected(by="ShelterStayPolicy (change)")
def stay_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(request, pk, ReviewForm, services_shelters.review_long_stay, {})


@require_POST
@protected(by="ShelterStayPolicy (change)")
def stay_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _stay_action(request, pk, CancelForm, services_shelters.cancel_waiting, {})
