"""Alliance reports: ask for one, follow its progress (htmx polling), download it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanxin.directory.interfaces.forms import apply_errors
from sanxin.directory.views.helpers import get_visible, paginate
from sanxin.insights.domain.reports import is_stalled, visible_reports
from sanxin.insights.domain.scope import can_view_dashboard, default_period
from sanxin.insights.enums import ReportLanguage
from sanxin.insights.interfaces.download import report_file_response
from sanxin.insights.interfaces.forms import ReportForm
from sanxin.insights.tasks import queue_report
from sanxin.insights.views.helpers import alliance_for, viewer


def error_text(report) -> str:
    if not report.error:
        return ""
    if report.error == "no_permission":
        return _("The person who asked for this report may no longer see the alliance.")
    return _(
        "The report could not be generated. Ask for it again; if it fails again, tell the "
        "platform's administrators."
    )


@login_required
def report_list(request):
    """The alliance's reports the viewer may open, and the form that asks for a new one."""
    v = viewer(request)
    alliance, _alliances = alliance_for(request, v)
    start, end = default_period()
    language = get_language() if get_language() in ReportLanguage.values else "en"
    form = ReportForm(
        request.POST or None,
        initial={"start": start, "end": end, "language": language, "file_format": "pdf"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = queue_report(
                actor=request.user,
                alliance=alliance,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                language=form.cleaned_data["language"],
                file_format=form.cleaned_data["file_format"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("report_detail", pk=report.pk)
    reports = (
        visible_reports(v)
        .filter(alliance=alliance)
        .select_related("requested_by")
        .order_by("-created", "-pk")
    )
    context = {
        "nav": "insights",
        "alliance": alliance,
        "form": form,
        "page": paginate(request, reports),
    }
    return render(request, "insights/reports.html", context)


def _report(request, pk: int):
    return get_visible(
        visible_reports(viewer(request)).select_related("alliance", "requested_by"), pk=pk
    )


@login_required
def report_detail(request, pk: int):
    """A report: its progress while it is generated (polled by htmx), then its download."""
    report = _report(request, pk)
    context = {
        "nav": "insights",
        "report": report,
        "error": error_text(report),
        "stalled": is_stalled(report),
    }
    if request.htmx:
        return render(request, "insights/_report_progress.html", context)
    return render(request, "insights/report_detail.html", context)


@login_required
def report_download(request, pk: int):
    """The stored file, to the people who may open the report, with safe headers."""
    v = viewer(request)
    report = _report(request, pk)
    if not can_view_dashboard(v, report.alliance):
        raise PermissionDenied
    return report_file_response(report)
