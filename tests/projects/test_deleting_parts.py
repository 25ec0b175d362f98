"""Deleting phases, milestones and documents — in the UI and through the API — and uploading
documents through the API: audited, nothing half-done, clear errors."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sanxin.common.audit import history_for
from sanxin.projects.enums import DocumentAudience
from sanxin.projects.models import Document, Milestone, Phase
from tests.conftest import client_for
from tests.projects.factories import DocumentFactory, MilestoneFactory, PhaseFactory, ProjectFactory

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, confidentiality="alliance")


def _pdf(name="study.pdf", data=PDF):
    return SimpleUploadedFile(name, data, "application/pdf")


def test_deleting_a_phase_keeps_its_milestones_and_is_audited(world, project):
    phase = PhaseFactory(project=project, number=1, name_en="Phase 1")
    milestone = MilestoneFactory(project=project, phase=phase)
    client = client_for(world, "org_admin")
    url = reverse("phase_delete", args=[project.pk, phase.pk])
    page = client.get(url)
    assert "Phase 1" in page.content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert not Phase.objects.filter(pk=phase.pk).exists()
    milestone.refresh_from_db()
    assert (milestone.project_id, milestone.phase_id) == (project.pk, None)
    assert history_for(project).first().action == "sanxin.project.phase.deleted"


def test_the_edit_page_links_to_deletion_only_for_an_existing_part(world, project):
    phase = PhaseFactory(project=project, number=1)
    client = client_for(world, "org_admin")
    delete_url = reverse("phase_delete", args=[project.pk, phase.pk])
    assert (
        delete_url
        in client.get(reverse("phase_edit", args=[project.pk, phase.pk])).content.decode()
    )
    assert "/delete/" not in client.get(reverse("phase_add", args=[project.pk])).content.decode()


def test_deleting_a_milestone_in_the_ui(world, project):
    milestone = MilestoneFactory(project=project, title_en="168-hour trial run")
    client = client_for(world, "member")
    response = client.post(reverse("milestone_delete", args=[project.pk, milestone.pk]))
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert history_for(project).first().action == "sanxin.project.milestone.deleted"


def test_upload_through_the_api_then_delete_removes_the_file(
    world, project, django_capture_on_commit_callbacks
):
    client = client_for(world, "member")
    url = f"/api/projects/{project.pk}/documents"
    milestone = MilestoneFactory(project=project)
    response = client.post(
        url,
        {"file": _pdf(), "title": "Grid study", "audience": "project", "milestone": milestone.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["original_name"], body["audience"], body["milestone"]) == (
        "Grid study",
        "study.pdf",
        "project",
        milestone.pk,
    )
    document = Document.objects.get(pk=body["id"])
    path = Path(document.file.path)
    assert path.read_bytes() == PDF
    assert client.get(body["download_url"]).getvalue() == PDF

    with django_capture_on_commit_callbacks(execute=True):
        gone = client.delete(f"{url}/{document.pk}")
    assert gone.status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not path.exists()
    assert history_for(project).first().action == "sanxin.project.document.deleted"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"file": SimpleUploadedFile("virus.exe", b"MZ")}, "file", "cannot be uploaded"),
        ({"file": SimpleUploadedFile("fake.pdf", b"hello")}, "file", "does not match"),
        ({"file": _pdf(), "audience": "everyone"}, "audience", "everyone"),
        ({"file": _pdf(), "milestone": 999999}, "milestone", "milestone of this project"),
    ],
)
def test_bad_uploads_are_field_errors_and_store_nothing(world, project, data, field, message):
    client = client_for(world, "member")
    response = client.post(f"/api/projects/{project.pk}/documents", data)
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert message in " ".join(errors[field])
    assert not Document.objects.filter(project=project).exists()


def test_a_milestone_of_another_project_is_refused(world, project):
    other = MilestoneFactory(project=ProjectFactory(owner=world.member_org))
    client = client_for(world, "member")
    response = client.post(
        f"/api/projects/{project.pk}/documents", {"file": _pdf(), "milestone": other.pk}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["milestone"]


def test_a_team_member_may_not_delete_what_someone_else_uploaded(world, project):
    document = DocumentFactory(project=project, audience=DocumentAudience.TEAM)
    client = client_for(world, "member")
    assert client.delete(f"/api/projects/{project.pk}/documents/{document.pk}").status_code == 403
    assert client.get(reverse("document_delete", args=[document.pk])).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_delete_links_show_only_to_those_who_may_delete(world, project):
    mine = DocumentFactory(project=project, title="Mine", uploaded_by=world.member)
    theirs = DocumentFactory(project=project, title="Theirs")
    member_page = client_for(world, "member").get(reverse("project_detail", args=[project.pk]))
    html = member_page.content.decode()
    assert reverse("document_delete", args=[mine.pk]) in html
    assert reverse("document_delete", args=[theirs.pk]) not in html
    admin_html = (
        client_for(world, "org_admin")
        .get(reverse("project_detail", args=[project.pk]))
        .content.decode()
    )
    assert reverse("document_delete", args=[theirs.pk]) in admin_html


def test_deleting_through_the_api(world, project):
    phase = PhaseFactory(project=project, number=2)
    milestone = MilestoneFactory(project=project)
    client = client_for(world, "org_admin")
    assert client.delete(f"/api/projects/{project.pk}/phases/{phase.pk}").status_code == 204
    assert client.delete(f"/api/projects/{project.pk}/milestones/{milestone.pk}").status_code == 204
    assert (
        Phase.objects.filter(pk=phase.pk).exists(),
        Milestone.objects.filter(pk=milestone.pk).exists(),
    ) == (False, False)
    other = ProjectFactory(owner=world.member_org)
    foreign = PhaseFactory(project=other, number=1)
    assert client.delete(f"/api/projects/{project.pk}/phases/{foreign.pk}").status_code == 404
    assert Phase.objects.filter(pk=foreign.pk).exists()
