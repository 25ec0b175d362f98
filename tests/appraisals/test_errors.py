"""Every message the engine can give is translated and keyed by its input field."""

from __future__ import annotations

import pytest
from django.utils import translation

from sanxin.appraisals.domain.errors import field_key, is_translated, translate
from sanxin.engines.appraisal import InputError, appraise, parse_input
from tests.appraisals.factories import WIND_INPUTS

pytestmark = pytest.mark.unit

W = WIND_INPUTS
NO_ENERGY = {k: v for k, v in W.items() if k != "capacity_factor"}
NO_DEBT = {**W, "debt_fraction": 0}

#: One input per place where the engine raises InputError (inputs.py and engine.py).
BAD = {
    "not an object": [1, 2],
    "unknown key": {**W, "colour": 1},
    "required": {k: v for k, v in W.items() if k != "capex"},
    "technology choice": {**W, "technology": "coal"},
    "years range": {**W, "years": 0},
    "years whole": {**W, "years": 2.5},
    "years bool": {**W, "years": True},
    "number type": {**W, "capex": "a lot"},
    "finite": {**W, "capex": float("inf")},
    "open low": {**W, "capacity_kw": 0},
    "closed range": {**W, "capacity_factor": 1.5},
    "no energy": NO_ENERGY,
    "two energies": {**W, "full_load_hours": 2000},
    "construction": {**W, "construction_years": 11},
    "schedule length": {**W, "capex_schedule": [0.5, 0.5]},
    "schedule list": {**W, "capex_schedule": 1},
    "schedule share": {**W, "construction_years": 2, "capex_schedule": [1.5, -0.5]},
    "schedule sum": {**W, "construction_years": 2, "capex_schedule": [0.5, 0.4]},
    "debt fraction": {**W, "debt_fraction": 1},
    "loan years": {**W, "loan_years": 26},
    "grace years": {**W, "grace_years": 15},
    "negative loan": {**NO_DEBT, "loan_years": -1},
    "depreciation": {**W, "depreciation_years": 61},
    "escalation": {**W, "tariff_escalation": -0.9},
    "discount": {**W, "discount_rate": -1},
    "tax list length": {**W, "tax_rate": [0.25]},
    "tax list item": {**W, "tax_rate": [0.25] * 24 + [1.0]},
    "tax rate": {**W, "tax_rate": -0.1},
    "holiday text": {**W, "tax_holiday": "2+2"},
    "holiday key": {**W, "tax_holiday": {"free": 1}},
    "holiday negative": {**W, "tax_holiday": {"free_years": -1}},
    "loan type": {**W, "loan_type": "bullet"},
    "rte": {**W, "technology": "storage", "storage_round_trip_efficiency": 0},
    "factor": {**W, "emission_factor_t_per_mwh": 3},
    "region type": {**W, "region": 5},
    "currency": {**W, "currency": "yuan"},
    "unknown region": {**W, "region": "Atlantis"},
    "factor year": {**W, "emission_factor_year": 1990},
}


def _error(data) -> InputError:
    with pytest.raises(InputError) as info:
        appraise(parse_input(data))
    return info.value


@pytest.mark.parametrize("case", sorted(BAD))
def test_every_engine_message_is_translated(case):
    error = _error(BAD[case])
    assert is_translated(error), error


@pytest.mark.parametrize("language", ["zh-hans", "vi"])
def test_translations_differ_from_english(language):
    error = _error(BAD["years range"])
    english = translate(error)[1]
    with translation.override(language):
        assert translate(error)[1] != english


def test_fields_are_the_input_names():
    assert field_key("tax_rate[3]") == "tax_rate"
    assert field_key("tax_holiday.free_years") == "tax_holiday"
    assert field_key("input") == "__all__"
    assert translate(_error(BAD["tax list item"]))[0] == "tax_rate"


def test_an_unknown_message_still_names_its_field():
    field, message = translate(InputError("capex", "is too exotic"))
    assert (field, message) == ("capex", "Invalid value (is too exotic).")
