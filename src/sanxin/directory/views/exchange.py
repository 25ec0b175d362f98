"""Import and export of organizations and memberships (CSV and Excel).

Import is upload → preview (a dry run: the rows to create or update, or every error row by
row) → confirm (the same file, kept server-side under the data dir, imported all or nothing).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxin.directory.domain.imports import can_import_organizations, import_alliances
from sanxin.directory.interfaces.exporters import (
    CONTENT_TYPES,
    export_csv,
    export_filename,
    export_xlsx,
)
from sanxin.directory.interfaces.importers import COLUMNS, import_organizations
from sanxin.directory.interfaces.tabular import SUFFIXES, TabularError, read_table
from sanxin.directory.models import Alliance
from sanxin.directory.views.helpers import viewer
from sanxin.directory.views.organizations import _filters

SESSION_KEY = "sanxin_import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Uploaded files not confirmed within this many seconds are removed.
KEEP_SECONDS = 24 * 3600


def _upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored(token: str, suffix: str) -> Path:
    if not token.isalnum() or suffix not in SUFFIXES:
        raise Http404
    return _upload_dir() / f"{token}{suffix}"


def _sweep() -> None:
    limit = time.time() - KEEP_SECONDS
    for old in _upload_dir().iterdir():
        if old.is_file() and old.stat().st_mtime < limit:
            old.unlink(missing_ok=True)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.csv or .xlsx)"),
        help_text=gettext_lazy("The first row holds the column names listed below."),
    )
    alliance = forms.ModelChoiceField(
        label=gettext_lazy("Make them members of"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No alliance: import the organizations only"),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["alliance"]
        field.queryset = import_alliances(viewer)
        if not viewer.is_admin:
            # A secretariat always imports into its alliance (the first one when not chosen).
            field.empty_label = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def _preview(request, form, pending: dict, *, dry_run: bool):
    """Run the stored file (dry or for real); render the preview, or None when saved."""
    path = _stored(pending["token"], pending["suffix"])
    alliance = Alliance.objects.filter(pk=pending["alliance"]).first()
    try:
        table = read_table(path, name=pending["name"])
    except (TabularError, FileNotFoundError) as exc:
        message = str(exc) if isinstance(exc, TabularError) else _("Upload the file again.")
        form.add_error("file", message)
        request.session.pop(SESSION_KEY, None)
        return render(request, "directory/import.html", _context(form))
    result = import_organizations(
        actor=request.user, table=table, alliance=alliance, dry_run=dry_run
    )
    if result.ok and not dry_run:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        return None
    return render(
        request,
        "directory/import_preview.html",
        _context(form, result=result, pending=pending),
    )


def _context(form, **extra):
    return {"nav": "directory", "form": form, "columns": COLUMNS, **extra}


@login_required
def org_import(request):
    v = viewer(request)
    if not can_import_organizations(v):
        raise PermissionDenied
    pending = request.session.get(SESSION_KEY)
    step = request.POST.get("step", "")
    if request.method == "POST" and step in ("confirm", "review", "cancel") and pending:
        if request.POST.get("token") != pending["token"]:
            messages.error(request, _("This import is no longer waiting; upload the file again."))
            return redirect("org_import")
        if step == "cancel":
            _stored(pending["token"], pending["suffix"]).unlink(missing_ok=True)
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("The import was cancelled; nothing was saved."))
            return redirect("org_import")
        form = ImportForm(viewer=v)
        response = _preview(request, form, pending, dry_run=step == "review")
        if response is not None:
            return response
        messages.success(request, _("The file was imported."))
        return redirect("org_list")
    if request.method == "POST" and step == "upload":
        form = ImportForm(request.POST, request.FILES, viewer=v)
        if form.is_valid():
            _sweep()
            if pending:
                _stored(pending["token"], pending["suffix"]).unlink(missing_ok=True)
            upload = form.cleaned_data["file"]
            alliance = form.cleaned_data["alliance"]
            pending = {
                "token": uuid.uuid4().hex,
                "suffix": Path(upload.name).suffix.lower(),
                "name": Path(upload.name).name[:200],
                "alliance": alliance.pk if alliance else None,
            }
            with _stored(pending["token"], pending["suffix"]).open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            request.session[SESSION_KEY] = pending
            return _preview(request, ImportForm(viewer=v), pending, dry_run=True)
    else:
        form = ImportForm(viewer=v)
    return render(request, "directory/import.html", _context(form, pending=pending))


def org_export(request, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    v = viewer(request)
    filters = _filters(request)
    data = export_xlsx(v, filters) if fmt == "xlsx" else export_csv(v, filters)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = export_filename(fmt, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
