"""The places API: list, retrieve, search, resolve, and who may use it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from phlov.places.tests.conftest import place

pytestmark = pytest.mark.django_db


def test_anonymous_callers_are_refused(client: Client) -> None:
    for url in (
        reverse("v1:place-list"),
        reverse("v1:place-resolve") + "?q=Poipet",
        reverse("v1:place-search") + "?q=x",
    ):
        assert client.get(url).status_code in (401, 403), url


def test_list_filters_by_kind_and_parent_and_is_paginated(signed_in: Client) -> None:
    provinces = signed_in.get(reverse("v1:place-list"), {"kind": "province", "limit": "100"}).json()
    assert provinces["count"] == 25 and len(provinces["results"]) == 25
    svay_rieng = signed_in.get(reverse("v1:place-list"), {"parent_code": "20"}).json()
    assert {p["code"] for p in svay_rieng["results"]} == set(
        place("province", "20").children.values_list("code", flat=True)
    )
    assert all(p["parent_code"] == "20" for p in svay_rieng["results"])
    villages = signed_in.get(reverse("v1:place-list"), {"kind": "village"}).json()
    assert villages["count"] > 14000 and len(villages["results"]) == 50 and villages["next"]
    by_id = signed_in.get(reverse("v1:place-list"), {"parent": place("country", "VN").pk}).json()
    assert [p["code"] for p in by_id["results"]] == ["KH-KROM"]
    assert signed_in.get(reverse("v1:place-list"), {"kind": "planet"}).status_code == 400
    assert signed_in.get(reverse("v1:place-list"), {"parent": "x"}).status_code == 400


def test_a_page_of_places_costs_a_few_queries(signed_in: Client, django_assert_max_num_queries: Any) -> None:
    signed_in.get(reverse("v1:place-list"))  # the session, the user and the resolver's index are read once
    with django_assert_max_num_queries(6):  # session, user, count, page, maybe the index's fingerprint
        response = signed_in.get(reverse("v1:place-list"), {"kind": "village", "limit": "50"})
    assert len(response.json()["results"]) == 50


def test_retrieve_gives_the_place_and_its_ancestors(signed_in: Client) -> None:
    commune = place("commune", "120703")
    body = signed_in.get(reverse("v1:place-detail", args=[commune.pk])).json()
    assert body["code"] == "120703" and body["name_km"] == "ស្វាយប៉ាក" and body["kind"] == "commune"
    assert [a["code"] for a in body["ancestors"]] == ["1207", "12", "KH"]
    assert signed_in.get(reverse("v1:place-detail", args=[0])).status_code == 404


def test_search_ranks_places(signed_in: Client) -> None:
    results = signed_in.get(reverse("v1:place-search"), {"q": "Svay Reang", "limit": "5"}).json()
    assert len(results) == 5
    assert results[0]["place"]["code"] == "20" and results[0]["score"] == 100.0
    only_districts = signed_in.get(reverse("v1:place-search"), {"q": "Svay", "kind": "district"}).json()
    assert only_districts and all(r["place"]["kind"] == "district" for r in only_districts)
    assert signed_in.get(reverse("v1:place-search")).status_code == 400
    assert signed_in.get(reverse("v1:place-search"), {"q": "x", "limit": "500"}).status_code == 400


def test_resolve_says_what_matched_and_how(signed_in: Client) -> None:
    body = signed_in.get(reverse("v1:place-resolve"), {"q": "Svay Reang"}).json()
    assert body["place"]["code"] == "20" and body["place"]["kind"] == "province"
    assert body["matched_by"] == "alias" and body["key"] == "svayreng"
    assert "2006" in {p["code"] for p in body["alternatives"]}
    assert body["suggestions"] == []


def test_resolve_refuses_to_guess(signed_in: Client) -> None:
    ambiguous = signed_in.get(reverse("v1:place-resolve"), {"q": "Kompong Svay", "kind": "commune"}).json()
    assert ambiguous["place"] is None and ambiguous["matched_by"] is None
    assert {p["code"] for p in ambiguous["alternatives"]} == {"010602", "060204", "080204"}
    assert ambiguous["suggestions"][0]["score"] == 100.0
    within = place("province", "08").pk
    narrowed = signed_in.get(
        reverse("v1:place-resolve"), {"q": "Kompong Svay", "kind": "commune", "within": str(within)}
    ).json()
    assert narrowed["place"]["code"] == "080204"
    unknown = signed_in.get(reverse("v1:place-resolve"), {"q": "Aranyaprathet"}).json()
    assert unknown["place"] is None and unknown["suggestions"]


def test_the_schema_documents_the_endpoints_without_warnings() -> None:
    GENERATOR_STATS.reset()
    schema: dict[str, Any] = SchemaGenerator(
        urlconf="phlov.places.tests.api_urls", api_version="v1"
    ).get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    paths = schema["paths"]
    for path in (
        "/api/v1/places/",
        "/api/v1/places/{id}/",
        "/api/v1/places/search/",
        "/api/v1/places/resolve/",
    ):
        assert path in paths
    resolve = paths["/api/v1/places/resolve/"]["get"]
    assert {p["name"] for p in resolve["parameters"]} >= {"q", "kind", "within"}
    assert "Resolution" in schema["components"]["schemas"]
