"""What people said about a recommendation: interested or not."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    """``subject`` is what the recommendation was for (a project ``p7`` whose partners were
    proposed, or an organization ``o3`` that was shown projects, offers or meetings);
    ``target`` the recommended record (``o5``, ``p7#epc``, ``f3``, ``r9``) as the matching
    engine names them. One answer per person, subject and target; a new answer replaces it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("recommended for"), max_length=40)
    target = models.CharField(_("recommended record"), max_length=60)
    interested = models.BooleanField(_("interested"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("updated", "id")
        verbose_name = _("recommendation feedback")
        verbose_name_plural = _("recommendation feedback")
        constraints = (
            models.UniqueConstraint(
                fields=("person", "subject", "target"), name="one_feedback_per_person_and_target"
            ),
        )

    def __str__(self) -> str:
        return f"{self.subject} → {self.target}: {'+' if self.interested else '-'}"
