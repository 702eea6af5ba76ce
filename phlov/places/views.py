"""The place browser and the place picker's fragments.

Places are reference data: every signed-in user may read them, nobody edits them here.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from phlov.core.access import protected
from phlov.places.forms import (
    CHOOSE_ABOVE_FIRST,
    LEVELS,
    PLACEHOLDERS,
    bilingual,
    chain_of,
    children_of,
    levels_down_to,
    picker_query,
    selects_context,
)
from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import ancestors, search

BY = "login: places are reference data"
SEARCH_LIMIT = 30
PICKER_LIMIT = 12
# A picker's name and id go into ids and parameter names; nothing else is accepted.
_SAFE_NAME = re.compile(r"[A-Za-z][\w-]{0,99}")


def _results(query: str, *, kind: Any = None, limit: int = SEARCH_LIMIT) -> list[dict[str, Any]]:
    found = search(query, kind=kind, limit=limit) if query.strip() else []
    return [
        {
            "place": place,
            "score": score,
            "label": bilingual(place),
            "path": " · ".join(bilingual(a) for a in ancestors(place)),
        }
        for place, score in found
    ]


@protected(by=BY)
def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    context: dict[str, Any] = {"query": query, "results": _results(query)}
    if getattr(request, "htmx", False):
        response = render(request, "places/index.html#results", context)
    else:
        context["provinces"] = children_of(None, PlaceKind.PROVINCE)
        context["regions"] = sorted(Place.objects.filter(kind=PlaceKind.REGION), key=lambda p: p.name)
        context["countries"] = sorted(
            Place.objects.filter(kind=PlaceKind.COUNTRY), key=lambda p: p.name.casefold()
        )
        response = render(request, "places/index.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@protected(by=BY)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    children = sorted(place.children.all(), key=lambda p: (p.kind, p.name.casefold()))
    context = {
        "place": place,
        "ancestors": list(reversed(ancestors(place))),
        "children": children,
        "aliases": place.aliases.order_by("spelling"),
    }
    return render(request, "places/detail.html", context)


def _picker_params(request: HttpRequest) -> tuple[str, str, tuple[str, ...]]:
    name, picker_id = request.GET.get("name", ""), request.GET.get("picker", "")
    if not (_SAFE_NAME.fullmatch(name) and _SAFE_NAME.fullmatch(picker_id)):
        raise BadRequest("name and picker must be simple identifiers")
    return name, picker_id, levels_down_to(request.GET.get("deepest"))


@protected(by=BY)
def picker_children(request: HttpRequest) -> HttpResponse:
    """The options of the next select, and empty deeper selects, after a select changed."""

    name, picker_id, levels = _picker_params(request)
    level = request.GET.get("level", "")
    if level not in levels or level == LEVELS[0]:
        raise BadRequest("level must be a level below the first one")
    parent_level = levels[levels.index(level) - 1]
    parent_id = request.GET.get(f"{name}_{parent_level}", "")
    parent = (
        Place.objects.filter(pk=int(parent_id), kind=parent_level).first() if parent_id.isdigit() else None
    )
    options = [(p.pk, bilingual(p), False) for p in children_of(parent, level)] if parent else []
    deeper = [
        {"id": f"{picker_id}_{lower}", "placeholder": CHOOSE_ABOVE_FIRST}
        for lower in levels[levels.index(level) + 1 :]
    ]
    placeholder = PLACEHOLDERS[level] if parent is not None else CHOOSE_ABOVE_FIRST
    context = {"options": options, "placeholder": placeholder, "resets": deeper}
    return render(request, "places/widgets/_children.html", context)


@protected(by=BY)
def picker_search(request: HttpRequest) -> HttpResponse:
    name, picker_id, levels = _picker_params(request)
    query = request.GET.get(f"{name}_q", request.GET.get("q", "")).strip()[:200]
    choose_url = f"{reverse('places:picker-choose')}?{picker_query(name, picker_id, levels)}"
    context = {
        "query": query,
        "results": _results(query, kind=levels, limit=PICKER_LIMIT),
        "choose_url": choose_url,
        "picker_id": picker_id,
    }
    return render(request, "places/widgets/_search_results.html", context)


@protected(by=BY)
def picker_choose(request: HttpRequest) -> HttpResponse:
    """The picker's selects again, set to a place chosen from the search results."""

    name, picker_id, levels = _picker_params(request)
    place_id = request.GET.get("place", "")
    place = Place.objects.filter(pk=int(place_id), kind__in=levels).first() if place_id.isdigit() else None
    context = selects_context(name, picker_id, levels, chain_of(place))
    context["chosen"] = place
    return render(request, "places/widgets/_chosen.html", context)
