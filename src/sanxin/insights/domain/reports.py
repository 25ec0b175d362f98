"""Alliance reports: who may ask for one and open it, and each report's lifecycle.

A report is generated as the person who asked for it sees the alliance, so it never shows
more than they may see. It is opened by that person (while they may still see the alliance's
dashboard), by the alliance's secretariat and by platform admins — who see at least as much of
the alliance as any of its members. A report is queued, claimed once by the worker that
generates it (a task delivered twice does nothing), reports its progress after each section
and ends ready (with its file) or failed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.access import Viewer
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.models import Alliance
from sanxin.insights.domain.scope import can_view_dashboard, check_period
from sanxin.insights.enums import (
    ACTIVE_REPORT_STATUSES,
    ReportFormat,
    ReportLanguage,
    ReportStatus,
)
from sanxin.insights.models import Report


def visible_reports(viewer: Viewer) -> QuerySet[Report]:
    """Reports the viewer may open (fails closed: none for strangers)."""
    if viewer.is_admin:
        return Report.objects.all()
    if viewer.person_id is None:
        return Report.objects.none()
    cond = Q(requested_by_id=viewer.person_id, alliance_id__in=viewer.all_alliance_ids)
    if viewer.secretariat_alliance_ids:
        cond |= Q(alliance_id__in=viewer.secretariat_alliance_ids)
    return Report.objects.filter(cond)


#: A report that has not finished after this long has stalled (its worker died).
STALLED_AFTER = dt.timedelta(minutes=30)


def is_stalled(report: Report) -> bool:
    since = report.started or report.created
    return report.is_active and since is not None and timezone.now() - since > STALLED_AFTER


def _busy(actor: Any) -> bool:
    """Whether ``actor`` already has a report queued or being generated (and not stalled)."""
    return Report.objects.filter(
        requested_by=actor,
        status__in=ACTIVE_REPORT_STATUSES,
        created__gte=timezone.now() - STALLED_AFTER,
    ).exists()


def _clean(language: str, file_format: str) -> None:
    errors = {}
    if language not in ReportLanguage.values:
        errors["language"] = _("Choose English, Simplified Chinese or Vietnamese.")
    if file_format not in ReportFormat.values:
        errors["file_format"] = _("Choose PDF or Excel.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_report(
    *,
    actor: Any,
    alliance: Alliance,
    start: dt.date | None,
    end: dt.date | None,
    language: str,
    file_format: str,
) -> Report:
    """Record a queued report (the caller starts it after the commit)."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_view_dashboard(viewer, alliance))
    start, end = check_period(start, end)
    _clean(language, file_format)
    if viewer is not None and _busy(actor):
        raise ValidationError(
            _(
                "A report you asked for is still being generated; ask for the next one when "
                "it is ready."
            )
        )
    report = Report.objects.create(
        alliance=alliance,
        period_start=start,
        period_end=end,
        language=language,
        file_format=file_format,
        requested_by=actor if viewer is not None else None,
    )
    log_action(
        "sanxin.insights.report.requested",
        actor=actor,
        obj=report,
        new={
            "alliance": alliance.slug,
            "period": f"{start.isoformat()}/{end.isoformat()}",
            "language": language,
            "format": file_format,
        },
    )
    return report


def claim_report(report_id: int) -> bool:
    """Mark a queued report running; False when it was claimed already."""
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
            status=ReportStatus.RUNNING, started=now, progress=1
        )
    )


def report_progress(report: Report, percent: int) -> None:
    """Record progress (one UPDATE, committed at once)."""
    percent = max(0, min(99, int(percent)))
    report.progress = percent
    Report.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(progress=percent)


def finish_report(report: Report, content: bytes) -> None:
    """Store the file and mark the report ready."""
    report.file.save(report.download_name, ContentFile(content), save=False)
    report.size = len(content)
    report.status = ReportStatus.DONE
    report.progress = 100
    report.finished = timezone.now()
    report.save(update_fields=("file", "size", "status", "progress", "finished"))


def fail_report(report: Report, error: str) -> None:
    report.status = ReportStatus.FAILED
    report.error = error[:300]
    report.finished = timezone.now()
    report.save(update_fields=("status", "error", "finished"))


def can_open_report(viewer: Viewer, report: Report) -> bool:
    return visible_reports(viewer).filter(pk=report.pk).exists()
