"""The project lifecycle: one function changes a stage.

idea → proposed → agreement signed → financing closed → construction started →
commissioning → in operation; every active stage (idea … commissioning) may be put on hold
and returns from the hold to the stage it left; every active stage and a held project may be
cancelled. A project in operation may be retired. Retired and cancelled are final.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.projects.domain.access import can_edit_project
from sanxin.projects.domain.notifications import notify_watchers
from sanxin.projects.enums import PIPELINE, Stage
from sanxin.projects.models import Project, ProjectStageChange

S = Stage

#: The stages that may be put on hold or cancelled.
ACTIVE_STAGES: tuple[str, ...] = PIPELINE[:-1]

#: stage → the stages it may move to (on hold also returns to ``project.resume_stage``).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{stage: (PIPELINE[i + 1], S.ON_HOLD, S.CANCELLED) for i, stage in enumerate(ACTIVE_STAGES)},
    S.OPERATION: (S.RETIRED,),
    S.ON_HOLD: (S.CANCELLED,),
    S.CANCELLED: (),
    S.RETIRED: (),
}


def allowed_stages(project: Project) -> tuple[str, ...]:
    """The stages ``project`` may move to now, in pipeline order."""
    targets = TRANSITIONS.get(project.stage, ())
    if project.stage == S.ON_HOLD and project.resume_stage:
        targets = (project.resume_stage, *targets)
    return targets


def _furthest(current: str, new: str) -> str:
    if new not in PIPELINE:
        return current
    if current not in PIPELINE or PIPELINE.index(new) > PIPELINE.index(current):
        return new
    return current


def check_transition(project: Project, stage: str) -> None:
    if stage not in S.values:
        raise ValidationError({"stage": _("Choose one of the project stages.")})
    if stage == project.stage:
        raise ValidationError(
            {"stage": _("The project is already “%(stage)s”.") % {"stage": S(stage).label}}
        )
    allowed = allowed_stages(project)
    if stage not in allowed:
        if allowed:
            reason = _(
                "A project that is “%(current)s” cannot move to “%(target)s”; "
                "it can move to: %(allowed)s."
            ) % {
                "current": S(project.stage).label,
                "target": S(stage).label,
                "allowed": ", ".join(f"“{S(a).label}”" for a in allowed),
            }
        else:
            reason = _("A project that is “%(current)s” cannot change its stage any more.") % {
                "current": S(project.stage).label
            }
        raise ValidationError({"stage": reason})


def check_date(project: Project, on: dt.date) -> None:
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"on": _("A stage change cannot be dated in the future.")})
    if project.stage_since is not None and on < project.stage_since:
        raise ValidationError(
            {
                "on": _(
                    "The project has been “%(stage)s” since %(since)s; "
                    "the change cannot be dated earlier."
                )
                % {"stage": S(project.stage).label, "since": project.stage_since.isoformat()}
            }
        )


@transaction.atomic
def set_project_stage(
    *,
    actor: Any,
    project: Project,
    stage: str,
    on: dt.date | None = None,
    note: str = "",
) -> Project:
    """Move ``project`` to ``stage`` on ``on`` (default today): validate, record, log, notify."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, project))
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    on = on or timezone.localdate()
    check_transition(project, stage)
    check_date(project, on)
    if len(note) > ProjectStageChange._meta.get_field("note").max_length:
        raise ValidationError({"note": _("Keep the note under 500 characters.")})
    old = {"stage": project.stage, "stage_since": project.stage_since}
    previous = project.stage
    project.resume_stage = previous if stage == S.ON_HOLD else ""
    project.stage = stage
    project.stage_since = on
    project.furthest_stage = _furthest(project.furthest_stage, stage)
    project.save(
        update_fields=["stage", "stage_since", "resume_stage", "furthest_stage", "updated"]
    )
    ProjectStageChange.objects.create(
        project=project,
        from_stage=previous,
        to_stage=stage,
        on=on,
        note=note,
        actor=actor if viewer is not None else None,
    )
    log_action(
        "sanxin.project.stage.changed",
        actor=actor,
        obj=project,
        old=old,
        new={"stage": stage, "stage_since": on, "note": note},
    )
    who = str(actor) if viewer is not None else "Sanxin"

    def message() -> tuple[str, str]:
        subject = _("%(project)s is now “%(stage)s”") % {
            "project": project.title,
            "stage": S(stage).label,
        }
        body = _("On %(date)s %(who)s moved %(project)s from “%(old)s” to “%(new)s”.") % {
            "date": on.isoformat(),
            "who": who,
            "project": project.title,
            "old": S(previous).label,
            "new": S(stage).label,
        }
        if note:
            body += "\n\n" + _("Note: %(note)s") % {"note": note}
        return subject, body

    notify_watchers(
        project=project, action="sanxin.project.stage.changed", message=message, exclude=actor
    )
    return project
