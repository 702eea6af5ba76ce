"""The search index: keys of each person's names, documents and phones (see search_index.py)."""

from __future__ import annotations

from django.db import models


class SearchKeyKind(models.TextChoices):
    FULL = "full", "full name"
    FULL_DELETION = "fdel", "full name, one letter removed"
    GIVEN = "given", "given names joined"
    TOKEN = "token", "word"
    PHONETIC = "phon", "sound of a word"
    TOKEN_DELETION = "tdel", "word, one letter removed"
    PAIR = "pair", "two words of the name"
    PHONETIC_PAIR = "ppair", "sounds of two words of the name"
    DOCUMENT = "doc", "document number"
    PHONE = "phone", "phone (E.164)"
    PHONE_TAIL = "tail", "phone (last 8 digits)"


class PersonSearchKey(models.Model):
    """One key of one person. Keys carry a prefix of their kind (``f:``, ``t:``, ...) so that a
    word and a document number never meet; the lookup is ``key IN (...)`` on the B-tree index."""

    # The unique (person, key) index serves the deletes by person; no second index on person.
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="search_keys", db_index=False
    )
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=5, choices=SearchKeyKind.choices)

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="people_searchkey_key")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="people_searchkey_once")]

    def __str__(self) -> str:
        return self.key
