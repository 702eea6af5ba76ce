"""``/api/v1/people/``: list and search, retrieve, create, update. Every queryset comes from
PersonPolicy; writes go through phlov.people.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from phlov.core.policies import Action
from phlov.people import services
from phlov.people.api.serializers import (
    DuplicatesSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonWriteSerializer,
)
from phlov.people.models import Person
from phlov.people.policies import PersonPolicy
from phlov.people.selectors import search_people, visible_people
from phlov.places.models import Place, PlaceKind


def _validation(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in error.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description="A name in either script and any spelling, a document number or a phone.",
    ),
    OpenApiParameter("sex", OpenApiTypes.STR, enum=["female", "male", "other", "unknown"]),
    OpenApiParameter("age_min", OpenApiTypes.INT),
    OpenApiParameter("age_max", OpenApiTypes.INT),
    OpenApiParameter("province", OpenApiTypes.STR, description="Code of the province of origin."),
]


@extend_schema_view(
    list=extend_schema(
        summary="List or search people",
        description="Without `q`: the people the caller may see. With `q` (or filters): search results, best first; "
        "each search is audited without its terms.",
        parameters=SEARCH_PARAMETERS,
    ),
    retrieve=extend_schema(summary="A person (audited as a view)"),
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Person],
):
    serializer_class = PersonSerializer
    queryset = Person.objects.none()
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        return (
            visible_people(self.request.user)
            .select_related("nationality", "origin_village", "origin_province")
            .prefetch_related("names", "documents", "phones")
            .order_by("pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["hidden"] = PersonPolicy().hidden_fields(self.request.user)
        return context

    def get_object(self) -> Person:
        action = Action.VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else Action.CHANGE
        return PersonPolicy().get_or_404(self.request.user, action, pk=self.kwargs["pk"])

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = request.query_params
        query = params.get("q", "").strip()
        filters = {k: params.get(k) for k in ("sex", "age_min", "age_max", "province") if params.get(k)}
        if not query and not filters:
            return super().list(request, *args, **kwargs)
        try:
            age_min = int(str(filters["age_min"])) if "age_min" in filters else None
            age_max = int(str(filters["age_max"])) if "age_max" in filters else None
        except ValueError:
            raise exceptions.ValidationError({"age": ["whole numbers only"]}) from None
        province = None
        if "province" in filters:
            province = Place.objects.filter(kind=PlaceKind.PROVINCE, code=filters["province"]).first()
            if province is None:
                raise exceptions.ValidationError({"province": ["no province has this code"]})
        limit = min(int(params.get("limit", "50")) if params.get("limit", "50").isdigit() else 50, 100)
        results = search_people(
            actor=request.user,
            query=query,
            sex=filters.get("sex"),
            age_min=age_min,
            age_max=age_max,
            province=province,
            limit=limit,
        )
        page = self.paginate_queryset([r.person for r in results])
        serializer = self.get_serializer(page if page is not None else [r.person for r in results], many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()  # audited by the policy
        return Response(self.get_serializer(person).data)

    @extend_schema(
        summary="Register a person",
        request=PersonCreateSerializer,
        responses={
            201: PersonSerializer,
            200: OpenApiResponse(
                PersonSerializer, description="Linked to the existing person given in `link_to`."
            ),
            409: OpenApiResponse(
                DuplicatesSerializer, description="Likely duplicates: link to one or confirm new."
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        link_to = data.pop("link_to", None)
        if link_to is not None:
            target = PersonPolicy().get_or_404(request.user, Action.VIEW, pk=link_to)
            services.create_person(actor=request.user, data={}, link_to=target)
            return Response(self.get_serializer(target).data, status=status.HTTP_200_OK)
        names = data.pop("names", [])
        documents = data.pop("documents", [])
        phones = data.pop("phones", [])
        confirmed = data.pop("confirmed_new", False)
        try:
            person = services.create_person(
                actor=request.user,
                data=data,
                names=names,
                documents=documents,
                phones=phones,
                confirmed_new=confirmed,
            )
        except services.PossibleDuplicates as duplicates:
            body = {
                "detail": "likely duplicates: send link_to or confirmed_new",
                "matches": [
                    {"person": m.person.pk, "score": m.score, "reasons": m.reasons}
                    for m in duplicates.matches
                ],
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        except DjangoPermissionDenied:
            raise exceptions.PermissionDenied from None
        except DjangoValidationError as error:
            raise _validation(error) from None
        person = self.get_queryset().get(pk=person.pk)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a person", request=PersonWriteSerializer, responses={200: PersonSerializer}
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = PersonWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            services.update_person(actor=request.user, person=person, data=dict(serializer.validated_data))
        except DjangoPermissionDenied:
            raise exceptions.PermissionDenied from None
        except DjangoValidationError as error:
            raise _validation(error) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=person.pk)).data)

    @extend_schema(
        summary="Change some fields of a person",
        request=PersonWriteSerializer,
        responses={200: PersonSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        kwargs.setdefault("context", self.get_serializer_context())
        return PersonSerializer(*args, **kwargs)
