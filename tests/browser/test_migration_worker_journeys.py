"""Safe-migration journeys in a real browser against the served demo:

(a) a job order refused for a blocking finding, fixed by the agency on its edit page, approved by
    the labour officer; then a person from the registry registered against it, given papers, a
    health check, orientation and two contracts, and deployed;
(b) a worker abroad reported missing by the agency; the embassy, the Ministry of Interior and
    the Ministry of Labour notified, by e-mail received by a real SMTP server on loopback
    (``mail_sink``) and in the application, where a recipient acknowledges it.

The demo's database is read (read-only) only for ids and for what the pages cannot show.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AGENCY = "demo.agency_staff"
OFFICER = "demo.labour_officer"
DATABASE_LINE = re.compile(r"^Database: sqlite3 (\S+)$")
MAIL_WAIT_SECONDS = 60
DESKS = (
    "migration.desk@molvt.example.org",
    "duty.officer@interior.example.org",
    "labour.attache@bangkok-embassy.example.org",
)


class DemoDatabase:
    def __init__(self, server: Any) -> None:
        found = [DATABASE_LINE.match(line.strip()) for line in server.output]
        paths = [Path(m.group(1)) for m in found if m]
        assert paths, "the demo did not print an SQLite database"
        self.path = paths[0]

    def value(self, sql: str, *params: Any) -> Any:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=20)
        try:
            rows = connection.execute(sql, params).fetchall()
        finally:
            connection.close()
        assert len(rows) == 1, f"{sql} {params}: {rows}"
        return rows[0][0]


def submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def add(
    page: Any,
    form: str,
    fields: dict[str, str],
    checks: tuple[str, ...] = (),
    selects: dict[str, str] | None = None,
) -> None:
    """Open a folded form on the worker's page, fill it and save."""

    page.click(f"details:has({form}) summary")
    for name, value in (selects or {}).items():
        page.select_option(f"{form} [name={name}]", value)
    for name, value in fields.items():
        page.fill(f"{form} [name={name}]", value)
    for name in checks:
        for box in page.locator(f"{form} [name={name}]").all():
            box.check()
    submit(page, f"{form} button[type=submit]")
    assert page.locator("main .error").count() == 0, page.inner_text("main")


def test_job_order_fixed_approved_and_a_worker_deployed(
    context_factory: Any, demo_server: Any, authenticator: Authenticator
) -> None:
    db = DemoDatabase(demo_server)
    order = db.value(
        "SELECT id FROM migration_joborder WHERE position = 'Factory worker (invented)' AND positions_count = 25"
    )
    agency = context_factory(locale="en-US").new_page()
    problems = watch(agency)
    sign_in(agency, demo_server, authenticator, AGENCY)

    # Submitting is refused: the employer is to keep the passport (FR-14, blocking).
    agency.goto(f"{demo_server.url}/migration/job-orders/{order}/")
    submit(agency, f"form[action$='/job-orders/{order}/submit/'] button")
    assert "FR-14" in agency.inner_text("main")
    assert db.value("SELECT status FROM migration_joborder WHERE id = ?", order) == "draft"
    # The agency fixes it on the edit page; the checks run again.
    submit(agency, "#edit-job-order")
    agency.select_option("#job-order-edit [name=passport_custody]", "worker")
    submit(agency, "#job-order-edit button[type=submit]")
    assert "FR-14" not in agency.inner_text("main")
    submit(agency, f"form[action$='/job-orders/{order}/submit/'] button")
    assert db.value("SELECT status FROM migration_joborder WHERE id = ?", order) == "submitted"

    officer = context_factory(locale="en-US").new_page()
    officer_problems = watch(officer)
    sign_in(officer, demo_server, authenticator, OFFICER)
    officer.goto(f"{demo_server.url}/migration/job-orders/{order}/")
    officer.fill("#id_note", "Passport custody corrected.")
    submit(officer, f"form[action$='/job-orders/{order}/approve/'] button:not(.secondary)")
    assert db.value("SELECT status FROM migration_joborder WHERE id = ?", order) == "approved"

    # A person already in the registry, registered against the approved job order.
    person = db.value(
        "SELECT id FROM people_person WHERE family_name_latin = 'Nhem' AND given_name_latin = 'Sreyneang'"
    )
    agency.goto(f"{demo_server.url}/migration/workers/")
    agency.fill("#register-worker [name=person]", str(person))
    agency.select_option("#register-worker [name=job_order]", str(order))
    submit(agency, "#register-worker button[type=submit]")
    worker = db.value(
        "SELECT id FROM migration_worker WHERE person_id = ? AND job_order_id = ?", person, order
    )
    assert agency.url.endswith(f"/migration/workers/{worker}/")
    assert agency.locator("#departure-problems li").count() >= 7  # papers, health, orientation, contracts

    today = datetime.date.today()
    for kind in ("passport", "visa", "work_permit", "ocwc"):
        add(agency, "#add-document", {"number": f"{kind.upper()}-0001", "expires_on": "2031-12-31"},
            selects={"kind": kind})  # fmt: skip
    add(agency, "#add-health", {"examined_on": (today - datetime.timedelta(days=3)).isoformat(),
                                "clinic": "Calmette Hospital"}, checks=("fit",))  # fmt: skip
    add(agency, "#add-orientation", {"started_on": (today - datetime.timedelta(days=5)).isoformat(),
                                     "completed_on": (today - datetime.timedelta(days=2)).isoformat(),
                                     "hours_attended": "16", "trainer": "MoLVT trainer"},
        checks=("topics", "identity_verified"))  # fmt: skip
    for kind in ("placement", "employment"):
        add(agency, "#add-contract", {"delivered_at": (today - datetime.timedelta(days=10)).isoformat(),
                                      "signed_at": (today - datetime.timedelta(days=9)).isoformat()},
            selects={"kind": kind})  # fmt: skip
    assert agency.locator("#departure-problems li").count() == 0, agency.inner_text("#departure-problems")
    assert (
        db.value("SELECT orientation_completed_at IS NOT NULL FROM migration_worker WHERE id = ?", worker)
        == 1
    )

    submit(agency, "#worker-move button[value=depart]")
    assert db.value("SELECT status FROM migration_worker WHERE id = ?", worker) == "departed"
    agency.locator("#worker-move button[value=arrive]").wait_for()
    # The refused submission answers 409 Conflict, which the browser reports; nothing else may appear.
    assert len([p for p in problems if "409" in p]) == 1
    assert [p for p in problems if "409" not in p] == [] and officer_problems == []


def test_disappearance_notified_by_email_and_acknowledged(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, mail_sink: Any
) -> None:
    db = DemoDatabase(demo_server)
    worker = db.value(
        "SELECT w.id FROM migration_worker w JOIN people_person p ON p.id = w.person_id"
        " WHERE p.family_name_latin = 'Chea' AND p.given_name_latin = 'Sokha'"
    )
    agency = context_factory(locale="en-US").new_page()
    problems = watch(agency)
    sign_in(agency, demo_server, authenticator, AGENCY)
    agency.goto(f"{demo_server.url}/migration/workers/{worker}/missing/")
    agency.fill("#report-missing [name=last_contact_at]", datetime.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    agency.fill("#report-missing [name=last_seen_place]", "Rayong night market")
    agency.fill("#report-missing [name=circumstances]", "Did not return to the dormitory; phone off.")
    submit(agency, "#report-missing button[type=submit]")
    case = db.value("SELECT id FROM migration_disappearance WHERE worker_id = ?", worker)
    assert agency.url.endswith(f"/migration/disappearances/{case}/")
    assert agency.locator("#notices tbody tr").count() == 3
    assert agency.locator("#screening-link").count() == 1
    assert (
        db.value(
            "SELECT COUNT(*) FROM migration_disappearancenotice WHERE disappearance_id = ? AND sent_at IS NOT NULL",
            case,
        )
        == 3
    )

    # Each desk's address receives the notice on the loopback SMTP server.
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while time.monotonic() < deadline and not all(mail_sink.sent_to(a) for a in DESKS):
        time.sleep(0.5)
    for address in DESKS:
        [message] = mail_sink.sent_to(address)
        assert (
            "Rayong night market" in message["content"]
            and "/migration/disappearances/notices/" in message["content"]
        )

    # A recipient at the Ministry of Labour acknowledges it in the application.
    officer = context_factory(locale="en-US").new_page()
    officer_problems = watch(officer)
    sign_in(officer, demo_server, authenticator, OFFICER)
    officer.goto(f"{demo_server.url}/migration/disappearances/")
    notice = db.value(
        "SELECT id FROM migration_disappearancenotice WHERE disappearance_id = ? AND party = 'labour'", case
    )
    submit(officer, f"a[href$='/migration/disappearances/notices/{notice}/']")
    assert "Chea" in officer.inner_text("main")
    submit(officer, "#acknowledge")
    officer.locator("#acknowledged").wait_for()
    assert (
        db.value("SELECT acknowledged_at IS NOT NULL FROM migration_disappearancenotice WHERE id = ?", notice)
        == 1
    )
    agency.reload()
    labour_row = agency.locator("#notices tbody tr").filter(has_text="Ministry of Labour")
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", labour_row.locator("td").nth(3).inner_text())
    assert problems == [] and officer_problems == []
