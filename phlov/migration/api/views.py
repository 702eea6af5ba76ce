"""``/api/v1/migration/``: read-only agencies and job orders (with their findings); querysets from the policies."""

from __future__ import annotations

from dataclasses import asdict

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.migration import checks
from phlov.migration.api.serializers import AgencySerializer, FindingSerializer, JobOrderSerializer
from phlov.migration.models import Agency, JobOrder
from phlov.migration.policies import AgencyPolicy, JobOrderPolicy


@extend_schema_view(
    list=extend_schema(summary="Agencies the caller may see"), retrieve=extend_schema(summary="An agency")
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet[Agency]):
    serializer_class = AgencySerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return AgencyPolicy().restrict(self.request.user).prefetch_related("destinations").order_by("name_en")


@extend_schema_view(
    list=extend_schema(summary="Job orders the caller may see"), retrieve=extend_schema(summary="A job order")
)
class JobOrderViewSet(viewsets.ReadOnlyModelViewSet[JobOrder]):
    serializer_class = JobOrderSerializer

    def get_queryset(self) -> QuerySet[JobOrder]:
        return (
            JobOrderPolicy()
            .restrict(self.request.user)
            .select_related("destination", "employer")
            .order_by("-pk")
        )

    @extend_schema(summary="Fair-recruitment findings of a job order", responses=FindingSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def findings(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        return Response(FindingSerializer([asdict(f) for f in checks.run(order)], many=True).data)
