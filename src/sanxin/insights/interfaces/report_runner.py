"""Generating a report: the same generator for the background task and the command line.

``generate_report`` builds the file's bytes in the chosen language; ``execute_report`` runs a
queued ``Report`` once (claimed first, so a task delivered twice does nothing), reporting its
progress after each section, and stores the file or the error.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import translation

from sanxin.directory.domain.access import ANONYMOUS, Viewer, viewer_for
from sanxin.directory.models import Alliance
from sanxin.insights.domain.reports import (
    claim_report,
    fail_report,
    finish_report,
    report_progress,
)
from sanxin.insights.domain.scope import can_view_dashboard
from sanxin.insights.enums import ReportFormat
from sanxin.insights.interfaces.report_data import Progress, collect_report, no_progress
from sanxin.insights.interfaces.report_pdf import report_pdf
from sanxin.insights.interfaces.report_xlsx import report_xlsx
from sanxin.insights.models import Report

logger = logging.getLogger(__name__)

#: The system's view for the command line: everything, as a platform admin sees it.
SYSTEM = Viewer(is_admin=True)


def generate_report(
    *,
    viewer: Viewer,
    alliance: Alliance,
    start: dt.date,
    end: dt.date,
    language: str,
    file_format: str,
    progress: Progress = no_progress,
) -> bytes:
    """The report's file as bytes (PDF or .xlsx) in ``language``."""
    with translation.override(language):
        data = collect_report(
            viewer=viewer,
            alliance=alliance,
            start=start,
            end=end,
            language=language,
            progress=progress,
        )
        content = report_xlsx(data) if file_format == ReportFormat.XLSX else report_pdf(data)
    progress(95)
    return content


def execute_report(report_id: int) -> Report | None:
    """Generate a queued report once; None when it was claimed already."""
    if not claim_report(report_id):
        return None
    report = Report.objects.select_related("alliance", "requested_by").get(pk=report_id)
    viewer = viewer_for(report.requested_by) if report.requested_by else ANONYMOUS
    if report.requested_by is None or not can_view_dashboard(viewer, report.alliance):
        fail_report(report, "no_permission")
        return report
    try:
        content = generate_report(
            viewer=viewer,
            alliance=report.alliance,
            start=report.period_start,
            end=report.period_end,
            language=report.language,
            file_format=report.file_format,
            progress=lambda percent: report_progress(report, percent),
        )
        finish_report(report, content)
    except Exception as exc:
        logger.exception("report %s failed", report.pk)
        fail_report(report, f"{type(exc).__name__}: {exc}")
    return report
