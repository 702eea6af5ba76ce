"""The people search index of the generated persons (``people.PersonSearchKey``).

The keys are :func:`phlov.people.search_index.person_keys`'s: each distinct name's keys are
computed once (names repeat across a million people), on both cores when there are many, and
each person's keys merged by person_keys's own rule (a key keeps its weightiest kind); a test
checks that both give the same keys. On PostgreSQL the rows go in as COPY text, about thirty
a person, without the id column (the table's identity fills it).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd
from django.db import connection

from phlov.people.models import PersonSearchKey
from phlov.people.search_index import WEIGHTS, name_pair_keys, person_keys
from phlov.synthetic import bulk
from phlov.synthetic.context import Context

NameKeys = dict[tuple[str, str], tuple[tuple[str, str], ...]]
PARALLEL_FROM = 20_000
PERSONS_PER_BATCH = 20_000
ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _compute(pairs: list[tuple[str, str]]) -> list[tuple[tuple[str, str], ...]]:
    # Escaped for COPY text here, once per distinct name, not once per stored row (escaping
    # is one-to-one, so keys still meet their duplicates).
    return [
        tuple((key.translate(ESCAPES), kind) for key, kind in name_pair_keys(family, given).items())
        for family, given in pairs
    ]


def name_keys(pairs: Iterable[tuple[str, str]]) -> NameKeys:
    """Keys of each distinct (family, given) name."""

    unique = sorted({p for p in pairs if p[0] or p[1]})
    if len(unique) < PARALLEL_FROM:
        return dict(zip(unique, _compute(unique), strict=True))
    size = len(unique) // 8 + 1
    chunks = [unique[i : i + size] for i in range(0, len(unique), size)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(_compute, chunks)
    return {
        pair: keys
        for chunk, done in zip(chunks, results, strict=True)
        for pair, keys in zip(chunk, done, strict=True)
    }


def keys_for(
    names: list[tuple[str, str]], documents: list[str], phones: list[str], known: NameKeys
) -> dict[str, str]:
    keys: dict[str, str] = {}
    for pair in names:
        if not (pair[0] or pair[1]):
            continue
        found = known.get(pair)
        for key, kind in found if found is not None else _compute([pair])[0]:
            if WEIGHTS[kind] > WEIGHTS.get(keys.get(key, ""), 0):
                keys[key] = kind
    if documents or phones:
        more = person_keys(names=(), documents=documents, phones=phones)
        keys.update((key.translate(ESCAPES), kind) for key, kind in more.items())
    return keys


def write(ctx: Context, records: pd.DataFrame, others: dict[int, list[tuple[str, str]]]) -> None:
    """The keys of each record's names, ``others`` (person id -> other names), national ID and phone."""

    province_ids = {code: p.pk for code, p in ctx.provinces.items()}
    columns = ["person_id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
               "national_id", "e164", "organisation_id", "province_code", "sex_code", "birth_year"]  # fmt: skip
    frame = records[columns].astype(object).where(records[columns].notna(), "")
    ctx.progress.start("search keys: names", 1)
    known = name_keys(
        list(zip(frame["family_name_km"], frame["given_name_km"], strict=True))
        + list(zip(frame["family_name_latin"], frame["given_name_latin"], strict=True))
        + [pair for pairs in others.values() for pair in pairs]
    )
    ctx.progress.advance(1)
    ctx.progress.start("search keys: people", len(frame))
    people = list(frame.itertuples(index=False))
    for start in range(0, len(people), PERSONS_PER_BATCH):
        chunk = people[start : start + PERSONS_PER_BATCH]
        count = _write_chunk(chunk, known, province_ids, others)
        bulk.audit_batch(PersonSearchKey, first=int(chunk[0][0]), last=int(chunk[-1][0]), count=count,
                         detail=ctx.detail(ids="person ids of the keys"))  # fmt: skip
        ctx.progress.advance(len(chunk))
    ctx.written.append(PersonSearchKey)


Others = dict[int, list[tuple[str, str]]]


def _keys(
    chunk: list[Any], known: NameKeys, province_ids: dict[str, int], others: Others
) -> Iterator[tuple[Any, ...]]:
    for pid, fkm, gkm, fl, gl, nid, phone, org, prov, sex, year in chunk:
        names = [(fkm, gkm), (fl, gl), *others.get(int(pid), ())]
        keys = keys_for(names, [nid] if nid else [], [phone] if phone else [], known)
        scope = (int(org), province_ids.get(prov), sex, int(year) if year != "" else None)
        for key, kind in keys.items():
            yield (int(pid), key, kind, *scope)


def _lines(chunk: list[Any], known: NameKeys, province_ids: dict[str, int], others: Others) -> list[str]:
    """COPY text rows (keys come escaped from :func:`keys_for`)."""

    null = "\\N"
    lines: list[str] = []
    for pid, fkm, gkm, fl, gl, nid, phone, org, prov, sex, year in chunk:
        names = [(fkm, gkm), (fl, gl), *others.get(int(pid), ())]
        keys = keys_for(names, [nid] if nid else [], [phone] if phone else [], known)
        province = province_ids.get(prov)
        tail = (
            f"\t{org}\t{null if province is None else province}\t{sex}\t{null if year == '' else int(year)}\n"
        )
        head = f"{pid}\t"
        lines.extend(f"{head}{key}\t{kind}{tail}" for key, kind in keys.items())
    return lines


def _write_chunk(chunk: list[Any], known: NameKeys, province_ids: dict[str, int], others: Others) -> int:
    if connection.vendor != "postgresql":
        names = ("person_id", "key", "kind", "organisation_id", "province_id", "sex", "birth_year")
        objects = [
            PersonSearchKey(**dict(zip(names, row, strict=True)))
            for row in _keys(chunk, known, province_ids, others)
        ]
        PersonSearchKey.objects.bulk_create(objects, batch_size=bulk.SQLITE_BATCH)
        return len(objects)
    lines = _lines(chunk, known, province_ids, others)
    table = PersonSearchKey._meta.db_table
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(
            f'COPY "{table}" (person_id, key, kind, organisation_id, province_id, sex, birth_year) FROM STDIN'
        ) as copy:
            copy.write("".join(lines))
    return len(lines)
