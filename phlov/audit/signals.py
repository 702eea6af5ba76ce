"""Sign-in, sign-out and failed sign-in, audited from Django's authentication signals.

The request given by the signal is used for the address and browser, so that the events are
complete even when the signal fires outside the middleware (the test client's ``login``).
A failed sign-in keeps the user name tried and nothing else of the credentials: Django masks
the password already, and it is never read here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from phlov.audit.chain import clean_text
from phlov.audit.middleware import request_context
from phlov.audit.models import AuditAction
from phlov.audit.services import record

USERNAME_MAX = 150


@receiver(user_logged_in, dispatch_uid="phlov.audit.login")
def audit_login(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    with request_context(request):
        record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out, dispatch_uid="phlov.audit.logout")
def audit_logout(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is None:  # signing out without a session: nobody to audit
        return
    with request_context(request):
        record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed, dispatch_uid="phlov.audit.login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any] | None = None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user_model = get_user_model()
    tried = clean_text((credentials or {}).get(user_model.USERNAME_FIELD), USERNAME_MAX)
    # An attempt on an existing account is shown to that account's organisation, whose
    # auditors are the ones to notice someone guessing a colleague's password.
    target = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: tried}).first() if tried else None
    )
    with request_context(request):
        record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            object_type=user_model._meta.label_lower,
            object_id=target.pk if target is not None else None,
            organisation=getattr(target, "organisation", None),
            detail={"username": tried},
        )
