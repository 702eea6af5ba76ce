"""The figures the generator is calibrated on, read from data files that carry their source.

``data/seed/`` holds unchanged copies of the seed tables (``../shared/seed-data/``: 000's
Tables 1 and 2, 001's survey of 50 victims, 003's deployment tables); ``data/calibration.json``
holds the figures of ``labour-migration-rules.md`` part 4, each with its citation, and the few
modelling choices, each saying what it rests on. Nothing here is a figure typed into code:
every number returned is read from those files.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SEED = "data/seed"


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("phlov.synthetic").joinpath(f"{SEED}/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def figures() -> dict[str, Any]:
    """``data/calibration.json`` and each domain's ``data/calibration-<domain>.json``, as one
    mapping; a figure named in two files is an error, never silently overridden."""

    folder = resources.files("phlov.synthetic").joinpath("data")
    names = ["calibration.json", *sorted(
        f.name for f in folder.iterdir() if f.name.startswith("calibration-") and f.name.endswith(".json"))]  # fmt: skip
    data: dict[str, Any] = {}
    for name in names:
        part = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        about = part.pop("_about", None)
        twice = set(part) & set(data)
        if twice:
            raise ValueError(f"{name} repeats the figures {sorted(twice)}")
        data.update(part)
        data.setdefault("_about", about)
    return data


def reference_date() -> datetime.date:
    """The day the generated caseload stands at (``reference_date``): nothing happens after it."""

    return datetime.date.fromisoformat(figures()["reference_date"]["value"])


@cache
def scales() -> dict[str, dict[str, Any]]:
    text = resources.files("phlov.synthetic").joinpath("data/scales.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def _number(text: str) -> float:
    return float(text.replace(",", "")) if text and text.strip() not in {"-", "\u2013"} else 0.0


# --- 000 Table 1: provinces of origin ---------------------------------------------------------


@cache
def province_weights() -> dict[str, float]:
    """Province (the table's ``location_group``) -> weight: the sum of its nine category cells.

    The sum of the cells, not the printed row total: two printed totals do not add up
    (Phnom Penh 76 for cells summing to 52, Siem Reap 18 for 27; ``inconsistencies.csv`` I001,
    I002), and the cells are what the column totals confirm."""

    return {
        row["location_group"]: _number(row["sum_of_nine_categories"])
        for row in _rows("000_table1_trafficking_by_province_2002.csv")
        if row["location_group"] and _number(row["sum_of_nine_categories"]) > 0
    }


# --- 000 Table 2: repatriations ---------------------------------------------------------------


@dataclass(frozen=True)
class Repatriation:
    from_country: str  # English name as printed ("Thailand")
    to_country: str
    nationality: str  # "Cambodian" / "Vietnamese"
    year: int
    number: int


@cache
def repatriations() -> tuple[Repatriation, ...]:
    """The rows of 000's Table 2 (UNIAP 2008), as printed in 000 (not 001's differing mentions)."""

    return tuple(
        Repatriation(
            r["repatriated_from"],
            r["repatriated_to"],
            r["victim_nationality"],
            int(r["year"]),
            int(r["number"]),
        )
        for r in _rows("repatriations_2005_2007.csv")
        if r["source_document"].startswith("000_") and r["kind"] == "table"
    )


# --- 001: the survey of 50 victims ------------------------------------------------------------


def _survey(indicator: str) -> list[dict[str, str]]:
    return [r for r in _rows("001_survey_indicators.csv") if r["indicator"] == indicator]


@cache
def age_groups() -> tuple[tuple[int, int, float], ...]:
    """(youngest, oldest, weight) of the age before being trafficked (001 Figure 2 as described:
    below 15, 15-18, 18-29; the printed bands overlap at 18, read here as 15-17 and 18-29)."""

    out: list[tuple[int, int, float]] = []
    for row in _survey("age_before_trafficked"):
        text = row["category_as_described"]
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        weight = _number(row["implied_count"] or row["value"])
        if text.startswith("below"):
            out.append((numbers[0] - 3, numbers[0] - 1, weight))
        else:
            low, high = numbers[0], numbers[1]
            out.append((low, high - 1 if high == 18 else high, weight))
    return tuple(out)


def survey_share(indicator: str, category_starts: str) -> float:
    """A percentage of the survey as a share (``land``, ``from landless`` -> 0.71)."""

    for row in _survey(indicator):
        if row["category_as_described"].startswith(category_starts):
            return _number(row["value"]) / 100
    raise KeyError(f"{indicator}: {category_starts}")


@cache
def land_shares() -> dict[str, float]:
    """landless / less than one hectare / one to two hectares (001 III-1-4: 71 + 20 + 9)."""

    return {
        "landless": survey_share("land", "from landless"),
        "under_1ha": survey_share("land", "family owned land of less than"),
        "1_to_2ha": survey_share("land", "family owned one to two"),
    }


@cache
def root_causes() -> dict[str, float]:
    """Each root cause's share (not exclusive: 46 + 52 + 40 + 20 = 158)."""

    return {
        r["category_as_described"]: _number(r["value"]) / 100 for r in _survey("root_cause_of_trafficking")
    }


@cache
def jobs_by_destination() -> dict[str, dict[str, float]]:
    """Destination -> job -> implied count of 15 (001 Table 1)."""

    out: dict[str, dict[str, float]] = {}
    for row in _rows("001_table1_jobs_earnings_by_destination.csv"):
        if row["variable"] == "job_in_destination":
            out.setdefault(row["destination"], {})[row["category_as_printed"]] = _number(
                row["implied_count_if_n15_per_destination"]
            )
    return out


@cache
def earnings_by_destination() -> dict[str, list[tuple[float, float, float]]]:
    """Destination -> [(riel a day from, to, implied count)] (001 Table 1)."""

    out: dict[str, list[tuple[float, float, float]]] = {}
    for row in _rows("001_table1_jobs_earnings_by_destination.csv"):
        if row["variable"] == "daily_earnings_riels":
            out.setdefault(row["destination"], []).append(
                (
                    _number(row["band_min_riel"]),
                    _number(row["band_max_riel"]),
                    _number(row["implied_count_if_n15_per_destination"]),
                )
            )
    return out


@cache
def departure_and_company() -> dict[str, dict[str, float]]:
    """Voluntary / Involuntary -> who they went with -> implied count of 30 (001 Table 2)."""

    out: dict[str, dict[str, float]] = {}
    for row in _rows("001_table2_voluntary_involuntary.csv"):
        if row["migration_type_as_printed"] in {"Voluntary", "Involuntary"}:
            out.setdefault(row["migration_type_as_printed"], {})[row["measure"]] = _number(
                row["implied_count_if_n30"]
            )
    return out


@cache
def training_wishes() -> dict[str, dict[str, dict[str, float]]]:
    """panel (vocational_training / job_expectation) -> sex (Female/Male) -> category -> count
    (001 Table 3; English and Khmer literature are taken on top of a skill)."""

    out: dict[str, dict[str, dict[str, float]]] = {}
    for row in _rows("001_table3_training_job_expectation.csv"):
        if row["row_order"] == "total":
            continue
        out.setdefault(row["panel"], {}).setdefault(row["sex"], {})[row["category_as_printed"]] = _number(
            row["implied_count"]
        )
    return out


@cache
def sheltered_by_sex() -> dict[str, float]:
    """Sheltered victims by sex (001 Table 3's bases: 16 women, 14 men)."""

    out: dict[str, float] = {}
    for row in _rows("001_table3_training_job_expectation.csv"):
        if row["row_order"] == "total" and row["panel"] == "vocational_training":
            out[row["sex"]] = _number(row["n_base_printed"])
    return out


@dataclass(frozen=True)
class Placement:
    name: str
    share: float
    income: tuple[float, float]
    food: tuple[float, float]
    rent: tuple[float, float]


@cache
def placements() -> tuple[Placement, ...]:
    """Where reintegrated victims work, and what they earn and spend (001 Figures 8-10 as
    described). Placements without a printed share share what the printed ones leave."""

    rows = [r for r in _rows("001_reintegration_wages_living_costs.csv") if r["row_type"] == "placement"]
    printed = sum(_number(r["share_of_reintegrated_clients_percent"]) for r in rows)
    unshared = [r for r in rows if not r["share_of_reintegrated_clients_percent"]]
    rest = max(100 - printed, 0) / max(len(unshared), 1)
    return tuple(
        Placement(
            name=r["placement_or_reference"],
            share=_number(r["share_of_reintegrated_clients_percent"]) or rest,
            income=(_number(r["monthly_income_usd_min"]), _number(r["monthly_income_usd_max"])),
            food=(_number(r["monthly_food_usd_min"]), _number(r["monthly_food_usd_max"])),
            rent=(_number(r["monthly_accommodation_usd_min"]), _number(r["monthly_accommodation_usd_max"])),
        )
        for r in rows
    )


# --- 003: deployments -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeploymentCell:
    destination: str  # as printed ("Malaysia", "South Korea", "Saudi Arabia")
    year: int
    sector: str  # 003's sector or channel ("domestic_workers", "factory", ...)
    sex: str  # "male" / "female"
    count: int


@cache
def deployments() -> tuple[DeploymentCell, ...]:
    """Workers deployed by destination, year, sector and sex (003). Where only a total is
    printed, the part not printed as male is female (Malaysia's domestic workers: the table's
    female total includes them)."""

    cells: dict[tuple[str, int, str], dict[str, float]] = {}
    for row in _rows("003_deployments_long.csv"):
        if row["is_total_row"] == "yes" or row["sector_or_channel"] == "all":
            continue
        key = (row["destination"], int(row["year"]), row["sector_or_channel"])
        cells.setdefault(key, {})[row["sex"]] = _number(row["value"])
    out: list[DeploymentCell] = []
    for (destination, year, sector), values in sorted(cells.items()):
        male = values.get("male", 0.0)
        female = values.get("female") or max(values.get("total", 0.0) - male, 0.0)
        for sex, count in (("female", female), ("male", male)):
            if count > 0:
                out.append(DeploymentCell(destination, year, sector, sex, int(count)))
    return tuple(out)
