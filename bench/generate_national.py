"""Generator benchmark (not a test): ``phlov demo --scale national`` into a fresh PostgreSQL
database, timed, with the peak memory of the generating process.

    PHLOV_TESTING=1 .venv/bin/python bench/generate_national.py [--scale national] [--seed 0] \
        [--database phlov_bench_national]

Drops and recreates the database on 127.0.0.1 (trust authentication, user postgres), runs the
migrations, then the demo command with ``--no-serve --scale``. Prints the wall time of each
step, the generator's own time and counts (from the command's output), and the peak resident
set of the child processes (``ru_maxrss`` of RUSAGE_CHILDREN: the largest child, which is the
generating command; its two key-computing workers are smaller).
"""

# ruff: noqa: S603, S607 (runs the project's own commands and the PostgreSQL client tools)
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="national", choices=("demo", "province", "national"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--database", default="phlov_bench_national")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    env = {
        **os.environ,
        "PHLOV_TESTING": os.environ.get("PHLOV_TESTING", "1"),
        "DATABASE_URL": f"postgres://postgres@{args.host}:5432/{args.database}",
    }
    subprocess.run(["dropdb", "-h", args.host, "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", args.host, "-U", "postgres", args.database], check=True)
    python = sys.executable
    migrate = run([python, "manage.py", "migrate", "-v0"], env)
    print(f"migrate: {migrate:.1f} s", flush=True)
    demo = run(
        [python, "manage.py", "demo", "--no-serve", "--scale", args.scale, "--seed", str(args.seed)], env
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    print(
        f"phlov demo --no-serve --scale {args.scale} --seed {args.seed}: {demo:.1f} s wall, peak RSS {peak:.2f} GiB"
    )
    size = subprocess.run(
        ["psql", "-h", args.host, "-U", "postgres", "-d", args.database, "-Atc",
         "SELECT pg_size_pretty(pg_database_size(current_database()))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(f"database size: {size}")


if __name__ == "__main__":
    main()
