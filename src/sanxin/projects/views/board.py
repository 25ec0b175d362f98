"""The pipeline board, the filterable list, the landing ratios and "my follow-ups"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.utils import timezone

from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory.domain.access import visible_alliances
from sanxin.directory.interfaces.forms import COUNTRY_CHOICES
from sanxin.directory.models import Region
from sanxin.projects.domain.access import editable_project_ids
from sanxin.projects.domain.landing import landing_ratios
from sanxin.projects.domain.queries import (
    my_follow_ups,
    owner_choices,
    search_projects,
)
from sanxin.projects.domain.stages import allowed_stages
from sanxin.projects.enums import ProjectType, Stage
from sanxin.projects.models import Project
from sanxin.projects.views.helpers import filters_from, paginate, viewer

#: Cards shown per column of the board; the column links to the full list of its stage.
#: (Ten columns of twelve keep the board under 150 ms with 10,000 projects: bench/projects.py.)
BOARD_CARDS = 12


def _filter_context(v, filters) -> dict:
    return {
        "filters": filters,
        "types": ProjectType.choices,
        "stages": Stage.choices,
        "countries": COUNTRY_CHOICES[1:3],
        "provinces": Region.objects.exclude(scheme="vn63"),
        "owners": owner_choices(v, filters.owner),
        "alliances": visible_alliances(v).order_by("slug"),
    }


def _with_moves(v, projects: list[Project], base) -> list[Project]:
    """Mark each project with the stages the viewer may move it to (none when not allowed)."""
    editable = editable_project_ids(v, base, [p.pk for p in projects])
    for project in projects:
        project.moves = (
            [(s, Stage(s).label) for s in allowed_stages(project)] if project.pk in editable else []
        )
    return projects


@cached_per_viewer
def project_list(request):
    v = viewer(request)
    filters = filters_from(request)
    page = paginate(request, search_projects(v, filters).order_by("-created", "-id"))
    context = {"nav": "projects", "page": page, **_filter_context(v, filters)}
    if request.htmx:
        return render(request, "projects/_project_results.html", context)
    return render(request, "projects/project_list.html", context)


@cached_per_viewer
def project_board(request):
    v = viewer(request)
    filters = filters_from(request)
    base = search_projects(v, filters).order_by("-stage_since", "-id")
    # One pass over the visible projects: each one's rank in its stage and the stage's count;
    # then the first cards of every column with what they show (computed for the cards only).
    first = (
        base.values("pk", "stage")
        .annotate(
            column_rank=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("stage_since").desc(), F("id").desc()],
            ),
            column_count=Window(Count("pk"), partition_by=[F("stage")]),
        )
        .filter(column_rank__lte=BOARD_CARDS)
    )
    counts = dict.fromkeys(Stage.values, 0)
    ids = []
    for row in first:
        counts[row["stage"]] = row["column_count"]
        ids.append(row["pk"])
    by_stage: dict[str, list[Project]] = {stage: [] for stage in Stage.values}
    for project in base.filter(pk__in=ids):
        by_stage.setdefault(project.stage, []).append(project)
    columns = []
    for stage, label in Stage.choices:
        cards = by_stage[stage]
        columns.append(
            {
                "stage": stage,
                "label": label,
                "count": counts[stage],
                "cards": cards,
                "more": counts[stage] - len(cards),
            }
        )
    cards = [card for column in columns for card in column["cards"]]
    _with_moves(v, cards, base)
    context = {"nav": "projects", "columns": columns, "cards": cards, **_filter_context(v, filters)}
    return render(request, "projects/board.html", context)


def project_landing(request):
    v = viewer(request)
    filters = filters_from(request)
    projects = search_projects(v, filters)
    context = {
        "nav": "projects",
        "ratios": landing_ratios(projects),
        "project_count": projects.count(),
        **_filter_context(v, filters),
    }
    return render(request, "projects/landing.html", context)


@login_required
def follow_ups_mine(request):
    v = viewer(request)
    include_closed = request.GET.get("all") == "1"
    page = paginate(request, my_follow_ups(v, include_closed=include_closed))
    return render(
        request,
        "projects/my_follow_ups.html",
        {
            "nav": "projects",
            "page": page,
            "include_closed": include_closed,
            "today": timezone.localdate(),
        },
    )
