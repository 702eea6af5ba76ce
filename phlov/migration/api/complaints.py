"""``/api/v1/migration/complaints/``: the complaints a complaints officer may see (read-only)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.migration.models import Complaint
from phlov.migration.policies import ComplaintPolicy


class ComplaintSerializer(serializers.ModelSerializer[Complaint]):
    class Meta:
        model = Complaint
        fields = ["id", "organisation", "lodged_by", "group_size", "respondent_kind", "agency", "destination",
                  "category", "status", "due_by", "acknowledged_at", "compensation_agreed", "compensation_paid",
                  "trafficking_flag", "closed_at", "created_at"]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Complaints the caller may see"), retrieve=extend_schema(summary="A complaint")
)
class ComplaintViewSet(viewsets.ReadOnlyModelViewSet[Complaint]):
    serializer_class = ComplaintSerializer

    def get_queryset(self) -> QuerySet[Complaint]:
        return ComplaintPolicy().restrict(self.request.user).order_by("-created_at", "-pk")
