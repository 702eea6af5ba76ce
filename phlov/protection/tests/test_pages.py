from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.protection.models import Case, Screening
from phlov.protection.stages import Stage
from phlov.protection.tests.helpers import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client: Any) -> None:
    client.cookies["phlov_language"] = "en"


def test_index_lists_my_cases(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    worker = make_user("caseworker")
    make_case(make_person(organisation, given_name_latin="Dara"), caseworker=worker)
    login(client, worker)
    html = client.get(reverse("protection:index")).content.decode()
    assert "Dara" in html


def test_screen_then_open_case(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    worker = make_user("caseworker")
    person = make_person(organisation, estimated_age=14)
    login(client, worker)
    response = client.post(
        reverse("protection:screen", args=[person.pk]),
        {"screened_on": "2024-03-01", "acts": ["recruitment"], "purposes": ["forced_labour"]},
    )
    screening = Screening.objects.get()
    assert response.status_code == 302 and screening.proposed_outcome == "presumed_victim"
    html = client.get(reverse("protection:screening", args=[screening.pk])).content.decode()
    assert "means are irrelevant" in html
    response = client.post(
        reverse("protection:open", args=[person.pk]) + f"?screening={screening.pk}",
        {
            "exploitation_forms": ["kh_ForcedCriminalityScam"],
            "recruited_by": ["broker"],
            "departure": "voluntary",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and case.exploitation_forms == ["kh_ForcedCriminalityScam"]
    screening.refresh_from_db()
    assert screening.case == case
    html = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "forced criminality in scam compounds" in html


def test_forbidden_transition_shows_message(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker)
    login(client, worker)
    response = client.post(
        reverse("protection:transition", args=[case.pk]), {"to_stage": Stage.FOLLOW_UP}, follow=True
    )
    assert "cannot move from" in response.content.decode()
    client.post(reverse("protection:transition", args=[case.pk]), {"to_stage": Stage.RECOVERY})
    case.refresh_from_db()
    assert case.stage == Stage.RECOVERY


def test_other_organisation_gets_404(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other", name_km="ផ្សេង")
    case = make_case(make_person(organisation))
    login(client, make_user("supervisor", org=other))
    assert client.get(reverse("protection:case", args=[case.pk])).status_code == 404
    assert (
        client.post(reverse("protection:transition", args=[case.pk]), {"to_stage": "recovery"}).status_code
        == 404
    )


def test_role_without_case_permission_is_refused(client: Any, make_user: Any, login: Any) -> None:
    login(client, make_user("labour_officer"))
    assert client.get(reverse("protection:index")).status_code == 404


def test_hidden_fields_not_shown_to_shelter_staff_policy(organisation: Any, make_user: Any) -> None:
    from phlov.protection.policies import CasePolicy

    assert "narrative" not in CasePolicy().hidden_fields(make_user("caseworker"))
    assert {"narrative", "sexual_exploitation_details"} <= CasePolicy().hidden_fields(
        make_user("shelter_staff")
    )


def test_record_visit_page(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    worker = make_user("caseworker")
    case = make_case(make_person(organisation), caseworker=worker, stage=Stage.FOLLOW_UP)
    login(client, worker)
    response = client.post(
        reverse("protection:visit_add", args=[case.pk]),
        {"visited_on": "2024-02-01", "safety": "good", "housing": "fair", "schooling": "unknown",
         "wellbeing": "good", "retrafficking_risk": "low", "monthly_income": "45", "cost_food": "30",
         "cost_rent": "15", "cost_family_support": "10", "sector": "garment"},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(reverse("protection:case", args=[case.pk])).content.decode()
    assert "does not cover life" in html


def test_case_list_is_paged_newest_first(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    from phlov.protection.views import CASE_PAGE

    worker = make_user("caseworker")
    cases = [
        make_case(make_person(organisation, given_name_latin=f"Person{n:02d}")) for n in range(CASE_PAGE + 3)
    ]
    login(client, worker)
    first_page = client.get(reverse("protection:index")).content.decode()
    second_page = client.get(reverse("protection:index"), {"page": 2}).content.decode()
    newest, oldest = cases[-1].person.display_name, cases[0].person.display_name
    assert newest in first_page and oldest not in first_page
    assert oldest in second_page and newest not in second_page
    assert 'rel="next"' in first_page and 'rel="prev"' in second_page and 'rel="next"' not in second_page
    shown = sum(html.count('href="/protection/cases/') for html in (first_page, second_page))
    assert shown == len(cases)
    # Nonsense in the page number shows the first page, never an error.
    assert newest in client.get(reverse("protection:index"), {"page": "x"}).content.decode()


def test_opening_a_case_is_written_to_the_audit_trail_and_a_refused_one_is_not(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    from phlov.audit.models import AuditEvent

    worker = make_user("caseworker")
    case = make_case(make_person(organisation))
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Elsewhere", name_km="កន្លែងផ្សេង")
    hidden = make_case(make_person(other))
    login(client, worker)
    assert client.get(reverse("protection:case", args=[case.pk])).status_code == 200
    assert client.get(reverse("protection:case", args=[hidden.pk])).status_code == 404
    views = AuditEvent.objects.filter(action="view", object_type="protection.case")
    assert [(e.object_id, e.actor_id) for e in views] == [(str(case.pk), worker.pk)]


def test_a_person_read_to_open_a_screening_is_audited_once(
    client: Any, organisation: Any, make_user: Any, make_person: Any, login: Any
) -> None:
    from phlov.audit.models import AuditEvent

    person = make_person(organisation)
    login(client, make_user("caseworker"))
    assert client.get(reverse("protection:screen", args=[person.pk])).status_code == 200
    views = AuditEvent.objects.filter(action="view", object_type="people.person", object_id=str(person.pk))
    assert views.count() == 1
