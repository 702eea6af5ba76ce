"""What the places API returns."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import MATCHED_BY, get_index


class PlaceRefSerializer(serializers.ModelSerializer[Place]):
    """A place named inside another answer (an ancestor)."""

    class Meta:
        model = Place
        fields = ["id", "kind", "code", "name_en", "name_km"]


class PlaceSerializer(serializers.ModelSerializer[Place]):
    parent_code = serializers.SerializerMethodField(help_text="Official code of the unit this one lies in.")
    ancestors = serializers.SerializerMethodField(help_text="The units this one lies in, the nearest first.")

    class Meta:
        model = Place
        fields = ["id", "kind", "code", "name_en", "name_km", "parent", "parent_code", "ancestors"]

    def _ancestors(self, place: Place) -> list[dict[str, Any]]:
        # From the resolver's index: no query per place, also for places the resolver built.
        return [
            {"id": row.id, "kind": row.kind, "code": row.code, "name_en": row.name_en, "name_km": row.name_km}
            for row in get_index().ancestors(place.pk)
        ]

    def get_parent_code(self, place: Place) -> str | None:
        chain = self._ancestors(place)
        return chain[0]["code"] if chain else None

    @extend_schema_field(PlaceRefSerializer(many=True))
    def get_ancestors(self, place: Place) -> list[dict[str, Any]]:
        return self._ancestors(place)


class SuggestionSerializer(serializers.Serializer[Any]):
    place = PlaceSerializer()
    score = serializers.FloatField(help_text="0 to 100; 100 is an exact match of the search key.")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        place, score = instance
        return {"place": PlaceSerializer(place, context=self.context).data, "score": score}


class ResolutionSerializer(serializers.Serializer[Any]):
    query = serializers.CharField(help_text="The text as received.")
    key = serializers.CharField(help_text="The search key the text was reduced to.")
    place = PlaceSerializer(allow_null=True, help_text="The one place the text names, or null.")
    matched_by = serializers.ChoiceField(
        choices=MATCHED_BY,
        allow_null=True,
        help_text="code, alias (a curated spelling), name (exactly a name) or key (a spelling variant).",
    )
    alternatives = PlaceSerializer(many=True, help_text="Other places with the same key, widest first.")
    suggestions = SuggestionSerializer(
        many=True, help_text="When nothing was chosen: the closest places, best first."
    )


class SearchParamsSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(max_length=200, help_text="A place name in Khmer or English, or a code.")
    kind = serializers.MultipleChoiceField(
        choices=PlaceKind.choices, required=False, help_text="Only these kinds."
    )
    within = serializers.PrimaryKeyRelatedField(
        queryset=Place.objects.all(), required=False, help_text="Only places inside this place (its id)."
    )
    limit = serializers.IntegerField(
        min_value=1, max_value=50, default=20, help_text="How many results (search only)."
    )
