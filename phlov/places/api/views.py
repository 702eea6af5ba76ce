"""Read-only API over the places: list, retrieve, search and resolve.

Every signed-in user may read it (the default IsAuthenticated permission).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.places.api.serializers import (
    PlaceSerializer,
    ResolutionSerializer,
    SearchParamsSerializer,
    SuggestionSerializer,
)
from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import resolve, search

KIND_PARAMETER = OpenApiParameter(
    "kind", OpenApiTypes.STR, enum=PlaceKind.values, many=True, explode=True, description="Only these kinds."
)
WITHIN_PARAMETER = OpenApiParameter(
    "within", OpenApiTypes.INT, description="Only places inside this place (its id)."
)
Q_PARAMETER = OpenApiParameter(
    "q", OpenApiTypes.STR, required=True, description="A place name in Khmer or English, or a code."
)


def _search_params(request: Request) -> dict[str, Any]:
    query = request.query_params
    data: dict[str, Any] = {"q": query.get("q", ""), "kind": query.getlist("kind")}
    data |= {name: query[name] for name in ("within", "limit") if query.get(name)}
    params = SearchParamsSerializer(data=data)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="List places",
        parameters=[
            KIND_PARAMETER,
            OpenApiParameter(
                "parent", OpenApiTypes.INT, description="Only the places directly inside this place (its id)."
            ),
            OpenApiParameter(
                "parent_code",
                OpenApiTypes.STR,
                description="Only the places directly inside the place with this code.",
            ),
        ],
    ),
    retrieve=extend_schema(summary="One place"),
)
class PlaceViewSet(viewsets.ReadOnlyModelViewSet[Place]):
    """Cambodia's provinces, districts, communes and villages, countries and regions."""

    serializer_class = PlaceSerializer
    queryset = Place.objects.all()
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Place]:
        places = Place.objects.order_by("kind", "code")
        if self.action != "list":
            return places
        kinds = self.request.query_params.getlist("kind")
        if any(kind not in PlaceKind.values for kind in kinds):
            raise ValidationError({"kind": f"choose from {', '.join(PlaceKind.values)}"})
        if kinds:
            places = places.filter(kind__in=kinds)
        parent = self.request.query_params.get("parent")
        if parent is not None:
            if not parent.isdigit():
                raise ValidationError({"parent": "an id (a whole number)"})
            places = places.filter(parent_id=int(parent))
        parent_code = self.request.query_params.get("parent_code")
        if parent_code:
            places = places.filter(parent__code=parent_code)
        return places

    @extend_schema(
        summary="Search places",
        operation_id="places_search",
        description="Places whose names or curated spellings come closest to `q`, best first.",
        parameters=[
            Q_PARAMETER,
            KIND_PARAMETER,
            WITHIN_PARAMETER,
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description="How many results (1 to 50, 20 if not given)."
            ),
        ],
        responses=SuggestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def search(self, request: Request) -> Response:
        params = _search_params(request)
        found = search(
            params["q"], kind=params.get("kind") or None, within=params.get("within"), limit=params["limit"]
        )
        return Response(SuggestionSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Resolve a place name",
        operation_id="places_resolve",
        description=(
            "The one place `q` names, how it matched and the other places with the same key; "
            "or no place and the closest suggestions. Never a guess."
        ),
        parameters=[Q_PARAMETER, KIND_PARAMETER, WITHIN_PARAMETER],
        responses=ResolutionSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def resolve(self, request: Request) -> Response:
        params = _search_params(request)
        resolution = resolve(params["q"], kind=params.get("kind") or None, within=params.get("within"))
        return Response(ResolutionSerializer(resolution, context={"request": request}).data)
