"""Forms for the parts of a project: phases, milestones, consortium, funding, follow-ups,
documents; accepting or declining an invitation; downloading a document."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanxin.directory.domain.access import visible_organizations
from sanxin.projects.domain import consortium, documents, followups, funding, milestones, phases
from sanxin.projects.domain.access import (
    can_answer_invitation,
    can_contribute,
    can_delete_document,
    can_edit_project,
    visible_consortium,
    visible_documents,
    visible_follow_ups,
)
from sanxin.projects.interfaces.forms import (
    DocumentForm,
    FollowUpForm,
    FundingForm,
    InviteForm,
    MilestoneForm,
    PhaseForm,
    apply_errors,
    people_choices,
)
from sanxin.projects.models import Milestone, Phase, Project
from sanxin.projects.views.helpers import get_visible, project_for, viewer


def _form_page(
    request,
    *,
    project: Project,
    form,
    save: Callable[[dict], object],
    title,
    done,
    delete_url: str = "",
):
    """Show ``form``; on a valid POST run ``save`` (a domain call) and go back to the project."""
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    save(dict(form.cleaned_data))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("project_detail", pk=project.pk)
        messages.error(request, _("Nothing was saved. Please correct the errors below."))
    return render(
        request,
        "projects/part_form.html",
        {
            "nav": "projects",
            "project": project,
            "form": form,
            "title": title,
            "delete_url": delete_url,
        },
    )


def _confirm_delete(request, *, project: Project, question: str, delete: Callable[[], None], done):
    """GET asks for confirmation (works without JavaScript); POST deletes and goes back."""
    if request.method == "POST":
        with transaction.atomic():
            delete()
        messages.success(request, done)
        return redirect("project_detail", pk=project.pk)
    return render(
        request,
        "projects/confirm_delete.html",
        {"nav": "projects", "project": project, "question": question},
    )


def _editable(request, pk: int) -> Project:
    project = project_for(request, pk)
    if not can_edit_project(viewer(request), project):
        raise PermissionDenied
    return project


def _team(request, pk: int) -> Project:
    project = project_for(request, pk)
    if not can_contribute(viewer(request), project):
        raise PermissionDenied
    return project


@login_required
def phase_edit(request, pk: int, phase_id: int | None = None):
    project = _editable(request, pk)
    phase = get_visible(Phase.objects.filter(project=project), pk=phase_id) if phase_id else None
    form = PhaseForm(request.POST or None, instance=phase)

    def save(data):
        if data.get("number") is None and phase is None:
            data.pop("number")
        if phase is None:
            return phases.add_phase(actor=request.user, project=project, data=data)
        return phases.update_phase(actor=request.user, phase=phase, data=data)

    title = gettext_lazy("Edit the phase") if phase else gettext_lazy("Add a phase")
    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=title,
        done=_("The phase was saved."),
        delete_url=reverse("phase_delete", args=[project.pk, phase.pk]) if phase else "",
    )


@login_required
def phase_delete(request, pk: int, phase_id: int):
    project = _editable(request, pk)
    phase = get_visible(Phase.objects.filter(project=project), pk=phase_id)
    return _confirm_delete(
        request,
        project=project,
        question=_("Delete the phase “%(name)s” of %(project)s?")
        % {"name": phase.name, "project": project.title},
        delete=lambda: phases.delete_phase(actor=request.user, phase=phase),
        done=_("The phase was deleted; its milestones stay on the project."),
    )


@login_required
def milestone_edit(request, pk: int, milestone_id: int | None = None):
    project = _team(request, pk)
    milestone = (
        get_visible(Milestone.objects.filter(project=project), pk=milestone_id)
        if milestone_id
        else None
    )
    form = MilestoneForm(request.POST or None, instance=milestone, project=project)

    def save(data):
        if milestone is None:
            return milestones.add_milestone(actor=request.user, project=project, data=data)
        return milestones.update_milestone(actor=request.user, milestone=milestone, data=data)

    title = gettext_lazy("Edit the milestone") if milestone else gettext_lazy("Add a milestone")
    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=title,
        done=_("The milestone was saved."),
        delete_url=(
            reverse("milestone_delete", args=[project.pk, milestone.pk]) if milestone else ""
        ),
    )


@login_required
def milestone_delete(request, pk: int, milestone_id: int):
    project = _team(request, pk)
    milestone = get_visible(Milestone.objects.filter(project=project), pk=milestone_id)
    return _confirm_delete(
        request,
        project=project,
        question=_("Delete the milestone “%(title)s” of %(project)s?")
        % {"title": milestone.title, "project": project.title},
        delete=lambda: milestones.delete_milestone(actor=request.user, milestone=milestone),
        done=_("The milestone was deleted."),
    )


@login_required
def consortium_invite(request, pk: int):
    project = _editable(request, pk)
    orgs = visible_organizations(viewer(request)).order_by("slug")
    form = InviteForm(request.POST or None, organizations=orgs)

    def save(data):
        return consortium.propose_partner(actor=request.user, project=project, **data)

    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=gettext_lazy("Invite a partner"),
        done=_("The invitation was sent."),
    )


ANSWERS = {
    "accept": (consortium.accept_invitation, gettext_lazy("You joined the consortium.")),
    "decline": (consortium.decline_invitation, gettext_lazy("You declined the invitation.")),
}


@login_required
@require_POST
def consortium_answer(request, role_id: int, action: str):
    if action not in ANSWERS:
        raise Http404
    v = viewer(request)
    role = get_visible(visible_consortium(v).select_related("project"), pk=role_id)
    if not can_answer_invitation(v, role):
        raise PermissionDenied
    answer, done = ANSWERS[action]
    try:
        answer(actor=request.user, role=role)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("project_detail", pk=role.project_id)


@login_required
def funding_add(request, pk: int):
    project = _team(request, pk)
    orgs = visible_organizations(viewer(request)).order_by("slug")
    form = FundingForm(
        request.POST or None, sources=project.funding_sources.all(), organizations=orgs
    )

    def save(data):
        source = data["source"]
        if source is None:
            source = funding.add_funding_source(
                actor=request.user,
                project=project,
                label=data["new_source"],
                organization=data["new_source_organization"],
                kind=data["source_kind"],
                currency=data["currency"],
            )
        return funding.record_funding(
            actor=request.user,
            source=source,
            kind=data["kind"],
            amount=data["amount"],
            on=data["on"],
            note=data["note"],
        )

    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=gettext_lazy("Record funding"),
        done=_("The funding was recorded."),
    )


@login_required
def follow_up_add(request, pk: int):
    project = _team(request, pk)
    form = FollowUpForm(request.POST or None, people=people_choices(project, request.user))
    if request.method != "POST":
        form.initial["owner"] = request.user.pk

    def save(data):
        return followups.add_follow_up(actor=request.user, project=project, data=data)

    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=gettext_lazy("Add a follow-up action"),
        done=_("The follow-up action was saved."),
    )


def _follow_up(request, follow_up_id: int):
    v = viewer(request)
    item = get_visible(visible_follow_ups(v).select_related("project"), pk=follow_up_id)
    if not (v.person_id == item.owner_id or can_contribute(v, item.project)):
        raise PermissionDenied
    return item


@login_required
def follow_up_edit(request, follow_up_id: int):
    item = _follow_up(request, follow_up_id)
    project = item.project
    form = FollowUpForm(
        request.POST or None, instance=item, people=people_choices(project, request.user)
    )

    def save(data):
        return followups.update_follow_up(actor=request.user, follow_up=item, data=data)

    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=gettext_lazy("Edit the follow-up action"),
        done=_("The follow-up action was saved."),
    )


@login_required
@require_POST
def follow_up_done(request, follow_up_id: int):
    item = _follow_up(request, follow_up_id)
    try:
        followups.complete_follow_up(actor=request.user, follow_up=item)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The follow-up action is done."))
    if request.POST.get("back") == "mine":
        return redirect("follow_ups_mine")
    return redirect("project_detail", pk=item.project_id)


@login_required
def document_upload(request, pk: int):
    project = _team(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, project=project)

    def save(data):
        return documents.upload_document(
            actor=request.user,
            project=project,
            upload=data["file"],
            title=data["title"],
            audience=data["audience"],
            milestone=data["milestone"],
        )

    return _form_page(
        request,
        project=project,
        form=form,
        save=save,
        title=gettext_lazy("Upload a document"),
        done=_("The document was uploaded."),
    )


@login_required
def document_delete(request, document_id: int):
    document = get_visible(
        visible_documents(viewer(request)).select_related("project"), pk=document_id
    )
    if not can_delete_document(viewer(request), document):
        raise PermissionDenied
    return _confirm_delete(
        request,
        project=document.project,
        question=_("Delete the document “%(title)s” of %(project)s?")
        % {"title": document.title, "project": document.project.title},
        delete=lambda: documents.delete_document(actor=request.user, document=document),
        done=_("The document was deleted."),
    )


def document_download(request, document_id: int):
    """Serve a document to those allowed to open it, as a download, with safe headers."""
    document = get_visible(visible_documents(viewer(request)), pk=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
