"""The place picker field: selects, typed names, and what it refuses."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.utils import translation

from phlov.places.forms import PlacePickerField, bilingual
from phlov.places.tests.conftest import place

pytestmark = pytest.mark.django_db


class OriginForm(forms.Form):
    origin = PlacePickerField(label="Place of origin")
    district = PlacePickerField(label="District", deepest="district", min_kind="district", required=False)


def _data(**values: Any) -> dict[str, str]:
    return {key: str(value) for key, value in values.items()}


def test_the_deepest_consistent_choice_is_the_value() -> None:
    province, district = place("province", "20"), place("district", "2008")
    form = OriginForm(_data(origin_province=province.pk, origin_district=district.pk))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["origin"] == district


def test_a_stale_district_from_another_province_is_dropped() -> None:
    # Without JavaScript the province can change while the old district is still sent.
    form = OriginForm(
        _data(origin_province=place("province", "01").pk, origin_district=place("district", "2008").pk)
    )
    assert form.is_valid()
    assert form.cleaned_data["origin"] == place("province", "01")


def test_a_typed_name_is_resolved() -> None:
    form = OriginForm(_data(origin_q="Svay Reang"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["origin"] == place("province", "20")


def test_an_unknown_or_ambiguous_name_is_refused_with_suggestions() -> None:
    form = OriginForm(_data(origin_q="Kompong Svay commune"))
    assert not form.is_valid()
    assert "Kampong Svay" in str(form.errors["origin"])
    assert not OriginForm(_data(origin_q="Bangkok")).is_valid()


def test_required_and_minimum_level() -> None:
    assert "origin" in OriginForm({}).errors
    form = OriginForm(_data(origin_q="Svay Rieng", district_province=place("province", "20").pk))
    assert not form.is_valid()
    assert "district" in form.errors
    form = OriginForm(_data(origin_q="Svay Rieng", district_q="Poipet"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["district"] == place("district", "0110")


def test_the_widget_renders_accessible_chained_selects() -> None:
    commune = place("commune", "120703")
    html = str(OriginForm(initial={"origin": commune})["origin"])
    for level in ("province", "district", "commune", "village"):
        assert f'<label for="id_origin_{level}">' in html
        assert f'name="origin_{level}"' in html
    assert 'hx-get="/places/picker/children/?' in html and 'hx-target="#id_origin_district"' in html
    assert f'<option value="{commune.pk}" selected>' in html
    assert 'name="origin_q"' in html and "/places/picker/search/?" in html
    assert "<script" not in html and "style=" not in html
    rendered_form = OriginForm().as_div()
    assert "<fieldset" in rendered_form and "<legend" in rendered_form


def test_a_bound_form_shows_the_children_of_what_was_chosen() -> None:
    province = place("province", "20")
    form = OriginForm(_data(origin_province=province.pk))
    html = str(form["origin"])
    for district in province.children.all():
        assert f'<option value="{district.pk}"' in html


def test_labels_follow_the_language() -> None:
    svay_rieng = place("province", "20")
    with translation.override("km"):
        assert bilingual(svay_rieng) == "ស្វាយរៀង (Svay Rieng)"
        html = str(OriginForm()["origin"])
        assert "ខេត្ត" in html
    with translation.override("en"):
        assert bilingual(svay_rieng) == "Svay Rieng (ស្វាយរៀង)"
        assert "Province or capital" in str(OriginForm()["origin"])
