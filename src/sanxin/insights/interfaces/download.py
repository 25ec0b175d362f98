"""A finished report's file as a download, with safe headers (for the page and the API)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from sanxin.insights.enums import CONTENT_TYPES, ReportStatus
from sanxin.insights.models import Report


def report_file_response(report: Report) -> FileResponse:
    """The stored PDF or .xlsx as an attachment; 404 while it is not ready or if it is gone.

    The caller has checked that the viewer may open the report."""
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.file_format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
