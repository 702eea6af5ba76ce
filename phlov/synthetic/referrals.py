"""Consent, referrals between organisations, and the steps of every repatriation.

What is generated, read back from the cases, stage changes, shelter stays and repatriations
that ``protection.py`` wrote:

* **repatriation steps** of each repatriation's bilateral procedure (``referrals_steps``), and
  the repatriation's family-tracing and assessment dates those steps set;
* **referrals**, each where the data already implies one (calibration-referrals.json):
  to the NGO whose shelter takes in a victim whose case another organisation holds (for the
  stay: accepted on admission, completed on discharge); from an NGO-led case to the provincial
  department of social affairs that assesses the family before the return (the procedure's
  own step); to IOM for every return from Vietnam (000: IOM reports those returns); from a
  department-led case whose victim was not sheltered to an NGO for vocational training and
  placement during pre-integration (a tenth declined for want of a place in the course, and
  sent on to the other NGO the same day). Each goes sent -> accepted -> completed as
  ``services_referrals`` moves it, the status being what the reference date has reached; an
  accepted referral opens the case to the receiving organisation (``referral_access``);
* **consent**: to receive services at the case's opening, to sharing abroad for a repatriated
  victim, and to referral to each kind of organisation the person is referred to, before the
  first such referral (the consent the referral carries, as ``require_consent`` finds it); by
  thumbprint for a victim the narrative records as unable to read or write (001's 60%), through
  a guardian for a child. No consent override: every referral here has the person's consent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.consent.models import Consent, ConsentForm, ConsentScope
from phlov.consent.services import CHILD_UNDER
from phlov.core.demo import load_organisations
from phlov.protection.models import Case, Referral, ReferralKind, ReferralStatus, ShelterStay, StageChange
from phlov.synthetic import bulk, calibration
from phlov.synthetic.context import Context, ministry, provincial_department, staff
from phlov.synthetic.migration import MigrationPlan
from phlov.synthetic.people import Population
from phlov.synthetic.protection import ProtectionPlan
from phlov.synthetic.referrals_steps import RepatriationDates, write_steps

ILLITERATE = "Cannot read or write."  # the narrative's words (protection._profiles)
GOVERNMENT = {OrganisationKind.PROVINCIAL_DEPARTMENT, OrganisationKind.MINISTRY}
STAGES = ("repatriation", "reception", "pre_integration", "integration")


@dataclass(frozen=True)
class CaseRow:
    person: int
    organisation: int
    caseworker: int
    opened: datetime.date
    abroad: bool
    illiterate: bool
    birth_year: int | None
    province: int | None


@dataclass(frozen=True)
class Planned:
    case: int
    to: int
    route: str
    sent: datetime.date
    answered: datetime.date
    completed: datetime.date | None
    declined: bool = False
    resent: bool = False  # sent again on the day another organisation declined


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)
    return moment + datetime.timedelta(minutes=minute)


def write(ctx: Context, pop: Population, prot: ProtectionPlan, mig: MigrationPlan) -> None:
    rng = ctx.rng("referrals")
    figures = calibration.figures()
    reference = calibration.reference_date()
    cases = {
        pk: CaseRow(person, org, worker, opened, abroad, ILLITERATE in (text or ""), year, province)
        for pk, person, org, worker, opened, abroad, text, year, province in Case.objects.values_list(
            "pk", "person_id", "organisation_id", "caseworker_id", "opened_on", "identified_abroad", "narrative",
            "person__birth_year", "person__origin_province_id",
        ).order_by("pk")
    }  # fmt: skip
    ctx.progress.start("repatriation steps", 1)
    reps = write_steps(ctx, rng, reference, {pk: c.caseworker for pk, c in cases.items()})
    ctx.progress.advance(1)
    ctx.progress.start("referrals and consent", 1)
    stage_on: dict[tuple[int, str], datetime.date] = {
        (case, to): at.date()
        for case, to, at in StageChange.objects.filter(to_stage__in=STAGES, status="done").values_list(
            "case_id", "to_stage", "requested_at"
        )
    }
    kinds = dict(Organisation.objects.values_list("pk", "kind"))
    demo = load_organisations()
    ngos = [demo["cwcc"].pk, demo["damnok_toek"].pk]
    departments = {p.pk: provincial_department("mosvy", p).pk for p in ctx.provinces.values()}
    national = ministry("mosvy").pk
    planned = sorted(
        _plan(
            rng, figures, reference, cases, reps, stage_on, kinds, ngos, departments, national, demo["iom"].pk
        ),
        key=lambda p: (p.sent, p.case, p.route),
    )
    workers = {org: pair[0] for org, pair in prot.staff_of.items()}
    for org in {p.to for p in planned} - set(workers):
        workers[org] = staff(Organisation.objects.get(pk=org), "caseworker").pk
    _write(ctx, rng, figures, reference, cases, reps, planned, kinds, workers)
    ctx.progress.advance(1)


def _plan(
    rng: np.random.Generator, figures: dict[str, Any], reference: datetime.date, cases: dict[int, CaseRow],
    reps: dict[int, RepatriationDates], stage_on: dict[tuple[int, str], datetime.date], kinds: dict[int, str],
    ngos: list[int], departments: dict[int, int], national: int, iom: int,
) -> Iterator[Planned]:  # fmt: skip
    """Every referral the data implies, with its days (the status follows from them)."""

    low, high = (int(v) for v in figures["referral_answer_days"]["values"])

    def answer(sent: datetime.date, limit: datetime.date | None) -> datetime.date:
        day = sent + datetime.timedelta(days=int(rng.integers(low, high + 1)))
        return min(day, limit) if limit else day

    # The NGO whose shelter takes in a victim of another organisation's case.
    sheltered: set[int] = set()
    for case, shelter_org, admitted, discharged in ShelterStay.objects.order_by("pk").values_list(
        "case_id", "shelter__organisation_id", "admitted_on", "discharged_on"
    ):
        sheltered.add(case)
        if shelter_org == cases[case].organisation or admitted is None:
            continue
        sent = stage_on.get((case, "reception"), admitted)
        yield Planned(case, shelter_org, "referral_shelter", sent, answer(sent, admitted), discharged)
    hosts = set(figures["referral_return_assistance"]["host_countries"])
    for rep in reps.values():
        row = cases[rep.case_id]
        # The department of the person's province assesses the family of an NGO's case.
        requested = rep.done.get("family_tracing_requested")
        if requested and kinds.get(row.organisation) not in GOVERNMENT:
            to = departments.get(row.province or 0, national)
            assessed = rep.done.get("family_assessed")
            yield Planned(rep.case_id, to, "referral_family_assessment", requested, answer(requested, assessed),
                          assessed)  # fmt: skip
        started = stage_on.get((rep.case_id, "repatriation"))
        handover = rep.done.get("handover")
        if rep.host in hosts and started and row.organisation != iom:
            yield Planned(rep.case_id, iom, "referral_return_assistance", started, answer(started, handover),
                          handover)  # fmt: skip
    share = float(figures["referral_vocational_training"]["share"])
    declined = float(figures["referral_vocational_training"]["declined_share"])
    for case, row in cases.items():
        begun = stage_on.get((case, "pre_integration"))
        if begun is None or case in sheltered or kinds.get(row.organisation) not in GOVERNMENT:
            continue
        if rng.random() >= share:
            continue
        first = int(rng.integers(len(ngos)))
        ended = stage_on.get((case, "integration"))
        if rng.random() < declined:
            # The first NGO has no place; the other is asked on the day of the answer.
            refused = answer(begun, ended)
            yield Planned(
                case, ngos[first], "referral_vocational_training", begun, refused, None, declined=True
            )
            first = (first + 1) % len(ngos)
            yield Planned(case, ngos[first], "referral_vocational_training", refused, answer(refused, ended), ended,
                          resent=True)  # fmt: skip
            continue
        yield Planned(case, ngos[first], "referral_vocational_training", begun, answer(begun, ended), ended)


def _write(
    ctx: Context, rng: np.random.Generator, figures: dict[str, Any], reference: datetime.date,
    cases: dict[int, CaseRow], reps: dict[int, RepatriationDates], planned: list[Planned],
    kinds: dict[int, str], workers: dict[int, int],
) -> None:  # fmt: skip
    consent_id, referral_id = bulk.next_id(Consent), bulk.next_id(Referral)
    consents: list[dict[str, Any]] = []

    def consent(case: int, scope: str, day: datetime.date, minute: int, by: int, kind: str = "") -> int:
        row = cases[case]
        child = row.birth_year is not None and day.year - row.birth_year < CHILD_UNDER
        at = _at(day, 8, minute)
        consents.append({
            "id": consent_id + len(consents), "person_id": row.person, "scope": scope, "organisation_kind": kind,
            "given": True, "form": ConsentForm.THUMBPRINT if row.illiterate else ConsentForm.WRITTEN,
            "by_guardian": child, "given_at": at, "recorded_by_id": by, "recorded_at": at,
        })  # fmt: skip
        return int(consents[-1]["id"])

    for case, row in cases.items():
        consent(case, ConsentScope.SERVICES, row.opened, 0, row.caseworker)
    for rep in reps.values():
        row = cases[rep.case_id]
        if row.abroad:
            consent(rep.case_id, ConsentScope.SHARING_ABROAD, row.opened, 10, row.caseworker)
    # One consent per person and kind of organisation, given on the day of the first referral
    # to that kind (the planned referrals are in the order they were sent).
    standing: dict[tuple[int, str], int] = {}
    referrals: list[dict[str, Any]] = []
    texts = {name: figures[name] for name in {p.route for p in planned}}
    for p in planned:
        if p.sent > reference:
            continue
        row = cases[p.case]
        kind = kinds[p.to]
        key = (row.person, kind)
        if key not in standing:
            standing[key] = consent(p.case, ConsentScope.REFERRAL, p.sent, 30, row.caseworker, kind)
        # Same-day moves keep their order: sent in the morning (a second try after the refusal
        # at 11:30), answered at 14:00, completed at 16:00.
        sent_at = (
            _at(p.sent, 12, int(rng.integers(0, 60)))
            if p.resent
            else _at(p.sent, 9, int(rng.integers(0, 120)))
        )
        status, answered_at, closed_at, note = ReferralStatus.SENT, None, None, ""
        if p.answered <= reference and p.declined:
            status, answered_at = ReferralStatus.DECLINED, _at(p.answered, 11, 30)
            note = texts[p.route]["decline_note"]
        elif p.answered <= reference:
            status, answered_at = ReferralStatus.ACCEPTED, _at(p.answered, 14)
            if p.completed is not None and p.completed <= reference:
                status, closed_at = ReferralStatus.COMPLETED, _at(p.completed, 16)
        receiver = workers[p.to]
        referrals.append({
            "id": referral_id + len(referrals), "case_id": p.case, "kind": ReferralKind.REFERRAL,
            "from_organisation_id": row.organisation, "to_organisation_id": p.to, "reason": texts[p.route]["reason"],
            "services": texts[p.route]["services"], "status": status, "sent_at": sent_at,
            "sent_by_id": row.caseworker, "answered_at": answered_at, "answered_by_id": receiver if answered_at else None,
            "closed_at": closed_at, "closed_by_id": receiver if closed_at else None, "consent_id": standing[key], "note": note,
            "created_at": sent_at, "updated_at": closed_at or answered_at or sent_at,
        })  # fmt: skip
    for model, rows in ((Consent, consents), (Referral, referrals)):
        for _ in bulk.write_batches(model, rows, batch=ctx.batch, detail=ctx.detail()):
            pass
        ctx.written.append(model)
