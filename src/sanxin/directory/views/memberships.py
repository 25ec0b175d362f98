"""Membership management for the secretariat (invite, approve, suspend, …) and applying."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.directory.domain import memberships as ops
from sanxin.directory.domain.access import (
    can_edit_organization,
    can_manage_alliance,
    visible_alliances,
    visible_memberships,
    visible_organizations,
)
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.interfaces.forms import InviteForm, apply_errors
from sanxin.directory.models import Membership
from sanxin.directory.views.helpers import get_visible, paginate, viewer

ACTIONS = {
    "approve": (ops.approve_membership, _("The membership was approved.")),
    "accept": (ops.accept_invitation, _("Welcome: the invitation was accepted.")),
    "suspend": (ops.suspend_membership, _("The membership was suspended.")),
    "reinstate": (ops.reinstate_membership, _("The membership was reinstated.")),
    "end": (ops.end_membership, _("The membership was ended.")),
}


@login_required
def alliance_members(request, slug: str):
    v = viewer(request)
    alliance = get_visible(visible_alliances(v), slug=slug)
    if not can_manage_alliance(v, alliance):
        raise PermissionDenied
    status = request.GET.get("status", "")
    memberships = (
        visible_memberships(v)
        .filter(alliance=alliance)
        .select_related("organization", "organization__province")
        .order_by("status", "organization__slug")
    )
    if status in MembershipStatus.values:
        memberships = memberships.filter(status=status)
    form = InviteForm()
    form.fields["organization"].queryset = visible_organizations(v).exclude(
        memberships__alliance=alliance,
        memberships__status__in=(
            MembershipStatus.ACTIVE,
            MembershipStatus.INVITED,
            MembershipStatus.PENDING,
            MembershipStatus.SUSPENDED,
        ),
    )
    return render(
        request,
        "directory/alliance_members.html",
        {
            "nav": "members",
            "alliance": alliance,
            "page": paginate(request, memberships, per_page=50),
            "statuses": MembershipStatus.choices,
            "status": status,
            "form": form,
        },
    )


@login_required
@require_POST
def alliance_invite(request, slug: str):
    v = viewer(request)
    alliance = get_visible(visible_alliances(v), slug=slug)
    if not can_manage_alliance(v, alliance):
        raise PermissionDenied
    form = InviteForm(request.POST)
    form.fields["organization"].queryset = visible_organizations(v)
    if form.is_valid():
        try:
            ops.invite_member(
                actor=request.user,
                alliance=alliance,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("alliance_members", slug=alliance.slug)
    for error in form.errors.values():
        for message in error:
            messages.error(request, message)
    return redirect("alliance_members", slug=alliance.slug)


@login_required
@require_POST
def membership_action(request, pk: int, action: str):
    v = viewer(request)
    membership = get_visible(
        visible_memberships(v).select_related("alliance", "organization"), pk=pk
    )
    if action not in ACTIONS:
        raise PermissionDenied
    func, done = ACTIONS[action]
    try:
        func(actor=request.user, membership=membership)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    if can_manage_alliance(v, membership.alliance):
        return redirect("alliance_members", slug=membership.alliance.slug)
    return redirect("org_detail", slug=membership.organization.slug)


@login_required
@require_POST
def alliance_apply(request, slug: str):
    v = viewer(request)
    alliance = get_visible(visible_alliances(v), slug=slug)
    org = request.user.organization
    if org is None or not can_edit_organization(v, org):
        raise PermissionDenied
    try:
        ops.apply_for_membership(actor=request.user, alliance=alliance, organization=org)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application was sent to the secretariat."))
    return redirect("home")


def own_memberships(request) -> list[Membership]:
    org = getattr(request.user, "organization", None)
    if org is None:
        return []
    return list(Membership.objects.filter(organization=org).select_related("alliance"))
