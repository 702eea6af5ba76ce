"""The whole registry in, candidate pairs and clusters out (``phlov linkage run``).

Persons are read through the ORM in chunks (never all rows of a table at once in Django
objects), with their other names, documents and phones; records already merged into another
are left out. The linkage itself runs outside any transaction; its results are written in
one transaction with one audit event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from phlov.audit.services import record
from phlov.linkage import engine, model
from phlov.linkage.features import features
from phlov.linkage.models import CandidatePair, Cluster, ClusterMember, LinkageRun, PairStatus
from phlov.people.models import IdentityDocument, Person, PersonName, PhoneNumber

CHUNK = 5000
Progress = Callable[[str, int, int], None]
PERSON_FIELDS = (
    "pk", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin", "sex", "birth_date",
    "birth_date_precision", "birth_year", "origin_village__code", "origin_village__parent__code",
    "origin_village__parent__parent__code", "origin_province__code",
)  # fmt: skip


def _grouped(rows: Iterator[tuple[int, str, str]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for person_id, first, second in rows:
        text = f"{first} {second}".strip()
        if text:
            out[person_id].append(text)
    return out


def _birth(row: dict[str, Any]) -> str:
    if row["birth_date"] is not None and row["birth_date_precision"] not in ("year", "estimated"):
        return row["birth_date"].isoformat()
    return str(row["birth_year"]) if row["birth_year"] else ""


def registry_records(progress: Progress | None = None) -> pd.DataFrame:
    """The live (not merged) persons as linkage input (see features.INPUT_COLUMNS)."""

    people = Person.objects.filter(merged_into__isnull=True)
    total = people.count()
    live = people.values("pk")
    names = _grouped(
        PersonName.objects.filter(person__in=live).values_list("person_id", "family", "given").iterator(CHUNK)
    )
    documents = _grouped(
        IdentityDocument.objects.filter(person__in=live)
        .values_list("person_id", "number", "kind")
        .iterator(CHUNK)
    )
    phones = _grouped(
        PhoneNumber.objects.filter(person__in=live).values_list("person_id", "number", "note").iterator(CHUNK)
    )
    rows: list[dict[str, str]] = []
    for index, row in enumerate(people.order_by("pk").values(*PERSON_FIELDS).iterator(chunk_size=CHUNK), 1):
        pk = row["pk"]
        rows.append(
            {
                "record_id": str(pk),
                "family_name_km": row["family_name_km"], "given_name_km": row["given_name_km"],
                "family_name_latin": row["family_name_latin"], "given_name_latin": row["given_name_latin"],
                "sex": "" if row["sex"] in ("unknown", "other") else row["sex"],
                "birth_date": _birth(row),
                "village_code": row["origin_village__code"] or "",
                "commune_code": row["origin_village__parent__code"] or "",
                "district_code": row["origin_village__parent__parent__code"] or "",
                "province_code": row["origin_province__code"] or "",
                # The number only (the kind and note were read to keep one query per table).
                "phones": ";".join(p.split(" ")[0] for p in phones.get(pk, [])),
                "documents": ";".join(d.split(" ")[0] for d in documents.get(pk, [])),
                "other_names": ";".join(names.get(pk, [])),
            }
        )  # fmt: skip
        if progress and (index % CHUNK == 0 or index == total):
            progress("read", index, total)
    return pd.DataFrame(rows)


def _pair_rows(result: engine.Result, options: engine.Options) -> list[CandidatePair]:
    decided = {
        (a, b): (status, by, at, reason)
        for a, b, status, by, at, reason in CandidatePair.objects.filter(
            status__in=[PairStatus.ACCEPTED, PairStatus.REJECTED]
        ).values_list("person_a", "person_b", "status", "decided_by", "decided_at", "reason")
    }
    out = []
    for row in result.pairs.to_dict("records"):
        a, b = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
        probability = float(row["match_probability"])
        status = PairStatus.MATCH if probability >= options.match_threshold else PairStatus.PENDING
        pair = CandidatePair(
            person_a_id=a, person_b_id=b, match_probability=probability, match_weight=float(row["match_weight"]),
            explanation=result.explain(row), status=status,
        )  # fmt: skip
        earlier = decided.get((a, b))
        if earlier is not None:  # a person already decided on these two: keep their decision
            pair.status, pair.decided_by_id, pair.decided_at, pair.reason = earlier
        out.append(pair)
    return out


def _cluster_rows(
    result: engine.Result, options: engine.Options
) -> list[tuple[Cluster, list[ClusterMember]]]:
    strong = result.pairs[result.pairs["match_probability"] >= options.match_threshold]
    best: dict[str, float] = defaultdict(float)
    for left, right, probability in strong[["unique_id_l", "unique_id_r", "match_probability"]].itertuples(
        index=False
    ):
        best[left] = max(best[left], probability)
        best[right] = max(best[right], probability)
    out = []
    for _cluster_id, members in result.clusters.groupby("cluster_id")["unique_id"]:
        ids = list(members)
        if len(ids) < 2:
            continue
        cluster = Cluster(size=len(ids), min_probability=min(best[i] for i in ids))
        out.append((cluster, [ClusterMember(person_id=int(i), probability=best[i]) for i in ids]))
    return out


def run_registry_linkage(
    *, actor: Any, options: engine.Options | None = None, progress: Progress | None = None
) -> LinkageRun:
    """Link every live person of the registry; write pairs, clusters, the run and its audit."""

    options = options or engine.options_from_settings()
    records = registry_records(progress)
    if len(records) < 2:
        frame = pd.DataFrame()
        result = engine.Result(pairs=frame, clusters=frame, model={}, levels={})
    else:
        result = engine.run([features(records)], options, progress=progress)
    pairs = _pair_rows(result, options) if len(result.pairs) else []
    clusters = _cluster_rows(result, options) if len(result.clusters) else []
    with transaction.atomic():
        run = LinkageRun.objects.create(
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            engine=options.engine, model_version=model.MODEL_VERSION,
            match_threshold=options.match_threshold, review_threshold=options.review_threshold,
            records=len(records), trained_model=result.model, timings=result.timings,
        )  # fmt: skip
        CandidatePair.objects.filter(status__in=[PairStatus.PENDING, PairStatus.MATCH]).update(
            status=PairStatus.SUPERSEDED
        )
        for pair in pairs:
            pair.run = run
        CandidatePair.objects.bulk_create(pairs, batch_size=2000)
        for cluster, _members in clusters:
            cluster.run = run
        Cluster.objects.bulk_create([c for c, _ in clusters], batch_size=2000)
        members = [m for c, ms in clusters for m in ms]
        for cluster, ms in clusters:
            for member in ms:
                member.cluster = cluster
        ClusterMember.objects.bulk_create(members, batch_size=2000)
        run.pair_count, run.cluster_count, run.finished_at = len(pairs), len(clusters), timezone.now()
        run.save(update_fields=["pair_count", "cluster_count", "finished_at"])
        pending = sum(1 for p in pairs if p.status == PairStatus.PENDING)
        record(
            actor=actor,
            action="linkage.run",
            obj=run,
            detail={
                "records": len(records), "pairs": len(pairs), "to_review": pending, "clusters": len(clusters),
                "engine": options.engine, "match_threshold": options.match_threshold,
                "review_threshold": options.review_threshold,
            },
        )  # fmt: skip
    return run
