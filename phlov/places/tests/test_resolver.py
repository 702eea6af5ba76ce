"""The resolver against every place name the source documents use."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from phlov.places.models import PlaceAlias
from phlov.places.resolver import resolve, search
from phlov.places.tests.conftest import place

pytestmark = pytest.mark.django_db

# Written from the documents and the official lists, not from aliases.csv: group -> (kind, code).
EXPECTED: dict[str, tuple[str, str]] = {
    "Cambodia": ("country", "KH"),
    "Phnom Penh": ("province", "12"),
    "Sihanoukville": ("province", "18"),
    "Kandal": ("province", "08"),
    "Takeo": ("province", "21"),
    "Kampong Cham": ("province", "03"),
    "Banteay Meanchey": ("province", "01"),
    "Battambang": ("province", "02"),
    "Prey Veng": ("province", "14"),
    "Kampot": ("province", "07"),
    "Pursat": ("province", "15"),
    "Svay Rieng": ("province", "20"),
    "Kampong Thom": ("province", "06"),
    "Siem Reap": ("province", "17"),
    "Ratanakiri": ("province", "16"),
    "Kampong Speu": ("province", "05"),
    "Kampong Chhnang": ("province", "04"),
    "Koh Kong": ("province", "09"),
    "Kratie": ("province", "10"),
    "Pailin": ("province", "24"),
    "Oddar Meanchey": ("province", "22"),
    "Poipet": ("district", "0110"),  # town (krong) Paoy Paet
    "Bavet": ("district", "2008"),
    "Svay Pak": ("commune", "120703"),  # sangkat Svay Pak, Russey Keo, Phnom Penh
    "Toul Kork": ("district", "1204"),  # khan Tuol Kouk
    "Serey Saupon district": ("district", "0106"),
    "Orchhrov district": ("district", "0105"),  # Ou Chrov
    "Kampong Roar district": ("district", "2002"),  # Kampong Rou
    "Kaoh Thum district": ("district", "0804"),
    "Kampuchea Krom": ("region", "KH-KROM"),
    "Greater Mekong Subregion": ("region", "GMS"),
    "Thailand": ("country", "TH"),
    "Vietnam": ("country", "VN"),
    "Malaysia": ("country", "MY"),
    "Laos": ("country", "LA"),
    "China": ("country", "CN"),
    "Korea (South)": ("country", "KR"),
    "Myanmar": ("country", "MM"),
    "Philippines": ("country", "PH"),
    "Indonesia": ("country", "ID"),
    "Singapore": ("country", "SG"),
    "Japan": ("country", "JP"),
    "Taiwan": ("country", "TW"),
    "Saudi Arabia": ("country", "SA"),
    "United States": ("country", "US"),
    "Somalia": ("country", "SO"),
    "Tajikistan": ("country", "TJ"),
    "Russia": ("country", "RU"),
    "Finland": ("country", "FI"),
    "France": ("country", "FR"),
    "Nepal": ("country", "NP"),
    "Sri Lanka": ("country", "LK"),
}
# Not one place: ambiguous without a province (Kompong Svay), not in the lists (Chan Thea),
# or abroad below country level, which Phlov does not hold.
UNRESOLVED = {
    "Kompong Svay commune", "Chan Thea village", "Ho Chi Minh City", "Can Tho", "Soc Trang",
    "An Giang", "Long Binh", "Vinh Long", "Aranyaprathet", "Trat", "Surin", "Sa Kaeo", "Bangkok",
    "Takuapa", "Phayao", "Savannakhet", "Manila", "Kathmandu", "Paris", "San Francisco",
    "Southeast Asia", "Asia-Pacific", "Eastern Europe",
}  # fmt: skip
REQUIRED_TYPES = ("province", "municipality", "district", "commune", "country", "border town")
# The unit a place_type names outright; others ("capital / municipality", "border town") leave it open.
KIND_OF_TYPE = {
    "province": "province",
    "district": "district",
    "commune": "commune",
    "village": "village",
    "country": "country",
}


def _rows(seed_dir: Path, name: str) -> list[dict[str, str]]:
    with (seed_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_spelling_variant_resolves_to_its_unit(seed_dir: Path) -> None:
    rows = _rows(seed_dir, "place_name_variants.csv")
    assert rows
    wrong = {}
    for row in rows:
        assert row["place_group"] in EXPECTED, f"new group in the seed data: {row['place_group']}"
        found = resolve(row["spelling_as_printed"]).place
        if found is None or (found.kind, found.code) != EXPECTED[row["place_group"]]:
            wrong[row["spelling_as_printed"]] = found and (found.kind, found.code)
    assert wrong == {}


def test_every_place_name_in_the_documents_resolves_or_is_refused(seed_dir: Path) -> None:
    rows = _rows(seed_dir, "place_names.csv")
    assert rows
    for row in rows:
        group, spelling, place_type = row["place_group"], row["spelling_as_printed"], row["place_type"]
        resolution = resolve(spelling, kind=KIND_OF_TYPE.get(place_type))
        if group in EXPECTED:
            found = resolution.place
            assert found is not None and (found.kind, found.code) == EXPECTED[group], (spelling, found)
        elif group in UNRESOLVED:
            assert resolution.place is None, (spelling, resolution.place)
            assert resolution.suggestions, spelling
            scores = [score for _, score in resolution.suggestions]
            assert scores == sorted(scores, reverse=True)
        else:
            assert not any(t in place_type for t in REQUIRED_TYPES), f"unclassified: {group} ({place_type})"


def test_an_ambiguous_commune_gives_no_place_but_its_candidates() -> None:
    for resolution in (resolve("Kompong Svay", kind="commune"), resolve("Kompong Svay commune")):
        assert resolution.place is None
        communes = {(p.kind, p.code) for p in resolution.alternatives if p.kind == "commune"}
        assert communes == {("commune", "010602"), ("commune", "060204"), ("commune", "080204")}
        assert resolution.suggestions[0][1] == 100.0
    # Inside one province it is one commune.
    within = resolve("Kompong Svay", kind="commune", within=place("province", "01"))
    assert within.place is not None and within.place.code == "010602"


def test_the_widest_unit_wins_and_the_others_are_alternatives() -> None:
    resolution = resolve("Svay Rieng")
    assert resolution.place is not None and (resolution.place.kind, resolution.place.code) == (
        "province",
        "20",
    )
    assert ("district", "2006") in {(p.kind, p.code) for p in resolution.alternatives}
    district = resolve("Svay Rieng", kind="district")
    assert district.place is not None and district.place.code == "2006"
    assert district.matched_by == "name"


def test_a_name_with_its_administrative_word_beats_a_shorter_one() -> None:
    assert resolve("Phnum Srok").place == place("district", "0103")
    phnum = resolve("Phnum")  # many villages; the district only matches without its "Srok"
    assert phnum.place is None and len(phnum.alternatives) > 2


@pytest.mark.parametrize(
    ("text", "kind", "code"),
    [
        ("ស្វាយរៀង", "province", "20"),
        ("ខេត្តស្វាយរៀង", "province", "20"),
        ("ខេត្ត ស្វាយរៀង", "province", "20"),
        ("ភ្នំពេញ", "province", "12"),
        ("រាជធានីភ្នំពេញ", "province", "12"),
        ("កណ្តាល", "province", "08"),
        ("ឧត្តរមានជ័យ", "province", "22"),
        ("ប៉ោយប៉ែត", "district", "0110"),
        ("កម្ពុជា", "country", "KH"),
        ("វៀតណាម", "country", "VN"),
        ("កម្ពុជាក្រោម", "region", "KH-KROM"),
    ],
)
def test_khmer_script_input(text: str, kind: str, code: str) -> None:
    found = resolve(text).place
    assert found is not None and (found.kind, found.code) == (kind, code)


def test_how_a_place_was_matched() -> None:
    assert resolve("Svay Reang").matched_by == "alias"
    assert resolve("ស្វាយរៀង").matched_by == "name"
    assert resolve("svay-rieng province").matched_by in {"alias", "key"}
    assert resolve("Siemreap").matched_by == "name"
    assert resolve("120703").matched_by == "code"
    assert resolve("VN").place == place("country", "VN")


def test_unresolvable_input_gives_ranked_suggestions_and_no_guess() -> None:
    resolution = resolve("Svay Rieeeng Provinse")
    assert resolution.place is None
    assert resolution.suggestions
    scores = [score for _, score in resolution.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert place("province", "20") in [p for p, _ in resolution.suggestions[:3]]
    khmer = resolve("ស្វាយរៀងង")
    assert khmer.place is None and khmer.suggestions[0][0].name_km == "ស្វាយរៀង"
    assert resolve("").place is None and resolve("  ").suggestions == []


def test_kind_and_within_narrow_suggestions_too() -> None:
    resolution = resolve("Kampong Svy", kind="commune", within=place("province", "08"))
    assert resolution.place is None
    assert all(p.kind == "commune" and p.code.startswith("08") for p, _ in resolution.suggestions)
    assert resolution.suggestions[0][0].code == "080204"


def test_search_puts_the_resolved_place_first() -> None:
    results = search("Svay Reang", limit=5)
    assert results[0][0] == place("province", "20")
    assert len(results) == 5
    typing = search("svay r")
    assert place("province", "20") in [p for p, _ in typing[:3]]


def test_a_new_alias_is_seen_at_once(fresh_index: None) -> None:
    assert resolve("Qxztown").place is None
    PlaceAlias.objects.create(
        place=place("district", "2008"), spelling="Qxztown", key="qxztuwn", source="test"
    )
    found = resolve("Qxztown")
    assert found.place == place("district", "2008") and found.matched_by == "alias"


def test_places_of_a_kind_come_from_the_index_in_order(fresh_index: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from phlov.places.models import Place
    from phlov.places.resolver import get_index, places_of_kind

    get_index()
    with CaptureQueriesContext(connection) as queries:
        by_code = places_of_kind("province")
        by_name = places_of_kind("province", "name_en")
    assert queries.captured_queries == []
    expected = list(Place.objects.filter(kind="province"))
    assert [p.code for p in by_code] == sorted(p.code for p in expected) and len(by_code) == 25
    assert [p.name_en for p in by_name] == sorted(p.name_en for p in expected)
    with translation.override("km"):
        assert {p.name for p in by_code} == {p.name_km for p in expected}
    # A new province (as in 2013) is in the next list of this process.
    Place.objects.create(
        kind="province", code="99", name_en="Test Province", name_km="ខេត្តសាកល្បង", key="test province"
    )
    assert "99" in [p.code for p in places_of_kind("province")]
