"""set_project_stage: every transition allowed or refused with its reason; dates, audit, mail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxin.common.audit import history_for
from sanxin.projects.domain.stages import TRANSITIONS, allowed_stages, set_project_stage
from sanxin.projects.enums import PIPELINE, Stage
from sanxin.projects.models import Notification, Project, ProjectStageChange
from tests.factories import PersonFactory
from tests.projects.factories import ProjectFactory, WatcherFactory

pytestmark = pytest.mark.integration

S = Stage
D0 = dt.date(2024, 1, 1)


def stage_error(exc) -> str:
    return exc.value.message_dict["stage"][0]


def make(world, stage=S.IDEA, **kw):
    return ProjectFactory(owner=world.member_org, stage=stage, stage_since=D0, **kw)


def test_the_whole_pipeline_records_each_date(world):
    project = make(world)
    for day, stage in enumerate(PIPELINE[1:], start=1):
        project = set_project_stage(
            actor=world.org_admin, project=project, stage=stage, on=D0 + dt.timedelta(days=day)
        )
    project.refresh_from_db()
    assert (project.stage, project.furthest_stage, project.stage_since) == (
        S.OPERATION,
        S.OPERATION,
        dt.date(2024, 1, 7),
    )
    assert list(project.stage_changes.values_list("from_stage", "to_stage", "on")) == [
        (PIPELINE[i - 1], PIPELINE[i], D0 + dt.timedelta(days=i)) for i in range(1, 7)
    ]


ALL_PAIRS = [(a, b) for a in S.values if a != S.ON_HOLD for b in S.values if a != b]


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_every_transition_from_a_pipeline_or_final_stage(world, current, target):
    project = make(world, stage=current)
    allowed = target in TRANSITIONS[current]
    if allowed:
        project = set_project_stage(
            actor=world.org_admin, project=project, stage=target, on=dt.date(2024, 3, 1)
        )
        assert Project.objects.get(pk=project.pk).stage == target
        return
    with pytest.raises(ValidationError) as exc:
        set_project_stage(actor=world.org_admin, project=project, stage=target)
    targets = TRANSITIONS[current]
    if targets:
        expected = "A project that is “{}” cannot move to “{}”; it can move to: {}.".format(
            S(current).label, S(target).label, ", ".join(f"“{S(t).label}”" for t in targets)
        )
    else:
        expected = f"A project that is “{S(current).label}” cannot change its stage any more."
    assert stage_error(exc) == expected
    assert Project.objects.get(pk=project.pk).stage == current
    assert ProjectStageChange.objects.filter(project=project).count() == 0


def test_the_pipeline_table_is_what_the_issue_says():
    assert TRANSITIONS == {
        S.IDEA: (S.PROPOSED, S.ON_HOLD, S.CANCELLED),
        S.PROPOSED: (S.AGREEMENT, S.ON_HOLD, S.CANCELLED),
        S.AGREEMENT: (S.FINANCING, S.ON_HOLD, S.CANCELLED),
        S.FINANCING: (S.CONSTRUCTION, S.ON_HOLD, S.CANCELLED),
        S.CONSTRUCTION: (S.COMMISSIONING, S.ON_HOLD, S.CANCELLED),
        S.COMMISSIONING: (S.OPERATION, S.ON_HOLD, S.CANCELLED),
        S.OPERATION: (S.RETIRED,),
        S.ON_HOLD: (S.CANCELLED,),
        S.CANCELLED: (),
        S.RETIRED: (),
    }


@pytest.mark.parametrize("held_from", PIPELINE[:-1])
def test_on_hold_returns_only_to_the_stage_it_left(world, held_from):
    project = make(world, stage=held_from)
    project = set_project_stage(
        actor=world.org_admin, project=project, stage=S.ON_HOLD, on=dt.date(2024, 2, 1)
    )
    assert (project.stage, project.resume_stage) == (S.ON_HOLD, held_from)
    assert allowed_stages(project) == (held_from, S.CANCELLED)
    other = next(s for s in PIPELINE if s != held_from)
    with pytest.raises(ValidationError) as exc:
        set_project_stage(actor=world.org_admin, project=project, stage=other)
    assert stage_error(exc) == (
        f"A project that is “On hold” cannot move to “{S(other).label}”; "
        f"it can move to: “{S(held_from).label}”, “Cancelled”."
    )
    project = set_project_stage(
        actor=world.org_admin, project=project, stage=held_from, on=dt.date(2024, 3, 1)
    )
    assert (project.stage, project.resume_stage, project.stage_since) == (
        held_from,
        "",
        dt.date(2024, 3, 1),
    )


def test_a_held_project_can_be_cancelled_and_keeps_its_progress(world):
    project = make(world, stage=S.CONSTRUCTION)
    project = set_project_stage(actor=world.org_admin, project=project, stage=S.ON_HOLD)
    project = set_project_stage(actor=world.org_admin, project=project, stage=S.CANCELLED)
    assert (project.stage, project.furthest_stage) == (S.CANCELLED, S.CONSTRUCTION)


def test_same_stage_and_unknown_stage_are_refused(world):
    project = make(world, stage=S.PROPOSED)
    with pytest.raises(ValidationError) as exc:
        set_project_stage(actor=world.org_admin, project=project, stage=S.PROPOSED)
    assert stage_error(exc) == "The project is already “Proposed”."
    with pytest.raises(ValidationError) as exc:
        set_project_stage(actor=world.org_admin, project=project, stage="built")
    assert stage_error(exc) == "Choose one of the project stages."


def test_dates_in_the_future_or_before_the_current_stage_are_refused(world):
    project = make(world)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        set_project_stage(actor=world.org_admin, project=project, stage=S.PROPOSED, on=tomorrow)
    assert exc.value.message_dict == {"on": ["A stage change cannot be dated in the future."]}
    with pytest.raises(ValidationError) as exc:
        set_project_stage(
            actor=world.org_admin, project=project, stage=S.PROPOSED, on=dt.date(2023, 12, 31)
        )
    assert exc.value.message_dict == {
        "on": ["The project has been “Idea” since 2024-01-01; the change cannot be dated earlier."]
    }
    assert Project.objects.get(pk=project.pk).stage == S.IDEA


def test_the_date_defaults_to_today(world):
    project = set_project_stage(actor=world.org_admin, project=make(world), stage=S.PROPOSED)
    assert project.stage_changes.get().on == timezone.localdate()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("other_alliance", False),
        ("member", False),
        ("partner", False),
        ("org_admin", True),
        ("secretariat", True),
        ("admin", True),
    ],
)
def test_who_may_change_the_stage(world, role, allowed):
    project = make(world)
    if allowed:
        set_project_stage(actor=world.person(role), project=project, stage=S.PROPOSED)
        assert Project.objects.get(pk=project.pk).stage == S.PROPOSED
    else:
        with pytest.raises(PermissionDenied):
            set_project_stage(actor=world.person(role), project=project, stage=S.PROPOSED)
        assert Project.objects.get(pk=project.pk).stage == S.IDEA


def test_the_change_is_audited(world):
    project = make(world)
    set_project_stage(
        actor=world.org_admin,
        project=project,
        stage=S.PROPOSED,
        on=dt.date(2024, 2, 1),
        note="Launched at the Chengdu symposium",
    )
    entry = history_for(project).get()
    assert (entry.action, entry.actor, entry.changes) == (
        "sanxin.project.stage.changed",
        world.org_admin,
        {
            "old": {"stage": "idea", "stage_since": "2024-01-01"},
            "new": {
                "stage": "proposed",
                "stage_since": "2024-02-01",
                "note": "Launched at the Chengdu symposium",
            },
        },
    )
    change = project.stage_changes.get()
    assert (change.actor, change.note) == (world.org_admin, "Launched at the Chengdu symposium")


def test_watchers_are_notified_in_their_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    project = make(world, title_en="Lai Chau wind farm", title_zh="莱州风电场", title_vi="")
    world.member.language = "zh-hans"
    world.member.save()
    WatcherFactory(project=project, person=world.member)
    WatcherFactory(project=project, person=world.secretariat)
    WatcherFactory(project=project, person=world.org_admin)  # the actor: not notified
    WatcherFactory(project=project, person=world.other)  # cannot see the project: not notified
    WatcherFactory(
        project=project,
        person=PersonFactory(organization=world.member_org, role="member", is_active=False),
    )
    with django_capture_on_commit_callbacks(execute=True):
        set_project_stage(
            actor=world.org_admin, project=project, stage=S.PROPOSED, on=dt.date(2024, 2, 1)
        )
    notes = Notification.objects.order_by("person__username")
    assert [(n.person, n.action, n.mailed) for n in notes] == [
        (world.member, "sanxin.project.stage.changed", True),
        (world.secretariat, "sanxin.project.stage.changed", True),
    ]
    zh, en = notes
    assert zh.subject.startswith("莱州风电场")
    assert en.subject == "Lai Chau wind farm is now “Proposed”"
    assert en.body == (
        f"On 2024-02-01 {world.org_admin} moved Lai Chau wind farm from “Idea” to “Proposed”."
    )
    assert sorted((m.to, m.subject) for m in mailoutbox) == sorted(
        [([world.member.email], zh.subject), ([world.secretariat.email], en.subject)]
    )
    # the mail ends with a link to the project, in the reader's language, on the site's address
    links = {m.to[0]: m.body.rsplit("\n", 1)[-1] for m in mailoutbox}
    assert links == {
        world.member.email: f"http://127.0.0.1:8000/zh-hans/projects/{project.pk}/",
        world.secretariat.email: f"http://127.0.0.1:8000/en/projects/{project.pk}/",
    }


def test_no_mail_leaves_when_the_change_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    project = make(world)
    WatcherFactory(project=project, person=world.member)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        set_project_stage(actor=world.org_admin, project=project, stage=S.OPERATION)
    assert (mailoutbox, Notification.objects.count(), history_for(project).count()) == ([], 0, 0)
