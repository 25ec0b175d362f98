"""The project page, creating and editing a project, moving its stage, watching it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanxin.common.audit import recent_history
from sanxin.common.concurrency import EditConflictError
from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory.domain.access import visible_alliances, visible_organizations
from sanxin.projects.domain.access import (
    STAFF_ROLES,
    can_answer_invitation,
    can_contribute,
    can_edit_project,
)
from sanxin.projects.domain.notifications import unwatch_project, watch_project
from sanxin.projects.domain.projects import create_project, update_project
from sanxin.projects.domain.queries import project_page
from sanxin.projects.domain.stages import allowed_stages, set_project_stage
from sanxin.projects.enums import ConsortiumStatus, FundingEntryKind, Stage
from sanxin.projects.interfaces.forms import NewProjectForm, ProjectForm, StageForm, apply_errors
from sanxin.projects.models import Project, Watcher
from sanxin.projects.views.helpers import project_for, viewer

HISTORY_ENTRIES = 20


def _funding(project: Project) -> tuple[list[dict], list[dict]]:
    """Per source and per currency: committed vs arrived (from the prefetched entries)."""
    sources = []
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for source in project.funding_sources.all():
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for entry in source.entries.all():
            sums[entry.kind] += entry.amount
            totals[source.currency][entry.kind] += entry.amount
        sources.append(
            {
                "source": source,
                "committed": sums[FundingEntryKind.COMMITTED],
                "arrived": sums[FundingEntryKind.ARRIVED],
                "entries": list(source.entries.all()),
            }
        )
    by_currency = [
        {
            "currency": currency,
            "committed": sums[FundingEntryKind.COMMITTED],
            "arrived": sums[FundingEntryKind.ARRIVED],
        }
        for currency, sums in sorted(totals.items())
    ]
    return sources, by_currency


def _timeline(project: Project) -> list[dict]:
    """Milestones and stage changes in date order (overdue milestones flagged)."""
    today = timezone.localdate()
    items = [
        {"date": m.actual or m.planned, "milestone": m, "overdue": m.overdue_on(today)}
        for m in project.milestones.all()
    ]
    items += [{"date": c.on, "change": c} for c in project.stage_changes.all()]
    return sorted(items, key=lambda item: item["date"])


@cached_per_viewer
def project_detail(request, pk: int):
    v = viewer(request)
    try:
        project = project_page(v, pk)
    except Project.DoesNotExist:
        raise Http404 from None
    can_edit = can_edit_project(v, project)
    team = can_contribute(v, project)
    for role in project.visible_consortium:
        role.can_answer = role.status == ConsortiumStatus.INVITED and can_answer_invitation(v, role)
    sources, funding_totals = _funding(project)
    today = timezone.localdate()
    context = {
        "nav": "projects",
        "project": project,
        "can_edit": can_edit,
        "can_contribute": team,
        "moves": [(s, Stage(s).label) for s in allowed_stages(project)] if can_edit else [],
        "timeline": _timeline(project),
        "funding_sources": sources,
        "funding_totals": funding_totals,
        "follow_ups": [(f, f.overdue_on(today)) for f in project.visible_follow_ups],
        "history": recent_history(project, HISTORY_ENTRIES) if team else None,
        "watching": v.is_authenticated
        and Watcher.objects.filter(project=project, person_id=v.person_id).exists(),
    }
    return render(request, "projects/project_detail.html", context)


def _choices(v) -> dict:
    return {
        "organizations": visible_organizations(v).order_by("slug"),
        "alliances": visible_alliances(v).order_by("slug"),
    }


def _edit(request, project: Project | None):
    v = viewer(request)
    if project is None:
        if not (v.is_admin or v.is_secretariat or (v.org_id and v.role in STAFF_ROLES)):
            raise PermissionDenied
    elif not can_edit_project(v, project):
        raise PermissionDenied
    form_class = NewProjectForm if project is None else ProjectForm
    if request.method == "POST":
        form = form_class(request.POST, instance=project, **_choices(v))
        if form.is_valid():
            data = form.data_for_domain()
            try:
                if project is None:
                    stage = data.pop("stage")
                    on = data.pop("stage_since")
                    saved = create_project(actor=request.user, data=data, stage=stage, on=on)
                else:
                    saved = update_project(
                        actor=request.user,
                        project=project,
                        data=data,
                        expected_version=form.expected_version(),
                    )
            except ValidationError as exc:
                apply_errors(form, exc)
            except EditConflictError as conflict:
                # What the user typed stays in the form; saving again now overrides on purpose.
                form.add_error(None, conflict.message())
                form.show_current_version(conflict.current)
            else:
                messages.success(request, _("The project was saved."))
                return redirect("project_detail", pk=saved.pk)
        messages.error(request, _("The project was not saved. Please correct the errors below."))
    else:
        initial = {}
        if project is None and request.user.organization_id:
            initial = {"owner": request.user.organization_id, "country": "CN"}
        form = form_class(instance=project, initial=initial, **_choices(v))
    return render(
        request, "projects/project_edit.html", {"nav": "projects", "form": form, "project": project}
    )


@login_required
def project_create(request):
    return _edit(request, None)


@login_required
def project_edit(request, pk: int):
    return _edit(request, project_for(request, pk))


@login_required
@require_POST
def project_stage(request, pk: int):
    """Move a project to another stage (the board's and the page's small forms)."""
    project = project_for(request, pk)
    if not can_edit_project(viewer(request), project):
        raise PermissionDenied
    form = StageForm(request.POST)
    if form.is_valid():
        try:
            set_project_stage(
                actor=request.user,
                project=project,
                stage=form.cleaned_data["stage"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(project)s is now “%(stage)s”.")
                % {"project": project.title, "stage": Stage(form.cleaned_data["stage"]).label},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    if request.POST.get("back") == "board":
        return redirect("project_board")
    return redirect("project_detail", pk=project.pk)


@login_required
@require_POST
def project_watch(request, pk: int):
    project = project_for(request, pk)
    if request.POST.get("watch") == "0":
        unwatch_project(actor=request.user, project=project)
        messages.success(request, _("You no longer follow this project."))
    else:
        watch_project(actor=request.user, project=project)
        messages.success(request, _("You follow this project: you will be told about changes."))
    return redirect("project_detail", pk=project.pk)
