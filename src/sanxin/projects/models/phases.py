"""Project phases: each with its own capacity, investment, stage and dates."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized
from sanxin.projects.enums import CapacityUnit, Currency, Stage


class Phase(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="phases",
    )
    number = models.PositiveSmallIntegerField(_("phase number"))
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, blank=True)
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=10, choices=CapacityUnit.choices, blank=True
    )
    investment = models.DecimalField(
        _("investment"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.IDEA)
    start_planned = models.DateField(_("planned start"), null=True, blank=True)
    start_actual = models.DateField(_("actual start"), null=True, blank=True)
    operation_planned = models.DateField(_("planned operation"), null=True, blank=True)
    operation_actual = models.DateField(_("actual operation"), null=True, blank=True)
    external_ids = models.JSONField(_("external identifiers"), default=dict, blank=True)

    class Meta:
        ordering = ("project", "number")
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = (
            models.UniqueConstraint(fields=("project", "number"), name="one_phase_per_number"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name") or str(_("Phase %(n)s") % {"n": self.number})
