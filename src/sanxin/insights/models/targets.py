"""The tCO2 an alliance aims to avoid per year, set by its secretariat."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CarbonTarget(models.Model):
    """One target per alliance and year: tonnes of CO2 avoided per year by its projects."""

    alliance = models.ForeignKey(
        "directory.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.CASCADE,
        related_name="carbon_targets",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    tco2_per_year = models.DecimalField(
        _("target (tCO2 avoided per year)"),
        max_digits=16,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("alliance", "-year")
        verbose_name = _("carbon target")
        verbose_name_plural = _("carbon targets")
        constraints = (
            models.UniqueConstraint(fields=("alliance", "year"), name="one_target_per_year"),
            models.CheckConstraint(
                condition=models.Q(tco2_per_year__gte=0), name="target_not_negative"
            ),
        )

    def __str__(self) -> str:
        return f"{self.alliance} {self.year}: {self.tco2_per_year} tCO2/yr"
