"""Explicit serializers of the protection API; sensitive fields are dropped per the reader's
roles (``policy.hidden_fields``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phlov.protection.models import Case, Screening, StageChange
from phlov.protection.stages import Stage


class HidingSerializer(serializers.ModelSerializer):
    """Leaves out the fields the policy hides from the requesting user."""

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        for name in self.context.get("hidden", ()):
            data.pop(name, None)
        return data


class CaseSerializer(HidingSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    caseworker = serializers.IntegerField(source="caseworker_id", read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id", "person", "organisation", "caseworker", "stage", "opened_on", "closed_on", "identified_abroad",
            "exploitation_forms", "sexual_exploitation_details", "means_of_control", "recruitment_methods",
            "recruited_by", "departure", "narrative", "closure_reason", "closure_note",
        ]  # fmt: skip
        read_only_fields = fields


class ScreeningSerializer(HidingSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    reasoning = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Screening
        fields = [
            "id", "person", "case", "source_kind", "source_id", "screened_on", "age_at_screening", "acts", "means",
            "purposes", "ilo_indicators", "proposed_outcome", "proposal_reasons", "reasoning", "outcome",
            "decision_reason", "notes",
        ]  # fmt: skip
        read_only_fields = fields


class StageChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageChange
        fields = [
            "id",
            "case",
            "from_stage",
            "to_stage",
            "status",
            "requested_at",
            "reason",
            "closure_reason",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    closure_reason = serializers.CharField(required=False, allow_blank=True, default="")
    closure_override = serializers.CharField(required=False, allow_blank=True, default="")
