"""The ministry's oversight of agencies and complaints, in a real browser against the served demo:

(a) the agency inspector licenses an agency on the staff pages, with its destinations; anyone,
    signed out, then finds it licensed for that destination on the public register;
(b) a family member, signed out and in Khmer (the default language), lodges a complaint on the
    public form and follows it with the reference; the complaints officer of the province
    acknowledges it, holds a conciliation meeting, records the agreement and the payment of
    compensation, and closes it; the public status page then shows the new status.

The demo's database is read (read-only) only for ids the pages take as values.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

INSPECTOR = "demo.agency_inspector"
COMPLAINTS_OFFICER = "demo.complaints_officer"
DATABASE_LINE = re.compile(r"^Database: sqlite3 (\S+)$")


class DemoDatabase:
    def __init__(self, server: Any) -> None:
        found = [DATABASE_LINE.match(line.strip()) for line in server.output]
        paths = [Path(m.group(1)) for m in found if m]
        assert paths, "the demo did not print an SQLite database"
        self.path = paths[0]

    def row(self, sql: str, *params: Any) -> tuple[Any, ...]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=20)
        try:
            rows = connection.execute(sql, params).fetchall()
        finally:
            connection.close()
        assert len(rows) == 1, f"{sql} {params}: {rows}"
        return tuple(rows[0])

    def value(self, sql: str, *params: Any) -> Any:
        return self.row(sql, *params)[0]


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_agency_licensed_then_on_the_public_register(
    context_factory: Any, demo_server: Any, authenticator: Authenticator
) -> None:
    db = DemoDatabase(demo_server)
    malaysia, malaysia_en, malaysia_km = db.row(
        "SELECT id, name_en, name_km FROM places_place WHERE kind = 'country' AND code = 'MY'"
    )
    licence = f"BR-{datetime.datetime.now():%H%M%S}"
    inspector = context_factory(locale="en-US").new_page()
    problems = watch(inspector)
    sign_in(inspector, demo_server, authenticator, INSPECTOR)
    inspector.goto(f"{demo_server.url}/migration/agencies/manage/")
    submit(inspector, "a[href='/migration/agencies/manage/new/']")
    inspector.fill("[name=name_en]", f"Kampot Bridge Recruitment {licence} (invented)")
    inspector.fill("[name=name_km]", "ក្រុមហ៊ុនស្ពានកំពត (សាកល្បង)")
    inspector.fill("[name=licence_number]", licence)
    inspector.fill("[name=licence_issued]", (datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    inspector.fill(
        "[name=licence_expires]", (datetime.date.today() + datetime.timedelta(days=5 * 365)).isoformat()
    )
    inspector.fill("[name=address]", "Kampot (invented)")
    inspector.check(f"input[name=destinations][value='{malaysia}']")
    submit(inspector, "main form button[type=submit]")
    assert inspector.locator("main .error").count() == 0, inspector.inner_text("main")
    agency = db.value("SELECT id FROM migration_agency WHERE licence_number = ?", licence)
    assert inspector.url.endswith(f"/migration/agencies/{agency}/"), inspector.url
    assert "licensed" in inspector.inner_text("#agency-status")
    # The agency's organisation sits below the inspector's ministry (so complaints reach it).
    assert (
        db.value(
            "SELECT p.acronym FROM accounts_organisation o JOIN accounts_organisation p ON p.id = o.parent_id"
            " JOIN migration_agency a ON a.organisation_id = o.id WHERE a.id = ?",
            agency,
        )
        == "MoLVT"
    )

    # Anyone, signed out and in Khmer, checks the agency on the public register.
    public = context_factory(locale="km-KH").new_page()
    public_problems = watch(public)
    public.goto(f"{demo_server.url}/migration/agencies/?q={licence}")
    assert public.locator("html").get_attribute("lang") == "km"
    found = public.inner_text("main article")
    assert licence in found and "ក្រុមហ៊ុនស្ពានកំពត" in found
    assert (malaysia_km or malaysia_en) in found
    assert "/accounts/login/" not in public.url
    assert problems == [] and public_problems == []


def test_complaint_lodged_followed_conciliated_and_closed(
    context_factory: Any, demo_server: Any, authenticator: Authenticator
) -> None:
    db = DemoDatabase(demo_server)
    agency = db.value("SELECT id FROM migration_agency WHERE licence_number = 'DEMO-PRA-101'")
    prey_veng = db.value("SELECT id FROM places_place WHERE kind = 'province' AND code = '14'")
    thailand = db.value("SELECT id FROM places_place WHERE kind = 'country' AND code = 'TH'")

    # A mother, on a phone, signed out: the form is in Khmer first.
    family = context_factory(
        locale="km-KH", viewport={"width": 390, "height": 844}, is_mobile=True
    ).new_page()
    family_problems = watch(family)
    family.goto(f"{demo_server.url}/migration/complaints/new/")
    assert family.locator("html").get_attribute("lang") == "km"
    family.select_option("[name=lodged_by]", "family")
    family.fill("[name=complainant_name]", "ស៊ុន ស្រីនាង")
    family.fill("[name=complainant_phone]", "012 555 019")
    family.select_option("[name=complainant_province]", str(prey_veng))
    family.fill("[name=worker_name]", "ស៊ុន វិចិត្រ")
    family.select_option("[name=respondent_kind]", "agency")
    family.select_option("[name=agency]", str(agency))
    family.select_option("[name=destination]", str(thailand))
    family.select_option("[name=category]", "wages")
    family.fill("[name=description]", "កូនប្រុសខ្ញុំមិនបានទទួលប្រាក់ឈ្នួលបីខែហើយ។")
    family.fill("[name=amount_claimed]", "900")
    submit(family, "main form button[type=submit]")
    reference = family.inner_text(".reference").strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", reference), reference

    def public_status() -> str:
        family.goto(f"{demo_server.url}/migration/complaints/status/")
        family.fill("#id_reference", reference)
        submit(family, "main form button[type=submit]")
        return family.inner_text("[role=status] strong").strip()

    received = public_status()
    assert received

    # The complaints officer of Prey Veng (where the family lives) receives it.
    officer = context_factory(locale="km-KH").new_page()
    officer_problems = watch(officer)
    sign_in(officer, demo_server, authenticator, COMPLAINTS_OFFICER)
    officer.goto(f"{demo_server.url}/migration/complaints/")
    assert "ស៊ុន ស្រីនាង" in officer.inner_text("main table")
    submit(officer, "main table a:has-text('ស៊ុន ស្រីនាង')")
    complaint = int(officer.url.rstrip("/").rsplit("/", 1)[1])
    assert db.value("SELECT status FROM migration_complaint WHERE id = ?", complaint) == "received"
    assert received == officer.inner_text("#complaint-status").strip()

    submit(officer, f"form[action$='/complaints/{complaint}/acknowledge/'] button")
    today = datetime.date.today().isoformat()
    for kind, text, amount in (
        ("meeting", "The agency and the family met at the provincial department.", ""),
        ("agreement", "The agency pays three months of wages.", "600"),
        ("payment", "Paid in cash before the officer.", "600"),
    ):
        officer.select_option("#step-form [name=kind]", kind)
        officer.fill("#step-form [name=happened_on]", today)
        officer.fill("#step-form [name=text]", text)
        officer.fill("#step-form [name=amount]", amount)
        submit(officer, "#step-form button[type=submit]")
        assert officer.locator("main .error").count() == 0, officer.inner_text("main")
    assert re.search(r"600[.,]00", officer.inner_text("#compensation-agreed"))
    assert re.search(r"600[.,]00", officer.inner_text("#compensation-paid"))
    officer.fill("#close-form [name=close-reason]", "Settled: compensation agreed and paid.")
    submit(officer, "#close-form button[type=submit]")
    assert db.value("SELECT status FROM migration_complaint WHERE id = ?", complaint) == "closed"
    assert db.value("SELECT compensation_paid FROM migration_complaint WHERE id = ?", complaint) in (
        600,
        "600",
        "600.00",
    )
    closed = officer.inner_text("#complaint-status").strip()

    # The family sees the new status with the reference, and nothing else.
    now = public_status()
    assert now == closed and now != received
    assert "ស៊ុន វិចិត្រ" not in family.inner_text("main")
    assert family_problems == [] and officer_problems == []
