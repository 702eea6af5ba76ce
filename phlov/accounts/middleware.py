"""Session rules: idle timeout, absolute lifetime, and the second factor for victims' data."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

SEEN_KEY = "phlov_seen"
AUTH_AT_KEY = "phlov_auth_at"
# Writing the session on every request would cost a database write per page; a minute of
# slack on a 30-minute timeout does not matter.
SEEN_RESOLUTION_SECONDS = 60


def _to_login(request: HttpRequest) -> HttpResponse:
    url = f"{reverse('login')}?{urlencode({'next': request.get_full_path()}, safe='/')}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SessionLifetimeMiddleware:
    """Ends a session after ``PHLOV_IDLE_TIMEOUT_SECONDS`` without a request, and in any case
    ``PHLOV_SESSION_ABSOLUTE_SECONDS`` after sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            seen = session.get(SEEN_KEY)
            auth_at = session.setdefault(AUTH_AT_KEY, now)
            idle = seen is not None and now - seen > settings.PHLOV_IDLE_TIMEOUT_SECONDS
            expired = now - auth_at > settings.SESSION_COOKIE_AGE
            if idle or expired:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity. Sign in again.")
                    % {"minutes": settings.PHLOV_IDLE_TIMEOUT_SECONDS // 60}
                    if idle
                    else _("Your session has ended. Sign in again."),
                )
                return _to_login(request)
            if seen is None or now - seen > SEEN_RESOLUTION_SECONDS:
                session[SEEN_KEY] = now
        return self.get_response(request)


# Pages a signed-in user may open before the second factor (URL names).
SECOND_FACTOR_OPEN = {"otp_setup", "otp_verify", "logout", "set_language", "healthz"}


class SecondFactorMiddleware:
    """Holders of roles that see victims' data must confirm a TOTP code before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], *args: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_OPEN:
            return None
        if not user.needs_second_factor():
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("A second factor is required.")}, status=403)
        from django_otp import user_has_device

        target = "otp_verify" if user_has_device(user) else "otp_setup"
        return HttpResponseRedirect(
            f"{reverse(target)}?{urlencode({'next': request.get_full_path()}, safe='/')}"
        )


class OTPMiddleware(DjangoOTPMiddleware):
    """django-otp's middleware, taking the session's device from the user's own row when it is
    the user's confirmed TOTP device (read by ``accounts.backends.UserBackend``) instead of
    reading it again; any other device is read as django-otp reads it."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        # django-otp's own steps, with the device looked up here first.
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = None
            if persistent_id:
                device = _device_read_with(user, persistent_id) or self._device_from_persistent_id(
                    persistent_id
                )
            user.otp_device = self._finalize_device(request, user, device)
        return user


def _device_read_with(user: Any, persistent_id: str) -> TOTPDevice | None:
    """The confirmed TOTP device read with the user, if the session names that one. Its other
    fields (the key, the throttling) are read from the database if anything asks for them."""

    device_id = getattr(user, "confirmed_totp_id", None)
    if device_id is None or persistent_id != f"{TOTPDevice._meta.label_lower}/{device_id}":
        return None
    return TOTPDevice.from_db(user._state.db, ["id", "user_id", "confirmed"], [device_id, user.pk, True])
