"""Emission factor table and tCO2 avoided."""

import pytest

from sanxin.engines.appraisal import appraise, parse_input
from sanxin.engines.appraisal.carbon import (
    UnknownRegionError,
    avoided_tco2,
    normalise_region,
    select_factor,
    storage_net_grid_energy_kwh,
)
from sanxin.engines.appraisal.emission_factors import (
    CN_GRID_REGION,
    FACTORS,
    PROVINCIAL,
    REGIONAL,
    TABLE_VERSION,
)

pytestmark = pytest.mark.unit


def test_every_factor_has_a_source_and_plausible_value():
    assert TABLE_VERSION
    for factor in FACTORS:
        assert factor.source
        assert 0.05 < factor.t_per_mwh < 1.0


def test_vietnam_dcc_series_2014_to_2023():
    years = sorted(f.year for f in FACTORS if f.region == "VN")
    assert years == list(range(2014, 2024))
    assert select_factor("VN").factor.t_per_mwh == 0.6592
    assert select_factor("Viet Nam", year=2018).factor.t_per_mwh == 0.9130


def test_china_national_factors_by_year():
    assert select_factor("CN", year=2021).factor.t_per_mwh == 0.5568
    assert select_factor("CN", year=2022).factor.t_per_mwh == 0.5366
    assert select_factor("CN").factor.t_per_mwh == 0.5306


def test_default_is_latest_provincial_average():
    choice = select_factor("CN-GD")
    assert (choice.factor.year, choice.factor.scope, choice.factor.t_per_mwh) == (
        2023,
        "provincial_average",
        0.4419,
    )
    assert select_factor("四川").factor.t_per_mwh == 0.1564
    assert select_factor("Sichuan", year=2022).factor.t_per_mwh == 0.1404


def test_province_without_factor_falls_back_to_its_grid_region():
    choice = select_factor("CN-XZ")  # Tibet: in no provincial table; Southwest grid
    assert choice.factor.region == "CN-GRID-SOUTHWEST"
    assert choice.factor.t_per_mwh == 0.2472
    assert "grid-region" in choice.reason
    assert select_factor("西藏", year=2022).factor.t_per_mwh == 0.2268
    assert select_factor("Tibet", year=2021).factor.t_per_mwh == 0.2113


def test_provincial_tables_cover_every_province_but_tibet_2021_to_2023():
    assert TABLE_VERSION == "2026.2"
    provinces = set(CN_GRID_REGION) - {"CN-XZ"}
    for year in (2021, 2022, 2023):
        found = {f.region for f in FACTORS if f.year == year and f.scope == PROVINCIAL}
        assert found == provinces, year
        regions = {f.region for f in FACTORS if f.year == year and f.scope == REGIONAL}
        assert regions == set(CN_GRID_REGION.values()), year
    assert not any(f.region == "CN-XZ" for f in FACTORS)


def test_rows_are_unique_and_new_rows_say_so():
    keys = [(f.region, f.year, f.scope) for f in FACTORS]
    assert len(keys) == len(set(keys))
    added = [f for f in FACTORS if f.added_in == "2026.2"]
    assert len(added) == 30 + 7 + 20 + 23
    for factor in added:
        assert "生态环境部、国家统计局" in factor.source
        assert (factor.year == 2021) == ("one secondary transcription" in factor.note)


def test_2023_provinces_move_as_the_announcement_says():
    # MEE (光明日报, 2026-01): 20 provinces lower than in 2022, 10 (Guangdong among them) higher.
    by_year = {
        year: {f.region: f.t_per_mwh for f in FACTORS if f.year == year and f.scope == PROVINCIAL}
        for year in (2022, 2023)
    }
    higher = {r for r, v in by_year[2023].items() if v > by_year[2022][r]}
    lower = {r for r, v in by_year[2023].items() if v < by_year[2022][r]}
    assert (len(higher), len(lower)) == (10, 20)
    assert "CN-GD" in higher
    assert "CN-BJ" in lower


def test_provincial_lookup_by_year():
    assert select_factor("CN-SD").factor.t_per_mwh == 0.6191  # latest: 2023
    assert select_factor("山东", year=2022).factor.t_per_mwh == 0.6410
    assert select_factor("Shandong", year=2021).factor.t_per_mwh == 0.6838
    assert select_factor("CN-HE", year=2030).factor.year == 2023
    assert select_factor("CN-GRID-SOUTH", year=2021).factor.t_per_mwh == 0.4326
    with pytest.raises(UnknownRegionError):
        select_factor("CN-SD", year=2020)  # nothing published for 2020 or before


def test_ets_factor_only_when_asked_and_labelled():
    for region in ("CN", "CN-GD", "CN-SD", "CN-GRID-EAST"):
        assert select_factor(region).factor.t_per_mwh != 0.5703
    choice = select_factor("CN", scope="ets_reporting")
    assert choice.factor.t_per_mwh == 0.5703
    assert "emissions-trading" in choice.reason


def test_unknown_region():
    with pytest.raises(UnknownRegionError):
        normalise_region("Atlantis")


def test_avoided_tco2_per_year_and_sensitivities():
    result = avoided_tco2([1_000_000.0, 990_000.0], region="CN-YN", year=2022)
    assert result.factor_t_per_mwh == 0.1073
    assert list(result.tco2_per_year) == pytest.approx([107.3, 990 * 0.1073])
    assert result.tco2_lifetime == pytest.approx(1990 * 0.1073)
    assert result.sensitivities["tco2_lifetime_national_average"] == pytest.approx(1990 * 0.5366)
    assert result.sensitivities["tco2_lifetime_national_fossil"] == pytest.approx(1990 * 0.8325)


def test_explicit_factor_overrides_table():
    result = avoided_tco2([2_000_000.0], factor_t_per_mwh=0.8)
    assert result.tco2_year1 == pytest.approx(1600.0)
    assert result.factor is None


def test_storage_losses_add_emissions():
    # 1,000 MWh discharged at 80 % round trip: 1,250 charged, 250 MWh lost.
    assert storage_net_grid_energy_kwh([1_000_000.0], 0.8)[0] == pytest.approx(-250_000.0)
    result = appraise(
        parse_input(
            {
                "technology": "storage",
                "capacity_kw": 1000,
                "energy_year1_kwh": 1_000_000,
                "storage_round_trip_efficiency": 0.8,
                "capex": 2e6,
                "tariff_per_kwh": 0.7,
                "charge_price_per_kwh": 0.3,
                "years": 10,
                "discount_rate": 0.06,
                "region": "CN",
            }
        )
    )
    assert result.tco2_avoided_year1 == pytest.approx(-250 * 0.5306)
    assert any("storage" in note for note in result.notes)
    # charging energy costs 0.3 / 0.8 per kWh delivered: EBITDA = 1e6 x (0.7 - 0.375)
    assert result.cash_flows.ebitda[1] == pytest.approx(325_000.0)
