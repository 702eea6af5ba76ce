from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language as django_set_language

from phlov.core.access import protected, public

if TYPE_CHECKING:
    from phlov.accounts.models import User


@protected(by="login: every signed-in user has a home page")
def home(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)  # LoginRequiredMiddleware: never anonymous here
    assignments = user.active_assignments().select_related("role", "organisation")
    return render(request, "core/home.html", {"assignments": assignments})


@public("the language switch only sets a cookie; it reads and writes no data")
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@public("load balancers and 'phlov check' ask whether the service is up; no data is returned")
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the context processors: the failure may be in one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({"request": request}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    from django.template import loader

    return HttpResponse(loader.get_template("errors/403_csrf.html").render({"request": request}), status=403)
