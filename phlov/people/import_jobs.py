"""Imports run in the background: the request that starts one returns at once, a thread of the
same process runs :func:`phlov.people.importing.run_import`, and the page polls its progress.

Why a thread: Phlov runs on SQLite or PostgreSQL without a queue or a second service, and an
import is rare, started by a person waiting for it. The thread starts after the job's row is
committed (``transaction.on_commit``), uses its own database connection and closes it when done.
The all-or-nothing guarantee is unchanged: the registration is still one transaction.

Progress: outside that transaction the worker writes it to the job's row; inside it, the row
cannot be updated where others see it (PostgreSQL shows it only at commit, SQLite holds its one
write lock), so the worker also writes it to a small file beside the upload, which the page
reads (:func:`live_progress`). A job whose progress has not moved for ``STALLED_AFTER`` (its
process stopped: a restart, a crash) is shown as interrupted; its transaction was rolled back
with the process, so nothing of it was registered.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.utils import timezone

from phlov.audit.services import record
from phlov.core.policies import Action
from phlov.people.importing import ImportReport, run_import
from phlov.people.models import ImportJob, ImportStage, ImportState
from phlov.people.policies import ImportJobPolicy, PersonPolicy

logger = logging.getLogger(__name__)

# The page shows at most this many rows of errors and of likely duplicates.
REPORT_ROWS = 500
STALLED_AFTER = datetime.timedelta(minutes=10)
# How often the worker writes its progress down (the page asks once a second).
PROGRESS_EVERY_SECONDS = 0.25

_threads: dict[int, threading.Thread] = {}


def progress_file(job: ImportJob) -> Path:
    return Path(f"{job.path}.progress")


def start_import(
    *,
    actor: Any,
    path: str | Path,
    file_name: str,
    mapping: dict[str, str],
    dry_run: bool,
    create_duplicates: bool = False,
) -> ImportJob:
    """Record an import of the uploaded file at ``path`` and start it in the background."""

    organisation = getattr(actor, "organisation", None)
    if organisation is None or not PersonPolicy().can_any(actor, Action.ADD):
        raise PermissionDenied
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=organisation,
            started_by=actor,
            file_name=file_name[:200],
            path=str(path),
            mapping=dict(mapping),
            dry_run=dry_run,
            create_duplicates=create_duplicates,
        )
        record(
            actor=actor,
            action="create",
            obj=job,
            detail={"dry_run": dry_run, "create_duplicates": create_duplicates, "columns": len(mapping)},
        )
        pk = job.pk
        transaction.on_commit(lambda: _launch(pk))
    return job


def start_registration(*, actor: Any, checked: ImportJob) -> ImportJob:
    """Register the people of a file whose check (a dry run) found no error."""

    if not ImportJobPolicy().can(actor, Action.ADD, checked):
        raise PermissionDenied
    if not (checked.dry_run and checked.state == ImportState.DONE and not checked.rejected):
        raise PermissionDenied
    if not Path(checked.path).exists():
        raise FileNotFoundError(checked.path)
    return start_import(
        actor=actor,
        path=checked.path,
        file_name=checked.file_name,
        mapping=checked.mapping,
        dry_run=False,
        create_duplicates=checked.create_duplicates,
    )


def _launch(pk: int) -> None:
    thread = threading.Thread(target=_in_thread, args=(pk,), name=f"phlov-people-import-{pk}", daemon=True)
    _threads[pk] = thread
    thread.start()


def wait(job: ImportJob, timeout: float | None = None) -> ImportJob:
    """Wait for a job started by this process to end (the command line, tests); the job reloaded."""

    thread = _threads.get(job.pk)
    if thread is not None:
        thread.join(timeout)
        if not thread.is_alive():
            _threads.pop(job.pk, None)
    job.refresh_from_db()
    return job


class _Reporter:
    """The progress callback of :func:`run_import`: the row when no transaction is open, and
    always the file, at most every ``PROGRESS_EVERY_SECONDS``."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.file = progress_file(job)
        self.last = 0.0
        self.stage = ""
        # Transactions already open when the import starts (none in the worker's thread) are
        # not the import's own.
        self.outer_blocks = len(connection.atomic_blocks)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.stage, self.last = stage, now
        state = {"stage": stage, "done": done, "total": total}
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temporary, self.file)
        if len(connection.atomic_blocks) <= self.outer_blocks:
            ImportJob.objects.filter(pk=self.job.pk).update(updated_at=timezone.now(), **state)


def _report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "errors": [dataclasses.asdict(e) for e in report.errors[:REPORT_ROWS]],
        "duplicates": [dataclasses.asdict(f) for f in report.duplicates[:REPORT_ROWS]],
    }


def _in_thread(pk: int) -> None:
    try:
        run_job(pk)
    finally:
        connections.close_all()  # this thread's connections only


def run_job(pk: int) -> None:
    """Run a queued job (in its thread): claim it, import, store the report, tidy up."""

    try:
        claimed = ImportJob.objects.filter(pk=pk, state=ImportState.QUEUED).update(
            state=ImportState.RUNNING, updated_at=timezone.now()
        )
        if not claimed:
            return
        job = ImportJob.objects.select_related("started_by", "organisation").get(pk=pk)
        try:
            report = run_import(
                actor=job.started_by,
                path=job.path,
                mapping=job.mapping,
                organisation=job.organisation,
                dry_run=job.dry_run,
                create_duplicates=job.create_duplicates,
                progress=_Reporter(job),
                job=job.pk,
            )
        except Exception as error:  # the job must end in a state the page can show
            logger.exception("people import %s failed", pk)
            failure = str(error) if isinstance(error, ValueError) else type(error).__name__
            ImportJob.objects.filter(pk=pk).update(
                state=ImportState.FAILED, failure=failure[:300], finished_at=timezone.now()
            )
            return
        ImportJob.objects.filter(pk=pk).update(
            state=ImportState.DONE,
            stage=ImportStage.COMMIT if report.committed else ImportStage.DUPLICATES,
            done=report.total,
            total=report.total,
            rows=report.total,
            valid=report.valid,
            error_count=len(report.errors),
            duplicate_count=len(report.duplicates),
            created=report.created,
            skipped=report.skipped,
            committed=report.committed,
            report=_report_json(report),
            finished_at=timezone.now(),
        )
        if report.committed:
            Path(job.path).unlink(missing_ok=True)  # registered: the upload is not kept
    finally:
        job_path = ImportJob.objects.filter(pk=pk).values_list("path", flat=True).first()
        if job_path:
            Path(f"{job_path}.progress").unlink(missing_ok=True)


def live_progress(job: ImportJob) -> dict[str, Any]:
    """Stage, done, total and percent of a job, from its file while it runs; and whether it
    has stalled."""

    state: dict[str, Any] = {"stage": job.stage, "done": job.done, "total": job.total}
    last = job.updated_at
    if not job.finished:
        file = progress_file(job)
        try:
            state.update(json.loads(file.read_text(encoding="utf-8")))
            last = max(last, datetime.datetime.fromtimestamp(file.stat().st_mtime, tz=datetime.UTC))
        except (OSError, ValueError):
            pass
    total = int(state["total"])
    done = min(int(state["done"]), total) if total else 0
    labels = dict(ImportStage.choices)
    return {
        "stage": state["stage"],
        "stage_label": labels.get(str(state["stage"]), ""),
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
        "stalled": not job.finished and timezone.now() - last > STALLED_AFTER,
    }


def forget_file(job: ImportJob) -> None:
    """Remove a job's upload (the import is cancelled or done with)."""

    Path(job.path).unlink(missing_ok=True)
    progress_file(job).unlink(missing_ok=True)
