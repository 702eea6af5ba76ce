"""Reads of the people registry; each takes the acting user and returns only what they may see.

Search (:func:`search_people`) looks up the keys of ``PersonSearchKey`` (see
``search_index.py``) in three steps, each only when the one before found no close match:

1. document and phone keys, and the whole-name keys (exact, or one letter apart): the
   weights of the keys a person matched are summed in SQL (``GROUP BY``), the best few
   hundred kept;
2. the whole-name keys two letters apart, the same way;
3. the word pairs (for a one-word query: the word, its sound, its one-letter neighbours),
   each key's list read only up to a cap, summed in Python.

The candidates are then ranked in Python (rapidfuzz) against every name the person is known
by. A one-word query reads its whole-name keys with the cap as well (one word is often a
given name shared by many people) before step 3. Nothing here needs a PostgreSQL-only feature.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, IntegerField, Model, Q, QuerySet, Sum, Value, When
from rapidfuzz import fuzz

from phlov.audit.services import record, search_detail
from phlov.core.policies import Action
from phlov.people.models import Person, PersonSearchKey
from phlov.people.names import full_name, light, name_key, tokens
from phlov.people.policies import PersonPolicy
from phlov.people.search_index import WEIGHTS, WORD_LIST_CAP, QueryKeys, query_keys
from phlov.places.models import Place

CANDIDATES = 300
# A one-word query held by many people ("Sok"): every holder matches the word exactly, and which
# of thousands come first is arbitrary; ranking this many of them is enough to show the closest.
ONE_WORD_CANDIDATES = 100
MAX_LIMIT = 100
# A candidate this close to the query on step 1 means the whole name was found: the words
# are not looked up (their lists are long for common names).
GOOD_ENOUGH = 88.0


@dataclass
class SearchResult:
    person: Person
    score: float
    matched_by: str  # "name", "document", "phone" or "filters"
    names: list[str] = field(default_factory=list)


def merged_into(actor: Any, person: Person) -> QuerySet[Person]:
    """The records merged into ``person`` that the actor may see: the same human being."""

    return PersonPolicy().restrict(actor, Person.objects.filter(merged_into=person)).order_by("pk")


def visible_people(actor: Any, action: str = Action.VIEW) -> QuerySet[Person]:
    """The people the actor may see (or act on), merged records left out."""

    return PersonPolicy().restrict(actor, action=action).filter(merged_into__isnull=True)


def _filtered(
    people: QuerySet[Person],
    *,
    sex: str | None,
    age_min: int | None,
    age_max: int | None,
    province: Place | int | None,
    today: datetime.date,
) -> QuerySet[Person]:
    return people.filter(
        _filters_q("", sex=sex, age_min=age_min, age_max=age_max, province=province, today=today)
    )


def _filters_q(
    prefix: str,
    *,
    sex: str | None,
    age_min: int | None,
    age_max: int | None,
    province: Place | int | None,
    today: datetime.date,
) -> Q:
    q = Q()
    if sex:
        q &= Q(**{f"{prefix}sex": sex})
    if province:
        q &= Q(**{f"{prefix}origin_province": province})
    # The year of birth narrows in SQL; the exact age is checked on the few rows returned.
    if age_min is not None:
        q &= Q(**{f"{prefix}birth_year__lte": today.year - age_min})
    if age_max is not None:
        q &= Q(**{f"{prefix}birth_year__gte": today.year - age_max - 1})
    return q


def key_scope(actor: Any, **filters: Any) -> Q:
    """The search keys of the people the actor may see, narrowed by the filters.

    This is PersonPolicy's rule (a grant with ``people.person:view`` reaches the people of its
    organisation and the organisations below it, in its provinces if it names any; a record
    opened by break-the-glass is visible while the access lasts) written on the copies the
    keys carry, with the organisations' ids looked up first; tests prove it agrees with
    ``PersonPolicy.restrict``.
    """

    from phlov.accounts.models import Organisation
    from phlov.core.policies import break_glass_ids, grants_of

    today = filters.pop("today", None) or datetime.date.today()
    permission = PersonPolicy.permission(Action.VIEW)
    scope = Q(pk__in=[])
    opened = break_glass_ids(actor, Person)
    if opened:
        scope |= Q(person_id__in=sorted(int(pk) for pk in opened))
    for grant in grants_of(actor):
        if not grant.allows(permission):
            continue
        organisations = list(
            Organisation.objects.filter(path__startswith=grant.organisation_path).values_list("pk", flat=True)
        )
        term = Q(organisation_id__in=organisations)
        if grant.province_ids:
            term &= Q(province_id__in=sorted(grant.province_ids))
        scope |= term
    province = filters.get("province")
    if filters.get("sex"):
        scope &= Q(sex=filters["sex"])
    if province:
        scope &= Q(province_id=getattr(province, "pk", province))
    if filters.get("age_min") is not None:
        scope &= Q(birth_year__lte=today.year - filters["age_min"])
    if filters.get("age_max") is not None:
        scope &= Q(birth_year__gte=today.year - filters["age_max"] - 1)
    return scope


def _age_fits(person: Person, age_min: int | None, age_max: int | None, today: datetime.date) -> bool:
    if age_min is None and age_max is None:
        return True
    age = person.age_on(today)
    if age is None:
        return False
    return (age_min is None or age >= age_min) and (age_max is None or age <= age_max)


_WEIGHT = Case(
    *(When(kind=kind, then=Value(weight)) for kind, weight in WEIGHTS.items()), output_field=IntegerField()
)


def _lookup(keys: Iterable[str], scope: Q, limit: int = CANDIDATES) -> dict[int, int]:
    """person id -> summed weight of the matched keys, the best ``limit`` people in ``scope``."""

    wanted = sorted(set(keys))
    if not wanted:
        return {}
    rows = PersonSearchKey.objects.filter(key__in=wanted).filter(scope)
    best = rows.values("person_id").annotate(score=Sum(_WEIGHT)).order_by("-score", "person_id")[:limit]
    return {row["person_id"]: row["score"] for row in best}


@dataclass
class _Named:
    pk: int
    names: list[tuple[str, str]]


def _names_of(ids: Iterable[int]) -> dict[int, _Named]:
    ids = list(ids)
    named: dict[int, _Named] = {}
    # One row per other name (or one row with none), in one statement: a search ranks twice.
    for row in Person.objects.filter(pk__in=ids).values_list(
        "pk", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin",
        "names__family", "names__given",
    ):  # fmt: skip
        pk, fkm, gkm, fla, gla, other_family, other_given = row
        if pk not in named:
            named[pk] = _Named(pk, [(f, g) for f, g in ((fla, gla), (fkm, gkm)) if f or g])
        if other_family is not None or other_given is not None:
            named[pk].names.append((other_family, other_given))
    return named


class NameQuery:
    """A typed name, folded once: ranking compares it with hundreds of candidates' names."""

    def __init__(self, query: str) -> None:
        self.key = name_key(query)
        self.words = " ".join(tokens(query))
        self.light = light(query).replace(" ", "")
        # Common names come back many times among the candidates, and again at the next step.
        self._seen: dict[tuple[str, str], float] = {}

    def similarity(self, family: str, given: str) -> float:
        """0-100: how close the typed name is to one name of a person, in either order and script."""

        seen = self._seen.get((family, given))
        if seen is None:
            seen = self._seen[(family, given)] = self._similarity(family, given)
        return seen

    def _similarity(self, family: str, given: str) -> float:
        best = 0.0
        for first, second in ((family, given), (given, family)):
            whole = full_name(first, second)
            folded = fuzz.ratio(self.key, name_key(whole))
            words = 0.9 * fuzz.token_set_ratio(self.words, " ".join(tokens(whole)))
            close = fuzz.ratio(self.light, light(whole).replace(" ", ""))
            best = max(best, 0.85 * max(folded, words) + 0.15 * close)
        return best


def _rank(
    typed: NameQuery, scores: dict[int, int], number_hits: dict[int, str], named: dict[int, _Named]
) -> list[tuple[int, float, str]]:
    """``named`` holds the names already read in this search; those missing are read."""

    named.update(_names_of(pk for pk in scores if pk not in named))
    ranked: list[tuple[int, float, str]] = []
    for pk, sql_score in scores.items():
        if pk in number_hits:
            ranked.append((pk, 100.0 + sql_score / 1000, number_hits[pk]))
            continue
        person = named.get(pk)
        if person is None:
            continue
        similarity = max((typed.similarity(f, g) for f, g in person.names), default=0.0)
        ranked.append((pk, similarity + sql_score / 1000, "name"))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked


def _capped(keys: Iterable[str], scope: Q, cap: int = WORD_LIST_CAP) -> dict[int, int]:
    """Like :func:`_lookup` for keys whose lists can be long: each list is read up to ``cap``
    rows (one indexed range read each), the weights summed here."""

    scores: dict[int, int] = {}
    for key in sorted(set(keys)):
        rows = PersonSearchKey.objects.filter(key=key).filter(scope).values_list("person_id", "kind")[:cap]
        for pk, kind in rows:
            scores[pk] = scores.get(pk, 0) + WEIGHTS[kind]
    return dict(sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES])


def _good(ranked: list[tuple[int, float, str]]) -> bool:
    return bool(ranked) and ranked[0][1] >= GOOD_ENOUGH


def _find(query: str, keys: QueryKeys, scope: Q) -> list[tuple[int, float, str]]:
    number_hits: dict[int, str] = {}
    if keys.numbers:
        rows = PersonSearchKey.objects.filter(key__in=sorted(keys.numbers)).filter(scope)
        for pk, kind in rows.values_list("person_id", "kind"):
            number_hits.setdefault(pk, "document" if kind == "doc" else "phone")
    one_word = keys.word_count <= 1
    scores = _lookup(keys.numbers | (set() if one_word else keys.names), scope)
    if one_word and keys.names:
        # One word may be a whole name typed without spaces ("Hengdavy") or a given name
        # shared by many: the whole-name keys are read with the cap.
        scores.update(_capped(keys.names, scope))
    typed = NameQuery(query)
    named: dict[int, _Named] = {}
    ranked = _rank(typed, scores, number_hits, named)
    if not keys.word_count or _good(ranked):
        return ranked
    # Each step is (keys, cap): a cap reads each key's list up to that many rows, None sums the
    # lists in SQL.
    steps: list[tuple[set[str], int | None]]
    if one_word:
        # The word itself first, up to ONE_WORD_CANDIDATES holders: when there are that many,
        # its spellings and sounds are not read, as every holder of the word outranks them.
        steps = [(keys.exact_words, ONE_WORD_CANDIDATES), (keys.words - keys.exact_words, WORD_LIST_CAP)]
    else:
        steps = [(keys.far_names, None), (keys.words, WORD_LIST_CAP)]
    for number, (step, cap) in enumerate(steps):
        if not step:
            continue
        more = _lookup(step, scope) if cap is None else _capped(step, scope, cap)
        for pk, score in more.items():
            scores[pk] = scores.get(pk, 0) + score
        if len(scores) > CANDIDATES:
            scores = dict(sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES])
        ranked = _rank(typed, scores, number_hits, named)
        enough = len(scores) >= ONE_WORD_CANDIDATES if one_word else _good(ranked)
        if enough and number < len(steps) - 1:
            break
    return ranked


def _in_rank_order(
    people: QuerySet[Person], ranked: list[tuple[int, float, str]], page: int
) -> Iterator[tuple[Person, float, str]]:
    """The ranked people ``people`` holds, best first, their rows read ``page`` at a time (as
    far as the caller goes)."""

    for start in range(0, len(ranked), page):
        chunk = ranked[start : start + page]
        by_pk = {p.pk: p for p in people.filter(pk__in=[pk for pk, _s, _m in chunk])}
        for pk, score, matched_by in chunk:
            if pk in by_pk:
                yield by_pk[pk], score, matched_by


def search_people(
    *,
    actor: Any,
    query: str,
    sex: str | None = None,
    age_min: int | None = None,
    age_max: int | None = None,
    province: Place | int | None = None,
    limit: int = 20,
    audit: bool = True,
) -> list[SearchResult]:
    """People the actor may see whose name (either script, any spelling, one typo), document
    number or phone matches ``query``, best first; filtered by sex, age and province. The
    search is audited with the filters used and the number of results, never the query."""

    limit = max(1, min(int(limit), MAX_LIMIT))
    today = datetime.date.today()
    policy = PersonPolicy()
    hidden = policy.hidden_fields(actor)
    people = _filtered(
        visible_people(actor), sex=sex, age_min=age_min, age_max=age_max, province=province, today=today
    ).select_related("origin_province")
    narrowed = bool(sex or province or age_min is not None or age_max is not None)
    text = str(query or "").strip()[:200]
    results: list[SearchResult] = []
    if text:
        keys = query_keys(text, documents="documents" not in hidden, phones="phones" not in hidden)
        scope = key_scope(actor, sex=sex, age_min=age_min, age_max=age_max, province=province, today=today)
        ranked = _find(text, keys, scope) if not keys.empty else []
        # With an age filter some candidates drop out (the ages are checked here): read more.
        page = limit * 3 if age_min is not None or age_max is not None else limit
        for person, score, matched_by in _in_rank_order(people, ranked, page):
            if not _age_fits(person, age_min, age_max, today):
                continue
            results.append(
                SearchResult(person=person, score=round(min(score, 100.0), 1), matched_by=matched_by)
            )
            if len(results) >= limit:
                break
    elif narrowed:
        for person in people.order_by("family_name_latin", "given_name_latin", "pk")[: limit * 3]:
            if _age_fits(person, age_min, age_max, today):
                results.append(SearchResult(person=person, score=0.0, matched_by="filters"))
            if len(results) >= limit:
                break
    if audit and (text or narrowed):
        record(
            actor=actor,
            action="search",
            object_type="people.person",
            detail=search_detail(
                {"query": text, "sex": sex, "age_min": age_min, "age_max": age_max, "province": province},
                results=len(results),
            ),
        )
    return results


# --- counting people, not records --------------------------------------------------------------


def root_ids(person_ids: Iterable[int]) -> dict[int, int]:
    """Each id -> the id of the person it was merged into, following ``merged_into`` to the end
    (a chain A -> B -> C gives C for A and B); a cycle counts as its smallest id."""

    ids = {int(pk) for pk in person_ids if pk is not None}
    parent: dict[int, int] = {}
    pending = set(ids)
    while pending:
        batch = list(pending)
        pending = set()
        for start in range(0, len(batch), 5000):
            chunk = batch[start : start + 5000]
            for pk, into in Person.objects.filter(pk__in=chunk, merged_into__isnull=False).values_list(
                "pk", "merged_into_id"
            ):
                parent[pk] = into
                if into not in parent and into not in ids:
                    pending.add(into)
                    ids.add(into)
    roots: dict[int, int] = {}
    for pk in ids:
        path = [pk]
        node = pk
        while node in parent and parent[node] not in path:
            node = parent[node]
            path.append(node)
        if node in parent:
            # A cycle (which merging never makes, but data can): its smallest id stands for it.
            node = min(path[path.index(parent[node]) :])
        roots[pk] = node
    return roots


def distinct_person_ids(records_qs: QuerySet[Any], person_field: str = "person") -> set[int]:
    """The ids of the distinct people behind ``records_qs`` (rows with a foreign key to Person
    named ``person_field``, or Person rows themselves with ``person_field="pk"``), after merges."""

    column = "pk" if records_qs.model is Person and person_field in ("pk", "id", "") else person_field
    raw = set(records_qs.order_by().values_list(column, flat=True).distinct())
    roots = root_ids(raw)
    return {roots.get(pk, pk) for pk in raw if pk is not None}


def distinct_persons(records_qs: QuerySet[Any], person_field: str = "person") -> int:
    """How many distinct people ``records_qs`` is about: merged records count once."""

    return len(distinct_person_ids(records_qs, person_field))


def related_visible(actor: Any, person: Person, model: type[Model]) -> QuerySet[Any]:
    """A person's names, documents or phones, through that model's policy."""

    from phlov.core.policies import policy_for

    return policy_for(model).restrict(actor, model._default_manager.filter(person=person))


def household_members(actor: Any, household: Any) -> QuerySet[Any]:
    """The members of a household whose person the actor may see (the head first)."""

    from phlov.people.models import HouseholdMember
    from phlov.people.policies import HouseholdMemberPolicy

    members = HouseholdMemberPolicy().restrict(actor, HouseholdMember.objects.filter(household=household))
    return members.select_related("person").order_by(
        Case(When(relationship="head", then=Value(0)), default=Value(1), output_field=IntegerField()),
        "person_id",
    )
