from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phlov.core.access import protected


@protected(by="AuditEventPolicy: supervisors and auditors")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/index.html", {})
