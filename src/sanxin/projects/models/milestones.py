"""Milestones of a project (e.g. "168-hour trial run passed"); overdue ones are flagged."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized
from sanxin.projects.enums import OPEN_MILESTONE_STATUSES, MilestoneStatus


def overdue_condition(today: dt.date, prefix: str = "") -> models.Q:
    """Planned date passed and still open (planned or in progress)."""
    return models.Q(
        **{f"{prefix}planned__lt": today, f"{prefix}status__in": OPEN_MILESTONE_STATUSES}
    )


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, today: dt.date | None = None):
        return self.filter(overdue_condition(today or timezone.localdate()))


class Milestone(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    phase = models.ForeignKey(
        "projects.Phase",
        verbose_name=_("phase"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="milestones",
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300, blank=True)
    planned = models.DateField(_("planned date"))
    actual = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
        db_index=True,
    )
    evidence = models.TextField(_("evidence"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ("project", "planned", "id")
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(title_en="", title_zh="", title_vi=""),
                name="milestone_has_a_title",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MilestoneStatus.DONE) | models.Q(actual__isnull=False),
                name="milestone_done_has_a_date",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def overdue_on(self, today: dt.date) -> bool:
        return self.status in OPEN_MILESTONE_STATUSES and self.planned < today

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())
