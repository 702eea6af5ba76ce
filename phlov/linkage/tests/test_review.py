"""The review queue: pairs side by side with the weights as bars, accept and reject with a
reason (audited), hidden field groups hidden, people outside the user's scope never shown."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.linkage.models import CandidatePair, Merge, PairStatus
from phlov.linkage.tests.helpers import pending_pair, person, sign_in, village
from phlov.people.models import Person, PhoneNumber

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(make_user: Callable[..., User]) -> User:
    return make_user("caseworker")


@pytest.fixture
def pair(organisation: Organisation) -> CandidatePair:
    a = person(organisation, ("Sok", "Sopheap"), ("សុខ", "សុភាព"), sex="female", origin_village=village(1))
    b = person(
        organisation,
        ("SOK", "SOPHIEP"),
        sex="female",
        birth_date=datetime.date(1999, 1, 2),
        origin_village=village(1),
    )
    PhoneNumber.objects.create(person=b, number="012 345 678")
    return pending_pair(a, b)


def client_for(user: User, language: str = "en") -> Client:
    client = Client()
    client.cookies["phlov_language"] = language
    return sign_in(client, user)


def test_queue_lists_the_pair(caseworker: User, pair: CandidatePair) -> None:
    page = client_for(caseworker).get(reverse("linkage:index")).content.decode()
    assert reverse("linkage:pair", args=[pair.pk]) in page and "Sok Sopheap" in page and "SOK SOPHIEP" in page
    assert "style=" not in page and "<script>" not in page


def test_pair_page_shows_both_records_and_the_weights_as_bars(caseworker: User, pair: CandidatePair) -> None:
    page = client_for(caseworker).get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "សុខ សុភាព" in page and "1999-01-02" in page and "012 345 678" in page
    assert village(1).name_en in page
    assert 'class="lk-bar lk-for lk-w5"' in page  # +4.8 for the family name
    assert 'class="lk-bar lk-against lk-w7"' in page  # -7.1 for the date of birth
    assert "same name, other romanisation" in page and "+4.8" in page
    assert "style=" not in page and "linkage/linkage.css" in page


def test_pair_page_in_khmer(caseworker: User, pair: CandidatePair) -> None:
    page = client_for(caseworker, "km").get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "តើនេះជាមនុស្សតែមួយឬ?" in page and "Is this the same person?" not in page


def test_hidden_field_groups_stay_hidden(make_user: Callable[..., User], pair: CandidatePair) -> None:
    police = make_user("police_liaison")  # sees people, not their contact details or location
    page = client_for(police).get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert "Sok Sopheap" in page
    assert "012 345 678" not in page and village(1).name_en not in page
    assert "Your decision" not in page  # may see, may not change


def test_accept_merges_and_is_audited(caseworker: User, pair: CandidatePair) -> None:
    client = client_for(caseworker)
    response = client.post(
        reverse("linkage:decide", args=[pair.pk]),
        {"decision": "accept", "keep": "b", "reason": "same phone and name"},
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACCEPTED
    assert Person.objects.get(pk=pair.person_a_id).merged_into_id == pair.person_b_id
    merge = Merge.objects.get(pair=pair)
    assert AuditEvent.objects.filter(action="merge", reason="same phone and name").exists()
    # The queue no longer shows it; the pair page offers the undo.
    assert (
        reverse("linkage:pair", args=[pair.pk]) not in client.get(reverse("linkage:index")).content.decode()
    )
    page = client.get(reverse("linkage:pair", args=[pair.pk])).content.decode()
    assert reverse("linkage:undo", args=[merge.pk]) in page
    client.post(reverse("linkage:undo", args=[merge.pk]), {"reason": "sisters"})
    assert Person.objects.get(pk=pair.person_a_id).merged_into_id is None
    assert AuditEvent.objects.filter(action="unmerge", reason="sisters").exists()


def test_reject_needs_a_reason_and_is_audited(caseworker: User, pair: CandidatePair) -> None:
    client = client_for(caseworker)
    response = client.post(reverse("linkage:decide", args=[pair.pk]), {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    client.post(
        reverse("linkage:decide", args=[pair.pk]), {"decision": "reject", "reason": "different mothers"}
    )
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED and pair.reason == "different mothers"
    event = AuditEvent.objects.get(action="linkage.reject")
    assert event.object_id == str(pair.pk) and event.reason == "different mothers"
    assert not Merge.objects.exists()


def test_pairs_with_someone_out_of_scope_are_not_shown(caseworker: User, organisation: Organisation) -> None:
    elsewhere = Organisation.objects.create(
        kind=OrganisationKind.NGO, name_en="Other NGO", name_km="អង្គការផ្សេង"
    )
    mine = person(organisation, ("Chan", "Dara"))
    theirs = person(elsewhere, ("Chan", "Dara"))
    hidden = pending_pair(mine, theirs)
    client = client_for(caseworker)
    page = client.get(reverse("linkage:index")).content.decode()
    assert reverse("linkage:pair", args=[hidden.pk]) not in page
    assert client.get(reverse("linkage:pair", args=[hidden.pk])).status_code == 404
    response = client.post(reverse("linkage:decide", args=[hidden.pk]), {"decision": "reject", "reason": "x"})
    assert response.status_code == 404
    assert CandidatePair.objects.get(pk=hidden.pk).status == PairStatus.PENDING


def test_users_without_people_access_are_refused(make_user: Callable[..., User], pair: CandidatePair) -> None:
    analyst = make_user("analyst")
    client = client_for(analyst)
    assert client.get(reverse("linkage:index")).status_code == 404
    assert client.get(reverse("linkage:pair", args=[pair.pk])).status_code == 404
