"""Odd and extreme inputs through the API: a 201 or a 422, never a server error; whatever is
stored renders on its page and exports. (The engine loops forever on NaN in one solver and
divides by zero on rates like 1e-300; the domain's limits and checks keep both out.)"""

from __future__ import annotations

import random

import pytest

from sanxin.projects.enums import ProjectType
from tests.appraisals.factories import STORAGE_INPUTS, WIND_INPUTS
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration

#: Values at the edges of what the platform accepts.
EDGES = {
    "capacity_kw": [1e-9, 1e9],
    "capex": [0, 1e16],
    "tariff_per_kwh": [-1e6, 1e6, 0],
    "om_fixed_per_kw_year": [0, 1e7],
    "charge_price_per_kwh": [-1e6, 1e6],
    "years": [1, 60],
    "discount_rate": [-0.5, 10, 0, 1e-300],
    "equity_discount_rate": [-0.5, 10],
    "tariff_escalation": [-0.5, 1],
    "degradation_per_year": [1, 0.999],
    "debt_fraction": [0.999999, 0],
    "interest_rate": [1, 0],
    "loan_years": [1, 60],
    "construction_years": [10],
    "loss_carryforward_years": [0, 60],
    "salvage_fraction": [1],
    "tax_rate": [0.999, 0],
    "storage_round_trip_efficiency": [1e-9, 1],
    "emission_factor_t_per_mwh": [0, 2],
}
#: Values that are wrong in type or size.
WRONG = [1e308, -1e308, 10**20, "x", True, [0.1], {}, [], float("inf"), None]


def test_extreme_inputs_never_break_the_server(world):
    wind = ProjectFactory(owner=world.member_org)
    storage = ProjectFactory(owner=world.member_org, project_type=ProjectType.BATTERY_STORAGE)
    client = client_for(world, "member")
    rnd = random.Random(20261122)  # noqa: S311 - reproducible test data, not secrets
    seen = set()
    for _ in range(60):
        inputs = dict(WIND_INPUTS if rnd.random() < 0.6 else STORAGE_INPUTS)
        project = wind if inputs["technology"] == "wind" else storage
        inputs["tax_losses"] = rnd.choice(["floor", "benefit", "carry_forward"])
        for _ in range(rnd.randint(1, 4)):
            key = rnd.choice(list(EDGES))
            inputs[key] = rnd.choice(EDGES[key]) if rnd.random() < 0.75 else rnd.choice(WRONG)
        response = client.post(
            f"/api/projects/{project.pk}/appraisals",
            {"scenario": "Edge", "inputs": inputs},
            content_type="application/json",
        )
        seen.add(response.status_code)
        assert response.status_code in (201, 422), (inputs, response.content[:300])
        if response.status_code == 201:
            pk = response.json()["id"]
            assert client.get(f"/en/appraisals/{pk}/").status_code == 200
            assert client.get(f"/api/appraisals/{pk}/export").status_code == 200
    assert seen == {201, 422}
