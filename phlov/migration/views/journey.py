"""Pages of the worker's journey, and the job order's edit page (fix, then the checks run again)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.migration import checks, selectors
from phlov.migration.checks.base import param
from phlov.migration.forms.journey import (
    ContractForm,
    DocumentForm,
    EventForm,
    HealthCheckForm,
    JobOrderEditForm,
    MoveForm,
    OrientationForm,
    RegisterForm,
)
from phlov.migration.models import JobOrderStatus, Worker
from phlov.migration.policies import JobOrderPolicy, WorkerPolicy
from phlov.migration.services import Blocked
from phlov.migration.services import journey as service

EDITABLE = (JobOrderStatus.DRAFT, JobOrderStatus.RETURNED)


@protected(by="WorkerPolicy (list); register: JobOrderPolicy view + WorkerPolicy add + people policy")
@require_http_methods(["GET", "POST"])
def worker_list(request: HttpRequest) -> HttpResponse:
    orders = selectors.visible_job_orders(request.user).filter(status=JobOrderStatus.APPROVED)
    form = RegisterForm(request.POST or None, orders=orders, initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        from phlov.people.selectors import visible_people

        person = visible_people(request.user).filter(pk=form.cleaned_data["person"]).first()
        if person is None:
            form.add_error("person", ValidationError(_("No such person in the registry.")))
        else:
            try:
                worker = service.register_from_registry(
                    actor=request.user, order=form.cleaned_data["job_order"], person=person
                )
            except Blocked as blocked:
                form.add_error(None, "; ".join(f"{f.rule}: {f.message}" for f in blocked.findings))
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, str(getattr(error, "message", "") or error))
            else:
                return redirect("migration:worker", pk=worker.pk)
    return render(request, "migration/worker_list.html", {
        "workers": selectors.visible_workers(request.user)[:200], "form": form,
    })  # fmt: skip


def _context(request: HttpRequest, worker: Worker, **extra: Any) -> dict[str, Any]:
    contracts = [(c, checks.run(c)) for c in worker.contracts.order_by("kind", "-pk")]
    today = timezone.localdate()
    can_change = WorkerPolicy().can(request.user, Action.CHANGE, worker)
    return {
        "worker": worker, "findings": checks.run(worker), "contracts": contracts,
        "documents": worker.documents.all(), "health_checks": worker.health_checks.all(),
        "orientations": [(o, service.orientation_gaps(o)) for o in worker.orientations.all()],
        "events": worker.events.select_related("author"), "moves": service.allowed_moves(worker) if can_change else [],
        "departure_problems": service.departure_problems(worker, today) if worker.status == "registered" else [],
        "can_change": can_change, "today": today, "min_hours": param("orientation_min_hours"),
        "disappearances": worker.disappearances.all(),
        "document_form": DocumentForm(), "health_form": HealthCheckForm(), "orientation_form": OrientationForm(),
        "contract_form": ContractForm(initial=service.terms_of(worker.job_order)),
        "move_form": MoveForm(initial={"on": today}), "event_form": EventForm(initial={"on": today}),
        **extra,
    }  # fmt: skip


@protected(by="WorkerPolicy")
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = WorkerPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    return render(request, "migration/worker_detail.html", _context(request, worker))


FORMS = {
    "document": DocumentForm,
    "health": HealthCheckForm,
    "orientation": OrientationForm,
    "contract": ContractForm,
}


@protected(by="WorkerPolicy (change)")
@require_POST
def worker_record(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Add a document, a health check, an orientation or a contract."""

    worker = WorkerPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if what not in FORMS:
        raise Http404
    form = FORMS[what](request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if what == "document":
                service.add_document(actor=request.user, worker=worker, data=data)
            elif what == "health":
                service.record_health_check(actor=request.user, worker=worker, data=data)
            elif what == "orientation":
                service.record_orientation(actor=request.user, worker=worker, data=data)
            else:
                kind = data.pop("kind")
                service.add_contract(actor=request.user, worker=worker, kind=kind, data=data)
        except Blocked as blocked:
            form.add_error(None, "; ".join(f"{f.rule} {f.title}: {f.message}" for f in blocked.findings))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:worker", pk=worker.pk)
    context = _context(request, worker, **{f"{what}_form": form, "open": what})
    return render(request, "migration/worker_detail.html", context, status=400)


@protected(by="WorkerPolicy (change); the state machine refuses moves not allowed")
@require_POST
def worker_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    worker = WorkerPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            service.move(actor=request.user, worker=worker, action=action, on=form.cleaned_data["on"],
                         note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:worker", pk=worker.pk)
    worker.refresh_from_db()
    return render(
        request, "migration/worker_detail.html", _context(request, worker, move_form=form), status=400
    )


@protected(by="WorkerPolicy (change)")
@require_POST
def worker_event(request: HttpRequest, pk: int) -> HttpResponse:
    worker = WorkerPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            service.record_event(actor=request.user, worker=worker, kind=form.cleaned_data["kind"],
                                 by=form.cleaned_data["by"], on=form.cleaned_data["on"],
                                 note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:worker", pk=worker.pk)
    return render(
        request, "migration/worker_detail.html", _context(request, worker, event_form=form), status=400
    )


@protected(by="JobOrderPolicy (change); only a draft or returned job order is edited")
@require_http_methods(["GET", "POST"])
def job_order_edit(request: HttpRequest, pk: int) -> HttpResponse:
    order = JobOrderPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if order.status not in EDITABLE:
        return render(request, "migration/job_order_edit.html", {"order": order, "locked": True}, status=409)
    form = JobOrderEditForm(request.POST or None, instance=order)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        order.refresh_from_db()  # the form wrote onto the instance; the service sets and audits
        try:
            service.edit_job_order(actor=request.user, order=order, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:job_order", pk=order.pk)
    return render(request, "migration/job_order_edit.html", {
        "order": order, "form": form, "findings": checks.run(order),
    })  # fmt: skip
