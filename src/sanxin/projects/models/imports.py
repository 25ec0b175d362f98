"""Imports of real data: each run, and which project each source record became."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.projects.enums import ACTIVE_IMPORT_STATUSES, DataSource, ImportStatus


class ImportRun(models.Model):
    """One import of a file: who, what, into which alliance, its progress and its results.

    ``skipped`` and ``warnings`` hold ``{"row", "sheet", "code", "params"}`` entries; the
    message is chosen by ``code`` and translated when shown (``domain/import_runs.py``).
    """

    source = models.CharField(_("data source"), max_length=8, choices=DataSource.choices)
    dataset = models.CharField(_("data set"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=200)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    file_sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64, blank=True)
    # The uploaded file under DATA_DIR/imports/ while the run waits or runs; removed after.
    stored_name = models.CharField(max_length=80, blank=True, editable=False)
    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("started by (as recorded)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
        db_index=True,
    )
    rows_total = models.PositiveIntegerField(_("rows of China and Vietnam"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_other = models.PositiveIntegerField(_("rows of other countries"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows skipped"), default=0)
    projects_created = models.PositiveIntegerField(_("projects created"), default=0)
    projects_updated = models.PositiveIntegerField(_("projects updated"), default=0)
    projects_unchanged = models.PositiveIntegerField(_("projects unchanged"), default=0)
    organizations_created = models.PositiveIntegerField(_("organizations created"), default=0)
    skipped = models.JSONField(_("skipped rows"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    error = models.JSONField(_("error"), default=dict, blank=True)
    queued = models.DateTimeField(_("queued"), auto_now_add=True, db_index=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # Touched on every progress report: a run whose heartbeat stops has stalled.
    heartbeat = models.DateTimeField(_("last progress"), auto_now=True)

    class Meta:
        ordering = ("-queued", "-id")
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.get_source_display()} · {self.file_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)


class SourceRecord(models.Model):
    """The project a record of a data set became, and a digest of what was imported.

    ``key`` identifies the record in its source: ``coal:L100000100431`` (GEM tracker and
    location) or ``WRI1075566`` (GPPD). A re-import whose record has the same ``digest``
    changes nothing.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="source_record"
    )
    source = models.CharField(_("data source"), max_length=8, choices=DataSource.choices)
    key = models.CharField(_("key in the source"), max_length=80)
    digest = models.CharField(_("digest of the imported record"), max_length=64)
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("last import that changed it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )

    class Meta:
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        constraints = (
            models.UniqueConstraint(fields=("source", "key"), name="one_project_per_source_key"),
        )

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


class OwnerAlias(models.Model):
    """Another spelling under which an import found an organization (``domain/owners.py``
    keys), so that later imports find it under that spelling too."""

    key = models.CharField(_("comparison key"), max_length=300, unique=True)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("owner spelling")
        verbose_name_plural = _("owner spellings")

    def __str__(self) -> str:
        return self.key
