from __future__ import annotations

import datetime
from typing import Any

from phlov.protection.models import Case
from phlov.protection.stages import Stage


def make_case(
    person: Any, *, caseworker: Any = None, stage: str = Stage.IDENTIFICATION, **fields: Any
) -> Case:
    """A case written straight to the database, at any stage."""

    fields.setdefault("opened_on", datetime.date(2024, 1, 1))
    return Case.objects.create(
        person=person, organisation=person.organisation, caseworker=caseworker, stage=stage, **fields
    )
