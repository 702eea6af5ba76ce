"""The place picker: province -> district -> commune -> village, plus a search box.

The selects are plain ``<select>`` elements; htmx fills the next one when one changes
(``places:picker-children``) and the search box lists matching places
(``places:picker-search``) that can be chosen with the keyboard (``places:picker-choose``).
Without JavaScript the selects still submit, a form shown again with errors lists the
children of what was chosen, and the search text is resolved when the form is submitted.

The widget's templates live in the app's own ``templates`` folder because Django's form
renderer only looks in app folders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from phlov.places.models import Place, PlaceKind
from phlov.places.resolver import TIER, places_of_kind, resolve

LEVELS: tuple[str, ...] = (PlaceKind.PROVINCE, PlaceKind.DISTRICT, PlaceKind.COMMUNE, PlaceKind.VILLAGE)
LEVEL_LABELS: dict[str, StrOrPromise] = {
    PlaceKind.PROVINCE: _("Province or capital"),
    PlaceKind.DISTRICT: _("District, khan or town"),
    PlaceKind.COMMUNE: _("Commune or sangkat"),
    PlaceKind.VILLAGE: _("Village"),
}
PLACEHOLDERS: dict[str, StrOrPromise] = {
    PlaceKind.PROVINCE: _("Choose a province"),
    PlaceKind.DISTRICT: _("Choose a district"),
    PlaceKind.COMMUNE: _("Choose a commune"),
    PlaceKind.VILLAGE: _("Choose a village"),
}
CHOOSE_ABOVE_FIRST = _("Choose the unit above first")


def bilingual(place: Place) -> str:
    """The name in the reader's language first, the other in brackets."""

    km_first = (get_language() or "").startswith("km")
    first, second = (place.name_km, place.name_en) if km_first else (place.name_en, place.name_km)
    if not first:
        return second
    return f"{first} ({second})" if second and second != first else first


def children_of(parent: Place | int | None, kind: str) -> list[Place]:
    if parent is None:
        places = Place.objects.filter(kind=kind, parent__code="KH", parent__kind=PlaceKind.COUNTRY)
    else:
        places = Place.objects.filter(kind=kind, parent=parent)
    rows = list(places.only("id", "kind", "code", "name_en", "name_km", "parent_id"))
    return sorted(rows, key=lambda p: (p.name.casefold(), p.code))


def chain_of(place: Place | None) -> dict[str, Place]:
    """The place and its Cambodian ancestors, by kind."""

    if place is None:
        return {}
    return {node.kind: node for node in [place, *place.ancestors()] if node.kind in LEVELS}


def chain_from_ids(ids: Mapping[str, str], levels: Sequence[str] = LEVELS) -> dict[str, Place]:
    """The chosen units, keeping only those that lie inside the one chosen above them:
    without JavaScript a changed province can arrive with the old district."""

    wanted = {level: ids.get(level, "") for level in levels}
    pks = [int(v) for v in wanted.values() if str(v).isdigit()]
    found = {p.pk: p for p in Place.objects.filter(pk__in=pks, kind__in=list(levels))}
    chain: dict[str, Place] = {}
    parent: Place | None = None
    for level in levels:
        value = wanted[level]
        place = found.get(int(value)) if str(value).isdigit() else None
        if place is None or place.kind != level:
            break
        if parent is not None and place.parent_id != parent.pk:
            break
        if parent is None and level != LEVELS[0]:
            break
        chain[level] = place
        parent = place
    return chain


def levels_down_to(deepest: str | None) -> tuple[str, ...]:
    """The picker's levels from province down to ``deepest`` (all four if it is not one)."""

    return LEVELS[: LEVELS.index(deepest) + 1] if deepest in LEVELS else LEVELS


def picker_query(name: str, picker_id: str, levels: Sequence[str], **extra: Any) -> str:
    return urlencode({"name": name, "picker": picker_id, "deepest": levels[-1], **extra})


def selects_context(
    name: str, picker_id: str, levels: Sequence[str], chain: Mapping[str, Place]
) -> dict[str, Any]:
    """What the selects template needs: one entry per level with its options."""

    selects: list[dict[str, Any]] = []
    children_url = reverse("places:picker-children")
    parent: Place | None = None
    for position, level in enumerate(levels):
        chosen = chain.get(level)
        available = position == 0 or parent is not None
        options = (
            [
                (p.pk, bilingual(p), chosen is not None and p.pk == chosen.pk)
                for p in children_of(parent, level)
            ]
            if available
            else []
        )
        next_level = levels[position + 1] if position + 1 < len(levels) else None
        selects.append(
            {
                "level": level,
                "name": f"{name}_{level}",
                "id": f"{picker_id}_{level}",
                "label": LEVEL_LABELS[level],
                "placeholder": PLACEHOLDERS[level] if available else CHOOSE_ABOVE_FIRST,
                "options": options,
                "next_id": f"{picker_id}_{next_level}" if next_level else "",
                "children_url": (
                    f"{children_url}?{picker_query(name, picker_id, levels, level=next_level)}"
                    if next_level
                    else ""
                ),
            }
        )
        parent = chosen
    return {"selects": selects, "picker_id": picker_id, "name": name}


class PlacePickerWidget(forms.Widget):
    template_name = "places/widgets/place_picker.html"
    use_fieldset = True

    def __init__(self, attrs: dict[str, Any] | None = None, deepest: str = PlaceKind.VILLAGE):
        super().__init__(attrs)
        self.levels = levels_down_to(deepest)

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> dict[str, str]:
        value = {level: data.get(f"{name}_{level}", "") or "" for level in self.levels}
        value["q"] = (data.get(f"{name}_q", "") or "").strip()
        return value

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> bool:
        return not any(f"{name}_{part}" in data for part in (*self.levels, "q"))

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_{self.levels[0]}" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        picker_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        query = ""
        if isinstance(value, dict):
            chain = chain_from_ids(value, self.levels)
            query = value.get("q", "")
        elif isinstance(value, Place):
            chain = chain_of(value)
        elif value not in (None, ""):
            chain = chain_of(Place.objects.filter(pk=value).first()) if str(value).isdigit() else {}
        else:
            chain = {}
        context.update(selects_context(name, picker_id, self.levels, chain))
        context["query"] = query
        context["search_url"] = (
            f"{reverse('places:picker-search')}?{picker_query(name, picker_id, self.levels)}"
        )
        return context


class PlacePickerField(forms.Field):
    """A Cambodian unit, chosen down to the narrowest level given, or typed and resolved.

    ``deepest`` says how far down the picker goes (``"district"`` for a district picker);
    ``min_kind`` asks for at least that level (``"district"``: a province alone is not
    enough).
    """

    widget = PlacePickerWidget
    default_error_messages = {
        "not_found": _("No place matches “%(text)s”. Did you mean: %(suggestions)s?"),
        "nothing_close": _("No place matches “%(text)s”."),
        "too_wide": _("Choose at least a %(kind)s."),
    }

    def __init__(self, *, deepest: str = PlaceKind.VILLAGE, min_kind: str | None = None, **kwargs: Any):
        self.levels = levels_down_to(deepest)
        self.min_kind = min_kind
        kwargs.setdefault("widget", PlacePickerWidget(deepest=deepest))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Place | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Place):
            return value
        if isinstance(value, dict):
            chain = chain_from_ids(value, self.levels)
            if chain:
                return chain[next(level for level in reversed(self.levels) if level in chain)]
            if value.get("q"):
                return self._resolve(value["q"])
            return None
        if str(value).isdigit():
            return Place.objects.filter(pk=int(value), kind__in=self.levels).first()
        return self._resolve(str(value))

    def _resolve(self, text: str) -> Place:
        resolution = resolve(text, kind=self.levels)
        if resolution.place is not None:
            return resolution.place
        names = ", ".join(bilingual(place) for place, _score in resolution.suggestions[:5])
        if names:
            raise ValidationError(
                self.error_messages["not_found"],
                code="not_found",
                params={"text": text, "suggestions": names},
            )
        raise ValidationError(
            self.error_messages["nothing_close"], code="nothing_close", params={"text": text}
        )

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and self.min_kind and TIER[value.kind] < TIER[self.min_kind]:
            kind_label = dict(PlaceKind.choices)[self.min_kind]
            raise ValidationError(
                self.error_messages["too_wide"], code="too_wide", params={"kind": kind_label}
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = initial.pk if isinstance(initial, Place) else initial
        try:
            after = self.to_python(data)
        except ValidationError:
            return True
        return str(before or "") != str(after.pk if after else "")


class _IndexedProvinces(forms.models.ModelChoiceIterator):
    """The provinces from the places index instead of a query (filters on the busiest pages
    list them on every visit); a chosen one is still checked against the table."""

    @cached_property
    def _places(self) -> list[Place]:
        # Read once per rendering: the widget asks for the length and then iterates.
        return places_of_kind(PlaceKind.PROVINCE, "name_en")

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for place in self._places:
            yield self.choice(place)

    def __len__(self) -> int:
        return len(self._places) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        return True


class ProvinceField(forms.ModelChoiceField):
    """One of Cambodia's provinces, listed by English name."""

    iterator = _IndexedProvinces

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Place.objects.filter(kind=PlaceKind.PROVINCE), **kwargs)
