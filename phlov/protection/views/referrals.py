"""Referral pages: refer or transfer a case (under the person's consent), the referral with its
answer, and the lists of incoming and ageing referrals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.accounts.models import User
from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import selectors_referrals, services_referrals
from phlov.protection.forms.referrals import ReferralActionForm, ReferralForm
from phlov.protection.models import Referral, ReferralKind, ReferralStatus
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import ReferralPolicy
from phlov.protection.views import _errors

ACTIONS = {
    "accept": ReferralStatus.ACCEPTED,
    "decline": ReferralStatus.DECLINED,
    "complete": ReferralStatus.COMPLETED,
    "revoke": ReferralStatus.REVOKED,
}


@protected(by="CasePolicy (change), ReferralPolicy (add)")
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if not ReferralPolicy().can_any(request.user, Action.ADD):
        raise Http404
    form = ReferralForm(request.POST or None, exclude=case.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services_referrals.refer(actor=request.user, case=case, **form.cleaned_data)
        except PermissionDenied as refused:
            # The consent gate says why (no consent for this kind of organisation).
            form.add_error(None, str(refused) or _("You may not refer this case."))
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("protection:referral", referral.pk)
    return render(
        request,
        "protection/referral_form.html",
        {"form": form, "case": case, "title": _("Refer or transfer")},
    )


@protected(by="ReferralPolicy")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = ReferralPolicy()
    referral: Referral = policy.get_or_404(request.user, pk=pk)
    sides = policy.sides(request.user, Action.CHANGE, referral)
    moves = [
        (code, status) for code, status in ACTIONS.items()
        if sides & services_referrals.allowed(referral.kind, referral.status).get(status, frozenset())
    ]  # fmt: skip
    colleagues = None
    if referral.kind == ReferralKind.TRANSFER and "to" in sides:
        colleagues = User.objects.filter(
            is_active=True, organisation__path__startswith=referral.to_organisation.path
        ).order_by("username")
    return render(
        request, "protection/referral_detail.html",
        {"referral": referral, "moves": moves, "form": ReferralActionForm(colleagues=colleagues),
         "hidden": policy.hidden_fields(request.user),
         "can_see_case": CasePolicy().can(request.user, Action.VIEW, referral.case)},
    )  # fmt: skip


@require_POST
@protected(by="ReferralPolicy (change)")
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    referral: Referral = ReferralPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    if action not in ACTIONS:
        raise Http404
    colleagues = User.objects.filter(organisation__path__startswith=referral.to_organisation.path)
    form = ReferralActionForm(request.POST, colleagues=colleagues)
    if form.is_valid():
        try:
            services_referrals.move(
                actor=request.user, referral=referral, to_status=ACTIONS[action],
                note=form.cleaned_data["note"], caseworker=form.cleaned_data.get("caseworker"),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            texts = (
                error.messages if isinstance(error, ValidationError) else [str(error) or _("Not allowed.")]
            )
            for text in texts:
                messages.error(request, text)
        else:
            messages.success(
                request, _("The referral is now %(status)s.") % {"status": referral.get_status_display()}
            )
    else:
        messages.error(request, _("Check the form."))
    return redirect("protection:referral", referral.pk)


@protected(by="ReferralPolicy")
def index(request: HttpRequest) -> HttpResponse:
    if not ReferralPolicy().can_any(request.user, Action.VIEW):
        raise Http404
    return render(
        request, "protection/referral_list.html",
        {"incoming": selectors_referrals.incoming(request.user).filter(status=ReferralStatus.SENT)[:200],
         "ageing": selectors_referrals.ageing(request.user)[:300],
         "limits": selectors_referrals.waiting_limits()},
    )  # fmt: skip
