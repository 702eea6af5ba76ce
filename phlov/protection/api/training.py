"""``/api/v1/protection/enrolments/`` and ``placements/``: training with whether it is what the
person asked for, placements; ``enrolments/match/`` gives the wish-versus-course figure."""

from __future__ import annotations

from dataclasses import asdict

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.protection import training
from phlov.protection.models import Enrolment, Placement


class EnrolmentSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    course_kind = serializers.CharField(source="course.kind", read_only=True)
    course_name = serializers.CharField(source="course.name", read_only=True)

    class Meta:
        model = Enrolment
        fields = ["id", "case", "course", "course_kind", "course_name", "enrolled_on", "status", "wanted",
                  "not_wanted_reason"]  # fmt: skip
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "case", "kind", "employer", "sector", "starts_on", "ends_on", "monthly_wage",
                  "startup_support"]  # fmt: skip
        read_only_fields = fields


MATCH = inline_serializer(
    "TrainingMatch",
    {
        "enrolments": serializers.IntegerField(),
        "as_wished": serializers.IntegerField(),
        "match_pct": serializers.IntegerField(allow_null=True),
        "rows": inline_serializer("TrainingMatchRow", {
            "kind": serializers.CharField(), "label": serializers.CharField(), "wanted": serializers.IntegerField(),
            "trained": serializers.IntegerField(), "trained_as_wished": serializers.IntegerField(),
        }, many=True),
    },
)  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        summary="List the enrolments the caller may see, with whether the person wanted the course"
    ),
    retrieve=extend_schema(summary="One enrolment"),
)
class EnrolmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EnrolmentSerializer

    def get_queryset(self) -> QuerySet[Enrolment]:
        return training.visible_enrolments(self.request.user).order_by("pk")

    @extend_schema(
        summary="What people wanted against what they got, by kind of training", responses={200: MATCH}
    )
    @action(detail=False, methods=["get"])
    def match(self, request: Request) -> Response:
        figure = training.match_figure(request.user)
        return Response({
            "enrolments": figure.enrolments, "as_wished": figure.as_wished, "match_pct": figure.match_pct,
            "rows": [{**asdict(r), "label": str(r.label)} for r in figure.rows],
        })  # fmt: skip


@extend_schema_view(
    list=extend_schema(summary="List the placements the caller may see"),
    retrieve=extend_schema(summary="One placement"),
)
class PlacementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlacementSerializer

    def get_queryset(self) -> QuerySet[Placement]:
        return training.visible_placements(self.request.user).order_by("pk")
