"""Outcomes of meetings: each side records one; it may become a project or a follow-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.enums import Confidentiality
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership
from sanxin.events.domain.access import acts_for, can_organise
from sanxin.events.domain.common import acting, require
from sanxin.events.domain.meetings import sides
from sanxin.events.enums import Attendance, MeetingStatus, OutcomeResult
from sanxin.events.models import Meeting, Outcome, Registration
from sanxin.projects.domain.followups import add_follow_up
from sanxin.projects.domain.projects import create_project
from sanxin.projects.models import FollowUp, Project

#: Results that may become a project or a follow-up action.
ACTIONABLE = (OutcomeResult.FOLLOW_UP, OutcomeResult.AGREEMENT)


def side_for(actor: Any, meeting: Meeting) -> Registration | None:
    """The side of ``meeting`` the actor acts for (their own registration or delegation)."""
    ev = acting(actor)
    if ev is None:
        return None
    return next((r for r in sides(meeting) if acts_for(ev, r)), None)


@transaction.atomic
def record_outcome(
    *,
    actor: Any,
    meeting: Meeting,
    registration: Registration,
    result: str,
    note: str = "",
) -> Outcome:
    """Record (or change) one side's outcome of a meeting that took place."""
    ev = acting(actor)
    meeting = Meeting.objects.select_related("event", "request__sender", "request__recipient").get(
        pk=meeting.pk
    )
    if registration.pk not in {r.pk for r in sides(meeting)}:
        raise ValidationError({"registration": _("Choose one of the two sides of this meeting.")})
    if ev is not None:
        require(acts_for(ev, registration) or can_organise(ev, meeting.event))
    if result not in OutcomeResult.values:
        raise ValidationError({"result": _("Choose follow up, agreement intended or no fit.")})
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError({"result": _("This meeting was cancelled.")})
    if meeting.attendance == Attendance.NO_SHOW:
        raise ValidationError({"result": _("This meeting did not take place (no-show).")})
    outcome = Outcome.objects.filter(meeting=meeting, registration=registration).first()
    old = None if outcome is None else {"result": outcome.result, "note": outcome.note}
    if outcome is None:
        outcome = Outcome(meeting=meeting, registration=registration)
    outcome.result = result
    outcome.note = note.strip()[:4000]
    outcome.recorded_by = actor if ev is not None else None
    outcome.save()
    log_action(
        "sanxin.event.outcome.recorded",
        actor=actor,
        obj=meeting,
        old=old and {f"outcome:{outcome.pk}": old},
        new={f"outcome:{outcome.pk}": {"result": result, "note": outcome.note}},
    )
    return outcome


def origin_text(outcome: Outcome) -> str:
    """“Sanxin meeting: <event>, <slot>, <org> × <org>” (the project's ``origin``)."""
    meeting = outcome.meeting
    a, b = sides(meeting)

    def who(reg: Registration) -> str:
        return reg.organization.name if reg.organization_id else str(reg.person)

    text = _("Meeting at %(event)s on %(slot)s: %(a)s × %(b)s") % {
        "event": meeting.event.title,
        "slot": meeting.slot,
        "a": who(a),
        "b": who(b),
    }
    return text[:300]


def _may_act(actor: Any, outcome: Outcome) -> None:
    ev = acting(actor)
    if ev is not None:
        require(acts_for(ev, outcome.registration) or can_organise(ev, outcome.meeting.event))
    if outcome.result not in ACTIONABLE:
        raise ValidationError({"result": _("A meeting without a fit does not lead further.")})


def _locked(outcome: Outcome) -> Outcome:
    return (
        Outcome.objects.select_for_update(of=("self",))
        .select_related(
            "registration__organization",
            "meeting__event__alliance",
            "meeting__request__sender__organization",
            "meeting__request__sender__person",
            "meeting__request__recipient__organization",
            "meeting__request__recipient__person",
        )
        .get(pk=outcome.pk)
    )


@transaction.atomic
def outcome_to_project(*, actor: Any, outcome: Outcome, data: dict[str, Any]) -> Project:
    """Launch a project from an outcome: owned by that side's organization, attached to the
    event's alliance when the owner is an active member, its origin the meeting."""
    outcome = _locked(outcome)
    _may_act(actor, outcome)
    if outcome.project_id is not None:
        raise ValidationError({"result": _("This outcome already became a project.")})
    owner = outcome.registration.organization
    if owner is None:
        raise PermissionDenied(_("Only a participant with an organization can own a project."))
    alliance = outcome.meeting.event.alliance
    is_member = Membership.objects.filter(
        alliance=alliance, organization=owner, status=MembershipStatus.ACTIVE
    ).exists()
    values = {
        "owner": owner,
        "alliance": alliance if is_member else None,
        "confidentiality": Confidentiality.ALLIANCE,
        "country": owner.country,
        **data,
        "origin": origin_text(outcome),
    }
    project = create_project(actor=actor, data=values)
    outcome.project = project
    outcome.save(update_fields=["project", "updated"])
    log_action(
        "sanxin.event.outcome.project_launched",
        actor=actor,
        obj=outcome.meeting,
        new={f"outcome:{outcome.pk}": {"project": project.pk}},
    )
    return project


@transaction.atomic
def outcome_to_follow_up(
    *,
    actor: Any,
    outcome: Outcome,
    project: Project,
    title: str,
    due: dt.date,
    details: str = "",
) -> FollowUp:
    """Turn an outcome into a follow-up action on a project the actor works on."""
    outcome = _locked(outcome)
    _may_act(actor, outcome)
    if outcome.follow_up_id is not None:
        raise ValidationError({"result": _("This outcome already has a follow-up action.")})
    owner = actor if getattr(actor, "is_authenticated", False) else outcome.registration.person
    detail = "\n".join(part for part in (details.strip(), origin_text(outcome)) if part)
    item = add_follow_up(
        actor=actor,
        project=project,
        data={"title": title, "details": detail, "owner": owner, "due": due},
    )
    outcome.follow_up = item
    outcome.save(update_fields=["follow_up", "updated"])
    log_action(
        "sanxin.event.outcome.follow_up_added",
        actor=actor,
        obj=outcome.meeting,
        new={f"outcome:{outcome.pk}": {"follow_up": item.pk, "project": project.pk}},
    )
    return item
