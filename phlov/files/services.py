"""Storing and reading files. Each takes the acting user; the owning record's policy decides."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404

from phlov.audit.services import record
from phlov.core.policies import Action, policy_for
from phlov.files.crypto import decrypt, encrypt
from phlov.files.models import StoredFile
from phlov.files.validation import check_upload


def _path(stored: StoredFile) -> Path:
    # Outside STATIC_ROOT and never mounted on a URL: only ``read_file`` hands files out.
    return Path(settings.MEDIA_ROOT) / str(stored.pk)[:2] / f"{stored.pk}.bin"


def store_file(*, actor: Any, owner: models.Model, name: str, data: bytes) -> StoredFile:
    if not policy_for(owner).can(actor, Action.CHANGE, owner):
        raise PermissionDenied
    checked = check_upload(name, data)
    stored = StoredFile(
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=str(owner.pk),
        original_name=os.path.basename(name)[:255],
        media_type=checked.media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    path = _path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_bytes(encrypt(data))
    try:
        with transaction.atomic():
            stored.save(force_insert=True)
            record(
                actor=actor,
                action="create",
                obj=stored,
                detail={"owner": f"{stored.owner_type.model}:{owner.pk}"},
            )
            # Renamed only once the row and its audit are certain to be written.
            transaction.on_commit(lambda: partial.replace(path))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return stored


def read_file(*, actor: Any, file_id: Any) -> tuple[StoredFile, bytes]:
    """The file and its content, or 404 when it is missing or its record is out of reach."""

    stored = StoredFile.objects.select_related("owner_type").filter(pk=file_id).first()
    owner = stored.owner if stored is not None else None
    if stored is None or owner is None or not policy_for(owner).can(actor, Action.VIEW, owner):
        raise Http404
    data = decrypt(_path(stored).read_bytes())
    if hashlib.sha256(data).hexdigest() != stored.sha256:
        raise RuntimeError(f"stored file {stored.pk} does not match its checksum")
    record(actor=actor, action="view", obj=stored)
    return stored, data
