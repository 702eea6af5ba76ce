"""Is this person already in the registry? The check run before a person is created.

Candidates come from the search keys (whole-name keys one letter apart, document numbers,
phones) among the people the actor may see; each gets the reasons it looks like the same
person and a score (the reasons' weights added, at most 100). Phones, villages and documents
only count for an actor who may see them: a reason must not reveal a hidden field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phlov.people.documents import normalise_number
from phlov.people.models import Person
from phlov.people.names import deletions, full_name, is_khmer, name_key
from phlov.people.phones import try_normalise_phone
from phlov.people.policies import PersonPolicy
from phlov.people.search_index import FULL_DELETION_MIN, _k
from phlov.people.selectors import NameQuery, _lookup, key_scope

SIMILAR = 85.0
REASONS: dict[str, Promise] = {
    "same_document": _("same document number"),
    "same_phone": _("same phone number"),
    "similar_name_same_village": _("similar name and same village"),
    "similar_name_same_birth_year": _("similar name and same year of birth"),
    "same_name_other_script": _("same name in the other script"),
    "same_name": _("same name"),
}
WEIGHTS: dict[str, int] = {
    "same_document": 60,
    "same_phone": 50,
    "similar_name_same_village": 40,
    "similar_name_same_birth_year": 35,
    "same_name_other_script": 25,
    "same_name": 20,
}


@dataclass
class Match:
    person: Person
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[Promise]:
        return [REASONS[code] for code in self.reasons]


def _id(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(getattr(value, "pk", value))


def birth_year_of(data: Mapping[str, Any], today: datetime.date | None = None) -> int | None:
    birth_date = data.get("birth_date")
    if birth_date:
        return int(birth_date.year)
    age = data.get("estimated_age")
    if age not in (None, ""):
        on = data.get("age_estimated_on") or today or datetime.date.today()
        return int(on.year) - int(age)
    return None


def names_in(data: Mapping[str, Any], names: Iterable[Any] = ()) -> list[tuple[str, str]]:
    pairs = [
        (data.get("family_name_km", "") or "", data.get("given_name_km", "") or ""),
        (data.get("family_name_latin", "") or "", data.get("given_name_latin", "") or ""),
    ]
    for name in names:
        if isinstance(name, Mapping):
            pairs.append((name.get("family", "") or "", name.get("given", "") or ""))
        else:
            pairs.append((getattr(name, "family", ""), getattr(name, "given", "")))
    return [(f, g) for f, g in pairs if f or g]


def _document_numbers(documents: Iterable[Any]) -> set[str]:
    numbers: set[str] = set()
    for document in documents:
        number = (
            document.get("number") if isinstance(document, Mapping) else getattr(document, "number", document)
        )
        if number:
            numbers.add(normalise_number(str(number)))
    return numbers - {""}


def _phone_numbers(phones: Iterable[Any]) -> set[str]:
    found: set[str] = set()
    for phone in phones:
        number = phone.get("number") if isinstance(phone, Mapping) else getattr(phone, "number", phone)
        e164 = try_normalise_phone(str(number)) if number else None
        if e164:
            found.add(e164)
    return found


def find_likely_duplicates(
    *,
    actor: Any,
    data: Mapping[str, Any],
    phones: Iterable[Any] = (),
    documents: Iterable[Any] = (),
    names: Iterable[Any] = (),
    exclude: Person | None = None,
    limit: int = 10,
) -> list[Match]:
    """People the actor may see who look like the person described by ``data`` (Person
    fields), ``phones`` (numbers as typed), ``documents`` (dicts with a ``number``) and
    ``names`` (other names), with the reasons, best first."""

    hidden = PersonPolicy().hidden_fields(actor)
    see_phones = "phones" not in hidden
    see_documents = "documents" not in hidden
    see_village = "origin_village" not in hidden
    pairs = names_in(data, names)
    numbers = _document_numbers(documents) if see_documents else set()
    e164s = _phone_numbers(phones) if see_phones else set()
    keys: set[str] = {_k("n", n) for n in numbers} | {_k("e", p) for p in e164s}
    for family, given in pairs:
        whole = name_key(full_name(family, given))
        if whole:
            keys.add(_k("f", whole))
            keys.update(_k("f", d) for d in deletions(whole, FULL_DELETION_MIN))
    if not keys:
        return []
    scope = key_scope(actor)
    if exclude is not None and exclude.pk:
        scope &= ~Q(person=exclude.pk)
    found = _lookup(keys, scope, limit=100)
    if not found:
        return []
    candidates = (
        Person.objects.filter(pk__in=list(found))
        .select_related("origin_province")
        .prefetch_related("names", "documents", "phones")
    )
    village = _id(data.get("origin_village"))
    year = birth_year_of(data)
    matches: list[Match] = []
    typed = [NameQuery(full_name(f, g)) for f, g in pairs]
    for person in candidates:
        reasons: list[str] = []
        if numbers and numbers & {d.number for d in person.documents.all()}:
            reasons.append("same_document")
        if e164s and e164s & {p.number for p in person.phones.all()}:
            reasons.append("same_phone")
        theirs = [
            (person.family_name_km, person.given_name_km),
            (person.family_name_latin, person.given_name_latin),
            *((n.family, n.given) for n in person.names.all()),
        ]
        theirs = [(f, g) for f, g in theirs if f or g]
        similarity = max((name.similarity(tf, tg) for name in typed for tf, tg in theirs), default=0.0)
        if similarity >= SIMILAR:
            if see_village and village and person.origin_village_id == village:
                reasons.append("similar_name_same_village")
            if (
                year
                and person.birth_year
                and abs(person.birth_year - year)
                <= (0 if data.get("birth_date") and person.birth_date else 1)
            ):
                reasons.append("similar_name_same_birth_year")
        same_script, other_script = False, False
        for f, g in pairs:
            key = name_key(full_name(f, g))
            for tf, tg in theirs:
                if key and key == name_key(full_name(tf, tg)):
                    if is_khmer(f + g) == is_khmer(tf + tg):
                        same_script = True
                    else:
                        other_script = True
        if other_script and not same_script:
            reasons.append("same_name_other_script")
        elif same_script and not reasons:
            reasons.append("same_name")
        if reasons:
            matches.append(
                Match(person=person, score=min(100, sum(WEIGHTS[r] for r in reasons)), reasons=reasons)
            )
    matches.sort(key=lambda m: (-m.score, m.person.pk))
    return matches[:limit]
