"""Everything an alliance report shows, collected once for the PDF and the Excel file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from sanxin.chains.domain.coverage import ChainSummary, coverage_summary
from sanxin.directory.domain.access import Viewer
from sanxin.directory.models import Alliance
from sanxin.insights.domain.figures import Figures, dashboard_figures
from sanxin.insights.domain.queries import ProjectLine, projects_by_stage
from sanxin.insights.domain.scope import build_scope
from sanxin.insights.interfaces.charts import Chart, dashboard_charts

Progress = Callable[[int], None]


@dataclass
class ReportData:
    alliance: Alliance
    figures: Figures
    charts: list[Chart]
    projects: list[ProjectLine]
    chains: list
    generated: dt.datetime
    language: str


def no_progress(_percent: int) -> None:
    return None


def collect_report(
    *,
    viewer: Viewer,
    alliance: Alliance,
    start: dt.date,
    end: dt.date,
    language: str,
    progress: Progress = no_progress,
) -> ReportData:
    """The figures, charts, projects and chain coverage (call inside the report's language)."""
    scope = build_scope(viewer=viewer, alliance=alliance, start=start, end=end)
    figures = dashboard_figures(viewer=viewer, scope=scope)
    progress(25)
    charts = dashboard_charts(figures)
    for chart in charts:
        chart.drawing  # noqa: B018 - drawn once here, reused by the PDF
    progress(40)
    projects = projects_by_stage(viewer, scope)
    progress(50)
    chains = chain_coverage(viewer=viewer, alliance=alliance)
    progress(60)
    return ReportData(
        alliance=alliance,
        figures=figures,
        charts=charts,
        projects=projects,
        chains=chains,
        generated=timezone.localtime(),
        language=language,
    )


def chain_coverage(*, viewer: Viewer, alliance: Alliance) -> list[ChainSummary]:
    """The alliance's industry chains with each link's coverage and the gaps, as the viewer
    sees the organizations (the chains app's ``coverage_summary``)."""
    return coverage_summary(viewer=viewer, alliance=alliance)
