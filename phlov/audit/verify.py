"""Checking the chain: every row's hash, every link, no gaps, and the head at the end.

The walk streams the rows in seq order, so it runs in constant memory on millions of events.
It is safe while Phlov is running: the head is read first and only the rows up to it are
walked; rows committed after that are left for the next run (a row and the head move in one
transaction, so every row up to the head read is already there).

What each finding means, for whoever reads the report:

* edited: the row's content no longer gives its stored hash (or a link points elsewhere
  than its hashed copy says);
* inserted or replaced: the row's ``prev_hash`` is not the previous row's hash, its seq is out
  of range, it lies beyond the chain head, or it is the head's row but not the head's hash;
* removed: a seq is missing, or the head names rows that are not there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from phlov.audit.chain import HASHED_FIELDS, compute_hash
from phlov.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent

DEFAULT_CHUNK_SIZE = 2000
# How many stray rows beyond the head are listed, and how many explanatory notes: more are
# counted, so that the report on a wholly rewritten trail stays readable.
BEYOND_HEAD_LISTED = 1000
NOTES_LISTED = 50


class SeqRanges:
    """Seq numbers, kept as ranges: a report on a wholly rewritten trail stays small."""

    def __init__(self) -> None:
        self.ranges: list[list[int]] = []
        self.count = 0

    def add(self, first: int, last: int | None = None) -> None:
        last = first if last is None else last
        if self.ranges and self.ranges[-1][0] <= first and last <= self.ranges[-1][1]:
            return  # already reported (a row can fail two checks)
        self.count += last - first + 1
        if self.ranges and self.ranges[-1][1] + 1 == first:
            self.ranges[-1][1] = last
        else:
            self.ranges.append([first, last])

    def __bool__(self) -> bool:
        return self.count > 0

    def __contains__(self, seq: int) -> bool:
        return any(first <= seq <= last for first, last in self.ranges)

    def __str__(self) -> str:
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges)


@dataclass
class Report:
    events: int = 0
    head_seq: int | None = None
    head_hash: str | None = None
    edited: SeqRanges = field(default_factory=SeqRanges)
    inserted: SeqRanges = field(default_factory=SeqRanges)
    removed: SeqRanges = field(default_factory=SeqRanges)
    notes: list[str] = field(default_factory=list)
    notes_left_out: int = 0

    @property
    def intact(self) -> bool:
        return not (self.edited or self.inserted or self.removed or self.notes)

    def note(self, text: str, *, always: bool = False) -> None:
        if always or len(self.notes) < NOTES_LISTED:
            self.notes.append(text)
        else:
            self.notes_left_out += 1

    def lines(self) -> list[str]:
        if self.intact:
            lines = [f"{self.events} events, chain intact"]
            if self.head_seq:
                lines.append(f"head: seq {self.head_seq} sha256 {self.head_hash}")
            return lines
        lines = [f"AUDIT CHAIN BROKEN: {self.events} events checked"]
        if self.edited:
            lines.append(f"  edited (content does not match its hash), seq: {self.edited}")
        if self.inserted:
            lines.append(f"  inserted or replaced (not linked into the chain), seq: {self.inserted}")
        if self.removed:
            lines.append(f"  removed (missing from the chain), seq: {self.removed}")
        lines.extend(f"  {note}" for note in self.notes)
        if self.notes_left_out:
            lines.append(f"  ... and {self.notes_left_out} more notes")
        return lines


def _rows(chunk_size: int, up_to: int | None) -> Iterator[dict[str, Any]]:
    qs = AuditEvent.objects.order_by("seq")
    if up_to is not None:
        qs = qs.filter(seq__lte=up_to)
    return qs.values(*HASHED_FIELDS, "hash", "actor_id", "organisation_id").iterator(chunk_size=chunk_size)


def verify_chain(
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    anchors: Mapping[int, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Walk the trail and report what does not hold. ``anchors`` are ``{seq: hash}`` noted earlier
    (from a previous report), which catch a trail rewritten from some point on, head and all."""

    report = Report()
    anchors = dict(anchors or {})
    head = AuditChainHead.objects.filter(pk=1).values("last_seq", "last_hash").first()
    if head is not None:
        report.head_seq, report.head_hash = head["last_seq"], head["last_hash"]

    prev_seq, prev_hash = 0, GENESIS_HASH
    head_row_hash: str | None = None
    for row in _rows(chunk_size, report.head_seq):
        seq = int(row["seq"])
        stored = str(row["hash"])
        report.events += 1
        if progress is not None and report.events % 100_000 == 0:
            progress(report.events)

        if compute_hash(row) != stored:
            report.edited.add(seq)
        elif row["actor_id"] not in (None, row["actor_pk"]) or row["organisation_id"] not in (
            None,
            row["organisation_pk"],
        ):
            report.edited.add(seq)
            report.note(f"seq {seq}: its user or organisation link was re-pointed")
        if seq in anchors and anchors.pop(seq) != stored:
            report.note(f"seq {seq}: does not match the anchor noted earlier (trail rewritten)")
        if seq == report.head_seq:
            head_row_hash = stored

        if seq <= prev_seq or seq < 1:
            # Cannot happen on an untouched trail: seqs start at 1 and the key is unique.
            report.inserted.add(seq)
            continue
        if seq > prev_seq + 1:
            report.removed.add(prev_seq + 1, seq - 1)
        elif row["prev_hash"] != prev_hash:
            report.inserted.add(seq)
            report.note(
                f"seq {seq}: its prev_hash is not the hash of seq {prev_seq} (one was replaced or {seq} inserted)"
            )
        prev_seq, prev_hash = seq, stored

    if head is None:
        if report.events:
            report.note("the chain head is missing: its last seq and hash cannot be checked", always=True)
    else:
        head_seq: int = head["last_seq"]
        if prev_seq < head_seq:
            report.removed.add(prev_seq + 1, head_seq)
        elif head_row_hash is not None and head_row_hash != report.head_hash:
            report.inserted.add(prev_seq)
            report.note(f"seq {prev_seq}: its hash is not the one the chain head recorded", always=True)
        # Rows beyond the head as it is now were not written by record(). Those between the
        # head read at the start and now were, and are checked by the next run.
        latest = AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
        limit = max(head_seq, latest or 0)
        stray = list(
            AuditEvent.objects.filter(seq__gt=limit)
            .order_by("seq")
            .values_list("seq", flat=True)[:BEYOND_HEAD_LISTED]
        )
        for seq in stray:
            report.inserted.add(seq)
        if stray:
            more = " (and more)" if len(stray) == BEYOND_HEAD_LISTED else ""
            report.note(f"{len(stray)}{more} row(s) lie beyond the chain head (seq {limit})", always=True)

    for seq in sorted(anchors):
        report.note(f"seq {seq}: the anchor noted earlier is not in the trail", always=True)
    return report
