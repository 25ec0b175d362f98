"""Membership lifecycle: invite → accept, apply → approve, suspend, reinstate, end.

One function per transition; each validates, saves and writes the audit entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.access import can_edit_organization, can_manage_alliance
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.enums import MembershipRole, MembershipStatus
from sanxin.directory.models import Alliance, Membership, Organization

S = MembershipStatus

#: status → the statuses it may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.INVITED: (S.ACTIVE, S.LEFT),
    S.PENDING: (S.ACTIVE, S.LEFT),
    S.ACTIVE: (S.SUSPENDED, S.LEFT),
    S.SUSPENDED: (S.ACTIVE, S.LEFT),
    S.LEFT: (S.INVITED, S.PENDING),
}


def _log(action: str, actor: Any, membership: Membership, old: dict, new: dict) -> None:
    log_action(f"sanxin.membership.{action}", actor=actor, obj=membership, old=old, new=new)
    # The organization's history shows its membership changes too.
    log_action(
        f"sanxin.organization.membership.{action}",
        actor=actor,
        obj=membership.organization,
        old={f"membership:{membership.alliance.slug}": old} if old else None,
        new={f"membership:{membership.alliance.slug}": new},
    )


def _move(membership: Membership, to: str) -> None:
    if to not in TRANSITIONS.get(membership.status, ()):
        raise ValidationError(
            _("A membership that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": S(membership.status).label,
                "target": S(to).label,
            }
        )


@transaction.atomic
def invite_member(
    *,
    actor: Any,
    alliance: Alliance,
    organization: Organization,
    role: str = MembershipRole.MEMBER,
    note: str = "",
) -> Membership:
    """The secretariat invites an organization; its admin accepts."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_manage_alliance(viewer, alliance))
    return _open(
        actor=actor,
        alliance=alliance,
        organization=organization,
        role=role,
        note=note,
        status=S.INVITED,
        action="invited",
    )


@transaction.atomic
def apply_for_membership(
    *, actor: Any, alliance: Alliance, organization: Organization, note: str = ""
) -> Membership:
    """An organization's admin asks to join; the secretariat approves."""
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_edit_organization(viewer, organization))
    return _open(
        actor=actor,
        alliance=alliance,
        organization=organization,
        role=MembershipRole.MEMBER,
        note=note,
        status=S.PENDING,
        action="applied",
    )


def _open(*, actor, alliance, organization, role, note, status, action) -> Membership:
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose one of the membership roles.")})
    membership = Membership.objects.filter(alliance=alliance, organization=organization).first()
    if membership is not None:
        if membership.status in (S.ACTIVE, S.INVITED, S.PENDING, S.SUSPENDED):
            raise ValidationError(
                _("%(org)s already has a membership in this alliance (%(status)s).")
                % {"org": organization.name, "status": S(membership.status).label}
            )
        old = {"status": membership.status, "role": membership.role}
        _move(membership, status)
        membership.status, membership.role, membership.note = status, role, note
    else:
        old = {}
        membership = Membership(
            alliance=alliance, organization=organization, role=role, status=status, note=note
        )
    membership.full_clean(exclude=["alliance", "organization"], validate_unique=False)
    membership.save()
    _log(action, actor, membership, old, {"status": status, "role": role})
    return membership


def _transition(
    actor, membership: Membership, to: str, action: str, *, by_org: bool, since=None
) -> Membership:
    viewer = acting_viewer(actor)
    if viewer is not None:
        if by_org:
            require(can_edit_organization(viewer, membership.organization))
        else:
            require(can_manage_alliance(viewer, membership.alliance))
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("alliance", "organization")
        .get(pk=membership.pk)
    )
    _move(membership, to)
    old = {"status": membership.status}
    membership.status = to
    if to == S.ACTIVE and membership.since is None:
        membership.since = since or timezone.localdate()
    membership.save()
    _log(action, actor, membership, old, {"status": to})
    return membership


@transaction.atomic
def approve_membership(
    *, actor: Any, membership: Membership, since: dt.date | None = None
) -> Membership:
    """Approve an application; ``since`` records an earlier start (e.g. when migrating records)."""
    if membership.status != S.PENDING:
        raise ValidationError(_("Only a membership awaiting approval can be approved."))
    return _transition(actor, membership, S.ACTIVE, "approved", by_org=False, since=since)


@transaction.atomic
def accept_invitation(
    *, actor: Any, membership: Membership, since: dt.date | None = None
) -> Membership:
    if membership.status != S.INVITED:
        raise ValidationError(_("Only an invitation can be accepted."))
    return _transition(actor, membership, S.ACTIVE, "accepted", by_org=True, since=since)


@transaction.atomic
def suspend_membership(*, actor: Any, membership: Membership) -> Membership:
    return _transition(actor, membership, S.SUSPENDED, "suspended", by_org=False)


@transaction.atomic
def reinstate_membership(*, actor: Any, membership: Membership) -> Membership:
    if membership.status != S.SUSPENDED:
        raise ValidationError(_("Only a suspended membership can be reinstated."))
    return _transition(actor, membership, S.ACTIVE, "reinstated", by_org=False)


@transaction.atomic
def end_membership(*, actor: Any, membership: Membership) -> Membership:
    """The secretariat ends a membership, or the organization leaves / declines."""
    viewer = acting_viewer(actor)
    by_org = viewer is not None and not can_manage_alliance(viewer, membership.alliance)
    return _transition(actor, membership, S.LEFT, "ended", by_org=by_org)


@transaction.atomic
def change_membership_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_manage_alliance(viewer, membership.alliance))
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose one of the membership roles.")})
    old = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role", "updated"])
    _log("role_changed", actor, membership, old, {"role": role})
    return membership
