"""The national dashboard in a real browser, in Khmer, against the served demo: a supervisor
filters it, opens a number and lands on the records behind it; an analyst sees the same
dashboard with small cells suppressed and nothing to open.

The demo's statistics records come from ``phlov/stats/demo.py`` (about a hundred invented
victims' cases, registered by the demo NGO whose supervisor signs in here).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SUPERVISOR = "demo.supervisor"
ANALYST = "demo.analyst"
PREY_VENG = "14"


def khmer_page(context_factory: Any) -> Any:
    return context_factory(locale="km-KH").new_page()


def test_the_supervisor_filters_the_dashboard_and_opens_the_records_behind_a_number(
    context_factory: Any, demo_server: Any, authenticator: Authenticator
) -> None:
    page = khmer_page(context_factory)
    problems = watch(page)
    sign_in(page, demo_server, authenticator, SUPERVISOR)
    page.goto(f"{demo_server.url}/stats/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert page.inner_text("h1") == "ស្ថិតិថ្នាក់ជាតិ"
    # SVG text is not an HTML element: its text is read with text_content().
    everyone = int(
        page.locator(f"#dashboard-body a[data-province='{PREY_VENG}'] text.value").text_content() or ""
    )

    # Filter: women only. htmx swaps the dashboard's body and keeps the filter in the address.
    with page.expect_response(re.compile(r"/stats/\?.*sex=female")):
        page.select_option("select[name=sex]", "female")
    page.wait_for_url(re.compile(r"sex=female"))
    tile = page.locator(f"#dashboard-body a[data-province='{PREY_VENG}']")
    women = int(tile.locator("text.value").text_content() or "")
    assert 0 < women < everyone
    assert "sex=female" in (tile.get_attribute("href") or "")

    # Open the number: the records behind it, each a case the supervisor may open.
    with page.expect_navigation(url=re.compile(r"/stats/records/\?")):
        tile.click()
    assert "province=14" in page.url and "sex=female" in page.url
    listed = page.locator("table.stats-records a[href^='/protection/cases/']")
    assert listed.count() == women
    assert f"{women}" in page.inner_text("main p >> nth=1")
    with page.expect_navigation(url=re.compile(r"/protection/cases/\d+/$")):
        listed.first.click()
    assert problems == []


def test_the_analyst_sees_suppressed_cells_and_no_records(
    context_factory: Any, demo_server: Any, authenticator: Authenticator
) -> None:
    page = khmer_page(context_factory)
    problems = watch(page)
    sign_in(page, demo_server, authenticator, ANALYST)
    page.goto(f"{demo_server.url}/stats/")
    assert page.locator("html").get_attribute("lang") == "km"
    body = page.locator("#dashboard-body")
    suppressed = body.locator(".is-suppressed text.value, span.suppressed")
    assert suppressed.count() > 0
    assert "<11" in (suppressed.first.text_content() or "")
    # Nothing on the analyst's dashboard leads to persons, and the drill-down is refused.
    assert body.locator("a[href*='/stats/records/']").count() == 0
    response = page.goto(f"{demo_server.url}/stats/records/?measure=victims&province={PREY_VENG}")
    assert response is not None and response.status == 403
    assert [p for p in problems if "403" not in p] == []
