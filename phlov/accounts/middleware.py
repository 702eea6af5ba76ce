"""Session rules: idle timeout, absolute lifetime, and the second factor for victims' data."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

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
