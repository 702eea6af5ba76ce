"""Explicit serializers of the people API. Output leaves out the fields of groups the reader
may not see; input goes to the services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from phlov.people.documents import DocumentKind
from phlov.people.models import (
    BirthDatePrecision,
    Ethnicity,
    IdentityDocument,
    NameKind,
    Person,
    PersonName,
    PhoneNumber,
    Script,
    Sex,
)
from phlov.people.policies import PersonPolicy
from phlov.places.models import Place, PlaceKind

# "kind" is named after its table in the API: the OpenAPI enums of one name must be one set.


class PersonNameSerializer(serializers.ModelSerializer[PersonName]):
    name_kind = serializers.ChoiceField(source="kind", choices=NameKind.choices, read_only=True)

    class Meta:
        model = PersonName
        fields = ["id", "script", "family", "given", "name_kind", "source"]
        read_only_fields = ["id"]


class IdentityDocumentSerializer(serializers.ModelSerializer[IdentityDocument]):
    issuing_country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        required=False,
        allow_null=True,
    )

    document_kind = serializers.ChoiceField(source="kind", choices=DocumentKind.choices, read_only=True)

    class Meta:
        model = IdentityDocument
        fields = ["id", "document_kind", "number", "issuing_country", "issued_on", "expires_on"]
        read_only_fields = ["id"]


class PhoneNumberSerializer(serializers.ModelSerializer[PhoneNumber]):
    class Meta:
        model = PhoneNumber
        fields = ["id", "number", "note"]
        read_only_fields = ["id"]


class PersonSerializer(serializers.ModelSerializer[Person]):
    """A person as a reader may see them: ``documents``, ``phones``, ``origin_village``,
    ``household`` and ``notes`` are absent for a reader without their field group."""

    organisation: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(read_only=True)
    nationality: serializers.SlugRelatedField[Place] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    origin_village: serializers.SlugRelatedField[Place] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    origin_province: serializers.SlugRelatedField[Place] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    age = serializers.IntegerField(read_only=True, allow_null=True)
    birth_date_precision = serializers.ChoiceField(
        choices=BirthDatePrecision.choices, allow_blank=True, read_only=True
    )
    names = PersonNameSerializer(many=True, read_only=True)
    documents = IdentityDocumentSerializer(many=True, read_only=True)
    phones = PhoneNumberSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id", "organisation", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
            "sex", "birth_date", "birth_date_precision", "estimated_age", "age_estimated_on", "birth_year", "age",
            "nationality", "ethnicity", "origin_village", "origin_province", "household", "notes",
            "merged_into", "names", "documents", "phones", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        hidden = self.context.get("hidden")
        if hidden is None:
            hidden = PersonPolicy().hidden_fields(getattr(request, "user", None))
        for name in hidden:
            data.pop(name, None)
        return data


class SearchResultSerializer(serializers.Serializer[Any]):
    score = serializers.FloatField()
    matched_by = serializers.ChoiceField(choices=["name", "document", "phone", "filters"])
    person = PersonSerializer()


class PersonWriteSerializer(serializers.Serializer[Any]):
    """The fields a client may set; on creation also names, documents and phones."""

    family_name_km = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given_name_km = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name_latin = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given_name_latin = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_date_precision = serializers.ChoiceField(
        choices=BirthDatePrecision.choices, required=False, allow_blank=True
    )
    estimated_age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    age_estimated_on = serializers.DateField(required=False, allow_null=True)
    nationality = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        required=False,
        allow_null=True,
    )
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False)
    origin_village = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Place.objects.filter(kind=PlaceKind.VILLAGE),
        required=False,
        allow_null=True,
    )
    origin_province = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Place.objects.filter(kind=PlaceKind.PROVINCE),
        required=False,
        allow_null=True,
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class NameInputSerializer(serializers.Serializer[Any]):
    script = serializers.ChoiceField(choices=Script.choices, required=False)
    family = serializers.CharField(max_length=100, required=False, allow_blank=True)
    given = serializers.CharField(max_length=100, required=False, allow_blank=True)
    name_kind = serializers.ChoiceField(source="kind", choices=NameKind.choices, required=False)
    source = serializers.CharField(max_length=200, required=False, allow_blank=True)  # type: ignore[assignment]


class DocumentInputSerializer(serializers.Serializer[Any]):
    document_kind = serializers.ChoiceField(source="kind", choices=DocumentKind.choices)
    number = serializers.CharField(max_length=40)
    issuing_country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Place.objects.filter(kind=PlaceKind.COUNTRY),
        required=False,
        allow_null=True,
    )
    issued_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)


class PhoneInputSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=40)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PersonCreateSerializer(PersonWriteSerializer):
    names = NameInputSerializer(many=True, required=False)
    documents = DocumentInputSerializer(many=True, required=False)
    phones = PhoneInputSerializer(many=True, required=False)
    confirmed_new = serializers.BooleanField(
        required=False, default=False, help_text="Register even though likely duplicates were found."
    )
    link_to = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Id of an existing person: nothing is created, that person is returned.",
    )


class MatchSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(source="person.pk")
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())


class DuplicatesSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    matches = MatchSerializer(many=True)
