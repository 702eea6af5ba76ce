from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from phlov.audit.models import AuditEvent
from phlov.protection import services
from phlov.protection.screening import Outcome, propose

ACT, MEANS, PURPOSE = ["recruitment"], ["deception"], ["forced_labour"]


def test_adult_with_act_means_purpose_is_presumed_victim() -> None:
    proposal = propose(age=30, acts=ACT, means=MEANS, purposes=PURPOSE)
    assert proposal.outcome == Outcome.PRESUMED_VICTIM
    assert "adult" in proposal.reasons and "all_elements" in proposal.reasons


def test_adult_without_means_is_undetermined() -> None:
    proposal = propose(age=30, acts=ACT, means=[], purposes=PURPOSE)
    assert proposal.outcome == Outcome.UNDETERMINED
    assert "no_means" in proposal.reasons


def test_child_without_means_is_presumed_victim() -> None:
    proposal = propose(age=15, acts=ACT, means=[], purposes=PURPOSE)
    assert proposal.outcome == Outcome.PRESUMED_VICTIM
    assert "child" in proposal.reasons and "no_means" not in proposal.reasons


def test_seventeen_is_a_child_eighteen_is_not() -> None:
    assert propose(age=17, acts=ACT, means=[], purposes=PURPOSE).outcome == Outcome.PRESUMED_VICTIM
    assert propose(age=18, acts=ACT, means=[], purposes=PURPOSE).outcome == Outcome.UNDETERMINED


def test_unknown_age_is_treated_as_adult_and_says_so() -> None:
    proposal = propose(age=None, acts=ACT, means=[], purposes=PURPOSE)
    assert proposal.outcome == Outcome.UNDETERMINED and "age_unknown" in proposal.reasons


def test_child_without_purpose_is_undetermined() -> None:
    assert propose(age=12, acts=ACT, means=MEANS, purposes=[]).outcome == Outcome.UNDETERMINED


def test_adult_without_act_is_undetermined() -> None:
    assert propose(age=40, acts=[], means=MEANS, purposes=PURPOSE).outcome == Outcome.UNDETERMINED


def test_only_ilo_indicators_is_undetermined_and_points_to_the_missing_elements() -> None:
    proposal = propose(age=25, acts=[], means=[], purposes=[], ilo_indicators=["debt_bondage", "isolation"])
    assert proposal.outcome == Outcome.UNDETERMINED
    assert {"ilo_suggests_means", "ilo_suggests_purpose"} <= set(proposal.reasons)
    assert any("2 ILO indicators" in text for text in proposal.in_words())


def test_nothing_recorded_is_not_a_victim() -> None:
    proposal = propose(age=25, acts=[], means=[], purposes=[])
    assert proposal.outcome == Outcome.NOT_A_VICTIM and "nothing" in proposal.reasons


def test_reasoning_in_words() -> None:
    words = propose(age=15, acts=ACT, means=[], purposes=PURPOSE).in_words()
    assert any("means are irrelevant" in w for w in words)


@pytest.mark.django_db
def test_screen_records_proposal_and_audit(organisation: Any, make_user: Any, make_person: Any) -> None:
    worker = make_user("caseworker")
    person = make_person(organisation, birth_date=datetime.date(2010, 5, 1))
    screening = services.screen(
        actor=worker, person=person, acts=ACT, purposes=PURPOSE, screened_on=datetime.date(2024, 1, 1)
    )
    assert screening.age_at_screening == 13
    assert screening.proposed_outcome == screening.outcome == Outcome.PRESUMED_VICTIM
    assert screening.source_kind == "person" and screening.source_id == str(person.pk)
    assert AuditEvent.objects.filter(action="protection.screening", object_id=str(screening.pk)).exists()


@pytest.mark.django_db
def test_deciding_otherwise_needs_a_reason(organisation: Any, make_user: Any, make_person: Any) -> None:
    worker = make_user("caseworker")
    person = make_person(organisation, estimated_age=30)
    with pytest.raises(ValidationError):
        services.screen(
            actor=worker, person=person, acts=ACT, purposes=PURPOSE, outcome=Outcome.PRESUMED_VICTIM
        )
    screening = services.screen(
        actor=worker, person=person, acts=ACT, purposes=PURPOSE,
        outcome=Outcome.PRESUMED_VICTIM, decision_reason="Passport kept by the employer, seen by the police.",
    )  # fmt: skip
    assert screening.proposed_outcome == Outcome.UNDETERMINED and screening.differs


@pytest.mark.django_db
def test_unknown_codes_refused(organisation: Any, make_user: Any, make_person: Any) -> None:
    worker = make_user("caseworker")
    with pytest.raises(ValidationError):
        services.screen(actor=worker, person=make_person(organisation), acts=["kidnap"])


@pytest.mark.django_db
def test_role_without_case_permission_cannot_screen(
    organisation: Any, make_user: Any, make_person: Any
) -> None:
    officer = make_user("labour_officer")
    with pytest.raises(PermissionDenied):
        services.screen(actor=officer, person=make_person(organisation), acts=ACT)


def test_reasoning_in_khmer() -> None:
    from django.utils import translation

    with translation.override("km"):
        words = propose(age=15, acts=ACT, means=[], purposes=PURPOSE).in_words()
    assert any("មធ្យោបាយមិនពាក់ព័ន្ធ" in w for w in words)
