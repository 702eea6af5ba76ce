"""Importing people from a CSV or Excel (.xlsx) file.

1. :func:`read_table` reads the header row and the rows (CSV in UTF-8, with or without a BOM,
   comma, semicolon or tab separated; the first sheet of an .xlsx file).
2. :func:`suggest_mapping` proposes a field for each column from its header, in English or
   Khmer (``"Family name"``, ``"នាមត្រកូល"``, ``"Phone"``, ``"លេខទូរស័ព្ទ"``, ...).
3. :func:`run_import` validates every row (a report of row number, column and message),
   flags rows that look like people already registered or like an earlier row of the file,
   and, unless it is a dry run, writes everything in one transaction: all rows or none.
   Rows flagged as duplicates are left out unless ``create_duplicates``.

Writes are bulk: COPY on PostgreSQL, ``bulk_create`` elsewhere (:mod:`phlov.people.import_writing`).
The trail gets one event per batch of people created (naming their ids), and the import one
more. :mod:`phlov.people.import_jobs` runs an import in the background with its progress.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.people.documents import validate_number
from phlov.people.import_writing import write_drafts
from phlov.people.models import (
    BirthDatePrecision,
    Ethnicity,
    Person,
    PersonSearchKey,
    Sex,
)
from phlov.people.names import full_name, is_khmer, name_key
from phlov.people.phones import normalise_phone
from phlov.people.policies import PersonPolicy
from phlov.people.search_index import _k
from phlov.people.selectors import key_scope
from phlov.places.models import Place, PlaceKind

Progress = Callable[[str, int, int], None]
BATCH = 2000

FIELDS: dict[str, Promise] = {
    "full_name": _("full name, family name first (either script)"),
    "family_name": _("family name (either script)"),
    "given_name": _("given name (either script)"),
    "family_name_km": _("family name (Khmer)"),
    "given_name_km": _("given name (Khmer)"),
    "family_name_latin": _("family name (Latin letters)"),
    "given_name_latin": _("given name (Latin letters)"),
    "sex": _("sex"),
    "birth_date": _("date of birth"),
    "birth_year": _("year of birth"),
    "estimated_age": _("age"),
    "nationality": _("nationality"),
    "ethnicity": _("ethnicity"),
    "origin_village": _("village of origin (code or name)"),
    "origin_province": _("province of origin (code or name)"),
    "phone": _("phone number"),
    "national_id": _("national identity card number"),
    "passport": _("passport number"),
    "notes": _("notes"),
}

# Headers as people write them (lower case, letters and digits only) -> field.
HEADERS: dict[str, str] = {
    "name": "full_name", "fullname": "full_name", "ឈ្មោះ": "full_name", "ឈ្មោះពេញ": "full_name",
    "គោត្តនាមនិងនាម": "full_name", "នាមត្រកូលនិងនាមខ្លួន": "full_name",
    "familyname": "family_name", "surname": "family_name", "lastname": "family_name",
    "នាមត្រកូល": "family_name", "ត្រកូល": "family_name", "គោត្តនាម": "family_name",
    "givenname": "given_name", "firstname": "given_name", "នាមខ្លួន": "given_name", "នាម": "given_name",
    "familynamekhmer": "family_name_km", "familynamekm": "family_name_km", "surnamekhmer": "family_name_km",
    "givennamekhmer": "given_name_km", "givennamekm": "given_name_km", "firstnamekhmer": "given_name_km",
    "familynamelatin": "family_name_latin", "familynameenglish": "family_name_latin",
    "surnameenglish": "family_name_latin", "lastnameenglish": "family_name_latin",
    "givennamelatin": "given_name_latin", "givennameenglish": "given_name_latin",
    "firstnameenglish": "given_name_latin",
    "sex": "sex", "gender": "sex", "ភេទ": "sex",
    "dateofbirth": "birth_date", "birthdate": "birth_date", "dob": "birth_date",
    "ថ្ងៃខែឆ្នាំកំណើត": "birth_date", "ថ្ងៃកំណើត": "birth_date",
    "yearofbirth": "birth_year", "birthyear": "birth_year", "ឆ្នាំកំណើត": "birth_year",
    "age": "estimated_age", "អាយុ": "estimated_age",
    "nationality": "nationality", "សញ្ជាតិ": "nationality",
    "ethnicity": "ethnicity", "ethnicgroup": "ethnicity", "ជនជាតិ": "ethnicity",
    "village": "origin_village", "villagecode": "origin_village", "villageoforigin": "origin_village",
    "ភូមិ": "origin_village", "ភូមិកំណើត": "origin_village",
    "province": "origin_province", "provinceoforigin": "origin_province", "ខេត្ត": "origin_province",
    "ខេត្តកំណើត": "origin_province", "រាជធានីខេត្ត": "origin_province",
    "phone": "phone", "phonenumber": "phone", "telephone": "phone", "tel": "phone", "mobile": "phone",
    "ទូរស័ព្ទ": "phone", "លេខទូរស័ព្ទ": "phone",
    "nationalid": "national_id", "idcard": "national_id", "idnumber": "national_id", "nid": "national_id",
    "nationalidnumber": "national_id", "អត្តសញ្ញាណប័ណ្ណ": "national_id", "លេខអត្តសញ្ញាណប័ណ្ណ": "national_id",
    "passport": "passport", "passportnumber": "passport", "passportno": "passport",
    "លិខិតឆ្លងដែន": "passport", "លេខលិខិតឆ្លងដែន": "passport",
    "notes": "notes", "note": "notes", "remarks": "notes", "comments": "notes", "កំណត់សម្គាល់": "notes",
}  # fmt: skip

SEX_VALUES: dict[str, str] = {
    "f": Sex.FEMALE, "female": Sex.FEMALE, "woman": Sex.FEMALE, "girl": Sex.FEMALE, "ស្រី": Sex.FEMALE,
    "ភេទស្រី": Sex.FEMALE, "m": Sex.MALE, "male": Sex.MALE, "man": Sex.MALE, "boy": Sex.MALE,
    "ប្រុស": Sex.MALE, "ភេទប្រុស": Sex.MALE, "other": Sex.OTHER, "ផ្សេងទៀត": Sex.OTHER,
    "unknown": Sex.UNKNOWN, "u": Sex.UNKNOWN, "មិនដឹង": Sex.UNKNOWN,
}  # fmt: skip
ETHNICITY_VALUES: dict[str, str] = {
    **{value: value for value in Ethnicity.values},
    "ខ្មែរ": "khmer", "វៀតណាម": "vietnamese", "យួន": "vietnamese", "ចាម": "cham", "ជនជាតិដើម": "indigenous",
    "ជនជាតិដើមភាគតិច": "indigenous", "ថៃ": "thai", "ចិន": "chinese", "ឡាវ": "lao",
}  # fmt: skip
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def header_key(header: str) -> str:
    text = unicodedata.normalize("NFC", str(header)).casefold().translate(_KHMER_DIGITS)
    text = text.replace("\u200b", "")
    return "".join(c for c in text if unicodedata.category(c)[0] in "LMN")


def suggest_mapping(headers: Iterable[str]) -> dict[str, str]:
    """header -> field, for the headers recognised (each field once, the first column wins)."""

    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        target = HEADERS.get(header_key(header))
        if target and target not in taken:
            mapping[header] = target
            taken.add(target)
    return mapping


# --- reading -------------------------------------------------------------------------------------


def _cell(value: Any) -> str | datetime.date:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: str | Path) -> tuple[list[str], Iterator[list[Any]], int]:
    """(headers, rows, number of rows) of a .csv or .xlsx file."""

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [str(_cell(h)) for h in next(rows, ())]
        total = max((sheet.max_row or 1) - 1, 0)

        def xlsx_rows() -> Iterator[list[Any]]:
            try:
                for row in rows:
                    yield [_cell(v) for v in row]
            finally:
                book.close()

        return headers, xlsx_rows(), total
    text = path.read_bytes().decode("utf-8-sig")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headers = [h.strip() for h in next(reader, [])]
    total = max(text.count("\n") - 1, 0)
    return headers, ([c.strip() for c in row] for row in reader), total


# --- validating ----------------------------------------------------------------------------------


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


@dataclass
class DuplicateFlag:
    row: int
    reason: str
    person_id: int | None = None
    other_row: int | None = None


@dataclass
class Draft:
    row: int
    person: Person
    documents: list[tuple[str, str]] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def names(self) -> list[tuple[str, str]]:
        p = self.person
        pairs = [(p.family_name_km, p.given_name_km), (p.family_name_latin, p.given_name_latin)]
        return [(f, g) for f, g in pairs if f or g]


@dataclass
class ImportReport:
    total: int = 0
    valid: int = 0
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[DuplicateFlag] = field(default_factory=list)
    created: int = 0
    skipped: int = 0
    dry_run: bool = True
    committed: bool = False

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


class _Places:
    """Codes and names of places resolved once per distinct value."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str], Place | str] = {}
        self.province_of: dict[int, int | None] = {}
        self.villages: dict[str, Place] | None = None

    def _village_by_code(self, code: str) -> Place | None:
        # Files name villages by code far more often than by name: every village is read
        # once, with its province, instead of three queries per village.
        if self.villages is None:
            self.villages = {}
            rows = Place.objects.filter(kind=PlaceKind.VILLAGE).select_related("parent__parent__parent")
            for village in rows.only(
                "id", "kind", "code", "name_en", "name_km", "parent__parent__parent__kind"
            ):
                self.villages[village.code] = village
                province = village.parent.parent.parent if village.parent and village.parent.parent else None
                self.province_of[village.pk] = (
                    province.pk if province and province.kind == PlaceKind.PROVINCE else None
                )
        return self.villages.get(code)

    def find(self, kind: str, text: str) -> Place:
        key = (kind, text)
        if key not in self.cache:
            self.cache[key] = self._find(kind, text)
        found = self.cache[key]
        if isinstance(found, str):
            raise ValidationError(found)
        return found

    def _find(self, kind: str, text: str) -> Place | str:
        code = text.translate(_KHMER_DIGITS).strip()
        if kind == PlaceKind.COUNTRY:
            code = code.upper()
        if kind == PlaceKind.VILLAGE and code.isdigit():
            found = self._village_by_code(code)
            if found is not None:
                return found
        place = Place.objects.filter(kind=kind, code=code).first()
        if place is not None:
            return place
        from phlov.places.resolver import resolve

        resolution = resolve(text, kind=kind)
        if resolution.place is not None:
            return resolution.place
        if resolution.alternatives:
            return str(_("several places have this name; give the code"))
        return str(_("no place matches; give the code"))

    def province(self, village: Place) -> int | None:
        if village.pk not in self.province_of:
            province = next(
                (p for p in [village, *village.ancestors()] if p.kind == PlaceKind.PROVINCE), None
            )
            self.province_of[village.pk] = province.pk if province else None
        return self.province_of[village.pk]


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value).translate(_KHMER_DIGITS).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("not a date (write it as 2001-03-31 or 31/03/2001)"))


def _int(value: Any, low: int, high: int) -> int:
    text = str(value).translate(_KHMER_DIGITS).strip()
    if not re.fullmatch(r"[0-9]{1,4}", text) or not low <= int(text) <= high:
        raise ValidationError(
            _("expected a whole number from %(low)s to %(high)s"), params={"low": low, "high": high}
        )
    return int(text)


def _split_full(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    return (parts[0], parts[1] if len(parts) > 1 else "")


def _set_name(person: Person, part: str, text: str) -> None:
    script = "km" if is_khmer(text) else "latin"
    setattr(person, f"{part}_name_{script}", text)


class _Validator:
    def __init__(self, actor: Any, organisation: Any, mapping: dict[str, str]):
        self.actor = actor
        self.organisation = organisation
        self.mapping = mapping
        self.places = _Places()
        self.policy = PersonPolicy()
        self.today = datetime.date.today()

    def draft(self, number: int, values: dict[str, Any], errors: list[RowError]) -> Draft | None:
        person = Person(organisation=self.organisation)
        draft = Draft(row=number, person=person)
        before = len(errors)
        column_of = {target: header for header, target in self.mapping.items()}
        for target, value in values.items():
            if value in ("", None):
                continue
            try:
                self._apply(draft, target, value)
            except ValidationError as error:
                errors.append(RowError(number, column_of.get(target, target), "; ".join(error.messages)))
        if len(errors) > before:
            return None
        if not (
            person.family_name_km
            or person.given_name_km
            or person.family_name_latin
            or person.given_name_latin
        ):
            errors.append(RowError(number, "", str(_("no name in this row"))))
            return None
        if not self.policy.can(self.actor, Action.ADD, person):
            errors.append(
                RowError(
                    number,
                    column_of.get("origin_village", ""),
                    str(_("outside the places you may register people in")),
                )
            )
            return None
        return draft

    def _apply(self, draft: Draft, target: str, value: Any) -> None:
        person = draft.person
        text = value if isinstance(value, datetime.date) else str(value).strip()
        if target == "full_name":
            family, given = _split_full(str(text))
            _set_name(person, "family", family)
            if given:
                _set_name(person, "given", given)
        elif target in ("family_name", "given_name"):
            _set_name(person, target.split("_")[0], str(text))
        elif target in ("family_name_km", "given_name_km", "family_name_latin", "given_name_latin"):
            if target.endswith("_km") != is_khmer(str(text)):
                raise ValidationError(_("this name is not in the script of its column"))
            setattr(person, target, str(text)[:100])
        elif target == "sex":
            sex = SEX_VALUES.get(str(text).casefold().strip())
            if sex is None:
                raise ValidationError(_("expected female, male, other or unknown"))
            person.sex = sex
        elif target == "birth_date":
            born = _date(text)
            if born > self.today:
                raise ValidationError(_("the date of birth is in the future"))
            person.birth_date, person.birth_date_precision, person.birth_year = (
                born,
                BirthDatePrecision.EXACT,
                born.year,
            )
        elif target == "birth_year":
            year = _int(text, 1900, self.today.year)
            if person.birth_date is None:
                person.birth_date = datetime.date(year, 1, 1)
                person.birth_date_precision = BirthDatePrecision.YEAR
                person.birth_year = year
        elif target == "estimated_age":
            age = _int(text, 0, 120)
            person.estimated_age, person.age_estimated_on = age, self.today
            if person.birth_year is None:
                person.birth_year = self.today.year - age
        elif target == "nationality":
            person.nationality = self.places.find(PlaceKind.COUNTRY, str(text))
        elif target == "ethnicity":
            ethnicity = ETHNICITY_VALUES.get(str(text).casefold().strip())
            if ethnicity is None:
                raise ValidationError(_("not one of the ethnicities Phlov records"))
            person.ethnicity = ethnicity
        elif target == "origin_village":
            village = self.places.find(PlaceKind.VILLAGE, str(text))
            person.origin_village = village
            person.origin_province_id = self.places.province(village)
        elif target == "origin_province":
            if person.origin_village_id is None:
                person.origin_province = self.places.find(PlaceKind.PROVINCE, str(text))
        elif target == "phone":
            draft.phones.append(normalise_phone(str(text)))
        elif target in ("national_id", "passport"):
            draft.documents.append((target, validate_number(target, str(text))))
        elif target == "notes":
            person.notes = str(text)
        else:
            raise ValidationError(_("unknown field"))


def _row_values(headers: list[str], row: list[Any], mapping: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for position, header in enumerate(headers):
        target = mapping.get(header)
        if target and position < len(row):
            values[target] = row[position]
    # The village decides the province: apply it first whatever the column order.
    ordered = sorted(values.items(), key=lambda item: item[0] != "origin_village")
    return dict(ordered)


# --- duplicates ------------------------------------------------------------------------------


def _draft_keys(draft: Draft) -> tuple[set[str], set[str]]:
    """(keys that alone mean the same person, whole-name keys)."""

    strong = {_k("n", number) for _kind, number in draft.documents} | {
        _k("e", phone) for phone in draft.phones
    }
    names = {_k("f", name_key(full_name(f, g))) for f, g in draft.names()} - {"f:"}
    return strong, names


def flag_duplicates(actor: Any, drafts: list[Draft], progress: Progress | None = None) -> list[DuplicateFlag]:
    """Rows that share a document or phone with a registered person or an earlier row, or their
    whole name and (year of birth or village)."""

    flags: list[DuplicateFlag] = []
    wanted: set[str] = set()
    keyed = []
    for draft in drafts:
        strong, names = _draft_keys(draft)
        keyed.append((draft, strong, names))
        wanted |= strong | names
    registry: dict[str, set[int]] = {}
    scope = key_scope(actor)
    ordered = sorted(wanted)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        rows = PersonSearchKey.objects.filter(key__in=chunk).filter(scope).values_list("key", "person_id")
        for key, pk in rows:
            registry.setdefault(key, set()).add(pk)
        if progress:
            progress("duplicates", min(start + BATCH, len(ordered)), len(ordered))
    matched_ids = {pk for key in registry if key.startswith("f:") for pk in registry[key]}
    facts: dict[int, tuple[int | None, int | None]] = {}
    matched_list = sorted(matched_ids)
    for start in range(0, len(matched_list), BATCH):
        for pk, born, lives in Person.objects.filter(pk__in=matched_list[start : start + BATCH]).values_list(
            "pk", "birth_year", "origin_village_id"
        ):
            facts[pk] = (born, lives)
    seen: dict[str, list[tuple[int, int | None, int | None]]] = {}
    for draft, strong, names in keyed:
        year, village = draft.person.birth_year, draft.person.origin_village_id
        flagged = False
        for key in sorted(strong):
            if key in registry:
                reason = "same_document" if key.startswith("n:") else "same_phone"
                flags.append(DuplicateFlag(draft.row, reason, person_id=min(registry[key])))
                flagged = True
                break
            if key in seen:
                reason = "same_document" if key.startswith("n:") else "same_phone"
                flags.append(DuplicateFlag(draft.row, reason, other_row=seen[key][0][0]))
                flagged = True
                break
        if not flagged:
            for key in sorted(names):
                for pk in sorted(registry.get(key, ())):
                    their_year, their_village = facts.get(pk, (None, None))
                    if (year and their_year and abs(year - their_year) <= 1) or (
                        village and village == their_village
                    ):
                        flags.append(
                            DuplicateFlag(draft.row, "same_name_and_birth_year_or_village", person_id=pk)
                        )
                        flagged = True
                        break
                if flagged:
                    break
                for other_row, other_year, other_village in seen.get(key, []):
                    if (year and other_year and abs(year - other_year) <= 1) or (
                        village and village == other_village
                    ):
                        flags.append(
                            DuplicateFlag(
                                draft.row, "same_name_and_birth_year_or_village", other_row=other_row
                            )
                        )
                        flagged = True
                        break
                if flagged:
                    break
        for key in strong | names:
            seen.setdefault(key, []).append((draft.row, year, village))
    return flags


# --- running -------------------------------------------------------------------------------------


def run_import(
    *,
    actor: Any,
    path: str | Path,
    mapping: dict[str, str],
    organisation: Any = None,
    dry_run: bool = True,
    create_duplicates: bool = False,
    progress: Progress | None = None,
    job: int | None = None,
) -> ImportReport:
    """Validate (and unless ``dry_run``, write) the file; see the module's docstring."""

    organisation = organisation or getattr(actor, "organisation", None)
    if organisation is None or not PersonPolicy().can_any(actor, Action.ADD):
        raise PermissionDenied
    unknown = sorted(set(mapping.values()) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown fields in the mapping: {', '.join(unknown)}")
    headers, rows, total = read_table(path)
    missing = sorted(set(mapping) - set(headers))
    if missing:
        raise ValueError(f"columns not in the file: {', '.join(missing)}")
    validator = _Validator(actor, organisation, mapping)
    report = ImportReport(dry_run=dry_run)
    drafts: list[Draft] = []
    for index, row in enumerate(rows, start=2):
        if not any(str(v).strip() for v in row if v is not None):
            continue
        report.total += 1
        draft = validator.draft(index, _row_values(headers, row, mapping), report.errors)
        if draft is not None:
            drafts.append(draft)
        if progress and report.total % 1000 == 0:
            progress("validate", report.total, max(total, report.total))
    if progress:
        progress("validate", report.total, report.total)
    report.valid = len(drafts)
    report.duplicates = flag_duplicates(actor, drafts, progress)
    if report.rejected or dry_run:
        return report
    flagged = {flag.row for flag in report.duplicates}
    keep = drafts if create_duplicates else [d for d in drafts if d.row not in flagged]
    report.skipped = len(drafts) - len(keep)
    with transaction.atomic():
        write_drafts(actor, keep, progress, job=job)
        if progress:
            # The commit itself (constraints checked, the log flushed) takes a while on a big file.
            progress("commit", 0, 1)
        record(
            actor=actor,
            action="create",
            object_type="people.import",
            detail={"rows": report.total, "created": len(keep), "skipped_duplicates": report.skipped}
            | ({"job": job} if job is not None else {}),
        )
    if progress:
        progress("commit", 1, 1)
    report.created = len(keep)
    report.committed = True
    return report
