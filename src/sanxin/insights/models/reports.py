"""Generated alliance reports: the request, its progress and the stored file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.insights.enums import (
    ACTIVE_REPORT_STATUSES,
    ReportFormat,
    ReportLanguage,
    ReportStatus,
)
from sanxin.projects.models.documents import private_storage


def report_path(instance: Report, filename: str) -> str:
    # A random name under MEDIA_ROOT/private/reports/: never reachable by URL.
    return f"reports/{instance.alliance_id}/{uuid.uuid4().hex}.{instance.file_format}"


class Report(models.Model):
    """One report of an alliance for a period, in one language and format.

    Generated in the background (``insights/tasks.py``) as the person who asked for it sees
    the alliance; ``progress`` is a percentage updated after each section.
    """

    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(
        _("language"), max_length=8, choices=ReportLanguage.choices, default=ReportLanguage.EN
    )
    file_format = models.CharField(
        _("format"), max_length=4, choices=ReportFormat.choices, default=ReportFormat.PDF
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ReportStatus.choices,
        default=ReportStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=report_path, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
        )

    def __str__(self) -> str:
        return f"{self.alliance} {self.period_start}–{self.period_end} ({self.file_format})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REPORT_STATUSES

    @property
    def download_name(self) -> str:
        return (
            f"sanxin-{self.alliance.slug}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}"
            f"-{self.language}.{self.file_format}"
        )
