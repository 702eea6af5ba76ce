"""Import benchmark (not a test): writes a CSV of N synthetic people (default 100,000) and
imports it into the configured database, printing the time of each stage.

    DATABASE_URL=postgres://... PHLOV_TESTING=1 .venv/bin/python bench/import_bench.py 100000

Each run imports under a new organisation ("Import bench ..."), so duplicates are checked
against an empty scope and every row is created.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")
os.environ.setdefault("PHLOV_TESTING", "1")

import django

django.setup()

from _synthetic import make_name, spell  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from phlov.accounts.models import Organisation, Role, RoleAssignment, User  # noqa: E402
from phlov.people.importing import run_import, suggest_mapping  # noqa: E402
from phlov.places.models import Place, PlaceKind  # noqa: E402

HEADERS = [
    "នាមត្រកូល",
    "នាមខ្លួន",
    "Family name (Latin)",
    "Given name (Latin)",
    "Sex",
    "Date of birth",
    "Village",
    "Phone",
    "National ID",
]


def write_file(path: Path, count: int, rng: random.Random) -> None:
    villages = list(Place.objects.filter(kind=PlaceKind.VILLAGE).values_list("code", flat=True)[:2000])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n in range(count):
            (km, latin) = spell(make_name(rng))
            writer.writerow(
                [
                    *km,
                    *latin,
                    rng.choice(("F", "M")),
                    f"{rng.randint(1960, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(villages),
                    f"0{rng.choice((12, 15, 16, 17, 77, 78, 89, 92, 97, 98))}{n % 1_000_000:06d}"
                    if n % 2
                    else "",
                    f"{n:09d}" if n % 3 == 0 else "",
                ]
            )


def _backend_pid() -> int | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a local process (the database server's backend), or -1."""

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--share-priority",
        action="store_true",
        help="give the database server's process for this connection this process's niceness "
        "(run under 'nice -n -10' on a machine shared with other work; needs the right to renice)",
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    organisation = Organisation.objects.create(kind="ngo", name_en=f"Import bench {stamp}", name_km="សាកល្បង")
    actor = User.objects.create(username=f"bench.import.{stamp}", organisation=organisation)
    RoleAssignment.objects.create(
        user=actor, role=Role.objects.get(code="caseworker"), organisation=organisation
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        started = time.perf_counter()
        write_file(path, args.n, random.Random(args.seed))  # noqa: S311 - synthetic data
        print(f"wrote {args.n} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        stages: dict[str, float] = {}
        last = [time.perf_counter(), ""]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            if stage != last[1]:
                last[0], last[1] = now, stage
            stages[stage] = now - float(last[0])
            print(f"\r{stage:<10} {done}/{total}", end="", file=sys.stderr, flush=True)

        backend = _backend_pid()
        if args.share_priority and backend is not None:
            os.setpriority(os.PRIO_PROCESS, backend, os.getpriority(os.PRIO_PROCESS, 0))
        backend_cpu = _cpu_seconds(backend)
        client_cpu = time.process_time()
        started = time.perf_counter()
        report = run_import(
            actor=actor, path=path, mapping=suggest_mapping(HEADERS), dry_run=False, progress=progress
        )
        total = time.perf_counter() - started
        client_cpu = time.process_time() - client_cpu
        backend_cpu = _cpu_seconds(backend) - backend_cpu
    print(file=sys.stderr)
    print(
        f"database: {connection.vendor}; rows: {report.total}; created: {report.created}; errors: {len(report.errors)}"
    )
    print(
        f"total {total:.1f} s ({report.total / total:,.0f} rows/s); stages: "
        + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
    )
    # Wall time depends on what else the machine runs; the CPU time of the two processes does not.
    print(
        f"CPU time: this process {client_cpu:.1f} s"
        + (f", its database server process {backend_cpu:.1f} s" if backend_cpu >= 0 else "")
        + f"; load average at the end {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
