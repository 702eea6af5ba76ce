"""Checks of the generated consent, referrals and repatriation steps, run by
test_generate.test_demo_scale after the demo scale has been generated.

Each check would fail on incoherent data: a referral without the consent the gate asks for, a
status its dates do not support, a move ``services_referrals`` would refuse, a shelter stay of
another organisation's case without its referral, a receiving organisation that cannot see the
case it was referred (or still sees one completed), steps out of order or off their
procedure, due dates other than the service computes, repatriation dates the service rejects.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django import template
from django.contrib.auth import get_user_model
from django.db.models import F

from phlov.accounts.models import Organisation, Role, RoleAssignment
from phlov.consent.models import Consent, ConsentScope
from phlov.consent.services import require_consent
from phlov.core.policies import forget_grants
from phlov.protection import selectors_referrals, servicedata, services_referrals
from phlov.protection.models import (
    Case,
    Referral,
    ReferralStatus,
    Repatriation,
    RepatriationStep,
    ShelterStay,
)
from phlov.protection.policies import CasePolicy
from phlov.protection.policies_services import RepatriationPolicy
from phlov.protection.services_repatriation import _recompute, _validate
from phlov.protection.templatetags.protection_services import referral_panel, repatriation_panel
from phlov.synthetic import calibration

S = ReferralStatus


def check() -> None:
    _every_repatriation_has_its_steps()
    _referrals_carry_the_consent_the_gate_asks_for()
    _statuses_follow_the_dates_and_the_allowed_moves()
    _implied_referrals_exist()
    _receiving_organisation_sees_what_it_was_referred()
    _steps_follow_their_procedure()
    _consent_forms_follow_the_survey()


def _every_repatriation_has_its_steps() -> None:
    bare = list(
        Repatriation.objects.exclude(procedure="").filter(steps__isnull=True).values_list("pk", "case_id")
    )
    assert not bare, (
        f"{len(bare)} repatriations (e.g. {bare[:3]}) have no steps: they were written after "
        "referrals.write ran; a module that adds cases or repatriations must run before it "
        "(generator.LATER_DOMAINS)"
    )


def _referrals_carry_the_consent_the_gate_asks_for() -> None:
    referrals = list(Referral.objects.select_related("case__person", "consent", "to_organisation"))
    assert referrals, "no referral generated"
    for r in referrals:
        assert r.consent is not None and r.consent_override_id is None
        assert r.consent.person_id == r.case.person_id
        assert r.consent.scope == ConsentScope.REFERRAL and r.consent.given and r.consent.withdrawn_at is None
        assert r.consent.organisation_kind == r.to_organisation.kind
        assert r.consent.given_at <= r.sent_at
        assert r.from_organisation_id == r.case.organisation_id != r.to_organisation_id
    # The application's own gate finds a standing consent for each (person, kind of organisation).
    for r in referrals[:200]:
        basis = require_consent(
            person=r.case.person, scope=ConsentScope.REFERRAL, organisation_kind=r.to_organisation.kind
        )
        assert basis.consent is not None and not basis.overridden
    # Every case opened with the consent to services; consents are of case persons only.
    persons = set(Case.objects.values_list("person_id", flat=True))
    with_services = set(
        Consent.objects.filter(scope=ConsentScope.SERVICES).values_list("person_id", flat=True)
    )
    assert with_services == persons
    assert set(Consent.objects.values_list("person_id", flat=True)) <= persons
    opened = dict(Case.objects.values_list("person_id", "opened_on"))
    for person, given in Consent.objects.values_list("person_id", "given_at")[:500]:
        assert given.date() >= opened[person]


def _statuses_follow_the_dates_and_the_allowed_moves() -> None:
    end = datetime.datetime.combine(calibration.reference_date(), datetime.time.max, tzinfo=datetime.UTC)
    statuses: set[str] = set()
    for r in Referral.objects.all():
        statuses.add(r.status)
        assert r.sent_at <= end and r.sent_by_id is not None
        assert r.kind == "referral"
        path = {
            S.SENT: [S.SENT],
            S.ACCEPTED: [S.SENT, S.ACCEPTED],
            S.COMPLETED: [S.SENT, S.ACCEPTED, S.COMPLETED],
            S.DECLINED: [S.SENT, S.DECLINED],
        }
        assert r.status in path, r.status
        for before, after in itertools.pairwise(path[S(r.status)]):
            assert after in services_referrals.allowed(r.kind, before)
        if r.status == S.SENT:
            assert r.answered_at is None and r.closed_at is None
        else:
            assert r.answered_at is not None and r.sent_at <= r.answered_at <= end
            assert r.answered_by_id is not None
        if r.status == S.DECLINED:
            # A refusal says why (services_referrals.move), and the case went to another provider.
            assert r.note.strip()
            again = Referral.objects.filter(case_id=r.case_id, sent_at__gt=r.answered_at).exclude(pk=r.pk)
            assert again.exclude(to_organisation_id=r.to_organisation_id).exists()
        if r.status == S.COMPLETED:
            assert (
                r.answered_at is not None and r.closed_at is not None and r.answered_at <= r.closed_at <= end
            )
        else:
            assert r.closed_at is None
    assert {S.ACCEPTED, S.COMPLETED, S.DECLINED} <= statuses, statuses
    # Answers come within the generator's days, so the ageing list holds few unanswered ones.
    _low, high = calibration.figures()["referral_answer_days"]["values"]
    for sent, answered in Referral.objects.exclude(answered_at=None).values_list("sent_at", "answered_at"):
        assert answered is not None and (answered.date() - sent.date()).days <= high


def _implied_referrals_exist() -> None:
    # A victim sheltered by an NGO other than the case's organisation is referred to it for the stay.
    stays = ShelterStay.objects.exclude(shelter__organisation=F("case__organisation")).select_related(
        "shelter"
    )
    assert stays.exists(), "the demo scale should have a department-led case in an NGO shelter"
    for stay in stays:
        found = Referral.objects.filter(case_id=stay.case_id, to_organisation_id=stay.shelter.organisation_id)
        assert found.count() == 1, stay.pk
        r = found.get()
        assert stay.admitted_on is not None and r.sent_at.date() <= stay.admitted_on
        if stay.discharged_on is None:
            assert r.status == S.ACCEPTED
        else:
            assert r.status == S.COMPLETED and r.closed_at is not None
            assert r.closed_at.date() == stay.discharged_on
    # A stay in the case organisation's own shelter needs none.
    own = ShelterStay.objects.filter(shelter__organisation=F("case__organisation")).values_list(
        "case_id", flat=True
    )
    assert not Referral.objects.filter(
        case_id__in=own, to_organisation__kind="ngo", services__icontains="shelter"
    )
    # Every return from a host country whose returns IOM reports has its IOM referral.
    hosts = calibration.figures()["referral_return_assistance"]["host_countries"]
    for rep in Repatriation.objects.filter(host_country__code__in=hosts, case__identified_abroad=True):
        assert Referral.objects.filter(case_id=rep.case_id, to_organisation__acronym="IOM").exists()


def _user_of(org: Organisation) -> Any:
    """An active caseworker of the organisation (the synthetic staff accounts cannot sign in)."""

    User = get_user_model()
    user = User.objects.create(username=f"check.referrals.{org.pk}", organisation=org, is_active=True)
    assignment = RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="caseworker"), organisation=org
    )
    if org.province_id and org.kind == "provincial_department":
        assignment.provinces.add(org.province_id)
    forget_grants(user)
    return user


class _Request:
    def __init__(self, user: Any) -> None:
        self.user = user


def _receiving_organisation_sees_what_it_was_referred() -> None:
    accepted = Referral.objects.filter(status=S.ACCEPTED).exclude(
        to_organisation__kind="provincial_department"
    )
    referral = accepted.select_related("to_organisation", "case").order_by("pk").first()
    assert referral is not None, "an open (accepted) referral to an NGO or IOM"
    org = referral.to_organisation
    user = _user_of(org)
    # The referral inbox and the case page's panel show it; the case opens for viewing, never changing.
    assert selectors_referrals.incoming(user).filter(pk=referral.pk).exists()
    assert CasePolicy().restrict(user).filter(pk=referral.case_id).exists()
    assert CasePolicy().can(user, "view", referral.case) and not CasePolicy().can(
        user, "change", referral.case
    )
    context = template.Context({"request": _Request(user)})
    assert referral in list(referral_panel(context, referral.case)["referrals"])
    reps = RepatriationPolicy().restrict(user).filter(case_id=referral.case_id)
    assert reps.count() == Repatriation.objects.filter(case_id=referral.case_id).count()
    assert list(repatriation_panel(context, referral.case)["repatriations"]) == list(reps)
    # A case referred only through completed referrals (and not held by the organisation) stays closed to it.
    reached = set(
        Referral.objects.filter(to_organisation=org, status=S.ACCEPTED).values_list("case_id", flat=True)
    )
    done = (
        Referral.objects.filter(to_organisation=org, status=S.COMPLETED)
        .exclude(case_id__in=reached)
        .exclude(case__organisation=org)
        .values_list("case_id", flat=True)
    )
    for case_id in list(done)[:20]:
        assert not CasePolicy().restrict(user).filter(pk=case_id).exists()
    # Everything referred to the organisation is in its list, at every status.
    assert selectors_referrals.incoming(user).count() == Referral.objects.filter(to_organisation=org).count()


def _steps_follow_their_procedure() -> None:
    reference = calibration.reference_date()
    reps = Repatriation.objects.select_related("case").prefetch_related("steps")
    counted = 0
    for rep in reps:
        found = rep.get_procedure()
        steps = sorted(rep.steps.all(), key=lambda s: s.order)
        if found is None:
            assert not steps
            continue
        counted += 1
        assert [s.code for s in steps] == [s.code for s in found.steps]
        assert [s.order for s in steps] == list(range(1, len(found.steps) + 1))
        done = [s.done_on for s in steps if s.done_on is not None]
        assert done == sorted(done) and all(rep.identified_on <= d <= reference for d in done)
        # Done steps come first: none is done after one still open.
        flags = [s.done_on is not None for s in steps]
        assert flags == sorted(flags, reverse=True)
        assert all((s.done_by_id is not None) == (s.done_on is not None) for s in steps)
        by_code = {s.code: s for s in steps}
        if rep.handover_on is not None:
            assert by_code["handover"].done_on == rep.handover_on
            cut = [s.code for s in steps].index("handover")
            assert all(s.done_on is not None and s.done_on <= rep.handover_on for s in steps[:cut])
        for definition in found.steps:
            if definition.field:
                assert getattr(rep, definition.field) == by_code[definition.code].done_on
        _validate(rep)
        rep.full_clean()
        # The due dates are the ones the service computes (recomputing changes nothing).
        before = [(s.pk, s.due_on, s.done_on) for s in steps]
        _recompute(rep, steps)
        after = list(RepatriationStep.objects.filter(repatriation=rep).order_by("order").values_list(
            "pk", "due_on", "done_on"))  # fmt: skip
        assert before == after, rep.pk
    assert counted, "no repatriation with a procedure"
    assert servicedata.procedures()


def _consent_forms_follow_the_survey() -> None:
    illiterate = calibration.survey_share("education", "illiterate")
    forms = list(Consent.objects.filter(scope=ConsentScope.SERVICES).values_list("form", flat=True))
    share = forms.count("thumbprint") / len(forms)
    assert abs(share - illiterate) < 0.08, share
    # A child's consent is a guardian's.
    for consent in Consent.objects.select_related("person")[:300]:
        year = consent.person.birth_year
        if year is not None:
            assert consent.by_guardian == (consent.given_at.year - year < 18)
