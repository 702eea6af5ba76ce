"""What is counted: each measure is a queryset of records, the expression of the person each
record is about, and the expressions of its dimensions (year, sex, age group, province ...).

Every count is of distinct persons, with the raw record count beside it. A merged record
points at its survivor (merging repoints chains, see ``phlov.linkage.merging``), so
``COALESCE(person.merged_into_id, person_id)`` is the person; ``COUNT(DISTINCT ...)`` of it in
one aggregate query agrees with ``phlov.people.selectors.distinct_persons`` (a test proves it)
and stays fast on a national database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Case as CaseWhen
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, ExtractYear

from phlov.stats.conf import age_groups
from phlov.stats.filters import Filters


@dataclass(frozen=True)
class Measure:
    code: str
    model: str  # "app_label.Model"
    person: str  # path to the person's foreign key
    date: str  # path to the date (or datetime) that places a record in a period
    dimensions: dict[str, str]  # dimension -> path (values() lookup)
    base: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda qs: qs)
    is_datetime: bool = False
    # Dimensions computed by an expression (annotated under the dimension's own name).
    annotations: dict[str, Callable[[], Any]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        app_label, name = self.model.split(".")
        try:
            apps.get_model(app_label, name)
        except LookupError:
            return False
        return True

    def queryset(self) -> QuerySet[Any]:
        app_label, name = self.model.split(".")
        return self.base(apps.get_model(app_label, name)._default_manager.all())


def _victims(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.exclude(closure_reason="not_a_victim")


def _country_of(place: str) -> Any:
    """The country code of a place: a country's own code, "KH" for a Cambodian unit."""

    return CaseWhen(
        When(**{f"{place}__kind": "country"}, then=F(f"{place}__code")),
        When(**{f"{place}__isnull": True}, then=Value("")),
        default=Value("KH"),
    )


def _exploited(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(kind="Exploitation")


def _deployed(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(departure_date__isnull=False)


MEASURES: dict[str, Measure] = {
    "victims": Measure(
        "victims", "protection.Case", "person", "opened_on",
        {"year": "year", "sex": "person__sex", "province": "person__origin_province__code",
         "age_group": "age_group", "exploitation_form": "exploitation_forms__0"},
        base=_victims,
    ),
    "cases": Measure(
        "cases", "protection.Case", "person", "opened_on",
        {"year": "year", "sex": "person__sex", "province": "person__origin_province__code", "age_group": "age_group"},
    ),
    # A repatriation is a hand-over recorded on the case's repatriation (host country, date):
    # the one source of the repatriation figures.
    "repatriations": Measure(
        "repatriations", "protection.Repatriation", "case__person", "handover_on",
        {"year": "year", "sex": "case__person__sex", "province": "case__person__origin_province__code",
         "age_group": "age_group", "country_to": "case__person__nationality__code",
         "country_from": "host_country__code"},
        base=lambda qs: qs.filter(handover_on__isnull=False),
    ),
    "routes": Measure(
        "routes", "protection.TraffickingEvent", "case__person", "case__opened_on",
        {"year": "year", "sex": "case__person__sex", "province": "case__person__origin_province__code",
         "age_group": "age_group", "crossing": "border_crossing", "destination": "destination",
         "exploitation_form": "case__exploitation_forms__0"},
        base=_exploited, annotations={"destination": lambda: _country_of("place")},
    ),
    "deployments": Measure(
        "deployments", "migration.Worker", "person", "departure_date",
        {"year": "year", "sex": "person__sex", "province": "person__origin_province__code", "age_group": "age_group",
         "destination": "job_order__destination__code", "sector": "job_order__sector_isic"},
        base=_deployed,
    ),
    "table1": Measure(
        "table1", "stats.ReportingCategory", "case__person", "case__opened_on",
        {"year": "year", "sex": "case__person__sex", "province": "case__person__origin_province__code",
         "age_group": "age_group", "category": "code"},
        base=lambda qs: qs.filter(scheme="mowa_2002"),
    ),
}  # fmt: skip


def _age_expression(measure: Measure) -> Any:
    """The person's age group when the record happened (year of the record - year of birth)."""

    birth = f"{measure.person}__birth_year"
    age = ExtractYear(measure.date) - F(birth)
    whens = [When(**{f"{birth}__isnull": True}, then=Value(""))]
    whens += [When(Q(_age__gte=g.min, _age__lte=g.max), then=Value(g.code)) for g in age_groups()]
    return age, CaseWhen(*whens, default=Value(""))


def person_expression(measure: Measure) -> Any:
    return Coalesce(
        F(f"{measure.person}__merged_into_id"), F(f"{measure.person}_id"), output_field=IntegerField()
    )


def _bound(measure: Measure, year: int) -> datetime.date | datetime.datetime:
    if measure.is_datetime:
        return datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    return datetime.date(year, 1, 1)


def filtered(measure: Measure, filters: Filters, **cell: Any) -> QuerySet[Any]:
    """The measure's records in the filters, narrowed to one cell (dimension=value)."""

    qs = measure.queryset()
    if measure.annotations:
        qs = qs.annotate(**{name: make() for name, make in measure.annotations.items()})
    start, end = filters.year_from, filters.year_to
    if start:
        qs = qs.filter(**{f"{measure.date}__gte": _bound(measure, start)})
    if end:
        qs = qs.filter(**{f"{measure.date}__lt": _bound(measure, end + 1)})
    dims = measure.dimensions
    if filters.sex and "sex" in dims:
        qs = qs.filter(**{dims["sex"]: filters.sex})
    if filters.province and "province" in dims:
        qs = qs.filter(**{dims["province"]: filters.province})
    needs_age = bool(filters.age_group) or "age_group" in cell
    if needs_age:
        age, group = _age_expression(measure)
        qs = qs.annotate(_age=age).annotate(age_group=group)
        if filters.age_group:
            qs = qs.filter(age_group=filters.age_group)
    if "year" in cell or "year" in dims:
        qs = qs.annotate(year=ExtractYear(measure.date))
    for dimension, value in cell.items():
        if dimension not in dims or value in (None, ""):
            continue
        qs = qs.filter(**{dims[dimension]: value})
    return qs


def counts(
    measure: Measure, filters: Filters, by: tuple[str, ...] = (), **cell: Any
) -> dict[tuple[Any, ...], tuple[int, int]]:
    """(dimension values) -> (distinct persons, records), in one aggregate query; ``cell``
    narrows the records first (dimension=value)."""

    if not measure.available:
        return {}
    qs = filtered(measure, filters, **cell)
    if "age_group" in by and not filters.age_group:
        age, group = _age_expression(measure)
        qs = qs.annotate(_age=age).annotate(age_group=group)
    paths = [measure.dimensions[d] for d in by]
    aggregates = {"persons": Count(person_expression(measure), distinct=True), "records": Count("pk")}
    if not paths:
        if not qs.filter(**{f"{measure.person}__merged_into__isnull": False}).exists():
            # No merged record among these: each person id is its own person, and the count
            # needs no join to the people table (a million workers: 750 ms -> 190 ms).
            aggregates["persons"] = Count(f"{measure.person}_id", distinct=True)
        row = qs.aggregate(**aggregates)
        return {(): (row["persons"] or 0, row["records"] or 0)}
    rows = qs.order_by().values(*paths).annotate(**aggregates)
    return {tuple(r[p] for p in paths): (r["persons"], r["records"]) for r in rows}


Grouping = tuple[str, ...]


def _column(path: str, from_json: bool) -> Any:
    if not from_json:
        return F(path)
    field, index = path.rsplit("__", 1)
    return KeyTextTransform(index, field)  # the element as text, which the ORM decodes a JSON string to


def counts_many(
    measure: Measure, filters: Filters, groupings: list[Grouping], **cell: Any
) -> dict[Grouping, dict[tuple[Any, ...], tuple[int, int]]]:
    """:func:`counts` for several groupings in one statement: the measure's records are read
    once (a common table expression) and grouped once per grouping (``UNION ALL``), instead of
    one scan and join per breakdown."""

    if not measure.available:
        return {g: {} for g in groupings}
    # A dimension read from a JSON array's element (``..._forms__0``) is read as text in the same
    # statement (:func:`_column`), so the records are still read only once.
    json_dims = {d for d, path in measure.dimensions.items() if path.rsplit("__", 1)[-1].isdigit()}
    simple = list(groupings)
    found: dict[Grouping, dict[tuple[Any, ...], tuple[int, int]]] = {}
    if len(simple) < 2:
        return {g: counts(measure, filters, g, **cell) for g in simple}
    dims = sorted({d for g in simple for d in g})
    qs = filtered(measure, filters, **cell)
    if "age_group" in dims and not filters.age_group:
        age, group = _age_expression(measure)
        qs = qs.annotate(_age=age).annotate(age_group=group)
    columns = {f"d_{d}": _column(measure.dimensions[d], d in json_dims) for d in dims}
    person = person_expression(measure)
    if not qs.filter(**{f"{measure.person}__merged_into__isnull": False}).exists():
        person = F(f"{measure.person}_id")  # as in counts(): no merged record, no join needed for it
    base = qs.order_by().values(stats_person=person, **columns)
    sql, params = base.query.sql_with_params()
    branches = []
    for index, grouping in enumerate(simple):
        selected = ", ".join(f'"d_{d}"' if d in grouping else f'NULL AS "d_{d}"' for d in dims)
        group_by = f" GROUP BY {', '.join(f'{chr(34)}d_{d}{chr(34)}' for d in grouping)}" if grouping else ""
        branches.append(
            f'SELECT {index} AS stats_grouping, {selected}, COUNT(DISTINCT "stats_person"), COUNT(*) '  # noqa: S608
            f"FROM stats_base{group_by}"
        )
    # The names in the statement are the measure's own dimension codes, never user input.
    statement = f"WITH stats_base AS ({sql}) " + " UNION ALL ".join(branches)
    for grouping in simple:
        found[grouping] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for row in cursor.fetchall():
            grouping = simple[row[0]]
            # PostgreSQL's EXTRACT gives a numeric; the ORM's counts give an int.
            values = {
                d: int(v) if isinstance(v, Decimal) else v
                for d, v in zip(dims, row[1 : 1 + len(dims)], strict=True)
            }
            persons, records = row[-2], row[-1]
            if not grouping and not records:
                persons = 0
            found[grouping][tuple(values[d] for d in grouping)] = (persons or 0, records or 0)
    for grouping in simple:
        if not grouping and () not in found[grouping]:
            found[grouping][()] = (0, 0)
    return found
