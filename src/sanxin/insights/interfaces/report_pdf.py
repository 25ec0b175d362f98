"""The alliance report as PDF (reportlab): key figures, charts with their tables, projects by
stage, chain coverage and gaps, events and their outcomes, members.

Text in any of the three languages is set in runs per script (``common.pdf``); the charts are
the same ``Drawing`` objects the dashboard shows as SVG.
"""

from __future__ import annotations

import io
from decimal import Decimal
from itertools import groupby

from django.utils.translation import gettext as _

from sanxin.insights.domain.queries import stage_label
from sanxin.insights.interfaces.report_data import ReportData
from sanxin.insights.interfaces.report_text import (
    event_columns,
    event_rows,
    key_figures,
    member_rows,
    num,
    period_text,
    title_text,
)

#: Projects listed per stage in the PDF (the Excel report lists every one).
PDF_PROJECTS_PER_STAGE = 25
HEADER_BG = "#eef2f6"
GRID = "#d5dbe3"


def _value(value: object, kind: str = "auto") -> str:
    if isinstance(value, str):
        return value
    if kind == "auto":
        return num(value, auto_places(value))
    places = {"money": 0, "capacity": 1, "tco2": 0, "percent": 1}.get(kind, 0)
    return num(value, places)


def auto_places(value: object) -> int:
    """Decimal places that show a value exactly (at most 2)."""
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        return max(0, min(2, -exponent)) if isinstance(exponent, int) else 0
    return 0


class _Builder:
    def __init__(self, data: ReportData):
        from reportlab.lib.units import mm  # noqa: PLC0415

        from sanxin.common.pdf import styles  # noqa: PLC0415

        self.data = data
        self.st = styles()
        self.mm = mm
        self.story: list = []

    def para(self, text: object, style: str = "body"):
        from reportlab.platypus import Paragraph  # noqa: PLC0415

        from sanxin.common.pdf import markup  # noqa: PLC0415

        return Paragraph(markup(text), self.st[style])

    def add(self, text: object, style: str = "body") -> None:
        self.story.append(self.para(text, style))

    def table(self, header: list[str], rows: list[list[object]], widths=None, kinds=None):
        from reportlab.lib import colors  # noqa: PLC0415
        from reportlab.platypus import Table, TableStyle  # noqa: PLC0415

        kinds = kinds or []
        cells = [[self.para(h, "cell") for h in header]]
        for row in rows:
            cells.append(
                [
                    self.para(_value(v, kinds[i] if i < len(kinds) else "auto"), "cell")
                    for i, v in enumerate(row)
                ]
            )
        table = Table(cells, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_BG)),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(GRID)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.story.append(table)

    def space(self, height_mm: float = 4) -> None:
        from reportlab.platypus import Spacer  # noqa: PLC0415

        self.story.append(Spacer(1, height_mm * self.mm))


def _charts(b: _Builder, data: ReportData) -> None:
    from reportlab.platypus import KeepTogether  # noqa: PLC0415

    b.add(_("Charts"), "heading")
    for chart in data.charts:
        start = len(b.story)
        b.story.append(chart.drawing)
        if chart.note:
            b.add(chart.note, "small")
        b.table(chart.columns, chart.rows)
        b.space()
        block = b.story[start:]
        del b.story[start:]
        b.story.append(KeepTogether(block))
    b.add(_("Landing ratios"), "heading")
    for ratio in data.figures.landing:
        b.add(f"{ratio.name}: {ratio.definition}", "small")


def _projects(b: _Builder, data: ReportData) -> None:
    b.add(_("Projects by stage"), "heading")
    if not data.projects:
        b.add(_("No project in this scope."))
        return
    mm = b.mm
    for stage, group in groupby(data.projects, key=lambda p: p.stage):
        lines = list(group)
        b.add(f"{stage_label(stage)} ({num(len(lines))})", "body")
        shown = lines[:PDF_PROJECTS_PER_STAGE]
        b.table(
            [_("Project"), _("Type"), _("Region"), _("Capacity"), _("Investment")],
            [
                [
                    p.title,
                    p.project_type,
                    p.region,
                    "—" if p.capacity is None else f"{num(p.capacity, 1)} {p.capacity_unit}",
                    "—" if p.investment is None else f"{num(p.investment)} {p.currency}",
                ]
                for p in shown
            ],
            widths=[58 * mm, 30 * mm, 32 * mm, 26 * mm, 30 * mm],
        )
        if len(lines) > len(shown):
            b.add(
                _("… and %(n)s more (the Excel report lists every project).")
                % {"n": num(len(lines) - len(shown))},
                "small",
            )
        b.space(2)


def _chains(b: _Builder, data: ReportData) -> None:
    b.add(_("Industry chain coverage and gaps"), "heading")
    if not data.chains:
        b.add(_("No industry chain map yet."))
        return
    for chain in data.chains:
        b.add(chain.name, "body")
        b.table(
            [_("Link of the chain"), _("Organizations"), _("Coverage"), _("Chain leaders")],
            [
                [
                    node.name,
                    node.organization_count,
                    coverage_label(node.status),
                    ", ".join(node.leader_names) or "—",
                ]
                for node in chain.nodes
            ],
        )
        gaps = ", ".join(chain.gap_names) or _("none")
        b.add(_("Gaps: %(gaps)s") % {"gaps": gaps}, "small")
        b.space(2)


def coverage_label(status: str) -> str:
    return {
        "covered": _("Covered"),
        "thin": _("Thin"),
        "gap": _("Gap"),
    }.get(status, status)


def report_pdf(data: ReportData) -> bytes:
    """The PDF report (call inside the report's language)."""
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.platypus import SimpleDocTemplate  # noqa: PLC0415

    b = _Builder(data)
    mm = b.mm
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title_text(data),
        author="Sanxin",
        invariant=True,
    )
    b.add(title_text(data), "title")
    b.add(period_text(data))
    b.add(
        _("Generated on %(when)s. Figures as the person who asked for the report sees them.")
        % {"when": data.generated.strftime("%Y-%m-%d %H:%M")},
        "small",
    )
    b.add(_("Key figures"), "heading")
    rows = key_figures(data)
    b.table(
        [_("Figure"), _("Value")],
        [[label, _value(value, kind)] for label, value, kind in rows],
        widths=[110 * mm, 60 * mm],
    )
    _charts(b, data)
    _projects(b, data)
    _chains(b, data)
    b.add(_("Events and their outcomes"), "heading")
    if data.figures.events:
        b.table(event_columns(data.figures.outcomes_visible), event_rows(data))
    else:
        b.add(_("No event in the period."))
    b.add(_("Members"), "heading")
    b.table([_("Figure"), _("Value")], [list(r) for r in member_rows(data)])
    doc.build(b.story)
    return buffer.getvalue()
