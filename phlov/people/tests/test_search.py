"""Search: by name in either script and any spelling, with a typo, by document or phone,
with filters; only what the actor may see; each search audited without its terms."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from phlov.accounts.models import Organisation, User
from phlov.audit.models import AuditEvent
from phlov.people.models import Person
from phlov.people.selectors import search_people
from phlov.people.services import add_document, add_phone
from phlov.people.tests.helpers import make_person, province_of, village

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organisation: Organisation) -> dict[str, Person]:
    home = village(0)
    today = datetime.date.today()
    found = {
        "srey_mom": make_person(
            organisation,
            ("Sok", "Srey Mom"),
            ("សុខ", "ស្រីមុំ"),
            sex="female",
            birth_date=datetime.date(today.year - 25, 1, 15),
            origin_village=home,
        ),
        "sopheap": make_person(organisation, ("Chan", "Sopheap"), sex="female", estimated_age=40),
        "vanna": make_person(
            organisation,
            ("", ""),
            ("ហេង", "វណ្ណៈ"),
            sex="male",
            birth_date=datetime.date(today.year - 60, 6, 1),
        ),
        "ratana": make_person(organisation, ("Kim", "Rattana"), sex="male"),
        "thida": make_person(organisation, ("Meas", "Thida"), sex="female"),
    }
    for given in ("Dara", "Sokha", "Vanna", "Bopha", "Chenda", "Pisey", "Nary", "Mony", "Visal", "Bora"):
        make_person(organisation, ("Keo", given))  # noise
    return found


def ids(results: list[Any]) -> list[int]:
    return [r.person.pk for r in results]


def first(actor: User, query: str, **filters: Any) -> int | None:
    results = search_people(actor=actor, query=query, **filters)
    return results[0].person.pk if results else None


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Sok Srey Mom", "srey_mom"),
        ("សុខ ស្រីមុំ", "srey_mom"),  # Khmer finds the Latin record and its Khmer name
        ("ស្រីមុំ", "srey_mom"),
        ("Srei Mom", "srey_mom"),
        ("sreymom sok", "srey_mom"),  # given name first, no space
        ("SOK SREY-MOM", "srey_mom"),
        ("Sok Srey Mon", "srey_mom"),  # a typo
        ("Sokk Sreymom", "srey_mom"),  # an extra letter
        ("Chan Sophiep", "sopheap"),  # another romanisation
        ("ចាន់ សុភាព", "sopheap"),  # the other script
        ("Chan Sopheep", "sopheap"),
        ("Heng Vanna", "vanna"),  # only Khmer stored
        ("Heng Vana", "vanna"),
        ("Kim Ratana", "ratana"),
        ("គឹម រតនា", "ratana"),
        ("Meas Theda", "thida"),
        ("Thida", "thida"),  # one word
    ],
)
def test_finds_by_name(
    make_user: Callable[..., User], people: dict[str, Person], query: str, who: str
) -> None:
    assert first(make_user("caseworker"), query) == people[who].pk


def test_finds_by_document_and_phone(make_user: Callable[..., User], people: dict[str, Person]) -> None:
    user = make_user("caseworker")
    add_document(actor=user, person=people["thida"], data={"kind": "passport", "number": "N1234567"})
    add_document(actor=user, person=people["ratana"], data={"kind": "national_id", "number": "010203040"})
    add_phone(actor=user, person=people["sopheap"], number="012 345 678")
    assert first(user, "n1234567") == people["thida"].pk
    assert first(user, "N 123-4567") == people["thida"].pk
    assert first(user, "0102 0304 0") == people["ratana"].pk
    for typed in ("012345678", "+855 12 345 678", "12 345 678", "012-345-678"):
        results = search_people(actor=user, query=typed)
        assert ids(results)[:1] == [people["sopheap"].pk], typed
        assert results[0].matched_by == "phone"


def test_filters(make_user: Callable[..., User], people: dict[str, Person]) -> None:
    user = make_user("caseworker")
    assert people["srey_mom"].pk not in ids(search_people(actor=user, query="Sok Srey Mom", sex="male"))
    assert people["srey_mom"].pk in ids(search_people(actor=user, query="Sok Srey Mom", sex="female"))
    assert ids(search_people(actor=user, query="", age_min=55)) == [people["vanna"].pk]
    assert set(ids(search_people(actor=user, query="", age_min=20, age_max=45))) == {
        people["srey_mom"].pk, people["sopheap"].pk,
    }  # fmt: skip
    province = province_of(village(0))
    assert ids(search_people(actor=user, query="", province=province)) == [people["srey_mom"].pk]
    assert ids(search_people(actor=user, query="Chan Sopheap", province=province)) == []


def test_another_organisation_never_appears(
    make_user: Callable[..., User], people: dict[str, Person], organisation: Organisation
) -> None:
    other = Organisation.objects.create(kind="ngo", name_en="Other NGO", name_km="អង្គការផ្សេង")
    stranger = make_person(other, ("Sok", "Srey Mom"), ("សុខ", "ស្រីមុំ"))
    add_phone(actor=make_user("caseworker", org=other), person=stranger, number="099 888 777")
    user = make_user("caseworker")
    for query in ("Sok Srey Mom", "សុខ ស្រីមុំ", "Sok Srey Mon", "099888777", "Srey Mom"):
        assert stranger.pk not in ids(search_people(actor=user, query=query)), query
    assert stranger.pk in ids(search_people(actor=make_user("caseworker", org=other), query="Sok Srey Mom"))
    # an organisation above both sees both
    parent = Organisation.objects.create(kind="ministry", name_en="Ministry", name_km="ក្រសួង")
    organisation.parent = parent
    organisation.save()
    assert people["srey_mom"].pk in ids(
        search_people(actor=make_user("caseworker", org=parent), query="Sok Srey Mom")
    )


def test_roles_without_the_group_cannot_search_by_hidden_fields(
    make_user: Callable[..., User], people: dict[str, Person]
) -> None:
    caseworker = make_user("caseworker")
    add_phone(actor=caseworker, person=people["sopheap"], number="012 345 678")
    add_document(actor=caseworker, person=people["thida"], data={"kind": "passport", "number": "N1234567"})
    police = make_user("police_liaison")  # identity documents yes, contact details no
    assert first(police, "N1234567") == people["thida"].pk
    assert first(police, "012345678") is None
    shelter = make_user("shelter_staff")  # contact details yes, documents no
    assert first(shelter, "N1234567") is None
    assert first(shelter, "012345678") == people["sopheap"].pk


def test_a_role_without_people_finds_nobody(
    make_user: Callable[..., User], people: dict[str, Person]
) -> None:
    assert search_people(actor=make_user("analyst"), query="Sok Srey Mom") == []


def test_each_search_is_audited_without_its_terms(
    make_user: Callable[..., User], people: dict[str, Person]
) -> None:
    user = make_user("caseworker")
    results = search_people(actor=user, query="Sok Srey Mom", sex="female")
    event = AuditEvent.objects.filter(action="search").latest("seq")
    assert event.actor_id == user.pk
    assert event.object_type == "people.person"
    assert event.detail["results"] == len(results) >= 1
    assert sorted(event.detail["filters"]) == ["query", "sex"]
    text = str(event.detail) + str(event.changes) + event.reason
    assert "Sok" not in text and "Srey" not in text and "female" not in text


def test_merged_records_are_left_out(make_user: Callable[..., User], people: dict[str, Person]) -> None:
    user = make_user("caseworker")
    twin = make_person(people["srey_mom"].organisation, ("Sok", "Srey Mom"))
    Person.objects.filter(pk=twin.pk).update(merged_into=people["srey_mom"])
    assert twin.pk not in ids(search_people(actor=user, query="Sok Srey Mom"))


def test_limit(make_user: Callable[..., User], people: dict[str, Person]) -> None:
    results = search_people(actor=make_user("caseworker"), query="Keo", limit=5)
    assert len(results) == 5
    assert all(r.person.family_name_latin == "Keo" for r in results)
    assert search_people(actor=make_user("caseworker"), query="Keo Dara")[0].person.given_name_latin == "Dara"


def test_a_record_opened_by_break_the_glass_is_found_while_the_access_lasts(
    make_user: Callable[..., User], people: dict[str, Person]
) -> None:
    from phlov.core.break_glass import break_glass

    other = Organisation.objects.create(kind="ngo", name_en="Other NGO", name_km="អង្គការផ្សេង")
    outsider = make_user("caseworker", org=other)
    assert people["thida"].pk not in ids(search_people(actor=outsider, query="Meas Thida"))
    break_glass(
        actor=outsider,
        obj=people["thida"],
        reason="A girl held in Poipet says she is this person; it cannot wait.",
    )
    fresh = User.objects.get(pk=outsider.pk)
    assert ids(search_people(actor=fresh, query="Meas Thida")) == [people["thida"].pk]


def test_one_word_with_a_typo_reads_the_spellings_when_few_hold_the_word(
    make_user: Callable[..., User], people: dict[str, Person]
) -> None:
    # Nobody holds "ratana" itself: its spellings and sounds are read, and find Rattana.
    assert first(make_user("caseworker"), "Ratana") == people["ratana"].pk


def test_one_word_held_by_enough_people_reads_no_spellings(
    make_user: Callable[..., User], people: dict[str, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phlov.people import selectors

    make_person(people["thida"].organisation, ("Keoo", "Sopha"))  # a spelling of Keo, not Keo
    monkeypatch.setattr(selectors, "ONE_WORD_CANDIDATES", 5)  # ten people hold "keo"
    user = make_user("caseworker")
    with CaptureQueriesContext(connection) as queries:
        results = search_people(actor=user, query="Keo")
    key_reads = [q["sql"] for q in queries.captured_queries if "people_personsearchkey" in q["sql"]]
    assert len(key_reads) == 2  # the whole-name key and the word itself, no spelling or sound
    assert len(results) == 5
    assert {r.person.family_name_latin for r in results} == {"Keo"}
