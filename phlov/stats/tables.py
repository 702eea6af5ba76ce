"""The standard tables, in the layouts of the source documents: 000 Table 1 (by province),
000 Table 2 (repatriations by year and country) and 003's deployment tables.

Each table holds Phlov's own numbers (distinct persons, records beside) and, where the layout
comes from a printed table, the printed number beside Phlov's whenever they differ: a printed
total that does not add up is shown as such, never corrected in silence.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from phlov.places.models import Place, PlaceKind
from phlov.stats.conf import layouts, pick, published_rows, suppression_threshold
from phlov.stats.disclosure import protect
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, counts, counts_many


@dataclass
class Shown:
    """One number as a reader sees it."""

    persons: int
    records: int
    suppressed: bool = False
    printed: int | None = None  # the printed value, when a printed table has this cell
    drill: str = ""  # query string of the records behind it ("" when not offered)

    @property
    def disagrees(self) -> bool:
        return self.printed is not None and self.printed != self.persons

    @property
    def text(self) -> str:
        return "<11" if self.suppressed else str(self.persons)


@dataclass
class Row:
    label: str
    cells: list[Shown]
    total: Shown


@dataclass
class StatTable:
    code: str
    title: str
    source: str
    measure: str
    column_groups: list[tuple[str, int]]
    columns: list[str]
    rows: list[Row]
    totals: Row
    notes: list[str] = field(default_factory=list)
    suppressed_any: bool = False
    # Set when the table is counted for a page: the rendered table is cached against it.
    counted_at: datetime.datetime | None = None

    @property
    def disagreements(self) -> int:
        shown = [c for r in [*self.rows, self.totals] for c in [*r.cells, r.total]]
        return sum(1 for c in shown if c.disagrees)


def _printed_int(raw: str | None) -> int | None:
    raw = (raw or "").strip().replace(",", "")
    if raw in ("", "-", "\u2013"):  # blank, hyphen or en dash in print
        return 0
    return int(raw) if raw.isdigit() else None


def _apply_disclosure(table: StatTable, exact: bool) -> StatTable:
    if exact:
        return table
    body = [[c.persons for c in r.cells] for r in table.rows]
    margins = (
        [r.total.persons for r in table.rows],
        [c.persons for c in table.totals.cells],
        table.totals.total.persons,
    )
    result = protect(body, suppression_threshold(), margins=margins)
    for i, row in enumerate([*table.rows, table.totals]):
        for j, cell in enumerate([*row.cells, row.total]):
            if (i, j) in result.suppressed:
                cell.suppressed = True
                table.suppressed_any = True
            cell.drill = ""
            # A printed figure is public already; Phlov's suppressed one stays hidden beside it.
    return table


def _grid(
    measure: str,
    filters: Filters,
    row_dim: tuple[str, ...],
    col_dim: str,
    row_keys: Sequence[tuple[Any, ...]],
    col_keys: Sequence[Any],
) -> tuple[list[list[tuple[int, int]]], list[tuple[int, int]], list[tuple[int, int]], tuple[int, int]]:
    m = MEASURES[measure]
    cells = counts(m, filters, (*row_dim, col_dim))
    by_row = counts(m, filters, row_dim)
    by_col = counts(m, filters, (col_dim,))
    grand = counts(m, filters, ()).get((), (0, 0))
    body = [[cells.get((*rk, ck), (0, 0)) for ck in col_keys] for rk in row_keys]
    # The row and column totals are the people in the table's rows and columns, not every
    # person of the measure: a table lists some provinces or countries, not all.
    rows = [by_row.get(rk, (0, 0)) for rk in row_keys]
    cols = [
        (
            sum(cells.get((*rk, ck), (0, 0))[0] for rk in row_keys),
            sum(cells.get((*rk, ck), (0, 0))[1] for rk in row_keys),
        )
        if len(row_keys) != len(by_row)
        else by_col.get((ck,), (0, 0))
        for ck in col_keys
    ]
    if len(row_keys) != len(by_row) or len(col_keys) != len(by_col):
        grand = (sum(r[0] for r in rows), sum(r[1] for r in rows))
    return body, rows, cols, grand


def _shown(value: tuple[int, int], drill: str, printed: int | None = None) -> Shown:
    return Shown(persons=value[0], records=value[1], printed=printed, drill=drill)


def table1(filters: Filters, *, exact: bool) -> StatTable:
    layout = layouts()["table1"]
    printed = {r["location_as_printed"]: r for r in published_rows(layout["published"])}
    columns = layout["columns"]
    row_keys = [(code,) for _label, code in layout["rows"]]
    col_keys = [c["code"] for c in columns]
    body, row_totals, col_totals, grand = _grid(
        "table1", filters, ("province",), "category", row_keys, col_keys
    )
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    rows: list[Row] = []
    for (label, code), values, total in zip(layout["rows"], body, row_totals, strict=True):
        source = printed.get(label, {})
        rows.append(
            Row(
                label=provinces[code].name if code in provinces else label,
                cells=[
                    _shown(
                        v,
                        filters.query(measure="table1", province=code, category=c["code"]),
                        _printed_int(source.get(c["code"])),
                    )
                    for v, c in zip(values, columns, strict=True)
                ],
                total=_shown(
                    total, filters.query(measure="table1", province=code), _printed_int(source.get("total"))
                ),
            )
        )
    source_total = printed.get("Total", {})
    totals = Row(
        label=_("Total"),
        cells=[
            _shown(
                v,
                filters.query(measure="table1", category=c["code"]),
                _printed_int(source_total.get(c["code"])),
            )
            for v, c in zip(col_totals, columns, strict=True)
        ],
        total=_shown(grand, filters.query(measure="table1"), _printed_int(source_total.get("total"))),
    )
    groups: list[tuple[str, int]] = []
    for c in columns:
        name = pick(c, "group")
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    table = StatTable(
        code="table1", title=pick(layout, "title"), source=layout["source"], measure="table1",
        column_groups=groups, columns=[pick(c) for c in columns], rows=rows, totals=totals,
    )  # fmt: skip
    return _apply_disclosure(table, exact)


def table2(filters: Filters, *, exact: bool) -> StatTable:
    layout = layouts()["table2"]
    years: list[int] = list(layout["years"])
    if filters.year_from or filters.year_to:
        years = [y for y in range(filters.year_from or years[0], (filters.year_to or years[-1]) + 1)]
    names = {"Thailand": "TH", "Vietnam": "VN", "Malaysia": "MY", "Cambodia": "KH"}
    printed: dict[tuple[str, str, int], int] = {}
    for r in published_rows(layout["published"]):
        if r["source_document"].startswith("000_") and r["kind"] == "table":
            key = (names[r["repatriated_from"]], names[r["repatriated_to"]], int(r["year"]))
            printed[key] = int(r["number"])
    series = layout["series"]
    row_keys = [(s["from"], s["to"]) for s in series]
    # The totals are of the years shown, not of every year on record.
    shown_years = filters.but(year_from=years[0], year_to=years[-1]) if years else filters
    body, row_totals, col_totals, grand = _grid(
        "repatriations", shown_years, ("country_from", "country_to"), "year", row_keys, years
    )
    rows = [
        Row(
            label=pick(s),
            cells=[
                _shown(
                    v,
                    filters.query(
                        measure="repatriations", country_from=s["from"], country_to=s["to"], year=y
                    ),
                    printed.get((s["from"], s["to"], y)),
                )
                for v, y in zip(values, years, strict=True)
            ],
            total=_shown(
                total, filters.query(measure="repatriations", country_from=s["from"], country_to=s["to"])
            ),
        )
        for s, values, total in zip(series, body, row_totals, strict=True)
    ]
    totals = Row(
        label=_("Total"),
        cells=[
            _shown(v, filters.query(measure="repatriations", year=y))
            for v, y in zip(col_totals, years, strict=True)
        ],
        total=_shown(grand, filters.query(measure="repatriations")),
    )
    table = StatTable(
        code="table2", title=pick(layout, "title"), source=layout["source"], measure="repatriations",
        column_groups=[], columns=[str(y) for y in years], rows=rows, totals=totals,
    )  # fmt: skip
    return _apply_disclosure(table, exact)


def _sector(isic: str, sectors: list[dict[str, Any]]) -> str:
    code = (isic or "").upper()
    for sector in sectors:
        if any(code.startswith(prefix) for prefix in sector["isic"]):
            return str(sector["code"])
    return "other"


def deployments(filters: Filters, *, exact: bool, destination: str = "MY") -> StatTable:
    """Deployments to one destination by year: total, male, female, and each sector by sex."""

    layout = layouts()["deployments"]
    sectors = layout["sectors"]
    meta = next((d for d in layout["destinations"] if d["code"] == destination), None)
    m = MEASURES["deployments"]
    # One scan of this destination's workers for the three breakdowns.
    grouped = counts_many(
        m, filters, [("destination", "year", "sector", "sex"), ("destination", "year", "sex"), ("destination", "year")],
        destination=destination,
    )  # fmt: skip
    found = grouped[("destination", "year", "sector", "sex")]
    by_year_sex = grouped[("destination", "year", "sex")]
    by_year = grouped[("destination", "year")]
    printed: dict[tuple[str, str, str], int] = {}
    for r in published_rows(layout["published"]):
        if meta and r["destination"] == meta["published_name"]:
            value = _printed_int(r["value_as_printed"])
            if value is not None:
                printed[(r["year"], r["sector_or_channel"], r["sex"])] = value
    published_years = {int(y) for y, _s, _x in printed if y.isdigit()}
    years = sorted({int(k[1]) for k in by_year if k[0] == destination} | published_years)
    published_sectors = meta["published_sectors"] if meta else {}
    used = [s for s in sectors if s["code"] in published_sectors] or sectors
    # (sector code or "" for all, sex or "" for both) for each column after the row total.
    keys: list[tuple[str, str]] = [("", "male"), ("", "female")]
    headers = [_("Male"), _("Female")]
    groups: list[tuple[str, int]] = [(_("All"), 2)]
    for s in used:
        groups.append((pick(s), 3))
        keys += [(s["code"], ""), (s["code"], "male"), (s["code"], "female")]
        headers += [_("Total"), _("Male"), _("Female")]

    def count_of(year: int, sector: str, sex: str) -> tuple[int, int]:
        if not sector:
            if not sex:
                return by_year.get((destination, year), (0, 0))
            return by_year_sex.get((destination, year, sex), (0, 0))
        persons = records = 0
        for (dest, y, isic, x), (p, r) in found.items():
            if (
                dest == destination
                and y == year
                and _sector(isic, sectors) == sector
                and (not sex or x == sex)
            ):
                persons, records = persons + p, records + r
        return persons, records

    def printed_at(year: str, sector: str, sex: str) -> int | None:
        channel = published_sectors.get(sector, sector) if sector else "all"
        return printed.get((year, channel, sex or "total"))

    rows: list[Row] = []
    for year in years:
        drill = {"measure": "deployments", "destination": destination, "year": year}
        cells = [
            _shown(
                count_of(year, sector, sex),
                "" if sector else filters.but(sex=sex or filters.sex).query(**drill),
                printed_at(str(year), sector, sex),
            )
            for sector, sex in keys
        ]
        total = _shown(count_of(year, "", ""), filters.query(**drill), printed_at(str(year), "", ""))
        rows.append(Row(label=str(year), cells=cells, total=total))
    column_sums = [
        Shown(
            sum(r.cells[j].persons for r in rows),
            sum(r.cells[j].records for r in rows),
            printed=printed_at("Total", *keys[j]),
        )
        for j in range(len(keys))
    ]
    total = Shown(sum(r.total.persons for r in rows), sum(r.total.records for r in rows),
                  printed=printed_at("Total", "", ""))  # fmt: skip
    country = Place.objects.filter(kind=PlaceKind.COUNTRY, code=destination).first()
    table = StatTable(
        code=f"deployments-{destination}",
        title=f"{pick(layout, 'title')}: {country.name if country else destination}",
        source=layout["source"], measure="deployments", column_groups=groups,
        columns=headers, rows=rows, totals=Row(label=_("Total"), cells=column_sums, total=total),
    )  # fmt: skip
    return _apply_disclosure(table, exact)


TABLES = {"table1": table1, "table2": table2}
