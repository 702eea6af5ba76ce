"""The audit screen and its CSV export. Both are audited themselves before they answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phlov.audit.export import csv_lines
from phlov.audit.forms import AuditFilterForm
from phlov.audit.models import AuditAction, AuditEvent
from phlov.audit.selectors import events_for
from phlov.audit.services import record, search_detail
from phlov.core.access import protected
from phlov.core.policies import Action, policy_for

PAGE_SIZE = 50
OBJECT_TYPE = AuditEvent._meta.label_lower


def _allowed(request: HttpRequest, action: str) -> None:
    # Without the permission the screen does not exist for this user: 404, as for a missing page.
    if not policy_for(AuditEvent).can_any(request.user, action):
        raise Http404


def _wants_fragment(request: HttpRequest) -> bool:
    htmx: Any = getattr(request, "htmx", None)
    # A history restore asks for the whole page (htmx lost it from its cache).
    return bool(htmx) and not htmx.history_restore_request


@protected(by="AuditEventPolicy")
@require_GET
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    _allowed(request, Action.VIEW)
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(events_for(actor=request.user, filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    events = list(page.object_list)
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type=OBJECT_TYPE,
        detail=search_detail(filters, paginator.count, page=page.number),
    )
    context = {
        "form": form,
        "page": page,
        "events": events,
        "can_export": policy_for(AuditEvent).can_any(request.user, Action.EXPORT),
    }
    template = "audit/index.html#results" if _wants_fragment(request) else "audit/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@protected(by="AuditEventPolicy")
@require_GET
@never_cache
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _allowed(request, Action.EXPORT)
    filters = AuditFilterForm(request.GET).filters()
    events = events_for(actor=request.user, filters=filters, action=Action.EXPORT)
    # The export event is written first, and the file holds the events before it: what the
    # exporter received is fixed, and the export is on record even if the download fails.
    event = record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type=OBJECT_TYPE,
        detail=search_detail(filters, events.count(), format="csv"),
    )
    rows = events.filter(seq__lt=event.seq).order_by("seq")
    lines: Iterator[str] = csv_lines(
        rows, exporter=request.user.get_username(), at=event.at, export_seq=event.seq
    )
    stamp = timezone.localtime(event.at).strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="phlov-audit-{stamp}.csv"'
    return response
