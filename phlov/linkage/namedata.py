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
    prefixes: tuple[NameEntry, ...] = ()


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
        prefixes=tuple(e for e in entries if e.kind == "prefix"),
    )


# Share of people whose given name is a compound (prefix + name): Khmer given names are far
# more varied than any list of single names, and namesakes are what make linkage hard.
COMPOUND_SHARE = 0.4


@cache
def given_names() -> tuple[NameEntry, ...]:
    """The given names of the table, then the compounds of each prefix with each one-word
    given name (ស្រី + ពិសី = ស្រីពិសី ``Sreypisey``, ``Srey Pisey``, ``Srei Pisey``...), with
    weights that give the compounds :data:`COMPOUND_SHARE` of the people."""

    table = name_table()
    base_total = sum(e.weight for e in table.given)
    singles = [
        e
        for e in table.given
        if " " not in e.latin and not any(e.khmer.startswith(p.khmer) for p in table.prefixes)
    ]
    single_total = sum(e.weight for e in singles)
    prefix_total = sum(p.weight for p in table.prefixes)
    out = [
        NameEntry("given", e.khmer, e.latin, e.variants, e.sex, e.weight / base_total * (1 - COMPOUND_SHARE))
        for e in table.given
    ]
    for prefix in table.prefixes:
        for base in singles:
            if prefix.sex != "u" and base.sex not in ("u", prefix.sex):
                continue  # ស្រី ("woman") does not start a man's name
            joined = prefix.latin + base.latin.lower()
            variants = (
                f"{prefix.latin} {base.latin}",
                f"{prefix.variants[0]} {base.latin}",
                f"{prefix.latin} {base.variants[0]}",
                f"{prefix.latin}-{base.latin}",
            )
            weight = COMPOUND_SHARE * (prefix.weight / prefix_total) * (base.weight / single_total)
            sex = prefix.sex if prefix.sex != "u" else base.sex
            out.append(NameEntry("given", prefix.khmer + base.khmer, joined, variants, sex, weight))
    return tuple(out)
