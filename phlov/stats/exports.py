"""A standard table as CSV, XLSX (openpyxl) or a printable PDF report in Khmer and English
(WeasyPrint; Noto Sans Khmer from npm). Each holds exactly what the page shows the reader:
suppressed cells stay suppressed; a printed figure that differs from Phlov's is beside it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from phlov.stats.conf import DATA
from phlov.stats.filters import Filters
from phlov.stats.tables import Shown, StatTable

FORMATS = ("csv", "xlsx", "pdf")
FONT = Path(settings.NODE_MODULES) / "@fontsource/noto-sans-khmer/files"


def _value(cell: Shown) -> str | int:
    return cell.text if cell.suppressed else cell.persons


def rows_of(table: StatTable) -> list[list[Any]]:
    """The table as rows of plain values: a header, the rows, the totals; a printed figure that
    differs from Phlov's follows in its own column set at the end."""

    header = ["", *table.columns, _("Total")]
    out: list[list[Any]] = [header]
    for row in [*table.rows, table.totals]:
        cells = [*row.cells, row.total]
        printed = [
            (_("printed: %(value)s") % {"value": c.printed}) if c.disagrees and c.printed is not None else ""
            for c in cells
        ]
        out.append([row.label, *(_value(c) for c in cells), *printed])
    return out


def _csv(table: StatTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([table.title])
    writer.writerow([table.source])
    writer.writerows(rows_of(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the mark makes spreadsheets read UTF-8


def _xlsx(table: StatTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = table.code[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([table.source])
    for row in rows_of(table):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(table: StatTable, filters: Filters, language: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    with translation.override(language):
        html = render_to_string(
            "stats/report_pdf.html", {"table": table, "filters": filters, "language": language}
        )
    css = (DATA / "report.css").read_text(encoding="utf-8")
    css = css.replace("{font400}", (FONT / "noto-sans-khmer-khmer-400-normal.woff2").as_uri())
    css = css.replace("{font700}", (FONT / "noto-sans-khmer-khmer-700-normal.woff2").as_uri())
    document: bytes = HTML(string=html, base_url=str(DATA)).write_pdf(
        stylesheets=[CSS(string=css, font_config=fonts)], font_config=fonts
    )
    return document


def respond(request: HttpRequest, table: StatTable, kind: str, filters: Filters) -> HttpResponse:
    name = f"phlov-{table.code}"
    if kind == "csv":
        response = HttpResponse(_csv(table), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        response = HttpResponse(
            _xlsx(table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        language = translation.get_language() or "km"
        response = HttpResponse(pdf(table, filters, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
