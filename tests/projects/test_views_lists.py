"""The list, the pipeline board, the landing page and "my follow-ups": what each role sees,
the filters, the stage moves from the board, and constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxin.common.enums import Confidentiality
from sanxin.projects.domain.access import (
    can_edit_project,
    editable_project_ids,
    viewer_for,
    visible_projects,
)
from sanxin.projects.domain.projects import refresh_search_text
from sanxin.projects.enums import MilestoneStatus, ProjectType, Stage
from sanxin.projects.models import Project, ProjectStageChange
from tests.conftest import ROLES, client_for
from tests.factories import region
from tests.projects.factories import FollowUpFactory, MilestoneFactory, ProjectFactory
from tests.projects.test_visibility import EXPECTED

pytestmark = pytest.mark.integration

PAST = dt.date(2020, 1, 1)


def _titles(page) -> set[str]:
    return {p.title_en for p in page}


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_what_the_role_may_see(world, projects, role):
    response = client_for(world, role).get(reverse("project_list"))
    assert response.status_code == 200
    assert _titles(response.context["page"]) == EXPECTED[role]
    assert response.context["page"].paginator.count == len(EXPECTED[role])


@pytest.mark.parametrize("role", ROLES)
def test_board_shows_exactly_what_the_role_may_see(world, projects, role):
    response = client_for(world, role).get(reverse("project_board"))
    columns = response.context["columns"]
    assert [c["stage"] for c in columns] == list(Stage.values)
    assert {p.title_en for c in columns for p in c["cards"]} == EXPECTED[role]
    assert sum(c["count"] for c in columns) == len(EXPECTED[role])


@pytest.mark.parametrize("role", ROLES)
def test_board_offers_moves_exactly_where_the_domain_allows(world, projects, role):
    viewer = viewer_for(world.person(role))
    visible = list(visible_projects(viewer))
    expected = {p.pk for p in visible if can_edit_project(viewer, p)}
    assert editable_project_ids(viewer, Project.objects.all(), [p.pk for p in visible]) == expected
    response = client_for(world, role).get(reverse("project_board"))
    cards = [p for c in response.context["columns"] for p in c["cards"]]
    assert {p.pk for p in cards if p.moves} == expected
    for card in cards:
        if card.moves:
            assert [s for s, _label in card.moves] == ["proposed", "on_hold", "cancelled"]


def test_board_column_limit_links_to_the_rest(world):
    for _ in range(22):
        ProjectFactory(owner=world.member_org, stage=Stage.PROPOSED)
    client = client_for(world, "member")
    column = client.get(reverse("project_board")).context["columns"][1]
    assert (column["count"], len(column["cards"]), column["more"]) == (22, 12, 10)


def test_moving_a_card_on_the_board_runs_the_transition(world):
    project = ProjectFactory(owner=world.member_org, stage=Stage.IDEA, stage_since=PAST)
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("project_stage", args=[project.pk]), {"stage": "proposed", "back": "board"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("project_board")
    project.refresh_from_db()
    assert (project.stage, project.furthest_stage) == (Stage.PROPOSED, Stage.PROPOSED)
    assert list(ProjectStageChange.objects.filter(project=project).values_list("to_stage")) == [
        ("proposed",)
    ]


def test_a_refused_move_says_why_and_changes_nothing(world):
    project = ProjectFactory(owner=world.member_org, stage=Stage.IDEA, stage_since=PAST)
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("project_stage", args=[project.pk]), {"stage": "in_operation"}, follow=True
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "A project that is “Idea” cannot move to “In operation”; it can move to: "
        "“Proposed”, “On hold”, “Cancelled”."
    ]
    project.refresh_from_db()
    assert project.stage == Stage.IDEA
    assert not ProjectStageChange.objects.filter(project=project).exists()


def test_a_move_with_an_unknown_stage_or_future_date_changes_nothing(world):
    project = ProjectFactory(owner=world.member_org, stage=Stage.IDEA, stage_since=PAST)
    client = client_for(world, "org_admin")
    url = reverse("project_stage", args=[project.pk])
    client.post(url, {"stage": "flying"})
    client.post(url, {"stage": "proposed", "on": "2999-01-01"})
    project.refresh_from_db()
    assert project.stage == Stage.IDEA


def test_list_filters(world):
    sc = region("CN-SC")
    wind = ProjectFactory(
        title_en="Liangshan wind",
        title_zh="凉山风电",
        owner=world.member_org,
        project_type=ProjectType.WIND,
        province=sc,
        stage=Stage.PROPOSED,
    )
    pv = ProjectFactory(
        title_en="Bac Ninh solar",
        title_vi="Điện mặt trời Bắc Ninh",
        owner=world.public_org,
        project_type=ProjectType.PV,
        country="VN",
        confidentiality=Confidentiality.PUBLIC,
    )
    MilestoneFactory(project=pv, planned=PAST, status=MilestoneStatus.PLANNED)
    for project in (wind, pv):
        refresh_search_text(project)  # what create_project does; the factory does not
        project.save()
    client = client_for(world, "member")

    def found(**params) -> list[str]:
        response = client.get(reverse("project_list"), params)
        return sorted(p.title_en for p in response.context["page"])

    assert found() == ["Bac Ninh solar", "Liangshan wind"]
    assert found(type="pv") == ["Bac Ninh solar"]
    assert found(stage="proposed") == ["Liangshan wind"]
    assert found(country="vn") == ["Bac Ninh solar"]
    assert found(province="CN-SC") == ["Liangshan wind"]
    assert found(owner="member-org") == ["Liangshan wind"]
    assert found(q="凉山") == ["Liangshan wind"]
    assert found(q="bac ninh") == ["Bac Ninh solar"]
    assert found(overdue="1") == ["Bac Ninh solar"]
    assert found(stage="nonsense") == ["Bac Ninh solar", "Liangshan wind"]


def test_list_flags_overdue_milestones(world):
    project = ProjectFactory(title_en="Late", owner=world.member_org)
    MilestoneFactory(project=project, planned=PAST, status=MilestoneStatus.IN_PROGRESS)
    MilestoneFactory(project=project, planned=PAST, status=MilestoneStatus.DONE, actual=PAST)
    html = client_for(world, "member").get(reverse("project_list")).content.decode()
    assert "1 overdue milestone" in html


def test_htmx_list_answers_the_results_only(world):
    ProjectFactory(owner=world.member_org)
    response = client_for(world, "member").get(reverse("project_list"), HTTP_HX_REQUEST="true")
    assert next(t.name for t in response.templates) == "projects/_project_results.html"


def test_my_follow_ups_lists_my_open_actions_and_marks_them_done(world):
    project = ProjectFactory(owner=world.member_org)
    late = FollowUpFactory(project=project, owner=world.member, due=PAST, title="Late one")
    FollowUpFactory(project=project, owner=world.member, title="Later one")
    FollowUpFactory(project=project, owner=world.org_admin, title="Not mine")
    client = client_for(world, "member")
    response = client.get(reverse("follow_ups_mine"))
    assert [f.title for f in response.context["page"]] == ["Late one", "Later one"]
    assert "overdue" in response.content.decode()
    response = client.post(reverse("follow_up_done", args=[late.pk]), {"back": "mine"})
    assert response["Location"] == reverse("follow_ups_mine")
    response = client.get(reverse("follow_ups_mine"))
    assert [f.title for f in response.context["page"]] == ["Later one"]
    response = client.get(reverse("follow_ups_mine"), {"all": "1"})
    assert [f.title for f in response.context["page"]] == ["Late one", "Later one"]


def test_landing_page_shows_ratios_with_their_definitions(world):
    ProjectFactory(owner=world.member_org, stage=Stage.AGREEMENT)
    ProjectFactory(owner=world.member_org, stage=Stage.CONSTRUCTION)
    ProjectFactory(owner=world.other_org, stage=Stage.AGREEMENT)  # not visible to the member
    response = client_for(world, "member").get(reverse("project_landing"))
    ratios = response.context["ratios"]
    assert ratios.construction_started.percent == 50
    assert response.context["project_count"] == 2
    html = response.content.decode()
    assert "Construction started (开工率)" in html
    assert "the share that reached “construction started” or a later stage" in html
    filtered = client_for(world, "member").get(
        reverse("project_landing"), {"stage": "agreement_signed"}
    )
    assert filtered.context["ratios"].construction_started.percent == 0


# --- query counts ---------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(world, n: int, start: int) -> None:
    for i in range(start, start + n):
        project = ProjectFactory(
            title_en=f"Extra {i}",
            owner=world.member_org,
            province=region("CN-SC"),
            stage=Stage.PROPOSED if i % 2 else Stage.IDEA,
        )
        MilestoneFactory(project=project, planned=PAST)
        FollowUpFactory(project=project, owner=world.secretariat)


@pytest.mark.parametrize(
    "url_name", ["project_list", "project_board", "project_landing", "follow_ups_mine"]
)
def test_list_pages_constant_queries(world, url_name, django_assert_num_queries):
    client = client_for(world, "secretariat")
    url = reverse(url_name)
    _add(world, 1, 0)
    with_one = _count(client, url)
    _add(world, 2, 1)
    with django_assert_num_queries(with_one):
        response = client.get(url)
    assert response.status_code == 200
