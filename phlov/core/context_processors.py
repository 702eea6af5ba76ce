from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from phlov.core.selectors import modules_for_user


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_modules": modules_for_user(user=user) if user is not None else [],
        "phlov_demo": settings.DEMO,
    }
