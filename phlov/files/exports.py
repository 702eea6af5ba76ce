"""Exports of personal data: encrypted, signed with who exported them and when, and audited.

The password is generated here and shown to the exporter once, apart from the file, so the
archive alone is useless to whoever finds it (a lost laptop, a forwarded e-mail).
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import msoffcrypto
import pyzipper
from django.utils import timezone
from openpyxl import Workbook

from phlov.audit.services import record

# Letters and digits that cannot be mistaken for one another when read aloud or copied.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    password: str
    media_type: str


def new_password(length: int = 20) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def banner(actor: Any) -> str:
    organisation = getattr(actor, "organisation", None)
    return (
        f"Exported from Phlov by {actor.get_username()}"
        f"{f' ({organisation.name_en})' if organisation else ''} at {timezone.now():%Y-%m-%d %H:%M %Z}. "
        "Contains personal data: keep it encrypted and destroy it when the work is done."
    )


def _csv_bytes(header: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header])
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read Khmer


def encrypted_zip(members: dict[str, bytes], password: str, comment: str) -> bytes:
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.comment = comment.encode()[:65535]
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def protected_xlsx(
    header: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], password: str
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([header])
    sheet.append(list(columns))
    for row in rows:
        sheet.append(list(row))
    plain = io.BytesIO()
    workbook.save(plain)
    plain.seek(0)
    office = msoffcrypto.OfficeFile(plain)
    encrypted = io.BytesIO()
    office.encrypt(password, encrypted)
    return encrypted.getvalue()


def export_personal_data(
    *,
    actor: Any,
    name: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "zip",
    object_type: str = "",
) -> Export:
    """Package rows the caller already filtered through the policy (rows and hidden fields)."""

    password = new_password()
    header = banner(actor)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        content = protected_xlsx(header, columns, rows, password)
        export = Export(
            f"{name}-{stamp}.xlsx",
            content,
            password,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "zip":
        content = encrypted_zip({f"{name}-{stamp}.csv": _csv_bytes(header, columns, rows)}, password, header)
        export = Export(f"{name}-{stamp}.zip", content, password, "application/zip")
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    record(
        actor=actor,
        action="export",
        object_type=object_type or name,
        detail={"rows": len(rows), "columns": list(columns), "format": fmt},
    )
    return export


DOWNLOAD_MINUTES = 15


def hold_for_download(*, actor: Any, export: Export) -> Any:
    """Keep an export for one download by its maker within a few minutes."""

    from datetime import timedelta

    from phlov.files.crypto import encrypt
    from phlov.files.models import ExportDownload

    return ExportDownload.objects.create(
        user=actor,
        filename=export.filename,
        media_type=export.media_type,
        content=encrypt(export.content),
        expires_at=timezone.now() + timedelta(minutes=DOWNLOAD_MINUTES),
    )


def take_download(*, actor: Any, download_id: Any) -> tuple[str, str, bytes] | None:
    """The export's name, type and bytes, once, for its maker before it expires; else None."""

    from django.db import transaction

    from phlov.files.crypto import decrypt
    from phlov.files.models import ExportDownload

    with transaction.atomic():
        held = (
            ExportDownload.objects.select_for_update()
            .filter(pk=download_id, user=actor, downloaded_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if held is None:
            return None
        content = decrypt(bytes(held.content))
        # Taken once: the bytes are dropped and the row kept as a receipt.
        ExportDownload.objects.filter(pk=held.pk).update(downloaded_at=timezone.now(), content=b"")
    return held.filename, held.media_type, content
