"""The consortium: suggest or invite an organization for a role; its admin accepts or declines.

suggested → invited → confirmed | declined; declined → invited (asked again). The shares of
invited and confirmed roles may not add up to more than 100 %.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.access import viewer_for
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Organization, Person
from sanxin.projects.domain.access import can_answer_invitation, can_edit_project
from sanxin.projects.domain.notifications import notify, notify_watchers
from sanxin.projects.enums import ENGAGED_STATUSES, ConsortiumRoleType, ConsortiumStatus
from sanxin.projects.models import ConsortiumRole, Project

C = ConsortiumStatus
HUNDRED = Decimal(100)

#: status → the statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    C.SUGGESTED: (C.INVITED,),
    C.INVITED: (C.CONFIRMED, C.DECLINED),
    C.CONFIRMED: (),
    C.DECLINED: (C.INVITED,),
}


def _snapshot(role: ConsortiumRole) -> dict[str, Any]:
    return {
        "organization": role.organization.slug,
        "role": role.role,
        "status": role.status,
        "share": role.share,
    }


def _log(action: str, actor: Any, role: ConsortiumRole, old: dict | None, new: dict) -> None:
    log_action(
        f"sanxin.project.consortium.{action}", actor=actor, obj=role.project, old=old, new=new
    )


def _move(role: ConsortiumRole, to: str) -> None:
    if to not in TRANSITIONS.get(role.status, ()):
        raise ValidationError(
            {
                "status": _("A consortium role that is “%(current)s” cannot become “%(target)s”.")
                % {"current": C(role.status).label, "target": C(to).label}
            }
        )


def _percent(value: Decimal) -> str:
    """110.00 → "110", 12.50 → "12.5" (never in exponent notation)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_shares(project: Project, role: ConsortiumRole) -> None:
    """The engaged shares, with ``role`` as it is about to be saved, stay within 100 %."""
    others = ConsortiumRole.objects.filter(project=project, status__in=ENGAGED_STATUSES).exclude(
        pk=role.pk
    ).aggregate(total=Sum("share"))["total"] or Decimal(0)
    mine = role.share if role.status in ENGAGED_STATUSES and role.share is not None else 0
    total = others + mine
    if total > HUNDRED:
        raise ValidationError(
            {
                "share": _(
                    "The shares of the invited and confirmed partners would add up to "
                    "%(total)s %%; they may not exceed 100 %%. %(free)s %% is still free."
                )
                % {
                    "total": _percent(total),
                    "free": _percent(max(HUNDRED - others, Decimal(0))),
                }
            }
        )


def _clean(role: ConsortiumRole) -> None:
    if role.role not in ConsortiumRoleType.values:
        raise ValidationError({"role": _("Choose one of the consortium roles.")})
    role.full_clean(exclude=["project", "organization"], validate_unique=False)


def _admins_of(organization: Organization):
    return Person.objects.filter(
        organization=organization,
        is_active=True,
        role__in=(PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT),
    ).order_by("username")


@transaction.atomic
def propose_partner(
    *,
    actor: Any,
    project: Project,
    organization: Organization,
    role: str,
    share: Decimal | None = None,
    note: str = "",
    invite: bool = True,
) -> ConsortiumRole:
    """Invite ``organization`` for ``role`` (or only suggest it, with ``invite=False``)."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, project))
    status = C.INVITED if invite else C.SUGGESTED
    row = ConsortiumRole.objects.filter(
        project=project, organization=organization, role=role
    ).first()
    if row is not None:
        if row.status in (C.CONFIRMED, C.INVITED) or (row.status == C.SUGGESTED and not invite):
            raise ValidationError(
                {
                    "organization": _("%(org)s already has this role (%(status)s).")
                    % {"org": organization.name, "status": C(row.status).label}
                }
            )
        old = _snapshot(row)
        _move(row, status)
        row.status, row.share, row.note = status, share, note
    else:
        old = None
        row = ConsortiumRole(
            project=project,
            organization=organization,
            role=role,
            status=status,
            share=share,
            note=note,
        )
    if invite:
        row.invited_by = actor if viewer is not None else None
        row.invited_on = timezone.localdate()
    _clean(row)
    check_shares(project, row)
    row.save()
    _log("invited" if invite else "suggested", actor, row, old, _snapshot(row))
    if invite:
        _tell_invited(row)
    return row


def _tell_invited(row: ConsortiumRole) -> None:
    def message() -> tuple[str, str]:
        subject = _("%(org)s is invited to join %(project)s") % {
            "org": row.organization.name,
            "project": row.project.title,
        }
        body = _(
            "%(org)s is invited to take part in %(project)s as %(role)s. "
            "An admin of %(org)s can accept or decline the invitation on the project page."
        ) % {
            "org": row.organization.name,
            "project": row.project.title,
            "role": ConsortiumRoleType(row.role).label,
        }
        return subject, body

    notify(
        people=_admins_of(row.organization),
        project=row.project,
        action="sanxin.project.consortium.invited",
        message=message,
    )


def _answer(actor: Any, role: ConsortiumRole, to: str, action: str) -> ConsortiumRole:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_answer_invitation(viewer, role))
    role = (
        ConsortiumRole.objects.select_for_update(of=("self",))
        .select_related("project", "organization")
        .get(pk=role.pk)
    )
    old = _snapshot(role)
    _move(role, to)
    role.status = to
    role.responded_by = actor if viewer is not None else None
    role.responded_on = timezone.localdate()
    check_shares(role.project, role)
    role.save()
    _log(action, actor, role, old, _snapshot(role))

    def message() -> tuple[str, str]:
        text = _("%(org)s accepted the role of %(role)s in %(project)s")
        if to == C.DECLINED:
            text = _("%(org)s declined the role of %(role)s in %(project)s")
        subject = text % {
            "org": role.organization.name,
            "role": ConsortiumRoleType(role.role).label,
            "project": role.project.title,
        }
        return subject, subject

    notify_watchers(
        project=role.project, action=f"sanxin.project.consortium.{action}", message=message
    )
    return role


@transaction.atomic
def accept_invitation(*, actor: Any, role: ConsortiumRole) -> ConsortiumRole:
    return _answer(actor, role, C.CONFIRMED, "accepted")


@transaction.atomic
def decline_invitation(*, actor: Any, role: ConsortiumRole) -> ConsortiumRole:
    return _answer(actor, role, C.DECLINED, "declined")


@transaction.atomic
def set_share(*, actor: Any, role: ConsortiumRole, share: Decimal | None) -> ConsortiumRole:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, role.project))
    role = (
        ConsortiumRole.objects.select_for_update(of=("self",))
        .select_related("project")
        .get(pk=role.pk)
    )
    old = _snapshot(role)
    role.share = share
    _clean(role)
    check_shares(role.project, role)
    role.save()
    _log("share_changed", actor, role, old, _snapshot(role))
    return role


@transaction.atomic
def add_confirmed_partner(
    *,
    actor: Any,
    project: Project,
    organization: Organization,
    role: str,
    share: Decimal | None = None,
    source: str = "",
) -> ConsortiumRole:
    """Record a partner that is already in (e.g. an owner with a stake in imported data).

    Only the system (``actor=None``: importers, demo) or the partner's own admin may do it.
    """
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(viewer.org_id == organization.pk and can_edit_project(viewer, project))
    row = ConsortiumRole(
        project=project, organization=organization, role=role, status=C.CONFIRMED, share=share
    )
    if source:
        row.source = source
    if ConsortiumRole.objects.filter(
        project=project, organization=organization, role=role
    ).exists():
        raise ValidationError(
            {"organization": _("%(org)s already has this role.") % {"org": organization.name}}
        )
    _clean(row)
    check_shares(project, row)
    row.save()
    _log("confirmed", actor, row, None, _snapshot(row))
    return row


@transaction.atomic
def remove_partner(*, actor: Any, role: ConsortiumRole) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_project(viewer, role.project))
    _log("removed", actor, role, _snapshot(role), {})
    role.delete()


def organizations_to_answer(actor: Any):
    """Open invitations the actor may answer for their organization."""
    viewer = viewer_for(actor)
    if viewer.org_id is None or viewer.role not in (PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT):
        return ConsortiumRole.objects.none()
    return ConsortiumRole.objects.filter(
        organization_id=viewer.org_id, status=C.INVITED
    ).select_related("project", "organization")
