"""Turn a place name as written (Latin or Khmer script) into a Place, or say why not.

Rules, in order:

1. A Cambodian code (``"20"``, ``"120703"``, Khmer digits too) or an ISO alpha-2 code in
   capitals (``"VN"``) is looked up as a code.
2. The key of the text (:func:`phlov.places.normalise.place_key`) is looked up among the
   curated aliases; then among the keys of the English and Khmer names.
3. ``kind`` and ``within`` (an ancestor Place) narrow the candidates. Administrative words
   around the name ("... commune", "ខេត្ត...") prefer candidates of that kind, and a name
   matched with the administrative words that are part of names ("Phnum Srok") is
   preferred over one matched without them ("Phnum"; see ``place_key(strict=True)``).
4. When several places are left, the widest unit (region or country, then province,
   district, commune, village) wins, but only if it is the only one of its rank; the
   others are returned as alternatives. Otherwise nothing is chosen.
5. Whatever is not resolved gets ranked suggestions (rapidfuzz over the keys). The resolver
   never guesses: a caller that wants a place must pick from the suggestions.

The keys live in memory, built from the database the first time they are needed in a
process. Saving or deleting a Place or a PlaceAlias in the process drops them; another
process's changes (``phlov places load``) are noticed within ``REVALIDATE_SECONDS``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rapidfuzz import fuzz, process

from phlov.places.models import Place, PlaceAlias
from phlov.places.normalise import clean, kind_hint, place_key

# Countries and regions are equally wide: neither contains the other in the data.
TIER = {"region": 0, "country": 0, "province": 1, "district": 2, "commune": 3, "village": 4}
REVALIDATE_SECONDS = 60.0
ALTERNATIVES_LIMIT = 25
SUGGESTIONS_LIMIT = 10
MATCHED_BY = ("code", "alias", "name", "key")

_CODE = re.compile(r"[0-9០-៩]{2,8}(~[0-9]+)?|[A-Z]{2}|GMS|KH-KROM")
_PLACE_FIELDS = [f.attname for f in Place._meta.concrete_fields]


@dataclass(frozen=True)
class Row:
    id: int
    kind: str
    code: str
    parent_id: int | None
    name_en: str
    name_km: str
    key: str
    key_km: str

    @property
    def tier(self) -> int:
        return TIER[self.kind]


@dataclass
class Resolution:
    place: Place | None
    matched_by: str | None = None
    alternatives: list[Place] = field(default_factory=list)
    suggestions: list[tuple[Place, float]] = field(default_factory=list)
    query: str = ""
    key: str = ""

    @property
    def resolved(self) -> bool:
        return self.place is not None


class Index:
    """Every place's keys, codes and parent, held in plain dicts."""

    def __init__(self, rows: Iterable[Row], aliases: Iterable[tuple[int, str]], fingerprint: tuple[Any, ...]):
        self.fingerprint = fingerprint
        self.rows: dict[int, Row] = {}
        self.by_name: dict[str, list[int]] = {}
        self.by_alias: dict[str, list[int]] = {}
        self.by_code: dict[str, list[int]] = {}
        for row in rows:
            self.rows[row.id] = row
            self.by_code.setdefault(row.code, []).append(row.id)
            for key in {row.key, row.key_km} - {""}:
                self.by_name.setdefault(key, []).append(row.id)
        self.by_kind: dict[str, list[Row]] = {}
        for row in self.rows.values():
            self.by_kind.setdefault(row.kind, []).append(row)
        for place_id, key in aliases:
            if place_id in self.rows and place_id not in self.by_alias.get(key, []):
                self.by_alias.setdefault(key, []).append(place_id)
        # One fuzzy choice per key; several places may share it.
        merged: dict[str, dict[int, None]] = {}
        for table in (self.by_name, self.by_alias):
            for key, ids in table.items():
                merged.setdefault(key, {}).update(dict.fromkeys(ids))
        self.choices: dict[str, list[int]] = {key: list(ids) for key, ids in merged.items()}
        self.choice_keys = list(self.choices)
        self.keys_by_kind: dict[str, list[str]] = {}
        for key, ids in self.choices.items():
            for kind in dict.fromkeys(self.rows[i].kind for i in ids):
                self.keys_by_kind.setdefault(kind, []).append(key)

    def ancestors(self, place_id: int) -> list[Row]:
        chain: list[Row] = []
        parent = self.rows[place_id].parent_id if place_id in self.rows else None
        while parent is not None and parent in self.rows and len(chain) < 8:
            chain.append(self.rows[parent])
            parent = self.rows[parent].parent_id
        return chain

    def is_within(self, place_id: int, ancestor_id: int) -> bool:
        return any(row.id == ancestor_id for row in self.ancestors(place_id))


_lock = threading.Lock()
_state: dict[str, Any] = {"index": None, "checked_at": 0.0}


def _fingerprint() -> tuple[Any, ...]:
    places = Place.objects.aggregate(n=Count("id"), last=Max("id"))
    aliases = PlaceAlias.objects.aggregate(n=Count("id"), last=Max("id"))
    return (places["n"], places["last"], aliases["n"], aliases["last"])


def _build(fingerprint: tuple[Any, ...]) -> Index:
    rows = (
        Row(*values)
        for values in Place.objects.values_list(
            "id", "kind", "code", "parent_id", "name_en", "name_km", "key", "key_km"
        )
    )
    return Index(rows, PlaceAlias.objects.values_list("place_id", "key"), fingerprint)


def get_index() -> Index:
    index: Index | None = _state["index"]
    now = time.monotonic()
    if index is not None and now - _state["checked_at"] < REVALIDATE_SECONDS:
        return index
    with _lock:
        fingerprint = _fingerprint()
        index = _state["index"]
        if index is None or index.fingerprint != fingerprint:
            index = _build(fingerprint)
            _state["index"] = index
        _state["checked_at"] = time.monotonic()
        return index


def invalidate() -> None:
    """Forget the keys; the next resolve reads them again."""

    _state["index"] = None


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
@receiver(post_save, sender=PlaceAlias)
@receiver(post_delete, sender=PlaceAlias)
def _places_changed(**kwargs: Any) -> None:
    invalidate()


def place_from(row: Row) -> Place:
    """A Place built from the index, as if read from the database (no query)."""

    values = {
        "id": row.id,
        "kind": row.kind,
        "code": row.code,
        "parent_id": row.parent_id,
        "name_en": row.name_en,
    }
    values |= {"name_km": row.name_km, "key": row.key, "key_km": row.key_km}
    return Place.from_db("default", _PLACE_FIELDS, [values[name] for name in _PLACE_FIELDS])


def places_of_kind(kind: str, order_by: str = "code") -> list[Place]:
    """Every place of ``kind`` (the provinces of a filter, say) from the index, ordered by one
    of its fields: no query, where the filters of the busiest pages used to read them each time."""

    rows = sorted(get_index().by_kind.get(kind, ()), key=lambda row: getattr(row, order_by))
    return [place_from(row) for row in rows]


def ancestors(place: Place | int) -> list[Place]:
    """The place's parent, grandparent, ... from the index (no query)."""

    place_id = place if isinstance(place, int) else place.pk
    return [place_from(row) for row in get_index().ancestors(place_id)]


def _kinds(kind: str | Iterable[str] | None) -> frozenset[str] | None:
    if kind is None:
        return None
    return frozenset({kind} if isinstance(kind, str) else kind)


class _Scope:
    """Which places ``kind`` and ``within`` allow."""

    def __init__(self, index: Index, kind: str | Iterable[str] | None, within: Place | int | None):
        self.index = index
        self.kinds = _kinds(kind)
        self.within = within if within is None or isinstance(within, int) else within.pk

    def allows(self, place_id: int) -> bool:
        row = self.index.rows.get(place_id)
        if row is None or (self.kinds is not None and row.kind not in self.kinds):
            return False
        return self.within is None or self.index.is_within(place_id, self.within)

    def filter(self, ids: Iterable[int]) -> list[int]:
        return [i for i in dict.fromkeys(ids) if self.allows(i)]

    @property
    def narrowed(self) -> bool:
        return self.kinds is not None or self.within is not None


def _order(index: Index, ids: Iterable[int]) -> list[int]:
    return sorted(ids, key=lambda i: (index.rows[i].tier, index.rows[i].code))


def _matches_strictly(row: Row, strict_key: str) -> bool:
    return any(name and place_key(name, strict=True) == strict_key for name in (row.name_en, row.name_km))


def _decide(text: str, index: Index, ids: list[int], how: str, hint: str | None) -> Resolution:
    preferred = ids
    if hint and any(index.rows[i].kind == hint for i in preferred):
        preferred = [i for i in preferred if index.rows[i].kind == hint]
    if how != "alias":
        strict_key = place_key(text, strict=True)
        exact = [i for i in preferred if _matches_strictly(index.rows[i], strict_key)]
        preferred = exact or preferred
    ranked = _order(index, preferred)
    widest = [i for i in ranked if index.rows[i].tier == index.rows[ranked[0]].tier]
    if len(widest) != 1:
        return Resolution(
            None, alternatives=[place_from(index.rows[i]) for i in _order(index, ids)[:ALTERNATIVES_LIMIT]]
        )
    winner = index.rows[widest[0]]
    others = [place_from(index.rows[i]) for i in _order(index, ids) if i != winner.id][:ALTERNATIVES_LIMIT]
    if how in ("alias", "name"):
        # "name" is for the official name as written; a folded spelling matched by "key".
        as_written = clean(text) in {clean(winner.name_en), clean(winner.name_km)}
        how = "name" if as_written else ("key" if how == "name" else how)
    return Resolution(place_from(winner), how, others)


def resolve(
    text: str, *, kind: str | Iterable[str] | None = None, within: Place | int | None = None
) -> Resolution:
    """Find the one place ``text`` names; see the module's docstring for the rules."""

    text = str(text or "").strip()
    key = place_key(text) if text else ""
    if not key:
        return Resolution(None, query=text)
    index = get_index()
    scope = _Scope(index, kind, within)
    hint = kind_hint(text)
    if scope.kinds is not None and hint not in scope.kinds:
        hint = None
    result: Resolution | None = None
    if _CODE.fullmatch(text):
        code = text.translate(str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789"))
        found = scope.filter(index.by_code.get(code, []))
        if found:
            result = _decide(text, index, found, "code", None)
    for how, table in (("alias", index.by_alias), ("name", index.by_name)):
        if result is not None:
            break
        found = scope.filter(table.get(key, []))
        if found:
            result = _decide(text, index, found, how, hint)
            if how == "alias" and result.place is not None:
                # The alias decides, but places that merely share the name are worth showing.
                shared = [i for i in scope.filter(index.by_name.get(key, [])) if i != result.place.pk]
                known = {p.pk for p in result.alternatives}
                extra = [place_from(index.rows[i]) for i in _order(index, shared) if i not in known]
                result.alternatives = (result.alternatives + extra)[:ALTERNATIVES_LIMIT]
    if result is None:
        result = Resolution(None)
    if result.place is None:
        tied = [(place, 100.0) for place in result.alternatives]
        result.suggestions = _merge(tied, _fuzzy(index, key, scope, SUGGESTIONS_LIMIT, text))[
            :SUGGESTIONS_LIMIT
        ]
    result.query, result.key = text, key
    return result


def _merge(*lists: list[tuple[Place, float]]) -> list[tuple[Place, float]]:
    seen: dict[int, tuple[Place, float]] = {}
    for items in lists:
        for place, score in items:
            if place.pk not in seen or seen[place.pk][1] < score:
                seen[place.pk] = (place, score)
    return sorted(
        seen.values(), key=lambda item: (-item[1], TIER[item[0].kind], len(item[0].name_en), item[0].code)
    )


def _phrase_hits(index: Index, text: str) -> dict[str, float]:
    """Keys that a run of the text's words names exactly ("Kampot" in "Kampot Provinse"),
    scored by how much of the text they cover."""

    tokens = text.split()
    if len(tokens) < 2:
        return {}
    whole = max(len(place_key(text)), 1)
    hits: dict[str, float] = {}
    for start in range(len(tokens)):
        for end in range(start + 1, min(len(tokens), start + 4) + 1):
            if end - start == len(tokens):
                continue
            key = place_key(" ".join(tokens[start:end]))
            if key in index.choices:
                hits[key] = max(hits.get(key, 0.0), round(60 + 35 * min(len(key) / whole, 1.0), 1))
    return hits


def _fuzzy(index: Index, key: str, scope: _Scope, limit: int, text: str = "") -> list[tuple[Place, float]]:
    """Closest keys: whole-key similarity, and for keys longer than the text, how well the
    text matches a part of them (someone typing the start of a name)."""

    if not key:
        return []
    if scope.within is not None:
        keys = [k for k, ids in index.choices.items() if any(scope.allows(i) for i in ids)]
    elif scope.kinds is not None:
        keys = list(
            dict.fromkeys(k for kind in sorted(scope.kinds) for k in index.keys_by_kind.get(kind, []))
        )
    else:
        keys = index.choice_keys
    scores: dict[str, float] = {}
    # Fetch more than asked: several keys share a score and the tie-break comes after.
    for choice, score, _ in process.extract(key, keys, scorer=fuzz.ratio, limit=limit * 5, score_cutoff=50):
        scores[choice] = score
    if len(key) >= 3:
        longer = [k for k in keys if len(k) > len(key)]
        for choice, score, _ in process.extract(
            key, longer, scorer=fuzz.partial_ratio, limit=limit * 20, score_cutoff=85
        ):
            # A part of a longer name is a weaker match than the whole name; its start, less so.
            partial = 95.0 if choice.startswith(key) else score * 0.9
            scores[choice] = max(scores.get(choice, 0.0), partial)
    for choice, score in _phrase_hits(index, text).items():
        scores[choice] = max(scores.get(choice, 0.0), score)
    scored = _places_for(index, scores, scope)
    if not scored:
        # Nothing close: still the nearest few, so that a person can see why.
        nearest = process.extract(key, keys, scorer=fuzz.ratio, limit=limit)
        scored = _places_for(index, {choice: score for choice, score, _ in nearest}, scope)
    return _merge(scored)[:limit]


def _places_for(index: Index, scores: dict[str, float], scope: _Scope) -> list[tuple[Place, float]]:
    return [
        (place_from(index.rows[place_id]), round(float(score), 1))
        for choice, score in scores.items()
        for place_id in index.choices[choice]
        if scope.allows(place_id)
    ]


def search(text: str, *, kind: str | Iterable[str] | None = None, within: Place | int | None = None,
           limit: int = 20) -> list[tuple[Place, float]]:  # fmt: skip
    """Places for a search box: the resolved place and its alternatives first, then the
    closest keys, best first."""

    resolution = resolve(text, kind=kind, within=within)
    if resolution.place is None:
        exact = resolution.suggestions
    else:
        exact = [(resolution.place, 100.0)] + [(p, 99.0) for p in resolution.alternatives]
    scope = _Scope(get_index(), kind, within)
    return _merge(exact, _fuzzy(get_index(), resolution.key, scope, limit, resolution.query))[:limit]
