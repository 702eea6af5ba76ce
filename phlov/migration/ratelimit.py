"""A small per-address counter in the cache, for the public forms (no login, so no other brake)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def too_many(request: HttpRequest, bucket: str) -> bool:
    """Count this request; True once the address passed ``PHLOV_PUBLIC_FORM_LIMIT`` an hour (default 10)."""

    limit: int = getattr(settings, "PHLOV_PUBLIC_FORM_LIMIT", 10)
    key = f"migration:{bucket}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit
