"""Sign-in hardening: Argon2, lockout, second factor, idle and absolute timeouts, disabling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from phlov.accounts.middleware import AUTH_AT_KEY, SEEN_KEY
from phlov.accounts.models import User

PASSWORD = "correct horse battery staple"


def sign_in(client: Client, user: User, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return client.post("/accounts/login/", {"username": user.username, "password": password}, REMOTE_ADDR=ip)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_served_application_knows_no_md5() -> None:
    # The settings as the server loads them (no PHLOV_TESTING): the test run's fast hasher was
    # once left outside its ``if`` and hashed every password with MD5.
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PHLOV_TESTING"} | {"PHLOV_DEMO": "1"}
    code = "import django; django.setup(); from django.conf import settings; import json; print(json.dumps(settings.PASSWORD_HASHERS))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env | {"DJANGO_SETTINGS_MODULE": "phlov.settings"},
        capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    )  # fmt: skip
    hashers = json.loads(out.stdout.strip().splitlines()[-1])
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert not [h for h in hashers if "MD5" in h]


def test_production_hashes_passwords_with_argon2() -> None:
    # The test run puts a fast hasher first; everything after it is what production uses.
    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=production):
        encoded = make_password(PASSWORD)
        assert encoded.startswith("argon2$")
        assert check_password(PASSWORD, encoded)


@pytest.mark.django_db
def test_a_role_without_victims_data_signs_in_with_a_password(make_user: Callable[..., User]) -> None:
    client = Client()
    user = make_user("labour_officer")
    response = sign_in(client, user)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_and_audited_nowhere_in_plain_text(make_user: Callable[..., User]) -> None:
    client = Client()
    response = sign_in(client, make_user("labour_officer"), password="wrong password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_after_five_failures_for_that_user_and_address(make_user: Callable[..., User]) -> None:
    user = make_user("labour_officer")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, user, password="guess", ip="10.9.9.9")
    locked = sign_in(attacker, user, ip="10.9.9.9")  # even the right password is refused now
    assert locked.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # The real user at another address is not locked out by the attacker.
    colleague = Client()
    assert sign_in(colleague, user, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_roles_that_see_victims_data_must_enrol_and_use_a_second_factor(
    make_user: Callable[..., User],
) -> None:
    user = make_user("caseworker")
    client = Client()
    assert sign_in(client, user).status_code == 302
    # Every page sends the caseworker to enrolment first, and the API refuses.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/second-factor/setup/")
    assert client.get("/api/v1/places/").status_code == 403
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/accounts/second-factor/setup/", {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    # A wrong code slows further tries down (django-otp throttling); let this one through.
    device.refresh_from_db()
    device.throttle_reset()
    confirmed = client.post("/accounts/second-factor/setup/", {"code": current_code(device), "next": "/"})
    assert confirmed.status_code == 302
    assert client.get("/").status_code == 200

    # Next time: password, then the code from the enrolled device.
    later = Client()
    sign_in(later, user)
    response = later.get("/places/")
    assert response["Location"].startswith("/accounts/second-factor/?next=/places/")
    device.refresh_from_db()
    device.last_t = -1  # a code may be used once; this lets the test reuse the current one
    device.save()
    assert (
        later.post("/accounts/second-factor/", {"code": current_code(device), "next": "/places/"})["Location"]
        == "/places/"
    )
    assert later.get("/places/").status_code == 200


@pytest.mark.django_db
def test_the_same_code_cannot_be_used_twice(make_user: Callable[..., User]) -> None:
    user = make_user("supervisor")
    device = TOTPDevice.objects.create(user=user, name="Phlov", confirmed=True)
    first, second = Client(), Client()
    sign_in(first, user)
    sign_in(second, user)
    code = current_code(device)
    assert first.post("/accounts/second-factor/", {"code": code})["Location"] == "/"
    assert second.post("/accounts/second-factor/", {"code": code}).status_code == 200  # refused


@pytest.mark.django_db
def test_idle_timeout_ends_the_session(make_user: Callable[..., User], client: Client) -> None:
    client.force_login(make_user("labour_officer"))
    assert client.get("/").status_code == 200
    session = client.session
    session[SEEN_KEY] = time.time() - settings.PHLOV_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/places/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    # A request within the limit keeps the session alive.
    client.force_login(make_user("labour_officer"))
    session = client.session
    session[SEEN_KEY] = time.time() - settings.PHLOV_IDLE_TIMEOUT_SECONDS + 60
    session.save()
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_absolute_lifetime_ends_even_an_active_session(
    make_user: Callable[..., User], client: Client
) -> None:
    client.force_login(make_user("labour_officer"))
    session = client.session
    session[AUTH_AT_KEY] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session[SEEN_KEY] = time.time()
    session.save()
    assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_htmx_requests_are_redirected_with_a_header(make_user: Callable[..., User], client: Client) -> None:
    client.force_login(make_user("labour_officer"))
    session = client.session
    session[SEEN_KEY] = time.time() - settings.PHLOV_IDLE_TIMEOUT_SECONDS - 5
    session.save()
    response = client.get("/places/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_disabling_an_account_ends_all_its_sessions(make_user: Callable[..., User]) -> None:
    user = make_user("labour_officer")
    phone, laptop = Client(), Client()
    sign_in(phone, user, ip="10.0.0.3")
    sign_in(laptop, user, ip="10.0.0.4")
    assert Session.objects.count() == 2
    user.is_active = False
    user.save()
    assert Session.objects.count() == 0
    for client in (phone, laptop):
        assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_sign_in_requires_the_csrf_token(make_user: Callable[..., User]) -> None:
    user = make_user("labour_officer")
    strict = Client(enforce_csrf_checks=True)
    assert sign_in(strict, user).status_code == 403
    page = strict.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = strict.post(
        "/accounts/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        REMOTE_ADDR="10.0.0.5",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_signed_in_user_comes_with_the_organisation_their_audit_events_name(
    make_user: Callable[..., User],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phlov.audit.models import AuditEvent

    client = Client()
    user = make_user("labour_officer")
    sign_in(client, user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    user_reads = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(user_reads) == 1 and '"accounts_organisation"' in user_reads[0]
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "accounts_organisation"')]
    # A disabled account is signed out at its next request, as with Django's own backend.
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(actor=user, action="login", organisation=user.organisation).exists()


@pytest.mark.django_db
def test_md5_hashes_left_by_the_old_settings_are_made_unusable(make_user: Callable[..., User]) -> None:
    import importlib

    from django.apps import apps
    from django.contrib.auth.hashers import make_password

    migration = importlib.import_module("phlov.accounts.migrations.0011_no_md5_passwords")
    weak, strong = make_user("labour_officer"), make_user("analyst")
    User.objects.filter(pk=weak.pk).update(password=make_password(PASSWORD, hasher="md5"))
    User.objects.filter(pk=strong.pk).update(password=make_password(PASSWORD, hasher="argon2"))
    migration.drop_md5_hashes(apps, None)
    weak.refresh_from_db()
    strong.refresh_from_db()
    assert not weak.has_usable_password() and not weak.password.startswith("md5$")
    assert strong.check_password(PASSWORD)
    assert sign_in(Client(), weak).status_code == 200  # refused: the form is shown again


def _verified(client: Client, user: User, device: TOTPDevice | None = None) -> TOTPDevice:
    """Signs ``client`` in with the code of ``device`` (a new confirmed one by default)."""

    device = device or TOTPDevice.objects.create(user=user, name="Phlov", confirmed=True)
    sign_in(client, user)
    assert client.post("/accounts/second-factor/", {"code": current_code(device)})["Location"] == "/"
    return device


@pytest.mark.django_db
def test_the_second_factor_is_checked_on_each_request_from_the_user_read(
    make_user: Callable[..., User],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user("caseworker")
    client = Client()
    device = _verified(client, user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    device_reads = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "otp_totp_totpdevice"')
    ]
    assert device_reads == []
    # Unconfirmed (an administrator resetting it) or deleted: the next request asks again.
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    assert client.get("/")["Location"].startswith("/accounts/second-factor/")
    TOTPDevice.objects.filter(pk=device.pk).delete()
    other = Client()
    _verified(other, user)
    TOTPDevice.objects.filter(user=user).delete()
    assert other.get("/")["Location"].startswith("/accounts/second-factor/setup/")


@pytest.mark.django_db
def test_a_session_verified_by_a_second_device_stays_verified(make_user: Callable[..., User]) -> None:
    # The user's row carries the first confirmed device; a session verified with another one
    # is checked the way django-otp checks it.
    user = make_user("caseworker")
    TOTPDevice.objects.create(user=user, name="Old phone", confirmed=True)
    client = Client()
    second = _verified(client, user, TOTPDevice.objects.create(user=user, name="New phone", confirmed=True))
    session_device = client.session["otp_device_id"]
    assert session_device.endswith(f"/{second.pk}")
    assert client.get("/").status_code == 200
    second.delete()
    assert client.get("/")["Location"].startswith("/accounts/second-factor/")


@pytest.mark.django_db
def test_the_backend_reads_the_user_as_the_orm_would(make_user: Callable[..., User]) -> None:
    from django.db import connection
    from django.forms.models import model_to_dict
    from django.test.utils import CaptureQueriesContext

    from phlov.accounts.backends import UserBackend

    backend = UserBackend()
    user = make_user("caseworker")
    User.objects.filter(pk=user.pk).update(last_login="2026-01-02T03:04:05Z")
    TOTPDevice.objects.create(user=user, name="Unconfirmed", confirmed=False)
    confirmed = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    TOTPDevice.objects.create(user=user, name="Spare", confirmed=True)
    read = backend.get_user(user.pk)
    expected = User.objects.select_related("organisation").get(pk=user.pk)
    assert read is not None and read.confirmed_totp_id == confirmed.pk  # type: ignore[attr-defined]
    # Every field with the same value and type (SQLite keeps dates as text, booleans as 0/1).
    for field in User._meta.concrete_fields:
        got, want = getattr(read, field.attname), getattr(expected, field.attname)
        assert (got, type(got)) == (want, type(want)), field.name
    assert expected.organisation is not None and read.organisation is not None
    with CaptureQueriesContext(connection) as queries:
        assert model_to_dict(read.organisation) == model_to_dict(expected.organisation)
        assert read.organisation.created_at == expected.organisation.created_at
        assert read.organisation.is_active is True
    assert queries.captured_queries == []  # read with the user
    # Without an organisation, without a device, unknown, or not an id at all.
    User.objects.filter(pk=user.pk).update(organisation=None)
    TOTPDevice.objects.filter(user=user).delete()
    alone = backend.get_user(str(user.pk))  # the session keeps the id as text
    assert alone is not None and alone.organisation is None and alone.confirmed_totp_id is None  # type: ignore[attr-defined]
    assert backend.get_user(user.pk + 1000) is None
    assert backend.get_user("not-an-id") is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None


@pytest.mark.django_db
def test_a_session_is_read_only_while_it_has_not_expired(make_user: Callable[..., User]) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from phlov.accounts.sessions import SessionStore

    client = Client()
    client.force_login(make_user("labour_officer"))
    key = client.session.session_key
    assert settings.SESSION_ENGINE == "phlov.accounts.sessions"
    store = SessionStore(key)
    assert store.load()["_auth_user_id"] and store.session_key == key
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert SessionStore("no-such-session-key-at-all-0000000").load() == {}
