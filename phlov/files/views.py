from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse

from phlov.core.access import protected
from phlov.files.exports import take_download
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


@protected(by="own exports only: take_download filters by the user who made it")
def export_download(request: HttpRequest, download_id: UUID) -> HttpResponse:
    taken = take_download(actor=request.user, download_id=download_id)
    if taken is None:
        raise Http404
    filename, media_type, content = taken
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
