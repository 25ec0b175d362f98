"""States and kinds of insights: report formats, languages and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ReportLanguage(models.TextChoices):
    EN = "en", "English"
    ZH_HANS = "zh-hans", "简体中文"
    VI = "vi", "Tiếng Việt"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report status", "Waiting to start")
    RUNNING = "running", pgettext_lazy("report status", "Being generated")
    DONE = "done", pgettext_lazy("report status", "Ready")
    FAILED = "failed", pgettext_lazy("report status", "Failed")


#: A report in one of these statuses is still to finish (its page keeps polling).
ACTIVE_REPORT_STATUSES: tuple[str, ...] = (ReportStatus.QUEUED, ReportStatus.RUNNING)

#: Content types of the generated files.
CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
