"""Project documents, stored under MEDIA_ROOT/private/ (never served by the web server)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sanxin.projects.enums import DocumentAudience


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT/private/: no URL leads there; a permission-checked view serves the files."""

    @cached_property
    def base_location(self):
        return Path(settings.MEDIA_ROOT) / "private"

    def url(self, name):
        raise ValueError("This file is not accessible via a URL.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def document_path(instance: Document, filename: str) -> str:
    # A random name: the original one is kept in the row, never used on disk.
    return f"projects/{instance.project_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Document(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name=_("evidence for milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    audience = models.CharField(
        _("who can open it"),
        max_length=10,
        choices=DocumentAudience.choices,
        default=DocumentAudience.TEAM,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ("project", "-uploaded", "-id")
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
