from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse

from phlov.core.access import protected
from phlov.files.services import read_file


@protected(by="the owning record's policy (files.services.read_file)")
def download(request: HttpRequest, file_id: UUID) -> HttpResponse:
    stored, data = read_file(actor=request.user, file_id=file_id)
    response = HttpResponse(data, content_type=stored.media_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.pk}{_ending(stored.original_name)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ending(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 and len(name) - dot <= 6 else ""
