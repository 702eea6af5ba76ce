"""``/api/v1/protection/``: cases and screenings (read through the policies) and stage changes
(written through ``phlov.protection.workflow``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.core.policies import Action
from phlov.protection import selectors, workflow
from phlov.protection.api.serializers import (
    CaseSerializer,
    ScreeningSerializer,
    StageChangeSerializer,
    TransitionSerializer,
)
from phlov.protection.models import Case, Screening
from phlov.protection.policies import CasePolicy, ScreeningPolicy


@extend_schema_view(
    list=extend_schema(summary="List the protection cases the caller may see"),
    retrieve=extend_schema(summary="One protection case"),
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.visible_cases(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "hidden": CasePolicy().hidden_fields(self.request.user)}

    @extend_schema(
        summary="Change the stage of a case",
        description="Moves the case, or asks a supervisor when the move needs approval (status `pending`). "
        "A move the stage table does not allow answers 400 with the reason.",
        request=TransitionSerializer,
        responses={200: StageChangeSerializer},
    )
    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: str | None = None) -> Response:
        case = CasePolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            change = workflow.change_stage(actor=request.user, case=case, **data.validated_data)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied() from error
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from error
        return Response(StageChangeSerializer(change).data)


@extend_schema_view(
    list=extend_schema(summary="List the screenings the caller may see"),
    retrieve=extend_schema(summary="One screening, with the proposal's reasons in words"),
)
class ScreeningViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ScreeningSerializer

    def get_queryset(self) -> QuerySet[Screening]:
        return selectors.visible_screenings(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "hidden": ScreeningPolicy().hidden_fields(self.request.user),
        }
