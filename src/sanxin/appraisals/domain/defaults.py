"""What the appraisal form starts from: the assumptions library for the project's technology
and country, then the project's own data (capacity, investment, province), each value with
where it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sanxin.appraisals.enums import LIBRARY_COUNTRIES, TECHNOLOGIES_FOR_TYPE, Technology
from sanxin.engines.appraisal import assumptions
from sanxin.engines.appraisal.carbon import UnknownRegionError, normalise_region
from sanxin.projects.enums import CapacityUnit
from sanxin.projects.models import Project

LIBRARY = "library"
PROJECT = "project"
ENGINE = "engine"

#: Defaults of the engine itself (docs/appraisal.md) for the inputs the form shows.
ENGINE_DEFAULTS: dict[str, Any] = {
    "availability": 1.0,
    "curtailment": 0.0,
    "construction_years": 1,
    "om_variable_per_kwh": 0.0,
    "om_escalation": 0.0,
    "tariff_escalation": 0.0,
    "debt_fraction": 0.0,
    "grace_years": 0,
    "loan_type": "annuity",
    "tax_losses": "floor",
    "loss_carryforward_years": 5,
    "depreciation_convention": "full_year",
    "salvage_fraction": 0.0,
}
#: Library rows that describe the technology (the rest describe the country's tax and finance).
TECHNOLOGY_FIELDS = (
    "capex",
    "om_fixed_per_kw_year",
    "capacity_factor",
    "degradation_per_year",
    "years",
    "storage_round_trip_efficiency",
)
_NOT_COUNTRY = {"technology", "capacity_kw", "region", *TECHNOLOGY_FIELDS}


@dataclass(frozen=True)
class Default:
    """A prefilled value; ``source`` is the library's citation, or what it came from."""

    value: Any
    origin: str  # LIBRARY, PROJECT or ENGINE
    source: str = ""


@dataclass(frozen=True)
class Prefill:
    technology: str | None
    technologies: tuple[str, ...]
    country: str
    values: dict[str, Default] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def appraisable(self) -> bool:
        return self.technology is not None

    def inputs(self) -> dict[str, Any]:
        """The prefilled values as engine inputs (what POST …/appraisals takes)."""
        return {k: d.value for k, d in self.values.items() if d.value is not None}


def library_technologies() -> tuple[str, ...]:
    """Technologies the assumptions library has defaults for."""
    found = []
    for tech in Technology.values:
        try:
            assumptions.defaults_for(tech, LIBRARY_COUNTRIES[0])
        except KeyError:
            continue
        found.append(tech)
    return tuple(found)


def technologies_for(project: Project) -> tuple[str, ...]:
    """The engine technologies a project of this type may be appraised as (empty: none)."""
    return TECHNOLOGIES_FOR_TYPE.get(project.project_type, ())


def _library(tech: str, country: str, capacity_kw: float | None) -> dict[str, Default]:
    """Library rows for the technology in the country (country rows only for a technology
    the library lacks; nothing for a country it lacks)."""
    if country not in LIBRARY_COUNTRIES:
        return {}
    size = capacity_kw or 1.0
    try:
        rows = assumptions.defaults_for(tech, country, capacity_kw=size)
    except KeyError:
        # The longest-lived technology keeps every country row whole (tax lists, depreciation).
        proxy = max(library_technologies(), key=_life)
        rows = {
            k: v
            for k, v in assumptions.defaults_for(proxy, country).items()
            if k not in _NOT_COUNTRY
        }
    out = {
        k: Default(v.value, LIBRARY, v.source)
        for k, v in rows.items()
        if k not in ("technology", "capacity_kw", "region")
    }
    if capacity_kw is None:
        out.pop("capex", None)
    return out


def _life(tech: str) -> int:
    return int(assumptions.defaults_for(tech, LIBRARY_COUNTRIES[0])["years"].value)


def capex_per_kw(tech: str, country: str) -> float | None:
    """The library's investment per kW (None when the library has none)."""
    try:
        return float(assumptions.defaults_for(tech, country, capacity_kw=1.0)["capex"].value)
    except KeyError:
        return None


def region_of(project: Project) -> str | None:
    """The emission-factor region: the province when the factor table knows it, else the
    country (China, Viet Nam), else none."""
    for code in (project.province.code if project.province_id else None, project.country):
        if not code:
            continue
        try:
            return normalise_region(code)
        except UnknownRegionError:
            continue
    return None


def not_covered() -> str:
    return _(
        "The appraisal covers power generation and storage; this project's type is not covered."
    )


def _size(project: Project) -> tuple[float | None, float | None, list[str]]:
    """Capacity in kW (from MW) or year-1 energy in kWh (from GWh/yr), with a note otherwise."""
    if project.capacity is None:
        return None, None, []
    if project.capacity_unit == CapacityUnit.MW:
        return float(project.capacity) * 1000.0, None, []
    if project.capacity_unit == CapacityUnit.GWH_YR:
        return None, float(project.capacity) * 1_000_000.0, []
    return None, None, [_("The project's capacity is not in MW: enter the power in kW.")]


def _investment(
    project: Project, values: dict[str, Default], tech: str, currency: str
) -> list[str]:
    """Put the project's investment in as capex (same currency only); notes otherwise."""
    if project.investment is not None and project.currency == currency:
        values["capex"] = Default(float(project.investment), PROJECT, "investment")
        return []
    notes = []
    if project.investment is not None:
        notes.append(
            _(
                "The project's investment is in %(project)s and the library's figures in "
                "%(library)s: the investment was not used; convert it and enter it."
            )
            % {"project": project.currency, "library": currency}
        )
    per_kw = capex_per_kw(tech, project.country)
    if "capex" not in values and per_kw is not None:
        notes.append(
            _("The library's investment is %(amount)s %(currency)s per kW of capacity.")
            % {"amount": f"{per_kw:,.0f}", "currency": currency}
        )
    return notes


def prefill_for(project: Project, technology: str | None = None) -> Prefill:
    """The form's starting values for ``project`` (as ``technology``, default the first one
    its type allows)."""
    country = project.country
    allowed = technologies_for(project)
    if not allowed:
        return Prefill(None, (), country, {}, (not_covered(),))
    tech = technology if technology in allowed else allowed[0]
    capacity_kw, energy_kwh, notes = _size(project)
    values: dict[str, Default] = {"technology": Default(tech, PROJECT, "type")}
    values.update({key: Default(value, ENGINE) for key, value in ENGINE_DEFAULTS.items()})
    library = _library(tech, country, capacity_kw)
    if not library:
        notes.append(
            _(
                "The assumptions library has defaults for China and Viet Nam only: "
                "enter the figures."
            )
        )
    values.update(library)
    values["currency"] = library.get("currency") or Default(project.currency, PROJECT, "currency")
    currency = values["currency"].value
    if capacity_kw is not None:
        values["capacity_kw"] = Default(capacity_kw, PROJECT, "capacity")
    if energy_kwh is not None:
        values.pop("capacity_factor", None)
        values["energy_year1_kwh"] = Default(energy_kwh, PROJECT, "capacity")
    notes += _investment(project, values, tech, currency)
    region = region_of(project)
    if region is not None:
        origin = "province" if project.province_id and region != country else "country"
        values["region"] = Default(region, PROJECT, origin)
    return Prefill(tech, allowed, country, values, tuple(notes))


_MACHINERY = "; tax minimum for machinery is 10:"
_PROJECT_SOURCES = {
    "type": lambda: _("From the project's type"),
    "capacity": lambda: _("From the project's capacity"),
    "investment": lambda: _("From the project's total investment"),
    "province": lambda: _("From the project's province"),
    "country": lambda: _("From the project's country"),
    "currency": lambda: _("From the project's currency"),
}


def describe_source(default: Default) -> str:
    """Where a prefilled value comes from, in the active language (citations as written)."""
    if default.origin == ENGINE:
        return _("Engine default")
    if default.origin == PROJECT:
        return _PROJECT_SOURCES.get(default.source, lambda: _("From the project"))()
    return library_source(default.source)


def library_source(source: str) -> str:
    """A library source in the active language: assumptions are said so; laws as cited."""
    if source == "input":
        return _("From the project")
    if source.startswith(assumptions.ASSUMPTION):
        rest = source[len(assumptions.ASSUMPTION) :]
        text = _("Assumption: a typical figure for a first look; replace it with project data")
        if rest.startswith(_MACHINERY):
            rest = (
                _("; the tax law's minimum for machinery is 10 years:")
                + " "
                + rest[len(_MACHINERY) :].strip()
            )
        return f"{text}{rest}".strip()
    return source
