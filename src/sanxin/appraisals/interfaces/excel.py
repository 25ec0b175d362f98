"""Excel export of one appraisal: key figures, inputs, yearly cash flows, sensitivity."""

from __future__ import annotations

import io
import json

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sanxin.appraisals.domain.errors import RATE_FIELDS
from sanxin.appraisals.interfaces.labels import input_label
from sanxin.appraisals.interfaces.present import (
    CASH_FLOW_COLUMNS,
    FIGURES,
    MONEY,
    PER_KWH,
    PERCENT,
    TCO2,
    YEARS,
    carbon,
    cash_flow_rows,
)
from sanxin.appraisals.models import Appraisal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    MONEY: "#,##0",
    PER_KWH: "0.0000",
    PERCENT: "0.00%",
    YEARS: "0.0",
    TCO2: "#,##0",
}
BOLD = Font(bold=True)


def _sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _summary(book: Workbook, appraisal: Appraisal) -> None:
    sheet = book.active
    sheet.title = _sheet_title(_("Key figures"))
    created = timezone.localtime(appraisal.created).strftime("%Y-%m-%d %H:%M")
    rows = [
        (_("Project"), appraisal.project.title),
        (_("Scenario"), appraisal.scenario),
        (_("Appraised on"), created),
        (_("Appraised by"), str(appraisal.created_by) if appraisal.created_by else ""),
        (_("Engine version"), appraisal.engine_version),
        (_("Currency"), appraisal.currency),
    ]
    for label, value in rows:
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Figure"), _("Value"), _("Unit")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    units = {
        MONEY: appraisal.currency,
        PER_KWH: f"{appraisal.currency}/kWh",
        PERCENT: "%",
        YEARS: _("years"),
        TCO2: "tCO2",
    }
    for key, label, unit in FIGURES:
        value = getattr(appraisal, key)
        sheet.append([str(label), None if value is None else float(value), units.get(unit, "")])
        if unit in FORMATS:
            sheet.cell(row=sheet.max_row, column=2).number_format = FORMATS[unit]
    factor = carbon(appraisal)
    if factor is not None:
        sheet.append([])
        sheet.append(
            [_("Emission factor (tCO2/MWh)"), appraisal.result["emission_factor"]["t_per_mwh"]]
        )
        sheet.append([_("Region"), factor["region"]])
        sheet.append([_("Year"), factor["year"]])
        sheet.append([_("Kind of factor"), factor["scope"]])
        sheet.append([_("Why this factor"), factor["reason"]])
        sheet.append(
            [pgettext("citation", "Source"), factor["source"] or _("entered with the inputs")]
        )
    _widths(sheet, [42, 24, 14])


def _inputs(book: Workbook, appraisal: Appraisal) -> None:
    sheet = book.create_sheet(_sheet_title(_("Inputs")))
    sheet.append([_("Input"), _("Key"), _("Value"), _("Unit")])
    for cell in sheet[1]:
        cell.font = BOLD
    for key, value in appraisal.inputs.items():
        if value is None:
            continue
        cell_value = value
        if isinstance(value, list | dict):
            cell_value = json.dumps(value, ensure_ascii=False)
        unit = _("fraction (0.06 = 6 %)") if key in RATE_FIELDS else ""
        sheet.append([input_label(key), key, cell_value, unit])
    _widths(sheet, [44, 30, 24, 22])


def _cash_flows(book: Workbook, appraisal: Appraisal) -> None:
    sheet = book.create_sheet(_sheet_title(_("Cash flows")))
    keys = [key for key, _label in CASH_FLOW_COLUMNS]
    sheet.append(
        [str(label) for _key, label in CASH_FLOW_COLUMNS] + [_("Cumulative project cash flow")]
    )
    sheet.append([*keys, "cumulative"])
    for row in (sheet[1], sheet[2]):
        for cell in row:
            cell.font = BOLD
    for row in cash_flow_rows(appraisal):
        sheet.append([row[key] for key in keys] + [row["cumulative"]])
        for index, key in enumerate(keys, start=1):
            if key not in ("year", "tax_rate"):
                sheet.cell(row=sheet.max_row, column=index).number_format = "#,##0"
        sheet.cell(row=sheet.max_row, column=keys.index("tax_rate") + 1).number_format = "0.0%"
        sheet.cell(row=sheet.max_row, column=len(keys) + 1).number_format = "#,##0"
    sheet.freeze_panes = "B3"
    _widths(sheet, [8] + [18] * len(keys))


def _sensitivity(book: Workbook, appraisal: Appraisal) -> None:
    data = appraisal.tornado or {}
    if not data.get("bars"):
        return
    sheet = book.create_sheet(_sheet_title(_("Sensitivity")))
    sheet.append([_("Project NPV (after tax) at base values"), data["base"]])
    sheet.append([])
    sheet.append(
        [_("Input"), _("Key"), _("Low value"), _("High value"), _("NPV at low"), _("NPV at high")]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for bar in data["bars"]:
        sheet.append(
            [
                input_label(bar["input"]),
                bar["input"],
                bar["low"],
                bar["high"],
                bar["metric_low"],
                bar["metric_high"],
            ]
        )
        for column in (5, 6):
            sheet.cell(row=sheet.max_row, column=column).number_format = "#,##0"
    _widths(sheet, [40, 24, 16, 16, 20, 20])


def appraisal_workbook(appraisal: Appraisal) -> bytes:
    """The appraisal as an .xlsx file (sheet and column titles in the active language)."""
    book = Workbook()
    _summary(book, appraisal)
    _inputs(book, appraisal)
    _cash_flows(book, appraisal)
    _sensitivity(book, appraisal)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(appraisal: Appraisal) -> str:
    return f"appraisal-{appraisal.project_id}-{appraisal.pk}.xlsx"
