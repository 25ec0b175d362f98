"""The alliance dashboard, its CSV exports and the secretariat's tCO2 target."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sanxin.directory.interfaces.forms import apply_errors
from sanxin.insights.domain.figures import dashboard_figures
from sanxin.insights.domain.scope import Scope, build_scope, can_set_target
from sanxin.insights.domain.targets import alliance_targets, set_target, target_for
from sanxin.insights.interfaces.charts import chart_for, dashboard_charts
from sanxin.insights.interfaces.forms import ScopeForm, TargetForm
from sanxin.insights.views.helpers import alliance_for, viewer


def _scope(request, v, alliance, alliances) -> tuple[ScopeForm, Scope | None]:
    form = ScopeForm(request.GET or None, viewer=v, alliance=alliance, alliances=alliances)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    try:
        scope = build_scope(
            viewer=v,
            alliance=alliance,
            region=data.get("region") or "",
            event_id=data.get("event"),
            start=data.get("start"),
            end=data.get("end"),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return form, None
    return form, scope


@login_required
def dashboard(request):
    v = viewer(request)
    alliance, alliances = alliance_for(request, v)
    form, scope = _scope(request, v, alliance, alliances)
    context = {
        "nav": "insights",
        "alliance": alliance,
        "form": form,
        "scope": scope,
        "can_set_target": can_set_target(v, alliance),
        "select_fields": ("region", "event"),
    }
    if scope is not None:
        figures = dashboard_figures(viewer=v, scope=scope)
        context.update(
            figures=figures,
            charts=dashboard_charts(figures),
            query=urlencode(scope.as_params()),
        )
    return render(request, "insights/dashboard.html", context)


@login_required
def dashboard_csv(request, key: str):
    """One chart's data table as CSV, for the same scope as the page."""
    v = viewer(request)
    alliance, alliances = alliance_for(request, v)
    form, scope = _scope(request, v, alliance, alliances)
    if scope is None:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    chart = chart_for(dashboard_figures(viewer=v, scope=scope), key)
    if chart is None:
        raise Http404
    response = HttpResponse("\ufeff" + chart.csv(), content_type="text/csv; charset=utf-8")
    name = f"sanxin-{alliance.slug}-{key}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def target_edit(request):
    """The secretariat sets the alliance's tCO2 target for a year."""
    v = viewer(request)
    alliance, _alliances = alliance_for(request, v)
    if not can_set_target(v, alliance):
        raise PermissionDenied
    year = timezone.localdate().year
    current = target_for(alliance=alliance, year=year)
    initial = {"year": year, "tco2_per_year": current.tco2_per_year if current else ""}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_target(
                actor=request.user,
                alliance=alliance,
                year=form.cleaned_data["year"],
                tco2_per_year=form.cleaned_data["tco2_per_year"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The target was saved."))
            return redirect(f"{reverse('dashboard')}?{urlencode({'alliance': alliance.slug})}")
    context = {
        "nav": "insights",
        "alliance": alliance,
        "form": form,
        "targets": alliance_targets(alliance),
    }
    return render(request, "insights/target_form.html", context)
