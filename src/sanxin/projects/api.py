"""REST endpoints of cooperation projects.

Every read starts from a viewer-scoped ``visible_*`` queryset (rows the caller may not see
answer 404, never 403) and every write goes through a domain function, which checks the
caller's powers, validates, saves and writes the audit entry.
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.errors import AuthenticationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory.api import Page
from sanxin.directory.domain.access import visible_alliances, visible_organizations
from sanxin.projects import api_schemas as s
from sanxin.projects.domain import (
    consortium,
    documents,
    followups,
    funding,
    milestones,
    phases,
)
from sanxin.projects.domain.access import (
    Viewer,
    can_edit_project,
    viewer_for,
    visible_consortium,
    visible_documents,
    visible_follow_ups,
    visible_projects,
)
from sanxin.projects.domain.landing import landing_ratios
from sanxin.projects.domain.notifications import unwatch_project, watch_project
from sanxin.projects.domain.projects import create_project, update_project
from sanxin.projects.domain.queries import (
    ProjectFilters,
    my_follow_ups,
    project_page,
    search_projects,
)
from sanxin.projects.domain.stages import allowed_stages, set_project_stage
from sanxin.projects.enums import DocumentAudience, ProjectType, Stage
from sanxin.projects.models import FundingSource, Milestone, Phase, Project

router = Router(tags=["projects"])
router.add_router("/", "sanxin.projects.api_imports.router")  # real-data imports


def _viewer(request) -> Viewer:
    return viewer_for(request.user)


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _project(request, project_id: int) -> Project:
    return _get(visible_projects(_viewer(request)), pk=project_id)


def _detail(request, project_id: int) -> Project:
    viewer = _viewer(request)
    try:
        project = project_page(viewer, project_id)
    except Project.DoesNotExist:
        raise Http404 from None
    project.can_edit = can_edit_project(viewer, project)
    project.allowed_stages = list(allowed_stages(project)) if project.can_edit else []
    return project


def _filters(filters: s.ProjectQuery) -> ProjectFilters:
    s.check_choices(type=(filters.type, ProjectType), stage=(filters.stage, Stage))
    return ProjectFilters(
        q=filters.q,
        project_type=filters.type,
        stage=filters.stage,
        country=filters.country.upper(),
        province=filters.province,
        alliance=filters.alliance,
        owner=filters.owner,
        overdue=filters.overdue,
    )


def _org(viewer: Viewer, slug: str | None, field: str = "organization"):
    if not slug:
        return None
    org = visible_organizations(viewer).filter(slug=slug).first()
    if org is None:
        raise ValidationError(
            {field: [_("No organization with the short code “%(slug)s”.") % {"slug": slug}]}
        )
    return org


# --- projects -----------------------------------------------------------------------------


@router.get("/projects", response=list[s.ProjectOut])
@paginate(Page)
@cached_per_viewer
def list_projects(request, filters: Query[s.ProjectQuery]):
    """Projects the caller may see, newest first, searched across the three languages."""
    return search_projects(_viewer(request), _filters(filters)).order_by("-created", "-id")


@router.get("/projects/landing", response=s.LandingOut)
def project_landing(request, filters: Query[s.ProjectQuery]):
    """The landing ratios of the projects the caller may see (narrowed by the same filters)."""
    projects = search_projects(_viewer(request), _filters(filters))
    ratios = landing_ratios(projects)
    return {
        "on": ratios.on,
        "currency": ratios.currency,
        "projects": projects.count(),
        "ratios": list(ratios),
        "missing_rates": list(ratios.missing_rates),
    }


@router.get("/projects/{project_id}", response=s.ProjectDetail)
def get_project(request, project_id: int):
    return _detail(request, project_id)


def _project_data(viewer: Viewer, payload: s.ProjectIn) -> dict:
    return s.project_data(
        payload,
        organizations=visible_organizations(viewer),
        alliances=visible_alliances(viewer),
    )


@router.post("/projects", response={201: s.ProjectDetail})
def create(request, payload: s.ProjectIn):
    """Propose a project (or record one already further along, with ``stage``)."""
    viewer = _viewer(request)
    data = _project_data(viewer, payload)
    stage = data.pop("stage", None) or Stage.IDEA
    on = data.pop("stage_since", None)
    if "owner" not in payload.model_fields_set and viewer.org_id is not None:
        data["owner"] = request.user.organization
    project = create_project(actor=request.user, data=data, stage=stage, on=on)
    return Status(201, _detail(request, project.pk))


@router.patch("/projects/{project_id}", response=s.ProjectDetail)
def change(request, project_id: int, payload: s.ProjectIn):
    """Change only the fields sent; the stage changes with POST …/stage.

    Send the ``version`` you read: when someone changed the project since, nothing is saved and
    the answer is 409 with ``current_version`` and who changed which fields."""
    project = _project(request, project_id)
    data = _project_data(_viewer(request), payload)
    if "stage" in data or "stage_since" in data:
        raise ValidationError(
            {"stage": [_("Change the stage with POST /api/projects/{id}/stage.")]}
        )
    update_project(actor=request.user, project=project, data=data, expected_version=payload.version)
    return _detail(request, project_id)


@router.post("/projects/{project_id}/stage", response=s.ProjectDetail)
def move(request, project_id: int, payload: s.StageIn):
    """Move the project to another stage: the same validated transition as the board."""
    project = _project(request, project_id)
    set_project_stage(
        actor=request.user, project=project, stage=payload.stage, on=payload.on, note=payload.note
    )
    return _detail(request, project_id)


@router.post("/projects/{project_id}/watch", response={204: None})
def watch(request, project_id: int):
    watch_project(actor=request.user, project=_project(request, project_id))
    return Status(204, None)


@router.delete("/projects/{project_id}/watch", response={204: None})
def unwatch(request, project_id: int):
    unwatch_project(actor=request.user, project=_project(request, project_id))
    return Status(204, None)


# --- phases and milestones ----------------------------------------------------------------


@router.get("/projects/{project_id}/phases", response=list[s.PhaseOut], tags=["phases"])
def list_phases(request, project_id: int):
    return _project(request, project_id).phases.order_by("number")


@router.post("/projects/{project_id}/phases", response={201: s.PhaseOut}, tags=["phases"])
def add_phase(request, project_id: int, payload: s.PhaseIn):
    project = _project(request, project_id)
    data = payload.model_dump(exclude_unset=True)
    s.blank_nulls(data)
    return Status(201, phases.add_phase(actor=request.user, project=project, data=data))


@router.patch("/projects/{project_id}/phases/{phase_id}", response=s.PhaseOut, tags=["phases"])
def change_phase(request, project_id: int, phase_id: int, payload: s.PhaseIn):
    project = _project(request, project_id)
    phase = _get(Phase.objects.filter(project=project), pk=phase_id)
    data = payload.model_dump(exclude_unset=True)
    s.blank_nulls(data)
    return phases.update_phase(actor=request.user, phase=phase, data=data)


@router.delete("/projects/{project_id}/phases/{phase_id}", response={204: None}, tags=["phases"])
def remove_phase(request, project_id: int, phase_id: int):
    """Delete a phase; its milestones stay on the project without a phase."""
    project = _project(request, project_id)
    phase = _get(Phase.objects.filter(project=project), pk=phase_id)
    phases.delete_phase(actor=request.user, phase=phase)
    return Status(204, None)


def _milestone_data(project: Project, payload: s.MilestoneIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    s.blank_nulls(data)
    if data.get("phase") is not None:
        data["phase"] = project.phases.filter(pk=data["phase"]).first()
        if data["phase"] is None:
            raise ValidationError({"phase": [_("Choose a phase of this project.")]})
    return data


@router.get("/projects/{project_id}/milestones", response=list[s.MilestoneOut], tags=["milestones"])
def list_milestones(request, project_id: int):
    return _project(request, project_id).milestones.order_by("planned", "id")


@router.post(
    "/projects/{project_id}/milestones", response={201: s.MilestoneOut}, tags=["milestones"]
)
def add_milestone(request, project_id: int, payload: s.MilestoneIn):
    project = _project(request, project_id)
    data = _milestone_data(project, payload)
    return Status(201, milestones.add_milestone(actor=request.user, project=project, data=data))


@router.patch(
    "/projects/{project_id}/milestones/{milestone_id}",
    response=s.MilestoneOut,
    tags=["milestones"],
)
def change_milestone(request, project_id: int, milestone_id: int, payload: s.MilestoneIn):
    project = _project(request, project_id)
    milestone = _get(Milestone.objects.filter(project=project), pk=milestone_id)
    data = _milestone_data(project, payload)
    return milestones.update_milestone(actor=request.user, milestone=milestone, data=data)


@router.delete(
    "/projects/{project_id}/milestones/{milestone_id}",
    response={204: None},
    tags=["milestones"],
)
def remove_milestone(request, project_id: int, milestone_id: int):
    project = _project(request, project_id)
    milestone = _get(Milestone.objects.filter(project=project), pk=milestone_id)
    milestones.delete_milestone(actor=request.user, milestone=milestone)
    return Status(204, None)


# --- consortium ---------------------------------------------------------------------------


@router.get(
    "/projects/{project_id}/consortium", response=list[s.ConsortiumOut], tags=["consortium"]
)
def list_consortium(request, project_id: int):
    """The partners the caller may see (declined and suggested ones only for the team)."""
    project = _project(request, project_id)
    return (
        visible_consortium(_viewer(request))
        .filter(project=project)
        .select_related("organization")
        .order_by("role", "id")
    )


@router.post(
    "/projects/{project_id}/consortium", response={201: s.ConsortiumOut}, tags=["consortium"]
)
def invite(request, project_id: int, payload: s.InviteIn):
    """Invite an organization for a role; its admin accepts or declines."""
    project = _project(request, project_id)
    org = _org(_viewer(request), payload.organization)
    if org is None:
        raise ValidationError({"organization": [_("Say which organization to invite.")]})
    row = consortium.propose_partner(
        actor=request.user,
        project=project,
        organization=org,
        role=payload.role,
        share=payload.share,
        note=payload.note,
        invite=payload.invite,
    )
    return Status(201, row)


ANSWERS = {"accept": consortium.accept_invitation, "decline": consortium.decline_invitation}


@router.post(
    "/projects/{project_id}/consortium/{role_id}/{action}",
    response=s.ConsortiumOut,
    tags=["consortium"],
)
def answer(request, project_id: int, role_id: int, action: Literal["accept", "decline"]):
    """Only the invited organization's own admin accepts or declines."""
    project = _project(request, project_id)
    role = _get(visible_consortium(_viewer(request)).filter(project=project), pk=role_id)
    return ANSWERS[action](actor=request.user, role=role)


# --- funding, follow-ups, documents -------------------------------------------------------


@router.get("/projects/{project_id}/funding", response=list[s.FundingSourceOut], tags=["funding"])
def list_funding(request, project_id: int):
    project = _project(request, project_id)
    return (
        project.funding_sources.select_related("organization")
        .prefetch_related("entries")
        .order_by("id")
    )


@router.post("/projects/{project_id}/funding", response={201: s.FundingSourceOut}, tags=["funding"])
def add_funding_source(request, project_id: int, payload: s.FundingSourceIn):
    project = _project(request, project_id)
    source = funding.add_funding_source(
        actor=request.user,
        project=project,
        label=payload.label,
        organization=_org(_viewer(request), payload.organization),
        kind=payload.kind,
        currency=payload.currency,
    )
    return Status(201, source)


@router.post(
    "/projects/{project_id}/funding/{source_id}/entries",
    response={201: s.FundingSourceOut},
    tags=["funding"],
)
def record_funding(request, project_id: int, source_id: int, payload: s.FundingEntryIn):
    """Money committed or arrived; answers the source with its new totals."""
    project = _project(request, project_id)
    source = _get(FundingSource.objects.filter(project=project), pk=source_id)
    funding.record_funding(actor=request.user, source=source, **payload.model_dump())
    return Status(201, _get(project.funding_sources.prefetch_related("entries"), pk=source_id))


@router.get("/projects/{project_id}/follow-ups", response=list[s.FollowUpOut], tags=["follow-ups"])
def list_follow_ups(request, project_id: int):
    project = _project(request, project_id)
    return (
        visible_follow_ups(_viewer(request))
        .filter(project=project)
        .select_related("owner")
        .order_by("due", "id")
    )


@router.post(
    "/projects/{project_id}/follow-ups", response={201: s.FollowUpOut}, tags=["follow-ups"]
)
def add_follow_up(request, project_id: int, payload: s.FollowUpIn):
    project = _project(request, project_id)
    data = s.follow_up_data(payload)
    data.setdefault("owner", request.user)
    item = followups.add_follow_up(actor=request.user, project=project, data=data)
    return Status(201, item)


@router.get("/follow-ups/mine", response=list[s.FollowUpOut], tags=["follow-ups"])
@paginate(Page)
def mine(request, include_closed: bool = False):
    """The caller's own follow-up actions, soonest due first."""
    viewer = _viewer(request)
    if not viewer.is_authenticated:
        raise AuthenticationError
    return my_follow_ups(viewer, include_closed=include_closed).select_related("owner")


@router.patch("/follow-ups/{follow_up_id}", response=s.FollowUpOut, tags=["follow-ups"])
def change_follow_up(request, follow_up_id: int, payload: s.FollowUpIn):
    item = _get(visible_follow_ups(_viewer(request)).select_related("project"), pk=follow_up_id)
    return followups.update_follow_up(
        actor=request.user, follow_up=item, data=s.follow_up_data(payload)
    )


@router.get("/projects/{project_id}/documents", response=list[s.DocumentOut], tags=["documents"])
def list_documents(request, project_id: int):
    """The documents the caller may open; ``download_url`` serves the file."""
    project = _project(request, project_id)
    return visible_documents(_viewer(request)).filter(project=project).order_by("-uploaded", "-id")


@router.post("/projects/{project_id}/documents", response={201: s.DocumentOut}, tags=["documents"])
def upload(request, project_id: int, file: File[UploadedFile], payload: Form[s.DocumentIn]):
    """Upload a document (multipart form: ``file``, optional ``title``, ``audience``,
    ``milestone``); size and type are checked against the file's content."""
    project = _project(request, project_id)
    s.check_choices(audience=(payload.audience, DocumentAudience))
    evidence_for = None
    if payload.milestone is not None:
        evidence_for = project.milestones.filter(pk=payload.milestone).first()
        if evidence_for is None:
            raise ValidationError({"milestone": [_("Choose a milestone of this project.")]})
    document = documents.upload_document(
        actor=request.user,
        project=project,
        upload=file,
        title=payload.title,
        audience=payload.audience,
        milestone=evidence_for,
    )
    return Status(201, document)


@router.delete(
    "/projects/{project_id}/documents/{document_id}", response={204: None}, tags=["documents"]
)
def remove_document(request, project_id: int, document_id: int):
    """Delete a document: the project's editors, or its uploader while on the team."""
    project = _project(request, project_id)
    document = _get(
        visible_documents(_viewer(request)).filter(project=project).select_related("project"),
        pk=document_id,
    )
    documents.delete_document(actor=request.user, document=document)
    return Status(204, None)
