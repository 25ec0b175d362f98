"""Milestones: planned date, actual date, status and evidence; overdue ones are flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, assign, finish_clean, require, snapshot
from sanxin.projects.domain.access import can_contribute
from sanxin.projects.domain.notifications import notify_watchers
from sanxin.projects.enums import MilestoneStatus
from sanxin.projects.models import Milestone, Project

MILESTONE_FIELDS: tuple[str, ...] = (
    "phase",
    "title_en",
    "title_zh",
    "title_vi",
    "planned",
    "actual",
    "status",
    "evidence",
)


def clean_milestone(milestone: Milestone) -> None:
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not (milestone.title_en or milestone.title_zh or milestone.title_vi):
        add("title_en", _("Give the milestone a title in at least one language."))
    if milestone.status == MilestoneStatus.DONE and milestone.actual is None:
        add("actual", _("Give the date on which the milestone was reached."))
    if milestone.actual is not None and milestone.actual > timezone.localdate():
        add("actual", _("The actual date cannot be in the future."))
    if milestone.phase_id is not None and milestone.phase.project_id != milestone.project_id:
        add("phase", _("Choose a phase of this project."))
    finish_clean(milestone, errors, exclude=["project"], validate_constraints=False)


@transaction.atomic
def add_milestone(*, actor: Any, project: Project, data: dict[str, Any]) -> Milestone:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, project))
    milestone = Milestone(project=project, created_by=actor if viewer is not None else None)
    assign(milestone, data, MILESTONE_FIELDS)
    clean_milestone(milestone)
    milestone.save()
    log_action(
        "sanxin.project.milestone.added",
        actor=actor,
        obj=project,
        new={f"milestone:{milestone.pk}": snapshot(milestone, MILESTONE_FIELDS)},
    )
    return milestone


@transaction.atomic
def update_milestone(*, actor: Any, milestone: Milestone, data: dict[str, Any]) -> Milestone:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, milestone.project))
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=milestone.pk)
    )
    old = snapshot(milestone, MILESTONE_FIELDS)
    assign(milestone, data, MILESTONE_FIELDS)
    clean_milestone(milestone)
    milestone.save()
    new = snapshot(milestone, MILESTONE_FIELDS)
    if old != new:
        log_action(
            "sanxin.project.milestone.changed",
            actor=actor,
            obj=milestone.project,
            old={f"milestone:{milestone.pk}": old},
            new={f"milestone:{milestone.pk}": new},
        )
    return milestone


@transaction.atomic
def complete_milestone(
    *, actor: Any, milestone: Milestone, on: dt.date | None = None, evidence: str = ""
) -> Milestone:
    """Mark a milestone reached on ``on`` (default today), with its evidence; tell watchers."""
    if milestone.status not in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS):
        raise ValidationError(
            {"status": _("Only a planned or running milestone can be completed.")}
        )
    data: dict[str, Any] = {"status": MilestoneStatus.DONE, "actual": on or timezone.localdate()}
    if evidence:
        data["evidence"] = evidence
    milestone = update_milestone(actor=actor, milestone=milestone, data=data)
    log_action(
        "sanxin.project.milestone.completed",
        actor=actor,
        obj=milestone.project,
        new={"milestone": milestone.title, "actual": milestone.actual},
    )

    def message() -> tuple[str, str]:
        subject = _("Milestone reached: %(milestone)s") % {"milestone": milestone.title}
        body = _("%(project)s reached the milestone “%(milestone)s” on %(date)s.") % {
            "project": milestone.project.title,
            "milestone": milestone.title,
            "date": milestone.actual.isoformat(),
        }
        return subject, body

    notify_watchers(
        project=milestone.project,
        action="sanxin.project.milestone.completed",
        message=message,
        exclude=actor,
    )
    return milestone


@transaction.atomic
def delete_milestone(*, actor: Any, milestone: Milestone) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, milestone.project))
    log_action(
        "sanxin.project.milestone.deleted",
        actor=actor,
        obj=milestone.project,
        old={f"milestone:{milestone.pk}": snapshot(milestone, MILESTONE_FIELDS)},
    )
    milestone.delete()
