"""HTCDS 2.0 pages: upload a filled template (with the report of values outside the standard's
lists), see past imports, download the export."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phlov.core.access import protected
from phlov.core.policies import Action
from phlov.protection.forms.htcds import HtcdsUploadForm
from phlov.protection.htcds.exchange import export_workbook, import_workbook, report_rows
from phlov.protection.models import HtcdsImport
from phlov.protection.policies import CasePolicy, HtcdsImportPolicy
from phlov.protection.views import _errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@protected(by="HtcdsImportPolicy, CasePolicy (add / export)")
def index(request: HttpRequest) -> HttpResponse:
    policy = CasePolicy()
    may_import = policy.can_any(request.user, Action.ADD)
    may_export = policy.can_any(request.user, "export")
    if not (may_import or may_export):
        raise Http404
    form = HtcdsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and may_import and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 10 MB."))
        else:
            try:
                source = import_workbook(
                    actor=request.user, file=io.BytesIO(upload.read()), file_name=upload.name
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                return redirect("protection:htcds_import", source.pk)
    imports = HtcdsImportPolicy().restrict(request.user).select_related("imported_by")[:50]
    return render(request, "protection/htcds.html",
                  {"form": form, "imports": imports, "may_import": may_import, "may_export": may_export})  # fmt: skip


@protected(by="HtcdsImportPolicy")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source: HtcdsImport = HtcdsImportPolicy().get_or_404(request.user, pk=pk)
    cases = CasePolicy().restrict(request.user).filter(htcds__source=source).select_related("person")
    return render(request, "protection/htcds_import.html",
                  {"source": source, "report": report_rows(source), "cases": cases})  # fmt: skip


@require_POST
@protected(by="CasePolicy (export)")
def export(request: HttpRequest) -> HttpResponse:
    try:
        book = export_workbook(actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="htcds-2.0-cases-{stamp}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
