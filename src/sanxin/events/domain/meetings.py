"""Meetings after they are placed: cancel, check in, mark no-shows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.events.domain.access import acts_for, can_organise
from sanxin.events.domain.common import acting, require
from sanxin.events.enums import Attendance, MeetingStatus, RequestStatus
from sanxin.events.models import Meeting, Registration


def _locked(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("event", "request__sender", "request__recipient")
        .get(pk=meeting.pk)
    )


def sides(meeting: Meeting) -> tuple[Registration, Registration]:
    return meeting.request.sender, meeting.request.recipient


@transaction.atomic
def cancel_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """A side or an organiser cancels: the slot is freed and the request is withdrawn, so a
    re-run of the scheduler does not place it again."""
    ev = acting(actor)
    item = _locked(meeting)
    if ev is not None:
        require(any(acts_for(ev, r) for r in sides(item)) or can_organise(ev, item.event))
    if item.status != MeetingStatus.PUBLISHED:
        raise ValidationError({"status": _("This meeting is already cancelled.")})
    item.status = MeetingStatus.CANCELLED
    item.save(update_fields=["status", "updated"])
    request = item.request
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])
    log_action(
        "sanxin.event.meeting.cancelled",
        actor=actor,
        obj=item,
        old={"status": MeetingStatus.PUBLISHED},
        new={"status": MeetingStatus.CANCELLED, "request": RequestStatus.WITHDRAWN},
    )
    return item


@transaction.atomic
def mark_attendance(
    *,
    actor: Any,
    meeting: Meeting,
    attendance: str,
    no_show_by: Registration | None = None,
) -> Meeting:
    """The organiser checks a meeting in (held) or marks a no-show (one side, or both)."""
    ev = acting(actor)
    item = _locked(meeting)
    if ev is not None:
        require(can_organise(ev, item.event))
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Unknown attendance.")})
    if item.status != MeetingStatus.PUBLISHED:
        raise ValidationError({"attendance": _("A cancelled meeting cannot be checked in.")})
    if no_show_by is not None and (
        attendance != Attendance.NO_SHOW or no_show_by.pk not in {r.pk for r in sides(item)}
    ):
        raise ValidationError({"no_show_by": _("Choose one of the two sides of this meeting.")})
    old = {"attendance": item.attendance, "no_show_by": item.no_show_by_id}
    item.attendance = attendance
    item.no_show_by = no_show_by
    item.save(update_fields=["attendance", "no_show_by", "updated"])
    log_action(
        "sanxin.event.meeting.attendance",
        actor=actor,
        obj=item,
        old=old,
        new={"attendance": attendance, "no_show_by": item.no_show_by_id},
    )
    return item
