"""Outcomes per side; an outcome becomes a project (origin: the meeting) or a follow-up;
check-in and no-shows; the event report with the landing ratios of its projects."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.events.domain.access import event_viewer
from sanxin.events.domain.meetings import mark_attendance
from sanxin.events.domain.outcomes import outcome_to_follow_up, outcome_to_project, record_outcome
from sanxin.events.domain.report import event_report
from sanxin.events.enums import Attendance, OutcomeResult
from sanxin.projects.enums import Stage
from sanxin.projects.models import Project
from tests.events.factories import MeetingFactory, MeetingRequestFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def meeting(symposium):
    request = MeetingRequestFactory(
        sender=symposium.member, recipient=symposium.partner, status="accepted"
    )
    return MeetingFactory(request=request, table=2)


def test_each_side_records_its_own_outcome(meeting, symposium, world):
    mine = record_outcome(
        actor=world.member,
        meeting=meeting,
        registration=symposium.member,
        result=OutcomeResult.AGREEMENT,
        note="MoU in June",
    )
    with pytest.raises(PermissionDenied):
        record_outcome(
            actor=world.member,
            meeting=meeting,
            registration=symposium.partner,
            result=OutcomeResult.NO_FIT,
        )
    with pytest.raises(ValidationError, match="one of the two sides"):
        record_outcome(
            actor=world.org_admin,
            meeting=meeting,
            registration=symposium.org_admin,
            result=OutcomeResult.NO_FIT,
        )
    again = record_outcome(
        actor=world.member,
        meeting=meeting,
        registration=symposium.member,
        result=OutcomeResult.FOLLOW_UP,
    )
    assert again.pk == mine.pk
    assert again.result == OutcomeResult.FOLLOW_UP


def test_an_outcome_becomes_a_project_with_the_meeting_as_origin(meeting, symposium, world):
    outcome = record_outcome(
        actor=world.member,
        meeting=meeting,
        registration=symposium.member,
        result=OutcomeResult.AGREEMENT,
    )
    with pytest.raises(PermissionDenied):
        outcome_to_project(
            actor=world.partner, outcome=outcome, data={"title_en": "x", "project_type": "wind"}
        )
    project = outcome_to_project(
        actor=world.member,
        outcome=outcome,
        data={"title_en": "Gearbox plant in Bac Ninh", "project_type": "equipment_manufacturing"},
    )
    outcome.refresh_from_db()
    assert outcome.project == project
    assert (project.owner, project.alliance, project.stage) == (
        world.member_org,
        world.alliance,
        Stage.IDEA,
    )
    assert project.origin == (
        "Meeting at Chengdu new-energy symposium on 2030-05-12 09:00: "
        "Member Gearbox Co. × Partner Battery Co."
    )
    with pytest.raises(ValidationError, match="already became a project"):
        outcome_to_project(actor=world.member, outcome=outcome, data={"title_en": "again"})


def test_no_fit_leads_nowhere_and_no_show_records_nothing(meeting, symposium, world):
    outcome = record_outcome(
        actor=world.partner,
        meeting=meeting,
        registration=symposium.partner,
        result=OutcomeResult.NO_FIT,
    )
    with pytest.raises(ValidationError, match="does not lead further"):
        outcome_to_project(actor=world.partner, outcome=outcome, data={"title_en": "x"})
    with pytest.raises(PermissionDenied):
        mark_attendance(actor=world.member, meeting=meeting, attendance=Attendance.NO_SHOW)
    mark_attendance(
        actor=world.secretariat,
        meeting=meeting,
        attendance=Attendance.NO_SHOW,
        no_show_by=symposium.partner,
    )
    with pytest.raises(ValidationError, match="no-show"):
        record_outcome(
            actor=world.member,
            meeting=meeting,
            registration=symposium.member,
            result=OutcomeResult.FOLLOW_UP,
        )


def test_an_outcome_becomes_a_follow_up_on_a_project_of_the_team(meeting, symposium, world):
    project = ProjectFactory(owner=world.member_org, title_en="Existing plant")
    outcome = record_outcome(
        actor=world.member,
        meeting=meeting,
        registration=symposium.member,
        result=OutcomeResult.FOLLOW_UP,
    )
    item = outcome_to_follow_up(
        actor=world.member,
        outcome=outcome,
        project=project,
        title="Send the gearbox datasheet",
        due=dt.date(2030, 6, 1),
    )
    outcome.refresh_from_db()
    assert outcome.follow_up == item
    assert (item.project, item.owner) == (project, world.member)
    assert item.details.startswith("Meeting at Chengdu new-energy symposium")
    foreign = ProjectFactory(owner=world.other_org)
    other_outcome = record_outcome(
        actor=world.partner,
        meeting=meeting,
        registration=symposium.partner,
        result=OutcomeResult.FOLLOW_UP,
    )
    with pytest.raises(PermissionDenied):
        outcome_to_follow_up(
            actor=world.partner,
            outcome=other_outcome,
            project=foreign,
            title="x",
            due=dt.date(2030, 6, 1),
        )


def test_event_report(meeting, symposium, world):
    mark_attendance(actor=world.secretariat, meeting=meeting, attendance=Attendance.HELD)
    outcome = record_outcome(
        actor=world.member,
        meeting=meeting,
        registration=symposium.member,
        result=OutcomeResult.AGREEMENT,
    )
    project = outcome_to_project(
        actor=world.member, outcome=outcome, data={"title_en": "Plant", "project_type": "wind"}
    )
    Project.objects.filter(pk=project.pk).update(furthest_stage=Stage.CONSTRUCTION)
    report = event_report(event_viewer(world.secretariat), symposium.event)
    assert (report.registrations, report.meetings, report.held, report.no_shows) == (3, 1, 1, 0)
    assert report.outcomes == {"follow_up": 0, "agreement": 1, "no_fit": 0}
    assert report.projects == [project]
    assert report.ratios.construction_started.percent == 100
    assert report.requests == {"accepted": 1}
