"""Evaluation pages (Prakas 251): rounds, scoring an agency against the criteria (weights shown
with their source and confidence), the ranking with suggested measures, the indicators computed
from the records, and measures on the agency's record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from phlov.accounts.models import Organisation
from phlov.core.access import protected
from phlov.core.policies import Action, grants_of
from phlov.migration.checks.base import param
from phlov.migration.forms.evaluation import MeasureForm, RoundForm, ScoreForm
from phlov.migration.models import EvaluationBand, EvaluationCriterion, RuleParameter
from phlov.migration.policies import AgencyPolicy, EvaluationPolicy, EvaluationRoundPolicy
from phlov.migration.selectors_oversight import visible_agency_list, visible_rounds
from phlov.migration.services import evaluation as service
from phlov.migration.views.agencies import form_errors

BY = "EvaluationRoundPolicy"


def _rule_context() -> dict[str, object]:
    """The criteria, bands and indicator parameters with their sources, shown beside every decision."""

    return {
        "criteria": EvaluationCriterion.objects.filter(active=True),
        "bands": EvaluationBand.objects.all(),
        "parameters": RuleParameter.objects.filter(
            key__in=["complaint_response_days", "deployment_deadline_days"]
        ),
        "deadline_days": int(param("deployment_deadline_days")),
    }


@protected(by=BY + " (list filtered by the policy)")
def evaluation_list(request: HttpRequest) -> HttpResponse:
    if not EvaluationRoundPolicy().can_any(request.user, Action.VIEW):
        raise Http404
    return render(request, "migration/evaluation_list.html", {
        "rounds": visible_rounds(request.user), "can_add": EvaluationRoundPolicy().can_any(request.user, Action.ADD),
        **_rule_context(),
    })  # fmt: skip


@protected(by=BY + " (add, in the office of the grant)")
@require_http_methods(["GET", "POST"])
def evaluation_round_new(request: HttpRequest) -> HttpResponse:
    grant = next((g for g in grants_of(request.user) if g.allows("migration.evaluation:add")), None)
    if grant is None:
        raise Http404
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_round = service.open_round(
                actor=request.user,
                organisation=Organisation.objects.get(pk=grant.organisation_id),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            return redirect("migration:evaluation_round", pk=evaluation_round.pk)
    return render(
        request, "migration/evaluation_form.html", {"form": form, "title": _("Open an evaluation round")}
    )


@protected(by=BY)
def evaluation_round(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation_round = EvaluationRoundPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    agencies = visible_agency_list(request.user)
    scored = {e.agency_id for e in evaluation_round.evaluations.all()}
    return render(request, "migration/evaluation_round.html", {
        "round": evaluation_round, "ranking": service.ranking(evaluation_round),
        "indicators": service.indicators(agencies, evaluation_round.period_start, evaluation_round.period_end),
        "unscored": [a for a in agencies if a.pk not in scored],
        "can_change": EvaluationRoundPolicy().can(request.user, Action.CHANGE, evaluation_round)
        and evaluation_round.closed_at is None,
        **_rule_context(),
    })  # fmt: skip


@protected(by=BY + " (change) and AgencyPolicy")
@require_http_methods(["GET", "POST"])
def evaluation_score(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    evaluation_round = EvaluationRoundPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    agency = AgencyPolicy().get_or_404(request.user, Action.VIEW, pk=agency_pk)
    criteria = list(EvaluationCriterion.objects.filter(active=True))
    existing = evaluation_round.evaluations.filter(agency=agency).first()
    current = {s.criterion_id: s for s in existing.scores.all()} if existing else {}
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        current=current,
        initial={"note": existing.note if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.score_agency(
                actor=request.user,
                evaluation_round=evaluation_round,
                agency=agency,
                scores=form.scores(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            return redirect("migration:evaluation_round", pk=evaluation_round.pk)
    return render(request, "migration/evaluation_score.html", {
        "form": form, "round": evaluation_round, "agency": agency, **_rule_context(),
    })  # fmt: skip


@protected(by="EvaluationPolicy (change)")
@require_http_methods(["GET", "POST"])
def evaluation_measure(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = EvaluationPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    band = service.band_for(evaluation.total)
    form = MeasureForm(request.POST or None, initial={"decided_on": evaluation.round.period_end})
    if request.method == "POST" and form.is_valid():
        try:
            service.record_measure(
                actor=request.user, agency=evaluation.agency, data=form.cleaned_data, source=evaluation
            )
        except ValidationError as error:
            form_errors(form, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Saved."))
            return redirect("migration:evaluation_round", pk=evaluation.round_id)
    return render(request, "migration/evaluation_form.html", {
        "form": form, "title": _("Reward or penalty"), "evaluation": evaluation, "band": band,
    })  # fmt: skip


@protected(by=BY + " (change)")
@require_POST
def evaluation_close(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation_round = EvaluationRoundPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    service.close_round(actor=request.user, evaluation_round=evaluation_round)
    return redirect("migration:evaluation_round", pk=evaluation_round.pk)
