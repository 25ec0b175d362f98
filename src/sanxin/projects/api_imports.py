"""REST endpoints of real-data imports (GEM trackers, WRI GPPD): start one, read runs.

The same rules as the UI: only platform admins and alliance secretariats import (a
secretariat into its own alliance) and see runs (a secretariat those of its alliances and its
own). Anonymous callers get 401, people without the power 403, a run they may not see 404.
The import itself runs in the background; poll ``GET /imports/{id}`` for its progress.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema
from ninja.errors import AuthenticationError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.directory.api import Page
from sanxin.directory.api_schemas import AllianceRef
from sanxin.directory.domain.access import Viewer, viewer_for
from sanxin.projects.data.sources import attribution
from sanxin.projects.domain.import_runs import (
    IMPORT_SOURCES,
    can_import_projects,
    error_message,
    import_alliances,
    is_stalled,
    notes_for_display,
    visible_import_runs,
)
from sanxin.projects.interfaces.import_runner import start_import

router = Router(tags=["imports"])


class NoteOut(Schema):
    row: int | None = None
    sheet: str
    code: str = Field(description="A machine-readable reason, e.g. ``bad_status``.")
    message: str = Field(description="The reason in the caller's language.")


class ImportRunOut(Schema):
    id: int
    source: str
    dataset: str = Field(description="The data set's citation, once the file was read.")
    attribution: str | None = Field(description="The credit line (CC BY 4.0) of the data set.")
    file_name: str
    file_size: int
    file_sha256: str
    alliance: AllianceRef | None = None
    started_by: str
    status: str
    stalled: bool
    percent: int
    rows_total: int
    rows_done: int
    rows_other: int
    rows_skipped: int
    projects_created: int
    projects_updated: int
    projects_unchanged: int
    organizations_created: int
    error: str
    queued: dt.datetime
    started: dt.datetime | None = None
    finished: dt.datetime | None = None

    @staticmethod
    def resolve_started_by(obj) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_attribution(obj) -> str | None:
        return attribution(obj.source, obj.dataset) if obj.dataset else None

    @staticmethod
    def resolve_stalled(obj) -> bool:
        return is_stalled(obj)

    @staticmethod
    def resolve_error(obj) -> str:
        return error_message(obj)


class ImportRunDetail(ImportRunOut):
    skipped: list[NoteOut]
    warnings: list[NoteOut]

    @staticmethod
    def resolve_skipped(obj) -> list[dict]:
        return notes_for_display(obj.skipped)

    @staticmethod
    def resolve_warnings(obj) -> list[dict]:
        return notes_for_display(obj.warnings)


class ImportIn(Schema):
    source: str = Field(
        description="``gem`` (a GEM tracker workbook, .xlsx) or ``gppd`` (the GPPD CSV).",
        json_schema_extra={"enum": list(IMPORT_SOURCES)},
    )
    alliance: str = Field(
        "",
        description="The alliance's slug; a secretariat that gives none imports into its own.",
    )


def _importer(request) -> Viewer:
    viewer = viewer_for(request.user)
    if not viewer.is_authenticated:
        raise AuthenticationError
    if not can_import_projects(viewer):
        raise PermissionDenied
    return viewer


def _runs(viewer: Viewer):
    return visible_import_runs(viewer).select_related("alliance")


@router.get("/imports", response=list[ImportRunOut])
@paginate(Page)
def list_imports(request):
    """Import runs the caller may see, newest first."""
    return _runs(_importer(request)).order_by("-queued", "-id")


@router.get("/imports/{run_id}", response=ImportRunDetail)
def get_import(request, run_id: int):
    """One run: its progress while it runs, then its results with every skipped row."""
    run = _runs(_importer(request)).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


@router.post("/imports", response={201: ImportRunDetail})
def create_import(request, file: File[UploadedFile], payload: Form[ImportIn]):
    """Upload a file and queue its import (multipart form: ``file``, ``source``,
    ``alliance``); answers the queued run at once."""
    viewer = _importer(request)
    alliance = None
    if payload.alliance:
        alliance = import_alliances(viewer).filter(slug=payload.alliance).first()
        if alliance is None:
            raise ValidationError(
                {"alliance": [_("You may import only into an alliance whose secretariat you are.")]}
            )
    if payload.source not in IMPORT_SOURCES:
        raise ValidationError({"source": [_("Choose Global Energy Monitor or WRI GPPD.")]})
    run = start_import(actor=request.user, source=payload.source, alliance=alliance, upload=file)
    run.refresh_from_db()
    return Status(201, run)
