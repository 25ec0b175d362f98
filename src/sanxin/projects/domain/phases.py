"""Phases of a project: each with its own capacity, investment, stage and dates."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, assign, finish_clean, require, snapshot
from sanxin.projects.domain.access import can_edit_project
from sanxin.projects.models import Phase, Project

PHASE_FIELDS: tuple[str, ...] = (
    "number",
    "name_en",
    "name_zh",
    "name_vi",
    "capacity",
    "capacity_unit",
    "investment",
    "currency",
    "stage",
    "start_planned",
    "start_actual",
    "operation_planned",
    "operation_actual",
    "external_ids",
)


def clean_phase(phase: Phase) -> None:
    errors: dict[str, list[str]] = {}
    if phase.capacity is not None and not phase.capacity_unit:
        errors.setdefault("capacity_unit", []).append(
            _("Give the unit of the capacity (MW, MWh, GWh/yr or t/yr).")
        )
    if (
        phase.start_actual
        and phase.operation_actual
        and phase.operation_actual < phase.start_actual
    ):
        errors.setdefault("operation_actual", []).append(
            _("Operation cannot start before construction started.")
        )
    clash = Phase.objects.filter(project_id=phase.project_id, number=phase.number)
    if phase.pk is not None:
        clash = clash.exclude(pk=phase.pk)
    if clash.exists():
        errors.setdefault("number", []).append(
            _("This project already has a phase %(n)s.") % {"n": phase.number}
        )
    finish_clean(phase, errors, exclude=["project"], validate_unique=False)


@transaction.atomic
def add_phase(*, actor: Any, project: Project, data: dict[str, Any]) -> Phase:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, project))
    phase = Phase(project=project)
    assign(phase, data, PHASE_FIELDS)
    if phase.number is None:
        last = project.phases.aggregate(n=Max("number"))["n"] or 0
        phase.number = last + 1
    clean_phase(phase)
    phase.save()
    log_action(
        "sanxin.project.phase.added",
        actor=actor,
        obj=project,
        new={f"phase:{phase.number}": snapshot(phase, PHASE_FIELDS)},
    )
    return phase


@transaction.atomic
def update_phase(*, actor: Any, phase: Phase, data: dict[str, Any]) -> Phase:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, phase.project))
    phase = Phase.objects.select_for_update(of=("self",)).get(pk=phase.pk)
    old = snapshot(phase, PHASE_FIELDS)
    assign(phase, data, PHASE_FIELDS)
    clean_phase(phase)
    phase.save()
    new = snapshot(phase, PHASE_FIELDS)
    if old != new:
        log_action(
            "sanxin.project.phase.changed",
            actor=actor,
            obj=phase.project,
            old={f"phase:{old['number']}": old},
            new={f"phase:{phase.number}": new},
        )
    return phase


@transaction.atomic
def delete_phase(*, actor: Any, phase: Phase) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, phase.project))
    log_action(
        "sanxin.project.phase.deleted",
        actor=actor,
        obj=phase.project,
        old={f"phase:{phase.number}": snapshot(phase, PHASE_FIELDS)},
    )
    phase.delete()
