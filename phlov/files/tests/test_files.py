"""Uploads are checked by content, encrypted at rest, and served only through the policy;
exports of personal data are encrypted, signed with the exporter, and audited."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msoffcrypto
import pytest
import pyzipper
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from phlov.accounts.models import Organisation, OrganisationKind, User
from phlov.audit.models import AuditEvent
from phlov.files.exports import export_personal_data
from phlov.files.models import StoredFile
from phlov.files.services import _path, store_file

pytestmark = pytest.mark.django_db

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/MediaBox[0 0 10 10]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def person(organisation: Organisation, make_person: Callable[..., Any]) -> Any:
    return make_person(organisation)


def test_a_photo_is_stored_encrypted_and_read_back_through_the_policy(
    person: Any,
    make_user: Callable[..., User],
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    caseworker = make_user("caseworker")
    data = png_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        stored = store_file(actor=caseworker, owner=person, name="face.png", data=data)
    on_disk = _path(stored).read_bytes()
    assert data not in on_disk and b"PNG" not in on_disk  # encrypted at rest
    client = login(Client(), caseworker)
    response = client.get(f"/files/{stored.pk}/")
    assert response.status_code == 200 and response.content == data
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="view", object_type="files.storedfile", object_id=str(stored.pk)
    ).exists()


def test_a_file_of_a_record_out_of_scope_is_not_found(
    person: Any,
    make_user: Callable[..., User],
    login: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        stored = store_file(actor=make_user("caseworker"), owner=person, name="id.pdf", data=MINIMAL_PDF)
    other = Organisation.objects.create(kind=OrganisationKind.NGO, name_en="Other NGO")
    for outsider in (make_user("caseworker", org=other), make_user("analyst")):
        assert login(Client(), outsider).get(f"/files/{stored.pk}/").status_code == 404
    assert (
        login(Client(), make_user("caseworker"))
        .get("/files/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("script.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Only PDF documents"),
        ("photo.jpg", png_bytes(), "does not match its content"),
        (
            "evil.pdf",
            MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</JS(app.alert(1))>>"),
            "scripts",
        ),
        ("empty.pdf", b"", "empty"),
        ("broken.png", png_bytes()[:40], "damaged"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_reason(
    person: Any, make_user: Callable[..., User], name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        store_file(actor=make_user("caseworker"), owner=person, name=name, data=data)
    assert StoredFile.objects.count() == 0


def test_uploads_over_the_limit_are_refused(
    person: Any, make_user: Callable[..., User], settings: Any
) -> None:
    settings.PHLOV_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="limit"):
        store_file(actor=make_user("caseworker"), owner=person, name="id.pdf", data=MINIMAL_PDF)


def test_only_those_who_may_change_the_record_upload(person: Any, make_user: Callable[..., User]) -> None:
    with pytest.raises(PermissionDenied):
        store_file(actor=make_user("shelter_staff"), owner=person, name="id.pdf", data=MINIMAL_PDF)


def test_a_personal_data_export_is_an_encrypted_zip_signed_and_audited(
    make_user: Callable[..., User],
) -> None:
    exporter = make_user("caseworker")
    export = export_personal_data(
        actor=exporter,
        name="people",
        columns=["id", "name"],
        rows=[[1, "សុខ ចាន់ណា"], [2, "Keo Sreymom"]],
        object_type="people.person",
    )
    assert export.filename.endswith(".zip") and len(export.password) >= 20
    with zipfile.ZipFile(io.BytesIO(export.content)) as plain, pytest.raises(RuntimeError):
        plain.read(plain.namelist()[0])  # the archive is useless without the password
    with pyzipper.AESZipFile(io.BytesIO(export.content)) as archive:
        archive.setpassword(export.password.encode())
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    assert text.splitlines()[0].startswith(f"Exported from Phlov by {exporter.username}")
    assert "សុខ ចាន់ណា" in text
    event = AuditEvent.objects.get(action="export")
    assert event.detail["rows"] == 2 and event.object_type == "people.person"


def test_a_personal_data_export_as_xlsx_needs_its_password(make_user: Callable[..., User]) -> None:
    export = export_personal_data(
        actor=make_user("caseworker"), name="people", columns=["id", "name"], rows=[[1, "Sok"]], fmt="xlsx"
    )
    with pytest.raises(Exception):  # noqa: B017 - openpyxl cannot open an encrypted file
        load_workbook(io.BytesIO(export.content))
    office = msoffcrypto.OfficeFile(io.BytesIO(export.content))
    office.load_key(password=export.password)
    plain = io.BytesIO()
    office.decrypt(plain)
    sheet = load_workbook(plain).active
    assert sheet["A1"].value.startswith("Exported from Phlov by")
    assert [c.value for c in sheet[3]] == [1, "Sok"]
