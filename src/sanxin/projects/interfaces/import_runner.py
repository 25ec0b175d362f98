"""Start and run imports of real data: a file → a queued run → batches with progress.

Where the work runs. With a broker (``SANXIN_BROKER_URL``) a Celery worker runs the task
``sanxin.projects.tasks.run_import_task``, queued with ``transaction.on_commit``. Without a
broker Celery is eager and would run the whole import inside the upload request (the coal
tracker takes several seconds to read and more to write), so the page could show no
progress and a proxy might time the request out. The run is then started in a background
thread of the web process after the commit instead: the request returns at once to the run
page, which polls the run row. Either way the same ``execute_run`` does the work; it claims
the run first, so a task delivered twice runs once. A run whose process died stays
"running" with a stale heartbeat; after ``STALLED_AFTER`` it no longer blocks new imports and
its page says it stalled (re-importing the file finishes the job: imports are idempotent).

Each batch of plants is saved in its own transaction, so progress is visible to other
requests and the database is never locked for the whole import; a failed run keeps the
batches it saved, and running the file again completes it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils.translation import gettext as _

from sanxin.directory.domain.common import acting_viewer
from sanxin.directory.models import Alliance
from sanxin.projects.data.sources import attribution
from sanxin.projects.domain.import_apply import ProjectImporter
from sanxin.projects.domain.import_runs import (
    check_import,
    claim_run,
    create_run,
    error_message,
    fail_run,
    finish_run,
    notes_for_display,
    report_progress,
    report_read,
)
from sanxin.projects.enums import DataSource
from sanxin.projects.interfaces.gem_reader import check_gem, read_gem
from sanxin.projects.interfaces.gppd_reader import check_gppd, read_gppd
from sanxin.projects.interfaces.source_files import ReadResult, SourceFileError
from sanxin.projects.models import ImportRun

logger = logging.getLogger(__name__)

TASK_NAME = "sanxin.projects.tasks.run_import_task"
#: The file type of each source, as published.
SUFFIXES: dict[str, str] = {DataSource.GEM: ".xlsx", DataSource.GPPD: ".csv"}
#: The largest upload accepted (GEM's biggest worldwide workbook is under 10 MB).
MAX_UPLOAD_BYTES = 60 * 1024 * 1024
#: Plants saved per transaction (and per progress report).
BATCH_PLANTS = 250


class ImportInputError(Exception):
    """Bad input to the command line import (unknown alliance, wrong file)."""


def upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports" / "projects"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_source(source: str, path: Path, file_name: str = "") -> ReadResult:
    reader = read_gem if source == DataSource.GEM else read_gppd
    return reader(path, file_name=file_name or path.name)


def check_file(source: str, path: Path) -> None:
    """A quick look at the file's header rows; raises SourceFileError."""
    (check_gem if source == DataSource.GEM else check_gppd)(path)


def _suffix_error(source: str) -> str:
    return _("Upload the %(source)s file as published (%(suffix)s).") % {
        "source": DataSource(source).label,
        "suffix": SUFFIXES[source],
    }


def start_import(*, actor: Any, source: str, alliance: Alliance | None, upload) -> ImportRun:
    """Store an uploaded file and queue its import; raises PermissionDenied or ValidationError.

    ``upload`` is a Django ``UploadedFile`` (the form's or the API's).
    """
    alliance = check_import(actor=actor, source=source, alliance=alliance)
    name = Path(upload.name or "").name[:200]
    if Path(name).suffix.lower() != SUFFIXES[source]:
        raise ValidationError({"file": _suffix_error(source)})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            }
        )
    stored = f"{uuid.uuid4().hex}{SUFFIXES[source]}"
    path = upload_dir() / stored
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    try:
        check_file(source, path)
        with transaction.atomic():
            run = create_run(
                actor=actor,
                source=source,
                alliance=alliance,
                file_name=name,
                file_size=upload.size,
                file_sha256=digest.hexdigest(),
                stored_name=stored,
            )
            queue_run(run)
    except SourceFileError as exc:
        path.unlink(missing_ok=True)
        raise ValidationError({"file": exc.message}) from exc
    except (ValidationError, PermissionDenied):
        path.unlink(missing_ok=True)
        raise
    return run


def queue_run(run: ImportRun) -> None:
    transaction.on_commit(functools.partial(_dispatch, run.pk))


def _dispatch(run_id: int) -> None:
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from sanxin.config.celery import app  # noqa: PLC0415 - only with a broker

        app.send_task(TASK_NAME, args=[run_id])
    elif getattr(settings, "SANXIN_IMPORTS_IN_THREAD", True):
        thread = threading.Thread(
            target=_in_thread, args=(run_id,), name=f"sanxin-import-{run_id}", daemon=True
        )
        thread.start()
    else:
        execute_run(run_id)


def _in_thread(run_id: int) -> None:
    try:
        execute_run(run_id)
    finally:
        connections.close_all()  # this thread's connections only


def _chunks(records: list, size: int):
    for start in range(0, len(records), size):
        yield records[start : start + size]


def execute_run(
    run_id: int, *, path: Path | None = None, read: ReadResult | None = None
) -> ImportRun | None:
    """Run a queued import (once); ``path`` overrides the stored upload (the CLI's file) and
    ``read`` is the file already read (the CLI reads it first to refuse a wrong file)."""
    if not claim_run(run_id):
        return None
    run = ImportRun.objects.select_related("alliance", "started_by").get(pk=run_id)
    stored = upload_dir() / run.stored_name if run.stored_name else None
    path = path or stored
    try:
        _execute(run, path, read)
    except SourceFileError as exc:
        fail_run(run, exc.code, exc.params)
    except Exception as exc:
        logger.exception("import run %s failed", run.pk)
        fail_run(run, "crashed", {"detail": f"{type(exc).__name__}: {exc}"[:300]})
    finally:
        if stored is not None:
            stored.unlink(missing_ok=True)
    return run


def _execute(run: ImportRun, path: Path | None, read: ReadResult | None) -> None:
    actor = run.started_by
    if actor is not None:
        try:
            check_import(actor=actor, source=run.source, alliance=run.alliance)
        except (PermissionDenied, ValidationError):
            fail_run(run, "no_permission")
            return
    if read is None:
        if path is None or not path.exists():
            fail_run(run, "file_missing")
            return
        read = read_source(run.source, path, run.file_name)
    report_read(run, dataset=read.dataset, rows_total=read.rows_total, rows_other=read.rows_other)
    importer = ProjectImporter(
        actor=actor,
        viewer=acting_viewer(actor),
        source=run.source,
        alliance=run.alliance,
        run=run,
    )
    if read.skipped:
        report_progress(
            run,
            rows=len(read.skipped),
            created=0,
            updated=0,
            unchanged=0,
            organizations=0,
            skipped=read.skipped,
            warnings=[],
        )
    for batch in _chunks(read.records, BATCH_PLANTS):
        before = importer.organizations_created
        with transaction.atomic():
            result = importer.apply(batch)
        report_progress(
            run,
            rows=sum(r.rows for r in batch),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            organizations=importer.organizations_created - before,
            skipped=result.skipped,
            warnings=result.warnings,
        )
    finish_run(run)


def import_file(path: Path, *, source: str, alliance_slug: str | None = None) -> ImportRun:
    """The command line's import: checks the input, then runs at once (as the system).

    Raises ImportInputError with a message for bad input; a run that fails while running is
    returned with status "failed".
    """
    alliance = None
    if alliance_slug:
        alliance = Alliance.objects.filter(slug=alliance_slug).first()
        if alliance is None:
            raise ImportInputError(_("There is no alliance “%(slug)s”.") % {"slug": alliance_slug})
    if not path.is_file():
        raise ImportInputError(_("No such file: %(path)s") % {"path": path})
    if path.suffix.lower() != SUFFIXES[source]:
        raise ImportInputError(_suffix_error(source))
    try:
        read = read_source(source, path)
    except SourceFileError as exc:
        raise ImportInputError(exc.message) from exc
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(functools.partial(fh.read, 1 << 20), b""):
            digest.update(block)
    try:
        run = create_run(
            actor=None,
            source=source,
            alliance=alliance,
            file_name=path.name,
            file_size=path.stat().st_size,
            file_sha256=digest.hexdigest(),
            stored_name="",
        )
    except ValidationError as exc:
        raise ImportInputError(" ".join(exc.messages)) from exc
    execute_run(run.pk, path=path, read=read)
    run.refresh_from_db()
    return run


def summary(run: ImportRun) -> dict:
    """A run as plain data (the command line prints it as JSON), reasons in English."""
    return {
        "run": run.pk,
        "status": run.status,
        "source": run.source,
        "file": run.file_name,
        "dataset": run.dataset,
        "attribution": attribution(run.source, run.dataset) if run.dataset else None,
        "alliance": run.alliance.slug if run.alliance_id else None,
        "rows": run.rows_total,
        "rows_other_countries": run.rows_other,
        "created": run.projects_created,
        "updated": run.projects_updated,
        "unchanged": run.projects_unchanged,
        "skipped": run.rows_skipped,
        "organizations_created": run.organizations_created,
        "skipped_rows": [
            {"sheet": n["sheet"], "row": n["row"], "reason": n["message"]}
            for n in notes_for_display(run.skipped)
        ],
        "notes": [
            {"sheet": n["sheet"], "row": n["row"], "note": n["message"]}
            for n in notes_for_display(run.warnings)
        ],
        "error": error_message(run) or None,
    }
