"""The dashboards' content: headline figures, a time series, a tile map of provinces and a route
diagram, computed with aggregate queries and kept in the cache by filters and data version.

The drawings are plain numbers and coordinates here; the templates turn them into SVG on the
server (no script draws them, nothing is downloaded). For a reader without ``exact``, every
breakdown goes through :func:`phlov.stats.disclosure.protect` and no number leads to records.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phlov.places.models import Place, PlaceKind
from phlov.protection import vocab
from phlov.stats.conf import cache_seconds, refresh_seconds, stats_settings, suppression_threshold
from phlov.stats.disclosure import protect, protect_series
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, Grouping, counts, counts_many
from phlov.stats.tables import Shown
from phlov.stats.versions import version

BAR_AREA = 160  # height of the time series' bars (SVG units)
TILE = 64


@dataclass
class Bar:
    label: str
    shown: Shown
    x: int
    y: int
    height: int


@dataclass
class Tile:
    code: str
    name: str
    shown: Shown
    x: int
    y: int
    level: int  # 0 (none) to 4 (most), the colour class


@dataclass
class Node:
    key: str
    label: str
    shown: Shown
    x: int
    y: int
    height: int


@dataclass
class Link:
    x1: int
    y1: int
    x2: int
    y2: int
    width: int
    shown: Shown


@dataclass
class Dashboard:
    headline: list[tuple[str, Shown | None]]
    bars: list[Bar]
    bars_width: int
    tiles: list[Tile]
    map_width: int
    map_height: int
    nodes: list[Node]
    links: list[Link]
    route_columns: list[tuple[int, str]]
    route_height: int
    suppressed_any: bool = False
    threshold: int = 11
    awaiting: list[str] = field(default_factory=list)
    counted_at: datetime.datetime | None = None
    refresh_seconds: int = 60


def _total(
    measure: str, filters: Filters, exact: bool, found: dict[tuple[Any, ...], tuple[int, int]] | None = None
) -> Shown | None:
    m = MEASURES[measure]
    if not m.available:
        return None
    persons, records = (found if found is not None else counts(m, filters, ())).get((), (0, 0))
    shown = Shown(persons, records, drill=filters.query(measure=measure) if exact else "")
    if not exact and 0 < persons < suppression_threshold():
        shown.suppressed = True
    return shown


def _series(
    filters: Filters, exact: bool, found: dict[tuple[Any, ...], tuple[int, int]]
) -> tuple[list[Bar], int, bool]:
    years = sorted(y for (y,) in found if y is not None)
    if years:
        years = list(range(years[0], years[-1] + 1))
    values = [found.get((y,), (0, 0)) for y in years]
    hidden: set[int] = set()
    if not exact and values:
        result = protect_series([v[0] for v in values], suppression_threshold())
        hidden = {c for r, c in result.suppressed if r == 0 and c < len(values)}
    top = max([v[0] for i, v in enumerate(values) if i not in hidden] or [1]) or 1
    bars = []
    for i, (year, value) in enumerate(zip(years, values, strict=True)):
        shown = Shown(value[0], value[1], suppressed=i in hidden,
                      drill=filters.query(measure="victims", year=year) if exact else "")  # fmt: skip
        height = 0 if shown.suppressed else max(1 if value[0] else 0, round(BAR_AREA * value[0] / top))
        bars.append(Bar(str(year), shown, x=40 + i * 36, y=20 + BAR_AREA - height, height=height))
    return bars, 40 + len(years) * 36 + 20, bool(hidden)


def _tiles(
    filters: Filters, exact: bool, found: dict[tuple[Any, ...], tuple[int, int]]
) -> tuple[list[Tile], int, int, bool]:
    positions: dict[str, list[int]] = stats_settings()["tile_map"]["tiles"]
    provinces = {p.code: p for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    codes = sorted(positions)
    values = [found.get((code,), (0, 0)) for code in codes]
    hidden: set[int] = set()
    if not exact:
        # The provinces are published with the national total (people of unknown province are
        # a column of their own, so the total does not give back a province's number).
        unknown = found.get((None,), (0, 0))[0]
        result = protect_series([v[0] for v in values] + [unknown], suppression_threshold())
        hidden = {c for r, c in result.suppressed if r == 0 and c < len(codes)}
    shown_values = [v[0] for i, v in enumerate(values) if i not in hidden and v[0]]
    top = max(shown_values or [1])
    tiles = []
    for i, (code, value) in enumerate(zip(codes, values, strict=True)):
        col, row = positions[code]
        shown = Shown(value[0], value[1], suppressed=i in hidden,
                      drill=filters.query(measure="victims", province=code) if exact else "")  # fmt: skip
        level = 0 if not value[0] or shown.suppressed else 1 + min(3, int(4 * value[0] / (top + 1)))
        place = provinces.get(code)
        tiles.append(
            Tile(
                code,
                place.name if place else code,
                shown,
                x=col * (TILE + 4),
                y=row * (TILE + 4),
                level=level,
            )
        )
    width = 7 * (TILE + 4)
    height = 6 * (TILE + 4)
    return tiles, width, height, bool(hidden)


def _route_labels() -> dict[str, dict[str, str]]:
    provinces = {p.code: p.name for p in Place.objects.filter(kind=PlaceKind.PROVINCE)}
    countries = {p.code: p.name for p in Place.objects.filter(kind=PlaceKind.COUNTRY)}
    crossings = {t.code: t.label for t in vocab.terms("border_crossings")}
    forms = {t.code: t.label for t in vocab.terms("exploitation_forms")}
    return {
        "province": provinces,
        "crossing": crossings,
        "destination": countries,
        "exploitation_form": forms,
    }


ROUTE_STEPS = ("province", "crossing", "destination", "exploitation_form")
ROUTE_TOP = 8  # nodes per column; the rest are grouped as "other"
OTHER = "~other"


ROUTE_PAIRS = [(ROUTE_STEPS[i], ROUTE_STEPS[i + 1]) for i in range(len(ROUTE_STEPS) - 1)]


def _routes(
    filters: Filters, exact: bool, everything: dict[Grouping, dict[tuple[Any, ...], tuple[int, int]]]
) -> tuple[list[Node], list[Link], list[tuple[int, str]], int, bool]:
    labels = _route_labels()
    threshold = suppression_threshold()
    pairs = ROUTE_PAIRS
    keep: dict[str, list[str]] = {}
    totals: dict[str, dict[str, tuple[int, int]]] = {}
    for step in ROUTE_STEPS:
        found = everything[(step,)]
        ranked = sorted(((str(k[0] or ""), v) for k, v in found.items()), key=lambda kv: -kv[1][0])
        keep[step] = [k for k, _v in ranked[:ROUTE_TOP]]
        merged: dict[str, tuple[int, int]] = {}
        for k, v in ranked:
            key = k if k in keep[step] else OTHER
            p, r = merged.get(key, (0, 0))
            merged[key] = (p + v[0], r + v[1])  # persons of "other" may overlap; it is an upper bound
        if OTHER in merged:
            keep[step].append(OTHER)
        totals[step] = merged
    column_x = [20 + i * 230 for i in range(len(ROUTE_STEPS))]
    grand = max((sum(v[0] for v in totals[s].values()) for s in ROUTE_STEPS), default=0) or 1
    area = 360
    nodes: dict[tuple[str, str], Node] = {}
    hidden_nodes: set[tuple[str, str]] = set()
    links: list[Link] = []
    hidden_any = False
    for step_index, step in enumerate(ROUTE_STEPS):
        y = 30
        for key in keep[step]:
            value = totals[step].get(key, (0, 0))
            height = max(14, round(area * value[0] / grand))
            label = _("other") if key == OTHER else labels[step].get(key, key or _("unknown"))
            drill = filters.query(measure="routes", **{step: key}) if exact and key not in (OTHER, "") else ""
            nodes[(step, key)] = Node(key, label, Shown(value[0], value[1], drill=drill),
                                      x=column_x[step_index], y=y, height=height)  # fmt: skip
            y += height + 12
    height = max((n.y + n.height for n in nodes.values()), default=60) + 20
    for a, b in pairs:
        found = everything[(a, b)]
        matrix: dict[tuple[str, str], tuple[int, int]] = {}
        for (ka, kb), v in found.items():
            cell = (
                str(ka or "") if str(ka or "") in keep[a] else OTHER,
                str(kb or "") if str(kb or "") in keep[b] else OTHER,
            )
            p, r = matrix.get(cell, (0, 0))
            matrix[cell] = (p + v[0], r + v[1])
        rows, cols = keep[a], keep[b]
        body = [[matrix.get((ra, cb), (0, 0))[0] for cb in cols] for ra in rows]
        suppressed: set[tuple[int, int]] = set()
        if not exact and rows and cols:
            margins = ([totals[a][ra][0] for ra in rows], [totals[b][cb][0] for cb in cols],
                       sum(v[0] for v in matrix.values()))  # fmt: skip
            result = protect(body, threshold, margins=margins)
            suppressed = set(result.suppressed)
            for i, ra in enumerate(rows):
                if (i, len(cols)) in suppressed:
                    hidden_nodes.add((a, ra))
            for j, cb in enumerate(cols):
                if (len(rows), j) in suppressed:
                    hidden_nodes.add((b, cb))
        for i, ra in enumerate(rows):
            for j, cb in enumerate(cols):
                value = matrix.get((ra, cb), (0, 0))
                if not value[0]:
                    continue
                na, nb = nodes[(a, ra)], nodes[(b, cb)]
                shown = Shown(value[0], value[1], suppressed=(i, j) in suppressed)
                hidden_any = hidden_any or shown.suppressed
                width = 2 if shown.suppressed else max(1, round(area * value[0] / grand))
                links.append(
                    Link(na.x + 150, na.y + na.height // 2, nb.x, nb.y + nb.height // 2, width, shown)
                )
    for hidden in hidden_nodes:
        nodes[hidden].shown.suppressed = True
        nodes[hidden].shown.drill = ""
    headings = [_("province of origin"), _("border crossing"), _("destination"), _("form of exploitation")]
    return (
        list(nodes.values()),
        links,
        list(zip(column_x, headings, strict=True)),
        height,
        bool(hidden_nodes) or hidden_any,
    )


def _concurrently(work: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each piece of counting on a connection of its own, at the same time.

    The dashboard's statements are independent and each keeps one core of the database busy;
    side by side they take about the time of the longest. Only outside a transaction: inside
    one (a test, a request that has written) other connections would not see its rows. Only
    on PostgreSQL: SQLite has one file and one writer, and nothing to gain.
    """

    if connection.in_atomic_block or connection.vendor != "postgresql":
        return {name: count() for name, count in work.items()}

    def run(count: Callable[[], Any]) -> Any:
        try:
            return count()
        finally:
            connections.close_all()  # this thread's connection, not the caller's

    with ThreadPoolExecutor(max_workers=min(len(work), os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run, count) for name, count in work.items()}
        return {name: future.result() for name, future in futures.items()}


def _counted(filters: Filters) -> dict[str, Any]:
    def total(code: str) -> Callable[[], dict[tuple[Any, ...], tuple[int, int]]]:
        return lambda: counts(MEASURES[code], filters, ())

    return _concurrently({
        "routes": lambda: counts_many(MEASURES["routes"], filters, [(s,) for s in ROUTE_STEPS] + list(ROUTE_PAIRS)),
        "deployments": total("deployments"),
        "victims": lambda: counts_many(MEASURES["victims"], filters, [(), ("year",), ("province",)]),
        "repatriations": total("repatriations"),
    })  # fmt: skip


def build(filters: Filters, *, exact: bool) -> Dashboard:
    found = _counted(filters)
    victims = found["victims"]
    bars, bars_width, hidden_bars = _series(filters, exact, victims[("year",)])
    tiles, map_width, map_height, hidden_tiles = _tiles(filters, exact, victims[("province",)])
    nodes, links, columns, route_height, hidden_routes = _routes(filters, exact, found["routes"])
    headline = [
        (_("victims identified (persons)"), _total("victims", filters, exact, victims[()])),
        (_("repatriations"), _total("repatriations", filters, exact, found["repatriations"])),
        (_("workers deployed"), _total("deployments", filters, exact, found["deployments"])),
    ]
    return Dashboard(
        headline=headline, bars=bars, bars_width=bars_width, tiles=tiles, map_width=map_width,
        map_height=map_height, nodes=nodes, links=links, route_columns=columns, route_height=route_height,
        suppressed_any=hidden_bars or hidden_tiles or hidden_routes or any(s and s.suppressed for _l, s in headline),
        threshold=suppression_threshold(), counted_at=timezone.now(), refresh_seconds=refresh_seconds(),
    )  # fmt: skip


# Longer than any recount takes; a recount that died leaves its lock only this long.
RECOUNT_LOCK_SECONDS = 120


def _fresh_enough(key: str, build_now: Callable[[], Any]) -> Any:
    """What ``build_now`` gives, from the cache when the data has not changed since it was
    counted, or when it was counted less than ``refresh_seconds`` ago (then it may be that
    much behind: a day of saves must not recount a million records on every view)."""

    current = version()
    entry = cache.get(key)  # (data version, counted at, what was built)
    now = time.time()
    if entry is not None:
        age = now - entry[1]
        # Where processes do not share the cache, another's saves do not change this one's data
        # version: ``cache_seconds`` bounds how long a count may stand on the version alone.
        if age < refresh_seconds() or (entry[0] == current and age < cache_seconds()):
            return entry[2]
    # A recount at national scale takes a second of the whole machine: when the count is due,
    # one request redoes it and the others keep showing the last count meanwhile, rather than
    # every reader arriving in that second starting the same recount.
    lock = f"{key}:recounting"
    if entry is not None and not cache.add(lock, True, RECOUNT_LOCK_SECONDS):
        return entry[2]
    try:
        built = build_now()
        # Kept past its term, so that the reader who finds it due recounts while the others
        # are answered from it (instead of all finding nothing and all recounting).
        cache.set(key, (current, now, built), 2 * cache_seconds())
    finally:
        if entry is not None:
            cache.delete(lock)
    return built


def cached(filters: Filters, *, exact: bool) -> Dashboard:
    """The dashboard from the cache, keyed by the filters, the reader's kind and the language."""

    key = f"phlov:stats:dash:{get_language()}:{int(exact)}:{filters.key()}"
    return _fresh_enough(key, lambda: build(filters, exact=exact))


def cached_table(code: str, filters: Filters, *, exact: bool, builder: Any) -> Any:
    key = f"phlov:stats:table:{code}:{get_language()}:{int(exact)}:{filters.key()}"

    def build_now() -> Any:
        table = builder(filters, exact=exact)
        table.counted_at = timezone.now()
        return table

    return _fresh_enough(key, build_now)
