"""The alliance report as an Excel workbook (openpyxl): one sheet per table, numbers stored as
numbers with native number formats, never as text."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sanxin.insights.domain.queries import stage_label
from sanxin.insights.interfaces.report_data import ReportData
from sanxin.insights.interfaces.report_pdf import coverage_label
from sanxin.insights.interfaces.report_text import (
    event_columns,
    event_rows,
    key_figures,
    member_rows,
    period_text,
    project_columns,
    title_text,
)

BOLD = Font(bold=True)
FORMATS = {
    "count": "#,##0",
    "money": "#,##0.00",
    "capacity": "#,##0.000",
    "tco2": "#,##0.0",
    "decimal": "#,##0.###",
}


def sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _write(sheet, row: int, values: list[object], kinds: list[str] | None = None) -> None:
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # user text, never a formula (openpyxl reads "=" as one)
            continue
        if isinstance(value, bool) or value is None:
            continue
        kind = kinds[col - 1] if kinds and col - 1 < len(kinds) else None
        if kind:
            cell.number_format = FORMATS[kind]
        elif isinstance(value, int):
            cell.number_format = FORMATS["count"]
        elif isinstance(value, Decimal):
            cell.number_format = FORMATS["decimal"]


def _table(book: Workbook, title: str, header: list[str], rows, *, widths=None, kinds=None):
    sheet = book.create_sheet(sheet_title(title))
    _write(sheet, 1, header)
    for cell in sheet[1]:
        cell.font = BOLD
    for index, row in enumerate(rows, start=2):
        _write(sheet, index, list(row), kinds)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [40] + [18] * (len(header) - 1), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def report_xlsx(data: ReportData) -> bytes:
    """The Excel report (call inside the report's language)."""
    book = Workbook()
    summary = book.active
    summary.title = sheet_title(_("Key figures"))
    summary["A1"] = title_text(data)
    summary["A1"].font = Font(bold=True, size=14)
    summary["A2"] = period_text(data)
    summary["A3"] = _("Generated on %(when)s") % {"when": data.generated.strftime("%Y-%m-%d %H:%M")}
    _write(summary, 5, [_("Figure"), _("Value")])
    for cell in summary[5]:
        cell.font = BOLD
    for index, (label, value, kind) in enumerate(key_figures(data), start=6):
        _write(summary, index, [label, value], [None, kind])
    summary.column_dimensions["A"].width = 52
    summary.column_dimensions["B"].width = 22
    for chart in data.charts:
        _table(book, chart.title, chart.columns, chart.rows)
    _table(
        book,
        _("All projects"),
        project_columns(),
        (
            [
                p.title,
                p.owner,
                p.project_type,
                stage_label(p.stage),
                p.region,
                p.capacity,
                p.capacity_unit,
                p.investment,
                p.currency,
            ]
            for p in data.projects
        ),
        widths=[50, 36, 24, 20, 26, 14, 10, 20, 10],
        kinds=[None, None, None, None, None, "capacity", None, "money", None],
    )
    chain_rows = [
        [
            chain.name,
            node.name,
            node.organization_count,
            coverage_label(node.status),
            ", ".join(node.leader_names),
        ]
        for chain in data.chains
        for node in chain.nodes
    ]
    _table(
        book,
        _("Chain coverage"),
        [_("Chain"), _("Link of the chain"), _("Organizations"), _("Coverage"), _("Chain leaders")],
        chain_rows,
        widths=[28, 40, 16, 14, 40],
    )
    _table(
        book,
        _("Events"),
        event_columns(data.figures.outcomes_visible),
        event_rows(data),
        widths=[44, 24] + [16] * 6,
    )
    _table(book, _("Members"), [_("Figure"), _("Value")], member_rows(data), widths=[52, 16])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
