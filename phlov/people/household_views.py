"""Household pages: create one around a person (its head), add and remove members with their
relationship to the head, make another member the head. Thin: services and selectors work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.audit.services import record
from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.core.sensitivity import FieldGroup
from phlov.people import services
from phlov.people.household_forms import HeadForm, HouseholdForm, MemberForm, RelationshipForm
from phlov.people.models import Household, HouseholdMember
from phlov.people.policies import HouseholdMemberPolicy, HouseholdPolicy, PersonPolicy
from phlov.people.selectors import household_members

BY = "HouseholdPolicy"


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@protected(by=BY)
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new household headed by the person ``pk``."""

    if FieldGroup.CONTACT_LOCATION not in PersonPolicy().field_groups(request.user):
        raise Http404  # forbidden looks like missing
    head = PersonPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(
                actor=request.user, head=head, idpoor_number=form.cleaned_data["idpoor_number"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The household is registered."))
            return redirect("people:household", pk=household.pk)
    return render(request, "people/household_create.html", {"form": form, "person": head})


def _household(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Household:
    return HouseholdPolicy().get_or_404(request.user, action, pk=pk)


def _page(request: HttpRequest, household: Household, **forms: Any) -> HttpResponse:
    members = list(household_members(request.user, household))
    can_change = HouseholdPolicy().can(request.user, Action.CHANGE, household)
    context = {
        "household": household,
        "members": members,
        "can_change": can_change,
        "member_form": forms.get("member_form") or MemberForm(),
        "head_form": forms.get("head_form") or HeadForm(),
    }
    return render(request, "people/household.html", context)


@protected(by=BY)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk)
    record(actor=request.user, action="view", obj=household)
    return _page(request, household)


@protected(by=BY)
@require_POST
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household(request, pk, Action.CHANGE)
    form = MemberForm(request.POST)
    if form.is_valid():
        person = (
            PersonPolicy()
            .restrict(request.user, action=Action.CHANGE)
            .filter(pk=form.cleaned_data["person"])
            .first()
        )
        if person is None:
            form.add_error("person", _("No person with this number that you may change."))
        else:
            try:
                services.add_household_member(
                    actor=request.user,
                    household=household,
                    person=person,
                    relationship=form.cleaned_data["relationship"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            except PermissionDenied:
                form.add_error("person", _("No person with this number that you may change."))
            else:
                messages.success(request, _("The member is added."))
                return redirect("people:household", pk=household.pk)
    return _page(request, household, member_form=form)


def _member(request: HttpRequest, pk: int, member_pk: int) -> HouseholdMember:
    household = _household(request, pk, Action.CHANGE)
    member = (
        HouseholdMemberPolicy()
        .restrict(request.user, action=Action.CHANGE)
        .filter(pk=member_pk, household=household)
        .select_related("household", "person")
        .first()
    )
    if member is None:
        raise Http404
    return member


@protected(by=BY)
@require_POST
def remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = _member(request, pk, member_pk)
    try:
        services.remove_household_member(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The member is removed from the household."))
    return redirect("people:household", pk=pk)


@protected(by=BY)
@require_POST
def set_head(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = _member(request, pk, member_pk)
    form = HeadForm(request.POST)
    if form.is_valid():
        try:
            services.set_household_head(
                actor=request.user,
                member=member,
                former_head_relationship=form.cleaned_data["former_head_relationship"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The head of the household is changed. Check the others' relationships to the new head."),
            )
            return redirect("people:household", pk=pk)
    return _page(request, member.household, head_form=form)


@protected(by=BY)
@require_POST
def change_relationship(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    member = _member(request, pk, member_pk)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        try:
            services.change_household_relationship(
                actor=request.user, member=member, relationship=form.cleaned_data["relationship"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect("people:household", pk=pk)
