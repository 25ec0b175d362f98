"""Lists for the reports: every project of a scope, in pipeline order (one query)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When

from sanxin.common.i18n import current_suffix
from sanxin.directory.domain.access import Viewer
from sanxin.insights.domain.figures import region_label
from sanxin.insights.domain.scope import Scope, scope_projects
from sanxin.projects.enums import ProjectType, Stage

_STAGE_LABELS = dict(Stage.choices)
_TYPE_LABELS = dict(ProjectType.choices)


@dataclass(frozen=True)
class ProjectLine:
    pk: int
    title: str
    project_type: str
    stage: str
    region: str
    capacity: Decimal | None
    capacity_unit: str
    investment: Decimal | None
    currency: str
    owner: str


def projects_by_stage(viewer: Viewer, scope: Scope) -> list[ProjectLine]:
    """Every project of the scope, in pipeline order, the largest investment first (one query)."""
    order = Case(
        *[When(stage=stage, then=Value(i)) for i, stage in enumerate(Stage.values)],
        output_field=IntegerField(),
    )
    suffix = current_suffix()
    rows = (
        scope_projects(viewer, scope)
        .annotate(stage_order=order)
        .order_by("stage_order", "-investment", "pk")
        .values(
            "pk",
            "title_en",
            "title_zh",
            "title_vi",
            "project_type",
            "stage",
            "country",
            "province__code",
            "province__name_en",
            "province__name_zh",
            "province__name_vi",
            "capacity",
            "capacity_unit",
            "investment",
            "currency",
            "owner__name_en",
            "owner__name_zh",
            "owner__name_vi",
        )
    )
    fallback = ("en", "zh", "vi")

    def pick(row: dict, base: str) -> str:
        for sfx in (suffix, *fallback):
            if row.get(f"{base}_{sfx}"):
                return row[f"{base}_{sfx}"]
        return ""

    return [
        ProjectLine(
            pk=r["pk"],
            title=pick(r, "title"),
            project_type=str(_TYPE_LABELS.get(r["project_type"], r["project_type"])),
            stage=r["stage"],
            region=region_label(r),
            capacity=r["capacity"],
            capacity_unit=r["capacity_unit"],
            investment=r["investment"],
            currency=r["currency"],
            owner=pick(r, "owner__name"),
        )
        for r in rows
    ]


def stage_label(stage: str) -> str:
    return str(_STAGE_LABELS.get(stage, stage))
