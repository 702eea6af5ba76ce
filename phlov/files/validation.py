"""What an upload must be: judged by its content, not by its name or the browser's word."""

from __future__ import annotations

import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

# media type -> file name endings that may carry it
ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}

# PDF features that run code or fetch things when the file is opened.
PDF_ACTIVE_CONTENT = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction", b"/AA")


@dataclass(frozen=True)
class CheckedFile:
    media_type: str
    data: bytes


def check_upload(name: str, data: bytes) -> CheckedFile:
    limit = settings.PHLOV_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(_("Only PDF documents and JPEG, PNG or WebP photos can be uploaded."))
    if not name.lower().endswith(ALLOWED[kind.mime]):
        raise ValidationError(
            _("The file's name does not match its content (%(type)s).") % {"type": kind.mime}
        )
    if kind.mime == "application/pdf":
        if any(marker in data for marker in PDF_ACTIVE_CONTENT):
            raise ValidationError(_("This PDF contains scripts or embedded files, which are not accepted."))
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except Exception as error:
            raise ValidationError(_("The photo is damaged or not really an image.")) from error
    return CheckedFile(kind.mime, data)
