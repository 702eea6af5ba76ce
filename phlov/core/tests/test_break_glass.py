"""Break-the-glass: a stated reason, a limited time, an audit row, and the owner told at once."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.core.break_glass import break_glass
from phlov.core.models import BreakGlassAccess
from phlov.core.policies import policy_for
from phlov.notifications.models import Notification

pytestmark = pytest.mark.django_db

REASON = "Police in Poipet hold a girl who says she is this person; her safety cannot wait."


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def other_ngo() -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Damnok Toek (test)")


@pytest.fixture
def person(organisation: Organisation, make_person: Callable[..., Any]) -> Any:
    return make_person(organisation)


def test_outside_scope_the_record_is_not_found_until_the_glass_is_broken(
    person: Any, other_ngo: Organisation, make_user: Callable[..., User], login: Callable[..., Any]
) -> None:
    outsider = make_user("caseworker", org=other_ngo)
    client = login(Client(), outsider)
    url = f"/people/{person.pk}/"
    assert client.get(url).status_code == 404
    response = client.post(
        "/break-glass/", {"record_type": "people.person", "reference": str(person.pk), "reason": REASON}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(action="break_glass")
    assert (
        event.reason == REASON
        and event.object_id == str(person.pk)
        and event.actor_username == outsider.username
    )


def test_the_owner_organisation_supervisor_is_notified_at_once(
    person: Any, other_ngo: Organisation, make_user: Callable[..., User]
) -> None:
    supervisor = make_user("supervisor")  # over the person's organisation
    elsewhere = make_user("supervisor", org=other_ngo)
    break_glass(actor=make_user("caseworker", org=other_ngo), obj=person, reason=REASON)
    notice = Notification.objects.get(kind=Notification.Kind.BREAK_GLASS)
    assert notice.recipient == supervisor and REASON in notice.body
    assert not Notification.objects.filter(recipient=elsewhere).exists()


def test_the_access_ends_by_itself(
    person: Any, other_ngo: Organisation, make_user: Callable[..., User], settings: Any
) -> None:
    outsider = make_user("caseworker", org=other_ngo)
    access = break_glass(actor=outsider, obj=person, reason=REASON)
    assert access.expires_at - access.granted_at == datetime.timedelta(hours=3)
    access.delete()
    # A one-second access, then real time passes: nothing is written when it runs out, and
    # the copy of the user's access this process keeps must end with it.
    settings.PHLOV_BREAK_GLASS_HOURS = 1 / 3600
    access = break_glass(actor=outsider, obj=person, reason=REASON)
    policy = policy_for(person)
    fresh = User.objects.get(pk=outsider.pk)
    assert policy.can(fresh, "view", person) and policy.restrict(fresh).filter(pk=person.pk).exists()
    while timezone.now() < access.expires_at:
        time.sleep(0.05)
    fresh = User.objects.get(pk=outsider.pk)
    assert not policy.can(fresh, "view", person)
    assert not policy.restrict(fresh).filter(pk=person.pk).exists()
    # Break-the-glass opens for reading only, never for changing.
    assert not policy.can(fresh, "change", person)


def test_a_reason_is_required_and_roles_that_never_see_such_records_cannot_ask(
    person: Any, other_ngo: Organisation, make_user: Callable[..., User], login: Callable[..., Any]
) -> None:
    with pytest.raises(ValidationError):
        break_glass(actor=make_user("caseworker", org=other_ngo), obj=person, reason="need it")
    with pytest.raises(PermissionDenied):
        break_glass(actor=make_user("agency_inspector", org=other_ngo), obj=person, reason=REASON)
    assert (
        login(Client(), make_user("agency_inspector", org=other_ngo)).get("/break-glass/").status_code == 404
    )
    assert not BreakGlassAccess.objects.exists()
