"""The consortium: organization × role × status × share."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.projects.enums import ConsortiumRoleType, ConsortiumStatus, DataSource


class ConsortiumRole(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="consortium",
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="consortium_roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=ConsortiumRoleType.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsortiumStatus.choices,
        default=ConsortiumStatus.SUGGESTED,
        db_index=True,
    )
    # Equity stake in percent, e.g. an imported owner with a 51 % stake.
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.CharField(
        _("data source"), max_length=8, choices=DataSource.choices, default=DataSource.MANUAL
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_on = models.DateField(_("answered on"), null=True, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("project", "role", "id")
        verbose_name = _("consortium role")
        verbose_name_plural = _("consortium roles")
        constraints = (
            models.UniqueConstraint(
                fields=("project", "organization", "role"), name="one_consortium_role_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(share__isnull=True)
                | (models.Q(share__gte=0) & models.Q(share__lte=100)),
                name="consortium_share_is_a_percentage",
            ),
        )

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()} ({self.get_status_display()})"
