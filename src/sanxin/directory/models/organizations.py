"""Organizations: names and profile texts in three languages, capabilities, capacities."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import localized
from sanxin.directory.enums import CapacityUnit, OrgType

PROFILE_TEXTS = ("situation", "advantages", "ideas")


class Organization(models.Model):
    slug = models.SlugField(_("short code"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=250, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=250, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    org_type = models.CharField(
        _("type"), max_length=12, choices=OrgType.choices, default=OrgType.ENTERPRISE
    )
    country = models.CharField(_("country"), max_length=2, db_index=True)
    province = models.ForeignKey(
        "directory.Region",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    segments = models.ManyToManyField(
        "directory.Capability",
        verbose_name=_("segments"),
        blank=True,
        related_name="segment_organizations",
    )
    capabilities = models.ManyToManyField(
        "directory.Capability",
        verbose_name=_("capabilities"),
        blank=True,
        related_name="organizations",
    )
    situation_en = models.TextField(_("situation (English)"), blank=True)
    situation_zh = models.TextField(_("situation (Chinese)"), blank=True)
    situation_vi = models.TextField(_("situation (Vietnamese)"), blank=True)
    advantages_en = models.TextField(_("industrial advantages (English)"), blank=True)
    advantages_zh = models.TextField(_("industrial advantages (Chinese)"), blank=True)
    advantages_vi = models.TextField(_("industrial advantages (Vietnamese)"), blank=True)
    ideas_en = models.TextField(_("cooperation ideas (English)"), blank=True)
    ideas_zh = models.TextField(_("cooperation ideas (Chinese)"), blank=True)
    ideas_vi = models.TextField(_("cooperation ideas (Vietnamese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    confidentiality = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.ALLIANCE,
    )
    last_confirmed = models.DateField(_("profile last confirmed"), null=True, blank=True)
    stale_reminded = models.DateField(_("stale reminder sent"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The citation of the open data set an imported organization was first found in (credited
    # wherever the organization shows); empty for organizations entered by people.
    source_dataset = models.CharField(
        _("source data set"), max_length=200, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    #: Counts the profile's saves (optimistic locking, ``sanxin.common.concurrency``).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        ordering = ("slug",)
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(name_en="", name_zh="", name_vi=""),
                name="organization_has_a_name",
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def text(self, base: str) -> str:
        return localized(self, base)

    @property
    def situation(self) -> str:
        return localized(self, "situation")

    @property
    def advantages(self) -> str:
        return localized(self, "advantages")

    @property
    def ideas(self) -> str:
        return localized(self, "ideas")

    @property
    def is_stale(self) -> bool:
        if self.last_confirmed is None:
            return True
        limit = dt.timedelta(days=settings.SANXIN_STALE_AFTER_DAYS)
        return timezone.localdate() - self.last_confirmed > limit


class Capacity(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="capacities"
    )
    capability = models.ForeignKey(
        "directory.Capability",
        verbose_name=_("capability"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=10, choices=CapacityUnit.choices)
    label = models.CharField(_("what"), max_length=200, blank=True)

    class Meta:
        ordering = ("organization", "id")
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")

    def __str__(self) -> str:
        value = self.value.normalize() if self.value is not None else ""
        return f"{value:f} {self.get_unit_display()} {self.label}".strip()


class Contact(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("position"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ("organization", "id")
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
