"""Who is asking, from where: the request context every audit event of a request carries.

Services record events without being handed the request (they also run from the command
line and from tasks), so the middleware leaves what the trail needs in a ContextVar for the
length of the request; :func:`phlov.audit.services.record` reads it when it is there.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponseBase

from phlov.audit.chain import clean_ip, clean_text

USER_AGENT_MAX = 300
REQUEST_ID_HEADER = "X-Request-ID"
# Where the request's id is kept on the request object, so that the login signals (which get
# the request itself) and the middleware agree on it.
_REQUEST_ID_ATTR = "phlov_request_id"


@dataclass(frozen=True)
class RequestContext:
    ip_address: str
    user_agent: str
    request_id: str


_current: ContextVar[RequestContext | None] = ContextVar("phlov_audit_request", default=None)


def context_from_request(request: HttpRequest) -> RequestContext:
    request_id = getattr(request, _REQUEST_ID_ATTR, None)
    if not request_id:
        # Our own id, never the client's: a header the client chooses is not evidence.
        request_id = uuid.uuid4().hex
        setattr(request, _REQUEST_ID_ATTR, request_id)
    meta = getattr(request, "META", {}) or {}
    return RequestContext(
        # REMOTE_ADDR only: forwarded-for headers are set by the client unless a proxy we
        # trust rewrites them, and the proxy's address is then what the socket saw.
        ip_address=clean_ip(meta.get("REMOTE_ADDR")),
        user_agent=clean_text(meta.get("HTTP_USER_AGENT"), USER_AGENT_MAX),
        request_id=request_id,
    )


def current_context() -> RequestContext | None:
    return _current.get()


@contextmanager
def request_context(request: HttpRequest | None) -> Iterator[None]:
    """Use ``request`` as the context inside the block (e.g. in a signal handler given a request)."""

    if request is None:
        yield
        return
    token = _current.set(context_from_request(request))
    try:
        yield
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    """Placed right after AuthenticationMiddleware (settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        context = context_from_request(request)
        token = _current.set(context)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        # People quote it when they report a problem; it finds the request's events.
        response[REQUEST_ID_HEADER] = context.request_id
        return response
