"""Pages of a disappearance: the agency's report, the search record, and the recipient's acknowledgement."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.migration import checks, selectors
from phlov.migration.checks.base import param
from phlov.migration.forms.disappearance import ReportMissingForm, SearchUpdateForm
from phlov.migration.policies import DisappearancePolicy, WorkerPolicy
from phlov.migration.services import disappearance as service


@protected(by="WorkerPolicy (change)")
@require_http_methods(["GET", "POST"])
def disappearance_report(request: HttpRequest, pk: int) -> HttpResponse:
    worker = WorkerPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = ReportMissingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = service.report_missing(actor=request.user, worker=worker, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:disappearance", pk=case.pk)
    return render(request, "migration/disappearance_report.html", {"worker": worker, "form": form})


def _screening_url(person_id: int) -> str:
    try:
        return reverse("protection:screen", kwargs={"person_pk": person_id})
    except NoReverseMatch:
        return ""


@protected(by="DisappearancePolicy")
def disappearance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = DisappearancePolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    service.refresh_acknowledgements(case)
    notices = [(n, list(n.notifications.all())) for n in case.notices.order_by("party")]
    return render(request, "migration/disappearance_detail.html", {
        "case": case, "notices": notices, "updates": case.updates.select_related("author"),
        "findings": checks.run(case), "form": SearchUpdateForm(),
        "can_change": DisappearancePolicy().can(request.user, Action.CHANGE, case),
        "escalate_hours": param("disappearance_escalate_hours"), "screening_url": _screening_url(case.worker.person_id),
    })  # fmt: skip


@protected(by="DisappearancePolicy (change)")
@require_POST
def disappearance_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = DisappearancePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    form = SearchUpdateForm(request.POST)
    if form.is_valid():
        try:
            service.add_search_update(actor=request.user, case=case, text=form.cleaned_data["text"],
                                      status=form.cleaned_data["status"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("migration:disappearance", pk=case.pk)
    return render(request, "migration/disappearance_detail.html", {
        "case": case, "notices": [], "updates": case.updates.all(), "findings": checks.run(case), "form": form,
        "can_change": True, "escalate_hours": param("disappearance_escalate_hours"),
        "screening_url": _screening_url(case.worker.person_id),
    }, status=400)  # fmt: skip


@protected(by="only a recipient of the notice (selectors.notices_sent_to)")
@require_http_methods(["GET", "POST"])
def disappearance_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notices_sent_to(request.user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    if request.method == "POST":
        try:
            service.acknowledge_notice(actor=request.user, notice=notice)
        except PermissionDenied:
            raise Http404 from None
        return redirect("migration:disappearance_notice", pk=notice.pk)
    return render(
        request, "migration/disappearance_notice.html", {"notice": notice, "case": notice.disappearance}
    )


@protected(by="DisappearancePolicy (list), notices by recipient")
def disappearance_list(request: HttpRequest) -> HttpResponse:
    return render(request, "migration/disappearance_list.html", {
        "cases": selectors.visible_disappearances(request.user)[:200],
        "notices": selectors.notices_sent_to(request.user)[:200],
    })  # fmt: skip
