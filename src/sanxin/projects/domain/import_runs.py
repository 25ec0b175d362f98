"""Import runs: who may import real data, into which alliance, and each run's record.

Only platform admins and alliance secretariats import (a secretariat into its own alliance;
an admin into any alliance or none). A run is created queued, claimed once by the worker that
runs it (a task delivered twice does nothing), reports its progress after every batch and
ends finished or failed. Runs are their own record of who imported what, so they write no
audit entries: re-importing an unchanged file leaves the audit log as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.directory.domain.access import Viewer
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.domain.imports import import_alliances
from sanxin.directory.models import Alliance
from sanxin.projects.domain.import_records import RowNote, reason_text
from sanxin.projects.enums import ACTIVE_IMPORT_STATUSES, DataSource, ImportStatus
from sanxin.projects.models import ImportRun

__all__ = ["import_alliances"]

#: Sources a run may import.
IMPORT_SOURCES: tuple[str, ...] = (DataSource.GEM, DataSource.GPPD)
#: At most this many skipped rows (and warnings) are kept per run; the count is exact.
MAX_NOTES = 2000
#: A run that reported no progress for this long has stalled (its worker died).
STALLED_AFTER = dt.timedelta(minutes=30)


def can_import_projects(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.is_secretariat


def visible_import_runs(viewer: Viewer) -> QuerySet[ImportRun]:
    """Admins see every run; a secretariat the runs into its alliances and its own."""
    if viewer.is_admin:
        return ImportRun.objects.all()
    if not viewer.is_secretariat:
        return ImportRun.objects.none()
    cond = Q(alliance_id__in=viewer.secretariat_alliance_ids)
    if viewer.person_id is not None:
        cond |= Q(started_by_id=viewer.person_id)
    return ImportRun.objects.filter(cond)


def busy_run() -> ImportRun | None:
    """A run that is queued or running (and has not stalled), if any."""
    since = timezone.now() - STALLED_AFTER
    return (
        ImportRun.objects.filter(status__in=ACTIVE_IMPORT_STATUSES, heartbeat__gte=since)
        .order_by("queued")
        .first()
    )


def check_import(*, actor: Any, source: str, alliance: Alliance | None) -> Alliance | None:
    """Check ``actor`` may import ``source`` into ``alliance``; returns the alliance to use.

    A secretariat that names no alliance imports into its first one. Raises PermissionDenied
    or ValidationError (keyed by field, in the user's language).
    """
    viewer = acting_viewer(actor)
    if source not in IMPORT_SOURCES:
        raise ValidationError({"source": _("Choose Global Energy Monitor or WRI GPPD.")})
    if viewer is None:
        return alliance
    require(can_import_projects(viewer))
    allowed = import_alliances(viewer)
    if alliance is None and not viewer.is_admin:
        alliance = allowed.order_by("pk").first()
    if alliance is not None and not allowed.filter(pk=alliance.pk).exists():
        raise ValidationError(
            {"alliance": _("You may import only into an alliance whose secretariat you are.")}
        )
    return alliance


def create_run(
    *,
    actor: Any,
    source: str,
    alliance: Alliance | None,
    file_name: str,
    file_size: int,
    file_sha256: str,
    stored_name: str,
) -> ImportRun:
    """Record a queued run (after ``check_import``); refuses while another run is busy."""
    alliance = check_import(actor=actor, source=source, alliance=alliance)
    busy = busy_run()
    if busy is not None:
        raise ValidationError(
            {
                "file": _(
                    "Another import (%(file)s) is still running; start this one when it "
                    "has finished."
                )
                % {"file": busy.file_name}
            }
        )
    viewer = acting_viewer(actor)
    return ImportRun.objects.create(
        source=source,
        alliance=alliance,
        file_name=file_name[:200],
        file_size=file_size,
        file_sha256=file_sha256,
        stored_name=stored_name,
        started_by=actor if viewer is not None else None,
        actor_label=actor.get_username() if viewer is not None else "system",
    )


def claim_run(run_id: int) -> bool:
    """Mark a queued run running; False when it was claimed already (or is not queued)."""
    now = timezone.now()
    return bool(
        ImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING, started=now, heartbeat=now
        )
    )


def report_read(run: ImportRun, *, dataset: str, rows_total: int, rows_other: int) -> None:
    run.dataset, run.rows_total, run.rows_other = dataset[:200], rows_total, rows_other
    ImportRun.objects.filter(pk=run.pk).update(
        dataset=run.dataset,
        rows_total=rows_total,
        rows_other=rows_other,
        heartbeat=timezone.now(),
    )


def _notes(existing: list, notes: list[RowNote]) -> list:
    room = MAX_NOTES - len(existing)
    return existing + [n.as_json() for n in notes[: max(0, room)]]


def report_progress(
    run: ImportRun,
    *,
    rows: int,
    created: int,
    updated: int,
    unchanged: int,
    organizations: int,
    skipped: list[RowNote],
    warnings: list[RowNote],
) -> None:
    """Add a batch's figures to the run (one UPDATE, committed at once)."""
    run.skipped = _notes(run.skipped, skipped)
    run.warnings = _notes(run.warnings, warnings)
    ImportRun.objects.filter(pk=run.pk).update(
        rows_done=F("rows_done") + rows,
        rows_skipped=F("rows_skipped") + len(skipped),
        projects_created=F("projects_created") + created,
        projects_updated=F("projects_updated") + updated,
        projects_unchanged=F("projects_unchanged") + unchanged,
        organizations_created=F("organizations_created") + organizations,
        skipped=run.skipped,
        warnings=run.warnings,
        heartbeat=timezone.now(),
    )
    run.refresh_from_db()


def finish_run(run: ImportRun) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE, finished=timezone.now(), stored_name="", rows_done=F("rows_total")
    )
    run.refresh_from_db()


def fail_run(run: ImportRun, code: str, params: dict | None = None) -> None:
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.FAILED,
        finished=timezone.now(),
        stored_name="",
        error={"code": code, "params": params or {}},
    )
    run.refresh_from_db()


def is_stalled(run: ImportRun) -> bool:
    return run.is_active and timezone.now() - run.heartbeat > STALLED_AFTER


def notes_for_display(entries: list[dict]) -> list[dict]:
    """Skipped rows or warnings with their message in the active language."""
    return [
        {
            "row": e.get("row"),
            "sheet": e.get("sheet", ""),
            "code": e.get("code", ""),
            "message": reason_text(e.get("code", ""), e.get("params")),
        }
        for e in entries
    ]


def error_message(run: ImportRun) -> str:
    if not run.error:
        return ""
    return reason_text(run.error.get("code", ""), run.error.get("params"))
