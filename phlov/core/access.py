"""Views are closed by default.

``LoginRequiredMiddleware`` asks for a login on every view; a view that anyone may open is
marked with :func:`public`, which also records it so the URL walk test can tell public
views from protected ones. A protected view must say which policy guards it with
:func:`protected` (or be a DRF view, whose permission classes say it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required

V = TypeVar("V", bound=Callable[..., Any])

PUBLIC_MARK = "phlov_public"
PROTECTED_MARK = "phlov_protected_by"


def public(reason: str) -> Callable[[V], V]:
    """Open a view to anonymous visitors; ``reason`` says why it is safe to do so."""

    if not reason.strip():
        raise ValueError("a public view must say why it is public")

    def mark(view: V) -> V:
        view = login_not_required(view)
        setattr(view, PUBLIC_MARK, reason)
        return view

    return mark


def protected(by: str) -> Callable[[V], V]:
    """Mark a logged-in view with the policy (or rule) that decides who may use it."""

    def mark(view: V) -> V:
        setattr(view, PROTECTED_MARK, by)
        return view

    return mark
