"""The CLI entry function: JSON in, JSON out, exit 2 with the field on bad input."""

import io
import json
import sys

import pytest

from sanxin.engines.appraisal.cli import main

pytestmark = pytest.mark.unit

CASE = {
    "technology": "pv",
    "capacity_kw": 1000,
    "energy_year1_kwh": 1_200_000,
    "capex": 3_000_000,
    "om_fixed_per_kw_year": 40,
    "tariff_per_kwh": 0.38,
    "years": 25,
    "discount_rate": 0.06,
    "debt_fraction": 0.7,
    "interest_rate": 0.045,
    "loan_years": 15,
    "loan_type": "equal_principal",
    "tax_rate": 0.25,
    "tax_holiday": "3+3",
    "depreciation_years": 20,
    "region": "CN-GD",
}


def test_file_in_json_out(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    assert main([str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "lcoe_simple",
        "lcoe_dcf",
        "npv_project",
        "irr_project",
        "npv_equity",
        "irr_equity",
        "payback_simple_years",
        "payback_discounted_years",
        "min_dscr_pretax",
        "min_dscr_aftertax",
        "avg_dscr_pretax",
        "tco2_avoided_year1",
        "tco2_avoided_lifetime",
        "cash_flows",
    ):
        assert key in out
    assert len(out["cash_flows"]["equity"]) == 26
    # 1,200 MWh x 0.4419 t/MWh (Guangdong 2023 provincial average)
    assert out["tco2_avoided_year1"] == pytest.approx(1200 * 0.4419)
    assert out["emission_factor"]["scope"] == "provincial_average"
    assert out["inputs"]["capex"] == 3_000_000
    assert out["engine_version"] == "1.1.0"


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(CASE)))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out)["irr_project_status"] == "unique"


def test_bad_field_exits_2_and_names_it(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({**CASE, "loan_type": "bullet"})))
    assert main(["-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("invalid input: loan_type: must be one of annuity")


def test_unknown_region_names_region(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({**CASE, "region": "Atlantis"})))
    assert main(["-"]) == 2
    assert "region:" in capsys.readouterr().err


def test_not_json_and_missing_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("{not json"))
    assert main(["-"]) == 2
    assert capsys.readouterr().err.startswith("input: not valid JSON")
    assert main([str(tmp_path / "missing.json")]) == 2
    assert capsys.readouterr().err.startswith("FILE: cannot read")


def test_usage(capsys):
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: sanxin appraise FILE")
