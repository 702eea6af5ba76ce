from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def fresh_cache_and_english() -> Iterator[None]:
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()
