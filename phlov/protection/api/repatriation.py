"""``/api/v1/protection/repatriations/``: repatriations with their steps, due dates, overdue
flags and the source of each time limit (read through the policies)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.protection import selectors_repatriation
from phlov.protection.api.serializers import HidingSerializer
from phlov.protection.models import Repatriation, RepatriationStep
from phlov.protection.policies_services import RepatriationPolicy


class StepSerializer(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    time_limit_days = serializers.SerializerMethodField()
    verified = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()

    class Meta:
        model = RepatriationStep
        fields = [
            "id",
            "code",
            "order",
            "title",
            "due_on",
            "done_on",
            "overdue",
            "time_limit_days",
            "verified",
            "citation",
        ]
        read_only_fields = fields

    def get_title(self, step: RepatriationStep) -> str:
        return str(step)

    def get_overdue(self, step: RepatriationStep) -> bool:
        return step.is_overdue()

    def get_time_limit_days(self, step: RepatriationStep) -> int | None:
        found = step.definition()
        return found.days if found else None

    def get_verified(self, step: RepatriationStep) -> bool:
        found = step.definition()
        return bool(found and found.verified)

    def get_citation(self, step: RepatriationStep) -> str:
        found = step.definition()
        return found.source if found else ""


class RepatriationSerializer(HidingSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    host_country = serializers.CharField(source="host_country.code", read_only=True)
    days_to_return = serializers.IntegerField(read_only=True, allow_null=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = Repatriation
        fields = [
            "id", "case", "procedure", "host_country", "host_agency", "identified_on", "family_tracing_requested_on",
            "family_tracing_done_on", "family_assessment_on", "family_assessment_result", "handover_on",
            "border_point", "escort", "notes", "days_to_return", "steps",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List the repatriations the caller may see, with their steps"),
    retrieve=extend_schema(summary="One repatriation, its steps, due dates and overdue flags"),
)
class RepatriationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RepatriationSerializer

    def get_queryset(self) -> QuerySet[Repatriation]:
        return selectors_repatriation.visible_repatriations(self.request.user).prefetch_related("steps")

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "hidden": RepatriationPolicy().hidden_fields(self.request.user),
        }
