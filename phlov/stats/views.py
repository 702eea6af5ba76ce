"""The statistics pages: the national and provincial dashboards, the records behind a number,
the indicators, the standard tables and their exports, and the published figures register.

No URL here takes an id: a table, a province or a cell is named in the query string and
checked against the known choices (``Filters``, ``TABLE_CODES``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from phlov.audit.services import record
from phlov.core.access import protected
from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import places_of_kind
from phlov.stats import access, dashboard, drilldown, exports, register
from phlov.stats.conf import age_groups, cache_seconds, indicators, stats_settings
from phlov.stats.filters import Filters
from phlov.stats.indicators import evaluate_all
from phlov.stats.tables import deployments, table1, table2

TABLE_CODES = ("table1", "table2", "deployments-MY", "deployments-KR", "deployments-SA")


def _allowed(request: HttpRequest) -> bool:
    if not access.may_view(request.user):
        raise PermissionDenied
    return access.sees_exact(request.user)


def _filter_context(request: HttpRequest, filters: Filters) -> dict[str, Any]:
    from phlov.people.models import Sex

    return {
        "filters": filters,
        "sexes": [(code, label) for code, label in Sex.choices if code in ("female", "male")],
        "age_groups": age_groups(),
        "provinces": places_of_kind(PlaceKind.PROVINCE),
        "threshold_rationale": stats_settings()["suppression_threshold"],
        "fragment_seconds": cache_seconds(),
    }


def _dashboard(request: HttpRequest, *, province: str = "") -> HttpResponse:
    exact = _allowed(request)
    filters = Filters.from_query(request.GET, province=province)
    board = dashboard.cached(filters, exact=exact)
    place = Place.objects.filter(kind=PlaceKind.PROVINCE, code=filters.province).first() if province else None
    context = {
        **_filter_context(request, filters), "board": board, "exact": exact, "place": place,
        "scope_province": province,
    }  # fmt: skip
    template = "stats/_dashboard_body.html" if request.headers.get("HX-Request") else "stats/dashboard.html"
    return render(request, template, context)


@require_GET
@protected(by="stats.indicator:view (suppressed numbers) or stats.indicator:exact (exact, with drill-down)")
def index(request: HttpRequest) -> HttpResponse:
    return _dashboard(request)


@require_GET
@protected(by="stats.indicator:view or :exact; the province comes from the query string")
def province(request: HttpRequest) -> HttpResponse:
    code = str(request.GET.get("province") or "")
    if not Place.objects.filter(kind=PlaceKind.PROVINCE, code=code).exists():
        _allowed(request)
        return render(
            request, "stats/choose_province.html",
            {"provinces": places_of_kind(PlaceKind.PROVINCE)},
        )  # fmt: skip
    return _dashboard(request, province=code)


@require_GET
@protected(by="stats.indicator:exact, then each record's own policy (CasePolicy, WorkerPolicy)")
def records(request: HttpRequest) -> HttpResponse:
    if not access.sees_exact(request.user):
        # Analysts see numbers only; the records behind them are not theirs to open.
        raise PermissionDenied
    measure = str(request.GET.get("measure") or "")
    filters = Filters.from_query(request.GET)
    found = drilldown.behind(request.user, measure, filters, request.GET)
    if found is None:
        raise Http404
    record(
        actor=request.user, action="stats.drilldown", object_type="stats.measure", object_id=measure,
        detail={"filters": filters.key(), "cell": found.cell_key, "shown": len(found.rows), "total": found.total},
    )  # fmt: skip
    return render(request, "stats/records.html", {"found": found, "filters": filters})


@require_GET
@protected(by="stats.indicator:view or :exact (suppressed unless exact)")
def indicator_list(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    filters = Filters.from_query(request.GET)
    return render(
        request, "stats/indicators.html",
        {**_filter_context(request, filters), "results": evaluate_all(filters, exact=exact), "exact": exact,
         "definitions": indicators()},
    )  # fmt: skip


def _table(code: str, filters: Filters, exact: bool) -> Any:
    if code == "table1":
        return dashboard.cached_table(code, filters, exact=exact, builder=table1)
    if code == "table2":
        return dashboard.cached_table(code, filters, exact=exact, builder=table2)
    if code.startswith("deployments-"):
        destination = code.split("-", 1)[1]
        return dashboard.cached_table(
            code,
            filters,
            exact=exact,
            builder=lambda f, exact: deployments(f, exact=exact, destination=destination),
        )
    raise Http404


@require_GET
@protected(by="stats.indicator:view or :exact (suppressed unless exact)")
def table_list(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    filters = Filters.from_query(request.GET)
    code = str(request.GET.get("table") or "table1")
    if code not in TABLE_CODES:
        raise Http404
    context = {
        **_filter_context(request, filters), "table": _table(code, filters, exact), "code": code,
        "codes": TABLE_CODES, "exact": exact, "query": filters.query(table=code),
    }  # fmt: skip
    return render(request, "stats/tables.html", context)


@require_GET
@protected(by="stats.indicator:view or :exact; the export holds what the page shows")
def table_export(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    filters = Filters.from_query(request.GET)
    code = str(request.GET.get("table") or "")
    kind = str(request.GET.get("format") or "")
    if code not in TABLE_CODES or kind not in exports.FORMATS:
        raise Http404
    table = _table(code, filters, exact)
    record(
        actor=request.user, action="stats.export", object_type="stats.table", object_id=code,
        detail={"format": kind, "filters": filters.key(), "exact": exact},
    )  # fmt: skip
    return exports.respond(request, table, kind, filters)


@require_GET
@protected(
    by="stats.indicator:view or :exact (published figures are public; Phlov's beside them suppressed unless exact)"
)
def published(request: HttpRequest) -> HttpResponse:
    exact = _allowed(request)
    return render(request, "stats/published.html", {**register.build(exact=exact), "exact": exact})
