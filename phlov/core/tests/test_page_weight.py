"""The sign-in and home pages stay light: users are on cheap phones and slow links.

Everything the two pages make the browser fetch (HTML, style sheets, scripts, preloaded fonts
and the fonts the style sheets use) must add up to less than the budget, counting text as it
travels (gzip) and fonts as they are (woff2 is compressed already). Each file counts once:
the home page finds the sign-in page's files in the browser's cache.
"""

from __future__ import annotations

import gzip
import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from phlov.core.tests.test_shell import client_in, make_user, sign_in

BUDGET_BYTES = 150_000

STYLESHEET = re.compile(r"""<link\b(?=[^>]*\brel=["']stylesheet["'])[^>]*\bhref=["']([^"']+)["']""", re.I)
SCRIPT = re.compile(r"""<script\b[^>]*\bsrc=["']([^"']+)["']""", re.I)
PRELOAD_FONT = re.compile(
    r"""<link\b(?=[^>]*\brel=["']preload["'])(?=[^>]*\bas=["']font["'])[^>]*\bhref=["']([^"']+)["']""", re.I
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


def static_path(url: str) -> str:
    assert url.startswith(settings.STATIC_URL), f"{url} is not served from {settings.STATIC_URL}"
    return url[len(settings.STATIC_URL) :].split("?")[0].split("#")[0]


def static_file(path: str) -> Path:
    found = finders.find(path)
    assert found, f"static file {path} not found"
    return Path(found if isinstance(found, str) else found[0])


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def assets_of(html: str) -> dict[str, str]:
    """Static paths a page makes the browser fetch, each with its kind."""

    assets: dict[str, str] = {}
    for url in STYLESHEET.findall(html):
        css_path = static_path(url)
        assets[css_path] = "css"
        css = static_file(css_path).read_text(encoding="utf-8")
        for ref in CSS_URL.findall(css):
            if ref.startswith("data:"):
                continue
            font_path = posixpath.normpath(posixpath.join(posixpath.dirname(css_path), ref))
            assets[font_path] = "font"
    for url in SCRIPT.findall(html):
        assets[static_path(url)] = "js"
    for url in PRELOAD_FONT.findall(html):
        assets[static_path(url)] = "font"
    return assets


@pytest.mark.django_db
def test_sign_in_and_home_pages_stay_under_the_budget() -> None:
    user = make_user("ana", "caseworker")
    client = client_in("km")  # Khmer: the longer text and the fonts it needs
    login_html = client.get(reverse("login")).content
    sign_in(client, user)
    home = client.get("/")
    assert home.status_code == 200
    home_html = home.content

    breakdown: dict[str, int] = {
        "HTML sign-in page (gzip)": gzipped(login_html),
        "HTML home page (gzip)": gzipped(home_html),
    }
    assets = assets_of(login_html.decode()) | assets_of(home_html.decode())
    kinds = set(assets.values())
    assert {"css", "js", "font"} <= kinds, f"expected style sheets, scripts and fonts, found {kinds}"
    for path, kind in sorted(assets.items()):
        data = static_file(path).read_bytes()
        if kind == "font":
            assert path.endswith(".woff2"), f"{path}: serve fonts as woff2"
            breakdown[f"{path} (font)"] = len(data)
        else:
            breakdown[f"{path} ({kind}, gzip)"] = gzipped(data)

    total = sum(breakdown.values())
    width = max(len(name) for name in breakdown)
    print("\nPage weight of the sign-in and home pages:")
    for name, size in breakdown.items():
        print(f"  {name:<{width}}  {size:>8,} B")
    print(f"  {'total':<{width}}  {total:>8,} B  (budget {BUDGET_BYTES:,} B)")
    assert total < BUDGET_BYTES


def test_asset_finder_reads_pages_and_style_sheets() -> None:
    font = "vendor/fonts/preloaded.woff2"
    html = (
        f'<link rel="stylesheet" href="{settings.STATIC_URL}phlov/phlov.css">'
        f'<script src="{settings.STATIC_URL}phlov/phlov.js" defer></script>'
        f'<link rel="preload" as="font" href="{settings.STATIC_URL}{font}" crossorigin>'
    )
    assets = assets_of(html)
    assert assets.pop("phlov/phlov.css") == "css"
    assert assets.pop("phlov/phlov.js") == "js"
    assert assets.pop(font) == "font"
    # What is left came from the url()s of phlov.css: its Khmer fonts, resolved and found.
    assert assets and set(assets.values()) == {"font"}
    for path in assets:
        assert not path.startswith(("..", "/")) and static_file(path).suffix == ".woff2"
