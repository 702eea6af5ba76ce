"""``/api/v1/protection/referrals/``: referrals and transfers the caller's organisation sent or
received; ``move`` goes through ``services_referrals`` (the same table as the pages)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.accounts.models import User
from phlov.core.policies import Action
from phlov.protection import selectors_referrals, services_referrals
from phlov.protection.api.serializers import HidingSerializer
from phlov.protection.models import Referral, ReferralStatus
from phlov.protection.policies_services import ReferralPolicy


class ReferralSerializer(HidingSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    from_organisation = serializers.IntegerField(source="from_organisation_id", read_only=True)
    to_organisation = serializers.IntegerField(source="to_organisation_id", read_only=True)
    basis = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id", "case", "kind", "from_organisation", "to_organisation", "reason", "services", "details", "status",
            "sent_at", "answered_at", "closed_at", "note", "basis",
        ]  # fmt: skip
        read_only_fields = fields

    def get_basis(self, referral: Referral) -> str:
        return "override" if referral.consent_override_id else "consent"


class MoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(
        choices=[s for s in ReferralStatus.choices if s[0] != ReferralStatus.SENT]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    caseworker = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1
    )


@extend_schema_view(
    list=extend_schema(summary="List the referrals and transfers the caller's organisation sent or received"),
    retrieve=extend_schema(summary="One referral or transfer"),
)
class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReferralSerializer

    def get_queryset(self) -> QuerySet[Referral]:
        return selectors_referrals.visible_referrals(self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "hidden": ReferralPolicy().hidden_fields(self.request.user),
        }

    @extend_schema(
        summary="Accept, decline, complete or revoke a referral",
        description="The receiving organisation accepts or declines; the sending one revokes; either completes an "
        "accepted referral. Accepting a transfer moves the case (to `caseworker`, or the caller). A move the table "
        "does not allow answers 400.",
        request=MoveSerializer,
        responses={200: ReferralSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        referral: Referral = ReferralPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        caseworker = None
        if data.validated_data["caseworker"] is not None:
            caseworker = User.objects.filter(pk=data.validated_data["caseworker"], is_active=True).first()
            if caseworker is None:
                raise exceptions.ValidationError({"caseworker": ["Unknown user."]})
        try:
            services_referrals.move(
                actor=request.user, referral=referral, to_status=data.validated_data["to_status"],
                note=data.validated_data["note"], caseworker=caseworker,
            )  # fmt: skip
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied() from error
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from error
        return Response(ReferralSerializer(referral, context=self.get_serializer_context()).data)
