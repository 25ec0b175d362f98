"""Phases and milestones; overdue milestones are flagged in lists and on the project."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxin.common.audit import history_for
from sanxin.projects.domain.access import viewer_for
from sanxin.projects.domain.milestones import add_milestone, complete_milestone
from sanxin.projects.domain.phases import add_phase, update_phase
from sanxin.projects.domain.queries import ProjectFilters, overdue_milestones, search_projects
from sanxin.projects.enums import MilestoneStatus, Stage
from sanxin.projects.models import Milestone, Notification, Phase
from tests.projects.factories import MilestoneFactory, ProjectFactory, WatcherFactory

pytestmark = pytest.mark.integration

TODAY = dt.date(2025, 6, 15)
M = MilestoneStatus


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, title_en="Son La hydro")


@pytest.mark.parametrize(
    ("planned", "status", "overdue"),
    [
        (dt.date(2025, 6, 14), M.PLANNED, True),
        (dt.date(2025, 6, 14), M.IN_PROGRESS, True),
        (dt.date(2025, 6, 15), M.PLANNED, False),  # due today: not yet overdue
        (dt.date(2025, 6, 14), M.CANCELLED, False),
        (dt.date(2025, 7, 1), M.PLANNED, False),
    ],
)
def test_overdue_flag(project, planned, status, overdue):
    milestone = MilestoneFactory(project=project, planned=planned, status=status)
    assert milestone.overdue_on(TODAY) is overdue
    assert list(Milestone.objects.overdue(TODAY)) == ([milestone] if overdue else [])


def test_a_done_milestone_is_never_overdue(project):
    done = MilestoneFactory(
        project=project, planned=dt.date(2025, 1, 1), status=M.DONE, actual=dt.date(2025, 2, 1)
    )
    assert (done.overdue_on(TODAY), list(Milestone.objects.overdue(TODAY))) == (False, [])


def test_lists_carry_the_overdue_count(world, project):
    MilestoneFactory(project=project, planned=dt.date(2025, 1, 1))
    MilestoneFactory(project=project, planned=dt.date(2025, 2, 1))
    MilestoneFactory(project=project, planned=dt.date(2026, 1, 1))
    calm = ProjectFactory(owner=world.member_org, title_en="Calm")
    viewer = viewer_for(world.member)
    rows = search_projects(viewer, ProjectFilters(), today=TODAY).order_by("title_en")
    assert [(p.title_en, p.overdue_milestones) for p in rows] == [("Calm", 0), ("Son La hydro", 2)]
    flagged = search_projects(viewer, ProjectFilters(overdue=True), today=TODAY)
    assert [p.title_en for p in flagged] == ["Son La hydro"]
    assert calm.pk not in [m.project_id for m in overdue_milestones(viewer, today=TODAY)]
    assert len(overdue_milestones(viewer_for(world.other), today=TODAY)) == 0


def test_add_and_complete_a_milestone(world, project, django_capture_on_commit_callbacks):
    WatcherFactory(project=project, person=world.secretariat)
    milestone = add_milestone(
        actor=world.member,
        project=project,
        data={"title_en": "168-hour trial run passed", "planned": dt.date(2025, 1, 1)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        milestone = complete_milestone(
            actor=world.member,
            milestone=milestone,
            on=dt.date(2025, 1, 5),
            evidence="Grid company acceptance certificate",
        )
    assert (milestone.status, milestone.actual, milestone.evidence) == (
        M.DONE,
        dt.date(2025, 1, 5),
        "Grid company acceptance certificate",
    )
    assert list(Notification.objects.values_list("person__username", "subject")) == [
        ("secretariat", "Milestone reached: 168-hour trial run passed")
    ]
    assert [e.action for e in history_for(project).order_by("id")] == [
        "sanxin.project.milestone.added",
        "sanxin.project.milestone.changed",
        "sanxin.project.milestone.completed",
    ]
    with pytest.raises(ValidationError):
        complete_milestone(actor=world.member, milestone=milestone)


def test_milestone_validation(world, project):
    with pytest.raises(ValidationError) as exc:
        add_milestone(
            actor=world.member,
            project=project,
            data={
                "planned": dt.date(2025, 1, 1),
                "status": M.DONE,
                "phase": ProjectFactory().phases.create(number=1),
            },
        )
    assert exc.value.message_dict == {
        "title_en": ["Give the milestone a title in at least one language."],
        "actual": ["Give the date on which the milestone was reached."],
        "phase": ["Choose a phase of this project."],
    }
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        add_milestone(
            actor=world.member,
            project=project,
            data={"title_en": "x", "planned": tomorrow, "actual": tomorrow},
        )
    assert exc.value.message_dict == {"actual": ["The actual date cannot be in the future."]}
    assert project.milestones.count() == 0


def test_outsiders_cannot_add_milestones(world, project):
    for person in (world.other, world.partner):
        with pytest.raises(PermissionDenied):
            add_milestone(actor=person, project=project, data={"title_en": "x", "planned": TODAY})


def test_phases_have_their_own_capacity_stage_and_dates(world, project):
    one = add_phase(
        actor=world.org_admin,
        project=project,
        data={"capacity": Decimal("1200"), "capacity_unit": "MW", "stage": Stage.OPERATION},
    )
    two = add_phase(
        actor=world.org_admin,
        project=project,
        data={"capacity": Decimal("800"), "capacity_unit": "MW", "stage": Stage.CONSTRUCTION},
    )
    assert [(p.number, p.name, p.stage) for p in project.phases.all()] == [
        (1, "Phase 1", Stage.OPERATION),
        (2, "Phase 2", Stage.CONSTRUCTION),
    ]
    with pytest.raises(ValidationError) as exc:
        update_phase(
            actor=world.org_admin,
            phase=two,
            data={
                "number": 1,
                "capacity_unit": "",
                "start_actual": dt.date(2025, 5, 1),
                "operation_actual": dt.date(2025, 4, 1),
            },
        )
    assert exc.value.message_dict == {
        "capacity_unit": ["Give the unit of the capacity (MW, MWh, GWh/yr or t/yr)."],
        "operation_actual": ["Operation cannot start before construction started."],
        "number": ["This project already has a phase 1."],
    }
    assert Phase.objects.get(pk=two.pk).number == 2
    with pytest.raises(PermissionDenied):
        add_phase(actor=world.member, project=project, data={})
    assert one.number == 1
