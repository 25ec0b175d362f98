"""Demo appraisals: each demo project that the engine covers gets a base case from its defaults.

The inputs are exactly what the appraisal form would prefill for the project (its type,
capacity, investment and region, the assumptions library for the rest), so the demo's figures
— and the dashboards' tCO2 avoided — come from the same engine and library as a user's would.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.domain.defaults import prefill_for
from sanxin.projects.demo.projects import PROJECTS
from sanxin.projects.models import Project

#: Technologies of demo projects appraised as other than the first their type allows.
_APPRAISE_AS = {p["title_en"]: p["appraise_as"] for p in PROJECTS if "appraise_as" in p}


@dataclass(frozen=True)
class DemoAppraisals:
    appraised: int
    not_covered: int

    def __str__(self) -> str:
        return (
            f"Demo appraisals: {self.appraised} projects appraised (base case), "
            f"{self.not_covered} of a type the engine does not cover."
        )


def load_demo_appraisals() -> DemoAppraisals:
    """Appraise every demo project that has no appraisal yet (a base case from its defaults)."""
    appraised = not_covered = 0
    projects = Project.objects.filter(is_demo=True, appraisals__isnull=True).select_related(
        "province"
    )
    for project in projects.order_by("pk"):
        prefill = prefill_for(project, _APPRAISE_AS.get(project.title_en))
        if not prefill.appraisable:
            not_covered += 1
            continue
        run_appraisal(actor=None, project=project, data=prefill.inputs(), scenario="Base case")
        appraised += 1
    return DemoAppraisals(appraised=appraised, not_covered=not_covered)
