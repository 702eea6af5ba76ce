"""The review queue: uncertain pairs, one pair side by side with its match weights, the
decision (merge or reject), and undoing a merge. Thin: selectors read, services write."""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.linkage import selectors, services
from phlov.linkage.forms import DecisionForm, UndoForm
from phlov.linkage.labels import comparison_label, level_label
from phlov.linkage.models import Merge, PairStatus
from phlov.linkage.policies import CandidatePairPolicy, MergePolicy
from phlov.people.models import IdentityDocument, Person, PersonName, PhoneNumber
from phlov.people.policies import PersonPolicy
from phlov.people.selectors import related_visible

BY = "CandidatePairPolicy (both people visible; people.person:change on both to decide)"
PAGE_SIZE = 25
# A bar's full half-width stands for this many bits of match weight (longer bars are capped).
BAR_SCALE_BITS = 20


def _require_any(request: HttpRequest, action: str) -> None:
    if not PersonPolicy().can_any(request.user, action):
        raise Http404  # forbidden looks like missing


@protected(by=BY)
def index(request: HttpRequest) -> HttpResponse:
    _require_any(request, Action.VIEW)
    page = Paginator(selectors.review_queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "linkage/index.html", {"page": page, "run": selectors.latest_run()})


def _bars(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each comparison as a bar: its side (for or against), its width class (0-20, a twentieth
    of the half-width each) and the weight as text."""

    bars = []
    for item in explanation:
        weight = float(item.get("weight", 0.0))
        size = BAR_SCALE_BITS if not math.isfinite(weight) else min(round(abs(weight)), BAR_SCALE_BITS)
        bars.append(
            {
                "comparison": comparison_label(item.get("comparison", "")),
                "level": level_label(item.get("label", "")),
                "weight": weight,
                "shown": "-\u221e" if weight == -math.inf else f"{weight:+.1f}",
                "side": "for" if weight > 0 else "against" if weight < 0 else "none",
                "width": size,
            }
        )
    return bars


def _record(request: HttpRequest, person: Person, hidden: set[str]) -> dict[str, Any]:
    return {
        "person": person,
        "names": related_visible(request.user, person, PersonName),
        "documents": related_visible(request.user, person, IdentityDocument)
        if "documents" not in hidden
        else None,
        "phones": related_visible(request.user, person, PhoneNumber) if "phones" not in hidden else None,
        "merged": selectors.merged_records(request.user, person),
    }


def _pair_context(request: HttpRequest, pk: int, form: DecisionForm | None = None) -> dict[str, Any]:
    pair = selectors.pair_for(request.user, pk)
    hidden = PersonPolicy().hidden_fields(request.user)
    can_decide = pair.status in services.OPEN and CandidatePairPolicy().can(request.user, Action.CHANGE, pair)
    merges = list(selectors.merges_of_pair(request.user, pair))
    policy = MergePolicy()
    return {
        "pair": pair,
        "records": [_record(request, pair.person_a, hidden), _record(request, pair.person_b, hidden)],
        "show_village": "origin_village" not in hidden,
        "bars": _bars(pair.explanation),
        "can_decide": can_decide,
        "form": form or DecisionForm(),
        "merges": [
            {"merge": m, "can_undo": not m.is_undone and policy.can(request.user, Action.CHANGE, m)}
            for m in merges
        ],
        "undo_form": UndoForm(),
        "statuses": PairStatus,
    }


@protected(by=BY)
def pair(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "linkage/pair.html", _pair_context(request, pk))


@protected(by=BY)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.pair_for(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                keep = candidate.person_b if data.get("keep") == "b" else candidate.person_a
                services.accept_pair(actor=request.user, pair=candidate, reason=data["reason"], survivor=keep)
                messages.success(request, _("The two records are merged."))
            else:
                services.reject_pair(actor=request.user, pair=candidate, reason=data["reason"])
                messages.success(request, _("The pair is marked as different people."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("linkage:pair", pk=candidate.pk)
    return render(request, "linkage/pair.html", _pair_context(request, pk, form), status=400)


@protected(by="MergePolicy (people.person:change on both people)")
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(MergePolicy().restrict(request.user, Merge.objects.all()), pk=pk)
    form = UndoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the merge is undone."))
    else:
        try:
            services.undo_merge(actor=request.user, merge=merge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The merge is undone."))
    if merge.pair_id is not None:
        return redirect("linkage:pair", pk=merge.pair_id)
    return redirect("linkage:index")
