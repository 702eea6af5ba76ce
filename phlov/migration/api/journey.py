"""``/api/v1/migration/workers/``: workers' journeys (status, dates, documents, events), read-only, through WorkerPolicy."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.migration.models import Worker, WorkerDocument, WorkerEvent
from phlov.migration.policies import WorkerPolicy


class WorkerDocumentSerializer(serializers.ModelSerializer[WorkerDocument]):
    class Meta:
        model = WorkerDocument
        fields = ["kind", "number", "issued_on", "expires_on"]
        read_only_fields = fields


class WorkerEventSerializer(serializers.ModelSerializer[WorkerEvent]):
    class Meta:
        model = WorkerEvent
        fields = ["kind", "action", "from_status", "to_status", "happened_on", "by", "note"]
        read_only_fields = fields


class WorkerSerializer(serializers.ModelSerializer[Worker]):
    documents = WorkerDocumentSerializer(many=True, read_only=True)
    events = WorkerEventSerializer(many=True, read_only=True)

    class Meta:
        model = Worker
        fields = ["id", "person", "job_order", "status", "orientation_completed_at", "departure_date", "arrived_at",
                  "contract_ends_on", "returned_at", "early_return", "documents", "events"]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Migrant workers the caller may see"),
    retrieve=extend_schema(summary="A migrant worker's journey"),
)
class WorkerViewSet(viewsets.ReadOnlyModelViewSet[Worker]):
    serializer_class = WorkerSerializer

    def get_queryset(self) -> QuerySet[Worker]:
        return (
            WorkerPolicy().restrict(self.request.user).filter(historical_source="")
            .prefetch_related("documents", "events").order_by("-pk")
        )  # fmt: skip
