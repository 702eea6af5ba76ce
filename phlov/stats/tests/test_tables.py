"""The standard tables against the printed ones: 000 Table 2 loaded as records comes back
cell for cell; 000 Table 1 loaded as records gives back every printed cell, and the printed
totals that do not add up are shown beside Phlov's, as disagreements."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from phlov.stats import tables
from phlov.stats.conf import PUBLISHED, layouts
from phlov.stats.filters import Filters
from phlov.stats.loaders import load_table1, load_table2

pytestmark = pytest.mark.django_db


def _rows(name: str) -> list[dict[str, str]]:
    with open(PUBLISHED / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(raw: str) -> int:
    return int(raw) if raw.strip().isdigit() else 0


def test_table2_reproduces_the_printed_repatriations(make_user: Any, organisation: Any) -> None:
    actor = make_user("supervisor")
    loaded = load_table2(actor=actor, organisation=organisation)
    printed = [r for r in _rows("repatriations_2005_2007.csv") if r["source_document"].startswith("000_")]
    assert loaded.persons == sum(int(r["number"]) for r in printed)

    table = tables.table2(Filters(), exact=True)
    names = {"Thailand": "TH", "Vietnam": "VN", "Malaysia": "MY", "Cambodia": "KH"}
    series = [(s["from"], s["to"]) for s in layouts()["table2"]["series"]]
    for r in printed:
        row = table.rows[series.index((names[r["repatriated_from"]], names[r["repatriated_to"]]))]
        cell = row.cells[table.columns.index(r["year"])]
        assert (cell.persons, cell.records) == (int(r["number"]), int(r["number"]))
        assert not cell.disagrees
    assert table.totals.total.persons == loaded.persons
    assert table.disagreements == 0


def test_table1_reproduces_every_printed_cell_and_shows_the_totals_that_do_not_add_up(
    make_user: Any, organisation: Any
) -> None:
    actor = make_user("supervisor")
    load_table1(actor=actor, organisation=organisation)
    table = tables.table1(Filters(), exact=True)
    layout = layouts()["table1"]
    labels = [label for label, _code in layout["rows"]]
    columns = [c["code"] for c in layout["columns"]]
    printed = {r["location_as_printed"]: r for r in _rows(layout["published"])}
    for label, row in zip(labels, table.rows, strict=True):
        for code, cell in zip(columns, row.cells, strict=True):
            assert cell.persons == _number(printed[label][code]), (label, code)
            assert not cell.disagrees
    # The printed totals that are not the sums of their cells (000_table1_checks.csv).
    wrong = {
        (row.label, "total"): (row.total.printed, row.total.persons)
        for row in table.rows
        if row.total.disagrees
    }
    assert sorted(v for v in wrong.values()) == [(18, 27), (76, 52)]
    rape = table.totals.cells[columns.index("rape_abuse")]
    assert (rape.printed, rape.persons, rape.disagrees) == (167, 176, True)
    grand = table.totals.total
    cell_sum = sum(_number(printed[label][code]) for label in labels for code in columns)
    assert (grand.printed, grand.persons, grand.disagrees) == (265, cell_sum, True)
    # Every other printed total agrees with Phlov.
    assert table.disagreements == 4


def test_a_table_for_an_analyst_is_suppressed_and_leads_nowhere(make_user: Any, organisation: Any) -> None:
    load_table1(actor=make_user("supervisor"), organisation=organisation)
    table = tables.table1(Filters(), exact=False)
    assert table.suppressed_any
    for row in [*table.rows, table.totals]:
        for cell in [*row.cells, row.total]:
            assert not cell.drill
            if 0 < cell.persons < 11:
                assert cell.suppressed
    exact = tables.table1(Filters(), exact=True)
    assert not exact.suppressed_any and exact.rows[0].cells[0].drill
