"""Staff pages for agencies: the list, register and license, amend the licence, suspend / revoke /
reinstate, add branches, training centres, owners and directors; the agency's record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phlov.accounts.models import Organisation
from phlov.core.access import protected
from phlov.core.policies import Action, grants_of
from phlov.migration import services
from phlov.migration.forms.agencies import SITE_FORMS, AgencyForm, LicenceForm, StatusForm
from phlov.migration.policies import AgencyPolicy, InspectionPolicy
from phlov.migration.selectors_oversight import agency_timeline, visible_agency_list
from phlov.migration.services.agencies import add_site, update_licence


def form_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form, beside its field where it names one."""

    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _licensing_office(user: Any) -> Organisation:
    """The organisation in which the user may license agencies (the first such grant)."""

    for grant in grants_of(user):
        if grant.allows(AgencyPolicy.permission(Action.ADD)):
            return Organisation.objects.get(pk=grant.organisation_id)
    raise Http404


@protected(by="AgencyPolicy (list filtered by the policy)")
def agency_list(request: HttpRequest) -> HttpResponse:
    if not AgencyPolicy().can_any(request.user, Action.VIEW):
        raise Http404
    return render(request, "migration/agency_list.html", {
        "agencies": visible_agency_list(request.user), "today": timezone.localdate(),
        "can_add": AgencyPolicy().can_any(request.user, Action.ADD),
    })  # fmt: skip


@protected(by="AgencyPolicy (add: a grant over the licensing office)")
@require_http_methods(["GET", "POST"])
def agency_new(request: HttpRequest) -> HttpResponse:
    office = _licensing_office(request.user)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "destinations"}
        try:
            agency = services.create_agency(
                actor=request.user, parent=office, data=data, destinations=form.cleaned_data["destinations"]
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Agency registered and licensed."))
            return redirect("migration:agency", pk=agency.pk)
    return render(
        request,
        "migration/agency_form.html",
        {"form": form, "office": office, "title": _("License an agency")},
    )


@protected(by="AgencyPolicy")
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = AgencyPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    today = timezone.localdate()
    return render(request, "migration/agency_detail.html", {
        "agency": agency, "today": today, "status_today": agency.status_on(today),
        "destinations": agency.destinations.order_by("name_en"),
        "history": agency.status_changes.select_related("changed_by"),
        "timeline": agency_timeline(request.user, agency),
        "can_change": AgencyPolicy().can(request.user, Action.CHANGE, agency),
        "can_inspect": InspectionPolicy().can_inspect(request.user, agency),
        "status_form": StatusForm(),
    })  # fmt: skip


@protected(by="AgencyPolicy (change)")
@require_http_methods(["GET", "POST"])
def agency_licence(request: HttpRequest, pk: int) -> HttpResponse:
    agency = AgencyPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = LicenceForm(
        request.POST or None, instance=agency, initial={"destinations": agency.destinations.all()}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("licence_issued", "licence_expires")}
        try:
            update_licence(
                actor=request.user, agency=agency, data=data, destinations=form.cleaned_data["destinations"]
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Licence updated."))
            return redirect("migration:agency", pk=agency.pk)
    return render(
        request,
        "migration/agency_form.html",
        {"form": form, "agency": agency, "title": _("Amend the licence")},
    )


@protected(by="AgencyPolicy (change)")
@require_http_methods(["GET", "POST"])
def agency_status(request: HttpRequest, pk: int) -> HttpResponse:
    agency = AgencyPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = StatusForm(request.POST or None, initial={"status": agency.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_licence_status(
                actor=request.user,
                agency=agency,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Licence status changed."))
            return redirect("migration:agency", pk=agency.pk)
    return render(
        request,
        "migration/agency_form.html",
        {"form": form, "agency": agency, "title": _("Change the licence status")},
    )


@protected(by="AgencyPolicy (change)")
@require_http_methods(["GET", "POST"])
def agency_site(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    agency = AgencyPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if kind not in SITE_FORMS:
        raise Http404
    form = SITE_FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_site(actor=request.user, agency=agency, kind=kind, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            return redirect("migration:agency", pk=agency.pk)
    titles = {
        "branch": _("Add a branch"),
        "training_centre": _("Add a training centre"),
        "officer": _("Add an owner or director"),
    }
    return render(
        request, "migration/agency_form.html", {"form": form, "agency": agency, "title": titles[kind]}
    )
