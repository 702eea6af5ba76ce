from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.notifications.selectors import notifications_for
from phlov.notifications.services import acknowledge as do_acknowledge


@protected(by="own notifications only (notifications_for filters by recipient)")
def index(request: HttpRequest) -> HttpResponse:
    items = list(notifications_for(actor=request.user)[:100])
    unread = [n.pk for n in items if n.read_at is None]
    response = render(request, "notifications/index.html", {"notifications": items})
    # Shown is read; acknowledging is a separate, deliberate act.
    notifications_for(actor=request.user).filter(pk__in=unread).update(read_at=timezone.now())
    return response


@require_POST
@protected(by="own notifications only (notifications_for filters by recipient)")
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notification = notifications_for(actor=request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    do_acknowledge(actor=request.user, notification=notification)
    return HttpResponseRedirect(reverse("notifications:index"))
