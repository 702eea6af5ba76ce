"""The keys of ``PersonSearchKey``: what is stored for a person and what a query looks up.

Stored for every name of a person (the Khmer name, the Latin name and each other name):

* ``f:`` the whole-name key (:func:`phlov.people.names.name_key`, family name first) and
  every string with one of its letters removed, and the key of the given names alone;
* ``t:`` each folded word, ``p:`` its phonetic key, ``d:`` each word with one letter removed
  (words of 4 letters or more);
* ``w:`` every pair of its words (sorted, so the order does not matter) and ``q:`` every pair
  of their phonetic keys: a query with part of the name, or with a typo in each word, meets
  these where the whole-name key cannot;

and ``n:`` each document number (normalised), ``e:`` each phone in E.164, ``8:`` its last 8
digits.

A query computes the same keys: the whole-name key of its words in each order (a name typed
given name first still meets), with the deletions of each; so an exact lookup meets a stored
key when the two differ by one letter (SymSpell: a deletion of one meets the other or one of
its deletions). When that finds too little, the query's keys with two letters removed are
looked up (an extra letter or two typed), then its word pairs (or, for a one-word query, the
word, its sound and its deletions), each of these lists read only up to ``WORD_LIST_CAP``
rows: common words are not worth reading to the end.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from phlov.people.documents import normalise_number
from phlov.people.models import Person, PersonSearchKey, SearchKeyKind
from phlov.people.names import deletions, full_name, latin_words, name_key, phonetic, tokens
from phlov.people.phones import last_digits, try_normalise_phone

KEY_LENGTH = 64
FULL_DELETION_MIN = 5
TOKEN_DELETION_MIN = 4
SECOND_DELETION_MIN = 7  # whole-name keys this long also get their two-letter deletions looked up
WORD_LIST_CAP = 2000
# Weight of a stored key's kind in the candidates' score (integers keep the SQL sum exact).
WEIGHTS: dict[str, int] = {
    SearchKeyKind.FULL: 20,
    SearchKeyKind.FULL_DELETION: 12,
    SearchKeyKind.GIVEN: 14,
    SearchKeyKind.TOKEN: 6,
    SearchKeyKind.PHONETIC: 4,
    SearchKeyKind.TOKEN_DELETION: 3,
    SearchKeyKind.PAIR: 10,
    SearchKeyKind.PHONETIC_PAIR: 6,
    SearchKeyKind.DOCUMENT: 40,
    SearchKeyKind.PHONE: 40,
    SearchKeyKind.PHONE_TAIL: 30,
}
NAME_KINDS = frozenset(
    {
        SearchKeyKind.FULL, SearchKeyKind.FULL_DELETION, SearchKeyKind.GIVEN, SearchKeyKind.TOKEN,
        SearchKeyKind.PHONETIC, SearchKeyKind.TOKEN_DELETION, SearchKeyKind.PAIR, SearchKeyKind.PHONETIC_PAIR,
    }
)  # fmt: skip


def _k(prefix: str, value: str) -> str:
    return f"{prefix}:{value}"[:KEY_LENGTH]


def name_pair_keys(family: str, given: str) -> dict[str, str]:
    """Keys of one name (key -> kind)."""

    keys: dict[str, str] = {}
    whole = name_key(full_name(family, given))
    if not whole:
        return keys
    for deleted in deletions(whole, FULL_DELETION_MIN):
        keys[_k("f", deleted)] = SearchKeyKind.FULL_DELETION
    if family.strip() and given.strip():
        given_key = name_key(given)
        if given_key:
            keys[_k("f", given_key)] = SearchKeyKind.GIVEN
    keys[_k("f", whole)] = SearchKeyKind.FULL
    words = tokens(full_name(family, given))
    for word in words:
        for deleted in deletions(word, TOKEN_DELETION_MIN):
            keys.setdefault(_k("d", deleted), SearchKeyKind.TOKEN_DELETION)
        sound = phonetic(word)
        if sound:
            keys.setdefault(_k("p", sound), SearchKeyKind.PHONETIC)
        keys[_k("t", word)] = SearchKeyKind.TOKEN
    for pair in word_pairs(words):
        keys[_k("w", pair)] = SearchKeyKind.PAIR
    for pair in word_pairs([phonetic(w) for w in words]):
        keys.setdefault(_k("q", pair), SearchKeyKind.PHONETIC_PAIR)
    return keys


def word_pairs(words: list[str]) -> set[str]:
    """Every pair of distinct words, sorted: ``["sok", "sre", "mom"]`` -> ``{"mom|sok", ...}``."""

    unique = sorted({w for w in words if w})
    return {f"{a}|{b}" for a, b in itertools.combinations(unique, 2)}


def person_keys(
    *,
    names: Iterable[tuple[str, str]],
    documents: Iterable[str] = (),
    phones: Iterable[str] = (),
) -> dict[str, str]:
    """Every key of a person (key -> kind): ``names`` are (family, given) pairs in either
    script, ``documents`` numbers (normalised here), ``phones`` E.164 numbers."""

    keys: dict[str, str] = {}
    for family, given in names:
        for key, kind in name_pair_keys(family or "", given or "").items():
            # a whole-name key beats the same string as a deletion of another name
            if WEIGHTS[kind] > WEIGHTS.get(keys.get(key, ""), 0):
                keys[key] = kind
    for number in documents:
        normalised = normalise_number(number)
        if normalised:
            keys[_k("n", normalised)] = SearchKeyKind.DOCUMENT
    for phone in phones:
        if phone:
            keys[_k("e", phone)] = SearchKeyKind.PHONE
            keys[_k("8", last_digits(phone))] = SearchKeyKind.PHONE_TAIL
    return keys


def names_of(person: Person, other_names: Iterable[Any] | None = None) -> list[tuple[str, str]]:
    names = [
        (person.family_name_km, person.given_name_km),
        (person.family_name_latin, person.given_name_latin),
    ]
    others = person.names.all() if other_names is None else other_names
    names.extend((n.family, n.given) for n in others)
    return [(f, g) for f, g in names if f or g]


def keys_of(person: Person) -> dict[str, str]:
    return person_keys(
        names=names_of(person),
        documents=[d.number for d in person.documents.all()],
        phones=[p.number for p in person.phones.all()],
    )


SCOPE_FIELDS = ("organisation_id", "province_id", "sex", "birth_year")


def scope_of(person: Person) -> tuple[int, int | None, str, int | None]:
    """What each key of the person carries: organisation, province, sex, year of birth."""

    return (person.organisation_id, person.origin_province_id, person.sex, person.birth_year)


def rebuild_keys(person: Person) -> None:
    """Bring the person's stored keys in line with their names, documents, phones and scope."""

    wanted = keys_of(person)
    scope = scope_of(person)
    stored = {
        key: (kind, tuple(rest))
        for key, kind, *rest in PersonSearchKey.objects.filter(person=person).values_list(
            "key", "kind", *SCOPE_FIELDS
        )
    }
    stale = [key for key, (kind, _scope) in stored.items() if wanted.get(key) != kind]
    if stale:
        PersonSearchKey.objects.filter(person=person, key__in=stale).delete()
    if any(old_scope != scope for key, (_kind, old_scope) in stored.items() if key not in stale):
        PersonSearchKey.objects.filter(person=person).update(**dict(zip(SCOPE_FIELDS, scope, strict=True)))
    new = [
        PersonSearchKey(person=person, key=key, kind=kind, **dict(zip(SCOPE_FIELDS, scope, strict=True)))
        for key, kind in wanted.items()
        if key not in stored or key in stale
    ]
    PersonSearchKey.objects.bulk_create(new, batch_size=1000)


def bulk_insert_keys(rows: Iterable[tuple[Any, ...]], batch_size: int = 5000) -> int:
    """Insert (person id, key, kind, organisation id, province id, sex, year of birth) rows
    quickly: COPY on PostgreSQL, batched inserts elsewhere."""

    columns = ("person_id", "key", "kind", *SCOPE_FIELDS)
    count = 0
    if connection.vendor == "postgresql":
        table = PersonSearchKey._meta.db_table
        with connection.cursor() as cursor:
            raw: Any = cursor.cursor  # psycopg 3 cursor
            with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    batch: list[PersonSearchKey] = []
    for row in rows:
        batch.append(PersonSearchKey(**dict(zip(columns, row, strict=True))))
        if len(batch) >= batch_size:
            PersonSearchKey.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    PersonSearchKey.objects.bulk_create(batch)
    return count + len(batch)


def key_rows(person: Person, keys: dict[str, str]) -> Iterator[tuple[Any, ...]]:
    """The rows :func:`bulk_insert_keys` takes, for one saved person."""

    scope = scope_of(person)
    for key, kind in keys.items():
        yield (person.pk, key, kind, *scope)


# --- queries ---------------------------------------------------------------------------------


@dataclass
class QueryKeys:
    """What a typed query looks up: the selective keys first, the words when those find little."""

    names: set[str] = field(default_factory=set)  # whole-name keys and their deletions
    far_names: set[str] = field(default_factory=set)  # whole-name keys with two letters removed
    words: set[str] = field(default_factory=set)  # word pairs; the word itself for one word
    exact_words: set[str] = field(default_factory=set)  # of ``words``, the typed word itself
    numbers: set[str] = field(default_factory=set)  # documents and phones
    word_count: int = 0
    text_key: str = ""

    @property
    def empty(self) -> bool:
        return not (self.names or self.words or self.numbers)


def _orders(words: list[str]) -> Iterator[list[str]]:
    if len(words) <= 3:
        yield from (list(p) for p in itertools.permutations(words))
    else:
        yield words
        yield words[1:] + words[:1]
        yield words[-1:] + words[:-1]


def query_keys(text: str, *, documents: bool = True, phones: bool = True) -> QueryKeys:
    """The keys to look up for ``text``. ``documents``/``phones`` False leaves those kinds out
    (for a reader who may not see them)."""

    keys = QueryKeys()
    text = str(text).strip()
    if not text:
        return keys
    compact = "".join(text.split())
    digits = sum(c.isdigit() for c in compact)
    if documents and digits >= 5:
        number = normalise_number(text)
        if number:
            keys.numbers.add(_k("n", number))
    if phones and digits >= 6 and all(c.isdigit() or c in "+-. ()" or c.isspace() for c in text):
        e164 = try_normalise_phone(text)
        if e164:
            keys.numbers.add(_k("e", e164))
        only_digits = "".join(c for c in text if c.isdigit())
        if len(only_digits) >= 8:
            keys.numbers.add(_k("8", only_digits[-8:]))
    words = [w for w in latin_words(text) if not w.isdigit()]
    if not words:
        return keys
    keys.word_count = len(words)
    keys.text_key = name_key(" ".join(words))
    for order in _orders(words):
        whole = name_key(" ".join(order))
        if not whole:
            continue
        keys.names.add(_k("f", whole))
        once = deletions(whole, FULL_DELETION_MIN)
        keys.names.update(_k("f", deleted) for deleted in once)
        if len(whole) >= SECOND_DELETION_MIN:
            keys.far_names.update(
                _k("f", twice) for deleted in once for twice in deletions(deleted, FULL_DELETION_MIN)
            )
    keys.far_names -= keys.names
    folded = tokens(" ".join(words))
    if len(set(folded)) >= 2:
        keys.words.update(_k("w", pair) for pair in word_pairs(folded))
        keys.words.update(_k("q", pair) for pair in word_pairs([phonetic(w) for w in folded]))
    else:
        for word in folded:
            keys.words.add(_k("t", word))
            keys.exact_words.add(_k("t", word))
            if phonetic(word):
                keys.words.add(_k("p", phonetic(word)))
            if len(word) >= TOKEN_DELETION_MIN - 1:
                keys.words.add(_k("d", word))
            for deleted in deletions(word, TOKEN_DELETION_MIN):
                keys.words.add(_k("t", deleted))
                keys.words.add(_k("d", deleted))
    return keys
