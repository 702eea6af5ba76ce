"""Import from CSV and XLSX: mapping from headers, dry run, all-or-nothing, duplicates, audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from phlov.accounts.models import User
from phlov.audit.models import AuditEvent
from phlov.people import services
from phlov.people.importing import read_table, run_import, suggest_mapping
from phlov.people.models import Person
from phlov.people.tests.helpers import sign_in, village

pytestmark = pytest.mark.django_db

HEADER = "នាមត្រកូល,នាមខ្លួន,Family name (Latin),Given name (Latin),Sex,Date of birth,Village,Phone,National ID,Notes\n"


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8-sig")
    return path


def good_rows() -> list[str]:
    code = village(0).code
    return [
        f"សុខ,ស្រីមុំ,Sok,Srey Mom,F,1995-04-01,{code},012 345 678,010123456,met in Poipet",
        "ចាន់,សុភាព,Chan,Sopheap,ស្រី,31/12/1990,,+66 81 234 5678,,",
        "ហេង,វណ្ណៈ,,,ប្រុស,,,,,",
    ]


def mapping_of(path: Path) -> dict[str, str]:
    headers, _rows, _total = read_table(path)
    return suggest_mapping(headers)


def test_headers_in_english_and_khmer_are_recognised(tmp_path: Path) -> None:
    mapping = mapping_of(write_csv(tmp_path, good_rows()))
    assert mapping == {
        "នាមត្រកូល": "family_name", "នាមខ្លួន": "given_name", "Family name (Latin)": "family_name_latin",
        "Given name (Latin)": "given_name_latin", "Sex": "sex", "Date of birth": "birth_date",
        "Village": "origin_village", "Phone": "phone", "National ID": "national_id", "Notes": "notes",
    }  # fmt: skip
    assert suggest_mapping(["ឈ្មោះ", "ភេទ", "អាយុ", "លេខទូរស័ព្ទ", "ខេត្ត"]) == {
        "ឈ្មោះ": "full_name", "ភេទ": "sex", "អាយុ": "estimated_age", "លេខទូរស័ព្ទ": "phone", "ខេត្ត": "origin_province",
    }  # fmt: skip


def test_dry_run_writes_nothing(make_user: Callable[..., User], tmp_path: Path) -> None:
    path = write_csv(tmp_path, good_rows())
    report = run_import(actor=make_user("caseworker"), path=path, mapping=mapping_of(path), dry_run=True)
    assert (report.total, report.valid, report.errors, report.committed) == (3, 3, [], False)
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action="create").exists()


def test_a_valid_file_creates_people_with_their_audit(make_user: Callable[..., User], tmp_path: Path) -> None:
    user = make_user("caseworker")
    path = write_csv(tmp_path, good_rows())
    report = run_import(actor=user, path=path, mapping=mapping_of(path), dry_run=False)
    assert report.committed and report.created == 3
    sok = Person.objects.get(family_name_latin="Sok")
    assert (sok.family_name_km, sok.given_name_km, sok.sex, sok.birth_year) == ("សុខ", "ស្រីមុំ", "female", 1995)
    assert sok.origin_village == village(0) and sok.origin_province is not None
    assert sok.phones.get().number == "+85512345678" and sok.documents.get().number == "010123456"
    assert Person.objects.get(family_name_km="ហេង").sex == "male"
    from phlov.people.selectors import search_people

    assert search_people(actor=user, query="Heng Vana")[0].person.family_name_km == "ហេង"
    assert search_people(actor=user, query="012345678")[0].person == sok
    events = AuditEvent.objects.filter(action="create")
    # One event for the batch, naming the people it created by their ids (as ranges).
    [batch] = events.filter(object_type="people.person")
    named = {pk for first, last in batch.detail["ids"] for pk in range(first, last + 1)}
    assert named == set(Person.objects.values_list("pk", flat=True))
    assert (batch.detail["people"], batch.detail["documents"], batch.detail["phones"]) == (3, 1, 2)
    assert events.get(object_type="people.import").detail == {
        "rows": 3,
        "created": 3,
        "skipped_duplicates": 0,
    }
    assert "Sok" not in str(list(events.values_list("detail", "changes")))


def test_an_invalid_row_rejects_the_whole_file(make_user: Callable[..., User], tmp_path: Path) -> None:
    rows = [*good_rows(), "Meas,Thida,,,X,2090-01-01,99999999,12,123,", ",,,,F,,,,,"]
    path = write_csv(tmp_path, rows)
    report = run_import(actor=make_user("caseworker"), path=path, mapping=mapping_of(path), dry_run=False)
    assert report.rejected and not report.committed
    assert Person.objects.count() == 0
    problems = {(e.row, e.column) for e in report.errors}
    assert {
        (5, "Sex"),
        (5, "Date of birth"),
        (5, "Village"),
        (5, "Phone"),
        (5, "National ID"),
        (6, ""),
    } <= problems
    assert all(e.message for e in report.errors)


def test_duplicates_against_the_registry_and_within_the_file(
    make_user: Callable[..., User], tmp_path: Path
) -> None:
    user = make_user("caseworker")
    existing = services.create_person(
        actor=user, data={"family_name_latin": "Keo", "given_name_latin": "Dara"}, phones=["099 111 222"]
    )
    rows = [*good_rows(), "កែវ,ដារ៉ា,,,M,,,099111222,,", "Meas,Thida,,,F,2001-01-01,,,010123456,"]
    path = write_csv(tmp_path, rows)
    report = run_import(actor=user, path=path, mapping=mapping_of(path), dry_run=True)
    flags = {(f.row, f.reason, f.person_id, f.other_row) for f in report.duplicates}
    assert (5, "same_phone", existing.pk, None) in flags
    assert (6, "same_document", None, 2) in flags
    report = run_import(actor=user, path=path, mapping=mapping_of(path), dry_run=False)
    assert report.created == 3 and report.skipped == 2
    report = run_import(actor=user, path=write_csv(tmp_path, ["Sok,Srey Mom,,,F,1995-06-01,,,,"], name="b.csv"),
                        mapping=mapping_of(path), dry_run=True)  # fmt: skip
    assert [f.reason for f in report.duplicates] == ["same_name_and_birth_year_or_village"]


def test_xlsx_and_the_command(
    make_user: Callable[..., User], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    user = make_user("caseworker")
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Gender", "Age", "Tel"])
    sheet.append(["Sok Srey Mom", "female", 24, "012345678"])
    sheet.append(["ចាន់ សុភាព", "F", 30.0, None])
    path = tmp_path / "people.xlsx"
    book.save(path)
    call_command("people", "import", str(path), "--actor", user.username, "--dry-run")
    printed = capsys.readouterr()
    assert "2 rows, 2 valid" in printed.out and Person.objects.count() == 0
    # rich's progress bars, one per stage, on the standard error
    assert "checking the rows" in printed.err and "2/2" in printed.err
    call_command(
        "people",
        "import",
        str(path),
        "--actor",
        user.username,
        "--map",
        "Name=full_name",
        "--map",
        "Tel=phone",
        "--map",
        "Age=estimated_age",
    )
    assert Person.objects.count() == 2
    assert Person.objects.get(given_name_km="សុភាព").estimated_age == 30
    bad = write_csv(tmp_path, ["Sok,Dara,,,Q,,,,,"], name="bad.csv")
    with pytest.raises(CommandError, match="rejected"):
        call_command("people", "import", str(bad), "--actor", user.username)
    with pytest.raises(CommandError):
        call_command("people", "import", str(bad), "--actor", make_user("analyst").username)


def test_import_needs_the_permission(make_user: Callable[..., User]) -> None:
    client = sign_in(Client(), make_user("police_liaison"))
    assert client.get(reverse("people:import")).status_code == 404
