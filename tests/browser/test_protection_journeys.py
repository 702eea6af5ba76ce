"""Protection journeys in a real browser against the served demo.

(a) One person from screening to a closed case: identified in Thailand, repatriated through
Poipet, a shelter stay, a care plan over the seven domains, training chosen from the person's
interests, a placement, reintegration with one month of support and a start-up grant, twelve
follow-up visits, and closure asked by the caseworker and approved by a supervisor (two roles).

(b) Closing as "successfully reintegrated" is refused while the follow-up is shorter than twelve
months, and again when the income at the last check does not cover the person's living costs.

The pages are the only way anything is written; the demo's database is read (read-only) to find
the demo people and the ids the pages made.
"""

from __future__ import annotations

import calendar
import datetime
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from browsing import Authenticator, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CASEWORKER = "demo.caseworker"
SUPERVISOR = "demo.supervisor"
SHELTER_STAFF = "demo.shelter_staff"
DATABASE_LINE = re.compile(r"^Database: sqlite3 (\S+)$")
TODAY = datetime.date.today()


def months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


# Twelve visits over a full year: months -12 .. -7, then -5 .. -1, then today.
FIRST_HALF = [months_before(TODAY, m) for m in (12, 11, 10, 9, 8, 7)]
SECOND_HALF = [months_before(TODAY, m) for m in (5, 4, 3, 2, 1)] + [TODAY]


class ReadOnlyDatabase:
    def __init__(self, server: Any) -> None:
        found = [DATABASE_LINE.match(line.strip()) for line in server.output]
        paths = [m.group(1) for m in found if m]
        assert paths, "the demo did not print an SQLite database:\n" + "\n".join(server.output)
        self.path = Path(paths[0])

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

    def person(self, family: str, given: str) -> int:
        return int(
            self.value(
                "SELECT id FROM people_person WHERE family_name_latin = ? AND given_name_latin = ? "
                "AND merged_into_id IS NULL ORDER BY id LIMIT 1",
                family,
                given,
            )
        )

    def open_visits(self, case: int) -> list[int]:
        return [
            r[0]
            for r in self.rows(
                "SELECT id FROM protection_followupvisit WHERE case_id = ? AND visited_on IS NULL ORDER BY due_on, id",
                case,
            )
        ]

    def stage(self, case: int) -> str:
        return str(self.value("SELECT stage FROM protection_case WHERE id = ?", case))


@pytest.fixture
def database(demo_server: Any) -> ReadOnlyDatabase:
    return ReadOnlyDatabase(demo_server)


# --- steps on the pages --------------------------------------------------------------------------


def follow(page: Any, text: str) -> None:
    """Click the link with this text (some links look like buttons and have that role)."""

    page.locator("main a", has_text=text).first.click()


def submit(page: Any) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def screen_and_open_case(page: Any, server: Any, person: int, *, abroad: bool) -> int:
    page.goto(f"{server.url}/protection/screen/{person}/")
    page.fill("#id_screened_on", TODAY.isoformat())
    page.check("input[name=acts][value=recruitment]")
    page.check("input[name=means][value=deception]")
    page.check("input[name=purposes][value=forced_labour]")
    submit(page)
    assert "presumed victim" in page.inner_text("main").lower()
    with page.expect_navigation():
        page.get_by_role("button", name="Open a case").click()
    page.check("input[name=exploitation_forms][value=ForcedLabour]")
    if abroad:
        page.check("#id_identified_abroad")
    submit(page)
    found = re.search(r"/protection/cases/(\d+)/$", page.url)
    assert found, page.url
    return int(found.group(1))


def move(page: Any, server: Any, case: int, stage: str, *, reason: str = "", closure: str = "") -> str:
    """Ask to move the case; returns the messages the page shows after it."""

    page.goto(f"{server.url}/protection/cases/{case}/")
    form = page.locator(f"form[action='/protection/cases/{case}/stage/']")
    form.locator("#id_to_stage").select_option(stage)
    if reason:
        form.locator("#id_reason").fill(reason)
    if closure:
        form.locator("#id_closure_reason").select_option(closure)
    with page.expect_navigation():
        form.get_by_role("button", name="Change the stage").click()
    return page.inner_text("main .messages") if page.locator("main .messages").count() else ""


def record_visit(
    page: Any,
    server: Any,
    case: int,
    visit: int,
    day: datetime.date,
    *,
    income: str = "",
    costs: tuple[str, str, str] = ("", "", ""),
) -> None:
    page.goto(f"{server.url}/protection/cases/{case}/visits/{visit}/")
    page.fill("#id_visited_on", day.isoformat())
    page.select_option("#id_safety", "good")
    page.select_option("#id_housing", "good")
    page.select_option("#id_retrafficking_risk", "low")
    if income:
        page.fill("#id_monthly_income", income)
        page.fill("#id_cost_food", costs[0])
        page.fill("#id_cost_rent", costs[1])
        page.fill("#id_cost_family_support", costs[2])
        page.select_option("#id_sector", "other")
    submit(page)
    assert page.url == f"{server.url}/protection/cases/{case}/", page.inner_text("main")


def record_visits(page: Any, server: Any, database: ReadOnlyDatabase, case: int, days: list[datetime.date],
                  last: tuple[str, tuple[str, str, str]]) -> None:  # fmt: skip
    for index, day in enumerate(days):
        visit = database.open_visits(case)[0]
        income, costs = last if index == len(days) - 1 else ("", ("", "", ""))
        record_visit(page, server, case, visit, day, income=income, costs=costs)


# --- journey (b): closure refused --------------------------------------------------------------


def test_closure_refused_when_follow_up_is_short_or_income_does_not_cover_life(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, database: ReadOnlyDatabase
) -> None:
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, CASEWORKER)
    case = screen_and_open_case(page, demo_server, database.person("Mao", "Ratana"), abroad=False)
    for stage in ("pre_integration", "integration", "follow_up"):
        move(page, demo_server, case, stage)
    assert database.stage(case) == "follow_up"
    assert len(database.open_visits(case)) == 12, "entering follow-up schedules twelve monthly visits"

    # Six months of visits, the income covering her costs: still too short to close as a success.
    record_visits(page, demo_server, database, case, FIRST_HALF, ("150", ("60", "40", "20")))
    shown = move(page, demo_server, case, "closed", closure="reintegrated", reason="She works")
    assert "needs at least 12 months of follow-up visits (there are 5)" in shown
    assert database.stage(case) == "follow_up"
    assert (
        database.value(
            "SELECT COUNT(*) FROM protection_stagechange WHERE case_id = ? AND status = 'pending'", case
        )
        == 0
    )

    # A full year, but at the last check US$45 against US$50 of food, rent and family support.
    record_visits(page, demo_server, database, case, SECOND_HALF, ("45", ("20", "20", "10")))
    page.goto(f"{demo_server.url}/protection/cases/{case}/reintegration/")
    text = page.inner_text("main")
    assert "Follow-up so far: 12 of the 12 months" in text
    assert "does not cover life: US$45.00 against US$50.00, US$5.00 short" in text
    assert "below the minimum wage" in text and "[to verify]" in text
    shown = move(page, demo_server, case, "closed", closure="reintegrated", reason="A year is over")
    assert "did not cover the person's living costs" in shown
    assert "12 months" not in shown
    assert database.stage(case) == "follow_up"

    # Lost contact is not a success, and needs no evidence: it goes to a supervisor.
    shown = move(page, demo_server, case, "closed", closure="lost_contact", reason="Moved, no phone")
    assert "waits for a supervisor's approval" in shown
    assert problems == []


# --- journey (a): screening to a closed case ---------------------------------------------------


def repatriate_from_thailand(page: Any, server: Any, case: int) -> None:
    """The repatriation pages: the Thai MoU procedure, hand-over at Poipet."""

    page.goto(f"{server.url}/protection/cases/{case}/")
    with page.expect_navigation():
        follow(page, "Start a repatriation")
    page.select_option("#id_procedure", "th_mou_2014_sop_2019")
    page.select_option("#id_host_country", label="Thailand")
    page.fill("#id_host_agency", "Baan Kredtrakarn shelter")
    page.fill("#id_identified_on", months_before(TODAY, 15).isoformat())
    submit(page)
    assert re.search(r"/protection/repatriations/\d+/$", page.url), page.url
    assert "Thailand" in page.inner_text("main")
    with page.expect_navigation():
        follow(page, "Record dates")
    page.fill("#id_handover_on", months_before(TODAY, 14).isoformat())
    page.select_option("#id_border_point", "poipet")
    submit(page)
    assert "Poipet" in page.inner_text("main")


def stay_in_a_shelter(page: Any, server: Any, database: ReadOnlyDatabase, case: int) -> str:
    """The shelter pages: a place asked for and taken at once; returns the stay's page."""

    page.goto(f"{server.url}/protection/cases/{case}/shelter/")
    page.locator("#id_shelter").select_option(index=1)
    page.fill("#id_requested_on", months_before(TODAY, 14).isoformat())
    page.check("#id_admit")
    submit(page)
    assert re.search(r"/protection/stays/\d+/$", page.url), page.url
    assert database.value("SELECT status FROM protection_shelterstay WHERE case_id = ?", case) == "admitted"
    return str(page.url)


def leave_the_shelter(page: Any, database: ReadOnlyDatabase, case: int, stay: str) -> None:
    page.goto(stay)
    page.fill("#id_discharged_on", months_before(TODAY, 12).isoformat())
    page.select_option("#id_destination", "family")
    with page.expect_navigation():
        page.get_by_role("button", name="Discharge").click()
    assert database.value("SELECT status FROM protection_shelterstay WHERE case_id = ?", case) == "discharged"


def care_plan(page: Any, server: Any, case: int) -> None:
    page.goto(f"{server.url}/protection/cases/{case}/care/")
    with page.expect_navigation():
        follow(page, "Assess needs")
    page.fill("#id_assessed_on", months_before(TODAY, 14).isoformat())
    page.select_option("#id_need_employment", "high")
    page.select_option("#id_need_psychological", "some")
    page.select_option("#id_need_stigma", "some")
    submit(page)
    rows = page.locator("#care-plan tbody tr")
    assert rows.count() == 7, "the seven domains of seed 001"
    assert "no goal answers this need" in page.locator("#care-plan tr[data-domain=employment]").inner_text()
    for domain, goal, service in (
        ("employment", "A trade she chose, and a job that covers her costs", "Vocational training"),
        ("psychological", "Sleeps and eats well again", "Weekly counselling"),
        ("stigma", "Her village knows her story on her terms", "Community meeting with the commune chief"),
    ):
        page.goto(f"{server.url}/protection/cases/{case}/care/add/?domain={domain}")
        page.fill("#id_goal", goal)
        page.fill("#id_service", service)
        page.fill("#id_starts_on", months_before(TODAY, 14).isoformat())
        submit(page)
    row = page.locator("#care-plan tr[data-domain=psychological]")
    with page.expect_navigation():
        row.get_by_role("link", name="Log a service delivered").click()
    page.fill("#id_delivered_on", months_before(TODAY, 13).isoformat())
    page.fill("#id_description", "First counselling session")
    submit(page)
    text = page.inner_text("#care-plan")
    assert "First counselling session" in text and "in progress" in text
    assert "no goal answers this need" not in text


def training_from_interests(page: Any, server: Any, case: int) -> None:
    page.goto(f"{server.url}/protection/cases/{case}/training/")
    assert "record what the person wants before any training" in page.inner_text("main")
    with page.expect_navigation():
        follow(page, "Record interests and aptitudes")
    page.fill("#id_recorded_on", months_before(TODAY, 14).isoformat())
    page.check("input[name=interests][value=beauty_salon]")
    page.fill("#id_aptitudes", "Did hair and make-up for weddings in her village")
    submit(page)
    with page.expect_navigation():
        follow(page, "Enrol in a course")
    assert page.inner_text("#wanted") == "beauty salon"
    row = page.locator("#courses tbody tr", has_text="Beauty salon")
    assert "yes" in row.inner_text()
    page.locator("#id_course").select_option(label="Beauty salon")
    page.fill("#id_enrolled_on", months_before(TODAY, 14).isoformat())
    submit(page)
    enrolment = page.locator("#enrolments tbody tr").first
    assert "Beauty salon" in enrolment.inner_text() and "yes" in enrolment.inner_text()
    assert "100% of this person's training is what they asked for" in page.inner_text("main")
    enrolment.locator("select[name=status]").select_option("completed")
    with page.expect_navigation():
        enrolment.get_by_role("button", name="Save").click()
    page.goto(f"{server.url}/protection/training/")
    assert page.locator("#match-figure").count() == 1


def placement_and_reintegration(page: Any, server: Any, case: int) -> None:
    page.goto(f"{server.url}/protection/cases/{case}/training/")
    with page.expect_navigation():
        follow(page, "Add a placement")
    page.select_option("#id_kind", "self_employment")
    page.fill("#id_employer", "Her own beauty salon, Prey Veng market")
    page.select_option("#id_sector", "other")
    page.fill("#id_starts_on", months_before(TODAY, 12).isoformat())
    page.fill("#id_monthly_wage", "210")
    page.fill("#id_startup_support", "120")
    submit(page)
    page.goto(f"{server.url}/protection/cases/{case}/reintegration/")
    with page.expect_navigation():
        follow(page, "Record where the person goes")
    page.select_option("#id_destination", "family")
    page.fill("#id_reintegrated_on", months_before(TODAY, 12).isoformat())
    page.fill("#id_cost_food", "70")
    page.fill("#id_cost_rent", "30")
    page.fill("#id_cost_family_support", "40")
    submit(page)
    for kind, amount in (("one_month_support", "60"), ("startup_grant", "120")):
        with page.expect_navigation():
            follow(page, "Record financial support")
        page.select_option("#id_kind", kind)
        page.fill("#id_amount", amount)
        page.fill("#id_given_on", months_before(TODAY, 12).isoformat())
        submit(page)
    text = page.inner_text("#support")
    assert "one-month financial support" in text and "start-up grant" in text
    page.goto(f"{server.url}/protection/cases/{case}/training/")
    assert "US$210.00 covers living costs of US$140.00" in page.inner_text("#placements")


def test_one_person_from_screening_to_a_closed_case(
    context_factory: Any, demo_server: Any, authenticator: Authenticator, database: ReadOnlyDatabase
) -> None:
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, CASEWORKER)
    case = screen_and_open_case(page, demo_server, database.person("Chan", "Thida"), abroad=True)

    move(page, demo_server, case, "repatriation", reason="Identified in Thailand")
    repatriate_from_thailand(page, demo_server, case)
    move(page, demo_server, case, "reception", reason="Handed over at Poipet")
    move(page, demo_server, case, "recovery")
    stay = stay_in_a_shelter(page, demo_server, database, case)
    care_plan(page, demo_server, case)
    training_from_interests(page, demo_server, case)
    leave_the_shelter(page, database, case, stay)
    move(page, demo_server, case, "pre_integration")
    move(page, demo_server, case, "integration")
    placement_and_reintegration(page, demo_server, case)
    move(page, demo_server, case, "follow_up")
    assert len(database.open_visits(case)) == 12
    page.goto(f"{demo_server.url}/protection/my-work/")
    assert "Chan Thida" in page.inner_text("#my-cases")

    record_visits(page, demo_server, database, case, FIRST_HALF + SECOND_HALF, ("210", ("70", "30", "40")))
    page.goto(f"{demo_server.url}/protection/cases/{case}/reintegration/")
    readiness = page.inner_text("#closure-readiness")
    assert "allow closing as successfully reintegrated" in readiness
    shown = move(
        page,
        demo_server,
        case,
        "closed",
        closure="reintegrated",
        reason="A year of follow-up, income covers life",
    )
    assert "waits for a supervisor's approval" in shown
    assert database.stage(case) == "follow_up"
    assert problems == []

    # The supervisor (another role) approves from the supervision screen.
    page = context_factory(locale="en-US").new_page()
    problems = watch(page)
    sign_in(page, demo_server, authenticator, SUPERVISOR)
    page.goto(f"{demo_server.url}/protection/supervision/")
    approvals = page.locator("#approvals")
    assert "Chan Thida" in approvals.inner_text()
    with page.expect_navigation(url=f"{demo_server.url}/protection/cases/{case}/"):
        approvals.get_by_role("link", name="Chan Thida").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    assert database.stage(case) == "closed"
    assert database.value("SELECT closure_reason FROM protection_case WHERE id = ?", case) == "reintegrated"
    assert "successfully reintegrated" in page.inner_text("main")
    page.goto(f"{demo_server.url}/protection/supervision/")
    assert "Chan Thida" not in page.inner_text("#approvals")
    assert problems == []
