"""The real data sets Sanxin imports, and how to credit them (CC BY 4.0).

Projects imported from a data set keep its citation in ``Project.source_dataset`` (e.g.
"Global Energy Monitor, Global Coal Plant Tracker, January 2025 release"), so every page, list
and API answer that shows them can credit the exact release without another query.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxin.common.credits import LICENCE_NAME, LICENCE_URL

GEM_PUBLISHER = "Global Energy Monitor"
GEM_URL = "https://globalenergymonitor.org/"

#: GEM trackers by our short code: the tracker's name as GEM cites it.
GEM_TRACKERS: dict[str, str] = {
    "coal": "Global Coal Plant Tracker",
    "oilgas": "Global Oil and Gas Plant Tracker",
    "hydro": "Global Hydropower Tracker",
    "bioenergy": "Global Bioenergy Power Tracker",
    "nuclear": "Global Nuclear Power Tracker",
    "geothermal": "Global Geothermal Power Tracker",
}

GPPD_CITATION = (
    "Global Energy Observatory, Google, KTH Royal Institute of Technology in Stockholm, "
    "Enipedia, World Resources Institute. 2019. Global Power Plant Database v1.3.0"
)
GPPD_URL = "https://datasets.wri.org/dataset/globalpowerplantdatabase"

#: Every data set named in NOTICE (shown on the import page).
CREDITS: tuple[str, ...] = (
    "Global Energy Monitor, Global Hydropower Tracker, April 2024 release.",
    "Global Energy Monitor, Global Coal Plant Tracker, January 2025 release.",
    "Global Energy Monitor, Global Oil and Gas Plant Tracker, January 2025 release.",
    "Global Energy Monitor, Global Bioenergy Power Tracker, September 2024 release.",
    "Global Energy Monitor, Global Nuclear Power Tracker, July 2024 release.",
    "Global Energy Monitor, Geothermal Power Tracker, May 2024 release.",
    GPPD_CITATION + ".",
)


@dataclass(frozen=True)
class Credit:
    """One credit line: the data set's citation, its licence and where to find it."""

    citation: str
    url: str
    licence: str = LICENCE_NAME
    licence_url: str = LICENCE_URL

    @property
    def text(self) -> str:
        return f"{self.citation}. {self.licence} ({self.licence_url})"


def gem_citation(tracker: str, release: str = "") -> str:
    """GEM's recommended citation, e.g. "Global Energy Monitor, Global Coal Plant Tracker,
    January 2025 release"."""
    name = GEM_TRACKERS.get(tracker, "tracker")
    citation = f"{GEM_PUBLISHER}, {name}"
    return f"{citation}, {release} release" if release else citation


def credit_for(source: str, dataset: str) -> Credit | None:
    """The credit of a record imported from ``source`` ("gem", "gppd"), None for manual ones."""
    if source == "gem":
        return Credit(citation=dataset or GEM_PUBLISHER, url=GEM_URL)
    if source == "gppd":
        return Credit(citation=dataset or GPPD_CITATION, url=GPPD_URL)
    return None


def attribution(source: str, dataset: str) -> str | None:
    """The one-line credit for an API answer or an export (None for manual records)."""
    credit = credit_for(source, dataset)
    return credit.text if credit else None


def credits_for(pairs) -> list[Credit]:
    """Distinct credits, in first-seen order, for (source, dataset) pairs of records shown."""
    seen: dict[tuple[str, str], Credit] = {}
    for source, dataset in pairs:
        credit = credit_for(source, dataset)
        if credit is not None:
            seen.setdefault((credit.citation, credit.url), credit)
    return list(seen.values())
