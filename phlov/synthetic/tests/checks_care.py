"""Checks of the generated care records, run by test_generate.test_demo_scale: care plans dated
inside the case's stages, family needs before integration and support after, interests before
enrolment with the application's own wish rule, placements agreeing with the follow-up visits,
the closure rule on the cases the care module closed, re-trafficking alerts that
``retrafficking.check_case`` would not raise again, reminders only for visits made late, and the
statistics hub's indicators non-zero and plausible."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count

from phlov.protection import retrafficking, training, vocab
from phlov.protection.closure import closure_problems
from phlov.protection.models import (
    CareAssessment,
    CareItem,
    Case,
    Course,
    Enrolment,
    FamilyNeed,
    FamilySupport,
    FinancialSupport,
    FollowUpVisit,
    Placement,
    Reintegration,
    RetraffickingAlert,
    ServiceDelivery,
    StageChange,
    TrainingInterest,
    VisitReminder,
)
from phlov.stats.conf import indicators
from phlov.stats.filters import Filters
from phlov.stats.indicators import evaluate
from phlov.synthetic import calibration
from phlov.synthetic.care_alerts import SECOND_CLOSURE


def _entered() -> dict[int, dict[str, datetime.date]]:
    out: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    rows = StageChange.objects.filter(status="done").order_by("requested_at", "pk")
    for case_id, stage, at in rows.values_list("case_id", "to_stage", "requested_at"):
        out[case_id].setdefault(stage, at.date())
    return out


def check() -> None:
    entered = _entered()
    ends = {
        pk: closed or calibration.reference_date()
        for pk, closed in Case.objects.values_list("pk", "closed_on")
    }
    _care_plans(entered, ends)
    _family(entered, ends)
    _training_and_work(entered)
    _closure_rule()
    _retrafficking()
    _reminders()
    _indicators()


def _care_plans(entered: dict[int, dict[str, datetime.date]], ends: dict[int, datetime.date]) -> None:
    domains, levels = vocab.codes("care_domains"), vocab.codes("care_needs")
    assessed = set()
    for case_id, day, needs in CareAssessment.objects.values_list("case_id", "assessed_on", "needs"):
        assert "recovery" in entered[case_id], case_id
        assert entered[case_id]["recovery"] <= day <= ends[case_id], (case_id, day)
        assert set(needs) == domains and set(needs.values()) <= levels
        assessed.add(case_id)
    # A care plan for every case from recovery on, none before.
    assert assessed == {c for c, stages in entered.items() if "recovery" in stages}
    deliveries: dict[int, list[datetime.date]] = defaultdict(list)
    for item_id, day in ServiceDelivery.objects.values_list("item_id", "delivered_on"):
        deliveries[item_id].append(day)
    items = CareItem.objects.values_list("pk", "case_id", "starts_on", "due_on", "status")
    statuses: Counter[str] = Counter()
    for pk, case_id, starts, due, status in items:
        statuses[status] += 1
        assert starts is not None and due is not None and entered[case_id]["recovery"] <= starts <= due
        done = deliveries.get(pk, [])
        assert (status == "planned") == (not done), (pk, status)
        assert all(starts <= d <= min(due, ends[case_id]) for d in done), pk
        if status == "done":
            assert due <= ends[case_id]
    assert statuses["done"] and statuses["in_progress"] + statuses["planned"], statuses


def _family(entered: dict[int, dict[str, datetime.date]], ends: dict[int, datetime.date]) -> None:
    needs = {}
    for pk, case_id, assessed, met in FamilyNeed.objects.values_list(
        "pk", "case_id", "assessed_on", "met_on"
    ):
        stages = entered[case_id]
        assert stages["pre_integration"] <= assessed, pk
        assert "integration" not in stages or assessed < stages["integration"], pk
        assert met is None or met >= assessed
        needs[pk] = case_id
    assert needs
    for case_id, need, given, amount in FamilySupport.objects.values_list(
        "case_id", "need_id", "given_on", "amount_usd"
    ):
        assert need is None or needs[need] == case_id
        assert given is None or entered[case_id]["integration"] <= given <= ends[case_id]
        assert amount is None or amount > 0


def _training_and_work(entered: dict[int, dict[str, datetime.date]]) -> None:
    # Enrolment as training.enrol decides it: interests recorded before, 'wanted' from them.
    for enrolment in Enrolment.objects.select_related("case", "course").order_by("?")[:200]:
        interest = training.interests_on(enrolment.case, enrolment.enrolled_on)
        assert interest is not None, enrolment.pk
        assert enrolment.wanted == (enrolment.course.kind in interest.interests)
        assert enrolment.wanted or enrolment.not_wanted_reason
    full = Course.objects.annotate(n=Count("enrolments")).values_list("n", "places")
    assert all(n <= places for n, places in full)
    # The wish the narrative names is the first interest; Table 3's sewing for women comes out.
    kinds = calibration.figures()["care_training_kinds"]["values"]
    women = sewing = 0
    for text, interests, sex in TrainingInterest.objects.values_list(
        "case__narrative", "interests", "case__person__sex"
    ):
        wish = text.split("Training wished: ")[-1].split(";")[0]
        assert interests[0] == kinds[wish], (wish, interests)
        if sex == "female":
            women += 1
            sewing += "sewing" in interests
    table = calibration.training_wishes()["vocational_training"]["Female"]
    expected = table["Sewing"] / calibration.sheltered_by_sex()["Female"]
    assert women > 50 and abs(sewing / women - expected) < 0.15, (sewing, women)
    # Placements and reintegrations start on the day of integration and agree with the visits.
    visits: dict[int, list[Any]] = defaultdict(list)
    for case_id, income, sector in FollowUpVisit.objects.order_by("due_on", "pk").values_list(
        "case_id", "monthly_income", "sector"
    ):
        visits[case_id].append((income, sector))
    placed = 0
    kinds_placed: Counter[str] = Counter()
    for case_id, kind, starts, wage, sector in Placement.objects.values_list(
        "case_id", "kind", "starts_on", "monthly_wage", "sector"
    ):
        assert starts == entered[case_id]["integration"]
        if visits[case_id]:
            assert wage == visits[case_id][0][0] and sector == visits[case_id][0][1], case_id
            assert (kind == "garment_factory") == (sector == "garment")
        placed += 1
        kinds_placed[kind] += 1
    integrated = {c for c, stages in entered.items() if "integration" in stages}
    assert placed == len(integrated) == Reintegration.objects.count()
    assert all(
        entered[c]["integration"] == d
        for c, d in Reintegration.objects.values_list("case_id", "reintegrated_on")
    )
    # 001 Figures 8-10: the NGO businesses are the largest placement, garment factories a fifth.
    shares = {p.name: p.share / 100 for p in calibration.placements()}
    garment = sum(v for k, v in shares.items() if k.startswith("Garment"))
    assert abs(kinds_placed["garment_factory"] / placed - garment) < 0.1, kinds_placed
    money = FinancialSupport.objects.values_list("case_id", "given_on", "amount")
    assert all(d >= entered[c]["integration"] and a > 0 for c, d, a in money)


def _closure_rule() -> None:
    """The application's closure rule accepts every closed case that needs follow-up evidence,
    and success is what the last income check says."""

    cases = Case.objects.filter(stage="closed", closure_reason__in=["reintegrated", SECOND_CLOSURE])
    reasons: Counter[str] = Counter()
    for case in cases.prefetch_related("visits"):
        assert not closure_problems(case, case.closure_reason), case.pk
        reasons[case.closure_reason] += 1
    # Both reasons occur: some last incomes do not cover the living costs (001 Figures 8-10).
    assert reasons["reintegrated"] and reasons[SECOND_CLOSURE], reasons


def _retrafficking() -> None:
    alerts = list(RetraffickingAlert.objects.select_related("case", "earlier_case"))
    assert alerts
    reference = calibration.reference_date()
    for alert in alerts:
        case, earlier = alert.case, alert.earlier_case
        assert case is not None and case.person_id == earlier.person_id and alert.source == "new_case"
        assert earlier.closed_on is not None and case.opened_on > earlier.closed_on
        assert alert.alerted_id == earlier.caseworker_id and alert.raised_at.date() == case.opened_on
        if alert.status == "open":
            assert alert.decided_at is None and alert.decided_by_id is None
        else:
            assert alert.decided_at is not None and case.opened_on <= alert.decided_at.date() <= reference
    # What check_case would raise for each new case is already there: it raises nothing more.
    with transaction.atomic():
        for alert in alerts[:50]:
            assert alert.case is not None
            assert retrafficking.check_case(alert.case) == []
        transaction.set_rollback(True)
    rate = retrafficking.retrafficking_rate()
    never = calibration.survey_share("re_trafficking", "returned victims never")
    assert rate.rate is not None and 0.02 < rate.rate <= (1 - never) + 0.03, rate


def _reminders() -> None:
    rows = VisitReminder.objects.values_list(
        "sent_on", "recipient_id", "visit__due_on", "visit__visited_on", "visit__case__caseworker_id"
    )
    assert rows.exists()
    for sent, recipient, due, visited, worker in rows:
        assert visited is not None and due < sent < visited and recipient == worker


def _indicators() -> None:
    wanted = {"followup_completion", "reintegration_success", "retrafficking"}
    found = {i.measure: i for i in indicators() if i.measure in wanted}
    assert set(found) == wanted
    for measure, indicator in found.items():
        result = evaluate(indicator, Filters(), exact=True)
        assert result.status == "ok" and result.value.endswith("%"), (measure, result)
        value = float(result.value.rstrip("%"))
        assert 0 < value < 100, (measure, value)
