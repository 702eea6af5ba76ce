"""Dashboard and standard-table times on the database named by ``DATABASE_URL``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phlov_bench_national \\
        PHLOV_TESTING=1 .venv/bin/python bench/dashboard.py --repeat 5

For the national dashboard and a provincial one, for both kinds of reader (exact, and
suppressed for analysts): *cold* is the first build after the statistics cache was emptied
(every aggregate query runs), *warm* is a second request answered from the cache. Each standard
table is timed cold. Prints a Markdown table and the database's size (persons, cases).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from phlov.stats import dashboard, tables  # noqa: E402
from phlov.stats.filters import Filters  # noqa: E402


def timed(action: Callable[[], Any], repeat: int, *, clear: bool) -> list[float] | str:
    """Seconds per run, or the error that stopped it (a database of another schema version)."""

    times = []
    for _ in range(repeat):
        if clear:
            cache.clear()
        start = time.perf_counter()
        try:
            action()
        except Exception as error:  # reported in the table; the other rows still run
            connection.close()
            return f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float] | str, limit: float) -> str:
    if isinstance(times, str):
        return f"| {name} | error | {times} | {limit * 1000:.0f} ms | |"
    median, worst = statistics.median(times), max(times)
    verdict = "ok" if worst <= limit else "over"
    return f"| {name} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms | {limit * 1000:.0f} ms | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--province", default="14", help="province code of the provincial dashboard")
    args = parser.parse_args()

    from phlov.people.models import Person
    from phlov.protection.models import Case

    print(f"database: {connection.vendor} {connection.settings_dict.get('NAME')}")
    print(f"persons: {Person.objects.count():,}  cases: {Case.objects.count():,}")
    print()
    print("| what | median | worst | limit | |")
    print("| --- | --- | --- | --- | --- |")
    national, province = Filters(), Filters(province=args.province)
    filtered = Filters(province=args.province, sex="female", year_from=2020)
    for label, filters in (
        ("national", national),
        (f"province {args.province}", province),
        ("filtered", filtered),
    ):
        for exact in (True, False):
            who = "exact" if exact else "suppressed"

            def build(f: Filters = filters, e: bool = exact) -> Any:
                return dashboard.cached(f, exact=e)

            cold = timed(build, args.repeat, clear=True)
            print(row(f"dashboard {label}, {who}, cold", cold, 1.0))
            build()
            warm = timed(build, args.repeat, clear=False)
            print(row(f"dashboard {label}, {who}, warm", warm, 0.2))
    builders: dict[str, Callable[[], Any]] = {
        "table 1 (000, by province)": lambda: tables.table1(national, exact=False),
        "table 2 (000, repatriations)": lambda: tables.table2(national, exact=False),
        "deployments to Malaysia (003)": lambda: tables.deployments(national, exact=False, destination="MY"),
        "deployments to South Korea (003)": lambda: tables.deployments(
            national, exact=False, destination="KR"
        ),
    }
    for name, make_table in builders.items():
        print(row(f"{name}, cold", timed(make_table, args.repeat, clear=True), 2.0))


if __name__ == "__main__":
    main()
