"""The trail as CSV, streamed: the screen's export and ``phlov audit export`` write the same file.

Every hashed field is included, times exactly as hashed, so that whoever receives the file can
check the chain again (``prev_hash`` and ``hash`` are the last two columns).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from phlov.audit.chain import HASHED_FIELDS, timestamp_text
from phlov.audit.models import AuditEvent

CHUNK_SIZE = 2000
# Every stored column: the hashed ones, then the hash.
COLUMNS: tuple[str, ...] = (*HASHED_FIELDS, "hash")
# A spreadsheet runs a cell starting with one of these as a formula; a user name tried at the
# sign-in page is typed by anyone, so such cells get a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def _cell(event: AuditEvent, column: str) -> str:
    value: Any = getattr(event, column)
    if column == "at":
        return timestamp_text(value)
    if column in ("changes", "detail"):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _guard("" if value is None else str(value))


def csv_lines(
    events: Iterable[AuditEvent], *, exporter: str, at: dt.datetime, export_seq: int | None
) -> Iterator[str]:
    """The header line naming the exporter and the time, the column names, then one line per event."""

    writer = csv.writer(_Line())
    # Translated now, while the request's language is active, not when the stream is consumed.
    if export_seq is None:
        title = _("Phlov audit trail, exported by %(user)s at %(time)s") % {
            "user": exporter,
            "time": timestamp_text(at),
        }
    else:
        title = _("Phlov audit trail, exported by %(user)s at %(time)s (audit event %(seq)s)") % {
            "user": exporter,
            "time": timestamp_text(at),
            "seq": export_seq,
        }
    head = [writer.writerow([_guard(title)]), writer.writerow(COLUMNS)]
    return itertools.chain(head, _rows(writer, events))


def _rows(writer: Any, events: Iterable[AuditEvent]) -> Iterator[str]:
    iterator = events.iterator(chunk_size=CHUNK_SIZE) if isinstance(events, QuerySet) else iter(events)
    for event in iterator:
        yield writer.writerow([_cell(event, column) for column in COLUMNS])


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
