"""How long the place resolver takes per spelling, once its index is warm.

    PHLOV_TESTING=1 .venv/bin/python bench/places_bench.py [ROUNDS]

Uses the configured database (SQLite by default: migrate it first with
``PHLOV_TESTING=1 .venv/bin/python manage.py migrate``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phlov.settings")

import django

django.setup()

from phlov.places.resolver import resolve  # noqa: E402

SPELLINGS = [
    "Svay Reang",
    "Poipet",
    "ខេត្តស្វាយរៀង",
    "Kompong Cham",
    "Vietnam",
    "Kaoh Thum",
    "Phnum Srok",
    "Sihanouk ville",
]


def main(rounds: int) -> None:
    resolve("warm up the index")
    timings = []
    for _ in range(rounds):
        for spelling in SPELLINGS:
            started = time.perf_counter()
            resolve(spelling)
            timings.append((time.perf_counter() - started) * 1e6)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{len(timings)} resolves: median {statistics.median(timings):.1f} µs, p95 {p95:.1f} µs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
