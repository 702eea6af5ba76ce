"""The statistics module's data: settings, indicator definitions, table layouts and the figures
published elsewhere, read from ``data/`` (numbers from outside are data with a citation)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"
PUBLISHED = DATA / "published"


def khmer() -> bool:
    return (get_language() or "").startswith("km")


def pick(item: dict[str, Any], base: str = "") -> str:
    """The Khmer or English text of a bilingual data row (``en``/``km`` or ``name_en``/``name_km``)."""

    prefix = f"{base}_" if base else ""
    return str(item.get(f"{prefix}km" if khmer() else f"{prefix}en") or item.get(f"{prefix}en") or "")


@cache
def _json(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def stats_settings() -> dict[str, Any]:
    return _json("settings.json")


def layouts() -> dict[str, Any]:
    return _json("layouts.json")


def suppression_threshold() -> int:
    """Cells under this many persons are suppressed for analysts and the public."""

    configured = getattr(settings, "PHLOV_STATS_SUPPRESSION_THRESHOLD", None)
    return int(configured if configured is not None else stats_settings()["suppression_threshold"]["value"])


def cache_seconds() -> int:
    return int(stats_settings()["cache_seconds"]["value"])


def refresh_seconds() -> int:
    return int(stats_settings()["refresh_seconds"]["value"])


@dataclass(frozen=True)
class AgeGroup:
    code: str
    en: str
    km: str
    min: int
    max: int

    @property
    def label(self) -> str:
        return self.km if khmer() else self.en


@cache
def age_groups() -> tuple[AgeGroup, ...]:
    return tuple(AgeGroup(**g) for g in stats_settings()["age_groups"]["groups"])


@dataclass(frozen=True)
class Indicator:
    code: str
    measure: str
    unit: str
    name_en: str
    name_km: str
    formula_en: str
    disaggregations: tuple[str, ...]
    source: str
    owner: str

    @property
    def name(self) -> str:
        return self.name_km if khmer() else self.name_en


@cache
def indicators() -> tuple[Indicator, ...]:
    rows = _json("indicators.json")["indicators"]
    return tuple(Indicator(**{**row, "disaggregations": tuple(row["disaggregations"])}) for row in rows)


@cache
def published_rows(name: str) -> tuple[dict[str, str], ...]:
    with open(PUBLISHED / name, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))
