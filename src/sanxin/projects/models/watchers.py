"""Who watches a project, and the in-app notifications they receive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Watcher(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="watchers",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="watching",
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ("project", "person")
        verbose_name = _("watcher")
        verbose_name_plural = _("watchers")
        constraints = (
            models.UniqueConstraint(fields=("project", "person"), name="watch_a_project_once"),
        )

    def __str__(self) -> str:
        return f"{self.person} → {self.project}"


class Notification(models.Model):
    """A message for one person, written in that person's language when it was created."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    action = models.CharField(_("action"), max_length=120)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read = models.DateTimeField(_("read"), null=True, blank=True)
    mailed = models.BooleanField(_("sent by mail"), default=False)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = (models.Index(fields=("person", "read")),)

    def __str__(self) -> str:
        return self.subject
