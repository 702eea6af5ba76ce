from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from phlov.audit.models import AuditEvent
from phlov.notifications.models import Notification
from phlov.protection.models import StageChange
from phlov.protection.stages import TRANSITIONS, Stage, rule
from phlov.protection.tests.helpers import make_case
from phlov.protection.workflow import TransitionRefused, change_stage, decide_stage_change

ALL = list(itertools.permutations(Stage.values, 2))
ALLOWED = [(a, b) for a, b in ALL if rule(a, b) is not None]
FORBIDDEN = [(a, b) for a, b in ALL if rule(a, b) is None]


def _kwargs(to_stage: str) -> dict[str, Any]:
    return {"closure_reason": "not_a_victim"} if to_stage == Stage.CLOSED else {}


def test_table_shape() -> None:
    assert set(TRANSITIONS) == set(Stage.values)
    assert all(getattr(rule(s, Stage.CLOSED), "needs_approval", False) for s in Stage.values if s != "closed")
    assert all(r.needs_approval for r in TRANSITIONS[Stage.CLOSED].values())
    assert len(ALLOWED) == 24 and len(FORBIDDEN) == 32


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), ALLOWED)
def test_allowed_transition(
    from_stage: str, to_stage: str, organisation: Any, make_user: Any, make_person: Any
) -> None:
    worker, supervisor = make_user("caseworker"), make_user("supervisor")
    case = make_case(make_person(organisation), caseworker=worker, stage=from_stage, identified_abroad=True)
    needs_approval = rule(from_stage, to_stage).needs_approval  # type: ignore[union-attr]
    change = change_stage(actor=worker, case=case, to_stage=to_stage, reason="because", **_kwargs(to_stage))
    case.refresh_from_db()
    if needs_approval:
        assert change.status == StageChange.Status.PENDING and case.stage == from_stage
        assert Notification.objects.filter(recipient=supervisor).exists()
        with pytest.raises(PermissionDenied):
            decide_stage_change(actor=worker, change=change, approve=True)
        decide_stage_change(actor=supervisor, change=change, approve=True)
        case.refresh_from_db()
        assert change.decided_by == supervisor
    assert change.status == StageChange.Status.DONE and case.stage == to_stage
    assert AuditEvent.objects.filter(action="protection.transition", object_id=str(case.pk)).count() == 1
    if to_stage == Stage.CLOSED:
        assert case.closed_on is not None and case.closure_reason == "not_a_victim"
    if from_stage == Stage.CLOSED:
        assert case.closed_on is None and case.closure_reason == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("from_stage", "to_stage"), FORBIDDEN)
def test_forbidden_transition(
    from_stage: str, to_stage: str, organisation: Any, make_user: Any, make_person: Any
) -> None:
    supervisor = make_user("supervisor")
    case = make_case(
        make_person(organisation), caseworker=supervisor, stage=from_stage, identified_abroad=True
    )
    with pytest.raises(TransitionRefused) as refused:
        change_stage(actor=supervisor, case=case, to_stage=to_stage, **_kwargs(to_stage))
    assert "cannot move from" in " ".join(refused.value.messages)
    case.refresh_from_db()
    assert case.stage == from_stage and not StageChange.objects.exists()


@pytest.mark.django_db
def test_repatriation_only_when_abroad(organisation: Any, make_user: Any, make_person: Any) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker, identified_abroad=False)
    with pytest.raises(TransitionRefused, match="identified abroad"):
        change_stage(actor=worker, case=case, to_stage=Stage.REPATRIATION)


@pytest.mark.django_db
def test_supervisor_may_reject_and_one_pending_at_a_time(
    organisation: Any, make_user: Any, make_person: Any
) -> None:
    worker, supervisor = make_user("caseworker"), make_user("supervisor")
    case = make_case(make_person(organisation), caseworker=worker, stage=Stage.RECOVERY)
    change = change_stage(actor=worker, case=case, to_stage=Stage.CLOSED, closure_reason="declined_services")
    with pytest.raises(TransitionRefused, match="already waiting"):
        change_stage(actor=worker, case=case, to_stage=Stage.CLOSED, closure_reason="declined_services")
    decide_stage_change(actor=supervisor, change=change, approve=False, reason="talk to her first")
    case.refresh_from_db()
    assert change.status == StageChange.Status.REJECTED and case.stage == Stage.RECOVERY
    with pytest.raises(TransitionRefused, match="already decided"):
        decide_stage_change(actor=supervisor, change=change, approve=True)


@pytest.mark.django_db
def test_other_organisation_cannot_move_case(organisation: Any, make_user: Any, make_person: Any) -> None:
    from phlov.accounts.models import Organisation, OrganisationKind

    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other", name_km="ផ្សេង")
    stranger = make_user("supervisor", org=other)
    case = make_case(make_person(organisation))
    with pytest.raises(PermissionDenied):
        change_stage(actor=stranger, case=case, to_stage=Stage.RECOVERY)


@pytest.mark.django_db
def test_entering_follow_up_schedules_monthly_visits(
    organisation: Any, make_user: Any, make_person: Any
) -> None:
    import datetime

    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker, stage=Stage.INTEGRATION)
    change_stage(actor=worker, case=case, to_stage=Stage.FOLLOW_UP, on=datetime.date(2024, 1, 31))
    dues = list(case.visits.values_list("due_on", flat=True))
    assert len(dues) == 12
    assert dues[0] == datetime.date(2024, 2, 29) and dues[-1] == datetime.date(2025, 1, 31)
