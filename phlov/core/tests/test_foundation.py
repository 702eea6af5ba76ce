"""The foundation: settings, closed-by-default views, the command line, the demo data."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from phlov.accounts.models import User
from phlov.core.access import PROTECTED_MARK, PUBLIC_MARK
from phlov.core.demo import DEMO_USERS, load_demo

REPO = Path(__file__).resolve().parents[3]


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            if namespace == "admin":
                # PhlovAdminSite.has_permission guards every view the admin site mounts.
                callback = _AdminGuarded
            yield prefix + str(entry.pattern), callback


class _AdminGuarded:
    pass


def _guard(callback: Any) -> str | None:
    """How a view is guarded, or None if nothing says."""

    for marked in (callback, getattr(getattr(callback, "view_class", None), "dispatch", None)):
        if marked is None:
            continue
        if getattr(marked, PUBLIC_MARK, None):
            return "public"
        if getattr(marked, PROTECTED_MARK, None):
            return "protected"
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and getattr(view_class, "permission_classes", None):
        # DRF: the permission classes say who may use it (IsAuthenticated by default).
        return "api"
    if callback is _AdminGuarded:
        return "admin"
    return None


def test_every_url_is_explicitly_public_or_protected() -> None:
    unguarded = [route for route, callback in _walk(get_resolver().url_patterns) if _guard(callback) is None]
    assert unguarded == [], f"views that say neither public nor protected: {unguarded}"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_from_protected_pages(client: Client) -> None:
    for route, callback in _walk(get_resolver().url_patterns):
        if _guard(callback) != "protected" or "<" in route:
            continue
        response = client.get("/" + route)
        assert response.status_code == 302, route
        assert response["Location"].startswith(
            settings.LOGIN_URL if "/" in settings.LOGIN_URL else "/accounts/login/"
        )


@pytest.mark.django_db
def test_sqlite_is_durable_by_default() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_postgresql_plans_a_repeated_statement_once_per_connection() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite run")
    from phlov.accounts.models import Organisation

    for _ in range(3):
        list(Organisation.objects.filter(path__startswith="prepared-check/"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    # Parameters bound by the server ($1), not pasted into the text: the plan serves any value.
    assert any("accounts_organisation" in text and "$1" in text for text in prepared), prepared


def test_settings_refuse_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PHLOV_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import phlov.settings"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_refuse_to_start_without_a_file_encryption_key(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PHLOV_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 60}
    result = subprocess.run(
        [sys.executable, "-c", "import phlov.settings"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "PHLOV_FILE_KEYS is not set" in result.stderr


def test_demo_mode_keeps_its_secret_key_in_an_ignored_file(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PHLOV_VAR_DIR": str(tmp_path), "PHLOV_DEMO": "1"}
    code = "from phlov import settings as s; print(s.SECRET_KEY, s.DEBUG, s.SESSION_COOKIE_SECURE)"
    first = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    key, debug, secure = first.stdout.split()
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert debug == "False"
    assert secure == "False"  # the demo is served over plain HTTP on the loopback address
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_server_processes_share_one_cache(tmp_path: Path) -> None:
    # Two processes with the served settings: a dashboard counted, or a record saved, in one is
    # known to the other (the data version), so a national recount is not redone in each.
    env = {"PATH": "/usr/bin:/bin", "PHLOV_VAR_DIR": str(tmp_path), "PHLOV_DEMO": "1"}
    setup = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'phlov.settings'; django.setup(); "
    write = (
        setup
        + "from django.core.cache import cache; from phlov.stats import versions; "
        + ("versions.bump(); cache.set('phlov:test', 41); print(versions.version())")
    )
    read = (
        setup
        + "from django.core.cache import cache; from phlov.stats import versions; "
        + ("print(versions.version(), cache.get('phlov:test'))")
    )
    first = subprocess.run([sys.executable, "-c", write], cwd=REPO, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([sys.executable, "-c", read], cwd=REPO, env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == [first.stdout.strip(), "41"]
    assert any((tmp_path / "cache").iterdir())


def test_production_settings_are_secure() -> None:
    from cryptography.fernet import Fernet

    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "phlov.example.org",
        "PHLOV_FILE_KEYS": Fernet.generate_key().decode(),
    }
    code = (
        "from phlov import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000"]


def test_cli_lists_phlov_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "phlov.cli", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0
    for command in ("demo", "serve", "createadmin", "check"):
        assert f"  {command}" in result.stdout


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_gives_one_user_per_role() -> None:
    first = load_demo()
    assert sorted(c.username for c in first) == sorted(f"demo.{code}" for code, _ in DEMO_USERS)
    assert load_demo() == []  # a second run keeps what is there and shows no password
    for credential in first:
        user = User.objects.get(username=credential.username)
        assert user.check_password(credential.password)
        assert user.role_codes() == {credential.username.removeprefix("demo.")}


@pytest.mark.django_db
def test_demo_password_reset_shows_new_passwords() -> None:
    load_demo()
    reset = load_demo(reset_passwords=True)
    assert len(reset) == len(DEMO_USERS)
    assert User.objects.get(username=reset[0].username).check_password(reset[0].password)


@pytest.mark.django_db
def test_admin_is_for_system_administrators_only(make_user: Callable[..., User], client: Client) -> None:
    caseworker = make_user("caseworker")
    caseworker.is_staff = True  # even a staff flag does not open the admin without the role
    caseworker.save()
    client.force_login(caseworker)
    assert client.get("/admin/").status_code == 302
    admin = make_user("system_admin")
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_healthz_answers_without_login(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
