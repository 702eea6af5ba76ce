"""003's Malaysia deployment table, loaded as worker records by the migration module's loader,
comes back in the statistics' deployment table: every printed cell of the years that add up,
and the 2006 row that does not add up shown with its printed figures beside Phlov's."""

from __future__ import annotations

from typing import Any

import pytest

from phlov.migration.services.deployments import load_published_table
from phlov.stats import tables
from phlov.stats.conf import PUBLISHED, published_rows
from phlov.stats.filters import Filters

pytestmark = pytest.mark.django_db


def test_the_malaysia_table_comes_back_with_its_inconsistent_row_shown(make_user: Any) -> None:
    load_published_table(
        actor=make_user("labour_officer"),
        path=PUBLISHED / "003_deployments_malaysia_1998_2006.csv",
        destination_code="MY",
    )
    table = tables.deployments(Filters(), exact=True, destination="MY")
    printed = {r["year"]: r for r in published_rows("003_deployments_malaysia_1998_2006.csv")}
    rows = {row.label: row for row in table.rows}
    # The columns after the row total: male, female, then each sector's total, male, female.
    columns = {"male": 0, "female": 1, "domestic_workers_total": 2, "hrd_factory_total": 5,
               "hrd_factory_male": 6, "hrd_factory_female": 7}  # fmt: skip
    for year, source in printed.items():
        if year == "Total" or source["row_consistent"] != "yes":
            continue
        row = rows[year]
        assert row.total.persons == int(source["total_total"])
        for column, index in columns.items():
            expected = source[column] if column in source else source[f"total_{column}"]
            value = 0 if expected in ("", "-") else int(expected)
            assert row.cells[index].persons == value, (year, column)
            assert not row.cells[index].disagrees, (year, column)
    assert any(cell.disagrees for cell in [*rows["2006"].cells, rows["2006"].total])
    assert table.totals.total.printed == 6619 and table.totals.total.disagrees
