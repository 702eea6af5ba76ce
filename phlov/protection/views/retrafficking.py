"""Confirm or dismiss a possible re-trafficking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection import retrafficking
from phlov.protection.models import RetraffickingAlert
from phlov.protection.policies_services import RetraffickingAlertPolicy


@require_POST
@protected(by="RetraffickingAlertPolicy (change)")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    alert: RetraffickingAlert = RetraffickingAlertPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
    try:
        retrafficking.decide(
            actor=request.user, alert=alert, confirmed=request.POST.get("confirmed") == "1",
            note=request.POST.get("note", ""),
        )  # fmt: skip
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect("protection:case", alert.case_id or alert.earlier_case_id)
