"""Deployment statistics: distinct persons beside records; the printed Malaysia 1998-2006 table reproduced."""

from __future__ import annotations

import csv
import datetime
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from phlov.migration.models import PublishedDeploymentFigure, Worker
from phlov.migration.services import deployments as service
from phlov.migration.tests import helpers as h
from phlov.people.models import Person

World = dict[str, Any]
MALAYSIA = Path("/work/shared/seed-data/003_deployments_malaysia_1998_2006.csv")
CSV_COLUMNS = {measure: column for column, measure in service.COLUMNS.items()}

needs_table = pytest.mark.skipif(not MALAYSIA.exists(), reason=f"{MALAYSIA} is not on this machine")


def _printed() -> dict[int | None, dict[str, int]]:
    """The table as printed, read here independently of the loader."""

    out: dict[int | None, dict[str, int]] = {}
    with MALAYSIA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year = None if row["year"] == "Total" else int(row["year"])
            out[year] = {m: int(row[c]) if row[c] not in ("-", "") else 0 for m, c in CSV_COLUMNS.items()}
    return out


def test_persons_are_distinct_after_a_merge_and_records_are_counted_beside(
    world: World, make_person: Any
) -> None:
    worker: Worker = world["worker"]
    twin = make_person(world["agency"].organisation, given_name_latin="Twin", sex="female")
    again = Worker.objects.create(person=twin, job_order=worker.job_order, registered_by=world["officer"],
                                  departure_date=datetime.date(2025, 9, 1))  # fmt: skip
    cells = service.deployment_table(world["officer"], ["destination", "year"])
    assert [(c.persons, c.records) for c in cells] == [(2, 2)]
    Person.objects.filter(pk=twin.pk).update(merged_into=worker.person)
    cells = service.deployment_table(world["officer"], ["destination", "year"])
    assert [(c.persons, c.records) for c in cells] == [(1, 2)]
    by_sex = service.deployment_table(world["officer"], ["sex", "agency", "sector"])
    assert sum(c.records for c in by_sex) == 2
    assert again.pk
    outsider = h.user_with("labour_officer", h.ministry_named("Elsewhere"))
    assert service.deployment_table(outsider, ["year"]) == []


@needs_table
def test_malaysia_1998_2006_is_reproduced_and_the_totals_that_do_not_add_up_are_shown(
    world: World, login: Any
) -> None:
    out = StringIO()
    call_command("migration", "load-deployments", str(MALAYSIA), "--destination", "MY",
                 "--actor", world["officer"].username, stdout=out)  # fmt: skip
    assert "loaded" in out.getvalue()
    printed = _printed()
    malaysia = h.country("MY")
    source = PublishedDeploymentFigure.objects.values_list("source", flat=True).get(
        year=2006, measure="total"
    )
    rows = service.compare_published(world["officer"], malaysia, source)
    assert len(rows) == sum(len(cells) for cells in printed.values())
    for row in rows:
        assert row.published == printed[row.year][row.measure]
        if row.adds_up:
            assert row.reproduced, (row.year, row.measure, row.published, row.computed)
        else:
            # A printed total that does not equal its printed parts: Phlov gives the sum of one of them.
            assert row.computed in {value for _parts, value in row.parts_disagree}, row
    # The table's own arithmetic, checked here from the printed figures.
    not_adding_up = {(r.year, r.measure) for r in rows if not r.adds_up}
    expected = set()
    for year, cells in printed.items():
        if cells["total"] not in (cells["male"] + cells["female"],) or cells["total"] != (
            cells["sector:9700"] + cells["sector:C"]
        ):
            expected.add((year, "total"))
        if cells["sector:C"] != cells["sector:C:male"] + cells["sector:C:female"]:
            expected.add((year, "sector:C"))
    for measure in printed[None]:
        if printed[None][measure] != sum(printed[y][measure] for y in printed if y is not None):
            expected.add((None, measure))
    assert not_adding_up == expected and (2006, "total") in expected
    # The command says the same as the page.
    reproduced = sum(1 for r in rows if r.reproduced)
    said = out.getvalue()
    assert f"reproduce {reproduced} of {len(rows)} printed figures" in said
    assert f"does not add up: 2006 total = {printed[2006]['total']}" in said
    assert said.count("does not add up") == sum(len(r.parts_disagree) for r in rows)
    # Every row the source marks inconsistent has a cell shown as not adding up, and no other row.
    with MALAYSIA.open(encoding="utf-8") as handle:
        flagged_rows = {None if r["year"] == "Total" else int(r["year"]) for r in csv.DictReader(handle)
                        if r["row_consistent"] == "no"}  # fmt: skip
    assert {year for year, _m in not_adding_up} == flagged_rows
    page = login(Client(), world["officer"]).get(reverse("migration:deployments"), {"by": ["year", "sex"]})
    body = page.content.decode()
    assert page.status_code == 200 and 'id="not-adding-up"' in body
    assert body.count('<tr class="error">') == len(not_adding_up)
    # Distinct persons equal records here: every loaded record is its own person.
    years = service.deployment_table(world["officer"], ["year"], destination=malaysia.pk)
    assert all(c.persons == c.records for c in years)
