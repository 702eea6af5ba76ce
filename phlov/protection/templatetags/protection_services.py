"""Blocks of the case page for repatriation, shelter, referrals, the family and re-trafficking
alerts; each reads through its policy with the page's user, so the case view stays as it was."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.db.models import Count, Q

from phlov.core.policies import Action
from phlov.protection import retrafficking, services_family
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import (
    FamilyNeedPolicy,
    ReferralPolicy,
    RepatriationPolicy,
    RetraffickingAlertPolicy,
    ShelterStayPolicy,
)

register = template.Library()


def _user(context: template.Context) -> Any:
    return context["request"].user


@register.inclusion_tag("protection/repatriation_panel.html", takes_context=True)
def repatriation_panel(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    today = datetime.date.today()
    reps = (
        RepatriationPolicy()
        .of_case(user, case)
        .select_related("host_country")
        .annotate(n_overdue=Count("steps", filter=Q(steps__done_on__isnull=True, steps__due_on__lt=today)))
    )
    return {"case": case, "repatriations": reps, "can_change": CasePolicy().can(user, Action.CHANGE, case)}


@register.inclusion_tag("protection/shelter_panel.html", takes_context=True)
def shelter_panel(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    policy = ShelterStayPolicy()
    stays = policy.of_case(user, case).select_related("shelter")
    return {"case": case, "stays": stays, "can_ask": policy.can_any(user, Action.ADD)}


@register.inclusion_tag("protection/referral_panel.html", takes_context=True)
def referral_panel(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    referrals = (
        ReferralPolicy()
        .restrict(user)
        .filter(case=case)
        .select_related("from_organisation", "to_organisation")
    )
    can_refer = CasePolicy().can(user, Action.CHANGE, case) and ReferralPolicy().can_any(user, Action.ADD)
    return {"case": case, "referrals": referrals, "can_refer": can_refer}


@register.inclusion_tag("protection/family_panel.html", takes_context=True)
def family_panel(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    return {
        "case": case, "needs": services_family.needs_of(user, case), "support": services_family.support_of(user, case),
        "hidden": FamilyNeedPolicy().hidden_fields(user), "can_change": CasePolicy().can(user, Action.CHANGE, case),
        "request": context["request"], "csrf_token": context.get("csrf_token"),
    }  # fmt: skip


@register.inclusion_tag("protection/retrafficking_panel.html", takes_context=True)
def retrafficking_panel(context: template.Context, case: Any) -> dict[str, Any]:
    user = _user(context)
    policy, cases = RetraffickingAlertPolicy(), CasePolicy()
    rows = [
        {
            "alert": alert,
            "can_decide": policy.can(user, Action.CHANGE, alert),
            "earlier_visible": cases.can(user, Action.VIEW, alert.earlier_case),
            "later_visible": alert.case is not None and cases.can(user, Action.VIEW, alert.case),
        }
        for alert in retrafficking.alerts_of_case(user, case)
    ]
    return {
        "case": case,
        "rows": rows,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
