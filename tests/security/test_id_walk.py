"""No object is reachable by id outside the user's scope.

The test walks every URL pattern that takes an id and asks for objects of another
organisation as a user of every role, by GET and by POST. Each must answer 404 (405 where the
method is refused before anything is looked up). A new URL with an id fails this test until it
is given an object factory below, so new views are closed by default here too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.files.models import StoredFile
from phlov.notifications.models import Notification
from phlov.people.models import Person, PersonName

pytestmark = pytest.mark.django_db

# Reference data every signed-in user may read: no owner, nothing personal.
REFERENCE_DATA = {"places:detail", "v1:place-detail"}


def _id_routes(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin is for system administrators and has its own checks
            yield from _id_routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.pattern.regex.groupindex:
            yield (f"{namespace}:{entry.name}" if namespace else str(entry.name)), entry


def _stranger_person(stranger: Organisation) -> Person:
    person = Person.objects.create(organisation=stranger, family_name_latin="Chan", given_name_latin="Dara")
    PersonName.objects.create(person=person, script="latin", family="Chan", given="Darah", kind="spelling")
    return person


def _linkage_pair(person: Person) -> Any:
    from phlov.linkage.models import CandidatePair, LinkageRun, PairStatus

    other = Person.objects.create(
        organisation=person.organisation, family_name_latin="Chann", given_name_latin="Dara"
    )
    run = LinkageRun.objects.create(
        engine="duckdb", model_version="test", match_threshold=0.9, review_threshold=0.5
    )
    return CandidatePair.objects.create(
        run=run,
        person_a=person,
        person_b=other,
        match_probability=0.7,
        match_weight=2.0,
        explanation=[],
        status=PairStatus.PENDING,
    )


def _merge(person: Person, owner: User) -> Any:
    from phlov.linkage.models import Merge

    duplicate = Person.objects.create(
        organisation=person.organisation, family_name_latin="Chan", given_name_latin="D."
    )
    return Merge.objects.create(
        survivor=person, duplicate=duplicate, merged_by=owner, reason="test", changes={}
    )


def _held_export(owner: User) -> Any:
    import datetime

    from django.utils import timezone

    from phlov.files.models import ExportDownload

    return ExportDownload.objects.create(
        user=owner,
        filename="people.zip",
        media_type="application/zip",
        content=b"x",
        expires_at=timezone.now() + datetime.timedelta(minutes=15),
    )


def _case(stranger: Organisation) -> Any:
    from phlov.protection.tests.helpers import make_case

    return make_case(_stranger_person(stranger))


def _screening(stranger: Organisation, stranger_user: User) -> Any:
    import datetime

    from phlov.protection.models import Screening

    return Screening.objects.create(
        organisation=stranger,
        person=_stranger_person(stranger),
        screened_on=datetime.date(2025, 1, 1),
        screened_by=stranger_user,
        proposed_outcome="undetermined",
        proposal_reasons=[],
        outcome="undetermined",
    )


def _visit(stranger: Organisation) -> dict[str, Any]:
    import datetime

    from phlov.protection.models import FollowUpVisit

    case = _case(stranger)
    return {
        "pk": case.pk,
        "visit_pk": FollowUpVisit.objects.create(case=case, due_on=datetime.date(2025, 2, 1)).pk,
    }


def _stage_change(stranger: Organisation, stranger_user: User) -> Any:
    from django.utils import timezone

    from phlov.protection.models import StageChange

    return StageChange.objects.create(
        case=_case(stranger),
        from_stage="integration",
        to_stage="closed",
        status="pending",
        requested_by=stranger_user,
        requested_at=timezone.now(),
    )


def _job_order() -> Any:
    # An agency licensed under another ministry, with a job order drafted by that ministry's officer.
    from phlov.migration.tests import helpers

    other_ministry = Organisation.objects.create(
        kind=OrganisationKind.MINISTRY, name_en="Walk other ministry"
    )
    inspector = helpers.user_with("agency_inspector", other_ministry)
    agency = helpers.make_agency(inspector, other_ministry, licence=f"WALK-{Organisation.objects.count()}")
    return helpers.make_job_order(helpers.user_with("labour_officer", other_ministry), agency)


def _app_factories(stranger: Organisation, stranger_user: User) -> dict[str, Callable[[], dict[str, Any]]]:
    """Factories an app keeps beside its own tests, in ``<app>/tests/id_factories.py``.

    Such a module defines ``factories(stranger, stranger_user)`` returning the same mapping as
    below, so each domain app covers its own URLs without everyone editing this file.
    """

    found: dict[str, Callable[[], dict[str, Any]]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("phlov."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.id_factories")
        except ModuleNotFoundError as missing:
            if missing.name and missing.name.startswith(config.name):
                continue
            raise
        found.update(module.factories(stranger, stranger_user))
    return found


def _factories(stranger: Organisation, stranger_user: User) -> dict[str, Callable[[], dict[str, Any]]]:
    """URL name -> a function making an out-of-scope object and returning the URL's kwargs."""

    def case() -> dict[str, Any]:
        return {"pk": _case(stranger).pk}

    def person_pk() -> dict[str, Any]:
        return {"person_pk": _stranger_person(stranger).pk}

    def person() -> dict[str, Any]:
        return {"pk": _stranger_person(stranger).pk}

    def part() -> dict[str, Any]:
        target = _stranger_person(stranger)
        return {"pk": target.pk, "part": "names", "part_pk": target.names.first().pk}  # type: ignore[union-attr]

    def stored_file() -> dict[str, Any]:
        from django.contrib.contenttypes.models import ContentType

        target = _stranger_person(stranger)
        stored = StoredFile.objects.create(
            owner_type=ContentType.objects.get_for_model(Person),
            owner_id=str(target.pk),
            original_name="passport.pdf",
            media_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
        return {"file_id": stored.pk}

    def notification() -> dict[str, Any]:
        return {"pk": Notification.objects.create(recipient=stranger_user, subject="private").pk}

    return {
        **_app_factories(stranger, stranger_user),
        "people:detail": person,
        "people:edit": person,
        "people:add-name": person,
        "people:add-document": person,
        "people:add-phone": person,
        "people:remove-part": part,
        "v1:people-detail": person,
        "files:download": stored_file,
        "files:export-download": lambda: {"download_id": _held_export(stranger_user).pk},
        "notifications:acknowledge": notification,
        "linkage:pair": lambda: {"pk": _linkage_pair(_stranger_person(stranger)).pk},
        "linkage:decide": lambda: {"pk": _linkage_pair(_stranger_person(stranger)).pk},
        "linkage:undo": lambda: {"pk": _merge(_stranger_person(stranger), stranger_user).pk},
        "protection:screen": person_pk,
        "protection:open": person_pk,
        "protection:screening": lambda: {"pk": _screening(stranger, stranger_user).pk},
        "v1:protection-screening-detail": lambda: {"pk": _screening(stranger, stranger_user).pk},
        "protection:case": case,
        "protection:edit": case,
        "protection:transition": case,
        "protection:event_add": case,
        "protection:visit_add": case,
        "protection:visit": lambda: _visit(stranger),
        "protection:decide": lambda: {"pk": _stage_change(stranger, stranger_user).pk},
        "v1:protection-case-detail": case,
        "v1:protection-case-stage": case,
        "migration:job_order": lambda: {"pk": _job_order().pk},
        "migration:job_order_action": lambda: {"pk": _job_order().pk, "action": "approve"},
        "v1:migration-job-orders-detail": lambda: {"pk": _job_order().pk},
        "v1:migration-job-orders-findings": lambda: {"pk": _job_order().pk},
        "v1:migration-agencies-detail": lambda: {"pk": _job_order().agency.pk},
    }


def test_every_url_with_an_id_is_covered() -> None:
    names = {name for name, _ in _id_routes(get_resolver().url_patterns)}
    stranger = Organisation(kind=OrganisationKind.NGO, name_en="x")
    known = set(_factories(stranger, User(username="x"))) | REFERENCE_DATA
    assert names - known == set(), "give these URLs an out-of-scope object factory in this test"


ROLES = (
    "caseworker",
    "supervisor",
    "shelter_staff",
    "labour_officer",
    "agency_inspector",
    "complaints_officer",
    "police_liaison",
    "analyst",
    "agency_staff",
    "org_admin",
    "system_admin",
    "auditor",
)


@pytest.mark.parametrize("role", ROLES)
def test_objects_of_another_organisation_are_not_found(role: str, login: Callable[..., Any]) -> None:
    home = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Walk home NGO")
    stranger = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Walk stranger NGO")
    stranger_user = User.objects.create_user(username="walk.stranger", organisation=stranger)
    user = User.objects.create_user(username=f"walk.{role}", organisation=home)
    RoleAssignment.objects.create(user=user, role=Role.objects.get(code=role), organisation=home)
    client = login(Client(), user)
    factories = _factories(stranger, stranger_user)
    for name, _pattern in _id_routes(get_resolver().url_patterns):
        if name in REFERENCE_DATA:
            continue
        url = reverse(name, kwargs=factories[name]())
        for method in ("get", "post"):
            status = getattr(client, method)(url).status_code
            assert status in {404, 405} or (url.startswith("/api/") and status == 403), (
                f"{role} {method.upper()} {url} answered {status}"
            )
