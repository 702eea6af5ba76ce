"""Sign-in, failed sign-in and sign-out are audited with the address; passwords never are."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from phlov.accounts.models import User
from phlov.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def _row_text(event: AuditEvent) -> str:
    return json.dumps(AuditEvent.objects.filter(seq=event.seq).values().get(), default=str)


@pytest.mark.django_db
def test_sign_in_and_sign_out_are_audited_with_the_address(make_user: Callable[..., User]) -> None:
    # A role without victims' data signs in with a password alone.
    user = make_user("labour_officer")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    login = AuditEvent.objects.get(action="login")
    assert (login.actor_id, login.ip_address) == (user.pk, "198.51.100.4")
    assert (login.object_type, login.object_id) == ("accounts.user", str(user.pk))
    assert login.organisation_path == user.organisation.path  # type: ignore[union-attr]

    client.post("/accounts/logout/", REMOTE_ADDR="198.51.100.5")
    logout = AuditEvent.objects.get(action="logout")
    assert (logout.actor_id, logout.ip_address) == (user.pk, "198.51.100.5")


@pytest.mark.django_db
def test_a_failed_sign_in_keeps_the_user_name_tried_and_never_the_password(
    make_user: Callable[..., User],
) -> None:
    user = make_user("labour_officer")
    secret = "my-wrong-but-real-looking-password"
    response = Client().post(
        "/accounts/login/", {"username": user.username, "password": secret}, REMOTE_ADDR="192.0.2.77"
    )
    assert response.status_code == 200
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_id is None and failed.ip_address == "192.0.2.77"
    assert failed.detail == {"username": user.username}
    # Shown to the organisation of the account that was tried.
    assert failed.organisation_path == user.organisation.path  # type: ignore[union-attr]
    assert failed.object_id == str(user.pk)
    assert secret not in _row_text(failed)
    assert "*****" not in _row_text(failed)  # not even Django's masked placeholder


@pytest.mark.django_db
def test_a_failed_sign_in_for_nobody_is_audited_unscoped(db: None) -> None:
    Client().post(
        "/accounts/login/", {"username": "ghost", "password": "whatever it is"}, REMOTE_ADDR="192.0.2.8"
    )
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.detail == {"username": "ghost"}
    assert failed.organisation_path == "" and failed.object_id == ""
    assert "whatever it is" not in _row_text(failed)
