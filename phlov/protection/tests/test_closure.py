from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from phlov.protection.closure import closure_problems, follow_up_span_months
from phlov.protection.models import FollowUpVisit, StageChange
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case
from phlov.protection.workflow import TransitionRefused, change_stage, decide_stage_change

START = datetime.date(2023, 1, 10)


def _visits(
    case: Any, months: int, *, income: Decimal | None = Decimal(250), costs: Decimal = Decimal(150)
) -> None:
    from phlov.protection.closure import add_months

    for n in range(months + 1):
        day = add_months(START, n)
        last = n == months
        FollowUpVisit.objects.create(
            case=case, due_on=day, visited_on=day,
            monthly_income=income if last else None, cost_food=costs if last else Decimal(0),
        )  # fmt: skip


@pytest.fixture
def case(organisation: Any, make_user: Any, make_person: Any) -> Any:
    return make_case(make_person(organisation), caseworker=make_user("caseworker"), stage=Stage.FOLLOW_UP)


@pytest.mark.django_db
def test_ministry_conditions_and_wider_reasons_close_without_follow_up(case: Any) -> None:
    for reason in (
        "ministry_died",
        "ministry_family_moved",
        "ministry_ran_away",
        "referred",
        "declined_services",
        "lost_contact",
        "not_a_victim",
        "transferred",
    ):
        assert closure_problems(case, reason) == [], reason


@pytest.mark.django_db
def test_reason_required_and_controlled(case: Any) -> None:
    assert closure_problems(case, "") and closure_problems(case, "happy")


@pytest.mark.django_db
def test_success_needs_twelve_months_and_sufficient_income(case: Any) -> None:
    _visits(case, 12)
    assert closure_problems(case, "reintegrated") == []


@pytest.mark.django_db
def test_success_refused_with_eleven_months(case: Any) -> None:
    _visits(case, 11)
    problems = closure_problems(case, "reintegrated")
    assert len(problems) == 1 and "12 months" in problems[0]


@pytest.mark.django_db
def test_success_refused_when_income_below_living_costs(case: Any) -> None:
    _visits(case, 12, income=Decimal(45), costs=Decimal(50))
    problems = closure_problems(case, "reintegrated")
    assert len(problems) == 1 and "did not cover" in problems[0]


@pytest.mark.django_db
def test_success_refused_without_income_check(case: Any) -> None:
    _visits(case, 12, income=None)
    assert any("income check" in p for p in closure_problems(case, "reintegrated"))


@pytest.mark.django_db
def test_lost_contact_is_never_success(case: Any) -> None:
    from phlov.protection.closure import is_success

    assert not is_success("lost_contact") and is_success("reintegrated")


def test_span_counts_whole_months() -> None:
    visit = type("V", (), {})
    a, b = visit(), visit()
    a.visited_on, b.visited_on = datetime.date(2023, 1, 10), datetime.date(2024, 1, 9)
    assert follow_up_span_months([a, b]) == 11
    b.visited_on = datetime.date(2024, 1, 10)
    assert follow_up_span_months([a, b]) == 12
    assert follow_up_span_months([]) == 0


@pytest.mark.django_db
def test_supervisor_override_with_reason(case: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    _visits(case, 6)
    with pytest.raises(TransitionRefused):
        change_stage(actor=supervisor, case=case, to_stage=Stage.CLOSED, closure_reason="reintegrated")
    change_stage(
        actor=supervisor, case=case, to_stage=Stage.CLOSED, closure_reason="reintegrated",
        closure_override="Runs her own tailor shop; income stable for six months.",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.closure_override


@pytest.mark.django_db
def test_caseworker_override_waits_for_supervisor(case: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    _visits(case, 6)
    change = change_stage(actor=case.caseworker, case=case, to_stage=Stage.CLOSED, closure_reason="reintegrated",
                          closure_override="stable")  # fmt: skip
    assert change.status == StageChange.Status.PENDING
    decide_stage_change(actor=supervisor, change=change, approve=True)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.closure_reason == "reintegrated"


@pytest.mark.django_db
def test_overdue_visits_listed(case: Any) -> None:
    from phlov.protection.selectors import overdue_visits
    from phlov.protection.workflow import record_visit, schedule_follow_up

    worker = case.caseworker
    visits = schedule_follow_up(actor=worker, case=case, start=datetime.date(2024, 1, 1))
    overdue = overdue_visits(worker, today=datetime.date(2024, 4, 15))
    assert [v.due_on for v in overdue] == [datetime.date(2024, m, 1) for m in (2, 3, 4)]
    record_visit(
        actor=worker, case=case, visit=visits[0], visited_on=datetime.date(2024, 2, 3), safety="good"
    )
    assert overdue_visits(worker, today=datetime.date(2024, 4, 15)).count() == 2
    case.stage = Stage.CLOSED
    case.save()
    assert not overdue_visits(worker, today=datetime.date(2024, 4, 15)).exists()


# --- gaps filled --------------------------------------------------------------------------


@pytest.mark.django_db
def test_stayed_beyond_a_year_needs_a_year_of_visits_but_no_income(case: Any) -> None:
    problems = closure_problems(case, "ministry_stayed_beyond_year")
    assert len(problems) == 1 and "12 months" in problems[0]
    _visits(case, 12, income=None)
    assert closure_problems(case, "ministry_stayed_beyond_year") == []


@pytest.mark.django_db
def test_override_never_makes_an_unknown_reason_or_lost_contact_a_success(case: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    with pytest.raises(TransitionRefused):
        change_stage(actor=supervisor, case=case, to_stage=Stage.CLOSED, closure_reason="happy",
                     closure_override="trust me")  # fmt: skip
    change_stage(actor=supervisor, case=case, to_stage=Stage.CLOSED, closure_reason="lost_contact",
                 closure_override="ignored")  # fmt: skip
    case.refresh_from_db()
    from phlov.protection.closure import is_success

    assert case.closure_reason == "lost_contact" and not is_success(case.closure_reason)


@pytest.mark.django_db
def test_success_looks_at_the_last_income_check_not_an_earlier_one(case: Any) -> None:
    from phlov.protection.closure import add_months

    _visits(case, 12, income=Decimal(45), costs=Decimal(60))  # last check short
    FollowUpVisit.objects.create(case=case, due_on=add_months(START, 2), visited_on=add_months(START, 2),
                                 monthly_income=Decimal(300), cost_food=Decimal(60))  # fmt: skip
    problems = closure_problems(case, "reintegrated")
    assert len(problems) == 1 and "US$45.00" in problems[0] and "US$60.00" in problems[0]


@pytest.mark.django_db
def test_caseworker_cannot_close_as_success_without_a_supervisor(case: Any, make_user: Any) -> None:
    make_user("supervisor")
    _visits(case, 12)
    change = change_stage(
        actor=case.caseworker, case=case, to_stage=Stage.CLOSED, closure_reason="reintegrated"
    )
    case.refresh_from_db()
    assert change.status == StageChange.Status.PENDING and case.stage == Stage.FOLLOW_UP


@pytest.mark.django_db
def test_rules_checked_again_when_the_supervisor_decides(case: Any, make_user: Any) -> None:
    supervisor = make_user("supervisor")
    _visits(case, 12)
    change = change_stage(
        actor=case.caseworker, case=case, to_stage=Stage.CLOSED, closure_reason="reintegrated"
    )
    last = case.visits.order_by("-visited_on").first()
    last.monthly_income = Decimal(10)
    last.save()
    with pytest.raises(TransitionRefused):
        decide_stage_change(actor=supervisor, change=change, approve=True)
