"""``/api/v1/protection/shelters/`` and ``shelter-stays/``: shelters with their occupancy and
waiting list, and the stays the caller may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from phlov.protection import selectors_shelters
from phlov.protection.api.serializers import HidingSerializer
from phlov.protection.models import Shelter, ShelterStay
from phlov.protection.models.shelters import StayStatus
from phlov.protection.policies_services import ShelterStayPolicy


class ShelterSerializer(serializers.ModelSerializer):
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    occupied = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)

    class Meta:
        model = Shelter
        fields = [
            "id",
            "organisation",
            "name_en",
            "name_km",
            "kind",
            "capacity",
            "is_active",
            "occupied",
            "waiting",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List the caller's organisation's shelters with their occupancy"),
    retrieve=extend_schema(summary="One shelter with its occupancy and waiting list length"),
)
class ShelterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ShelterSerializer

    def get_queryset(self) -> QuerySet[Shelter]:
        return selectors_shelters.visible_shelters(self.request.user).annotate(
            occupied=Count("stays", filter=Q(stays__status=StayStatus.ADMITTED)),
            waiting=Count("stays", filter=Q(stays__status=StayStatus.WAITING)),
        )


class StaySerializer(HidingSerializer):
    shelter = serializers.IntegerField(source="shelter_id", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    months_stayed = serializers.SerializerMethodField()

    class Meta:
        model = ShelterStay
        fields = [
            "id", "shelter", "case", "status", "requested_on", "admitted_on", "discharged_on",
            "discharge_destination", "discharge_note", "reviewed_on", "review_note", "notes", "months_stayed",
        ]  # fmt: skip
        read_only_fields = fields

    def get_months_stayed(self, stay: ShelterStay) -> int | None:
        return stay.months_stayed(datetime.date.today())


@extend_schema_view(
    list=extend_schema(summary="List the shelter stays the caller may see"),
    retrieve=extend_schema(summary="One shelter stay"),
)
class ShelterStayViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StaySerializer

    def get_queryset(self) -> QuerySet[ShelterStay]:
        return selectors_shelters.visible_stays(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "hidden": ShelterStayPolicy().hidden_fields(self.request.user),
        }
