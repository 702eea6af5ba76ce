"""The pages: search with htmx fragments, a person's page with hidden groups, registration with
the duplicate step, edits; out-of-scope ids answer 404; every view of a person is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, User
from phlov.audit.models import AuditEvent
from phlov.people import services
from phlov.people.models import Person
from phlov.people.tests.helpers import sign_in, village

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_user: Callable[..., User]) -> User:
    return make_user("caseworker")


@pytest.fixture
def victim(caseworker: User) -> Person:
    return services.create_person(
        actor=caseworker,
        data={"family_name_km": "សុខ", "given_name_km": "ស្រីមុំ", "family_name_latin": "Sok", "given_name_latin": "Srey Mom",
              "sex": "female", "origin_village": village(0), "notes": "Recruited by a broker in Poipet"},
        documents=[{"kind": "passport", "number": "N7654321"}],
        phones=["012 345 678"],
    )  # fmt: skip


def client_for(user: User, language: str = "en") -> Client:
    client = Client()
    client.cookies["phlov_language"] = language
    return sign_in(client, user)


def test_index_searches_with_and_without_htmx(caseworker: User, victim: Person) -> None:
    client = client_for(caseworker)
    page = client.get(reverse("people:index"), {"q": "Sok Srei Mom"}).content.decode()
    assert "<html" in page and reverse("people:detail", args=[victim.pk]) in page
    fragment = client.get(reverse("people:index"), {"q": "ស្រីមុំ"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and reverse("people:detail", args=[victim.pk]) in fragment
    assert "Nobody you may see" in client.get(reverse("people:index"), {"q": "Heng Vanna"}).content.decode()
    assert "<script>" not in page and "style=" not in page


def test_the_province_filter_lists_the_provinces_without_a_query_and_still_filters(
    caseworker: User, victim: Person
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phlov.places.models import Place

    client = client_for(caseworker, "km")
    client.get(reverse("people:index"))  # the places index is read once per process
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("people:index")).content.decode()
    assert not [q for q in queries.captured_queries if '"places_place"' in q["sql"]]
    assert victim.origin_province is not None
    assert f'<option value="{victim.origin_province.pk}">{victim.origin_province.name_km}</option>' in page
    other = Place.objects.filter(kind="province").exclude(pk=victim.origin_province.pk).first()
    assert other is not None
    url, index = reverse("people:detail", args=[victim.pk]), reverse("people:index")
    assert url in client.get(index, {"q": "Sok", "province": str(victim.origin_province.pk)}).content.decode()
    assert url not in client.get(index, {"q": "Sok", "province": str(other.pk)}).content.decode()
    assert client.get(index, {"q": "Sok", "province": "999999"}).status_code == 200


def test_index_in_khmer(caseworker: User) -> None:
    page = client_for(caseworker, "km").get(reverse("people:index")).content.decode()
    assert "ស្វែងរក" in page and "Register a person" not in page


def test_detail_shows_everything_to_a_caseworker_and_is_audited(caseworker: User, victim: Person) -> None:
    page = client_for(caseworker).get(reverse("people:detail", args=[victim.pk])).content.decode()
    for text in ("N7654321", "012 345 678", "Poipet", village(0).name_en):
        assert text in page, text
    assert (
        AuditEvent.objects.filter(
            action="view", object_type="people.person", object_id=str(victim.pk)
        ).count()
        == 1
    )


@pytest.mark.parametrize(
    ("role", "absent", "present"),
    [
        ("police_liaison", ["012 345 678", "Village of origin"], ["N7654321", "Poipet"]),
        ("agency_staff", ["Poipet"], ["N7654321", "012 345 678"]),
        ("shelter_staff", ["N7654321", "Poipet"], ["012 345 678"]),
    ],
)
def test_detail_hides_groups_the_role_lacks(
    make_user: Callable[..., User], victim: Person, role: str, absent: list[str], present: list[str]
) -> None:
    page = client_for(make_user(role)).get(reverse("people:detail", args=[victim.pk])).content.decode()
    for text in absent:
        assert text not in page, (role, text)
    for text in present:
        assert text in page, (role, text)


def test_out_of_scope_ids_answer_404(make_user: Callable[..., User], victim: Person) -> None:
    other = Organisation.objects.create(kind="ngo", name_en="Other", name_km="ផ្សេង")
    stranger = client_for(make_user("caseworker", org=other))
    missing = victim.pk + 1000
    for name in ("detail", "edit", "add-name", "add-document", "add-phone"):
        for pk in (victim.pk, missing):
            assert stranger.get(reverse(f"people:{name}", args=[pk])).status_code == 404, name
    phone = victim.phones.get()
    url = reverse("people:remove-part", args=[victim.pk, "phone", phone.pk])
    assert stranger.post(url).status_code == 404
    assert victim.phones.count() == 1
    # a role that may view but not change gets 404 on the edit pages too
    shelter = client_for(make_user("shelter_staff"))
    assert shelter.get(reverse("people:edit", args=[victim.pk])).status_code == 404
    assert shelter.get(reverse("people:detail", args=[victim.pk])).status_code == 200
    assert client_for(make_user("analyst")).get(reverse("people:index")).status_code == 404


def test_create_with_the_duplicate_step(caseworker: User, victim: Person) -> None:
    client = client_for(caseworker)
    assert client.get(reverse("people:create")).status_code == 200
    form = {
        "family_name_latin": "Sok",
        "given_name_latin": "Sreymom",
        "sex": "female",
        "ethnicity": "khmer",
        "phone": "012345678",
    }
    shown = client.post(reverse("people:create"), form).content.decode()
    assert "same phone number" in shown and "None of these" in shown
    assert Person.objects.count() == 1
    fragment = client.post(reverse("people:create"), form, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "same phone number" in fragment
    # link to the existing person
    response = client.post(reverse("people:create"), {**form, "link_to": victim.pk})
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[victim.pk])
    assert Person.objects.count() == 1
    # or confirm a new one
    response = client.post(reverse("people:create"), {**form, "decision": "new"})
    assert Person.objects.count() == 2
    new = Person.objects.exclude(pk=victim.pk).get()
    assert response["Location"] == reverse("people:detail", args=[new.pk])
    assert AuditEvent.objects.get(action="create", object_id=str(new.pk)).detail == {
        "note": "confirmed new despite 1 candidates"
    }
    htmx = client.post(
        reverse("people:create"), {**form, "phone": "", "given_name_latin": "Dara"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/people/")


def test_live_duplicate_check(caseworker: User, victim: Person) -> None:
    client = client_for(caseworker)
    fragment = client.post(
        reverse("people:duplicates"), {"family_name_km": "សុខ", "given_name_km": "ស្រីមុំ"}
    ).content.decode()
    assert reverse("people:detail", args=[victim.pk]) in fragment and "same name" in fragment
    assert "None of these" not in fragment


def test_create_refuses_bad_input(caseworker: User) -> None:
    client = client_for(caseworker)
    page = client.post(
        reverse("people:create"), {"sex": "female", "ethnicity": "khmer", "phone": "12"}
    ).content.decode()
    assert "Give at least one name" in page and "not valid" in page
    page = client.post(
        reverse("people:create"),
        {
            "family_name_latin": "Sok",
            "sex": "female",
            "ethnicity": "khmer",
            "document_kind": "national_id",
            "document_number": "12",
        },
    ).content.decode()
    assert "9 digits" in page
    assert Person.objects.count() == 0


def test_edit_and_parts(caseworker: User, victim: Person) -> None:
    client = client_for(caseworker)
    data = {"family_name_latin": "Sok", "given_name_latin": "Sreymom", "family_name_km": "សុខ", "given_name_km": "ស្រីមុំ",
            "sex": "female", "ethnicity": "cham", "notes": "changed"}  # fmt: skip
    assert client.get(reverse("people:edit", args=[victim.pk])).status_code == 200
    response = client.post(reverse("people:edit", args=[victim.pk]), data)
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.ethnicity == "cham" and victim.given_name_latin == "Sreymom"
    client.post(
        reverse("people:add-name", args=[victim.pk]),
        {"family": "Sok", "given": "Mom", "script": "latin", "kind": "nickname"},
    )
    client.post(reverse("people:add-phone", args=[victim.pk]), {"number": "+66 81 234 5678"})
    client.post(
        reverse("people:add-document", args=[victim.pk]), {"kind": "national_id", "number": "123456789"}
    )
    assert victim.names.count() == 1 and victim.phones.count() == 2 and victim.documents.count() == 2
    page = client.post(
        reverse("people:add-document", args=[victim.pk]), {"kind": "pink_card", "number": "123"}
    ).content.decode()
    assert "13 digits" in page
    name = victim.names.get()
    client.post(reverse("people:remove-part", args=[victim.pk, "name", name.pk]))
    assert victim.names.count() == 0


def test_police_cannot_open_phone_form(make_user: Callable[..., User], victim: Person) -> None:
    # police liaison may not change people at all; agency staff may add but not change
    assert (
        client_for(make_user("police_liaison")).get(reverse("people:add-phone", args=[victim.pk])).status_code
        == 404
    )
    assert client_for(make_user("police_liaison")).get(reverse("people:create")).status_code == 404
