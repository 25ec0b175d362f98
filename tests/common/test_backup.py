"""`sanxin backup` and `sanxin restore`: the database and uploaded files round-trip exactly."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command

from sanxin.cli import main
from sanxin.common.backup import BackupError, create_backup, read_manifest, restore_backup
from sanxin.directory.models import Organization
from sanxin.projects.models import Document, Project
from tests.projects.factories import DocumentFactory, MilestoneFactory, ProjectFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dump() -> list[dict]:
    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=["sessions.session", "contenttypes.contenttype", "auth.permission"],
        stdout=out,
    )
    return json.loads(out.getvalue())


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def filled(world, settings):
    project = ProjectFactory(owner=world.member_org, title_zh="凉山风电", title_vi="Điện gió")
    MilestoneFactory(project=project)
    DocumentFactory(project=project, title="Grid study")
    return project


def test_backup_then_restore_round_trips_rows_and_files(filled, world, settings, tmp_path):
    before, files_before = _dump(), _files(Path(settings.MEDIA_ROOT))
    assert files_before  # the document's file
    info = create_backup(tmp_path / "b.tar.gz")
    assert (info.rows, info.files) == (len(before), len(files_before))

    # Change things after the backup: a row deleted, one added, a file overwritten, one added.
    Document.objects.all().delete()
    ProjectFactory(owner=world.member_org, title_en="Made after the backup")
    Organization.objects.filter(pk=world.member_org.pk).update(name_en="Renamed")
    media = Path(settings.MEDIA_ROOT)
    (media / "stray.txt").write_text("not in the backup")

    restore_backup(info.path)
    assert _dump() == before
    assert _files(media) == files_before
    assert not Project.objects.filter(title_en="Made after the backup").exists()


def test_the_cli_asks_before_replacing_everything(filled, tmp_path, capsys):
    path = tmp_path / "b.tar.gz"
    assert main(["backup", "--out", str(path)]) == 0
    assert "Backup written to" in capsys.readouterr().out
    Project.objects.all().delete()
    assert main(["restore", str(path)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert Project.objects.count() == 0
    assert main(["restore", str(path), "--yes"]) == 0
    assert Project.objects.count() == 1


def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(filled, tmp_path):
    good = create_backup(tmp_path / "good.tar.gz").path
    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"\x89PNG not a tar")
    with pytest.raises(BackupError, match="not a Sanxin backup"):
        read_manifest(not_a_backup)

    # Same manifest, altered rows: the checksum catches it before anything is touched.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(good, "r:gz") as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            payload = src.extractfile(member).read()
            if member.name == "data.json":
                payload = payload.replace(b"Grid study", b"Grid study!")
                member.size = len(payload)
            dst.addfile(member, io.BytesIO(payload))
    count = Project.objects.count()
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(tampered)
    assert Project.objects.count() == count


def test_a_backup_from_a_newer_version_is_refused(filled, tmp_path):
    good = create_backup(tmp_path / "good.tar.gz").path
    newer = tmp_path / "newer.tar.gz"
    with tarfile.open(good, "r:gz") as src, tarfile.open(newer, "w:gz") as dst:
        for member in src.getmembers():
            payload = src.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(payload)
                manifest["migrations"].append(["projects", "9999_from_the_future"])
                payload = json.dumps(manifest).encode()
                member.size = len(payload)
            dst.addfile(member, io.BytesIO(payload))
    with pytest.raises(BackupError, match="newer Sanxin"):
        restore_backup(newer)
