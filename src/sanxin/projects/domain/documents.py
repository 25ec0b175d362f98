"""Project documents: size and type limits; stored under MEDIA_ROOT/private/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.projects.domain.access import can_contribute, can_delete_document
from sanxin.projects.enums import DocumentAudience
from sanxin.projects.models import Document, Milestone, Project

#: Default upper limit; ``settings.SANXIN_DOCUMENT_MAX_BYTES`` overrides it.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: extension → (content type sent back, the bytes the file must start with; None: plain text)
ALLOWED_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ZIP,
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ZIP,
    ),
    ".doc": ("application/msword", _OLE),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".txt": ("text/plain; charset=utf-8", None),
    ".csv": ("text/csv; charset=utf-8", None),
}


def max_document_bytes() -> int:
    return int(getattr(settings, "SANXIN_DOCUMENT_MAX_BYTES", MAX_DOCUMENT_BYTES))


def _head(upload: UploadedFile, n: int = 4096) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def check_upload(upload: UploadedFile) -> str:
    """Validate size and type; returns the content type to store."""
    errors: list[str] = []
    limit = max_document_bytes()
    if upload.size is None or upload.size > limit:
        errors.append(
            _("The file is too large (%(size)s MB); upload at most %(limit)s MB.")
            % {
                "size": round((upload.size or 0) / 1024 / 1024, 1),
                "limit": round(limit / 1024 / 1024),
            }
        )
    if upload.size == 0:
        errors.append(_("The file is empty."))
    extension = Path(upload.name or "").suffix.lower()
    allowed = ALLOWED_TYPES.get(extension)
    if allowed is None:
        errors.append(
            _("Files of this type cannot be uploaded. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(e.lstrip(".").upper() for e in ALLOWED_TYPES))}
        )
    elif not errors:
        magic = allowed[1]
        head = _head(upload)
        if magic is None:
            try:
                text = head.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            ok = text is not None and "\x00" not in text
        else:
            ok = head.startswith(magic)
        if not ok:
            errors.append(
                _("The file's content does not match its name (%(ext)s).")
                % {"ext": extension.lstrip(".").upper()}
            )
    if errors:
        raise ValidationError({"file": errors})
    return allowed[0]


@transaction.atomic
def upload_document(
    *,
    actor: Any,
    project: Project,
    upload: UploadedFile,
    title: str = "",
    audience: str = DocumentAudience.TEAM,
    milestone: Milestone | None = None,
) -> Document:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_contribute(viewer, project))
    content_type = check_upload(upload)
    if milestone is not None and milestone.project_id != project.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this project.")})
    original = Path(upload.name).name[:255]
    document = Document(
        project=project,
        milestone=milestone,
        title=(title or original)[:300],
        original_name=original,
        content_type=content_type,
        size=upload.size,
        audience=audience,
        uploaded_by=actor if viewer is not None else None,
    )
    document.full_clean(exclude=["project", "milestone", "file"])
    document.file.save(original, upload, save=False)
    try:
        document.save()
        log_action(
            "sanxin.project.document.uploaded",
            actor=actor,
            obj=project,
            new={"document": document.title, "size": document.size, "audience": audience},
        )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def delete_document(*, actor: Any, document: Document) -> None:
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_delete_document(viewer, document))
    log_action(
        "sanxin.project.document.deleted",
        actor=actor,
        obj=document.project,
        old={"document": document.title, "size": document.size},
    )
    document.delete()
    delete_files_on_commit([document])


def delete_files_on_commit(documents) -> None:
    """Remove the documents' files once their rows are gone for good."""
    files = [(d.file.storage, d.file.name) for d in documents if d.file]

    def remove() -> None:
        for storage, name in files:
            storage.delete(name)

    if files:
        transaction.on_commit(remove)
