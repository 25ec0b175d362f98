"""Documents: size and type limits, private storage, who may open them; nothing left on error."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sanxin.common.audit import history_for
from sanxin.projects.domain.access import viewer_for, visible_documents
from sanxin.projects.domain.documents import delete_document, upload_document
from sanxin.projects.enums import DocumentAudience
from sanxin.projects.models import Document
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration

PDF = b"%PDF-1.7\n" + b"0" * 100


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test gets its own MEDIA_ROOT, so files left by another test cannot hide a leak."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, confidentiality="alliance")


def private_files(project) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "private" / "projects" / str(project.pk)
    return sorted(folder.glob("*")) if folder.exists() else []


def upload(world, project, name="study.pdf", data=PDF, **kw):
    return upload_document(
        actor=world.member, project=project, upload=SimpleUploadedFile(name, data), **kw
    )


def test_a_pdf_is_stored_privately_under_a_random_name(world, project):
    document = upload(world, project, title="Feasibility study")
    path = Path(document.file.path)
    assert path.parent == Path(settings.MEDIA_ROOT) / "private" / "projects" / str(project.pk)
    assert (path.suffix, path.read_bytes(), path.name != "study.pdf") == (".pdf", PDF, True)
    assert (document.original_name, document.content_type, document.size) == (
        "study.pdf",
        "application/pdf",
        len(PDF),
    )
    with pytest.raises(ValueError, match="not accessible via a URL"):
        _ = document.file.url
    assert history_for(project).get().action == "sanxin.project.document.uploaded"


def test_too_big_is_refused_and_nothing_is_kept(world, project, settings):
    settings.SANXIN_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        upload(world, project, data=PDF)
    assert exc.value.message_dict == {
        "file": ["The file is too large (0.0 MB); upload at most 0 MB."]
    }
    assert (Document.objects.count(), private_files(project), history_for(project).count()) == (
        0,
        [],
        0,
    )


def test_the_default_limit_is_20_mb(world, project):
    big = PDF + b"0" * (20 * 1024 * 1024 + 1 - len(PDF))
    with pytest.raises(ValidationError) as exc:
        upload(world, project, data=big)
    assert exc.value.message_dict == {
        "file": ["The file is too large (20.0 MB); upload at most 20 MB."]
    }
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "setup.exe",
            b"MZ\x90\x00",
            "Files of this type cannot be uploaded. "
            "Allowed: CSV, DOC, DOCX, JPEG, JPG, PDF, PNG, PPTX, TXT, XLS, XLSX.",
        ),
        (
            "page.html",
            b"<script>",
            "Files of this type cannot be uploaded. "
            "Allowed: CSV, DOC, DOCX, JPEG, JPG, PDF, PNG, PPTX, TXT, XLS, XLSX.",
        ),
        (
            "fake.pdf",
            b"<html>not a pdf</html>",
            "The file's content does not match its name (PDF).",
        ),
        ("notes.txt", b"\xff\xfe\x00binary", "The file's content does not match its name (TXT)."),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_wrong_types_are_refused(world, project, name, data, message):
    with pytest.raises(ValidationError) as exc:
        upload(world, project, name=name, data=data)
    assert exc.value.message_dict == {"file": [message]}
    assert (Document.objects.count(), private_files(project)) == (0, [])


def test_who_may_open_a_document(world, project):
    team = upload(world, project, title="Term sheet")
    shared = upload(world, project, title="Brochure", audience=DocumentAudience.PROJECT)

    def seen(role):
        return sorted(
            visible_documents(viewer_for(world.person(role))).values_list("title", flat=True)
        )

    assert seen("org_admin") == ["Brochure", "Term sheet"]
    assert seen("secretariat") == ["Brochure", "Term sheet"]
    # An alliance member who is not in the team sees the project but only the shared file.
    assert seen("partner") == ["Brochure"]
    assert seen("other_alliance") == []
    assert seen("anonymous") == []
    assert {team.pk, shared.pk} == set(Document.objects.values_list("pk", flat=True))


def test_uploading_needs_the_team_and_deleting_removes_the_file(
    world, project, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        upload_document(
            actor=world.partner, project=project, upload=SimpleUploadedFile("a.pdf", PDF)
        )
    document = upload(world, project)
    path = Path(document.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        delete_document(actor=world.org_admin, document=document)
    assert (path.exists(), Document.objects.count()) == (False, 0)
