"""The consortium builder and the secretariat's list of organizations to invite."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxin.directory.domain.access import visible_alliances
from sanxin.directory.views.helpers import get_visible, viewer
from sanxin.matching.domain.access import (
    can_build_consortium,
    can_invite_consortium,
    can_see_invitations,
)
from sanxin.matching.domain.consortium import invite_consortium, propose_consortia
from sanxin.matching.domain.recommend import organizations_to_invite, semantic_ready
from sanxin.matching.interfaces.forms import InvitationFilterForm, parse_assignments
from sanxin.projects.domain.access import visible_projects


@login_required
@require_GET
def consortium_builder(request, pk: int):
    v = viewer(request)
    project = get_visible(visible_projects(v), pk=pk)
    if not can_build_consortium(v, project):
        raise PermissionDenied
    context = {
        "nav": "projects",
        "project": project,
        "result": propose_consortia(viewer=v, project=project),
        "may_invite": can_invite_consortium(v, project),
        "semantic": semantic_ready(),
    }
    return render(request, "matching/consortium.html", context)


@login_required
@require_POST
def consortium_invite(request, pk: int):
    v = viewer(request)
    project = get_visible(visible_projects(v), pk=pk)
    if not can_invite_consortium(v, project):
        raise PermissionDenied
    choices = parse_assignments(request.POST.getlist("assignment"))
    try:
        rows = invite_consortium(actor=request.user, project=project, choices=choices)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(reverse("match_consortium", args=[project.pk]))
    messages.success(
        request,
        _("%(n)s invitation(s) sent. The invited organizations answer on the project page.")
        % {"n": len(rows)},
    )
    return redirect(reverse("project_detail", args=[project.pk]))


@login_required
@require_GET
def invitations(request):
    v = viewer(request)
    if not can_see_invitations(v):
        raise PermissionDenied
    alliances = visible_alliances(v).order_by("slug")
    if not v.is_admin:
        alliances = alliances.filter(pk__in=v.secretariat_alliance_ids)
    slug = request.GET.get("alliance", "")
    alliance = get_visible(alliances, slug=slug) if slug else alliances.first()
    form = InvitationFilterForm(request.GET or None)
    root = country = None
    if form.is_valid():
        root, country = form.cleaned_data["root"], form.cleaned_data["country"]
    result = None
    if alliance is not None:
        if not can_see_invitations(v, alliance):
            raise PermissionDenied
        result = organizations_to_invite(
            viewer=v, alliance=alliance, root=root, country=country or ""
        )
    context = {
        "nav": "directory",
        "alliance": alliance,
        "alliances": alliances,
        "form": form,
        "result": result,
        "semantic": semantic_ready(),
    }
    return render(request, "matching/invitations.html", context)
