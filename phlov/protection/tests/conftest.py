from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """The tests read messages in English (the pages' own language is set by a cookie)."""

    with translation.override("en"):
        yield
