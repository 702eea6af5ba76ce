"""Exporting people: only those the user may export, without the field groups they may not see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from phlov.core.policies import Action
from phlov.files.exports import Export, export_personal_data
from phlov.people.models import Person
from phlov.people.policies import PersonPolicy

# (column, sensitive field it shows or None)
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("id", None),
    ("family_name_km", None),
    ("given_name_km", None),
    ("family_name_latin", None),
    ("given_name_latin", None),
    ("sex", None),
    ("birth_date", None),
    ("birth_date_precision", None),
    ("nationality", None),
    ("ethnicity", None),
    ("origin_province", None),
    ("origin_village", "origin_village"),
    ("phones", "phones"),
    ("documents", "documents"),
    ("notes", "notes"),
)


def exportable_people(*, actor: Any, province: Any = None, sex: str = "") -> QuerySet[Person]:
    people = PersonPolicy().restrict(actor, action=Action.EXPORT).filter(merged_into__isnull=True)
    if province is not None:
        people = people.filter(origin_province=province)
    if sex:
        people = people.filter(sex=sex)
    return people.select_related("nationality", "origin_province", "origin_village").order_by("pk")


def _value(person: Person, column: str) -> Any:
    if column == "phones":
        return "; ".join(p.number for p in person.phones.all())
    if column == "documents":
        return "; ".join(f"{d.kind}:{d.number}" for d in person.documents.all())
    if column in {"nationality", "origin_province", "origin_village"}:
        place = getattr(person, column)
        return place.code if place is not None else ""
    value = getattr(person, column)
    return "" if value is None else value


def export_people(*, actor: Any, people: QuerySet[Person], fmt: str = "zip") -> Export:
    hidden = PersonPolicy().hidden_fields(actor)
    columns = [name for name, field in COLUMNS if field is None or field not in hidden]
    rows = [[_value(p, c) for c in columns] for p in people.prefetch_related("phones", "documents")]
    return export_personal_data(
        actor=actor, name="people", columns=columns, rows=rows, fmt=fmt, object_type="people.person"
    )
