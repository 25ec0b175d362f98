"""Stored appraisals: immutable records of one engine run for a project."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.appraisals.enums import Technology


class ImmutableError(Exception):
    """Appraisals are history: a stored one is never changed or deleted (run a new one)."""


class AppraisalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError("appraisals are immutable")

    def delete(self):
        raise ImmutableError("appraisals are immutable")


def _decimal(verbose_name, max_digits: int, decimal_places: int) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=max_digits, decimal_places=decimal_places, null=True, blank=True
    )


class Appraisal(models.Model):
    """One appraisal of a project: its exact inputs, the engine version, the key figures as
    columns (for lists and dashboards) and the full result.

    Immutable: ``save`` of a stored row, ``delete`` and queryset ``update``/``delete`` refuse.
    Deleting the project removes its appraisals with it (the audit log keeps the record).
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="appraisals",
    )
    scenario = models.CharField(_("scenario"), max_length=120)
    technology = models.CharField(_("technology"), max_length=20, choices=Technology.choices)
    currency = models.CharField(_("currency"), max_length=3)
    inputs = models.JSONField(_("inputs"))
    engine_version = models.CharField(_("engine version"), max_length=20)
    # Key figures (rates and shares as fractions; money in ``currency``).
    npv_project = _decimal(_("project NPV"), 24, 2)
    npv_equity = _decimal(_("equity NPV"), 24, 2)
    irr_project = _decimal(_("project IRR"), 16, 8)
    irr_equity = _decimal(_("equity IRR"), 16, 8)
    lcoe_simple = _decimal(_("simple LCOE"), 20, 6)
    lcoe_dcf = _decimal(_("discounted LCOE"), 20, 6)
    lcoe_financial = _decimal(_("financial LCOE"), 20, 6)
    breakeven_tariff = _decimal(_("break-even tariff"), 20, 6)
    payback_simple_years = _decimal(_("simple payback (years)"), 10, 3)
    payback_discounted_years = _decimal(_("discounted payback (years)"), 10, 3)
    min_dscr_pretax = _decimal(_("minimum DSCR (pre-tax)"), 16, 4)
    avg_dscr_pretax = _decimal(_("average DSCR (pre-tax)"), 16, 4)
    min_dscr_aftertax = _decimal(_("minimum DSCR (after tax)"), 16, 4)
    avg_dscr_aftertax = _decimal(_("average DSCR (after tax)"), 16, 4)
    tco2_year1 = _decimal(_("tCO2 avoided in year 1"), 20, 3)
    tco2_lifetime = _decimal(_("tCO2 avoided over the life"), 22, 3)
    emission_factor_t_per_mwh = _decimal(_("emission factor (tCO2/MWh)"), 8, 4)
    emission_factor_region = models.CharField(
        _("emission factor region"), max_length=30, blank=True
    )
    emission_factor_year = models.PositiveIntegerField(
        _("emission factor year"), null=True, blank=True
    )
    emission_factor_scope = models.CharField(_("emission factor scope"), max_length=60, blank=True)
    emission_factor_source = models.TextField(_("emission factor source"), blank=True)
    result = models.JSONField(_("result"))
    tornado = models.JSONField(_("tornado"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("appraised on"), auto_now_add=True)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        indexes = (models.Index(fields=("project", "-created", "-id"), name="appraisal_latest"),)

    def __str__(self) -> str:
        return f"{self.scenario} ({self.created:%Y-%m-%d})" if self.created else self.scenario

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("appraisals are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("appraisals are immutable")
