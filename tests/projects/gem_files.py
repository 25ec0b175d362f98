"""Build small files shaped like the published data sets, for importer tests.

``gem_workbook`` writes a Global Coal Plant Tracker-like workbook (an "About" sheet with the
citation, a "Units" sheet with the columns the importer reads, a summary sheet to pass over);
``gppd_csv`` writes rows with the Global Power Plant Database's columns. Real files live in
``../shared/data`` (``SHARED_DATA``); tests that need them skip when it is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()

COAL_HEADER = (
    "GEM unit/phase ID",
    "GEM location ID",
    "Country/Area",
    "Wiki URL",
    "Plant name",
    "Unit name",
    "Plant name (local)",
    "Owner",
    "Capacity (MW)",
    "Status",
    "Start year",
    "Combustion technology",
    "Location",
    "Subnational unit (province, state)",
    "Latitude",
    "Longitude",
)
CITATION = "Global Energy Monitor, Global Coal Plant Tracker, January 2099 release"


def unit(uid: str, loc: str, name: str, **kw) -> dict:
    """A row of the Units sheet; keyword arguments override the defaults."""
    row = {
        "GEM unit/phase ID": uid,
        "GEM location ID": loc,
        "Country/Area": "China",
        "Wiki URL": f"https://www.gem.wiki/{name.replace(' ', '_')}",
        "Plant name": name,
        "Unit name": "Unit 1",
        "Plant name (local)": "",
        "Owner": "",
        "Capacity (MW)": 600.0,
        "Status": "operating",
        "Start year": 2010.0,
        "Combustion technology": "subcritical",
        "Location": "",
        "Subnational unit (province, state)": "Sichuan",
        "Latitude": 30.5,
        "Longitude": 104.1,
    }
    row.update(kw)
    return row


def gem_workbook(path: Path, rows: list[dict], *, about: bool = True) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "About"
    if about:
        sheet.append(["Global Coal Plant Tracker - January 2099"])
        sheet.append([f'Recommended Citation: "{CITATION}."  (See the CC license.)'])
    units = workbook.create_sheet("Units")
    units.append(list(COAL_HEADER))
    for row in rows:
        units.append([row.get(column) for column in COAL_HEADER])
    summary = workbook.create_sheet("Proposal summaries")
    summary.append(["Country", "Plant name", "Proposal"])
    summary.append(["China", "Somewhere", "yes"])
    workbook.save(path)
    return path


GPPD_HEADER = (
    "country",
    "country_long",
    "name",
    "gppd_idnr",
    "capacity_mw",
    "latitude",
    "longitude",
    "primary_fuel",
    "commissioning_year",
    "owner",
    "source",
    "geolocation_source",
    "wepp_id",
    "year_of_capacity_data",
)


def gppd_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=GPPD_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in GPPD_HEADER})
    return path


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is absent (see ../shared/data/README.md)")
    return path
