"""Loaders that turn the rows of a published table into Phlov records (bulk, with their audit
trail), so that Phlov's standard tables can be checked against what was printed.

Each printed cell of ``n`` becomes ``n`` people with a case; nothing is invented beyond what
the cell says (sex where the table says it, the province, the year, the country).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from phlov.audit.services import record_many
from phlov.people.models import Person
from phlov.places.models import Place, PlaceKind
from phlov.protection.models import Case, StageChange, TraffickingEvent
from phlov.stats.conf import layouts, published_rows
from phlov.stats.models import ReportingCategory
from phlov.stats.versions import bump


@dataclass
class Loaded:
    persons: int = 0
    cases: int = 0


def _int(raw: str | None) -> int:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else 0


def _people(organisation: Any, n: int, **fields: Any) -> list[Person]:
    made = Person.objects.bulk_create([Person(organisation=organisation, **fields) for _ in range(n)])
    if made and made[0].pk is None:  # backends that do not return ids (not ours, but be safe)
        raise RuntimeError("bulk_create returned no primary keys")
    return made


def _audit(actor: Any, cases: list[Case], source: str) -> None:
    record_many(
        actor=actor,
        events=[{"action": "stats.load", "obj": case, "detail": {"source": source}} for case in cases],
    )


def load_table1(*, actor: Any, organisation: Any) -> Loaded:
    """000 Table 1 as records: for every printed cell, that many women from the row's province
    with a 2002 case counted under the column's category of the MoWA scheme."""

    layout = layouts()["table1"]
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    cambodia = Place.objects.get(kind=PlaceKind.COUNTRY, code="KH")
    codes = dict(layout["rows"])
    loaded = Loaded()
    with transaction.atomic():
        cases: list[Case] = []
        categories: list[ReportingCategory] = []
        for row in published_rows(layout["published"]):
            label = row["location_as_printed"]
            if label not in codes:
                continue  # the printed total row
            province = provinces[codes[label]]
            for column in layout["columns"]:
                n = _int(row[column["code"]])
                if not n:
                    continue
                people = _people(
                    organisation, n, sex="female", nationality=cambodia, origin_province=province
                )
                made = Case.objects.bulk_create(
                    [
                        Case(person=p, organisation=organisation, opened_on=datetime.date(2002, 1, 1))
                        for p in people
                    ]
                )
                cases += made
                categories += [
                    ReportingCategory(
                        case=c, scheme=layout["scheme"], code=column["code"], source=layout["source"]
                    )
                    for c in made
                ]
                loaded.persons += n
        ReportingCategory.objects.bulk_create(categories)
        _audit(actor, cases, layout["source"])
        loaded.cases = len(cases)
    bump()
    return loaded


def _procedure_for(host: str, nationality: str) -> str:
    """The bilateral procedure of the host country (or of the person's country when the host is
    Cambodia), from the protection module's repatriation data."""

    from phlov.protection import servicedata

    known = {str(getattr(p, "country", "")): p.code for p in servicedata.procedures()}
    return known.get(host) or known.get(nationality) or next(iter(known.values()), "")


def add_repatriations(cases: list[Case], host: Place, returned: datetime.date) -> None:
    """The cases' repatriation records (host country, hand-over date), where the protection
    module keeps them."""

    from django.apps import apps

    try:
        Repatriation = apps.get_model("protection", "Repatriation")
    except LookupError:
        return
    if not cases:
        return
    nationality = cases[0].person.nationality.code if cases[0].person.nationality else ""
    procedure = _procedure_for(host.code, nationality)
    Repatriation.objects.bulk_create(
        [
            Repatriation(
                case=c,
                procedure=procedure,
                host_country=host,
                identified_on=c.opened_on,
                handover_on=returned,
            )
            for c in cases
        ]
    )


def load_table2(*, actor: Any, organisation: Any) -> Loaded:
    """000 Table 2 as records: for every printed number, that many people returned from one
    country to another in the year (a case whose repatriation stage ended that year)."""

    layout = layouts()["table2"]
    countries = {p.code: p for p in Place.objects.filter(kind=PlaceKind.COUNTRY)}
    names = {"Thailand": "TH", "Vietnam": "VN", "Malaysia": "MY", "Cambodia": "KH"}
    loaded = Loaded()
    with transaction.atomic():
        cases: list[Case] = []
        for row in published_rows(layout["published"]):
            if not row["source_document"].startswith("000_") or row["kind"] != "table":
                continue
            source, destination = names[row["repatriated_from"]], names[row["repatriated_to"]]
            year, n = int(row["year"]), _int(row["number"])
            people = _people(organisation, n, nationality=countries[destination])
            made = Case.objects.bulk_create(
                [
                    Case(
                        person=p,
                        organisation=organisation,
                        opened_on=datetime.date(year, 1, 1),
                        identified_abroad=True,
                        stage="reception",
                    )
                    for p in people
                ]
            )
            TraffickingEvent.objects.bulk_create(
                [TraffickingEvent(case=c, kind="Exploitation", place=countries[source]) for c in made]
            )
            returned = datetime.datetime(year, 7, 1, tzinfo=datetime.UTC)
            StageChange.objects.bulk_create(
                [
                    StageChange(
                        case=c,
                        from_stage="repatriation",
                        to_stage="reception",
                        status="done",
                        requested_by=actor,
                        requested_at=returned,
                    )
                    for c in made
                ]
            )
            add_repatriations(made, countries[source], datetime.date(year, 7, 1))
            cases += made
            loaded.persons += n
        _audit(actor, cases, layout["source"])
        loaded.cases = len(cases)
    bump()
    return loaded
