"""The HTCDS 2.0 exchange: the standard's columns and value lists (``standard_2_0.json``), how
a cell is read into a value of the standard, and how Phlov's fields map onto the standard's.

Reading never drops a value: a value outside the standard's lists is reported and kept as read
(``HtcdsRecord.values``), so that exporting the case again writes it back unchanged.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

STANDARD = Path(__file__).resolve().parent / "standard_2_0.json"
SEPARATOR = ";"  # the multi-select template joins several values with ';'


@dataclass(frozen=True)
class Column:
    field: str
    header: str | None
    label: str
    list: str | None = None
    multiple: bool = False
    date: bool = False


@cache
def standard() -> dict[str, Any]:
    with open(STANDARD, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            c["field"], c["header"], c["label"], c.get("list"), bool(c.get("multiple")), bool(c.get("date"))
        )
        for c in standard()["columns"]
    )


def by_field() -> dict[str, Column]:
    return {c.field: c for c in columns()}


def _key(text: Any) -> str:
    return " ".join(str(text).replace("\xa0", " ").split()).casefold()


@cache
def _lookup(list_name: str) -> dict[str, str]:
    """Every accepted spelling (name, label, template value; case and spaces ignored) -> name."""

    found: dict[str, str] = {}
    for entry in standard()["lists"][list_name]:
        for spelling in (entry["name"], entry["label"], entry.get("template")):
            if spelling is not None:
                found[_key(spelling)] = entry["name"]
    return found


def names(list_name: str) -> list[str]:
    return [e["name"] for e in standard()["lists"][list_name]]


def template_value(list_name: str, name: str) -> Any:
    """How the template writes a value of the standard (its validation list), else the name."""

    for entry in standard()["lists"][list_name]:
        if entry["name"] == name:
            value = entry.get("template", entry["name"])
            return value.strip() if isinstance(value, str) else value
    return name


def code_of(column: Column, value: Any) -> str | None:
    """The standard's name for one value of a coded column, or None when outside the list."""

    if column.list is None:
        return None
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    return _lookup(column.list).get(_key(value))


def split(column: Column, value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if column.multiple and isinstance(value, str):
        return [part.strip() for part in value.split(SEPARATOR) if part.strip()]
    return [value]


def to_json(value: Any) -> Any:
    """A cell as stored: dates as ISO text, numbers, booleans and text as they are."""

    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip() or None
    return value


def to_cell(column: Column, value: Any) -> Any:
    if column.date and isinstance(value, str):
        try:
            return datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time(0))
        except ValueError:
            return value
    return value


def as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# --- Phlov's fields and the standard's -----------------------------------------------------------

# Means of control: the template's 16 names (XLSForm) -> the 17 CTDC names Phlov keeps
# (data/vocabularies.json). One-to-one where the meaning is the same.
CONTROL_TO_PHLOV = {
    "PhysicalThreats": "Threats",
    "ThreatsLawEnforcement": "ThreatOfLawEnforcement",
    "ThreatensChildrenFamily": "UsesChildren",
    "DebtBondage": "DebtBondage",
    "FalsePromises": "FalsePromises",
    "PhysicalAbuse": "PhysicalAbuse",
    "SexualAbuse": "SexualAbuse",
    "TakesEarnings": "TakesEarnings",
    "RestrictsFinancialAccess": "RestrictsFinancialAccess",
    "RestrictsMedicalCare": "RestrictsMedicalCare",
    "WithholdsNecessities": "WithholdsNecessities",
    "PsychologicalAbuse": "PsychologicalAbuse",
    "PsychoactiveSubstance": "PsychoactiveSubstances",
    "ExcessiveWorkingHours": "ExcessiveWorkingHours",
    "WithholdsDocuments": "WithholdsDocuments",
    "Other": "Other",
}
CONTROL_FROM_PHLOV = {v: k for k, v in CONTROL_TO_PHLOV.items()} | {"RestrictsMovement": "Other"}

GENDER_TO_SEX = {
    "Feminine": "female", "Masculine": "male", "TransgenderFeminine": "other", "TransgenderMasculine": "other",
    "NonConforming": "other", "NonSpecifiedUnknown": "unknown",
}  # fmt: skip
SEX_TO_GENDER = {
    "female": "Feminine",
    "male": "Masculine",
    "other": "NonConforming",
    "unknown": "NonSpecifiedUnknown",
}


@dataclass
class Problem:
    row: int
    column: str
    value: Any
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": to_json(self.value), "problem": self.problem}


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # field -> stored value
    codes: dict[str, list[str]] = field(default_factory=dict)  # coded field -> names in the lists
