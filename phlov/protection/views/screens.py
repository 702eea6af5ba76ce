"""Work screens: the caseworker's (my cases, follow-ups due and overdue, overdue repatriation
steps) and the supervisor's (approvals waiting, caseload per caseworker). The core home page has
no place for an app's block, so these are protection pages linked from the protection index."""

from __future__ import annotations

import datetime
from collections import Counter
from importlib import import_module
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import selectors, vocab
from phlov.protection.policies import APPROVE, CasePolicy
from phlov.protection.stages import Stage


def _overdue_steps(user: Any, today: datetime.date) -> list[Any] | None:
    """Overdue repatriation steps from the repatriation module's selector, when it is there."""

    try:
        module = import_module("phlov.protection.selectors_repatriation")
    except ImportError:
        return None
    return list(module.overdue_steps(user, today=today, mine=True)[:100])


@protected(by="CasePolicy")
def my_work(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not CasePolicy().can_any(user, Action.VIEW):
        raise Http404
    today = datetime.date.today()
    context = {
        "my_cases": selectors.my_cases(user)[:200],
        "overdue": selectors.overdue_visits(user, today=today, mine=True)[:100],
        "due": selectors.due_visits(user, within_days=int(vocab.setting("due_soon_days")), today=today)[:100],
        "steps": _overdue_steps(user, today),
        "today": today,
    }
    return render(request, "protection/my_work.html", context)


@protected(by="CasePolicy (approve)")
def supervision(request: HttpRequest) -> HttpResponse:
    user = request.user
    policy = CasePolicy()
    if not policy.can_any(user, APPROVE):
        raise Http404
    today = datetime.date.today()
    cases = policy.restrict(user, action=APPROVE).exclude(stage=Stage.CLOSED)
    open_by = Counter(cases.values_list("caseworker_id", flat=True))
    overdue_by = Counter(
        selectors.overdue_visits(user, today=today)
        .filter(case__in=cases)
        .values_list("case__caseworker_id", flat=True)
    )
    stage_by: dict[Any, Counter[str]] = {}
    for worker_id, stage in cases.values_list("caseworker_id", "stage"):
        stage_by.setdefault(worker_id, Counter())[stage] += 1
    workers = {u.pk: u for u in get_user_model().objects.filter(pk__in=[k for k in open_by if k])}
    caseload: list[dict[str, Any]] = sorted(
        (
            {"worker": workers.get(k), "open": n, "overdue": overdue_by.get(k, 0),
             "stages": [(Stage(s).label, c) for s, c in sorted(stage_by[k].items())]}
            for k, n in open_by.items()
        ),
        key=lambda row: -int(row["open"]),
    )  # fmt: skip
    context = {"pending": selectors.pending_changes(user)[:100], "caseload": caseload, "today": today}
    return render(request, "protection/supervision.html", context)
