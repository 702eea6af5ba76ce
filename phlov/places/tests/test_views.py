"""The place browser and the picker's fragments."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from phlov.places.models import Place
from phlov.places.tests.conftest import place

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _option_values(html: str) -> list[str]:
    return re.findall(r'<option value="(\d*)"', html)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client) -> None:
    for name in ("places:index", "places:picker-children", "places:picker-search", "places:picker-choose"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
    assert client.get(reverse("places:detail", args=[place("province", "20").pk])).status_code == 302


def test_index_lists_provinces_and_finds_places(signed_in: Client) -> None:
    page = signed_in.get(reverse("places:index")).content.decode()
    assert page.count('href="/places/') >= 25 + 249
    found = signed_in.get(reverse("places:index"), {"q": "Svay Reang"})
    html = found.content.decode()
    assert found.status_code == 200
    assert "Svay Rieng" in html and "ស្វាយរៀង" in html and "<html" in html
    assert reverse("places:detail", args=[place("province", "20").pk]) in html


def test_index_answers_htmx_with_the_results_only(signed_in: Client) -> None:
    response = signed_in.get(reverse("places:index"), {"q": "ខេត្តស្វាយរៀង"}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html and "<table" in html
    assert reverse("places:detail", args=[place("province", "20").pk]) in html
    assert "HX-Request" in response["Vary"]
    nothing = signed_in.get(reverse("places:index"), {"q": "zzzzzz"}, headers=HTMX).content.decode()
    assert "<table" in nothing  # ranked suggestions, never an empty page


def test_detail_shows_code_names_kind_ancestors_and_children(signed_in: Client) -> None:
    commune = place("commune", "120703")
    html = signed_in.get(reverse("places:detail", args=[commune.pk])).content.decode()
    assert "120703" in html and "Svay Pak" in html and "ស្វាយប៉ាក" in html
    for ancestor in (place("district", "1207"), place("province", "12"), place("country", "KH")):
        assert reverse("places:detail", args=[ancestor.pk]) in html
    for village in commune.children.all():
        assert reverse("places:detail", args=[village.pk]) in html
    assert "000_11ab2ff7d0b20fc6.txt" in html  # where the alias "Svay Pak" was seen
    assert signed_in.get(reverse("places:detail", args=[0])).status_code == 404


def _picker_params(**extra: str) -> dict[str, str]:
    return {"name": "origin", "picker": "id_origin", "deepest": "village", **extra}


def test_children_fragment_lists_the_districts_of_a_province_and_resets_the_rest(signed_in: Client) -> None:
    province = place("province", "20")
    response = signed_in.get(
        reverse("places:picker-children"), _picker_params(level="district", origin_province=str(province.pk))
    )
    html = response.content.decode()
    values = [v for v in _option_values(html) if v]
    assert sorted(map(int, values)) == sorted(province.children.values_list("pk", flat=True))
    assert 'id="id_origin_commune" hx-swap-oob="innerHTML"' in html
    assert 'id="id_origin_village" hx-swap-oob="innerHTML"' in html


def test_children_fragment_for_a_commune_lists_its_villages(signed_in: Client) -> None:
    commune = place("commune", "120703")
    html = signed_in.get(
        reverse("places:picker-children"), _picker_params(level="village", origin_commune=str(commune.pk))
    ).content.decode()
    assert {int(v) for v in _option_values(html) if v} == set(commune.children.values_list("pk", flat=True))
    assert "hx-swap-oob" not in html


def test_children_fragment_without_a_parent_offers_nothing(signed_in: Client) -> None:
    html = signed_in.get(reverse("places:picker-children"), _picker_params(level="district")).content.decode()
    assert _option_values(html.split("hx-swap-oob")[0]) == [""]


def test_picker_fragments_refuse_odd_parameters(signed_in: Client) -> None:
    url = reverse("places:picker-children")
    assert signed_in.get(url, _picker_params(name='x" onmouseover="', level="district")).status_code == 400
    assert signed_in.get(url, _picker_params(level="province")).status_code == 400
    assert signed_in.get(reverse("places:picker-search"), {"name": "", "picker": "p"}).status_code == 400


def test_search_fragment_offers_places_to_choose(signed_in: Client) -> None:
    html = signed_in.get(
        reverse("places:picker-search"), _picker_params(origin_q="Svay Pak")
    ).content.decode()
    commune = place("commune", "120703")
    assert f"place={commune.pk}" in html
    assert 'type="button"' in html and 'hx-target="#id_origin_selects"' in html
    # The picker holds Cambodian units only.
    assert f"place={place('country', 'KH').pk}" not in html


def test_choose_fragment_sets_every_level(signed_in: Client) -> None:
    commune = place("commune", "120703")
    html = signed_in.get(
        reverse("places:picker-choose"), _picker_params(place=str(commune.pk))
    ).content.decode()
    for chosen in (place("province", "12"), place("district", "1207"), commune):
        assert f'<option value="{chosen.pk}" selected>' in html
    village_options = [v for v in _option_values(html.split('id="id_origin_village"')[1]) if v]
    assert len(village_options) == commune.children.count()
    assert 'hx-swap-oob="innerHTML"' in html  # the results give way to what was chosen


def test_pages_have_no_inline_script_or_style(signed_in: Client) -> None:
    detail = reverse("places:detail", args=[Place.objects.get(kind="province", code="12").pk])
    for url in (reverse("places:index") + "?q=Poipet", detail):
        html = signed_in.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and " onclick=" not in html
