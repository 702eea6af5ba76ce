from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phlov.migration.models import Agency, JobOrder


class AgencySerializer(serializers.ModelSerializer[Agency]):
    destinations: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )

    class Meta:
        model = Agency
        fields = ["id", "name_en", "name_km", "licence_number", "licence_issued", "licence_expires", "status",
                  "suspended_until", "destinations"]  # fmt: skip
        read_only_fields = fields


class FindingSerializer(serializers.Serializer[Any]):
    rule = serializers.CharField()
    severity = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]


class JobOrderSerializer(serializers.ModelSerializer[JobOrder]):
    destination: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        read_only=True, slug_field="code"
    )
    employer: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = JobOrder
        fields = ["id", "agency", "destination", "employer", "sector_isic", "positions_count", "position", "worksite",
                  "wage_amount", "wage_currency", "wage_period", "contract_months", "status"]  # fmt: skip
        read_only_fields = fields
