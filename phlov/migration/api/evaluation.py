"""``/api/v1/migration/evaluation-rounds/``: rounds with their ranking (read-only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.migration.models import EvaluationRound
from phlov.migration.policies import EvaluationRoundPolicy
from phlov.migration.services.evaluation import ranking


class RankedSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    agency = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    suggested_measure = serializers.CharField(
        allow_blank=True, help_text="Code of the band (weights and bands are unverified)"
    )


class EvaluationRoundSerializer(serializers.ModelSerializer[EvaluationRound]):
    ranking = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = ["id", "label", "period_start", "period_end", "panel_government", "panel_employers", "panel_workers",
                  "closed_at", "ranking"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(RankedSerializer(many=True))
    def get_ranking(self, obj: EvaluationRound) -> list[dict[str, Any]]:
        rows = [
            {
                "rank": r.rank,
                "agency": r.evaluation.agency_id,
                "total": r.evaluation.total,
                "suggested_measure": r.band.code if r.band else "",
            }
            for r in ranking(obj)
        ]
        return list(RankedSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Evaluation rounds the caller may see"),
    retrieve=extend_schema(summary="An evaluation round with its ranking"),
)
class EvaluationRoundViewSet(viewsets.ReadOnlyModelViewSet[EvaluationRound]):
    serializer_class = EvaluationRoundSerializer

    def get_queryset(self) -> QuerySet[EvaluationRound]:
        return EvaluationRoundPolicy().restrict(self.request.user).order_by("-period_end", "-pk")
