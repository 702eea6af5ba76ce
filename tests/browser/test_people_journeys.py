"""People journeys in a real browser against the served demo: the duplicate check when a
person is registered, and a merge decided in the review queue, then undone.

The demo's database is read (read-only) for the assertions the pages cannot make; nothing is
written to it except through the pages and ``phlov linkage run``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CASEWORKER = "demo.caseworker"
SUPERVISOR = "demo.supervisor"
DATABASE_LINE = re.compile(r"^Database: sqlite3 (\S+)$")
LINKAGE_TIMEOUT_SECONDS = 300

# --- the demo's database, read-only ----------------------------------------------------------


def database_path(server: Any) -> Path:
    """The demo prints its database; with SQLite, its file (in the demo's PHLOV_VAR_DIR)."""

    for line in server.output:
        found = DATABASE_LINE.match(line.strip())
        if found:
            return Path(found.group(1))
    raise AssertionError("the demo did not print an SQLite database:\n" + "\n".join(server.output))


class ReadOnlyDatabase:
    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=20)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def value(self, sql: str, *params: Any) -> Any:
        found = self.rows(sql, *params)
        assert len(found) == 1, f"{sql} {params}: {found}"
        return found[0][0]

    def people_named(self, family: str, given: str) -> list[int]:
        return [
            row[0]
            for row in self.rows(
                "SELECT id FROM people_person WHERE family_name_latin = ? AND given_name_latin = ? ORDER BY id",
                family,
                given,
            )
        ]

    def province(self, code: str) -> int:
        return int(self.value("SELECT id FROM places_place WHERE kind = 'province' AND code = ?", code))


@pytest.fixture
def database(demo_server: Any) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(database_path(demo_server))


def run_linkage(db_path: Path, *options: str) -> str:
    """``phlov linkage run`` on the demo's database, as its operator would run it."""

    env = dict(os.environ)
    for name in ("PHLOV_TESTING", "DATABASE_URL"):
        env.pop(name, None)
    env.update({"PHLOV_VAR_DIR": str(db_path.parent), "PHLOV_DEMO": "1", "PYTHONUNBUFFERED": "1"})
    phlov = Path(sys.executable).parent / "phlov"
    done = subprocess.run(
        [str(phlov), "linkage", "run", "--actor", SUPERVISOR, *options],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=LINKAGE_TIMEOUT_SECONDS,
        check=False,
    )
    assert done.returncode == 0, f"'phlov linkage run' failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


# --- pages -------------------------------------------------------------------------------------


def fill_new_person(
    page: Any, *, family: str, given: str, sex: str, year: int, province: int, document: str = ""
) -> None:
    page.fill("#id_family_name_latin", family)
    page.fill("#id_given_name_latin", given)
    page.select_option("#id_sex", sex)
    page.fill("#id_birth_date", f"{year}-01-01")
    page.select_option("#id_birth_date_precision", "year")
    page.select_option("#id_origin_province", str(province))
    if document:
        page.select_option("#id_document_kind", "national_id")
        page.fill("#id_document_number", document)
    page.locator("#id_family_name_latin").focus()  # the last field's change fires now


def submit_and_see_matches(page: Any, expected: str) -> Any:
    """Register, and get the duplicate step instead of a new person: the matches, each with its
    reasons and a button to go to them, and the button to register a new person anyway."""

    # The live check shows the match while typing (no buttons there); wait for it to settle,
    # so that its answer cannot land after the form's own.
    live = page.locator("#duplicates article.duplicates")
    live.wait_for()
    assert expected in live.inner_text()
    page.wait_for_load_state("networkidle")
    url = page.url
    page.get_by_role("button", name="Register", exact=True).click()
    page.locator("#person-form button[name=decision][value=new]").wait_for()
    assert page.url == url, "the duplicate step left the create page"
    return page.locator("#person-form article.duplicates")


def person_url(server: Any, pk: int) -> str:
    return f"{server.url}/people/{pk}/"


# --- journey 1: the duplicate check ------------------------------------------------------------


def test_registering_someone_already_registered(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, database: ReadOnlyDatabase
) -> None:
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, CASEWORKER)
    # The demo's Sok Sreymom (សុខ ស្រីមុំ, born 1998, Prey Veng), written another way.
    [existing] = database.people_named("Sok", "Sreymom")
    prey_veng = database.province("14")
    people_before = database.value("SELECT COUNT(*) FROM people_person")
    typed = {"family": "Sok", "given": "Srey Mom", "sex": "female", "year": 1998, "province": prey_veng}
    assert database.people_named("Sok", "Srey Mom") == []

    # 1. Someone already registered: go to their page; nobody is registered.
    page.goto(f"{demo_server.url}/people/new/")
    assert page.inner_text("h1") == "Register a person"
    fill_new_person(page, **typed)
    matches = submit_and_see_matches(page, "Sok Sreymom")
    text = matches.inner_text()
    assert "1 person already registered looks like this one" in text
    assert "Sok Sreymom" in text and "សុខ ស្រីមុំ" in text
    assert "born 1998" in text and "Prey Veng" in text
    assert "Why: similar name and same year of birth" in text
    assert database.value("SELECT COUNT(*) FROM people_person") == people_before, "saved before deciding"
    with page.expect_navigation(url=person_url(demo_server, existing)):
        matches.locator(f"button[name=link_to][value='{existing}']").click()
    assert page.url == person_url(demo_server, existing)
    assert "You were taken to the person already registered." in page.inner_text("main")
    assert "Sok Sreymom" in page.inner_text("h1")
    assert database.value("SELECT COUNT(*) FROM people_person") == people_before
    assert database.people_named("Sok", "Srey Mom") == []

    # 2. The same again, but it is someone else: a new person is registered.
    page.goto(f"{demo_server.url}/people/new/")
    fill_new_person(page, **typed)
    matches = submit_and_see_matches(page, "Sok Sreymom")
    assert "Why: similar name and same year of birth" in matches.inner_text()
    with page.expect_navigation(url=re.compile(rf"^{re.escape(demo_server.url)}/people/\d+/$")):
        matches.get_by_role("button", name="None of these: register a new person").click()
    [created] = database.people_named("Sok", "Srey Mom")
    assert created != existing
    assert page.url == person_url(demo_server, created)
    assert "The person is registered." in page.inner_text("main")
    assert "Sok Srey Mom" in page.inner_text("h1")
    assert database.value("SELECT COUNT(*) FROM people_person") == people_before + 1
    assert database.rows(
        "SELECT sex, birth_year, origin_province_id, merged_into_id FROM people_person WHERE id = ?", created
    ) == [("female", 1998, prey_veng, None)]

    # The search finds both now.
    page.goto(f"{demo_server.url}/people/?q=Sok+Srey+Mom")
    results = page.locator("#people-results table tbody")
    results.wait_for()
    assert results.locator(f"a[href='/people/{existing}/']").count() == 1
    assert results.locator(f"a[href='/people/{created}/']").count() == 1
    assert problems == []


# --- journey 2: a merge in the review queue, and its undo --------------------------------------


def test_merge_from_the_review_queue_and_undo_it(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, database: ReadOnlyDatabase
) -> None:
    # The demo's Keo Sopheap (កែវ សុភាព, born 1995, Banteay Meanchey) has an identity card; the
    # same card comes in again with the name spelt another way, and is registered as new.
    [existing] = database.people_named("Keo", "Sopheap")
    banteay_meanchey = database.province("01")
    card = "110223344"

    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, CASEWORKER)
    page.goto(f"{demo_server.url}/people/{existing}/documents/add/")
    page.select_option("#id_kind", "national_id")
    page.fill("#id_number", card)
    with page.expect_navigation(url=person_url(demo_server, existing)):
        page.click("main form button[type=submit]")
    assert card in page.inner_text("main")

    page.goto(f"{demo_server.url}/people/new/")
    fill_new_person(
        page, family="Keo", given="Sophiep", sex="female", year=1995, province=banteay_meanchey, document=card
    )
    matches = submit_and_see_matches(page, "Keo Sopheap")
    assert "same document number" in matches.inner_text()
    with page.expect_navigation(url=re.compile(rf"^{re.escape(demo_server.url)}/people/\d+/$")):
        matches.get_by_role("button", name="None of these: register a new person").click()
    [duplicate] = database.people_named("Keo", "Sophiep")
    assert page.url == person_url(demo_server, duplicate)
    assert problems == []

    # The record linkage over the registry. The demo is too small to train on, so it is scored
    # with the starting model; sharing the card, this pair is clustered as a match at the
    # default thresholds and never reaches the review queue. The operator's --match-threshold 1
    # sends every pair short of certainty to review.
    print(run_linkage(database.path, "--match-threshold", "1"))
    [(pair, status)] = database.rows(
        "SELECT id, status FROM linkage_candidatepair WHERE person_a_id = ? AND person_b_id = ? "
        "AND run_id = (SELECT MAX(id) FROM linkage_linkagerun)",
        existing,
        duplicate,
    )
    assert status == "pending"

    # The supervisor reviews it.
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, SUPERVISOR)
    page.goto(f"{demo_server.url}/linkage/")
    assert page.inner_text("h1") == "Likely duplicates"
    row = page.locator("table.lk-queue tbody tr", has=page.locator(f"a[href='/linkage/pairs/{pair}/']"))
    assert row.count() == 1
    assert "Keo Sopheap" in row.inner_text() and "Keo Sophiep" in row.inner_text()
    with page.expect_navigation(url=f"{demo_server.url}/linkage/pairs/{pair}/"):
        row.get_by_role("link", name="Review").click()
    assert page.inner_text("h1") == "Is this the same person?"
    assert "Status: to review" in page.inner_text("main hgroup")
    sides = page.locator("article.lk-record")
    assert f"#{existing}" in sides.nth(0).inner_text() and "Keo Sopheap" in sides.nth(0).inner_text()
    assert f"#{duplicate}" in sides.nth(1).inner_text() and "Keo Sophiep" in sides.nth(1).inner_text()

    # Accept: the same person, keep the first (older) record.
    page.check("input[name=decision][value=accept]")
    page.check("input[name=keep][value=a]")
    page.fill("textarea[name=reason]", "Same national identity card; the name was spelt another way.")
    with page.expect_navigation(url=f"{demo_server.url}/linkage/pairs/{pair}/"):
        page.get_by_role("button", name="Record the decision").click()
    main = page.inner_text("main")
    assert "The two records are merged." in main
    assert f"record #{duplicate} into #{existing}" in main
    # The survivor shows the record merged into it.
    survivor_side = page.locator("article.lk-record").nth(0).inner_text()
    assert "Records merged into this one" in survivor_side and f"#{duplicate} Keo Sophiep" in survivor_side
    assert "Status: accepted (merged)" in page.inner_text("main hgroup")
    assert page.locator("#decide-heading").count() == 0, "a decided pair is offered for decision again"
    assert database.value("SELECT merged_into_id FROM people_person WHERE id = ?", duplicate) == existing
    assert database.value("SELECT status FROM linkage_candidatepair WHERE id = ?", pair) == "accepted"
    [(merge, undone_at)] = database.rows(
        "SELECT id, undone_at FROM linkage_merge WHERE pair_id = ? AND survivor_id = ? AND duplicate_id = ?",
        pair,
        existing,
        duplicate,
    )
    assert undone_at is None
    # The duplicate's own page leads to the survivor; the queue no longer offers the pair.
    page.goto(person_url(demo_server, duplicate))
    assert "This record was merged into another one." in page.inner_text("main")
    assert page.locator(f"main a[href='/people/{existing}/']", has_text="Go to that record").count() == 1
    page.goto(f"{demo_server.url}/linkage/")
    assert page.locator(f"a[href='/linkage/pairs/{pair}/']").count() == 0

    # Undo the merge: both records stand apart again, and the pair waits for a decision.
    page.goto(f"{demo_server.url}/linkage/pairs/{pair}/")
    undo = page.locator(f"form[action='/linkage/merges/{merge}/undo/']")
    undo.locator("textarea[name=reason]").fill("The card number was mistyped on the second record.")
    with page.expect_navigation(url=f"{demo_server.url}/linkage/pairs/{pair}/"):
        undo.get_by_role("button", name="Undo the merge").click()
    main = page.inner_text("main")
    assert "The merge is undone." in main
    assert "Undone by" in main and "The card number was mistyped on the second record." in main
    assert "Records merged into this one" not in main
    assert page.locator(f"form[action='/linkage/merges/{merge}/undo/']").count() == 0
    assert "Status: to review" in page.inner_text("main hgroup")
    assert page.locator("#decide-heading").count() == 1
    assert database.value("SELECT merged_into_id FROM people_person WHERE id = ?", duplicate) is None
    assert database.value("SELECT status FROM linkage_candidatepair WHERE id = ?", pair) == "pending"
    assert database.value("SELECT undo_reason FROM linkage_merge WHERE id = ?", merge) == (
        "The card number was mistyped on the second record."
    )
    page.goto(person_url(demo_server, duplicate))
    assert "This record was merged into another one." not in page.inner_text("main")
    assert "Keo Sophiep" in page.inner_text("h1")
    page.goto(f"{demo_server.url}/linkage/")
    assert page.locator(f"a[href='/linkage/pairs/{pair}/']").count() == 1
    assert problems == []


# --- journey 3: an import with its progress bar and its report ---------------------------------

IMPORT_ROWS = 3000
IMPORT_TIMEOUT_MS = 240_000
SYLLABLES = ("so", "kha", "da", "ra", "vi", "chea", "mony", "pich", "rith", "sal")


def write_import_file(path: Path) -> Path:
    """A file of distinct people (four syllables make 10,000 given names), none of them in the demo."""

    lines = ["Family name,Given name,Sex,Year of birth"]
    for n in range(IMPORT_ROWS):
        given = "".join(SYLLABLES[int(digit)] for digit in f"{n:04d}").capitalize()
        lines.append(f"Importa,{given},{'F' if n % 2 else 'M'},{1960 + n % 45}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_an_import_shows_its_progress_and_its_report(
    context_factory: Any,
    demo_server: Any,
    authenticator: Authenticator,
    database: ReadOnlyDatabase,
    tmp_path: Path,
) -> None:
    context = context_factory(locale="en-US")
    page = context.new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, CASEWORKER)
    people_before = database.value("SELECT COUNT(*) FROM people_person")

    page.goto(f"{demo_server.url}/people/import/")
    page.set_input_files("#id_file", str(write_import_file(tmp_path / "people.csv")))
    with page.expect_navigation(url=f"{demo_server.url}/people/import/mapping/"):
        page.get_by_role("button", name="Upload").click()
    assert page.locator("select[name=column_0]").input_value() == "family_name"
    assert page.locator("select[name=column_3]").input_value() == "birth_year"

    # The check runs in the background; its page shows a progress bar, asks for news every
    # second, and ends with the report in place of the bar's stages.
    with page.expect_navigation(url=re.compile(rf"^{re.escape(demo_server.url)}/people/import/jobs/\d+/$")):
        page.get_by_role("button", name="Check the file (nothing is registered)").click()
    bar = page.locator("#import-job progress#import-progress")
    bar.wait_for()
    assert int(bar.get_attribute("max") or 0) >= 1
    assert int(bar.get_attribute("value") or 0) <= int(bar.get_attribute("max") or 0)
    report = page.locator("#import-job", has_text=f"{IMPORT_ROWS} rows: {IMPORT_ROWS} valid, 0 with errors")
    report.wait_for(timeout=IMPORT_TIMEOUT_MS)
    assert database.value("SELECT COUNT(*) FROM people_person") == people_before, "a check wrote people"
    assert page.locator("#import-job[hx-trigger]").count() == 0, "a finished check is still polled"

    with page.expect_navigation(url=re.compile(rf"^{re.escape(demo_server.url)}/people/import/jobs/\d+/$")):
        page.get_by_role("button", name=f"Register the {IMPORT_ROWS} people").click()
    assert page.inner_text("h1") == "Registering the people"
    page.locator("#import-job progress#import-progress").wait_for()
    done = page.locator("#import-job", has_text=f"{IMPORT_ROWS} people were registered")
    done.wait_for(timeout=IMPORT_TIMEOUT_MS)
    assert "0 likely duplicates were left out." in done.inner_text()
    assert database.value("SELECT COUNT(*) FROM people_person") == people_before + IMPORT_ROWS
    assert (
        database.value("SELECT COUNT(*) FROM people_person WHERE family_name_latin = 'Importa'")
        == IMPORT_ROWS
    )
    assert database.value("SELECT state FROM people_importjob ORDER BY id DESC LIMIT 1") == "done"

    # The same page in Khmer.
    context.add_cookies([{"name": "phlov_language", "value": "km", "url": demo_server.url}])
    page.reload()
    assert page.inner_text("h1") == "កំពុងចុះបញ្ជីមនុស្ស"
    assert page.locator("#import-job progress#import-progress").count() == 1
    assert "Import finished" not in page.inner_text("main")
    assert problems == []
