"""Pages of appraisals: the history of a project's appraisals, the assumptions form, the
results, scenarios side by side, the Excel export and the assumptions library."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanxin.appraisals.domain.access import can_appraise, can_see_appraisals, visible_appraisals
from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.domain.defaults import describe_source, prefill_for
from sanxin.appraisals.domain.queries import (
    COMPARE_MAX,
    COMPARE_MIN,
    appraisals_to_compare,
    project_appraisals,
)
from sanxin.appraisals.enums import Technology
from sanxin.appraisals.interfaces import charts, present
from sanxin.appraisals.interfaces.excel import XLSX, appraisal_workbook, export_filename
from sanxin.appraisals.interfaces.forms import AppraisalForm, initial_from
from sanxin.appraisals.interfaces.labels import GROUPS, INPUT_FIELDS, display_value, input_label
from sanxin.appraisals.interfaces.library import factor_table_version, library_tables
from sanxin.appraisals.models import Appraisal
from sanxin.directory.interfaces.forms import apply_errors
from sanxin.directory.views.helpers import get_visible, paginate, viewer
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.models import Project

NAV = "projects"


def _project(request, project_id: int) -> Project:
    """A project whose appraisals the viewer sees, or 404."""
    v = viewer(request)
    project = get_visible(visible_projects(v).select_related("owner", "province"), pk=project_id)
    if not can_see_appraisals(v, project, project_visible=True):
        raise Http404
    return project


def _appraisal(request, pk: int) -> Appraisal:
    return get_visible(
        visible_appraisals(viewer(request)).select_related("project", "created_by"), pk=pk
    )


def appraisal_list(request, project_id: int):
    project = _project(request, project_id)
    v = viewer(request)
    page = paginate(request, project_appraisals(v, project))
    rows = [(a, present.figures(a, present.HEADLINE)) for a in page]
    context = {
        "nav": NAV,
        "project": project,
        "page": page,
        "rows": rows,
        "headline": [str(present.FIGURE_LABELS[k]) for k in present.HEADLINE],
        "can_appraise": can_appraise(v, project),
        "compare_min": COMPARE_MIN,
        "compare_max": COMPARE_MAX,
    }
    return render(request, "appraisals/appraisal_list.html", context)


def _start(request, project: Project, prefill) -> dict:
    """Initial form values: the defaults, or a stored appraisal of the project (``?from=``)."""
    source = request.GET.get("from", "")
    if source.isdigit():
        base = (
            visible_appraisals(viewer(request))
            .filter(project=project, pk=int(source))
            .only("inputs", "scenario")
            .first()
        )
        if base is not None:
            return {**initial_from(base.inputs), "scenario": ""}
    scenario = _("Base case") if not project.appraisals.exists() else ""
    return {**initial_from(prefill.inputs()), "scenario": scenario}


@login_required
def appraisal_create(request, project_id: int):
    v = viewer(request)
    project = get_visible(visible_projects(v).select_related("owner", "province"), pk=project_id)
    if not can_appraise(v, project):
        raise PermissionDenied
    chosen = request.POST.get("technology") or request.GET.get("technology")
    prefill = prefill_for(project, chosen)
    form = None
    if prefill.appraisable:
        if request.method == "POST":
            form = AppraisalForm(request.POST, technologies=prefill.technologies)
            if form.is_valid():
                try:
                    appraisal = run_appraisal(
                        actor=request.user,
                        project=project,
                        data=form.to_inputs(),
                        scenario=form.cleaned_data.get("scenario", ""),
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("The appraisal was saved."))
                    return redirect("appraisal_detail", pk=appraisal.pk)
            messages.error(
                request, _("The appraisal was not run. Please correct the errors below.")
            )
        else:
            form = AppraisalForm(
                initial=_start(request, project, prefill), technologies=prefill.technologies
            )
    defaults = {
        key: {"value": display_value(key, d.value), "source": describe_source(d)}
        for key, d in prefill.values.items()
    }
    groups = []
    if form is not None:
        groups = [
            (title, [(form[f.key], defaults.get(f.key)) for f in fields])
            for title, fields in GROUPS
        ]
    context = {
        "nav": NAV,
        "project": project,
        "form": form,
        "groups": groups,
        "prefill": prefill,
        "technology_choices": [(t, Technology(t).label) for t in prefill.technologies],
    }
    return render(request, "appraisals/appraisal_form.html", context)


def appraisal_detail(request, pk: int):
    appraisal = _appraisal(request, pk)
    v = viewer(request)
    bars = appraisal.tornado.get("bars", [])
    labels = {bar["input"]: input_label(bar["input"]) for bar in bars}
    short = {key: str(present.TORNADO_LABELS.get(key, label)) for key, label in labels.items()}
    header, body = present.page_cash_flows(appraisal)
    tornado_rows = [
        {
            "label": labels[bar["input"]],
            "low": display_value(bar["input"], bar["low"]),
            "high": display_value(bar["input"], bar["high"]),
            "metric_low": present.format_figure(
                present.MONEY, bar["metric_low"], appraisal.currency
            ),
            "metric_high": present.format_figure(
                present.MONEY, bar["metric_high"], appraisal.currency
            ),
        }
        for bar in bars
    ]
    context = {
        "nav": NAV,
        "appraisal": appraisal,
        "project": appraisal.project,
        "figures": present.figures(appraisal, reasons=True),
        "carbon": present.carbon(appraisal),
        "notes": present.notes(appraisal),
        "cash_chart": charts.cash_flow_chart(appraisal),
        "cash_header": header,
        "cash_rows": body,
        "tornado_chart": charts.tornado_chart(appraisal, short),
        "tornado_rows": tornado_rows,
        "tornado_base": present.format_figure(
            present.MONEY, appraisal.tornado.get("base"), appraisal.currency
        ),
        "inputs": [
            (input_label(key), display_value(key, appraisal.inputs.get(key)))
            for key in INPUT_FIELDS
            if appraisal.inputs.get(key) is not None
        ],
        "can_appraise": can_appraise(v, appraisal.project),
    }
    return render(request, "appraisals/appraisal_detail.html", context)


def appraisal_export(request, pk: int):
    appraisal = _appraisal(request, pk)
    response = HttpResponse(appraisal_workbook(appraisal), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(appraisal)}"'
    return response


def appraisal_compare(request, project_id: int):
    project = _project(request, project_id)
    raw = request.GET.getlist("id")
    if not all(value.isdigit() and len(value) < 12 for value in raw):
        raise Http404
    ids = list(dict.fromkeys(int(value) for value in raw))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        messages.error(
            request,
            _("Choose from %(min)s to %(max)s appraisals to compare.")
            % {"min": COMPARE_MIN, "max": COMPARE_MAX},
        )
        return redirect("appraisal_list", project_id=project.pk)
    chosen = appraisals_to_compare(viewer(request), project, ids)
    if chosen is None:
        raise Http404
    figure_rows = []
    for key, label, _unit in present.FIGURES:
        cells = [present.figures(a, (key,))[0].text for a in chosen]
        figure_rows.append({"label": str(label), "cells": cells, "differs": len(set(cells)) > 1})
    input_rows = []
    for key in INPUT_FIELDS:
        cells = [display_value(key, a.inputs.get(key)) for a in chosen]
        input_rows.append(
            {"label": input_label(key), "cells": cells, "differs": len(set(cells)) > 1}
        )
    context = {
        "nav": NAV,
        "project": project,
        "appraisals": chosen,
        "figure_rows": figure_rows,
        "input_rows": input_rows,
    }
    return render(request, "appraisals/appraisal_compare.html", context)


def appraisal_assumptions(request):
    context = {
        "nav": NAV,
        "tables": library_tables(),
        "factor_table_version": factor_table_version(),
    }
    return render(request, "appraisals/assumptions.html", context)
