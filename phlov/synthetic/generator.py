"""``phlov demo --scale demo|province|national``: the whole synthetic dataset, in one transaction.

Order: who is who (:func:`people.plan_population`, no writes), then each domain prepares its
organisations, staff and per-person choices, then the persons are written (they carry the
organisation that registered them and their household; their other names and search keys
follow), then each domain writes its records: cases, workers and complaints first, then the
modules that build on them (:data:`LATER_DOMAINS`, each a ``write(ctx, pop, prot, mig)`` that
reads back what it needs). After the commit, the registry's first record linkage runs.

From province scale up the people search index is filled by COPY with its two indexes dropped and
rebuilt after (faster than keeping a 27-million-row B-tree in order row by row); everything
happens inside the transaction, so a failure leaves the database as it was.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from phlov.audit.models import AuditEvent
from phlov.linkage.models import CandidatePair, Cluster, ClusterMember, LinkageRun
from phlov.linkage.registry import run_registry_linkage
from phlov.people.models import PersonSearchKey
from phlov.synthetic import (
    bulk,
    calibration,
    care,
    journey,
    migration,
    oversight,
    people,
    protection,
    referrals,
)
from phlov.synthetic.context import Progress, build_context

GENERATED_APPS = ("people", "protection", "migration", "consent", "notifications")

# Modules that build on the cases and workers already written (they read back what they need).
LATER_DOMAINS = (care, referrals, oversight, journey)

# The search index is rebuilt instead of maintained row by row from this many records up
# (measured: 1.4 million keys into the indexed table took 80 s of a 200 s province run).
REBUILD_INDEX_FROM = 20_000


@dataclass
class Summary:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    truth_dir: Path | None = None


def default_out(scale: str, seed: int) -> Path:
    return Path(settings.VAR_DIR) / "synthetic" / f"{scale}-seed{seed}"


def generate(
    scale: str,
    seed: int = 0,
    progress: Progress | None = None,
    out: Path | str | None = None,
    *,
    link: bool = True,
) -> Summary:
    """Generate the dataset of ``scale`` for ``seed`` into the default database, then (unless
    ``link`` is false) run the registry's first record linkage over it."""

    if scale not in calibration.scales():
        raise ValueError(f"unknown scale {scale!r}: one of {', '.join(calibration.scales())}")
    started = time.perf_counter()
    since = timezone.now()
    folder = Path(out) if out else default_out(scale, seed)
    with transaction.atomic(), bulk.foreign_keys_checked_once(_generated_tables()):
        bulk.tune_session()
        ctx = build_context(scale, seed, progress, folder)
        pop = people.plan_population(ctx)
        prot = protection.prepare(ctx, pop)
        mig = migration.prepare(ctx, pop)
        orgs, nationality = _record_orgs(ctx, pop, prot, mig)
        rebuild = connection.vendor == "postgresql" and len(pop.records) >= REBUILD_INDEX_FROM
        dropped = _drop_search_indexes() if rebuild else []
        people.write_people(ctx, pop, orgs, pop.clusters["birth_year"], nationality)
        if dropped:
            ctx.progress.start("search index (rebuild)", 1)
            _restore(dropped)
            ctx.progress.advance(1)
        mig.workers["person_id"] = pop.records.loc[mig.workers.index, "person_id"]
        protection.write(ctx, pop, prot)
        migration.write(ctx, pop, mig)
        migration.write_complaints(ctx, pop, mig)
        for domain in LATER_DOMAINS:
            domain.write(ctx, pop, prot, mig)
        bulk.reset_sequences(ctx.written)
    del pop, prot, mig  # the linkage needs the memory
    if link:
        _link(ctx)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in ctx.written:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    summary = Summary(scale=scale, seed=seed, truth_dir=folder, seconds=time.perf_counter() - started)
    summary.counts = _generated_counts(since)
    return summary


def _generated_counts(since: datetime.datetime) -> dict[str, int]:
    """Records written by this run, per model, read from its audit events (one per batch, with
    its size) and its linkage run: counting the tables themselves would read every page of a
    freshly loaded 10 GB database."""

    events = (
        AuditEvent.objects.filter(action__in=[bulk.AUDIT_ACTION, "linkage.run"], at__gte=since)
        .order_by("pk")
        .values_list("action", "object_type", "detail")
    )
    counts: dict[str, int] = {}
    for action, object_type, detail in events:
        if action == "linkage.run":
            counts |= {"linkage.LinkageRun": 1, "linkage.CandidatePair": detail["pairs"],
                       "linkage.Cluster": detail["clusters"]}  # fmt: skip
        else:
            label = apps.get_model(object_type)._meta.label
            counts[label] = counts.get(label, 0) + int(detail["count"])
    return counts


def _generated_tables() -> list[str]:
    """The tables of the domains the generator writes in bulk (the linkage run, after the commit,
    writes through the ORM)."""

    return [
        model._meta.db_table
        for app in GENERATED_APPS
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]


class _LinkageProgress:
    """The linkage's progress calls (stage, done, total) shown on the generator's bar."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.stage, self.done = progress, "", 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.progress.start(f"record linkage: {stage}", total)
            self.stage, self.done = stage, 0
        self.progress.advance(done - self.done)
        self.done = done


def _link(ctx: Any) -> None:
    """The registry's first linkage run, as the system would start it on a new registry
    (``phlov linkage run``): the planted duplicates become candidate pairs, the uncertain ones
    wait in the review queue. Nobody has reviewed them yet, so nothing is merged."""

    run_registry_linkage(actor=None, progress=_LinkageProgress(ctx.progress))
    ctx.written.extend([LinkageRun, CandidatePair, Cluster, ClusterMember])


def _record_orgs(ctx: Any, pop: people.Population, prot: protection.ProtectionPlan,
                 mig: migration.MigrationPlan) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """The organisation that registered each record, and each record's nationality."""

    rng = ctx.rng("people")
    records = pop.records
    orgs = np.zeros(len(records), dtype=np.int64)
    cluster = records["cluster"].to_numpy()
    first = records["first"].to_numpy()
    case_org = records["cluster"].map(prot.record_orgs)
    victim = case_org.notna().to_numpy()
    others = np.array(prot.other_orgs)
    orgs[victim & first] = case_org[victim & first].astype(np.int64)
    dups = victim & ~first
    orgs[dups] = others[rng.integers(len(others), size=int(dups.sum()))]
    worker_index = mig.workers.index.to_numpy()
    orgs[worker_index] = [mig.agency_org[int(a)] for a in mig.workers["agency"]]
    if (orgs == 0).any():
        raise RuntimeError("a generated record has no registering organisation")
    foreign = pop.clusters["foreign"].to_numpy()[cluster]
    nationality = np.where(foreign, ctx.countries["VN"].pk, ctx.countries["KH"].pk)
    return orgs, nationality


def _drop_search_indexes() -> list[Any]:
    """Drop the search key table's cover index and unique constraint (rebuilt by :func:`_restore`)."""

    meta = PersonSearchKey._meta
    items: list[Any] = [*meta.indexes, *meta.constraints]
    with connection.schema_editor(atomic=False) as editor:
        for item in items:
            if hasattr(item, "fields") and item in meta.constraints:
                editor.remove_constraint(PersonSearchKey, item)
            else:
                editor.remove_index(PersonSearchKey, item)
    return items


def _restore(items: list[Any]) -> None:
    meta = PersonSearchKey._meta
    with connection.schema_editor(atomic=False) as editor:
        for item in items:
            if item in meta.constraints:
                editor.add_constraint(PersonSearchKey, item)
            else:
                editor.add_index(PersonSearchKey, item)
