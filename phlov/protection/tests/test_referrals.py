from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.audit.models import AuditEvent
from phlov.consent.models import ConsentScope
from phlov.consent.services import (
    ConsentRequired,
    override_for_child_in_danger,
    record_consent,
    review_override,
)
from phlov.core.policies import Action
from phlov.notifications.models import Notification
from phlov.protection import selectors_referrals
from phlov.protection.models import Referral, ReferralKind, ReferralStatus
from phlov.protection.policies import CasePolicy
from phlov.protection.services_referrals import TRANSITIONS, ReferralRefused, move, refer
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


def _client() -> Client:
    client = Client()
    client.cookies["phlov_language"] = "en"  # the pages read in English here
    return client


S, K = ReferralStatus, ReferralKind
ALL = [(k, a, b) for k in K.values for a, b in itertools.permutations(S.values, 2)]
ALLOWED = [(k, a, b) for k, a, b in ALL if b in TRANSITIONS.get((k, a), {})]
FORBIDDEN = [(k, a, b) for k, a, b in ALL if b not in TRANSITIONS.get((k, a), {})]


@pytest.fixture
def iom(db: Any) -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.IGO, name_en="IOM test")


@pytest.fixture
def setup(make_user: Any, make_person: Any, organisation: Any, iom: Organisation) -> dict[str, Any]:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    return {"worker": worker, "case": case, "receiver": make_user("caseworker", org=iom), "iom": iom}


def _consent(worker: Any, person: Any, kind: str = OrganisationKind.IGO) -> Any:
    return record_consent(
        actor=worker, person=person, scope=ConsentScope.REFERRAL, given=True, organisation_kind=kind
    )


def _referral(s: dict[str, Any], kind: str = K.REFERRAL, status: str = S.SENT) -> Referral:
    return Referral.objects.create(
        case=s["case"], kind=kind, from_organisation=s["case"].organisation, to_organisation=s["iom"], status=status,
        sent_at=timezone.now(), sent_by=s["worker"],
    )  # fmt: skip


def test_table_shape() -> None:
    assert len(ALLOWED) == 8 and len(FORBIDDEN) == 32
    assert all(b != S.SENT for _, _, b in ALLOWED)


@pytest.mark.parametrize(("kind", "from_status", "to_status"), ALLOWED)
def test_allowed_move(kind: str, from_status: str, to_status: str, setup: dict[str, Any]) -> None:
    referral = _referral(setup, kind, from_status)
    ends = TRANSITIONS[(kind, from_status)][to_status]
    right = setup["receiver"] if "to" in ends else setup["worker"]
    wrong = (
        setup["worker"]
        if "to" in ends and "from" not in ends
        else setup["receiver"]
        if "to" not in ends
        else None
    )
    if wrong is not None:
        with pytest.raises(PermissionDenied):
            move(actor=wrong, referral=referral, to_status=to_status, note="because")
    move(actor=right, referral=referral, to_status=to_status, note="because")
    referral.refresh_from_db()
    assert referral.status == to_status
    assert AuditEvent.objects.filter(
        action="protection.referral_decision", object_id=str(referral.pk)
    ).exists()


@pytest.mark.parametrize(("kind", "from_status", "to_status"), FORBIDDEN)
def test_forbidden_move(kind: str, from_status: str, to_status: str, setup: dict[str, Any]) -> None:
    referral = _referral(setup, kind, from_status)
    for actor in (setup["worker"], setup["receiver"]):
        with pytest.raises(ReferralRefused):
            move(actor=actor, referral=referral, to_status=to_status, note="because")
    referral.refresh_from_db()
    assert referral.status == from_status


def test_declining_or_revoking_needs_a_reason(setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        move(actor=setup["receiver"], referral=_referral(setup), to_status=S.DECLINED)
    with pytest.raises(ValidationError):
        move(actor=setup["worker"], referral=_referral(setup, K.TRANSFER), to_status=S.REVOKED, note="  ")


def test_an_unrelated_organisation_cannot_move_it(setup: dict[str, Any], make_user: Any) -> None:
    third = make_user(
        "supervisor", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Third")
    )
    with pytest.raises(PermissionDenied):
        move(actor=third, referral=_referral(setup), to_status=S.ACCEPTED)


def test_consent_gate(setup: dict[str, Any]) -> None:
    worker, case, iom = setup["worker"], setup["case"], setup["iom"]
    with pytest.raises(ConsentRequired):
        refer(actor=worker, case=case, to_organisation=iom)
    _consent(worker, case.person, OrganisationKind.POLICE)  # agreed to the police, not to IOM
    with pytest.raises(ConsentRequired):
        refer(actor=worker, case=case, to_organisation=iom)
    consent = _consent(worker, case.person)
    referral = refer(actor=worker, case=case, to_organisation=iom, services="repatriation support")
    assert referral.consent == consent and referral.consent_override is None and referral.status == S.SENT
    assert Notification.objects.filter(recipient=setup["receiver"]).exists()
    with pytest.raises(ValidationError):  # the same referral twice
        refer(actor=worker, case=case, to_organisation=iom)


def test_reviewed_override_for_a_child_in_danger(
    make_user: Any, make_person: Any, organisation: Any, iom: Organisation
) -> None:
    worker, supervisor, second = make_user("caseworker"), make_user("supervisor"), make_user("supervisor")
    child = make_person(
        organisation, birth_date=datetime.date.today().replace(year=datetime.date.today().year - 12)
    )
    case = make_case(child, caseworker=worker)
    with pytest.raises(ConsentRequired):
        refer(actor=worker, case=case, to_organisation=iom)
    override = override_for_child_in_danger(
        actor=supervisor, person=child, scope=ConsentScope.REFERRAL, organisation_kind=OrganisationKind.IGO,
        reason="The child's family sold her once already and the broker is back in the village.",
    )  # fmt: skip
    review_override(actor=second, override=override, note="Justified.")
    referral = refer(actor=worker, case=case, to_organisation=iom)
    assert referral.consent is None and referral.consent_override == override
    event = AuditEvent.objects.get(action="protection.referral", object_id=str(referral.pk))
    assert event.detail["basis"] == "override"


@pytest.mark.parametrize("end", [S.COMPLETED, S.REVOKED])
def test_accepted_referral_opens_the_case_until_it_ends(end: str, setup: dict[str, Any]) -> None:
    worker, receiver, case = setup["worker"], setup["receiver"], setup["case"]
    policy = CasePolicy()
    _consent(worker, case.person)
    referral = refer(actor=worker, case=case, to_organisation=setup["iom"])
    assert (
        not policy.can(receiver, Action.VIEW, case)
        and not policy.restrict(receiver).filter(pk=case.pk).exists()
    )
    move(actor=receiver, referral=referral, to_status=S.ACCEPTED)
    assert policy.can(receiver, Action.VIEW, case) and list(policy.restrict(receiver)) == [case]
    assert not policy.can(receiver, Action.CHANGE, case)  # seeing, never changing
    move(actor=worker, referral=referral, to_status=end, note="done or withdrawn")
    assert not policy.can(receiver, Action.VIEW, case) and not policy.restrict(receiver).exists()
    # Both ends keep the referral itself.
    assert selectors_referrals.visible_referrals(receiver).filter(pk=referral.pk).exists()


def test_declined_referral_opens_nothing(setup: dict[str, Any]) -> None:
    _consent(setup["worker"], setup["case"].person)
    referral = refer(actor=setup["worker"], case=setup["case"], to_organisation=setup["iom"])
    move(actor=setup["receiver"], referral=referral, to_status=S.DECLINED, note="no capacity")
    assert not CasePolicy().can(setup["receiver"], Action.VIEW, setup["case"])


def test_transfer_moves_ownership_and_keeps_history(setup: dict[str, Any], make_user: Any) -> None:
    worker, receiver, case, iom = setup["worker"], setup["receiver"], setup["case"], setup["iom"]
    colleague = make_user("caseworker", org=iom)
    _consent(worker, case.person)
    transfer = refer(
        actor=worker, case=case, to_organisation=iom, kind=K.TRANSFER, reason="change_of_location"
    )
    with pytest.raises(ValidationError):  # the new caseworker must work there
        move(actor=receiver, referral=transfer, to_status=S.ACCEPTED, caseworker=worker)
    move(actor=receiver, referral=transfer, to_status=S.ACCEPTED, caseworker=colleague)
    case.refresh_from_db()
    transfer.refresh_from_db()
    assert case.organisation == iom and case.caseworker == colleague
    assert transfer.previous_caseworker == worker and transfer.receiving_caseworker == colleague
    assert transfer.from_organisation != iom
    event = AuditEvent.objects.get(action="protection.transfer", object_id=str(case.pk))
    assert event.detail["referral"] == transfer.pk
    policy = CasePolicy()
    assert policy.can(colleague, Action.CHANGE, case) and not policy.can(worker, Action.VIEW, case)
    assert selectors_referrals.visible_referrals(worker).filter(pk=transfer.pk).exists()


def test_open_referrals_age(setup: dict[str, Any]) -> None:
    old, fresh = _referral(setup), _referral(setup, K.TRANSFER)
    Referral.objects.filter(pk=old.pk).update(sent_at=timezone.now() - datetime.timedelta(days=30))
    _referral(setup, status=S.DECLINED)
    rows = selectors_referrals.ageing(setup["worker"])
    assert [(r.referral.pk, r.is_ageing) for r in rows] == [(old.pk, True), (fresh.pk, False)]
    assert [r.referral.pk for r in selectors_referrals.ageing(setup["receiver"], only_ageing=True)] == [
        old.pk
    ]


def test_pages(setup: dict[str, Any], login: Any) -> None:
    worker, receiver, case, iom = setup["worker"], setup["receiver"], setup["case"], setup["iom"]
    client = login(_client(), worker)
    data = {
        "kind": "referral",
        "to_organisation": iom.pk,
        "reason": "additional_services",
        "services": "legal aid",
    }
    refused = client.post(reverse("protection:referral_add", args=[case.pk]), data)
    assert refused.status_code == 200 and "has not agreed" in refused.content.decode()
    _consent(worker, case.person)
    sent = client.post(reverse("protection:referral_add", args=[case.pk]), data)
    referral = Referral.objects.get(case=case)
    assert sent["Location"] == reverse("protection:referral", args=[referral.pk])
    other = login(_client(), receiver)
    assert other.get(reverse("protection:case", args=[case.pk])).status_code == 404
    assert "Test NGO" in other.get(reverse("protection:referrals")).content.decode()
    other.post(reverse("protection:referral_action", args=[referral.pk, "accept"]), {"note": ""})
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED
    assert other.get(reverse("protection:case", args=[case.pk])).status_code == 200
    assert other.get(reverse("protection:referral_action", args=[referral.pk, "complete"])).status_code == 405


def test_api(setup: dict[str, Any], login: Any, make_user: Any) -> None:
    referral = _referral(setup)
    third = make_user(
        "caseworker", org=Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Third")
    )
    url = f"/api/v1/protection/referrals/{referral.pk}/move/"
    stranger = login(_client(), third)
    assert stranger.post(url, {"to_status": "accepted"}, content_type="application/json").status_code == 404
    client = login(_client(), setup["receiver"])
    rows = client.get("/api/v1/protection/referrals/").json()
    assert [r["id"] for r in (rows["results"] if isinstance(rows, dict) else rows)] == [referral.pk]
    bad = client.post(url, {"to_status": "completed"}, content_type="application/json")
    assert bad.status_code == 400
    good = client.post(url, {"to_status": "accepted"}, content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "accepted"
    assert client.get(f"/api/v1/protection/cases/{setup['case'].pk}/").status_code == 200
