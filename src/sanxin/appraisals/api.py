"""REST endpoints of appraisals: list, read, run, the defaults for a project, the Excel export.

The same rules as the pages: whoever sees a project sees its appraisals (its team only for a
project visible to its own organization), its team runs new ones; what the caller may not see
answers 404.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.appraisals import api_schemas as s
from sanxin.appraisals.domain.access import can_see_appraisals, viewer_for, visible_appraisals
from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.domain.defaults import describe_source, prefill_for
from sanxin.appraisals.domain.queries import project_appraisals
from sanxin.appraisals.interfaces.excel import XLSX, appraisal_workbook, export_filename
from sanxin.appraisals.models import Appraisal
from sanxin.directory.api import Page
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.models import Project

router = Router(tags=["appraisals"])


def _project(request, project_id: int) -> Project:
    viewer = viewer_for(request.user)
    try:
        project = visible_projects(viewer).select_related("province").get(pk=project_id)
    except Project.DoesNotExist:
        raise Http404 from None
    if not can_see_appraisals(viewer, project, project_visible=True):
        raise Http404
    return project


def _appraisal(request, appraisal_id: int) -> Appraisal:
    try:
        return (
            visible_appraisals(viewer_for(request.user))
            .select_related("project", "created_by")
            .get(pk=appraisal_id)
        )
    except Appraisal.DoesNotExist:
        raise Http404 from None


@router.get("/projects/{project_id}/appraisals", response=list[s.AppraisalOut])
@paginate(Page)
def list_appraisals(request, project_id: int):
    """The project's appraisals, newest first (key figures; the full result is per item)."""
    project = _project(request, project_id)
    return project_appraisals(viewer_for(request.user), project)


class TechnologyQuery(Schema):
    technology: str = ""


@router.get("/projects/{project_id}/appraisals/defaults", response=s.DefaultsOut)
def appraisal_defaults(request, project_id: int, query: Query[TechnologyQuery]):
    """The inputs a new appraisal starts from, each with its source (library, project, engine)."""
    project = _project(request, project_id)
    prefill = prefill_for(project, query.technology or None)
    return {
        "project": project.pk,
        "appraisable": prefill.appraisable,
        "technology": prefill.technology,
        "technologies": list(prefill.technologies),
        "country": prefill.country,
        "inputs": prefill.inputs(),
        "sources": [
            {"field": key, "value": d.value, "origin": d.origin, "source": describe_source(d)}
            for key, d in prefill.values.items()
        ],
        "notes": list(prefill.notes),
    }


@router.post("/projects/{project_id}/appraisals", response={201: s.AppraisalDetail})
def create_appraisal(request, project_id: int, payload: s.AppraisalIn):
    """Run and store an appraisal (the project team). Errors: 422 by input name."""
    project = _project(request, project_id)
    appraisal = run_appraisal(
        actor=request.user,
        project=project,
        data=payload.inputs.to_data(),
        scenario=payload.scenario,
    )
    return Status(201, _appraisal(request, appraisal.pk))


@router.get("/appraisals/{appraisal_id}", response=s.AppraisalDetail)
def get_appraisal(request, appraisal_id: int):
    return _appraisal(request, appraisal_id)


@router.get(
    "/appraisals/{appraisal_id}/export",
    openapi_extra={
        "responses": {
            200: {
                "description": "The appraisal as an Excel workbook.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_appraisal(request, appraisal_id: int):
    """Key figures, inputs, yearly cash flows and sensitivity as .xlsx."""
    appraisal = _appraisal(request, appraisal_id)
    response = HttpResponse(appraisal_workbook(appraisal), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(appraisal)}"'
    return response
