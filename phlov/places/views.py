from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phlov.core.access import protected


@protected(by="login: places are public reference data shown to every signed-in user")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "places/index.html", {})
