"""The import pages: upload, columns, then a job that checks the file (or registers its people)
in the background while its page shows the progress and, at the end, the report."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.people import import_jobs
from phlov.people.forms import ImportMappingForm, ImportUploadForm
from phlov.people.importing import FIELDS, read_table, suggest_mapping
from phlov.people.policies import ImportJobPolicy, PersonPolicy

BY = "PersonPolicy"
JOB_BY = "ImportJobPolicy"
IMPORT_SESSION_KEY = "people_import"


def _require_add(request: HttpRequest) -> None:
    if not PersonPolicy().can_any(request.user, Action.ADD):
        raise Http404  # forbidden looks like missing


def _imports_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not Path(pending["path"]).exists():
        return None
    return dict(pending)


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending:
        Path(pending["path"]).unlink(missing_ok=True)
        Path(f"{pending['path']}.progress").unlink(missing_ok=True)


@protected(by=BY)
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_add(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _forget(request)
        upload = form.cleaned_data["file"]
        suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        path = _imports_dir() / f"{secrets.token_hex(16)}{suffix}"
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        path.chmod(0o600)
        request.session[IMPORT_SESSION_KEY] = {"path": str(path), "name": upload.name[:200]}
        return redirect("people:import-mapping")
    return render(request, "people/import_upload.html", {"form": form})


@protected(by=BY)
def import_mapping(request: HttpRequest) -> HttpResponse:
    _require_add(request)
    pending = _pending(request)
    if pending is None:
        return redirect("people:import")
    try:
        headers, _rows, _total = read_table(pending["path"])
    except Exception:  # any unreadable file is reported the same way
        _forget(request)
        messages.error(request, _("The file could not be read."))
        return redirect("people:import")
    form = ImportMappingForm(
        request.POST or None,
        headers=headers,
        suggested=pending.get("mapping") or suggest_mapping(headers),
        choices=list(FIELDS.items()),
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        job = import_jobs.start_import(
            actor=request.user,
            path=pending["path"],
            file_name=pending["name"],
            mapping=mapping,
            dry_run=True,
            create_duplicates=form.cleaned_data["create_duplicates"],
        )
        request.session[IMPORT_SESSION_KEY] = {**pending, "mapping": mapping}
        return redirect("people:import-job", pk=job.pk)
    return render(request, "people/import_mapping.html", {"form": form, "file_name": pending["name"]})


@protected(by=JOB_BY)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; with htmx, only its status (asked again every second while it runs)."""

    job = ImportJobPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    progress = import_jobs.live_progress(job)
    register_count = job.valid if job.create_duplicates else job.valid - job.duplicate_count
    context = {
        "job": job,
        "progress": progress,
        "register_count": register_count,
        "can_register": job.dry_run and job.state == "done" and not job.rejected and register_count > 0,
        "file_kept": Path(job.path).exists(),
    }
    if job.committed:
        _forget_if_current(request, job.path)
    template = (
        "people/import_job.html#job-status" if getattr(request, "htmx", False) else "people/import_job.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _forget_if_current(request: HttpRequest, path: str) -> None:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if pending and pending.get("path") == path:
        request.session.pop(IMPORT_SESSION_KEY, None)


@protected(by=JOB_BY)
@require_POST
def import_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the people of a checked file (a new job, in the background)."""

    checked = ImportJobPolicy().get_or_404(request.user, Action.VIEW, pk=pk)
    try:
        job = import_jobs.start_registration(actor=request.user, checked=checked)
    except FileNotFoundError:
        messages.error(request, _("The file is no longer here; upload it again."))
        return redirect("people:import")
    except PermissionDenied:
        raise Http404 from None  # not a clean check of one's own: as if missing
    return redirect("people:import-job", pk=job.pk)


@protected(by=BY)
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    _forget(request)
    return redirect("people:index")
