"""The records behind a number: the same measure, filters and cell as the number, then the
records' own policy, so a reader sees only the records they could open anyway (and is told how
many others stand behind the number)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phlov.core.policies import policy_for
from phlov.stats.filters import Filters
from phlov.stats.measures import MEASURES, filtered

LIMIT = 200

# measure -> the path from its record to the case (or worker) a reader opens.
OPENS: dict[str, tuple[str, str]] = {
    "victims": ("protection.Case", "pk"),
    "cases": ("protection.Case", "pk"),
    "repatriations": ("protection.Case", "case_id"),
    "routes": ("protection.Case", "case_id"),
    "table1": ("protection.Case", "case_id"),
    "deployments": ("migration.Worker", "pk"),
}

CELL_DIMENSIONS = (
    "year", "province", "category", "country_from", "country_to", "destination", "crossing", "exploitation_form",
)  # fmt: skip


@dataclass
class Found:
    measure: str
    kind: str  # "case" or "worker"
    rows: list[Any]
    total: int  # records behind the number
    visible: int  # of which the reader may open
    cell: dict[str, str]

    @property
    def hidden(self) -> int:
        return self.total - self.visible

    @property
    def cell_key(self) -> str:
        return "|".join(f"{k}={v}" for k, v in sorted(self.cell.items()))


def behind(user: Any, measure_code: str, filters: Filters, query: Any) -> Found | None:
    measure = MEASURES.get(measure_code)
    if measure is None or measure_code not in OPENS or not measure.available:
        return None
    cell = {d: str(query.get(d)) for d in CELL_DIMENSIONS if query.get(d) and d in measure.dimensions}
    if "year" in cell and not cell["year"].isdigit():
        return None
    records = filtered(measure, filters, **{k: (int(v) if k == "year" else v) for k, v in cell.items()})
    label, path = OPENS[measure_code]
    from django.apps import apps

    model = apps.get_model(label)
    ids = records.order_by().values(path)
    everything: QuerySet[Any] = model._default_manager.filter(pk__in=ids)
    visible = policy_for(model).restrict(user, everything)
    related = ["person"] if label == "protection.Case" else ["person", "job_order__destination"]
    rows = list(visible.select_related(*related).order_by("-pk")[:LIMIT])
    return Found(
        measure=measure_code, kind="case" if label == "protection.Case" else "worker", rows=rows,
        total=everything.count(), visible=visible.count(), cell=cell,
    )  # fmt: skip
