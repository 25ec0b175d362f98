"""Recommendation panels (HTMX fragments) and the feedback buttons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.views.helpers import get_visible, viewer
from sanxin.events.domain.access import event_viewer, my_registration, visible_events
from sanxin.matching.domain.access import acts_for_organization, can_build_consortium
from sanxin.matching.domain.feedback import record_feedback
from sanxin.matching.domain.recommend import (
    meetings_for_participant,
    offers_for_organization,
    partners_for_project,
    projects_for_organization,
    semantic_ready,
)
from sanxin.matching.domain.records import org_key, project_key
from sanxin.matching.interfaces.forms import FeedbackForm
from sanxin.projects.domain.access import visible_projects


@require_GET
def project_partners(request, pk: int):
    v = viewer(request)
    project = get_visible(visible_projects(v), pk=pk)
    team = can_build_consortium(v, project)
    context = {
        "project": project,
        "roles": partners_for_project(viewer=v, project=project),
        "subject": project_key(project.pk),
        "may_answer": team,
        "team": team,
        "semantic": semantic_ready(),
    }
    return render(request, "matching/_project_partners.html", context)


@require_GET
def organization_panel(request, slug: str):
    v = viewer(request)
    org = get_visible(visible_organizations(v), slug=slug)
    context = {
        "org": org,
        "projects": projects_for_organization(viewer=v, organization=org),
        "offers": offers_for_organization(viewer=v, organization=org),
        "subject": org_key(org.pk),
        "may_answer": acts_for_organization(v, org.pk),
        "semantic": semantic_ready(),
    }
    return render(request, "matching/_organization_panel.html", context)


@login_required
@require_GET
def event_meetings(request, pk: int):
    ev = event_viewer(request.user)
    event = get_visible(visible_events(ev), pk=pk)
    mine = my_registration(ev, event)
    if mine is None:
        raise PermissionDenied
    context = {
        "event": event,
        "mine": mine,
        "suggestions": meetings_for_participant(viewer=ev, registration=mine),
        "subject": org_key(mine.organization_id) if mine.organization_id else "",
        "may_answer": mine.organization_id is not None
        and acts_for_organization(ev.base, mine.organization_id),
        "semantic": semantic_ready(),
    }
    return render(request, "matching/_meetings_panel.html", context)


@login_required
@require_POST
def feedback(request):
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(form.errors.as_text())
    data = form.cleaned_data
    error = ""
    try:
        record_feedback(
            actor=request.user,
            subject=data["subject"],
            target=data["target"],
            interested=data["interested"],
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    answer = None if error else data["interested"]
    if request.htmx:
        context = {
            "subject": data["subject"],
            "key": data["target"],
            "answer": answer,
            "error": error,
            "may_answer": True,
        }
        return render(request, "matching/_feedback.html", context)
    if error:
        messages.error(request, error)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)
