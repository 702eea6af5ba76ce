"""The published figures register: figures published elsewhere, each with its source, Phlov's
own figure for the same definition beside it, and every disagreement shown (between sources,
and between a source and Phlov)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from phlov.stats.conf import DATA, published_rows, suppression_threshold
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, counts

NAMES = {"Thailand": "TH", "Vietnam": "VN", "Malaysia": "MY", "Cambodia": "KH"}


@dataclass
class Phlov:
    persons: int
    records: int
    suppressed: bool
    drill: str

    @property
    def text(self) -> str:
        return "<11" if self.suppressed else str(self.persons)


@dataclass
class Comparison:
    label: str
    year: str
    sources: list[tuple[str, str]]  # (source, value as printed)
    phlov: Phlov | None
    sources_agree: bool
    phlov_agrees: bool | None
    note: str = ""


@dataclass
class Fact:
    row: dict[str, str]
    phlov: Phlov | None = None
    definition: str = ""
    differs: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _phlov(measure: str, filters: Filters, cell: dict[str, Any], exact: bool) -> Phlov | None:
    m = MEASURES[measure]
    if not m.available:
        return None
    by = tuple(cell)
    found = counts(m, filters, by)
    persons, records = found.get(tuple(cell.values()), (0, 0)) if by else found.get((), (0, 0))
    hidden = not exact and 0 < persons < suppression_threshold()
    return Phlov(persons, records, hidden, filters.query(measure=measure, **cell) if exact else "")


def repatriation_comparisons(exact: bool) -> list[Comparison]:
    found = counts(MEASURES["repatriations"], Filters(), ("country_from", "country_to", "year"))
    result = []
    for r in published_rows("repatriations_cross_document_comparison.csv"):
        source = NAMES[r["repatriated_from"]]
        destination = NAMES.get(r["repatriated_to"].split(" ")[0], "")
        year = int(r["year"])
        values = [
            ("000 Table 2 (UNIAP, 2008)", r["value_000_table2"]),
            ("001, first mention", r["value_001_mention1"]),
            ("001, second mention", r["value_001_mention2"]),
        ]
        printed = {v for _s, v in values if v}
        persons, records = found.get((source, destination, year), (0, 0))
        phlov = Phlov(persons, records, not exact and 0 < persons < suppression_threshold(),
                      Filters().query(measure="repatriations", country_from=source, country_to=destination, year=year)
                      if exact else "")  # fmt: skip
        result.append(
            Comparison(
                label=f"{r['repatriated_from']} → {r['repatriated_to']}", year=r["year"],
                sources=[(s, v) for s, v in values if v], phlov=phlov, sources_agree=len(printed) <= 1,
                phlov_agrees=(str(persons) in printed) if persons else None, note=r["note"],
            )
        )  # fmt: skip
    return result


def facts(exact: bool) -> list[Fact]:
    with open(DATA / "figure_links.json", encoding="utf-8") as handle:
        links: dict[str, Any] = json.load(handle)["links"]
    from phlov.stats.conf import khmer

    made = []
    for row in published_rows("facts.csv"):
        fact = Fact(row)
        link = links.get(row["fact_id"])
        if link:
            filters = Filters.from_query({k: str(v) for k, v in link.get("filters", {}).items()})
            fact.phlov = _phlov(link["measure"], filters, link.get("cell", {}), exact)
            fact.definition = link["definition_km" if khmer() else "definition_en"]
            if fact.phlov is not None and row["value"]:
                fact.differs = str(fact.phlov.persons) != row["value"].split(".")[0]
        made.append(fact)
    return made


def build(*, exact: bool) -> dict[str, Any]:
    return {
        "comparisons": repatriation_comparisons(exact),
        "facts": facts(exact),
        "inconsistencies": published_rows("inconsistencies.csv"),
    }
