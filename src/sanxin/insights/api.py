"""REST endpoints of insights: dashboard figures, the tCO2 target, reports.

The same rules as the pages: the dashboard of an alliance is for its members, its secretariat
and platform admins (signed in: anonymous callers get 401, others 403 or 404); figures count
only what the caller may see; writes go through domain functions, which validate and log.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.directory.api import Page
from sanxin.directory.domain.access import Viewer, viewer_for
from sanxin.directory.models import Alliance
from sanxin.insights import api_schemas as s
from sanxin.insights.domain.figures import Figures, dashboard_figures
from sanxin.insights.domain.reports import visible_reports
from sanxin.insights.domain.scope import build_scope, can_view_dashboard, dashboard_alliances
from sanxin.insights.domain.targets import alliance_targets, set_target
from sanxin.insights.interfaces.charts import exact
from sanxin.insights.interfaces.download import report_file_response
from sanxin.insights.models import Report
from sanxin.insights.tasks import queue_report

router = Router(tags=["insights"])


def _signed_in(request) -> Viewer:
    v = viewer_for(request.user)
    if not v.is_authenticated:
        raise AuthenticationError
    return v


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _alliance(v: Viewer, slug: str | None) -> Alliance:
    """As the pages: 403 for someone with no alliance dashboard at all, 404 for one not theirs."""
    alliances = list(dashboard_alliances(v).order_by("slug"))
    if not alliances:
        raise PermissionDenied
    if not slug:
        return alliances[0]
    for alliance in alliances:
        if alliance.slug == slug:
            return alliance
    raise Http404


class DashboardFilters(Schema):
    alliance: str | None = None
    region: str = ""
    event: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def _rows(rows) -> list[dict]:
    return [{"key": r.key, "label": r.label, "value": r.value} for r in rows]


def figures_out(f: Figures) -> dict:
    inv = f.investment
    return {
        "scope": {
            "alliance": f.scope.alliance.slug,
            "region": f.scope.region,
            "event": f.scope.event.pk if f.scope.event else None,
            "start": f.scope.start,
            "end": f.scope.end,
        },
        "projects": f.projects_total,
        "new_in_period": f.new_in_period,
        "stage_changes_in_period": f.stage_moves_in_period,
        "by_stage": _rows(f.by_stage),
        "by_type": _rows(f.by_type),
        "by_region": _rows(f.by_region),
        "capacity": [
            {"unit": c.unit, "label": c.label, "total": c.total, "by_stage": _rows(c.rows)}
            for c in f.capacity
        ],
        "investment": {
            "currency": inv.currency,
            "rates_on": inv.on,
            "total": inv.total_cny,
            "by_currency": inv.by_currency,
            "missing_rates": list(inv.missing_rates),
            "by_stage": [
                {"stage": m.key, "label": m.label, "converted": m.cny, "by_currency": m.by_currency}
                for m in inv.rows
            ],
        },
        "carbon": {
            "tco2_per_year": f.carbon.tco2_per_year,
            "appraised_projects": f.carbon.appraised,
            "target": f.carbon.target,
            "target_year": f.carbon.target_year,
            "percent_of_target": f.carbon.percent_of_target,
        },
        "landing": [
            {
                "key": r.key,
                "name": r.name,
                "percent": r.percent,
                "numerator": exact(r.numerator),
                "denominator": exact(r.denominator),
            }
            for r in f.landing
        ],
        "events": [
            {
                "id": e.pk,
                "title": e.title,
                "start_date": e.start_date,
                "end_date": e.end_date,
                "projects_launched": e.projects,
                "participants": e.registrations,
                "meetings_held": e.held,
                "outcomes": e.outcomes,
            }
            for e in f.events
        ],
        "members": vars(f.members),
    }


@router.get("/insights/dashboard", response=s.DashboardOut)
def dashboard(request, filters: Query[DashboardFilters]):
    """The dashboard's figures for the alliance (default: the caller's first), optionally a
    region (``CN``, ``VN`` or a province code), an event and a period."""
    v = _signed_in(request)
    alliance = _alliance(v, filters.alliance)
    scope = build_scope(
        viewer=v,
        alliance=alliance,
        region=filters.region,
        event_id=filters.event,
        start=filters.start,
        end=filters.end,
    )
    return figures_out(dashboard_figures(viewer=v, scope=scope))


def _target_out(target) -> dict:
    return {
        "alliance": target.alliance.slug,
        "year": target.year,
        "tco2_per_year": target.tco2_per_year,
        "updated": target.updated,
    }


@router.get("/insights/targets", response=list[s.TargetOut])
def targets(request, alliance: str | None = None):
    """The alliance's tCO2 targets, latest year first."""
    v = _signed_in(request)
    found = _alliance(v, alliance)
    return [_target_out(t) for t in alliance_targets(found).select_related("alliance")]


@router.put("/insights/targets", response=s.TargetOut)
def put_target(request, payload: s.TargetIn):
    """Set the alliance's target for a year (its secretariat and platform admins)."""
    v = _signed_in(request)
    alliance = _alliance(v, payload.alliance)
    target = set_target(
        actor=request.user,
        alliance=alliance,
        year=payload.year,
        tco2_per_year=payload.tco2_per_year,
    )
    return _target_out(target)


@router.get("/insights/reports", response=list[s.AllianceReportOut])
@paginate(Page)
def list_reports(request, alliance: str | None = None):
    """The reports the caller may open, newest first (of one alliance when named)."""
    v = _signed_in(request)
    reports = visible_reports(v).select_related("alliance").order_by("-created", "-pk")
    if alliance:
        reports = reports.filter(alliance=_alliance(v, alliance))
    return reports


@router.post("/insights/reports", response={202: s.AllianceReportOut})
def create_report(request, payload: s.ReportIn):
    """Ask for a report; it is generated in the background (poll its ``status``)."""
    v = _signed_in(request)
    alliance = _alliance(v, payload.alliance)
    report = queue_report(
        actor=request.user,
        alliance=alliance,
        start=payload.start,
        end=payload.end,
        language=payload.language,
        file_format=payload.format,
    )
    report.refresh_from_db()
    return Status(202, report)


def _report(request, report_id: int) -> Report:
    v = _signed_in(request)
    return _get(visible_reports(v).select_related("alliance"), pk=report_id)


@router.get("/insights/reports/{report_id}", response=s.AllianceReportOut)
def report_status(request, report_id: int):
    """A report's status and progress; ``download_url`` once it is ready."""
    return _report(request, report_id)


@router.get(
    "/insights/reports/{report_id}/download",
    url_name="insights_report_download",
    response={200: None},
)
def report_download(request, report_id: int):
    """The report's file (PDF or .xlsx)."""
    report = _report(request, report_id)
    if not can_view_dashboard(viewer_for(request.user), report.alliance):
        raise PermissionDenied
    return report_file_response(report)
