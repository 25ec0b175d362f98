"""The assumptions library as tables: per country, the technology figures and the country's
tax and finance defaults, each with its source."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanxin.appraisals.domain.defaults import (
    TECHNOLOGY_FIELDS,
    library_source,
    library_technologies,
)
from sanxin.appraisals.enums import LIBRARY_COUNTRIES, Technology
from sanxin.appraisals.interfaces.labels import display_value, input_label
from sanxin.engines.appraisal import assumptions
from sanxin.engines.appraisal.emission_factors import TABLE_VERSION


def _country_name(code: str) -> str:
    return {"CN": _("China"), "VN": _("Viet Nam")}.get(code, code)


def library_tables() -> list[dict[str, Any]]:
    techs = library_technologies()
    longest = max(
        techs, key=lambda t: assumptions.defaults_for(t, LIBRARY_COUNTRIES[0])["years"].value
    )
    tables = []
    for country in LIBRARY_COUNTRIES:
        per_tech = {t: assumptions.defaults_for(t, country, capacity_kw=1.0) for t in techs}
        tech_rows = []
        for key in TECHNOLOGY_FIELDS:
            cells = [per_tech[t].get(key) for t in techs]
            sources = sorted({library_source(c.source) for c in cells if c is not None})
            label = _("Investment per kW") if key == "capex" else input_label(key)
            tech_rows.append(
                {
                    "key": key,
                    "label": label,
                    "values": [display_value(key, c.value) if c else "—" for c in cells],
                    "source": "; ".join(sources),
                }
            )
        country_rows = [
            {
                "key": key,
                "label": input_label(key),
                "value": display_value(key, row.value),
                "source": library_source(row.source),
            }
            for key, row in per_tech[longest].items()
            if key not in ("technology", "capacity_kw", "region", *TECHNOLOGY_FIELDS)
        ]
        tables.append(
            {
                "country": country,
                "name": _country_name(country),
                "currency": per_tech[techs[0]]["currency"].value,
                "technologies": [Technology(t).label for t in techs],
                "tech_rows": tech_rows,
                "country_rows": country_rows,
            }
        )
    return tables


def factor_table_version() -> str:
    return TABLE_VERSION
