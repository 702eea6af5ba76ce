"""Out-of-scope objects for ``tests/security/test_id_walk.py``: each factory makes an object of
the ``stranger`` organisation and returns the URL's kwargs (shared by the helpers of this app)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone


def _person(stranger: Any) -> Any:
    from phlov.people.models import Person

    return Person.objects.create(organisation=stranger, family_name_latin="Chan", given_name_latin="Dara")


def _case(stranger: Any) -> Any:
    from phlov.protection.tests.helpers import make_case

    return make_case(_person(stranger), identified_abroad=True)


def _repatriation(stranger: Any) -> Any:
    from phlov.places.models import Place
    from phlov.protection.models import Repatriation, RepatriationStep

    rep = Repatriation.objects.create(
        case=_case(stranger), procedure="th_mou_2014_sop_2019", identified_on=datetime.date(2025, 1, 1),
        host_country=Place.objects.get(kind="country", code="TH"),
    )  # fmt: skip
    RepatriationStep.objects.create(repatriation=rep, code="case_documented", order=1)
    return rep


def _shelter(stranger: Any) -> Any:
    from phlov.protection.models import Shelter

    return Shelter.objects.create(organisation=stranger, name_en=f"Walk shelter {stranger.pk}", capacity=10)


def _stay(stranger: Any, user: Any) -> Any:
    from phlov.protection.models import ShelterStay

    return ShelterStay.objects.create(
        shelter=_shelter(stranger),
        case=_case(stranger),
        requested_on=datetime.date(2025, 1, 1),
        requested_by=user,
    )


def _referral(stranger: Any, user: Any) -> Any:
    from phlov.accounts.models import Organisation, OrganisationKind
    from phlov.protection.models import Referral

    other = Organisation.objects.create(
        kind=OrganisationKind.IGO, name_en=f"Walk IGO {Organisation.objects.count()}"
    )
    return Referral.objects.create(
        case=_case(stranger),
        from_organisation=stranger,
        to_organisation=other,
        sent_at=timezone.now(),
        sent_by=user,
    )


def _need(stranger: Any, user: Any) -> dict[str, Any]:
    from phlov.protection.models import FamilyNeed

    case = _case(stranger)
    need = FamilyNeed.objects.create(
        case=case, need="debt", assessed_on=datetime.date(2025, 1, 1), recorded_by=user
    )
    return {"pk": case.pk, "need_pk": need.pk}


def _alert(stranger: Any) -> Any:
    from phlov.protection.models import RetraffickingAlert
    from phlov.protection.tests.helpers import make_case

    person = _person(stranger)
    earlier = make_case(person, stage="closed", closed_on=datetime.date(2024, 6, 1))
    later = make_case(person, opened_on=datetime.date(2025, 1, 1))
    return RetraffickingAlert.objects.create(
        case=later, earlier_case=earlier, source="new_case", raised_at=timezone.now()
    )


def _h3(stranger: Any, user: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    """Repatriation, shelters, referrals, family, re-trafficking."""

    def case() -> dict[str, Any]:
        return {"pk": _case(stranger).pk}

    def repatriation() -> dict[str, Any]:
        return {"pk": _repatriation(stranger).pk}

    def step() -> dict[str, Any]:
        rep = _repatriation(stranger)
        return {"pk": rep.pk, "step_pk": rep.steps.first().pk}

    def shelter() -> dict[str, Any]:
        return {"pk": _shelter(stranger).pk}

    def stay() -> dict[str, Any]:
        return {"pk": _stay(stranger, user).pk}

    def referral() -> dict[str, Any]:
        return {"pk": _referral(stranger, user).pk}

    return {
        "protection:repatriation_start": case,
        "protection:repatriation": repatriation,
        "protection:repatriation_edit": repatriation,
        "protection:repatriation_step": step,
        "protection:shelter": shelter,
        "protection:shelter_edit": shelter,
        "protection:stay_request": case,
        "protection:stay": stay,
        "protection:stay_admit": stay,
        "protection:stay_discharge": stay,
        "protection:stay_review": stay,
        "protection:stay_cancel": stay,
        "protection:referral_add": case,
        "protection:referral": referral,
        "protection:referral_action": lambda: {**referral(), "action": "accept"},
        "protection:family": case,
        "protection:family_need_add": case,
        "protection:family_need_met": lambda: _need(stranger, user),
        "protection:family_support_add": case,
        "protection:retrafficking_decide": lambda: {"pk": _alert(stranger).pk},
        "v1:protection-repatriation-detail": repatriation,
        "v1:protection-shelter-detail": shelter,
        "v1:protection-shelter-stay-detail": stay,
        "v1:protection-referral-detail": referral,
        "v1:protection-referral-move": referral,
    }


def factories(stranger: Any, stranger_user: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    return {**_h3(stranger, stranger_user), **_h4_factories(stranger, stranger_user)}


# --- care plan, training, reintegration, HTCDS -----------------------------------------------


def _h4_case(stranger: Any) -> Any:
    from phlov.people.models import Person
    from phlov.protection.tests.helpers import make_case

    return make_case(
        Person.objects.create(organisation=stranger, family_name_latin="Chan", given_name_latin="Dara")
    )


def _h4_factories(stranger: Any, stranger_user: Any) -> dict[str, Callable[[], dict[str, Any]]]:
    from phlov.protection.models import CareItem, Course, Enrolment, HtcdsImport

    def case() -> dict[str, Any]:
        return {"pk": _h4_case(stranger).pk}

    def care_item() -> dict[str, Any]:
        found = _h4_case(stranger)
        item = CareItem.objects.create(case=found, domain="legal", goal="x", created_by=stranger_user)
        return {"pk": found.pk, "item_pk": item.pk}

    def enrolment() -> dict[str, Any]:
        found = _h4_case(stranger)
        course = Course.objects.create(organisation=stranger, kind="sewing", name="x", places=1,
                                       starts_on=datetime.date(2025, 1, 1))  # fmt: skip
        made = Enrolment.objects.create(case=found, course=course, enrolled_on=datetime.date(2025, 1, 2), wanted=True,
                                        enrolled_by=stranger_user)  # fmt: skip
        return {"pk": found.pk, "enrolment_pk": made.pk}

    def care_item_api() -> dict[str, Any]:
        return {"pk": care_item()["item_pk"]}

    def placement() -> dict[str, Any]:
        from phlov.protection.models import Placement

        made = Placement.objects.create(case=_h4_case(stranger), kind="garment_factory", recorded_by=stranger_user,
                                        starts_on=datetime.date(2025, 1, 1))  # fmt: skip
        return {"pk": made.pk}

    def reintegration() -> dict[str, Any]:
        from phlov.protection.models import Reintegration

        made = Reintegration.objects.create(case=_h4_case(stranger), destination="family", recorded_by=stranger_user,
                                            reintegrated_on=datetime.date(2025, 1, 1))  # fmt: skip
        return {"pk": made.pk}

    def htcds_import() -> dict[str, Any]:
        made = HtcdsImport.objects.create(organisation=stranger, imported_by=stranger_user, imported_at=timezone.now(),
                                          file_name="x.xlsx")  # fmt: skip
        return {"pk": made.pk}

    return {
        "protection:careplan": case,
        "protection:careplan_assess": case,
        "protection:careplan_add": case,
        "protection:careplan_item": care_item,
        "protection:careplan_deliver": care_item,
        "protection:training": case,
        "protection:training_interests": case,
        "protection:training_enrol": case,
        "protection:training_enrolment": enrolment,
        "protection:placement_add": case,
        "protection:reintegration": case,
        "protection:reintegration_add": case,
        "protection:reintegration_support": case,
        "protection:htcds_import": htcds_import,
        "v1:protection-care-item-detail": care_item_api,
        "v1:protection-care-item-deliver": care_item_api,
        "v1:protection-enrolment-detail": lambda: {"pk": enrolment()["enrolment_pk"]},
        "v1:protection-placement-detail": placement,
        "v1:protection-reintegration-detail": reintegration,
    }
