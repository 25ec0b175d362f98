"""Read a Global Energy Monitor tracker workbook exactly as GEM publishes it.

Any of the six trackers (coal, oil and gas, hydropower, bioenergy, nuclear, geothermal): every
sheet whose header row has the unit columns (country, plant name, capacity, status, GEM
location ID and unit ID) is a data sheet — "Data", "Units", "Gas & Oil Units" and the
"Below Threshold" sheets alike; "About" and summary sheets are passed over. The tracker is
recognised by the columns only it has, and the citation is read from the "About" sheet.

Rows of China and Vietnam become units, grouped into plants by GEM location ID; other
countries' rows are only counted. A row that cannot be used is skipped with its reason; a
workbook without a data sheet is refused.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanxin.projects.data.sources import gem_citation
from sanxin.projects.domain.import_records import (
    PlantRecord,
    RowNote,
    UnitRecord,
    normalise_status,
)
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
    year,
)

#: Our name for a column → the headers it has in the trackers (compared case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("country/area", "country 1", "country"),
    "country2": ("country 2",),
    "name": ("project name", "plant name"),
    "local": (
        "project name in local language / script",
        "project name (local lang/script)",
        "plant name (local)",
        "plant name in local language / script",
    ),
    "unit": ("unit name",),
    "capacity": ("capacity (mw)",),
    "capacity1": ("country 1 capacity (mw)",),
    "capacity2": ("country 2 capacity (mw)",),
    "status": ("status",),
    "start": ("start year",),
    "owner": ("owner", "owner(s)"),
    "owner_local": (
        "owner name in local language / script",
        "owner name (local lang/script)",
        "owner name(s) in local language / script",
    ),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "city": ("city", "city 1", "location"),
    "city2": ("city 2",),
    "local_area": ("local area (taluk, county)", "local area 1"),
    "local_area2": ("local area 2",),
    "major_area": ("major area (prefecture, district)", "major area 1"),
    "major_area2": ("major area 2",),
    "province": ("state/province", "state/province 1", "subnational unit (province, state)"),
    "province2": ("state/province 2",),
    "location": ("gem location id",),
    "unit_id": ("gem unit id", "gem unit/phase id", "gem phase id"),
    "wiki": ("wiki url",),
    "fuel": ("fuel",),
    "technology": ("technology type", "technology"),
}
REQUIRED = ("country", "name", "capacity", "status", "location", "unit_id")
#: The column only one tracker has → the tracker (checked in this order).
SIGNATURES: tuple[tuple[str, str], ...] = (
    ("combustion technology", "coal"),
    ("coal type", "coal"),
    ("turbine/engine technology", "oilgas"),
    ("binational", "hydro"),
    ("river / watercourse", "hydro"),
    ("reactor type", "nuclear"),
    ("fuel", "bioenergy"),
    ("technology", "geothermal"),
)
_TRACKER_TYPES = {
    "coal": ProjectType.COAL,
    "oilgas": ProjectType.GAS,
    "hydro": ProjectType.HYDRO,
    "bioenergy": ProjectType.BIOENERGY,
    "nuclear": ProjectType.NUCLEAR,
    "geothermal": ProjectType.GEOTHERMAL,
}
_CITATION = re.compile(r"Recommended Citation:\s*[\"“]([^\"”]+)[\"”]", re.IGNORECASE)
_RELEASE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"[\s-]+(?:\d{1,2},\s*)?(\d{4})",
    re.IGNORECASE,
)
_HEADER_ROWS = 5


def _columns(header: tuple) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    found: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                found[name] = keys.index(alias)
                break
    return found


def _tracker(header: tuple) -> str | None:
    keys = {header_key(h) for h in header}
    return next((tracker for sign, tracker in SIGNATURES if sign in keys), None)


def _citation(workbook, tracker: str, file_name: str) -> str:
    for sheet in workbook.worksheets:
        if header_key(sheet.title) != "about":
            continue
        title = ""
        for row in sheet.iter_rows(max_row=20, values_only=True):
            for cell in row:
                if not isinstance(cell, str):
                    continue
                match = _CITATION.search(cell)
                if match:
                    return match.group(1).strip().rstrip(".")
                title = title or cell
        release = _RELEASE.search(title)
        if release:
            return gem_citation(tracker, f"{release.group(1).title()} {release.group(2)}")
    release = _RELEASE.search(file_name.replace("-", " "))
    if release:
        return gem_citation(tracker, f"{release.group(1).title()} {release.group(2)}")
    return gem_citation(tracker)


def _project_type(tracker: str, cells: dict[str, Any]) -> str:
    if tracker == "oilgas" and text(cells.get("fuel")).casefold().startswith("fossil liquids"):
        return ProjectType.OIL
    if tracker == "hydro":
        technology = text(cells.get("technology")).casefold()
        if technology == "pumped storage":
            return ProjectType.PUMPED_STORAGE
    return _TRACKER_TYPES[tracker]


def _capacity(cells: dict[str, Any], side: str):
    """The unit's capacity in MW (a binational plant's share of its Chinese or Vietnamese
    side); raises ValueError when it is not a number."""
    capacity = number(cells.get("capacity"))
    if cells.get("country2") and cells.get(f"capacity{side or 1}") not in (None, ""):
        capacity = number(cells.get(f"capacity{side or 1}"))
    return capacity


def _problem(cells: dict[str, Any]) -> tuple[str, dict] | None:
    """Why a row of China or Vietnam cannot be imported, or None."""
    capacity = optional_number(cells.get("capacity"))
    checks = (
        (not text(cells.get("location")), "no_location", {}),
        (not text(cells.get("unit_id")), "no_unit", {}),
        (not (text(cells.get("name")) or text(cells.get("local"))), "no_name", {}),
        (
            normalise_status(cells.get("status")) is None,
            "bad_status",
            {"value": text(cells.get("status"))},
        ),
        (
            capacity is not None and capacity < 0,
            "bad_capacity",
            {"value": text(cells.get("capacity"))},
        ),
    )
    return next(((code, params) for failed, code, params in checks if failed), None)


class _Sheet:
    def __init__(self, sheet, header_row: int, columns: dict[str, int]) -> None:
        self.sheet = sheet
        self.title = sheet.title
        self.header_row = header_row
        self.columns = columns

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for number_, raw in enumerate(
            self.sheet.iter_rows(min_row=self.header_row + 1, values_only=True),
            start=self.header_row + 1,
        ):
            if not any(c not in (None, "") for c in raw):
                continue
            yield number_, {k: raw[i] if i < len(raw) else None for k, i in self.columns.items()}


def _data_sheets(workbook) -> tuple[list[_Sheet], str | None]:
    sheets: list[_Sheet] = []
    tracker = None
    for sheet in workbook.worksheets:
        for index, header in enumerate(
            sheet.iter_rows(max_row=_HEADER_ROWS, values_only=True), start=1
        ):
            columns = _columns(header)
            if all(c in columns for c in REQUIRED):
                sheets.append(_Sheet(sheet, index, columns))
                tracker = tracker or _tracker(header)
                break
    return sheets, tracker


class _Reader:
    def __init__(self, tracker: str, dataset: str) -> None:
        self.tracker = tracker
        self.result = ReadResult(dataset=dataset)
        self.plants: dict[str, PlantRecord] = {}
        self.units: dict[str, set[str]] = {}

    def skip(self, row: int, sheet: str, code: str, **params) -> None:
        self.result.skipped.append(RowNote(row, sheet, code, params))

    def row(self, number_: int, sheet: str, cells: dict[str, Any]) -> None:
        first = country_code(cells.get("country"))
        second = country_code(cells.get("country2"))
        if first is None and second is None:
            self.result.rows_other += 1
            return
        self.result.rows_total += 1
        side = "" if first else "2"
        problem, capacity = _problem(cells), None
        if problem is None:
            try:
                capacity = _capacity(cells, side)
            except ValueError:
                problem = ("bad_capacity", {"value": text(cells.get("capacity"))})
        if problem is not None:
            self.result.skipped.append(RowNote(number_, sheet, problem[0], problem[1]))
            return
        key = f"{self.tracker}:{text(cells.get('location'))}"
        plant = self.plants.get(key)
        if plant is None:
            plant = self._plant(
                key, number_=number_, sheet=sheet, cells=cells, country=first or second, side=side
            )
            self.plants[key] = plant
        seen = self.units.setdefault(key, set())
        unit_id = text(cells.get("unit_id"))
        unit_key, n = unit_id, 2
        while unit_key in seen:  # a unit ID repeated within a plant: keep both units
            unit_key, n = f"{unit_id}#{n}", n + 1
        seen.add(unit_key)
        plant.rows += 1
        plant.units.append(
            UnitRecord(
                key=unit_key,
                name=text(cells.get("unit")),
                capacity=capacity,
                status=normalise_status(cells.get("status")) or "",
                owners=tuple(
                    parse_owners(text(cells.get("owner")), text(cells.get("owner_local")))
                ),
                start_year=year(cells.get("start")),
                row=number_,
            )
        )

    def _plant(self, key, *, number_, sheet, cells, country, side) -> PlantRecord:
        place = [text(cells.get(f"{c}{side}")) for c in ("city", "local_area", "major_area")]
        external = {"gem_location": text(cells.get("location"))}
        if text(cells.get("wiki")):
            external["gem_wiki"] = text(cells.get("wiki"))
        return PlantRecord(
            key=key,
            source=DataSource.GEM,
            dataset=self.result.dataset,
            row=number_,
            sheet=sheet,
            title=text(cells.get("name")),
            title_local=text(cells.get("local")),
            project_type=_project_type(self.tracker, cells),
            country=country,
            province=text(cells.get(f"province{side}")),
            city=next((p for p in place if p), ""),
            latitude=optional_number(cells.get("latitude")),
            longitude=optional_number(cells.get("longitude")),
            external_ids=external,
            rows=0,
        )


def read_gem(path: Path, *, file_name: str = "") -> ReadResult:
    """Read the workbook at ``path``; raises SourceFileError when it is not a GEM tracker."""
    import openpyxl  # noqa: PLC0415 - only needed for workbooks

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceFileError("bad_file", {"detail": type(exc).__name__}) from exc
    try:
        sheets, tracker = _data_sheets(workbook)
        if not sheets or tracker is None:
            raise SourceFileError("not_gem", {"columns": ", ".join(_required_labels())})
        reader = _Reader(tracker, _citation(workbook, tracker, file_name or path.name))
        seen = 0
        for sheet in sheets:
            for number_, cells in sheet.rows():
                seen += 1
                if seen > MAX_ROWS:
                    raise SourceFileError("too_many_rows", {"max": MAX_ROWS})
                reader.row(number_, sheet.title, cells)
    finally:
        workbook.close()
    reader.result.records = list(reader.plants.values())
    return reader.result


#: The required columns as the trackers spell them (for the error message).
REQUIRED_LABELS = (
    "Country/Area",
    "Project Name / Plant name",
    "Capacity (MW)",
    "Status",
    "GEM location ID",
    "GEM unit ID",
)


def _required_labels() -> list[str]:
    return [f"“{label}”" for label in REQUIRED_LABELS]


def check_gem(path: Path) -> None:
    """Quick check of an upload (header rows only); raises SourceFileError."""
    import openpyxl  # noqa: PLC0415

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceFileError("bad_file", {"detail": type(exc).__name__}) from exc
    try:
        sheets, tracker = _data_sheets(workbook)
    finally:
        workbook.close()
    if not sheets or tracker is None:
        raise SourceFileError("not_gem", {"columns": ", ".join(_required_labels())})
