"""The shell in a real browser against the served demo: sign in, switch to Khmer, narrow screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

USER = "demo.caseworker"


def khmer(text: str) -> str:
    with translation.override("km"):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no Khmer translation in the catalogue"
    return translated


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


def test_sign_in_and_switch_to_khmer(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, results_dir: Path
) -> None:
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)

    page.goto(f"{demo_server.url}/")
    assert html_lang(page) == "en"
    assert page.inner_text("h1") == "Sign in"

    sign_in(page, demo_server, authenticator, USER, fresh=True)
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
