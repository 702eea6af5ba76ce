"""Pages: the public agency register and complaint desk (no login), and the staff pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from phlov.core.access import protected, public
from phlov.core.policies import Action
from phlov.migration import checks, selectors, services
from phlov.migration.forms import AgencySearchForm, ComplaintForm, ReferenceForm
from phlov.migration.models import ComplaintStatus
from phlov.migration.policies import JobOrderPolicy
from phlov.migration.ratelimit import too_many


@protected(by="migration policies (each list is filtered by its model's policy)")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "migration/index.html", {
        "agencies": selectors.visible_agencies(request.user)[:50],
        "job_orders": selectors.visible_job_orders(request.user)[:50],
        "complaints": selectors.visible_complaints(request.user)[:50],
    })  # fmt: skip


@public("the list of licensed agencies is published by MoLVT so that workers can check an agency")
def agency_register(request: HttpRequest) -> HttpResponse:
    form = AgencySearchForm(request.GET or None)
    today = timezone.localdate()
    results = []
    if form.is_valid():
        for agency in selectors.public_agency_search(form.cleaned_data["q"]):
            results.append({
                "agency": agency, "status": agency.status_on(today),
                "destinations": list(agency.destinations.all()) if agency.status_on(today) == "active" else [],
                "suspensions": list(selectors.public_suspensions(agency)[:10]),
            })  # fmt: skip
    return render(
        request, "migration/agency_register.html", {"form": form, "results": results, "today": today}
    )


@public(
    "a worker or family member lodges a complaint without an account (Prakas 249); CSRF-protected, rate-limited"
)
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None)
    if request.method == "POST":
        if too_many(request, "complaint"):
            return render(
                request, "migration/complaint_new.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            try:
                _complaint, reference = services.lodge_complaint(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown once: only its hash is kept.
                return render(request, "migration/complaint_lodged.html", {"reference": reference})
    return render(request, "migration/complaint_new.html", {"form": form})


@public("anyone holding a complaint's reference sees its status, and nothing else; rate-limited")
@require_http_methods(["GET", "POST"])
def complaint_status(request: HttpRequest) -> HttpResponse:
    form = ReferenceForm(request.POST or None)
    status = None
    searched = False
    if request.method == "POST":
        if too_many(request, "status"):
            return render(
                request, "migration/complaint_status.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            searched = True
            code = services.complaints.status_for_reference(form.cleaned_data["reference"])
            status = ComplaintStatus(code).label if code else None
    return render(
        request, "migration/complaint_status.html", {"form": form, "status": status, "searched": searched}
    )


@protected(by="JobOrderPolicy")
def job_order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = JobOrderPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    return render(request, "migration/job_order.html", {
        "order": order, "findings": checks.run(order),
        "can_decide": JobOrderPolicy().can_decide(request.user, order),
    })  # fmt: skip


@protected(by="JobOrderPolicy (submit: change; decide: a labour officer above the agency)")
@require_POST
def job_order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    order = JobOrderPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    note = request.POST.get("note", "")
    try:
        if action == "submit":
            services.submit_job_order(actor=request.user, order=order)
        elif action == "approve":
            services.approve_job_order(actor=request.user, order=order, note=note)
        else:
            services.return_job_order(actor=request.user, order=order, note=note)
    except (services.Blocked, ValidationError) as error:
        findings = checks.run(order)
        return render(request, "migration/job_order.html", {
            "order": order, "findings": findings, "refused": str(getattr(error, "message", "") or ""),
            "blocked": isinstance(error, services.Blocked),
            "can_decide": JobOrderPolicy().can_decide(request.user, order),
        }, status=409)  # fmt: skip
    except PermissionDenied:
        raise
    return redirect("migration:job_order", pk=order.pk)
