"""``/api/v1/protection/reintegrations/``: where each person went and the money given."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.protection import reintegration
from phlov.protection.api.serializers import HidingSerializer
from phlov.protection.models import FinancialSupport, Reintegration
from phlov.protection.policies import ReintegrationPolicy


class SupportSerializer(serializers.ModelSerializer):
    class Meta:
        model = FinancialSupport
        fields = ["id", "kind", "amount", "given_on", "months", "description"]
        read_only_fields = fields


class ReintegrationSerializer(HidingSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    place = serializers.IntegerField(source="place_id", read_only=True, allow_null=True)
    support = serializers.SerializerMethodField()

    class Meta:
        model = Reintegration
        fields = ["id", "case", "destination", "place", "reintegrated_on", "cost_food", "cost_rent",
                  "cost_family_support", "support"]  # fmt: skip
        read_only_fields = fields

    def get_support(self, found: Reintegration) -> list[dict[str, Any]]:
        request = self.context.get("request")
        given = reintegration.visible_support(request.user).filter(case_id=found.case_id) if request else []
        return list(SupportSerializer(given, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List the reintegrations the caller may see, with the support given"),
    retrieve=extend_schema(summary="One reintegration"),
)
class ReintegrationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReintegrationSerializer

    def get_queryset(self) -> QuerySet[Reintegration]:
        return reintegration.visible_reintegrations(self.request.user).order_by("pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "hidden": ReintegrationPolicy().hidden_fields(self.request.user),
        }
