"""``/api/v1/protection/care-items/``: the care plan's goals with their deliveries (read through
the policies); a goal is added and a service delivered through ``phlov.protection.careplan``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from phlov.accounts.models import Organisation
from phlov.core.policies import Action
from phlov.protection import careplan, vocab
from phlov.protection.api.serializers import HidingSerializer
from phlov.protection.models import CareItem, Case, ServiceDelivery
from phlov.protection.policies import CareItemPolicy, CasePolicy, ServiceDeliveryPolicy


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceDelivery
        fields = ["id", "delivered_on", "description"]
        read_only_fields = ["id"]


class CareItemSerializer(HidingSerializer):
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.none())
    provider = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), allow_null=True, required=False
    )
    domain = serializers.ChoiceField(choices=sorted(vocab.codes("care_domains")))
    status = serializers.ChoiceField(choices=sorted(vocab.codes("care_statuses")), required=False)
    deliveries = serializers.SerializerMethodField()

    class Meta:
        model = CareItem
        fields = ["id", "case", "domain", "goal", "service", "provider", "provider_name", "starts_on", "due_on",
                  "status", "deliveries"]  # fmt: skip
        read_only_fields = ["id", "deliveries"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field: Any = self.fields["case"]
            field.queryset = CasePolicy().restrict(request.user, action=Action.CHANGE)

    def get_deliveries(self, item: CareItem) -> list[dict[str, Any]]:
        request = self.context.get("request")
        found = ServiceDeliveryPolicy().restrict(request.user).filter(item=item) if request else []
        return list(DeliverySerializer(found, many=True).data)


def _call(function: Any, **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.NotFound() from error
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise exceptions.ValidationError(detail) from error


@extend_schema_view(
    list=extend_schema(summary="List the care plan goals the caller may see, with services delivered"),
    retrieve=extend_schema(summary="One care plan goal with its services delivered"),
    create=extend_schema(summary="Add a goal to a case's care plan (one of the seven domains)"),
)
class CareItemViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CareItemSerializer

    def get_queryset(self) -> QuerySet[CareItem]:
        return careplan.visible_items(self.request.user).order_by("pk")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        case = data.pop("case")
        serializer.instance = _call(careplan.add_item, actor=self.request.user, case=case, **data)

    @extend_schema(summary="Log a service delivered towards this goal", request=DeliverySerializer,
                   responses={201: DeliverySerializer})  # fmt: skip
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        item = CareItemPolicy().get_or_404(request.user, Action.CHANGE, pk=pk)
        data = DeliverySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = _call(careplan.log_delivery, actor=request.user, item=item, **data.validated_data)
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)
