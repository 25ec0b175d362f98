"""Create, change and delete projects; every change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.concurrency import check_version
from sanxin.common.i18n import search_blob
from sanxin.directory.domain.common import (
    acting_viewer,
    assign,
    finish_clean,
    queue_embedding,
    require,
    snapshot,
)
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership
from sanxin.projects.domain.access import can_create_project_for, can_edit_project
from sanxin.projects.domain.documents import delete_files_on_commit
from sanxin.projects.domain.notifications import watch_project
from sanxin.projects.enums import PIPELINE, ConsortiumStatus, Stage
from sanxin.projects.models import Project, ProjectStageChange

EDITABLE_FIELDS: tuple[str, ...] = (
    "title_en",
    "title_zh",
    "title_vi",
    "description_en",
    "description_zh",
    "description_vi",
    "project_type",
    "country",
    "province",
    "city",
    "latitude",
    "longitude",
    "capacity",
    "capacity_unit",
    "investment",
    "currency",
    "owner",
    "alliance",
    "confidentiality",
    "origin",
    "external_ids",
)
CREATE_ONLY_FIELDS: tuple[str, ...] = ("source", "is_demo")


def _alliance_allowed(viewer, project: Project) -> bool:
    if viewer is None or viewer.is_admin or project.alliance_id in viewer.secretariat_alliance_ids:
        return True
    return (
        project.owner_id is not None
        and Membership.objects.filter(
            alliance_id=project.alliance_id,
            organization_id=project.owner_id,
            status=MembershipStatus.ACTIVE,
        ).exists()
    )


def clean_project(project: Project, viewer=None) -> None:
    """Validate a project; raises ValidationError keyed by field, in the user's language."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if not (project.title_en or project.title_zh or project.title_vi):
        add("title_en", _("Give the project a title in at least one language."))
    if project.province_id is not None and project.province.country != project.country:
        add(
            "province",
            _("This province is not in the chosen country. Choose a province of %(country)s.")
            % {"country": project.country},
        )
    if project.capacity is not None and not project.capacity_unit:
        add("capacity_unit", _("Give the unit of the capacity (MW, MWh, GWh/yr or t/yr)."))
    if (project.latitude is None) != (project.longitude is None):
        add("latitude", _("Give both latitude and longitude, or neither."))
    if project.alliance_id is not None and not _alliance_allowed(viewer, project):
        add(
            "alliance",
            _("A project can only be attached to an alliance its owner is an active member of."),
        )
    if not isinstance(project.external_ids, dict):
        add("external_ids", _("External identifiers must be a mapping of source to identifier."))
    finish_clean(project, errors, exclude=["search_text"], validate_constraints=False)


def refresh_search_text(project: Project) -> None:
    project.search_text = search_blob(
        project.title_en,
        project.title_zh,
        project.title_vi,
        project.description_en,
        project.description_zh,
        project.description_vi,
        project.city,
        project.origin,
    )


@transaction.atomic
def create_project(
    *,
    actor: Any,
    data: dict[str, Any],
    stage: str = Stage.IDEA,
    on: dt.date | None = None,
) -> Project:
    """Record a project, possibly already further along (``stage`` since ``on``)."""
    viewer = acting_viewer(actor)
    project = Project()
    assign(project, data, EDITABLE_FIELDS + CREATE_ONLY_FIELDS)
    if viewer is not None:
        require(can_create_project_for(viewer, project.owner))
    if stage not in PIPELINE:
        raise ValidationError(
            {"stage": _("A new project starts in one of the stages from idea to operation.")}
        )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("A stage change cannot be dated in the future.")})
    project.stage = project.furthest_stage = stage
    project.stage_since = on
    project.created_by = actor if viewer is not None else None
    clean_project(project, viewer)
    refresh_search_text(project)
    project.save()
    ProjectStageChange.objects.create(
        project=project, from_stage="", to_stage=stage, on=on, actor=project.created_by
    )
    log_action(
        "sanxin.project.created",
        actor=actor,
        obj=project,
        new={**snapshot(project, EDITABLE_FIELDS), "stage": stage, "stage_since": on},
    )
    if viewer is not None:
        watch_project(actor=actor, project=project)
    queue_embedding(project)
    return project


@transaction.atomic
def update_project(
    *,
    actor: Any,
    project: Project,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> Project:
    """Change the project's details; with ``expected_version`` (what the editor loaded) a change
    saved meanwhile by someone else raises ``EditConflictError`` instead of being overwritten.

    The stage is not changed here (``set_project_stage``): its fields never overlap these, so a
    board move and an edit both survive whatever their order (see docs/projects.md)."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, project))
    # Read again under a row lock (``FOR UPDATE OF`` the project only), so that two saves of the
    # same version are serialised: the second sees the first's version and is refused.
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    check_version(project, expected_version)
    old = snapshot(project, EDITABLE_FIELDS)
    assign(project, data, EDITABLE_FIELDS)
    if viewer is not None and project.owner_id != old["owner"]:
        require(can_create_project_for(viewer, project.owner))
    clean_project(project, viewer)
    refresh_search_text(project)
    new = snapshot(project, EDITABLE_FIELDS)
    if old != new:
        project.version += 1
        log_action(
            "sanxin.project.changed",
            actor=actor,
            obj=project,
            old={**old, "version": project.version - 1},
            new={**new, "version": project.version},
        )
    project.save()
    queue_embedding(project)
    return project


@transaction.atomic
def delete_project(*, actor: Any, project: Project) -> None:
    """Delete a project that never went past a proposal, with everything in it (the audit log
    keeps the record). One that got further — an agreement, confirmed partners, funding — is
    refused with the reasons: its history is the alliance's record; cancel it instead."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, project))
    blockers = []
    if project.furthest_stage not in (Stage.IDEA, Stage.PROPOSED):
        blockers.append(
            _("it got as far as “%(stage)s”") % {"stage": Stage(project.furthest_stage).label}
        )
    if project.consortium.filter(status=ConsortiumStatus.CONFIRMED).exists():
        blockers.append(_("partners confirmed their part in it"))
    if project.funding_sources.exists():
        blockers.append(_("funding was recorded for it"))
    if blockers:
        raise ValidationError(
            _(
                "This project cannot be deleted: %(reasons)s. Set its stage to “%(cancelled)s” "
                "instead, which keeps its history."
            )
            % {"reasons": "; ".join(blockers), "cancelled": Stage.CANCELLED.label}
        )
    log_action(
        "sanxin.project.deleted",
        actor=actor,
        obj=project,
        old={**snapshot(project, EDITABLE_FIELDS), "stage": project.stage},
    )
    documents = list(project.documents.all())
    project.delete()
    delete_files_on_commit(documents)
