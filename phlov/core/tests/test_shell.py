"""The shell: sign-in, home per role, navigation, language switch, error pages, security headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from phlov.accounts.models import Organisation, Role, RoleAssignment
from phlov.core import views
from phlov.core.modules import BY_CODE

PACKAGE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # a test password, hashed with MD5 under PHLOV_TESTING
LANGUAGE_COOKIE = "phlov_language"
# Said on both the 403 and the 404 page: neither tells whether something exists.
SHARED_ADVICE = "If you need it for your work, ask your organisation's administrator."


def make_user(username: str, role_code: str | None = None) -> Any:
    org = Organisation.objects.create(kind="ngo", name_en=f"Organisation of {username}", name_km="អង្គការ")
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, organisation=org)
    if role_code:
        RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role_code), organisation=org)
    return user


def sign_in(client: Client, user: Any) -> None:
    """Sign in without the login form; a user who needs a second factor gets a verified one."""

    client.force_login(user)
    needs_second_factor = getattr(user, "needs_second_factor", None)
    if needs_second_factor is not None and needs_second_factor():
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = language
    return client


def tiles(html: str) -> dict[str, str]:
    """Module tiles of the home page: heading text -> the tile's HTML."""

    found = {}
    for tile in re.findall(r'<li class="tile[^"]*">(.*?)</li>', html, re.S):
        heading = re.search(r"<h3>(.*?)</h3>", tile, re.S)
        assert heading, tile
        found[re.sub(r"<[^>]+>", "", heading.group(1)).strip()] = tile
    return found


def factory_request(user: Any = None) -> HttpRequest:
    request = RequestFactory().get("/somewhere")
    request.user = user or AnonymousUser()
    return request


# --- Signing in ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_home_redirects_to_login() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


@pytest.mark.django_db
def test_login_lands_on_home_with_role_and_module_tiles() -> None:
    # An analyst: roles that see victims' data go through the second factor first.
    make_user("ana", "analyst")
    client = client_in("en")
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    role = Role.objects.get(code="analyst")
    assert "Welcome, ana" in html
    assert role.name_en in html and role.description_en.replace("'", "&#x27;") in html
    shown = tiles(html)
    assert list(shown) == [str(BY_CODE[code].label) for code in role.modules]
    for code in role.modules:
        module = BY_CODE[code]
        tile = shown[str(module.label)]
        url = module.url()
        if url:  # a module with its page links to it ...
            assert f'href="{url}"' in tile and "Not yet available" not in tile
        else:  # ... one without says so
            assert "Not yet available" in tile and "href=" not in tile


@pytest.mark.django_db
def test_wrong_password_shows_an_error_and_no_session() -> None:
    make_user("ana", "caseworker")
    client = client_in("en")
    response = client.post(reverse("login"), {"username": "ana", "password": "not it"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "The user name or password is not right" in response.content.decode()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_home_differs_by_role() -> None:
    users = {"cas": make_user("cas", "caseworker"), "ann": make_user("ann", "analyst")}
    pages = {}
    for username, user in users.items():
        client = client_in("en")
        sign_in(client, user)
        response = client.get("/")
        assert response.status_code == 200
        pages[username] = response.content.decode()
    assert "Caseworker" in pages["cas"] and "Caseworker" not in pages["ann"]
    assert "Analyst" in pages["ann"] and "Analyst" not in pages["cas"]
    assert "Protection" in tiles(pages["cas"]) and "Protection" not in tiles(pages["ann"])
    assert "Statistics" in tiles(pages["ann"]) and "Statistics" not in tiles(pages["cas"])


@pytest.mark.django_db
def test_user_without_role_is_told_whom_to_ask() -> None:
    user = make_user("nobody")
    client = client_in("en")
    sign_in(client, user)
    html = client.get("/").content.decode()
    assert "You hold no role yet" in html
    assert tiles(html) == {}


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("en")
    sign_in(client, user)
    html = client.get("/").content.decode()
    assert re.search(rf'<form method="post" action="{reverse("logout")}"', html)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get("/").status_code == 302


# --- Language switch -------------------------------------------------------------------------


@pytest.mark.django_db
def test_language_switch_sets_the_cookie_and_goes_back() -> None:
    client = client_in("en")
    login_page = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in login_page
    assert 'name="language" value="km"' in login_page
    response = client.post(reverse("set_language"), {"language": "km", "next": reverse("login")})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert response.cookies[LANGUAGE_COOKIE].value == "km"
    assert 'lang="km"' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_language_switch_does_not_redirect_off_site() -> None:
    response = Client().post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


# --- Error pages -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("en", "Not found"), ("km", "រកមិនឃើញ")])
def test_404_in_both_languages(language: str, heading: str) -> None:
    response = client_in(language).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert 'href="/"' in html


@pytest.mark.django_db
def test_404_for_a_signed_in_user_keeps_the_navigation() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("en")
    sign_in(client, user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'aria-label="Modules"' in response.content.decode()


@pytest.mark.django_db
def test_403_and_404_say_the_same_kind_of_thing() -> None:
    with translation.override("en"):
        forbidden = views.permission_denied(factory_request(), PermissionDenied())
        missing = views.page_not_found(factory_request(), None)
    assert forbidden.status_code == 403 and missing.status_code == 404
    forbidden_html, missing_html = forbidden.content.decode(), missing.content.decode()
    assert "Not allowed" in forbidden_html
    # Neither page confirms that something exists: both allow for "nothing here" and "not for you".
    assert "there is nothing here" in forbidden_html and "not open to you" in forbidden_html
    assert "nothing at this address" in missing_html and "not open to you" in missing_html
    assert SHARED_ADVICE in forbidden_html and SHARED_ADVICE in missing_html


@pytest.mark.django_db
def test_403_in_khmer_for_a_signed_in_user() -> None:
    user = make_user("ana", "caseworker")
    with translation.override("km"):
        response = views.permission_denied(factory_request(user), PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="km"' in html and "មិនមានសិទ្ធិ" in html


@pytest.mark.django_db
def test_400_page() -> None:
    with translation.override("en"):
        response = views.bad_request(factory_request(), SuspiciousOperation())
    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()


@pytest.mark.django_db
def test_400_page_through_the_handler() -> None:
    response = client_in("en").get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()


def broken_context_processor(request: HttpRequest) -> dict[str, Any]:
    raise RuntimeError("a context processor failed")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [("en", "Something went wrong"), ("km", "មានបញ្ហាកើតឡើង")])
def test_500_renders_even_when_context_processors_fail(language: str, heading: str) -> None:
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [PACKAGE_DIR / "templates"],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": [f"{__name__}.broken_context_processor"]},
        }
    ]
    with override_settings(TEMPLATES=templates), translation.override(language):
        response: HttpResponse = views.server_error(factory_request())
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert heading in html
    assert 'href="/"' in html


# --- Security --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_enforces_csrf() -> None:
    make_user("ana", "caseworker")
    client = Client(enforce_csrf_checks=True)
    refused = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert refused.status_code == 403

    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    accepted = client.post(
        reverse("login"), {"username": "ana", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("en")
    responses = [client.get(reverse("login"))]
    sign_in(client, user)
    responses += [client.get("/"), client.get("/no-such-page/")]
    for response in responses:
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"


def template_files() -> list[Path]:
    return sorted(PACKAGE_DIR.glob("**/templates/**/*.html"))


TAG = re.compile(r"<[a-zA-Z][^<>]*>")
INLINE_HANDLER = re.compile(r"""[\s"'}](?:on[a-z]+|hx-on[:\-][\w:\-]*)\s*=""", re.I)
INLINE_STYLE = re.compile(r"""[\s"'}]style\s*=""", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)


def test_templates_have_no_inline_script_or_style() -> None:
    files = template_files()
    assert PACKAGE_DIR / "templates" / "base.html" in files
    problems = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE_DIR)
        for attributes, body in SCRIPT.findall(text):
            if body.strip() or "src=" not in attributes:
                problems.append(f"{name}: inline <script> {attributes.strip()!r}")
        if re.search(r"<style\b", text, re.I):
            problems.append(f"{name}: <style> element")
        if re.search(r"javascript:", text, re.I):
            problems.append(f"{name}: javascript: URL")
        for tag in TAG.findall(text):
            if INLINE_HANDLER.search(tag):
                problems.append(f"{name}: event handler attribute in {tag!r}")
            if INLINE_STYLE.search(tag):
                problems.append(f"{name}: style attribute in {tag!r}")
    assert problems == []


def test_the_template_scan_catches_what_it_should() -> None:
    bad = [
        '<button onclick="go()">',
        '<div hx-on:click="go()">',
        '<p class="x" style="color: red">',
        '<a href="{{ url }}" onmouseover="x()">',
    ]
    for tag in bad:
        assert INLINE_HANDLER.search(tag) or INLINE_STYLE.search(tag), tag
    assert not INLINE_HANDLER.search('<button name="online" data-one="1">')
    assert SCRIPT.findall("<script>alert(1)</script>") == [("", "alert(1)")]


# --- Accessibility of the shell --------------------------------------------------------------


@pytest.mark.django_db
def test_shell_has_landmarks_skip_link_and_labelled_fields() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("en")
    login_page = client.get(reverse("login")).content.decode()
    sign_in(client, user)
    home = client.get("/").content.decode()
    for html in (login_page, home):
        assert re.search(r'<a class="skip-link" href="#main">', html)
        assert '<main id="main"' in html
        assert "<header" in html and "<footer" in html
        assert 'aria-label="Main navigation"' in html
        assert re.search(r'<html lang="en"', html)
        assert 'lang="km"' in html  # the Khmer brand and the switch to Khmer say what they are
    for field in re.findall(r'<input type="(?:text|password)"[^>]*\bid="([^"]+)"', login_page):
        assert f'<label for="{field}">' in login_page
    assert 'aria-label="Modules"' in home and 'aria-labelledby="work-heading"' in home
