"""Follow-up actions: who does what by when (linked to a project; later to meetings too)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanxin.projects.enums import FollowUpStatus


class FollowUp(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    title = models.CharField(pgettext_lazy("follow-up", "action"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("follow-up", "owner"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        db_index=True,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("due", "id")
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.title

    def overdue_on(self, today: dt.date) -> bool:
        return self.status == FollowUpStatus.OPEN and self.due < today

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())
