"""The table of common Khmer names (``data/khmer_names.csv``) the benchmark generator draws from.

Each row is a name in Khmer script with its usual romanisation and the other romanisations
clerks write for it. The weights say how common a name is relative to the others of its kind;
Khmer family names are very concentrated, which is what makes namesakes (and so precision)
the hard part of linking a Cambodian registry.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class NameEntry:
    kind: str  # "family" or "given"
    khmer: str
    latin: str
    variants: tuple[str, ...]
    sex: str  # "f", "m" or "u" (either)
    weight: float

    @property
    def spellings(self) -> tuple[str, ...]:
        """The usual romanisation first, then the variants."""

        return (self.latin, *self.variants)


@dataclass(frozen=True)
class NameTable:
    family: tuple[NameEntry, ...]
    given: tuple[NameEntry, ...]


@cache
def name_table() -> NameTable:
    text = resources.files("phlov.linkage").joinpath("data/khmer_names.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    entries = [
        NameEntry(
            kind=row["kind"],
            khmer=row["khmer"],
            latin=row["latin"],
            # A trailing dot in the file marks a variant that differs only by a stray full stop.
            variants=tuple(v for v in row["variants"].split("|") if v),
            sex=row["sex"],
            weight=float(row["weight"]),
        )
        for row in rows
    ]
    return NameTable(
        family=tuple(e for e in entries if e.kind == "family"),
        given=tuple(e for e in entries if e.kind == "given"),
    )
