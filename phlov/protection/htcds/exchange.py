"""Import from and export to the HTCDS 2.0 Excel template. The writes (``import_workbook``)
take the acting user, run in one transaction and are audited; the export reads through the
policies and is audited too."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.core.sensitivity import FieldGroup
from phlov.people.policies import PersonPolicy
from phlov.people.services import create_person
from phlov.places.models import Place, PlaceKind
from phlov.protection.htcds import (
    CONTROL_FROM_PHLOV,
    CONTROL_TO_PHLOV,
    GENDER_TO_SEX,
    SEX_TO_GENDER,
    Column,
    Problem,
    Row,
    as_date,
    by_field,
    code_of,
    columns,
    split,
    standard,
    template_value,
    to_cell,
    to_json,
)
from phlov.protection.models import Case, HtcdsImport, HtcdsRecord
from phlov.protection.policies import CasePolicy
from phlov.protection.stages import Stage

SHEET = "Case Sheet"
FIRST_ROW = 3  # row 1: field names, row 2: labels
CONTACT_FIELDS = {
    "prs_Email", "prs_HomePhone", "prs_MobilePhone", "prs_MailingCity", "prs_MailingCountry", "prs_MailingState",
    "prs_MailingStreet", "prs_MailingPostalCode",
}  # fmt: skip


# --- reading -------------------------------------------------------------------------------------


def _header_map(sheet: Worksheet) -> dict[int, Column]:
    """Column index -> column of the standard, by the name in row 1 (the template's own spelling
    or the standard's), or by the label in row 2 where row 1 has no name."""

    known: dict[str, Column] = {}
    for each in columns():
        known[each.field.casefold()] = each
        if each.header:
            known[each.header.casefold()] = each
    by_label = {c.label.casefold(): c for c in columns() if c.header is None}
    found: dict[int, Column] = {}
    for index in range(1, sheet.max_column + 1):
        name, label = sheet.cell(1, index).value, sheet.cell(2, index).value
        column: Column | None = known.get(str(name).strip().casefold()) if name else None
        if column is None and not name and label:
            column = by_label.get(str(label).strip().casefold())
        if column is not None and column not in found.values():
            found[index] = column
    return found


def read_rows(sheet: Worksheet) -> tuple[list[Row], list[Problem]]:
    """Every filled row, every value kept; values outside the standard's lists reported."""

    header = _header_map(sheet)
    if "prs_FirstName" not in {c.field for c in header.values()}:
        raise ValidationError(
            _("This is not an HTCDS 2.0 case sheet: row 1 does not name the standard's fields.")
        )
    rows: list[Row] = []
    problems: list[Problem] = []
    for number in range(FIRST_ROW, sheet.max_row + 1):
        row = Row(number)
        for index, column in header.items():
            value = to_json(sheet.cell(number, index).value)
            if value is None:
                continue
            row.values[column.field] = value
            if column.date and as_date(value) is None:
                problems.append(Problem(number, column.field, value, _("not a date")))
            if column.list:
                codes = []
                for part in split(column, value):
                    code = code_of(column, part)
                    if code is None:
                        problems.append(Problem(number, column.field, part, _("not in the HTCDS 2.0 list")))
                    else:
                        codes.append(code)
                row.codes[column.field] = codes
        if row.values:
            rows.append(row)
    return rows, problems


# --- Phlov's values, as the export compares and writes them --------------------------------------


def _status_of(case: Case) -> str:
    if case.stage == Stage.CLOSED:
        return "ClosedReferred" if case.closure_reason in {"referred", "transferred"} else "Closed"
    return "FollowUp" if case.stage == Stage.FOLLOW_UP else "Active"


def _exploitation(codes: Iterable[str]) -> list[str]:
    # Phlov's local forms (kh_...) are outside the standard: the standard's "Other".
    standard_names = {e["name"] for e in standard()["lists"]["typeofexploitation"]}
    return list(dict.fromkeys(c if c in standard_names else "Other" for c in codes))


def phlov_values(case: Case) -> dict[str, Any]:
    """The standard's fields Phlov holds for ``case``, as comparable values (codes, ids, ISO dates)."""

    person = case.person
    return {
        "cas_CaseOwner": case.caseworker_id,
        "prs_FirstName": person.given_name_latin,
        "prs_SecondName": person.family_name_latin,
        "prs_Birthdate": person.birth_date.isoformat() if person.birth_date else None,
        "prs_Gender": person.sex,
        "prs_Citizenship": person.nationality.code if person.nationality is not None else None,
        "vic_MethodOfRecruitment": sorted(case.recruitment_methods),
        "vic_MethodsOfControl": sorted(case.means_of_control),
        "vic_TypeOfExploitation": sorted(case.exploitation_forms),
        "cas_Status": _status_of(case),
    }


def _render(field: str, case: Case) -> Any:
    """How the template writes Phlov's value of ``field``."""

    person = case.person
    join = "; ".join
    if field == "cas_CaseOwner":
        worker = case.caseworker
        return (worker.get_full_name() or worker.get_username()) if worker else None
    if field == "prs_FirstName":
        return person.given_name_latin or None
    if field == "prs_SecondName":
        return person.family_name_latin or None
    if field == "prs_Birthdate":
        return to_cell(by_field()[field], person.birth_date.isoformat()) if person.birth_date else None
    if field == "prs_Gender":
        return template_value("gender", SEX_TO_GENDER.get(person.sex, "NonSpecifiedUnknown"))
    if field == "prs_Citizenship":
        return person.nationality.code if person.nationality is not None else None
    if field == "vic_MethodOfRecruitment":
        return join(template_value("methodofrecruitment", c) for c in case.recruitment_methods) or None
    if field == "vic_MethodsOfControl":
        names = dict.fromkeys(CONTROL_FROM_PHLOV.get(c, "Other") for c in case.means_of_control)
        return join(template_value("methodsofcontrol", c) for c in names) or None
    if field == "vic_TypeOfExploitation":
        return (
            join(template_value("typeofexploitation", c) for c in _exploitation(case.exploitation_forms))
            or None
        )
    if field == "cas_Status":
        return template_value("status", _status_of(case))
    raise KeyError(field)


# --- import --------------------------------------------------------------------------------------


def _owner(actor: Any, text: Any) -> Any:
    if not isinstance(text, str):
        return None
    User = get_user_model()
    return (
        User.objects.filter(organisation=actor.organisation, is_active=True)
        .filter(Q(username__iexact=text.strip()) | Q(first_name__iexact=text.strip()))
        .order_by("pk")
        .first()
    )


def _import_row(actor: Any, row: Row, source: HtcdsImport, problems: list[Problem]) -> Case:
    values, codes = row.values, row.codes
    country = None
    if codes.get("prs_Citizenship"):
        country = Place.objects.filter(kind=PlaceKind.COUNTRY, code=codes["prs_Citizenship"][0]).first()
        if country is None:
            problems.append(
                Problem(
                    row.number, "prs_Citizenship", values["prs_Citizenship"], _("not a country Phlov knows")
                )
            )
    birth = as_date(values.get("prs_Birthdate"))
    gender = (codes.get("prs_Gender") or [""])[0]
    data: dict[str, Any] = {
        "given_name_latin": str(values.get("prs_FirstName") or "")[:100],
        "family_name_latin": str(values.get("prs_SecondName") or "")[:100],
        "sex": GENDER_TO_SEX.get(gender or "", "unknown"),
        "birth_date": birth,
        "birth_date_precision": "exact" if birth else "",
        "nationality": country,
    }
    person = create_person(actor=actor, data=data, confirmed_new=True)
    owner = _owner(actor, values.get("cas_CaseOwner"))
    if values.get("cas_CaseOwner") and owner is None:
        problems.append(Problem(row.number, "cas_CaseOwner", values["cas_CaseOwner"],
                                _("not a user of this organisation: the importer is the caseworker")))  # fmt: skip
    controls = [CONTROL_TO_PHLOV[c] for c in codes.get("vic_MethodsOfControl", [])]
    case = Case(
        person=person, organisation=actor.organisation, caseworker=owner or actor,
        opened_on=as_date(values.get("cas_IncomingReferralDate")) or timezone.localdate(),
        exploitation_forms=list(dict.fromkeys(codes.get("vic_TypeOfExploitation", []))),
        means_of_control=list(dict.fromkeys(controls)),
        recruitment_methods=list(dict.fromkeys(codes.get("vic_MethodOfRecruitment", []))),
    )  # fmt: skip
    if not CasePolicy().can(actor, Action.ADD, case):
        raise PermissionDenied
    status = (codes.get("cas_Status") or ["Active"])[0]
    # The file's status is a record of the past, not a move: the stage is set, not transitioned.
    case.stage = {"FollowUp": Stage.FOLLOW_UP, "Closed": Stage.CLOSED, "ClosedReferred": Stage.CLOSED}.get(
        status, Stage.IDENTIFICATION
    )
    if status == "ClosedReferred":
        case.closure_reason = "referred"
    case.full_clean()
    case.save()
    case.refresh_from_db()
    # Everything Phlov holds, cell or not: unchanged, the export writes the file's cell (or none).
    mapped = phlov_values(case)
    HtcdsRecord.objects.create(case=case, source=source, row=row.number, values=values, mapped=mapped)
    return case


def import_workbook(*, actor: Any, file: str | Path | IO[bytes], file_name: str = "") -> HtcdsImport:
    """Import every filled row of an HTCDS 2.0 case sheet as a person and a case.

    All rows or none: a row that cannot be imported stops the import with its row number.
    Values outside the standard's lists are reported in ``HtcdsImport.report`` and kept."""

    if not (CasePolicy().can_any(actor, Action.ADD) and PersonPolicy().can_any(actor, Action.ADD)):
        raise PermissionDenied
    try:
        book = load_workbook(file, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("The file could not be read as an Excel workbook.")) from error
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows, problems = read_rows(sheet)
    name = file_name or (Path(file).name if isinstance(file, (str, Path)) else "upload.xlsx")
    with transaction.atomic():
        source = HtcdsImport.objects.create(organisation=actor.organisation, imported_by=actor,
                                            imported_at=timezone.now(), file_name=name[:255], rows=len(rows))  # fmt: skip
        cases = []
        for row in rows:
            try:
                with transaction.atomic():
                    cases.append(_import_row(actor, row, source, problems))
            except ValidationError as error:
                raise ValidationError(
                    _("Row %(row)d could not be imported: %(error)s")
                    % {"row": row.number, "error": "; ".join(error.messages)}
                ) from error
        source.report = [p.as_dict() for p in sorted(problems, key=lambda p: (p.row, p.column))]
        source.save(update_fields=["report"])
        record(actor=actor, action="protection.htcds_import", obj=source,
               detail={"rows": len(rows), "cases": [c.pk for c in cases], "reported": len(problems)})  # fmt: skip
    return source


# --- export --------------------------------------------------------------------------------------


def _validation_sheet(book: Workbook, sheet: Worksheet, last_row: int) -> None:
    """The value lists, and list validation on the single-choice columns (warnings only, so a value
    outside the list, kept from an import, stays as it is)."""

    lists = book.create_sheet("validation")
    lists.cell(1, 1, "Validation Lookups (HTCDS 2.0)")
    for index, (name, entries) in enumerate(standard()["lists"].items(), start=1):
        lists.cell(3, index, name)
        for offset, entry in enumerate(entries):
            value = entry.get("template", entry["name"])
            lists.cell(4 + offset, index, value.strip() if isinstance(value, str) else value)
        letter = lists.cell(3, index).column_letter
        for position, column in enumerate(columns(), start=2):
            if column.list == name and not column.multiple:
                check = DataValidation(type="list", formula1=f"=validation!${letter}$4:${letter}${3 + len(entries)}",
                                       allow_blank=True, showErrorMessage=True, errorStyle="warning")  # fmt: skip
                check.add(
                    f"{sheet.cell(FIRST_ROW, position).coordinate}:{sheet.cell(last_row, position).coordinate}"
                )
                sheet.add_data_validation(check)


def visible_for_export(actor: Any) -> QuerySet[Case]:
    return (
        CasePolicy()
        .restrict(actor, action=Action.VIEW)
        .filter(pk__in=CasePolicy().restrict(actor, action="export").values("pk"))
        .select_related("person", "person__nationality", "caseworker", "htcds")
        .order_by("pk")
    )


def export_workbook(*, actor: Any, cases: QuerySet[Case] | None = None) -> Workbook:
    """The cases the actor may export, one row each, in the HTCDS 2.0 template's layout."""

    if not CasePolicy().can_any(actor, "export"):
        raise PermissionDenied
    chosen = (
        visible_for_export(actor)
        if cases is None
        else cases.filter(pk__in=visible_for_export(actor).values("pk"))
    )
    sees_contacts = FieldGroup.CONTACT_LOCATION in PersonPolicy().field_groups(actor)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    for position, column in enumerate(columns(), start=2):
        sheet.cell(1, position, column.header)
        sheet.cell(2, position, column.label)
    sheet.cell(2, 1, None)
    sheet.row_dimensions[1].hidden = True
    exported = []
    number = FIRST_ROW
    for number, case in enumerate(chosen, start=FIRST_ROW):
        held = getattr(case, "htcds", None) if hasattr(case, "htcds") else None
        stored = held.values if held else {}
        mapped = held.mapped if held else {}
        current = phlov_values(case)
        sheet.cell(number, 1, number - FIRST_ROW + 1)
        for position, column in enumerate(columns(), start=2):
            field = column.field
            if field in CONTACT_FIELDS and not sees_contacts:
                continue
            if field in current and not (field in mapped and mapped[field] == current[field]):
                value = _render(field, case)  # Phlov's value: not imported, or changed since
            else:
                value = to_cell(column, stored.get(field))
            if value is not None:
                sheet.cell(number, position, value)
                if column.date and isinstance(value, datetime.datetime):
                    sheet.cell(number, position).number_format = "yyyy-mm-dd"
        exported.append(case.pk)
    _validation_sheet(book, sheet, max(number, FIRST_ROW + 999))
    about = book.create_sheet("about")
    about.cell(1, 1, "HTCDS 2.0, exported by Phlov")
    about.cell(2, 1, "https://github.com/UNMigration/HTCDS (IOM, CC BY 4.0; no endorsement by IOM implied)")
    about.cell(3, 1, timezone.now().isoformat(timespec="seconds"))
    with transaction.atomic():
        record(
            actor=actor,
            action="protection.htcds_export",
            detail={"cases": exported, "contacts": sees_contacts},
        )
    return book


def report_rows(source: HtcdsImport) -> list[dict[str, Any]]:
    labels = {c.field: c.label for c in columns()}
    return [{**p, "label": labels.get(p["column"], p["column"])} for p in source.report]


__all__ = ["export_workbook", "import_workbook", "read_rows", "report_rows", "visible_for_export"]
