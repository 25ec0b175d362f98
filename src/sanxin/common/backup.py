"""Backups of the whole platform: the database (as Django's portable JSON) and uploaded files.

A backup is one ``.tar.gz`` holding ``manifest.json`` (format, when, the applied migrations,
row counts, checksums), ``data.json`` (every row, as ``dumpdata`` JSON with natural keys:
independent of the database engine) and ``media/`` (logos and private documents).

Restoring brings the database to the backup's migration state, empties it, loads every row
in one transaction, puts the files back, then applies the newer migrations of this version:
so an older backup restores into a newer Sanxin. A backup newer than the code is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "sanxin-backup/1"
#: Rows that migrations recreate (named by natural keys in the rest), and sessions, which
#: must not travel (they keep people signed in).
EXCLUDED = ("sessions.session", "contenttypes.contenttype", "auth.permission")


class BackupError(Exception):
    """The file is not a Sanxin backup this version can restore; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    rows: int
    files: int
    migrations: int

    def __str__(self) -> str:
        return (
            f"Backup written to {self.path}: {self.rows} rows, {self.files} files, "
            f"{self.migrations} migrations applied."
        )


def applied_migrations() -> list[list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.applied_migrations)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.exists():
        return []
    return sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(out: Path | None = None) -> BackupInfo:
    """Write a backup to ``out`` (default: ``$SANXIN_DATA_DIR/backups/sanxin-<time>.tar.gz``)."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    if out is None:
        out = Path(settings.DATA_DIR) / "backups" / f"sanxin-{stamp}.tar.gz"
    out.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="sanxin-backup-") as scratch:
        data = Path(scratch) / "data.json"
        # One read transaction: rows that reference each other are dumped consistently.
        with transaction.atomic(), data.open("w", encoding="utf-8") as handle:
            call_command(
                "dumpdata",
                natural_foreign=True,
                natural_primary=True,
                exclude=list(EXCLUDED),
                stdout=handle,
                verbosity=0,
            )
        rows = _count_rows(data)
        files = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": rows,
            "data_sha256": _sha256(data),
            "files": {str(p.relative_to(media_root)): _sha256(p) for p in files},
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            tar.add(data, arcname="data.json")
            for path in files:
                tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        partial.replace(out)  # a backup file is either complete or absent
    return BackupInfo(path=out, rows=rows, files=len(files), migrations=len(manifest["migrations"]))


def _add_bytes(tar: tarfile.TarFile, name: str, payload: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(payload))


def _count_rows(data: Path) -> int:
    with data.open(encoding="utf-8") as handle:
        return len(json.load(handle))


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest = json.load(member)
    except (tarfile.TarError, KeyError, OSError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a Sanxin backup ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} has format {manifest.get('format')!r}; this version reads {FORMAT!r}."
        )
    return manifest


def _targets(manifest_migrations: list[list[str]]) -> dict[str, str]:
    """For each app, the last migration the backup had applied (``zero`` when none)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    backup = {tuple(m) for m in manifest_migrations}
    unknown = sorted(f"{a}.{n}" for a, n in backup - set(loader.disk_migrations))
    if unknown:
        raise BackupError(
            "The backup was made by a newer Sanxin (migrations unknown here: "
            + ", ".join(unknown[:5])
            + "). Upgrade Sanxin first, then restore."
        )
    targets: dict[str, str] = {}
    for app in sorted(loader.migrated_apps):
        plan = [
            key
            for leaf in loader.graph.leaf_nodes(app)
            for key in loader.graph.forwards_plan(leaf)
            if key[0] == app
        ]
        in_backup = [key for key in plan if key in backup]
        targets[app] = in_backup[-1][1] if in_backup else "zero"
    return targets


def restore_backup(path: Path) -> dict:
    """Replace the database and uploaded files with the backup's; returns its manifest."""
    manifest = read_manifest(path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="sanxin-restore-") as scratch:
        folder = Path(scratch)
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(folder, filter="data")  # refuses absolute paths, links out, devices
        data = folder / "data.json"
        if _sha256(data) != manifest["data_sha256"]:
            raise BackupError(f"{path} is damaged: data.json does not match its checksum.")
        for name, digest in manifest["files"].items():
            if _sha256(folder / "media" / name) != digest:
                raise BackupError(f"{path} is damaged: media/{name} does not match its checksum.")
        targets = _targets(manifest["migrations"])
        for app, target in targets.items():
            call_command("migrate", app, target, interactive=False, verbosity=0)
        with transaction.atomic():
            # flush empties every table, then recreates content types and permissions, which
            # the backup's rows name by their natural keys.
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data), verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        if media_root.exists():
            shutil.rmtree(media_root)
        if (folder / "media").exists():
            shutil.copytree(folder / "media", media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return manifest
