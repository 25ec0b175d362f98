"""Funding per source (committed and arrived over time) and exchange rates."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.projects.enums import Currency, FundingEntryKind, FundingKind


class ExchangeRate(models.Model):
    """How many CNY one unit of ``currency`` was worth on ``on``."""

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    on = models.DateField(_("date"))
    rate = models.DecimalField(
        _("CNY per unit"),
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ("currency", "-on")
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = (
            models.UniqueConstraint(fields=("currency", "on"), name="one_rate_per_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_is_positive"),
        )

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} CNY ({self.on})"


class FundingSource(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="funding_sources",
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("source"), max_length=200, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=FundingKind.choices, default=FundingKind.EQUITY
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )

    class Meta:
        ordering = ("project", "id")
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self) -> str:
        name = self.label or (str(self.organization) if self.organization_id else "")
        return f"{name} ({self.get_kind_display()}, {self.currency})"


class FundingEntry(models.Model):
    """An amount committed or arrived on a date, in the source's currency."""

    source = models.ForeignKey(
        FundingSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FundingEntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=2)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("source", "on", "id")
        verbose_name = _("funding entry")
        verbose_name_plural = _("funding entries")
        constraints = (
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_is_positive"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.source.currency} ({self.on})"
