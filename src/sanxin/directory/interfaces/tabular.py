"""Read a CSV or Excel (.xlsx) file into a header and rows of cell values.

Cells come back as ``str``, ``int``, ``float``, ``datetime.date``/``datetime.datetime`` or
``None``; what they mean is decided by the importer. Problems with the file itself raise
:class:`TabularError` with a message in the user's language.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

#: The most data rows one file may hold (protects the server; split bigger files).
MAX_ROWS = 5000
SUFFIXES = (".csv", ".xlsx")
#: Encodings tried in turn for CSV: UTF-8 (with or without BOM), then the GB18030 superset of
#: GBK that Excel uses for Chinese CSV files.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class TabularError(Exception):
    """The file cannot be read as a table; the message says what to do."""


@dataclass
class Table:
    header: list[str]
    #: (row number as the spreadsheet shows it, cells); the header is row 1.
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _table(raw_rows) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = list(raw)
        if header is None:
            if _blank(cells):
                raise TabularError(_("The first row must hold the column names."))
            header = ["" if c is None else str(c).strip() for c in cells]
            continue
        if _blank(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise TabularError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        rows.append((number, cells))
    if header is None:
        raise TabularError(_("The file is empty."))
    return Table(header=header, rows=rows)


def _decode(data: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(_("The CSV file is not in UTF-8; save it as “CSV UTF-8” and try again."))


def read_csv(data: bytes) -> Table:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return _table(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise TabularError(
            _("The CSV file cannot be read (%(problem)s).") % {"problem": exc}
        ) from exc


def read_xlsx(data: bytes) -> Table:
    import openpyxl  # noqa: PLC0415 - only needed for Excel files

    try:
        # Users' workbooks often carry harmless oddities (unknown extensions, no default style)
        # that openpyxl warns about; they do not change the cell values we read.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TabularError(
            _("The file is not a valid Excel workbook (.xlsx); save it as .xlsx and try again.")
        ) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TabularError(_("The file is empty."))
        return _table(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_table(source: Path | BinaryIO | bytes, *, name: str | None = None) -> Table:
    """Read ``source`` (a path, an open binary file or bytes) as CSV or .xlsx by its name."""
    if isinstance(source, Path):
        name = name or source.name
        data = source.read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    suffix = Path(name or "").suffix.lower()
    if suffix == ".csv":
        return read_csv(data)
    if suffix == ".xlsx":
        return read_xlsx(data)
    raise TabularError(
        _("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": name or "?"}
    )
