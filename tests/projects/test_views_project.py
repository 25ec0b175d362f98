"""The project page and the forms of the projects UI: what they show, what they save, and
that bad input gives clear errors and saves nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxin.common.audit import history_for
from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.projects.domain.stages import set_project_stage
from sanxin.projects.enums import ConsortiumStatus, DocumentAudience, MilestoneStatus, Stage
from sanxin.projects.models import (
    ConsortiumRole,
    Document,
    FollowUp,
    FundingEntry,
    FundingSource,
    Milestone,
    Phase,
    Project,
    Watcher,
)
from tests.conftest import client_for
from tests.factories import region
from tests.projects.factories import (
    ConsortiumRoleFactory,
    DocumentFactory,
    FollowUpFactory,
    FundingEntryFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PhaseFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.integration

PAST = dt.date(2020, 1, 1)
PDF = b"%PDF-1.7\n" + b"0" * 100


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project(world):
    return ProjectFactory(
        title_en="Liangshan wind farm",
        owner=world.member_org,
        confidentiality=Confidentiality.ALLIANCE,
        stage=Stage.IDEA,
        stage_since=PAST,
    )


def _errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- the page -------------------------------------------------------------------------------


def test_page_shows_timeline_with_overdue_flag_consortium_funding_documents(world, project):
    phase = PhaseFactory(project=project, number=1, name_en="Phase 1")
    MilestoneFactory(project=project, phase=phase, title_en="Land use permit", planned=PAST)
    MilestoneFactory(project=project, title_en="168-hour trial run", planned=dt.date(2031, 1, 1))
    ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    source = FundingSourceFactory(project=project, label="Bank of Sichuan")
    FundingEntryFactory(source=source, kind="committed", amount=Decimal(1000))
    FundingEntryFactory(source=source, kind="arrived", amount=Decimal(250))
    DocumentFactory(project=project, title="Study for all", audience=DocumentAudience.PROJECT)
    DocumentFactory(project=project, title="Team notes", audience=DocumentAudience.TEAM)
    FollowUpFactory(project=project, owner=world.member, title="Call the bank", due=PAST)

    member = client_for(world, "member").get(reverse("project_detail", args=[project.pk]))
    timeline = member.context["timeline"]
    assert [(i["milestone"].title, i["overdue"]) for i in timeline if "milestone" in i] == [
        ("Land use permit", True),
        ("168-hour trial run", False),
    ]
    html = member.content.decode()
    assert "overdue: planned for 2020-01-01" in html
    assert "250 arrived of 1000 committed" in html
    assert [d.title for d in member.context["project"].visible_documents] == [
        "Team notes",
        "Study for all",
    ]
    assert [f.title for f, _overdue in member.context["follow_ups"]] == ["Call the bank"]
    assert member.context["history"] is not None  # the team sees the activity
    # The member may not answer for the partner organization.
    assert [r.can_answer for r in member.context["project"].visible_consortium] == [False]

    partner = client_for(world, "partner").get(reverse("project_detail", args=[project.pk]))
    assert [r.can_answer for r in partner.context["project"].visible_consortium] == [True]
    assert [d.title for d in partner.context["project"].visible_documents] == ["Study for all"]
    assert partner.context["follow_ups"] == []
    assert partner.context["history"] is None
    assert partner.context["moves"] == []


def test_page_offers_the_allowed_moves_to_editors(world, project):
    response = client_for(world, "org_admin").get(reverse("project_detail", args=[project.pk]))
    assert [s for s, _label in response.context["moves"]] == ["proposed", "on_hold", "cancelled"]
    assert "Move to “Proposed”" in response.content.decode()


def test_activity_history_shows_the_stage_change(world, project):
    set_project_stage(actor=world.org_admin, project=project, stage=Stage.PROPOSED)
    response = client_for(world, "secretariat").get(reverse("project_detail", args=[project.pk]))
    assert [e.action for e in response.context["history"]] == ["sanxin.project.stage.changed"]


def test_watch_and_unwatch(world, project):
    client = client_for(world, "member")
    url = reverse("project_watch", args=[project.pk])
    client.post(url)
    assert list(Watcher.objects.values_list("person__username", flat=True)) == ["member"]
    assert client.get(reverse("project_detail", args=[project.pk])).context["watching"] is True
    client.post(url, {"watch": "0"})
    assert not Watcher.objects.exists()


# --- create and edit ------------------------------------------------------------------------


def _project_form(**overrides) -> dict:
    return {
        "title_en": "Ninh Thuan battery storage",
        "project_type": "battery_storage",
        "country": "CN",
        "province": region("CN-SC").pk,
        "capacity": "200",
        "capacity_unit": "MWh",
        "currency": "CNY",
        "owner": "",
        "confidentiality": "alliance",
        "stage": "agreement_signed",
        "stage_since": "2024-05-01",
        **overrides,
    }


def test_create_a_project_recorded_late(world):
    client = client_for(world, "org_admin")
    org = world.member_org
    response = client.post(reverse("project_create"), _project_form(owner=org.pk))
    project = Project.objects.get()
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert (project.owner, project.stage, project.furthest_stage, project.stage_since) == (
        org,
        Stage.AGREEMENT,
        Stage.AGREEMENT,
        dt.date(2024, 5, 1),
    )
    assert list(Watcher.objects.values_list("person__username", flat=True)) == ["orgadmin"]


def test_create_with_bad_input_shows_errors_and_saves_nothing(world):
    client = client_for(world, "org_admin")
    data = _project_form(title_en="", capacity_unit="", latitude="10", owner=world.member_org.pk)
    response = client.post(reverse("project_create"), data)
    assert response.status_code == 200
    assert _errors(response, "title_en") == ["Give the project a title in at least one language."]
    assert _errors(response, "capacity_unit") == [
        "Give the unit of the capacity (MW, MWh, GWh/yr or t/yr)."
    ]
    assert _errors(response, "latitude") == ["Give both latitude and longitude, or neither."]
    # A province of another country is refused too.
    response = client.post(
        reverse("project_create"), _project_form(country="VN", owner=world.member_org.pk)
    )
    assert _errors(response, "province") == [
        "This province is not in the chosen country. Choose a province of VN."
    ]
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_create_for_an_organization_one_may_not_act_for_is_refused(world):
    client = client_for(world, "member")
    response = client.post(reverse("project_create"), _project_form(owner=world.public_org.pk))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_edit_a_project(world, project):
    client = client_for(world, "secretariat")
    url = reverse("project_edit", args=[project.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"city": "Xichang", "owner": world.member_org.pk, "alliance": ""})
    data.pop("province", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert project.city == "Xichang"
    assert [e.action for e in history_for(project)] == ["sanxin.project.changed"]


# --- phases, milestones, consortium, funding, follow-ups, documents ---------------------------


def test_add_a_phase_and_refuse_a_duplicate_number(world, project):
    client = client_for(world, "org_admin")
    url = reverse("phase_add", args=[project.pk])
    data = {
        "name_en": "Phase 1",
        "currency": "CNY",
        "stage": "idea",
        "capacity": "50",
        "capacity_unit": "MW",
    }
    assert client.post(url, data).status_code == 302
    assert list(Phase.objects.values_list("number", "name_en")) == [(1, "Phase 1")]
    response = client.post(url, {**data, "number": "1", "name_en": "Again"})
    assert _errors(response, "number") == ["This project already has a phase 1."]
    response = client.post(url, {**data, "capacity_unit": ""})
    assert _errors(response, "capacity_unit") == [
        "Give the unit of the capacity (MW, MWh, GWh/yr or t/yr)."
    ]
    assert Phase.objects.count() == 1


def test_add_and_complete_a_milestone(world, project):
    client = client_for(world, "member")
    url = reverse("milestone_add", args=[project.pk])
    response = client.post(
        url, {"title_en": "Grid connection", "planned": "2031-06-01", "status": "planned"}
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    edit = reverse("milestone_edit", args=[project.pk, milestone.pk])
    response = client.post(
        edit, {"title_en": "Grid connection", "planned": "2031-06-01", "status": "done"}
    )
    assert _errors(response, "actual") == ["Give the date on which the milestone was reached."]
    response = client.post(
        edit,
        {
            "title_en": "Grid connection",
            "planned": "2031-06-01",
            "status": "done",
            "actual": "2024-06-01",
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.actual) == (MilestoneStatus.DONE, dt.date(2024, 6, 1))


def test_milestone_without_title_is_refused(world, project):
    client = client_for(world, "member")
    response = client.post(
        reverse("milestone_add", args=[project.pk]), {"planned": "2031-06-01", "status": "planned"}
    )
    assert _errors(response, "title_en") == ["Give the milestone a title in at least one language."]
    assert not Milestone.objects.exists()


def test_invite_a_partner_whose_admin_accepts(world, project):
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("consortium_invite", args=[project.pk]),
        {"organization": world.partner_org.pk, "role": "epc", "share": "30"},
    )
    assert response.status_code == 302
    role = ConsortiumRole.objects.get()
    assert (role.status, role.share) == (ConsortiumStatus.INVITED, Decimal(30))
    partner = client_for(world, "partner")
    partner.post(reverse("consortium_answer", args=[role.pk, "accept"]))
    role.refresh_from_db()
    assert role.status == ConsortiumStatus.CONFIRMED


def test_invitation_shares_above_100_are_refused(world, project):
    ConsortiumRoleFactory(project=project, organization=world.member_org, share=Decimal(80))
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("consortium_invite", args=[project.pk]),
        {"organization": world.partner_org.pk, "role": "epc", "share": "30"},
    )
    assert _errors(response, "share") == [
        "The shares of the invited and confirmed partners would add up to 110 %; they may not "
        "exceed 100 %. 20 % is still free."
    ]
    assert ConsortiumRole.objects.count() == 1


def test_decline_an_invitation(world, project):
    role = ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    client_for(world, "partner").post(reverse("consortium_answer", args=[role.pk, "decline"]))
    role.refresh_from_db()
    assert role.status == ConsortiumStatus.DECLINED


def test_record_funding_with_a_new_source_then_arrived(world, project):
    client = client_for(world, "member")
    url = reverse("funding_add", args=[project.pk])
    base = {"source_kind": "loan", "currency": "CNY", "on": "2024-03-01"}
    response = client.post(
        url, {**base, "new_source": "Bank of Sichuan", "kind": "committed", "amount": "1000"}
    )
    assert response.status_code == 302
    source = FundingSource.objects.get()
    response = client.post(url, {**base, "source": source.pk, "kind": "arrived", "amount": "400"})
    assert response.status_code == 302
    assert sorted(FundingEntry.objects.values_list("kind", "amount")) == [
        ("arrived", Decimal(400)),
        ("committed", Decimal(1000)),
    ]


def test_funding_errors_save_nothing(world, project):
    client = client_for(world, "member")
    url = reverse("funding_add", args=[project.pk])
    base = {"source_kind": "loan", "currency": "CNY", "on": "2024-03-01"}
    response = client.post(url, {**base, "kind": "committed", "amount": "1000"})
    assert _errors(response, "source") == ["Choose a source, or name a new one."]
    # More arriving than committed: the new source is rolled back with the entry.
    response = client.post(url, {**base, "new_source": "Bank", "kind": "arrived", "amount": "5"})
    assert _errors(response, "amount") == [
        "Only 0.00 CNY has been committed by this source and 0.00 CNY has arrived; "
        "record the commitment first."
    ]
    response = client.post(url, {**base, "new_source": "Bank", "kind": "committed", "amount": "-5"})
    assert _errors(response, "amount") == ["Give an amount greater than zero."]
    assert not FundingSource.objects.exists()
    assert not FundingEntry.objects.exists()


def test_add_and_edit_a_follow_up(world, project):
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("follow_up_add", args=[project.pk]),
        {
            "title": "Send the term sheet",
            "owner": world.member.pk,
            "due": "2031-01-01",
            "status": "open",
        },
    )
    assert response.status_code == 302
    item = FollowUp.objects.get()
    assert (item.owner, item.created_by) == (world.member, world.org_admin)
    member = client_for(world, "member")
    response = member.post(
        reverse("follow_up_edit", args=[item.pk]),
        {
            "title": "Send the term sheet",
            "owner": world.member.pk,
            "due": "2031-01-01",
            "status": "done",
        },
    )
    item.refresh_from_db()
    assert item.status == "done"


def test_follow_up_owner_must_be_able_to_see_the_project(world, project):
    client = client_for(world, "org_admin")
    response = client.post(
        reverse("follow_up_add", args=[project.pk]),
        {"title": "Ask", "owner": world.other.pk, "due": "2031-01-01", "status": "open"},
    )
    # ``other`` is not even offered as a choice.
    assert _errors(response, "owner") == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not FollowUp.objects.exists()


def test_upload_and_download_a_document(world, project):
    client = client_for(world, "member")
    response = client.post(
        reverse("document_upload", args=[project.pk]),
        {"file": SimpleUploadedFile("study.pdf", PDF), "title": "Study", "audience": "project"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    response = client_for(world, "partner").get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="study.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_an_upload_with_the_wrong_content_is_refused(world, project):
    client = client_for(world, "member")
    response = client.post(
        reverse("document_upload", args=[project.pk]),
        {"file": SimpleUploadedFile("study.pdf", b"<html>"), "audience": "team"},
    )
    assert _errors(response, "file") == ["The file's content does not match its name (PDF)."]
    response = client.post(
        reverse("document_upload", args=[project.pk]),
        {"file": SimpleUploadedFile("run.exe", b"MZ"), "audience": "team"},
    )
    assert _errors(response, "file")[0].startswith("Files of this type cannot be uploaded.")
    assert not Document.objects.exists()


def test_a_bare_project_page_skips_the_queries_of_what_it_has_none_of(world):
    """Kinds of rows a project has none of cost no query; each kind it has costs its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.projects.factories import (
        ConsortiumRoleFactory,
        DocumentFactory,
        FollowUpFactory,
        FundingEntryFactory,
        FundingSourceFactory,
        MilestoneFactory,
        PhaseFactory,
        ProjectFactory,
        ProjectStageChangeFactory,
    )

    bare = ProjectFactory(owner=world.member_org, alliance=world.alliance, title_en="Bare")
    rich = ProjectFactory(owner=world.member_org, alliance=world.alliance, title_en="Rich")
    PhaseFactory(project=rich, number=7)
    MilestoneFactory(project=rich, title_en="Grid connection")
    ConsortiumRoleFactory(project=rich, organization=world.partner_org)
    FundingEntryFactory(source=FundingSourceFactory(project=rich, label="Green Bank"))
    FollowUpFactory(project=rich, owner=world.member, title="Send the term sheet")
    DocumentFactory(project=rich, title="Feasibility study")
    ProjectStageChangeFactory(project=rich)
    client = client_for(world, "member")
    client.get(reverse("project_detail", args=[bare.pk]))  # the session and the viewer
    counts = {}
    pages = {}
    for project in (bare, rich):
        with CaptureQueriesContext(connection) as captured:
            pages[project.title_en] = client.get(reverse("project_detail", args=[project.pk]))
        counts[project.title_en] = len(captured.captured_queries)
    assert counts["Rich"] - counts["Bare"] >= 8  # seven kinds and the funding entries
    rich_page = pages["Rich"].content.decode()
    for shown in ("Grid connection", "Partner Battery Co.", "Green Bank", "Send the term sheet"):
        assert shown in rich_page
    assert "Feasibility study" in rich_page
