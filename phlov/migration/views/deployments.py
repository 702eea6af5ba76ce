"""The deployment statistics page: distinct persons beside records; printed tables beside Phlov's counts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phlov.core.access import protected
from phlov.migration.forms.deployments import DIMENSION_CHOICES, DeploymentFilterForm
from phlov.migration.services import deployments as service
from phlov.places.models import Place


@protected(by="WorkerPolicy (only workers the user may see are counted)")
def deployment_statistics(request: HttpRequest) -> HttpResponse:
    form = DeploymentFilterForm(request.GET or None)
    by = ["destination", "year"]
    filters: dict[str, object] = {}
    if form.is_valid():
        by = form.cleaned_data["by"] or by
        if form.cleaned_data["destination"]:
            filters["destination"] = form.cleaned_data["destination"].pk
        if form.cleaned_data["year"]:
            filters["year"] = form.cleaned_data["year"]
    cells = service.deployment_table(request.user, by, **filters)
    comparisons = []
    for source, table, destination_id in service.published_sources():
        destination = Place.objects.get(pk=destination_id)
        rows = service.compare_published(request.user, destination, source)
        comparisons.append({"source": source, "table": table, "destination": destination, "rows": rows,
                            "not_adding_up": [r for r in rows if not r.adds_up]})  # fmt: skip
    labels = dict(DIMENSION_CHOICES)
    return render(request, "migration/deployment_statistics.html", {
        "form": form, "by": by, "headers": [labels[d] for d in by], "cells": cells,
        "overall": next(iter(service.deployment_table(request.user, [], **filters)), None), "comparisons": comparisons,
    })  # fmt: skip
