"""Real-data imports for the secretariat: upload, a run's progress and results, the history.

The run page polls its progress fragment with htmx while the run is queued or running; the
work itself runs in the background (``interfaces/import_runner.py``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from sanxin.projects.data.sources import CREDITS, LICENCE_URL
from sanxin.projects.domain.import_runs import (
    can_import_projects,
    error_message,
    is_stalled,
    notes_for_display,
    visible_import_runs,
)
from sanxin.projects.interfaces.forms import apply_errors
from sanxin.projects.interfaces.import_forms import ImportForm
from sanxin.projects.interfaces.import_runner import start_import
from sanxin.projects.views.helpers import get_visible, paginate, viewer


def _importer(request):
    v = viewer(request)
    if not can_import_projects(v):
        raise PermissionDenied
    return v


def _runs(v):
    return visible_import_runs(v).select_related("alliance", "started_by")


@login_required
def project_import(request):
    """The upload form, the credits of the data sets and the history of runs."""
    v = _importer(request)
    form = ImportForm(request.POST or None, request.FILES or None, viewer=v)
    if request.method == "POST" and form.is_valid():
        try:
            run = start_import(
                actor=request.user,
                source=form.cleaned_data["source"],
                alliance=form.cleaned_data["alliance"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("project_import_run", pk=run.pk)
    page = paginate(request, _runs(v))
    context = {
        "nav": "projects",
        "form": form,
        "page": page,
        "credits": CREDITS,
        "licence_url": LICENCE_URL,
    }
    return render(request, "projects/import.html", context)


@login_required
def project_import_run(request, pk: int):
    """A run: its progress while it runs (polled by htmx), then its results."""
    v = _importer(request)
    run = get_visible(_runs(v), pk=pk)
    context = {
        "nav": "projects",
        "run": run,
        "stalled": is_stalled(run),
        "error": error_message(run),
        "skipped": notes_for_display(run.skipped) if not run.is_active else [],
        "warnings": notes_for_display(run.warnings) if not run.is_active else [],
        "licence_url": LICENCE_URL,
    }
    if request.htmx:
        return render(request, "projects/_import_progress.html", context)
    return render(request, "projects/import_run.html", context)
