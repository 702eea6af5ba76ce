"""The data version that keys the statistics cache: it changes whenever a counted record is
saved or deleted (signals) or loaded in bulk (the loaders call :func:`bump`). It lives in the
cache the server's processes share (``CACHE_URL``), so a save in one is seen by all; where
processes do not share a cache (one per machine), the cache's time limit bounds how long
another may serve an older figure."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.cache import cache

KEY = "phlov:stats:data-version"

# Models whose rows are counted; a save or delete of any of them starts a new version.
COUNTED = (
    "people.Person",
    "protection.Case",
    "protection.StageChange",
    "protection.TraffickingEvent",
    "protection.FollowUpVisit",
    "migration.Worker",
    "migration.Complaint",
    "stats.ReportingCategory",
)


def version() -> str:
    current = cache.get(KEY)
    if current is None:
        current = secrets.token_hex(6)
        cache.add(KEY, current, timeout=None)
        current = cache.get(KEY) or current
    return str(current)


def bump(*args: Any, **kwargs: Any) -> None:
    cache.set(KEY, secrets.token_hex(6), timeout=None)


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    for label in COUNTED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(bump, sender=model, dispatch_uid=f"stats-version-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"stats-version-delete-{label}")
