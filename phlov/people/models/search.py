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
    word and a document number never meet; the lookup is ``key IN (...)`` on the B-tree index.

    The person's organisation, province, sex and year of birth are copied onto each key, so
    that the policy's scope and the search filters are checked on the rows the index finds,
    without a join the planner would start from the wrong side (the people table). The
    services keep the copies in line (``search_index.rebuild_keys``).
    """

    # The unique (person, key) index serves the deletes by person; no second index on person.
    # No foreign-key constraint in the database: the keys are derived data written in bulk (an
    # import of 100,000 people writes about 3 million), and the deferred check of each row at
    # commit cost a third of the import's time. Django still deletes a person's keys with them.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="search_keys",
        db_index=False,
        db_constraint=False,
    )
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=5, choices=SearchKeyKind.choices)
    organisation_id = models.BigIntegerField(default=0)
    province_id = models.BigIntegerField(null=True)
    sex = models.CharField(max_length=8, default="")
    birth_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        # Every column a search reads is in the index, after the key: PostgreSQL answers from
        # the index alone (an index-only scan) instead of one table page per row found.
        indexes = [
            models.Index(
                fields=["key", "organisation_id", "province_id", "person", "kind", "sex", "birth_year"],
                name="people_searchkey_cover",
            )
        ]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="people_searchkey_once")]

    def __str__(self) -> str:
        return self.key
