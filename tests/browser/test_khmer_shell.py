"""The shell in a real browser against the served demo: sign in, switch to Khmer, narrow screens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

USER = "demo.caseworker"
SECRET = re.compile(r"\b[A-Z2-7]{4}(?: [A-Z2-7]{4}){7,}\b")
TOTP_STEP = 30


def totp(secret: str, counter: int, digits: int = 6) -> str:
    """RFC 6238 code, as an authenticator app computes it (SHA-1, 30-second steps)."""

    key = secret.replace(" ", "").upper()
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(key_bytes, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{value:0{digits}d}"


class Authenticator:
    """The phone of the demo users: keeps the keys enrolled during the run, never reuses a code."""

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.last_counter: dict[str, int] = {}

    def code(self, username: str) -> str:
        assert username in self.secrets, f"{username} has a second factor enrolled before this run"
        counter = max(int(time.time()) // TOTP_STEP, self.last_counter.get(username, -1) + 1)
        # The server accepts one step of clock drift; beyond that, wait for the clock.
        while counter > int(time.time()) // TOTP_STEP + 1:
            time.sleep(1)
        self.last_counter[username] = counter
        return totp(self.secrets[username], counter)


@pytest.fixture(scope="session")
def authenticator() -> Authenticator:
    return Authenticator()


def khmer(text: str) -> str:
    with translation.override("km"):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no Khmer translation in the catalogue"
    return translated


def watch(page: Any) -> list[str]:
    """Console errors (a refused inline script or style shows here) and failed requests."""

    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
    return problems


def sign_in(page: Any, server: Any, authenticator: Authenticator, username: str) -> None:
    page.goto(f"{server.url}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", server.password(username))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/second-factor/setup/" in page.url:  # roles that see victims' data enrol a second factor
        found = SECRET.search(page.inner_text("main"))
        assert found, "the second-factor page shows no key"
        authenticator.secrets[username] = found.group(0)
    if "/second-factor/" in page.url:
        page.fill("input[name=code]", authenticator.code(username))
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    assert page.url == f"{server.url}/", f"signed in, but landed on {page.url}"


def html_lang(page: Any) -> str | None:
    return page.get_attribute("html", "lang")


def khmer_fonts_loaded(page: Any) -> int:
    return int(
        page.evaluate(
            """async () => {
                await document.fonts.ready;
                return [...document.fonts].filter(
                    f => f.family.replace(/["']/g, "") === "Noto Sans Khmer" && f.status === "loaded").length;
            }"""
        )
    )


@pytest.fixture
def context_factory(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def test_sign_in_and_switch_to_khmer(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, results_dir: Path
) -> None:
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)

    page.goto(f"{demo_server.url}/")
    assert html_lang(page) == "en"
    assert page.inner_text("h1") == "Sign in"

    sign_in(page, demo_server, authenticator, USER)
    assert html_lang(page) == "en"
    assert page.inner_text("h1").startswith("Welcome")
    assert page.locator("h2", has_text="Your roles").count() == 1

    with page.expect_navigation():
        page.click("form.language-switch button[value=km]")
    assert page.url == f"{demo_server.url}/"
    assert page.locator("html[lang=km]").count() == 1
    assert page.locator("h2", has_text=khmer("Your roles")).is_visible()
    assert page.locator("h2", has_text=khmer("Your work")).is_visible()
    body = page.inner_text("body")
    assert "Welcome" not in body and "Your roles" not in body
    assert khmer("Sign out") in body
    assert khmer_fonts_loaded(page) >= 1, "Noto Sans Khmer did not load"
    page.screenshot(path=str(results_dir / "khmer-home.png"), full_page=True)

    with page.expect_navigation():
        page.click("form.language-switch button[value=en]")
    assert html_lang(page) == "en"
    assert problems == []


@pytest.mark.parametrize("language", ["km", "en"])
def test_narrow_screen_has_no_horizontal_scroll(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, results_dir: Path, language: str
) -> None:
    context = context_factory(viewport={"width": 360, "height": 740}, locale="en-US")
    context.add_cookies([{"name": "phlov_language", "value": language, "url": demo_server.url}])
    page = context.new_page()
    problems = watch(page)

    page.goto(f"{demo_server.url}/accounts/login/")
    assert html_lang(page) == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    sign_in(page, demo_server, authenticator, USER)
    assert html_lang(page) == language
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The first Tab reaches the skip link, which shows on screen and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and 0 <= box["x"] < 360 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.screenshot(path=str(results_dir / f"home-360-{language}.png"), full_page=True)
    assert problems == []
