"""Input validation names the offending field."""

import pytest

from sanxin.engines.appraisal.inputs import InputError, TaxHoliday, parse_input

pytestmark = pytest.mark.unit

BASE = {
    "technology": "wind",
    "capacity_kw": 50000,
    "capacity_factor": 0.3,
    "capex": 3.0e8,
    "tariff_per_kwh": 0.35,
    "years": 20,
    "discount_rate": 0.06,
}


def field_of(**changes) -> str:
    data = {**BASE, **changes}
    data = {k: v for k, v in data.items() if v is not ...}
    with pytest.raises(InputError) as caught:
        parse_input(data)
    return caught.value.field


def test_valid_input_with_defaults():
    inp = parse_input(BASE)
    assert inp.year1_energy_kwh() == pytest.approx(50000 * 8760 * 0.3)
    assert inp.tax_rates() == (0.25,) * 20
    assert inp.depreciation_period == 20
    assert inp.equity_rate == 0.06


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"capacity_kw": -1}, "capacity_kw"),
        ({"capacity_kw": "big"}, "capacity_kw"),
        ({"capacity_kw": True}, "capacity_kw"),
        ({"capacity_factor": 1.5}, "capacity_factor"),
        ({"years": 0}, "years"),
        ({"years": 2.5}, "years"),
        ({"technology": "coal"}, "technology"),
        ({"loan_type": "balloon"}, "loan_type"),
        ({"depreciation_convention": "mid_month"}, "depreciation_convention"),
        ({"tax_losses": "ignore"}, "tax_losses"),
        ({"tax_rate": [0.25] * 19}, "tax_rate"),
        ({"tax_rate": [0.25] * 19 + [1.5]}, "tax_rate[19]"),
        ({"tax_rate": [0.25] * 19 + ["x"]}, "tax_rate[19]"),
        ({"debt_fraction": 0.7}, "loan_years"),
        ({"debt_fraction": 0.7, "loan_years": 25}, "loan_years"),
        ({"debt_fraction": 0.7, "loan_years": 10, "grace_years": 10}, "grace_years"),
        ({"energy_year1_kwh": 1e8}, "capacity_factor"),
        ({"capacity_factor": ...}, "energy_year1_kwh"),
        ({"capex": ...}, "capex"),
        ({"capex_typo": 1}, "capex_typo"),
        ({"construction_years": 2, "capex_schedule": [0.5, 0.6]}, "capex_schedule"),
        ({"construction_years": 2, "capex_schedule": [1.0]}, "capex_schedule"),
        ({"tax_holiday": {"free_years": -1}}, "tax_holiday.free_years"),
        ({"tax_holiday": {"free": 3}}, "tax_holiday.free"),
        ({"region": 5}, "region"),
        ({"discount_rate": float("nan")}, "discount_rate"),
    ],
)
def test_bad_input_names_the_field(changes, field):
    assert field_of(**changes) == field


def test_message_contains_field_and_reason():
    with pytest.raises(InputError, match=r"^capacity_factor: must be in \[0.0, 1.0\]; got 1.5$"):
        parse_input({**BASE, "capacity_factor": 1.5})


def test_non_object_input():
    with pytest.raises(InputError) as caught:
        parse_input([1, 2])  # type: ignore[arg-type]
    assert caught.value.field == "input"


def test_tax_holiday_shorthand_and_to_dict_round_trip():
    inp = parse_input({**BASE, "tax_holiday": "3+3", "tax_rate": 0.25})
    assert inp.tax_holiday == TaxHoliday(3, 3, 1)
    assert parse_input(inp.to_dict()) == inp


def test_availability_and_curtailment_apply_to_capacity_factor():
    inp = parse_input({**BASE, "availability": 0.97, "curtailment": 0.05})
    assert inp.year1_energy_kwh() == pytest.approx(50000 * 8760 * 0.3 * 0.97 * 0.95)


def test_full_load_hours():
    inp = parse_input({**BASE, "capacity_factor": None, "full_load_hours": 2000})
    assert inp.year1_energy_kwh() == 50000 * 2000


def test_storage_gets_default_round_trip_efficiency():
    assert parse_input({**BASE, "technology": "storage"}).storage_round_trip_efficiency == 0.85
