"""Deployment statistics (distinct persons beside records) and the loader of published tables.

A published table is loaded twice over: its printed cells as ``PublishedDeploymentFigure``
rows, and worker records made from its finest cells (year x sector x sex), so that Phlov's own
statistics can be set against what was printed and the printed totals that do not add up show.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phlov.accounts.models import Organisation, OrganisationKind
from phlov.audit.services import record, register_action
from phlov.core.policies import Action, grants_of
from phlov.migration.models import (
    Agency,
    Employer,
    JobOrder,
    JobOrderStatus,
    PublishedDeploymentFigure,
    Worker,
    WorkerStatus,
)
from phlov.migration.policies import WorkerPolicy
from phlov.people.models import Person
from phlov.people.selectors import root_ids
from phlov.places.models import Place

register_action("migration.load_deployments", gettext_lazy("load a printed deployment table"))

DIMENSIONS = ("destination", "year", "sex", "sector", "agency")
# ISIC Rev.4: 9700 households as employers of domestic personnel; C manufacturing.
DOMESTIC_WORK = "9700"
FACTORY = "C"
NOT_GIVEN = ""


@dataclass
class Cell:
    keys: dict[str, Any]
    persons: int = 0
    records: int = 0


def deployed(actor: Any) -> QuerySet[Worker]:
    """Workers who left, that the actor may see."""

    return WorkerPolicy().restrict(actor).filter(departure_date__isnull=False)


def _key(row: dict[str, Any], by: Iterable[str]) -> tuple[Any, ...]:
    return tuple(row[d] for d in by)


def deployment_table(actor: Any, by: Iterable[str], **filters: Any) -> list[Cell]:
    """Counts grouped by ``by`` (any of DIMENSIONS): distinct persons (after merges) and records."""

    by = [d for d in by if d in DIMENSIONS]
    qs = deployed(actor)
    if filters.get("destination"):
        qs = qs.filter(job_order__destination=filters["destination"])
    if filters.get("year"):
        qs = qs.filter(departure_date__year=filters["year"])
    rows = qs.values_list(
        "person_id", "job_order__destination__name_en", "departure_date", "person__sex", "job_order__sector_isic",
        "job_order__agency__name_en",
    )  # fmt: skip
    raw = list(rows)
    roots = root_ids(r[0] for r in raw)
    records: dict[tuple[Any, ...], int] = defaultdict(int)
    persons: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for person_id, destination, departed, sex, sector, agency in raw:
        row = {
            "destination": destination,
            "year": departed.year if departed else None,
            "sex": sex,
            "sector": sector,
            "agency": agency,
        }
        key = _key(row, by)
        records[key] += 1
        persons[key].add(roots.get(person_id, person_id))
    return [
        Cell(keys=dict(zip(by, key, strict=True)), persons=len(persons[key]), records=records[key])
        for key in sorted(records, key=lambda k: tuple(str(v) for v in k))
    ]


# --- published tables -----------------------------------------------------------------------

# CSV column -> measure (see PublishedDeploymentFigure)
COLUMNS = {
    "total_total": "total", "total_male": "male", "total_female": "female",
    "domestic_workers_total": f"sector:{DOMESTIC_WORK}", "hrd_factory_total": f"sector:{FACTORY}",
    "hrd_factory_male": f"sector:{FACTORY}:male", "hrd_factory_female": f"sector:{FACTORY}:female",
}  # fmt: skip
# A printed total and the printed parts it should equal (the table's own arithmetic).
SUMS = (
    ("total", ("male", "female")),
    ("total", (f"sector:{DOMESTIC_WORK}", f"sector:{FACTORY}")),
    (f"sector:{FACTORY}", (f"sector:{FACTORY}:male", f"sector:{FACTORY}:female")),
)


def _number(text: str) -> int:
    text = text.strip().replace(",", "")
    return 0 if text in ("", "-") else int(text)


def read_table(path: Path) -> tuple[str, str, dict[int | None, dict[str, int]]]:
    """(source, table title, {year or None for the printed total row: {measure: value}})."""

    figures: dict[int | None, dict[str, int]] = {}
    source = title = ""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            source, title = row["source_document"], row["table"]
            year = None if row["year"].strip().lower() == "total" else int(row["year"])
            figures[year] = {measure: _number(row[column]) for column, measure in COLUMNS.items()}
    if not figures:
        raise ValidationError(_("The table has no rows."))
    return source, title, figures


def finest_cells(year_figures: dict[str, int]) -> dict[tuple[str, str], int]:
    """(sector, sex) -> workers, from one year's printed cells.

    Factory work is split by sex in print. Domestic workers are not: they are the women who are
    not in factories (female - factory women), and any domestic workers left over are men. Men
    the sectors do not account for (male - factory men - domestic men) keep the sector unknown,
    so every printed sex and sector cell is reproduced when the print allows it.
    """

    factory_m = year_figures[f"sector:{FACTORY}:male"]
    factory_f = year_figures[f"sector:{FACTORY}:female"]
    domestic = year_figures[f"sector:{DOMESTIC_WORK}"]
    domestic_f = min(domestic, max(year_figures["female"] - factory_f, 0))
    domestic_m = domestic - domestic_f
    cells = {
        (FACTORY, "male"): factory_m, (FACTORY, "female"): factory_f,
        (DOMESTIC_WORK, "female"): domestic_f, (DOMESTIC_WORK, "male"): domestic_m,
        (NOT_GIVEN, "male"): max(year_figures["male"] - factory_m - domestic_m, 0),
        (NOT_GIVEN, "female"): max(year_figures["female"] - factory_f - domestic_f, 0),
    }  # fmt: skip
    return {k: v for k, v in cells.items() if v}


def _historical_agency(actor: Any, organisation: Organisation, source: str) -> Agency:
    licence = f"UNNAMED-{source}"[:64]
    agency = Agency.objects.filter(licence_number=licence).first()
    if agency is not None:
        return agency
    org = Organisation.objects.create(
        kind=OrganisationKind.RECRUITMENT_AGENCY, parent=organisation,
        name_en=f"Agencies not named in {source}", name_km="",
    )  # fmt: skip
    return Agency.objects.create(
        organisation=org, name_en=org.name_en, licence_number=licence,
        licence_issued=datetime.date(1990, 1, 1), licence_expires=datetime.date(1990, 1, 1), status="revoked",
    )  # fmt: skip


def load_published_table(
    *, actor: Any, path: Path, destination_code: str, organisation: Organisation | None = None
) -> dict[str, Any]:
    """Load a printed deployment table as figures and as worker records (once per source)."""

    organisation = organisation or actor.organisation
    permission = WorkerPolicy.permission(Action.ADD)
    if not any(
        g.allows(permission) and organisation.path.startswith(g.organisation_path) for g in grants_of(actor)
    ):
        raise PermissionDenied
    source, title, figures = read_table(path)
    destination = Place.objects.get(kind="country", code=destination_code)
    if PublishedDeploymentFigure.objects.filter(source=source, destination=destination).exists():
        raise ValidationError(_("%(source)s is already loaded.") % {"source": source})
    with transaction.atomic():
        PublishedDeploymentFigure.objects.bulk_create(
            PublishedDeploymentFigure(source=source, table=title, destination=destination, year=year,
                                      measure=measure, value=value)
            for year, cells in figures.items() for measure, value in cells.items()
        )  # fmt: skip
        agency = _historical_agency(actor, organisation, source)
        employer = Employer.objects.create(name=f"Employers not named in {source}", country=destination)
        orders: dict[str, JobOrder] = {}
        made = 0
        for year, cells in sorted((y, c) for y, c in figures.items() if y is not None):
            for (sector, sex), count in finest_cells(cells).items():
                if sector not in orders:
                    orders[sector] = JobOrder.objects.create(
                        agency=agency, destination=destination, employer=employer, sector_isic=sector,
                        positions_count=0, position=title[:200], wage_amount=0, wage_currency="MYR",
                        status=JobOrderStatus.APPROVED,
                    )  # fmt: skip
                people = Person.objects.bulk_create(
                    Person(organisation=organisation, family_name_latin=f"{source[:60]} {year}",
                           given_name_latin=f"{sector or '-'} {sex} {n + 1}", sex=sex, notes=title)
                    for n in range(count)
                )  # fmt: skip
                Worker.objects.bulk_create(
                    Worker(person=p, job_order=orders[sector], registered_by=actor, departure_date=datetime.date(year, 1, 1),
                           status=WorkerStatus.DEPARTED, historical_source=source)
                    for p in people
                )  # fmt: skip
                made += count
        record(actor=actor, action="migration.load_deployments", object_type="migration.worker",
               detail={"source": source, "workers": made, "figures": sum(len(c) for c in figures.values())})  # fmt: skip
    return {"workers": made, "figures": sum(len(c) for c in figures.values()), "source": source}


@dataclass
class Comparison:
    year: int | None
    measure: str
    published: int
    computed: int
    # The printed parts this printed total should equal, where they give another number.
    parts_disagree: list[tuple[str, int]] = field(default_factory=list)

    @property
    def adds_up(self) -> bool:
        return not self.parts_disagree

    @property
    def reproduced(self) -> bool:
        return self.published == self.computed


def _computed(actor: Any, destination: Place, source: str) -> dict[int | None, dict[str, int]]:
    """Phlov's counts (distinct persons) for every measure a published table uses."""

    out: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for cell in deployment_table(actor, ["year", "sex", "sector"], destination=destination.pk):
        year, sex, sector = cell.keys["year"], cell.keys["sex"], cell.keys["sector"]
        for bucket in (year, None):
            out[bucket]["total"] += cell.persons
            out[bucket][sex] += cell.persons
            if sector:
                out[bucket][f"sector:{sector}"] += cell.persons
                out[bucket][f"sector:{sector}:{sex}"] += cell.persons
    return out


def compare_published(actor: Any, destination: Place, source: str) -> list[Comparison]:
    """Every printed cell beside Phlov's count, and whether the printed total equals its printed parts."""

    printed: dict[int | None, dict[str, int]] = defaultdict(dict)
    for figure in PublishedDeploymentFigure.objects.filter(source=source, destination=destination):
        printed[figure.year][figure.measure] = figure.value
    computed = _computed(actor, destination, source)
    years = sorted(y for y in printed if y is not None)
    result = []
    for year in [*years, None]:
        for measure, value in printed[year].items():
            disagree = []
            for total, parts in SUMS:
                if total == measure and all(p in printed[year] for p in parts):
                    summed = sum(printed[year][p] for p in parts)
                    if summed != value:
                        disagree.append((" + ".join(parts), summed))
            if year is None:
                summed = sum(printed[y].get(measure, 0) for y in years)
                if summed != value:
                    disagree.append(("years", summed))
            result.append(Comparison(year, measure, value, computed[year].get(measure, 0), disagree))
    return result


def published_sources(destination: Place | None = None) -> list[tuple[str, str, int]]:
    qs = PublishedDeploymentFigure.objects.all()
    if destination is not None:
        qs = qs.filter(destination=destination)
    return sorted(set(qs.values_list("source", "table", "destination_id")))
