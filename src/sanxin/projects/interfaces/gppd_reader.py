"""Read the WRI Global Power Plant Database CSV (``gppd_v130_CHN_VNM.csv`` or the whole file).

One row per plant, in operation (the database lists existing plants and has no status): name,
capacity in MW, primary fuel, commissioning year, owner (often empty) and coordinates. There
are no provinces. Rows of China and Vietnam become plants; other countries' rows are counted.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sanxin.projects.data.sources import GPPD_CITATION
from sanxin.projects.domain.import_records import PlantRecord, RowNote
from sanxin.projects.domain.owners import parse_owners
from sanxin.projects.enums import DataSource, ProjectType
from sanxin.projects.interfaces.source_files import (
    MAX_ROWS,
    ReadResult,
    SourceFileError,
    country_code,
    header_key,
    number,
    optional_number,
    text,
)

REQUIRED = ("country", "name", "gppd_idnr", "capacity_mw", "primary_fuel")
FUELS: dict[str, str] = {
    "solar": ProjectType.PV,
    "wind": ProjectType.WIND,
    "hydro": ProjectType.HYDRO,
    "coal": ProjectType.COAL,
    "gas": ProjectType.GAS,
    "oil": ProjectType.OIL,
    "petcoke": ProjectType.OIL,
    "nuclear": ProjectType.NUCLEAR,
    "geothermal": ProjectType.GEOTHERMAL,
    "biomass": ProjectType.BIOENERGY,
    "waste": ProjectType.BIOENERGY,
    "storage": ProjectType.BATTERY_STORAGE,
}
_VERSION = re.compile(r"v(\d)\.?(\d)\.?(\d)", re.IGNORECASE)


def _citation(file_name: str) -> str:
    match = _VERSION.search(file_name)
    if not match:
        return GPPD_CITATION
    return GPPD_CITATION.replace("v1.3.0", "v" + ".".join(match.groups()))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceFileError("bad_file", {"detail": "not UTF-8"})


def read_gppd(path: Path, *, file_name: str = "") -> ReadResult:
    """Read the CSV at ``path``; raises SourceFileError when it is not the GPPD."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceFileError("bad_file", {"detail": type(exc).__name__}) from exc
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        header = [header_key(h) for h in next(reader, [])]
    except csv.Error as exc:
        raise SourceFileError("bad_file", {"detail": str(exc)}) from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceFileError("not_gppd", {"columns": ", ".join(f"“{c}”" for c in REQUIRED)})
    col = {name: i for i, name in enumerate(header)}
    result = ReadResult(dataset=_citation(file_name or path.name))
    seen: dict[str, int] = {}
    try:
        for number_, raw in enumerate(reader, start=2):
            if number_ > MAX_ROWS:
                raise SourceFileError("too_many_rows", {"max": MAX_ROWS})
            if not any(c.strip() for c in raw):
                continue
            cells = {k: raw[i] if i < len(raw) else "" for k, i in col.items()}
            record = _row(number_, cells, result, seen)
            if record is not None:
                result.records.append(record)
    except csv.Error as exc:
        raise SourceFileError("bad_file", {"detail": str(exc)}) from exc
    return result


def _problem(cells: dict, seen: dict[str, int]) -> tuple[str, dict] | None:
    key, name = text(cells.get("gppd_idnr")), text(cells.get("name"))
    try:
        capacity = number(cells.get("capacity_mw"))
    except ValueError:
        return "bad_capacity", {"value": text(cells.get("capacity_mw"))}
    checks = (
        (not key, "no_id", {}),
        (not name, "no_name", {}),
        (key in seen, "duplicate", {"row": seen.get(key)}),
        (
            capacity is not None and capacity < 0,
            "bad_capacity",
            {"value": text(cells.get("capacity_mw"))},
        ),
    )
    return next(((code, params) for failed, code, params in checks if failed), None)


def _row(number_: int, cells: dict, result: ReadResult, seen: dict[str, int]):
    country = country_code(cells.get("country"))
    if country is None:
        result.rows_other += 1
        return None
    result.rows_total += 1
    problem = _problem(cells, seen)
    if problem is not None:
        result.skipped.append(RowNote(number_, "", problem[0], problem[1]))
        return None
    key, name = text(cells.get("gppd_idnr")), text(cells.get("name"))
    capacity = number(cells.get("capacity_mw"))
    seen[key] = number_
    external = {"gppd": key}
    if text(cells.get("wepp_id")):
        external["wepp"] = text(cells.get("wepp_id"))
    return PlantRecord(
        key=key,
        source=DataSource.GPPD,
        dataset=result.dataset,
        row=number_,
        sheet="",
        title=name,
        title_local="",
        project_type=FUELS.get(header_key(cells.get("primary_fuel")), ProjectType.OTHER),
        country=country,
        latitude=optional_number(cells.get("latitude")),
        longitude=optional_number(cells.get("longitude")),
        external_ids=external,
        owners=tuple(parse_owners(text(cells.get("owner")))),
        capacity=capacity,
    )


def check_gppd(path: Path) -> None:
    """Quick check of an upload (the header only); raises SourceFileError."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
    except OSError as exc:
        raise SourceFileError("bad_file", {"detail": type(exc).__name__}) from exc
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    header = [header_key(h) for h in next(csv.reader([first]), [])]
    if any(c not in header for c in REQUIRED):
        raise SourceFileError("not_gppd", {"columns": ", ".join(f"“{c}”" for c in REQUIRED)})
