"""Follow-up actions: who does what by when; reminders by mail and in the app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, assign, finish_clean, require, snapshot
from sanxin.projects.domain.access import can_contribute, can_view_project, viewer_for
from sanxin.projects.domain.notifications import notify
from sanxin.projects.enums import FollowUpStatus
from sanxin.projects.models import FollowUp, Project

FOLLOW_UP_FIELDS: tuple[str, ...] = ("title", "details", "owner", "due", "status")
#: Remind about the same action at most this often.
REMIND_EVERY = dt.timedelta(days=7)
#: Remind this long before the due date.
REMIND_AHEAD = dt.timedelta(days=2)


def clean_follow_up(item: FollowUp) -> None:
    errors: dict[str, list[str]] = {}
    if item.owner_id is not None and not can_view_project(viewer_for(item.owner), item.project):
        errors.setdefault("owner", []).append(
            _("This person cannot see the project; choose someone who can.")
        )
    finish_clean(item, errors, exclude=["project"])


@transaction.atomic
def add_follow_up(*, actor: Any, project: Project, data: dict[str, Any]) -> FollowUp:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, project))
    item = FollowUp(project=project, created_by=actor if viewer is not None else None)
    assign(item, data, FOLLOW_UP_FIELDS)
    clean_follow_up(item)
    item.save()
    log_action(
        "sanxin.project.follow_up.added",
        actor=actor,
        obj=project,
        new={f"follow_up:{item.pk}": snapshot(item, FOLLOW_UP_FIELDS)},
    )
    return item


def _may_change(viewer, item: FollowUp) -> bool:
    return viewer.person_id == item.owner_id or can_contribute(viewer, item.project)


@transaction.atomic
def update_follow_up(*, actor: Any, follow_up: FollowUp, data: dict[str, Any]) -> FollowUp:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(_may_change(viewer, follow_up))
    item = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=follow_up.pk)
    )
    old = snapshot(item, FOLLOW_UP_FIELDS)
    assign(item, data, FOLLOW_UP_FIELDS)
    if item.status == FollowUpStatus.DONE and item.done_on is None:
        item.done_on = timezone.localdate()
    elif item.status != FollowUpStatus.DONE:
        item.done_on = None
    clean_follow_up(item)
    item.save()
    new = snapshot(item, FOLLOW_UP_FIELDS)
    if old != new:
        log_action(
            "sanxin.project.follow_up.changed",
            actor=actor,
            obj=item.project,
            old={f"follow_up:{item.pk}": old},
            new={f"follow_up:{item.pk}": new},
        )
    return item


def complete_follow_up(*, actor: Any, follow_up: FollowUp) -> FollowUp:
    if follow_up.status != FollowUpStatus.OPEN:
        raise ValidationError({"status": _("Only an open action can be marked done.")})
    return update_follow_up(actor=actor, follow_up=follow_up, data={"status": FollowUpStatus.DONE})


def due_follow_ups(today: dt.date):
    """Open actions due within REMIND_AHEAD (or overdue) not reminded in REMIND_EVERY."""
    return FollowUp.objects.filter(
        status=FollowUpStatus.OPEN,
        due__lte=today + REMIND_AHEAD,
        owner__is_active=True,
    ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lte=today - REMIND_EVERY))


def remind_follow_ups(today: dt.date | None = None) -> int:
    """Remind each owner of their due or overdue actions; returns how many were reminded."""
    today = today or timezone.localdate()
    count = 0
    for item in due_follow_ups(today).select_related("owner", "project").order_by("due", "pk"):
        with transaction.atomic():

            def message(item=item) -> tuple[str, str]:
                subject = _("Follow-up due on %(date)s: %(title)s") % {
                    "date": item.due.isoformat(),
                    "title": item.title,
                }
                body = _("Your follow-up action for %(project)s is due on %(date)s: %(title)s") % {
                    "project": item.project.title,
                    "date": item.due.isoformat(),
                    "title": item.title,
                }
                return subject, body

            notify(
                people=[item.owner],
                project=item.project,
                action="sanxin.project.follow_up.reminder",
                message=message,
            )
            item.reminded_on = today
            item.save(update_fields=["reminded_on"])
        count += 1
    return count
