"""Creating and changing projects: validation by field, permissions, audit, nothing half-saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sanxin.common.audit import history_for
from sanxin.common.models import AuditEntry
from sanxin.projects.domain.notifications import unwatch_project, watch_project
from sanxin.projects.domain.projects import create_project, delete_project, update_project
from sanxin.projects.enums import ProjectType, Stage
from sanxin.projects.models import Project, ProjectStageChange, Watcher
from tests.factories import region
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def data(world, **kw):
    return {
        "title_en": "Lai Chau 200 MW wind farm",
        "title_vi": "Điện gió Lai Châu 200 MW",
        "project_type": ProjectType.WIND,
        "country": "VN",
        "capacity": Decimal("200"),
        "capacity_unit": "MW",
        "investment": Decimal("300000000"),
        "currency": "USD",
        "owner": world.member_org,
        **kw,
    }


def test_create_records_the_stage_audits_and_watches(world):
    project = create_project(
        actor=world.member, data=data(world), stage=Stage.AGREEMENT, on=dt.date(2025, 3, 1)
    )
    assert (project.stage, project.furthest_stage, project.stage_since, project.created_by) == (
        Stage.AGREEMENT,
        Stage.AGREEMENT,
        dt.date(2025, 3, 1),
        world.member,
    )
    assert list(project.stage_changes.values_list("from_stage", "to_stage", "on")) == [
        ("", Stage.AGREEMENT, dt.date(2025, 3, 1))
    ]
    assert [e.action for e in history_for(project).order_by("id")] == [
        "sanxin.project.created",
        "sanxin.project.watcher.added",
    ]
    assert list(Watcher.objects.values_list("person__username", flat=True)) == ["member"]
    assert "dien gio lai chau" in project.search_text


def test_validation_is_keyed_by_field_and_saves_nothing(world):
    bad = data(
        world,
        title_en="",
        title_vi="",
        province=region("CN-SC"),
        capacity_unit="",
        latitude=Decimal("21.4"),
        alliance=world.other_alliance,
    )
    with pytest.raises(ValidationError) as exc:
        create_project(actor=world.member, data=bad)
    assert exc.value.message_dict == {
        "title_en": ["Give the project a title in at least one language."],
        "province": ["This province is not in the chosen country. Choose a province of VN."],
        "capacity_unit": ["Give the unit of the capacity (MW, MWh, GWh/yr or t/yr)."],
        "latitude": ["Give both latitude and longitude, or neither."],
        "alliance": [
            "A project can only be attached to an alliance its owner is an active member of."
        ],
    }
    assert (Project.objects.count(), ProjectStageChange.objects.count()) == (0, 0)
    assert AuditEntry.objects.count() == 0


def test_a_new_project_cannot_start_on_hold(world):
    with pytest.raises(ValidationError) as exc:
        create_project(actor=world.member, data=data(world), stage=Stage.ON_HOLD)
    assert exc.value.message_dict == {
        "stage": ["A new project starts in one of the stages from idea to operation."]
    }


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("other_alliance", False), ("partner", False), ("member", True), ("secretariat", True)],
)
def test_who_may_propose_for_the_member_organization(world, role, allowed):
    if allowed:
        assert create_project(actor=world.person(role), data=data(world)).owner == world.member_org
    else:
        with pytest.raises(PermissionDenied):
            create_project(actor=world.person(role), data=data(world))
        assert Project.objects.count() == 0


def test_update_is_audited_with_the_difference(world):
    project = ProjectFactory(owner=world.member_org, title_en="Old", city="")
    update_project(
        actor=world.org_admin, project=project, data={"title_en": "New", "city": "Lai Chau"}
    )
    assert history_for(project).get().changes == {
        "old": {"title_en": "Old", "city": "", "version": 1},
        "new": {"title_en": "New", "city": "Lai Chau", "version": 2},
    }
    with pytest.raises(PermissionDenied):
        update_project(actor=world.member, project=project, data={"title_en": "x"})
    with pytest.raises(ValueError, match="stage"):
        update_project(actor=world.org_admin, project=project, data={"stage": Stage.OPERATION})


def test_delete_keeps_the_audit_record(world):
    project = ProjectFactory(owner=world.member_org, title_en="Gone")
    pk = project.pk
    with pytest.raises(PermissionDenied):
        delete_project(actor=world.member, project=project)
    delete_project(actor=world.org_admin, project=project)
    assert not Project.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(object_id=str(pk)).action == "sanxin.project.deleted"


def test_a_project_that_got_further_than_a_proposal_is_not_deleted_but_says_why(world):
    from sanxin.projects.enums import ConsortiumStatus
    from tests.projects.factories import ConsortiumRoleFactory, FundingSourceFactory

    signed = ProjectFactory(owner=world.member_org, furthest_stage=Stage.AGREEMENT)
    with pytest.raises(ValidationError) as refused:
        delete_project(actor=world.org_admin, project=signed)
    assert refused.value.messages == [
        "This project cannot be deleted: it got as far as “Agreement signed”. Set its stage to "
        "“Cancelled” instead, which keeps its history."
    ]
    proposal = ProjectFactory(owner=world.member_org, furthest_stage=Stage.PROPOSED)
    ConsortiumRoleFactory(project=proposal, status=ConsortiumStatus.CONFIRMED)
    FundingSourceFactory(project=proposal)
    with pytest.raises(ValidationError, match="partners confirmed their part in it; funding"):
        delete_project(actor=world.org_admin, project=proposal)
    assert Project.objects.filter(pk__in=[signed.pk, proposal.pk]).count() == 2
    assert not AuditEntry.objects.filter(action="sanxin.project.deleted").exists()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        delete_project(actor=world.org_admin, project=signed)
    assert refused.value.messages == [
        "无法删除该项目：它已推进到“已签约”阶段。请将其阶段改为“已取消”，这样可保留项目记录。"
    ]


def test_only_people_who_see_a_project_may_watch_it(world):
    project = ProjectFactory(owner=world.member_org, confidentiality="own")
    watch_project(actor=world.member, project=project)
    with pytest.raises(PermissionDenied):
        watch_project(actor=world.other, project=project)
    with pytest.raises(PermissionDenied):
        watch_project(actor=world.member, project=project, person=world.secretariat)
    unwatch_project(actor=world.member, project=project)
    assert Watcher.objects.count() == 0
