"""Running an appraisal: validate with the engine, store the record, write the audit entry."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.appraisals.domain.access import can_appraise
from sanxin.appraisals.domain.defaults import not_covered, technologies_for
from sanxin.appraisals.domain.errors import translate
from sanxin.appraisals.enums import Technology
from sanxin.appraisals.models import Appraisal
from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.engines.appraisal import AppraisalInput, AppraisalResult, InputError, appraise
from sanxin.engines.appraisal import parse_input as engine_parse
from sanxin.engines.appraisal.engine import base_values
from sanxin.engines.appraisal.sensitivity import tornado
from sanxin.projects.models import Project

logger = logging.getLogger(__name__)

SCENARIO_MAX = 120
TORNADO_METRIC = "npv_project"
#: The tornado's inputs and how far each moves: ×(1 ± share) or ± points. The usual set of a
#: feasibility study's sensitivity analysis; debt terms are left out because the project NPV
#: is before financing (they would draw empty bars).
TORNADO_INPUTS: tuple[tuple[str, str, float], ...] = (
    ("capex", "x", 0.10),
    ("tariff_per_kwh", "x", 0.10),
    ("energy_year1_kwh", "x", 0.10),
    ("om_fixed_per_kw_year", "x", 0.10),
    ("discount_rate", "+", 0.01),
)

#: Platform limits on top of the engine's ranges: beyond them an appraisal is a typing
#: error (a figure in the wrong unit), and the arithmetic leaves float64's safe range.
MAGNITUDES: dict[str, float] = {
    "capacity_kw": 1e9,
    "energy_year1_kwh": 1e13,
    "capex": 1e16,
    "tariff_per_kwh": 1e6,
    "charge_price_per_kwh": 1e6,
    "om_fixed_per_kw_year": 1e7,
    "om_variable_per_kwh": 1e6,
}
MIN_DISCOUNT_RATE = -0.5
MAX_LOSS_YEARS = 60

#: Key-figure column → (result key, decimal places, max digits of the column).
FIGURES: dict[str, tuple[str, int, int]] = {
    "npv_project": ("npv_project", 2, 24),
    "npv_equity": ("npv_equity", 2, 24),
    "irr_project": ("irr_project", 8, 16),
    "irr_equity": ("irr_equity", 8, 16),
    "lcoe_simple": ("lcoe_simple", 6, 20),
    "lcoe_dcf": ("lcoe_dcf", 6, 20),
    "lcoe_financial": ("lcoe_financial", 6, 20),
    "breakeven_tariff": ("breakeven_tariff_per_kwh", 6, 20),
    "payback_simple_years": ("payback_simple_years", 3, 10),
    "payback_discounted_years": ("payback_discounted_years", 3, 10),
    "min_dscr_pretax": ("min_dscr_pretax", 4, 16),
    "avg_dscr_pretax": ("avg_dscr_pretax", 4, 16),
    "min_dscr_aftertax": ("min_dscr_aftertax", 4, 16),
    "avg_dscr_aftertax": ("avg_dscr_aftertax", 4, 16),
    "tco2_year1": ("tco2_avoided_year1", 3, 20),
    "tco2_lifetime": ("tco2_avoided_lifetime", 3, 22),
}


class _TooLargeError(ValueError):
    """A result that does not fit its column (or is not a finite number)."""


def parse_inputs(data: Mapping[str, Any]) -> AppraisalInput:
    """Validate engine inputs: the engine's checks, then the platform's limits.

    Raises ValidationError keyed by input field, in the active language. A key sent as
    ``null`` counts as not given (the engine's default applies).
    """
    if not isinstance(data, Mapping):
        raise ValidationError({NON_FIELD_ERRORS: [_("Send the inputs as a JSON object.")]})
    given = {key: value for key, value in data.items() if value is not None}
    try:
        with np.errstate(all="ignore"):
            inp = engine_parse(given)
    except InputError as error:
        key, message = translate(error)
        raise ValidationError({key: [message]}) from None
    _check_limits(inp)
    return inp


def _check_limits(inp: AppraisalInput) -> None:
    errors: dict[str, list[str]] = {}
    for key, limit in MAGNITUDES.items():
        value = getattr(inp, key)
        if value is not None and abs(value) > limit:
            errors[key] = [_("Enter a value of at most %(high)s.") % {"high": f"{limit:,.0f}"}]
    for key in ("discount_rate", "equity_discount_rate"):
        value = getattr(inp, key)
        if value is not None and value < MIN_DISCOUNT_RATE:
            errors[key] = [
                _("Enter a value of at least %(low)s.") % {"low": f"{MIN_DISCOUNT_RATE * 100:g} %"}
            ]
    if not 0 <= inp.loss_carryforward_years <= MAX_LOSS_YEARS:
        errors["loss_carryforward_years"] = [
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": 0, "high": MAX_LOSS_YEARS}
        ]
    if errors:
        raise ValidationError(errors)


def tornado_spans(inp: AppraisalInput) -> dict[str, tuple[float, float]]:
    """Low and high value of each tornado input (inputs at zero are left out)."""
    base = base_values(inp)
    spans = {}
    for name, kind, size in TORNADO_INPUTS:
        value = float(base[name])
        if kind == "x":
            if value == 0.0:
                continue
            spans[name] = (value * (1.0 - size), value * (1.0 + size))
        else:
            spans[name] = (value - size, value + size)
    return spans


def _compute(inp: AppraisalInput) -> tuple[AppraisalResult, dict[str, Any]]:
    """The result and the tornado; engine errors become ValidationErrors."""
    try:
        with np.errstate(all="ignore"):
            result = appraise(inp)
            base, bars = tornado(inp, metric=TORNADO_METRIC, spans=tornado_spans(inp))
    except InputError as error:
        key, message = translate(error)
        raise ValidationError({key: [message]}) from None
    except (ArithmeticError, ValueError):
        logger.warning("appraisal engine failed on %s", inp, exc_info=True)
        raise _cannot_compute() from None
    chart = {
        "metric": TORNADO_METRIC,
        "base": base,
        "bars": [
            {
                "input": bar.input,
                "low": bar.low,
                "high": bar.high,
                "metric_low": bar.metric_low,
                "metric_high": bar.metric_high,
            }
            for bar in bars
        ],
    }
    return result, chart


def _cannot_compute() -> ValidationError:
    return ValidationError(
        {
            NON_FIELD_ERRORS: [
                _(
                    "These inputs give numbers the appraisal cannot compute or store "
                    "(check the units: amounts, kW and kWh, rates in percent)."
                )
            ]
        }
    )


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list | tuple):
        return all(_finite(item) for item in value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    return True


def to_decimal(value: float | None, places: int, digits: int) -> Decimal | None:
    """A float rounded to ``places`` for a column of ``digits`` digits (None stays None)."""
    if value is None:
        return None
    if not math.isfinite(value) or abs(value) >= 10 ** (digits - places):
        raise _TooLargeError(value)
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)


def key_figures(result: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of an Appraisal from a result's JSON (_TooLargeError if one cannot fit)."""
    out: dict[str, Any] = {
        column: to_decimal(result.get(key), places, digits)
        for column, (key, places, digits) in FIGURES.items()
    }
    factor = result.get("emission_factor") or {}
    out["emission_factor_t_per_mwh"] = to_decimal(factor.get("t_per_mwh"), 4, 8)
    out["emission_factor_region"] = str(factor.get("region") or "")[:30]
    year = factor.get("year")
    out["emission_factor_year"] = year if isinstance(year, int) and 0 < year < 10_000 else None
    out["emission_factor_scope"] = str(factor.get("scope") or "")[:60]
    out["emission_factor_source"] = str(factor.get("source") or "")
    return out


def _scenario_errors(scenario: str) -> list[str]:
    if not scenario:
        return [_("Give the scenario a name.")]
    if len(scenario) > SCENARIO_MAX:
        return [_("Use at most %(count)s characters.") % {"count": SCENARIO_MAX}]
    return []


def run_appraisal(
    *, actor: Any, project: Project, data: Mapping[str, Any], scenario: str
) -> Appraisal:
    """Appraise ``project`` with the engine inputs ``data`` and store it as ``scenario``.

    The project team may appraise (``can_appraise``). Every error is a ValidationError
    keyed by input field (``scenario`` for the name), in the user's language; nothing is
    stored unless the whole appraisal succeeds.
    """
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_appraise(viewer, project))
    scenario = (scenario or "").strip()
    errors: dict[str, list[str]] = {}
    if scenario_errors := _scenario_errors(scenario):
        errors["scenario"] = scenario_errors
    allowed = technologies_for(project)
    technology = data.get("technology") if isinstance(data, Mapping) else None
    if not allowed:
        errors["technology"] = [not_covered()]
    elif isinstance(technology, str) and technology not in allowed:
        names = ", ".join(str(Technology(t).label) for t in allowed)
        errors["technology"] = [
            _("For a project of this type, choose: %(choices)s.") % {"choices": names}
        ]
    try:
        inp = parse_inputs(data)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    result, chart = _compute(inp)
    stored = result.to_dict()
    if not (_finite(stored) and _finite(chart)):
        raise _cannot_compute()
    stored = json.loads(json.dumps(stored))  # plain JSON (lists, not tuples), as stored
    try:
        figures = key_figures(stored)
    except _TooLargeError:
        raise _cannot_compute() from None
    return _store(
        actor=actor if viewer is not None else None,
        project=project,
        scenario=scenario,
        inp=inp,
        stored=stored,
        chart=chart,
        figures=figures,
    )


@transaction.atomic
def _store(
    *,
    actor: Any,
    project: Project,
    scenario: str,
    inp: AppraisalInput,
    stored: dict[str, Any],
    chart: dict[str, Any],
    figures: dict[str, Any],
) -> Appraisal:
    appraisal = Appraisal.objects.create(
        project=project,
        scenario=scenario,
        technology=inp.technology,
        currency=inp.currency,
        inputs=inp.to_dict(),
        engine_version=stored["engine_version"],
        result=stored,
        tornado=chart,
        created_by=actor,
        **figures,
    )
    log_action(
        "sanxin.project.appraisal.created",
        actor=actor,
        obj=project,
        new={
            f"appraisal:{appraisal.pk}": {
                "scenario": scenario,
                "engine_version": appraisal.engine_version,
                "npv_project": figures["npv_project"],
                "irr_equity": figures["irr_equity"],
                "tco2_lifetime": figures["tco2_lifetime"],
            }
        },
    )
    return appraisal
