"""Imports in the background: the job, its progress (row and file), its page polled by htmx,
the report, registration after a clean check, and who may see a job."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from phlov.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from phlov.audit.models import AuditEvent
from phlov.people import import_jobs
from phlov.people.import_writing import id_ranges
from phlov.people.models import ImportJob, ImportState, Person
from phlov.people.tests.helpers import sign_in
from phlov.people.tests.test_import import good_rows, write_csv

HX = {"HX-Request": "true"}


def _organisation(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


def _client(user: User, language: str = "en") -> Client:
    client = Client()
    client.cookies["phlov_language"] = language
    return sign_in(client, user)


def _upload_and_check(client: Client, path: Path) -> ImportJob:
    with path.open("rb") as upload:
        response = client.post(reverse("people:import"), {"file": upload})
    assert response.status_code == 302 and response["Location"] == reverse("people:import-mapping")
    page = client.get(reverse("people:import-mapping")).content.decode()
    assert 'value="family_name_latin" selected' in page
    headers = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    form = {f"column_{i}": value for i, value in enumerate(_suggested(headers))}
    response = client.post(reverse("people:import-mapping"), form)
    return import_jobs.wait(ImportJob(pk=_job_started_by(response)), timeout=120)


def _job_started_by(response: Any) -> int:
    """The job a page redirected to, read from the address: reading the table instead, while
    the job's thread claims its row, is refused by SQLite's shared in-memory test database
    ("table is locked"), which has no busy timeout."""

    assert response.status_code == 302
    match = resolve(response["Location"])
    assert match.url_name == "import-job"
    return int(match.kwargs["pk"])


def _suggested(headers: list[str]) -> list[str]:
    from phlov.people.importing import suggest_mapping

    mapping = suggest_mapping(headers)
    return [mapping.get(h, "") for h in headers]


@pytest.mark.django_db
def test_a_check_then_the_registration_from_the_pages(
    make_user: Callable[..., User], tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    user = make_user("caseworker")
    client = _client(user)
    job = _upload_and_check(client, write_csv(tmp_path, good_rows()))
    assert (job.state, job.dry_run, job.started_by, job.organisation) == (
        "queued",
        True,
        user,
        user.organisation,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="people.importjob", object_id=str(job.pk)
    ).exists()

    # Before the worker has run (the test's transaction is never committed, so no thread started).
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page and "Waiting to start" in page

    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.rows, job.valid, job.error_count, job.committed) == ("done", 3, 3, 0, False)
    assert Person.objects.count() == 0
    fragment = client.get(reverse("people:import-job", args=[job.pk]), headers=HX).content.decode()
    assert fragment.lstrip().startswith('<section id="import-job"') and "<html" not in fragment
    assert "every 1s" not in fragment, "a finished job is still polled"
    assert "3 rows: 3 valid, 0 with errors, 0 likely duplicates." in fragment
    assert "Register the 3 people" in fragment
    assert not import_jobs.progress_file(job).exists()

    response = client.post(reverse("people:import-register", args=[job.pk]))
    registration = ImportJob.objects.latest("pk")
    assert registration.pk != job.pk and not registration.dry_run
    assert response["Location"] == reverse("people:import-job", args=[registration.pk])
    import_jobs.run_job(registration.pk)
    registration.refresh_from_db()
    assert (registration.state, registration.committed, registration.created) == ("done", True, 3)
    assert Person.objects.count() == 3
    done = client.get(reverse("people:import-job", args=[registration.pk])).content.decode()
    assert "3 people were registered; 0 likely duplicates were left out." in done
    assert list((tmp_path / "var" / "imports").iterdir()) == []  # the upload is not kept
    assert client.get(reverse("people:import-mapping")).status_code == 302
    batch = AuditEvent.objects.get(action="create", object_type="people.person")
    assert batch.detail["job"] == registration.pk and batch.detail["people"] == 3
    # A check cannot be registered twice: its file is gone.
    again = client.post(reverse("people:import-register", args=[job.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("people:import")
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_a_file_with_errors_is_reported_and_cannot_be_registered(
    make_user: Callable[..., User], tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    client = _client(make_user("caseworker"))
    job = _upload_and_check(client, write_csv(tmp_path, [*good_rows(), "Meas,Thida,,,X,2090-01-01,,,,"]))
    import_jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.rejected and job.error_count == 2
    assert {(e["row"], e["column"]) for e in job.report["errors"]} == {(5, "Sex"), (5, "Date of birth")}
    page = client.get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert "The file cannot be imported until every error is corrected" in page
    assert "Register the" not in page
    assert client.post(reverse("people:import-register", args=[job.pk])).status_code == 404
    assert Person.objects.count() == 0 and ImportJob.objects.count() == 1


@pytest.mark.django_db
def test_a_job_is_seen_by_whoever_started_it_alone(
    make_user: Callable[..., User], tmp_path: Path, settings: Any
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    owner = make_user("caseworker")
    job = _upload_and_check(_client(owner), write_csv(tmp_path, good_rows()))
    colleague = _client(make_user("caseworker"))
    assert colleague.get(reverse("people:import-job", args=[job.pk])).status_code == 404
    assert colleague.post(reverse("people:import-register", args=[job.pk])).status_code == 404
    assert _client(make_user("analyst")).get(reverse("people:import-job", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_progress_is_read_from_the_file_while_the_job_runs(
    make_user: Callable[..., User], tmp_path: Path
) -> None:
    user = make_user("caseworker")
    path = write_csv(tmp_path, good_rows())
    job = ImportJob.objects.create(
        organisation=_organisation(user),
        started_by=user,
        file_name="people.csv",
        path=str(path),
        state="running",
    )
    reporter = import_jobs._Reporter(job)
    reporter("validate", 40, 100)
    job.refresh_from_db()
    assert (job.stage, job.done, job.total) == ("validate", 40, 100)  # no transaction open: the row too
    from django.db import transaction

    with transaction.atomic():
        reporter("write", 25, 50)
    job.refresh_from_db()
    assert (job.stage, job.done) == ("validate", 40)  # inside the transaction: the file only
    live = import_jobs.live_progress(job)
    assert (live["stage"], live["done"], live["total"], live["percent"], live["stalled"]) == (
        "write",
        25,
        50,
        50,
        False,
    )
    assert live["stage_label"] == "registering the people"
    page = _client(user).get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert '<progress id="import-progress" value="25" max="50">50%</progress>' in page
    assert "Registering the people" in page and "25 of 50 (50%)" in page

    # A job whose progress has not moved for long is shown as interrupted, and no longer polled.
    import_jobs.progress_file(job).unlink()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    job.refresh_from_db()
    assert import_jobs.live_progress(job)["stalled"]
    page = _client(user).get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert "This import stopped before it finished" in page and "every 1s" not in page


@pytest.mark.django_db
def test_the_pages_in_khmer(make_user: Callable[..., User], tmp_path: Path) -> None:
    user = make_user("caseworker")
    job = ImportJob.objects.create(
        organisation=_organisation(user),
        started_by=user,
        file_name="people.csv",
        path=str(tmp_path / "x.csv"),
        state="running",
        stage="validate",
        done=3,
        total=12,
    )
    english = _client(user, "en").get(reverse("people:import-job", args=[job.pk])).content.decode()
    khmer = _client(user, "km").get(reverse("people:import-job", args=[job.pk])).content.decode()
    assert "Checking the rows" in english and "Checking the rows" not in khmer
    assert '<progress id="import-progress" value="3" max="12">25%</progress>' in khmer
    assert "Checking the file" not in khmer and "ពិនិត្យ" in khmer


def test_id_ranges() -> None:
    assert id_ranges([9, 1, 2, 3, 7, 10]) == [[1, 3], [7, 7], [9, 10]]
    assert id_ranges([]) == []


# --- the real background thread -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_import_runs_in_a_background_thread(tmp_path: Path, settings: Any) -> None:
    """The request returns before the import is done; a thread of its own, with its own
    connection, checks the file and then registers it (a flushed database: no roles, no places)."""

    from phlov.accounts.roles import sync_roles

    settings.VAR_DIR = tmp_path / "var"
    sync_roles(Role)
    organisation = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Background NGO")
    user = User.objects.create_user(username="importer", organisation=organisation)
    RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="caseworker"), organisation=organisation
    )
    rows = ["សុខ,ស្រីមុំ,Sok,Srey Mom,F,1995-04-01,,012 345 678,010123456,", "ចាន់,សុភាព,Chan,Sopheap,F,,,,,"]
    client = _client(user)
    job = _upload_and_check(client, write_csv(tmp_path, rows))
    job = import_jobs.wait(job, timeout=120)
    assert (job.state, job.rows, job.valid, job.committed) == ("done", 2, 2, False), job.failure
    response = client.post(reverse("people:import-register", args=[job.pk]))
    registration = import_jobs.wait(ImportJob(pk=_job_started_by(response)), timeout=120)
    assert (registration.state, registration.created, registration.committed) == ("done", 2, True)
    assert set(Person.objects.values_list("family_name_latin", flat=True)) == {"Sok", "Chan"}
    assert ImportJob.objects.filter(state=ImportState.DONE).count() == 2
