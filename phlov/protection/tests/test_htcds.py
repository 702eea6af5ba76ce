"""HTCDS 2.0 exchange against the standard's own files (../shared/standards/htcds-2.0/): a filled
template imports and re-exports without losing any value the standard defines, cell by cell;
values outside the standard's lists are reported and kept."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from phlov.places.models import Place, PlaceKind
from phlov.protection.htcds import columns
from phlov.protection.htcds.exchange import export_workbook, import_workbook
from phlov.protection.models import Case, HtcdsImport
from phlov.protection.stages import Stage

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Data Validation extension")]

STANDARD_DIR = Path("/work/shared/standards/htcds-2.0")
TEMPLATES = [
    "HTCDS_Excel_Spreadsheet_single_select_with_validation_v2.0.xlsx",
    "HTCDS_Excel_Spreadsheet_v2.0.xlsx",
]

# Three people as an NGO would type them into the template: labels from its validation sheet,
# several values joined with ';' (the multi-select template's way), and a few values outside the
# standard's lists (an unknown country, a means of control not in the list, a date that is not one).
ROWS: list[dict[str, Any]] = [
    {
        "cas_CaseOwner": "Caseworker Dara", "prs_Salutation": "Ms", "prs_FirstName": "Sreymom", "prs_SecondName": "Sok",
        "con_Consent": True, "prs_Birthdate": datetime.datetime(1998, 5, 4), "prs_Gender": "Feminine",
        "prs_Citizenship": "KH", "prs_Title": "", "prs_Email": "sreymom@example.org", "prs_MobilePhone": "+85512345678",
        "prs_MailingCity": "Prey Veng", "prs_MailingCountry": "Cambodia", "prs_MailingState": "Prey Veng",
        "prs_MailingStreet": "Village 3", "prs_MailingPostalCode": 14000,
        "vic_TraffickingStatus": "Actual victim of trafficking", "vic_TraffickinStatusDecisionMakingOrg": "NGO",
        "vic_MethodOfRecruitment": "Through family or family events", "vic_LocationOfRecruitment": "Prey Veng",
        "vic_MethodsOfControl": "Debt bondage ; Withholds documents; Takes earnings",
        "vic_TypeOfExploitation": "Forced labour", "vic_ForcedLabourIndustry": "Manufacturing",
        "vic_LocationOfExploitation": "Bangkok", "cas_Status": "Follow up", "cas_ReferringOrganisation": "IOM",
        "cas_IncomingReferralDate": datetime.datetime(2023, 2, 1), "cas_ReasonForIncomingReferral": "Other",
        "cas_IncomingReferralDetails": "Returned through Poipet",
        "cas_ReasonForCaseClosure": "",
    },
    {
        "cas_CaseOwner": "someone.else", "prs_FirstName": "Vanna", "prs_SecondName": "Heng", "con_Consent": False,
        "prs_Birthdate": "about 1990", "prs_Gender": "Masculine", "prs_Citizenship": "XX",
        "vic_TraffickingStatus": "Possible victim of trafficking",
        "vic_MethodsOfControl": "Physical threats; Confiscates phone", "vic_TypeOfExploitation": "Forced labour; Servitude",
        "vic_ForcedLabourIndustry": "Agriculture, forestry and fishing", "cas_Status": "Closed Referred",
        "cas_ReferredOrganisation": "Police", "cas_OutgoingReferralDate": datetime.datetime(2024, 1, 9),
        "cas_OutgoingReferralDetails": "for prosecution", "cas_ReasonForCaseClosure": "Referred to the police",
        "cas_ReasonForOutgoingReferral": "Additional Services Required",
    },
    {
        "prs_FirstName": "Nguyen", "prs_SecondName": "Thi Lan", "prs_Gender": "Non-Conforming",
        "prs_Citizenship": "VN", "vic_TypeOfExploitation": "Sexual exploitation", "vic_TypeOfSexExploitation": "Prostitution",
        "cas_Status": "Active", "vic_MethodOfRecruitment": "Through a television advert; By a neighbour",
    },
]  # fmt: skip


def fill(template: str, folder: Path) -> Path:
    """Copy the standard's template and type the rows into it (row 1 names the columns)."""

    path = folder / f"filled-{template}"
    shutil.copy(STANDARD_DIR / template, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    index = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1) if sheet.cell(1, c).value}
    index["cas_ReasonForOutgoingReferral"] = next(
        c for c in range(1, sheet.max_column + 1) if sheet.cell(2, c).value == "Reason for Outgoing Referral"
    )
    for offset, row in enumerate(ROWS):
        for name, value in row.items():
            if value != "":
                sheet.cell(3 + offset, index[name], value)
    book.save(path)
    return path


def standard_cells(path: Path) -> list[dict[tuple[Any, Any], Any]]:
    """Every filled data row as {column label + position: value}, for the standard's columns only."""

    book = load_workbook(path, data_only=True)
    sheet = book["Case Sheet"] if "Case Sheet" in book.sheetnames else book.worksheets[0]
    wanted = {c.header or c.label for c in columns()}
    positions = [c for c in range(2, sheet.max_column + 1)
                 if (sheet.cell(1, c).value or sheet.cell(2, c).value) in wanted]  # fmt: skip
    rows = []
    for r in range(3, sheet.max_row + 1):
        cells = {(sheet.cell(1, c).value, sheet.cell(2, c).value): sheet.cell(r, c).value for c in positions}
        if any(v not in (None, "") for v in cells.values()):
            rows.append(cells)
    return rows


@pytest.fixture
def places(db: Any) -> None:
    for code, name in (("KH", "Cambodia"), ("VN", "Viet Nam"), ("TH", "Thailand")):
        Place.objects.get_or_create(
            kind=PlaceKind.COUNTRY, code=code, defaults={"name_en": name, "name_km": name}
        )


@pytest.mark.parametrize("template", TEMPLATES)
def test_filled_template_round_trip_loses_nothing(
    template: str, tmp_path: Path, make_user: Any, places: None
) -> None:
    worker = make_user("caseworker", username="caseworker.dara")
    worker.first_name = "Caseworker Dara"
    worker.save()
    make_user("supervisor", username="supervisor.one")
    filled = fill(template, tmp_path)
    out = io.StringIO()
    call_command("htcds", "import", str(filled), "--actor", "caseworker.dara", stdout=out)
    assert "Imported 3 rows" in out.getvalue()
    exported = tmp_path / "export.xlsx"
    call_command("htcds", "export", "--out", str(exported), "--actor", "supervisor.one", stdout=io.StringIO())
    before, after = standard_cells(filled), standard_cells(exported)
    assert len(before) == len(after) == 3
    for original, again in zip(before, after, strict=True):
        for key, value in original.items():
            assert again[key] == value, (key, value, again[key])
    # The header rows are the template's own (names with its typo, labels).
    book = load_workbook(exported)
    sheet = book["Case Sheet"]
    assert (
        sheet.cell(1, 20).value == "vic_TraffickinStatusDecisionMakingOrg"
        and sheet.cell(2, 36).value == "Reason for Outgoing Referral"
    )


def test_values_outside_the_lists_are_reported_and_kept(tmp_path: Path, make_user: Any, places: None) -> None:
    worker = make_user("caseworker", username="caseworker.dara")
    worker.first_name = "Caseworker Dara"
    worker.save()
    source = import_workbook(actor=worker, file=fill(TEMPLATES[0], tmp_path))
    reported = {(p["row"], p["column"], p["value"]) for p in source.report}
    assert (4, "prs_Citizenship", "XX") in reported
    assert (4, "vic_MethodsOfControl", "Confiscates phone") in reported
    assert (4, "prs_Birthdate", "about 1990") in reported
    assert (5, "vic_MethodOfRecruitment", "By a neighbour") in reported
    assert (4, "cas_CaseOwner", "someone.else") in reported
    assert len(reported) == 5
    first, second, third = Case.objects.order_by("pk")
    assert first.stage == Stage.FOLLOW_UP and first.caseworker == worker
    assert sorted(first.means_of_control) == ["DebtBondage", "TakesEarnings", "WithholdsDocuments"]
    assert first.recruitment_methods == ["ThroughFamilyOrFamilyEvents"]
    assert getattr(
        first.person.nationality, "code", None
    ) == "KH" and first.person.birth_date == datetime.date(1998, 5, 4)
    assert second.stage == Stage.CLOSED and second.closure_reason == "referred"
    assert second.means_of_control == ["Threats"] and second.htcds.values["vic_MethodsOfControl"].endswith(
        "Confiscates phone"
    )
    assert (
        third.person.sex == "other"
        and getattr(third.person.nationality, "code", None) == "VN"
        and third.is_foreign
    )


def test_export_shows_phlov_changes_and_cases_not_imported(
    tmp_path: Path, make_user: Any, places: None, make_person: Any, organisation: Any
) -> None:
    from phlov.protection.services import update_case
    from phlov.protection.tests.helpers import make_case

    worker, supervisor = make_user("caseworker"), make_user("supervisor")
    import_workbook(actor=worker, file=fill(TEMPLATES[0], tmp_path))
    first = Case.objects.order_by("pk")[0]
    update_case(actor=worker, case=first, means_of_control=["RestrictsMovement", "DebtBondage"])
    make_case(make_person(organisation, given_name_latin="Phalla", family_name_latin="Kim", sex="female"),
              caseworker=worker, exploitation_forms=["kh_ForcedCriminalityScam"])  # fmt: skip
    sheet = export_workbook(actor=supervisor)["Case Sheet"]
    names = {sheet.cell(1, c).value: c for c in range(1, sheet.max_column + 1)}
    assert sheet.cell(3, names["vic_MethodsOfControl"]).value == "Other; Debt bondage"
    assert sheet.cell(3, names["vic_ForcedLabourIndustry"]).value == "Manufacturing"  # kept from the file
    assert sheet.cell(6, names["prs_FirstName"]).value == "Phalla"
    assert sheet.cell(6, names["prs_Gender"]).value == "Feminine"
    assert sheet.cell(6, names["vic_TypeOfExploitation"]).value == "Other"
    assert sheet.cell(6, names["cas_Status"]).value == "Active"


def test_export_needs_the_export_permission_and_import_the_add(tmp_path: Path, make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        export_workbook(actor=make_user("caseworker"))
    with pytest.raises(PermissionDenied):
        import_workbook(actor=make_user("analyst"), file=fill(TEMPLATES[0], tmp_path))


def test_not_a_template_is_refused(tmp_path: Path, make_user: Any) -> None:
    from django.core.exceptions import ValidationError
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(ValidationError):
        import_workbook(actor=make_user("caseworker"), file=path)
    (tmp_path / "text.xlsx").write_text("hello")
    with pytest.raises(ValidationError):
        import_workbook(actor=make_user("caseworker"), file=tmp_path / "text.xlsx")


def test_screen_upload_report_and_download(
    client: Any, tmp_path: Path, make_user: Any, login: Any, places: None
) -> None:
    client.cookies["phlov_language"] = "en"
    supervisor = make_user("supervisor")
    login(client, supervisor)
    with open(fill(TEMPLATES[0], tmp_path), "rb") as handle:
        response = client.post(reverse("protection:htcds"), {"file": handle})
    source = HtcdsImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "protection:htcds_import", args=[source.pk]
    )
    html = client.get(response["Location"]).content.decode()
    assert "Confiscates phone" in html and "not in the HTCDS 2.0 list" in html and "Vanna" in html
    download = client.post(reverse("protection:htcds_export"))
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert len(standard_cells_from_bytes(download.content, tmp_path)) == 3


def standard_cells_from_bytes(content: bytes, folder: Path) -> list[dict[tuple[Any, Any], Any]]:
    path = folder / "download.xlsx"
    path.write_bytes(content)
    return standard_cells(path)
