"""``/api/v1/migration/inspections/``: inspections with their findings and corrective actions (read-only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.migration.models import CorrectiveAction, Inspection, InspectionFinding
from phlov.migration.policies import InspectionPolicy


class InspectionFindingSerializer(serializers.ModelSerializer[InspectionFinding]):
    item: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = InspectionFinding
        fields = ["item", "result", "note"]
        read_only_fields = fields


class CorrectiveActionSerializer(serializers.ModelSerializer[CorrectiveAction]):
    class Meta:
        model = CorrectiveAction
        fields = ["id", "description", "due_on", "status", "done_on", "verified_in"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    findings = InspectionFindingSerializer(many=True, read_only=True)
    actions = CorrectiveActionSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "agency", "branch", "training_centre", "kind", "planned_for", "visited_on", "follow_up_of",
                  "summary", "findings", "actions"]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Inspections the caller may see"),
    retrieve=extend_schema(summary="An inspection"),
)
class InspectionViewSet(viewsets.ReadOnlyModelViewSet[Inspection]):
    serializer_class = InspectionSerializer

    def get_queryset(self) -> QuerySet[Inspection]:
        return (
            InspectionPolicy()
            .restrict(self.request.user)
            .prefetch_related("findings__item", "actions")
            .order_by("-planned_for", "-pk")
        )
