"""People: each person belongs to one organization and has one role there."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.directory.enums import PersonRole


class Person(AbstractUser):
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    role = models.CharField(
        _("role"), max_length=12, choices=PersonRole.choices, default=PersonRole.GUEST
    )
    language = models.CharField(_("preferred language"), max_length=10, default="en")

    class Meta:
        ordering = ("username",)
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
