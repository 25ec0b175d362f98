"""A factory for appraisals: they are made the only way the platform makes them, by running
the engine through ``run_appraisal`` (the system as actor unless one is given)."""

from __future__ import annotations

import factory

from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.models import Appraisal
from tests.projects.factories import ProjectFactory

#: The example of docs/appraisal.md: 100 MW wind in Guangdong, 70 % debt, 三免三减半.
WIND_INPUTS = {
    "technology": "wind",
    "capacity_kw": 100000,
    "capacity_factor": 0.3,
    "capex": 6.0e8,
    "om_fixed_per_kw_year": 120,
    "tariff_per_kwh": 0.35,
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
STORAGE_INPUTS = {
    "technology": "storage",
    "capacity_kw": 50000,
    "energy_year1_kwh": 50000 * 2 * 330,
    "capex": 2.4e8,
    "om_fixed_per_kw_year": 40,
    "tariff_per_kwh": 0.6,
    "charge_price_per_kwh": 0.25,
    "years": 15,
    "discount_rate": 0.06,
    "region": "CN-SC",
}


class AppraisalFactory(factory.django.DjangoModelFactory):
    """``AppraisalFactory(project=..., scenario=..., inputs={...overrides}, actor=...)``."""

    class Meta:
        model = Appraisal

    project = factory.SubFactory(ProjectFactory)
    scenario = factory.Sequence(lambda n: f"Scenario {n}")
    inputs = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *args, project, scenario, inputs, actor=None, **kwargs):
        assert not kwargs, f"set these through inputs: {sorted(kwargs)}"
        base = WIND_INPUTS if inputs.get("technology", "wind") == "wind" else {}
        return run_appraisal(
            actor=actor, project=project, data={**base, **inputs}, scenario=scenario
        )
