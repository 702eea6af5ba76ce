"""``/api/v1/people/``: the policy's queryset, 404 out of scope, hidden groups left out,
writes through the services (duplicates answer 409)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from phlov.accounts.models import Organisation, User
from phlov.audit.models import AuditEvent
from phlov.people import services
from phlov.people.models import Person
from phlov.people.tests.helpers import make_person, province_of, sign_in, village

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/"


@pytest.fixture
def caseworker(make_user: Callable[..., User]) -> User:
    return make_user("caseworker")


@pytest.fixture
def victim(caseworker: User) -> Person:
    return services.create_person(
        actor=caseworker,
        data={"family_name_km": "សុខ", "given_name_km": "ស្រីមុំ", "family_name_latin": "Sok", "given_name_latin": "Srey Mom",
              "sex": "female", "origin_village": village(0), "notes": "Recruited by a broker"},
        documents=[{"kind": "passport", "number": "N7654321"}],
        phones=["012 345 678"],
    )  # fmt: skip


def api(user: User) -> Client:
    return sign_in(Client(), user)


def test_list_search_and_retrieve(caseworker: User, victim: Person, organisation: Organisation) -> None:
    other = Organisation.objects.create(kind="ngo", name_en="Other", name_km="ផ្សេង")
    stranger = make_person(other, ("Sok", "Srey Mom"))
    client = api(caseworker)
    listed = client.get(URL).json()
    assert [p["id"] for p in listed["results"]] == [victim.pk]
    found = client.get(URL, {"q": "សុខ ស្រីមុំ"}).json()
    assert [p["id"] for p in found["results"]] == [victim.pk]
    assert client.get(URL, {"q": "012345678"}).json()["results"][0]["id"] == victim.pk
    assert client.get(URL, {"q": "Sok", "sex": "male"}).json()["results"] == []
    assert AuditEvent.objects.filter(action="search").count() == 3
    body = client.get(f"{URL}{victim.pk}/").json()
    assert (
        body["documents"][0]["number"] == "N7654321" and body["documents"][0]["document_kind"] == "passport"
    )
    assert body["phones"][0]["number"] == "+85512345678"
    assert body["origin_province"] and body["notes"]
    assert AuditEvent.objects.filter(action="view", object_id=str(victim.pk)).count() == 1
    assert client.get(f"{URL}{stranger.pk}/").status_code == 404
    assert client.get(f"{URL}{stranger.pk + 999}/").status_code == 404
    assert (
        client.patch(f"{URL}{stranger.pk}/", {"sex": "male"}, content_type="application/json").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("role", "hidden"),
    [
        ("police_liaison", {"phones", "origin_village", "household"}),
        ("agency_staff", {"notes"}),
        ("shelter_staff", {"documents", "notes"}),
    ],
)
def test_hidden_groups_are_absent(
    make_user: Callable[..., User], victim: Person, role: str, hidden: set[str]
) -> None:
    client = api(make_user(role))
    for body in (
        client.get(f"{URL}{victim.pk}/").json(),
        client.get(URL, {"q": "Sok Srey Mom"}).json()["results"][0],
        client.get(URL).json()["results"][0],
    ):
        assert hidden.isdisjoint(body), (role, body.keys())
        assert body["id"] == victim.pk
    text = client.get(f"{URL}{victim.pk}/").content.decode()
    if "phones" in hidden:
        assert "+85512345678" not in text
    if "documents" in hidden:
        assert "N7654321" not in text
    if "notes" in hidden:
        assert "broker" not in text


def test_create_update_and_duplicates(caseworker: User, victim: Person) -> None:
    client = api(caseworker)
    payload = {
        "family_name_latin": "Chan", "given_name_latin": "Sopheap", "sex": "female", "origin_village": village(1).code,
        "names": [{"family": "ចាន់", "given": "សុភាព", "name_kind": "spelling"}],
        "documents": [{"document_kind": "national_id", "number": "0101 23456"}],
        "phones": [{"number": "+66 81 234 5678", "note": "Thai number"}],
    }  # fmt: skip
    created = client.post(URL, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["documents"][0]["number"] == "010123456" and body["phones"][0]["number"] == "+66812345678"
    assert body["origin_province"] == province_of(village(1)).code
    again = client.post(
        URL,
        {"family_name_latin": "Sok", "given_name_latin": "Sreymom", "phones": [{"number": "012345678"}]},
        content_type="application/json",
    )
    assert again.status_code == 409
    match = again.json()["matches"][0]
    assert match["person"] == victim.pk and "same_phone" in match["reasons"]
    linked = client.post(URL, {"link_to": victim.pk}, content_type="application/json")
    assert linked.status_code == 200 and linked.json()["id"] == victim.pk
    confirmed = client.post(
        URL,
        {
            "family_name_latin": "Sok",
            "given_name_latin": "Sreymom",
            "phones": [{"number": "012345678"}],
            "confirmed_new": True,
        },
        content_type="application/json",
    )
    assert confirmed.status_code == 201
    bad = client.post(
        URL,
        {"family_name_latin": "Sok", "documents": [{"document_kind": "pink_card", "number": "1"}]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    changed = client.patch(f"{URL}{victim.pk}/", {"ethnicity": "cham"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["ethnicity"] == "cham"
    assert (
        client.put(
            f"{URL}{victim.pk}/",
            {"family_name_latin": "Sok", "sex": "female"},
            content_type="application/json",
        ).status_code
        == 200
    )


def test_writes_need_the_permission(make_user: Callable[..., User], victim: Person) -> None:
    police = api(make_user("police_liaison"))
    assert police.post(URL, {"family_name_latin": "Sok"}, content_type="application/json").status_code == 403
    assert (
        police.patch(f"{URL}{victim.pk}/", {"sex": "male"}, content_type="application/json").status_code
        == 404
    )
    agency = api(make_user("agency_staff"))
    assert (
        agency.post(
            URL, {"family_name_latin": "Meas", "notes": "story"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert Client().get(URL).status_code in (401, 403)


def test_schema_documents_the_people_api(client: Client) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/people/" in schema["paths"] and "/api/v1/people/{id}/" in schema["paths"]
    assert "409" in schema["paths"]["/api/v1/people/"]["post"]["responses"]
